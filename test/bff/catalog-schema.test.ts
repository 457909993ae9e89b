import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { readChartFiles } from '../../bff/catalogs/chart-archive.js';
import { effectiveSchema } from '../../bff/catalogs/effective-schema.js';
import { compareVersions } from '../../bff/catalogs/helm-catalog.js';
import { createLaunchContext } from '../../bff/catalogs/launch-context.js';
import { SchemaRegistry } from '../../bff/catalogs/schema-registry.js';
import { validateValues } from '../../bff/catalogs/values.js';
import type { User } from '../../components/api/types.js';
import { tempDir } from '../helpers/temp.js';

const alice: User = { username: 'alice', name: 'Alice Martin', email: 'alice@example.org', groups: ['staff', 'gpu'] };

describe('the schema registry and effective schemas', () => {
  const registry = SchemaRegistry.of(
    { 'ide/resources.json': { title: 'Built-in resources', type: 'object' }, 'shared.json': { type: 'string', title: 'Shared' } },
    {
      'ide/resources.json': { title: 'Institution resources', type: 'object' },
      'roles/gpu/ide/resources.json': { title: 'GPU resources', type: 'object', properties: { gpu: { type: 'integer' } } },
      'roles/staff/ide/other.json': { title: 'Staff', type: 'string' },
    },
  );
  const chart = {
    type: 'object',
    properties: {
      resources: { type: 'object', title: 'Inline', 'x-onyxia': { overwriteSchemaWith: 'ide/resources.json' } },
      other: { type: 'string', title: 'Inline other', 'x-onyxia': { overwriteSchemaWith: 'ide/other.json' } },
      missing: { type: 'string', title: 'Kept', 'x-onyxia': { overwriteSchemaWith: 'nowhere.json' } },
      escape: { type: 'string', title: 'Escape', 'x-onyxia': { overwriteSchemaWith: '../../../etc/passwd' } },
      referenced: { $ref: 'shared.json', description: 'sibling' },
      local: { $ref: '#/definitions/name' },
      defaults: { type: 'object', default: { 'x-onyxia': { overwriteSchemaWith: 'shared.json' } } },
    },
    definitions: { name: { type: 'string', pattern: '^[a-z]+$' } },
  };

  test('the caller’s first role with an override wins, then the external folder, then the built-in one', () => {
    const { schema, sources } = effectiveSchema(chart, registry, ['staff', 'gpu']);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    assert.equal(properties.resources!.title, 'GPU resources', 'staff has no resources override; gpu has');
    assert.equal(properties.other!.title, 'Staff');
    assert.deepEqual(sources, ['external:roles/gpu/ide/resources.json', 'external:roles/staff/ide/other.json', 'ref:shared.json']);
    assert.equal((effectiveSchema(chart, registry, []).schema.properties as any).resources.title, 'Institution resources');
    assert.equal((effectiveSchema(chart, SchemaRegistry.of({ 'ide/resources.json': { title: 'Built-in resources' } }), ['gpu']).schema.properties as any).resources.title, 'Built-in resources');
  });

  test('a name missing from the registry, or not a safe name, keeps the inline schema; $ref are inlined; data is left alone', () => {
    const properties = effectiveSchema(chart, registry, []).schema.properties as Record<string, Record<string, unknown>>;
    assert.equal(properties.missing!.title, 'Kept');
    assert.equal(properties.escape!.title, 'Escape');
    assert.deepEqual(properties.referenced, { description: 'sibling', type: 'string', title: 'Shared' });
    assert.deepEqual(properties.local, { type: 'string', pattern: '^[a-z]+$' });
    assert.deepEqual(properties.defaults!.default, { 'x-onyxia': { overwriteSchemaWith: 'shared.json' } });
  });

  test('a registry that refers to itself is an error, not a hang', () => {
    const loop = SchemaRegistry.of({ 'a.json': { type: 'object', properties: { b: { 'x-onyxia': { overwriteSchemaWith: 'a.json' } } } } });
    assert.throws(() => effectiveSchema({ type: 'object', properties: { a: { 'x-onyxia': { overwriteSchemaWith: 'a.json' } } } }, loop, []), /refers to itself/);
  });

  test('a registry file that is not a JSON object stops the start with its path', async () => {
    const folder = await tempDir('atelier-registry-');
    await mkdir(join(folder, 'ide'));
    await writeFile(join(folder, 'ide', 'broken.json'), '{ nope');
    await assert.rejects(SchemaRegistry.load(folder), /ide\/broken\.json is not valid JSON/);
  });
});

describe('validation with ajv, Onyxia’s keywords declared', () => {
  test('choices, const and read-only fields are enforced; messages name the field', () => {
    const schema = {
      type: 'object',
      properties: {
        image: { type: 'string', title: 'Image', listEnum: ['a', 'b'], render: 'list', sliderMin: 1 },
        model: { type: 'string', title: 'Model', 'x-onyxia': { overwriteListEnumWith: '{{models}}' } },
        fixed: { type: 'integer', title: 'Fixed', const: 0 },
        domain: { type: 'string', title: 'Domain', 'x-onyxia': { readonly: true } },
      },
    };
    const context = { models: ['m1'] };
    const defaults = { image: 'a', model: 'm1', fixed: 0, domain: 'lab.example' };
    assert.deepEqual(validateValues(schema, defaults, context, defaults), []);
    assert.deepEqual(validateValues(schema, { image: 'c', model: 'm2', fixed: 1, domain: 'evil' }, context, defaults), [
      { path: 'image', message: 'Image: must be one of "a", "b"' },
      { path: 'model', message: 'Model: must be one of "m1"' },
      { path: 'fixed', message: 'Fixed: must be 0' },
      { path: 'domain', message: 'Domain: is read-only' },
    ]);
  });

  test('an unknown keyword is refused (strict), Onyxia’s are not', () => {
    assert.throws(() => validateValues({ type: 'object', properties: { a: { type: 'string', colour: 'red' } } }, {}, {}, {}), /unknown keyword: "colour"/);
    assert.deepEqual(validateValues({ type: 'object', properties: { a: { type: 'string', form: true, 'x-form': {}, hidden: { value: 1, path: 'b' } } } }, {}, {}, {}), []);
  });
});

describe('the launch context', () => {
  const options = {
    domain: 'lab.example',
    region: { resources: { cpuRequest: '100m' } },
    git: { fromIdentity: true, credentialsCacheDuration: 3600 },
    vault: { url: 'https://vault.example', mount: 'onyxia-kv', topDir: '' },
  };

  test('has the user, the project, per-form random values (kept when given back), the region and empty S3 until plugged in', async () => {
    const build = createLaunchContext({ ...options, log: () => undefined });
    const context = await build(alice, 'fr');
    assert.deepEqual(context.user, { idep: 'alice', name: 'Alice Martin', email: 'alice@example.org', lang: 'fr', groups: ['staff', 'gpu'] });
    assert.deepEqual(context.project, { id: 'user-alice' });
    assert.match(context.service.oneTimePassword, /^[A-Za-z0-9]{20}$/);
    assert.match(context.k8s.randomSubdomain, /^\d{6}$/);
    assert.equal(context.k8s.domain, 'lab.example');
    assert.deepEqual(context.region, { resources: { cpuRequest: '100m' } });
    assert.equal(context.s3.AWS_ACCESS_KEY_ID, '');
    assert.deepEqual(context.git, { name: 'Alice Martin', email: 'alice@example.org', credentials_cache_duration: 3600, token: '', project: '' });
    assert.equal(context.vault.VAULT_ADDR, 'https://vault.example');
    const again = await build(alice, 'fr', { oneTimePassword: context.service.oneTimePassword, randomSubdomain: context.k8s.randomSubdomain });
    assert.equal(again.service.oneTimePassword, context.service.oneTimePassword);
    assert.notEqual((await build(alice, 'fr')).service.oneTimePassword, context.service.oneTimePassword);
  });

  test('a plugged-in part provides its values; a failing part leaves them empty and says so in the log', async () => {
    const logs: string[] = [];
    const s3 = async (user: User) => ({ AWS_ACCESS_KEY_ID: `key-of-${user.username}`, AWS_S3_ENDPOINT: 'http://s3.local' });
    const working = await createLaunchContext({ ...options, parts: { s3 }, log: (line) => logs.push(line) })(alice, 'en');
    assert.equal(working.s3.AWS_ACCESS_KEY_ID, 'key-of-alice');
    assert.equal(working.s3.AWS_SECRET_ACCESS_KEY, '');
    const failing = await createLaunchContext({ ...options, parts: { s3: async () => Promise.reject(new Error('S3 is down')) }, log: (line) => logs.push(line) })(alice, 'en');
    assert.equal(failing.s3.AWS_ACCESS_KEY_ID, '');
    assert.match(logs.join('\n'), /s3 part of alice's launch context failed.*S3 is down/);
    const anonymous = await createLaunchContext({ ...options, parts: { s3 }, log: () => undefined })(null, 'en');
    assert.deepEqual(anonymous.user, { lang: 'en', groups: [] });
    assert.equal(anonymous.s3.AWS_ACCESS_KEY_ID, '', 'no part is asked without a user');
  });
});

describe('Helm chart archives and versions', () => {
  test('reads the chart’s own top-level files, not its sub-charts’', async () => {
    const tar = pack();
    tar.entry({ name: 'demo/values.yaml' }, 'a: 1\n');
    tar.entry({ name: 'demo/charts/sub/values.yaml' }, 'b: 2\n');
    tar.entry({ name: 'demo/values.schema.json' }, '{}');
    tar.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of tar) chunks.push(chunk as Buffer);
    const files = await readChartFiles(gzipSync(Buffer.concat(chunks)), ['values.yaml', 'values.schema.json']);
    assert.deepEqual(Object.fromEntries(files), { 'values.yaml': 'a: 1\n', 'values.schema.json': '{}' });
    await assert.rejects(readChartFiles(Buffer.from('not gzip'), ['values.yaml']), /cannot be unpacked/);
  });

  test('orders versions newest first', () => {
    assert.deepEqual(['1.9.2', '1.10.0', '1.10.0-rc1', '0.1.0', '2.0.0'].sort((a, b) => compareVersions(b, a)), ['2.0.0', '1.10.0', '1.10.0-rc1', '1.9.2', '0.1.0']);
  });
});
