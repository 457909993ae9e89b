import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call } from '../helpers/http.js';
import { serveFolder, writeHelmRepo, type ChartVersion } from '../helpers/helm-repo.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'schemas');

async function demoChart(version: string, change: (schema: any) => void = () => undefined): Promise<ChartVersion> {
  const files: Record<string, string> = {};
  for (const name of ['values.schema.json', 'values.yaml']) files[name] = await readFile(join(FIXTURES, 'charts', 'demo', name), 'utf8');
  const schema = JSON.parse(files['values.schema.json']!);
  change(schema);
  files['values.schema.json'] = JSON.stringify(schema);
  return { name: 'demo', version, keywords: ['tool'], files };
}

describe('catalogs in Onyxia’s dialect, on the real stack', () => {
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  let served: { url: string; server: Server };
  let alice: string;
  let gpuUser: string;
  const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(stack.bffUrl, method, path, options);
  const dryRun = (token: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api('POST', '/api/services', { token, body: { catalog: 'lab', service: 'gpu-lab', dryRun: true, values, ...extra } });

  before(async () => {
    const repo = await tempDir('atelier-helm-');
    await writeHelmRepo(repo, [
      await demoChart('1.0.0', (schema) => delete schema.properties.password),
      await demoChart('1.1.0'),
      { name: 'broken', version: '0.1.0', files: { 'values.schema.json': '{"type": "object", "properties": {"a": {"type": "string", "colour": "red"}}}' } },
    ]);
    served = await serveFolder(repo);
    stack = await startInProcessStack({
      catalogs: {
        sources: [
          { id: 'local', path: 'builtin:local' },
          { id: 'lab', path: join(FIXTURES, 'lab') },
          { id: 'charts', type: 'helm', path: repo, name: { en: 'Charts', fr: 'Graphiques' }, highlighted: ['demo'] },
          { id: 'remote', url: served.url },
        ],
        schemas: join(FIXTURES, 'registry'),
      },
      region: { resources: { cpuRequest: '300m' }, nodeSelector: { disktype: 'ssd' } },
    });
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice', ['staff']);
    gpuUser = await issuerToken({ url: stack.issuerUrl }, stack.data, 'gina', ['staff', 'gpu']);
  });
  after(async () => {
    await stack?.close();
    served?.server.close();
  });

  test('lists folder and Helm catalogs, with versions, highlights and whether this server can launch them', async () => {
    const { status, body } = await api('GET', '/api/catalogs', { headers: { 'accept-language': 'fr' } });
    assert.equal(status, 200);
    assert.deepEqual(body.map((catalog: any) => catalog.id), ['local', 'lab', 'charts', 'remote']);
    const charts = body.find((catalog: any) => catalog.id === 'charts');
    assert.equal(charts.name, 'Graphiques');
    assert.deepEqual(charts.services.map((s: any) => s.id), ['demo'], 'a chart whose schema is broken is left out');
    assert.deepEqual(charts.services[0].versions, ['1.1.0', '1.0.0']);
    assert.equal(charts.services[0].version, '1.1.0');
    assert.equal(charts.services[0].highlighted, true);
    assert.equal(charts.services[0].launchable, false);
    assert.equal(charts.services[0].unavailable, null, 'its form works: it is not unavailable');
    const lab = body.find((catalog: any) => catalog.id === 'lab').services[0];
    assert.equal(lab.name, 'Labo GPU');
    assert.equal(lab.highlighted, true);
    assert.equal(lab.launchable, true);
    const remote = body.find((catalog: any) => catalog.id === 'remote');
    assert.deepEqual(remote.services.map((s: any) => s.id), ['demo'], 'a repository at a URL is read too');
    assert.ok(stack.logs.some((line) => /broken 0\.1\.0 is left out: .*colour/.test(line)), stack.logs.join('\n'));
  });

  test('an entry has the effective schema for the caller and defaults resolved from the caller’s context', async () => {
    const { status, body, headers } = await api('GET', '/api/catalogs/lab/services/gpu-lab', { token: alice });
    assert.equal(status, 200);
    assert.match(headers.get('cache-control') ?? '', /no-store/);
    const { schema, defaults, context } = body;
    assert.deepEqual(schema.properties.gpu, { title: 'GPUs', description: 'GPUs are for the gpu group only.', type: 'integer', const: 0, default: 0 });
    assert.deepEqual(schema.properties.kept, { type: 'boolean', title: 'Kept inline', default: true, 'x-onyxia': { overwriteSchemaWith: 'not-in-any-registry.json' } });
    assert.equal(schema.properties.storage.title, 'Storage', 'a non-local $ref is taken from the registry');
    assert.equal(schema.properties.storage.$ref, undefined);
    assert.equal(defaults.owner, 'alice');
    assert.equal(defaults.project, 'user-alice');
    assert.equal(defaults.greeting, `Hello ${context.user.name} (staff)`);
    assert.equal(defaults.cpu, '300m', 'region.resources.cpuRequest from configuration');
    assert.deepEqual(defaults.nodeSelector, { disktype: 'ssd' });
    assert.equal(defaults.gpu, 0);
    assert.equal(defaults.tier, 'standard');
    assert.equal(defaults.fallback, 'the default', 'a reference that does not resolve falls back to default');
    assert.equal(defaults.domain, 'localhost');
    assert.deepEqual(defaults.storage, { size: '10Gi' });
    assert.equal(defaults.password, context.service.oneTimePassword);
    assert.match(context.service.oneTimePassword, /^[A-Za-z0-9]{20}$/);
    assert.deepEqual(context.user, { idep: 'alice', name: context.user.name, email: context.user.email, lang: 'en', groups: ['staff'] });
    assert.ok(context.user.name);
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_S3_ENDPOINT', 'AWS_BUCKET_NAME']) {
      assert.equal(typeof context.s3[key], 'string', `s3.${key}`);
    }

    const again = await api('GET', `/api/catalogs/lab/services/gpu-lab?oneTimePassword=${context.service.oneTimePassword}&randomSubdomain=${context.k8s.randomSubdomain}`, { token: alice });
    assert.equal(again.body.defaults.password, defaults.password, 'a form keeps its random values');

    const gina = await api('GET', '/api/catalogs/lab/services/gpu-lab', { token: gpuUser });
    assert.deepEqual(gina.body.schema.properties.gpu.enum, ['none', 'nvidia-a100', 'nvidia-h100'], 'the gpu role gets its override');
    assert.equal(gina.body.defaults.gpu, 'none');

    const anonymous = await api('GET', '/api/catalogs/lab/services/gpu-lab');
    assert.equal(anonymous.status, 200, 'catalogs are public here');
    assert.equal(anonymous.body.defaults.owner, 'nobody', 'no user: the default applies');
    assert.equal(anonymous.body.context.s3.AWS_ACCESS_KEY_ID, '', 'no user, no credentials');
  });

  test('a dry run validates the merged values and returns them', async () => {
    const ok = await dryRun(alice, { workers: 4, image: 'python:3.12' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.values.workers, 4);
    assert.equal(ok.body.values.owner, 'alice');
    assert.equal(ok.body.values.image, 'python:3.12', 'listEnum wins over enum');
    const removed = await dryRun(alice, { nodeSelector: { disktype: null, zone: 'b' } });
    assert.deepEqual(removed.body.values.nodeSelector, { zone: 'b' }, 'null removes a member (JSON merge patch)');
    const polluted = await api('POST', '/api/services', {
      token: alice,
      rawBody: '{"catalog": "lab", "service": "gpu-lab", "dryRun": true, "values": {"__proto__": {"tier": "premium", "gpu": 3}, "nodeSelector": {"__proto__": {"x": "y"}}}}',
    });
    assert.equal(polluted.status, 200, JSON.stringify(polluted.body));
    assert.equal(polluted.body.values.tier, 'standard', 'a __proto__ member is ignored, not used as a prototype');
    assert.equal(polluted.body.values.gpu, 0);
    assert.deepEqual(polluted.body.values.nodeSelector, { disktype: 'ssd' });
  });

  test('values that break a pattern, an enum, a const, a range, a read-only field or the schema fail with 400 naming the path', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ bucket: 'Not A Bucket!' }, 'bucket', /Bucket: this value is not allowed here/],
      [{ policy: 'Sometimes' }, 'policy', /Pull policy: must be one of "Always", "IfNotPresent"/],
      [{ image: 'ignored' }, 'image', /Image: must be one of "python:3.12", "python:3.13"/],
      [{ tier: 'premium' }, 'tier', /Tier: must be "standard"/],
      [{ workers: 9 }, 'workers', /Workers: must be <= 8/],
      [{ workers: 0 }, 'workers', /Workers: must be >= 1/],
      [{ domain: 'evil.example' }, 'domain', /Domain: is read-only/],
      [{ command: 'rm -rf /' }, 'command', /"command" is not a setting of this service/],
      [{ workers: '4' }, 'workers', /Workers: must be integer/],
    ];
    for (const [values, path, message] of cases) {
      const { status, body } = await dryRun(alice, values);
      assert.equal(status, 400, `${JSON.stringify(values)} → ${status}`);
      assert.equal(body.code, 'invalid_values');
      assert.deepEqual(body.errors.map((error: any) => error.path), [path], JSON.stringify(body.errors));
      assert.match(body.errors[0].message, message);
      assert.doesNotMatch(body.message, /\n\s+at /);
    }
  });

  test('role override: a user without the gpu role who posts a GPU gets 400; one with it may', async () => {
    const refused = await dryRun(alice, { gpu: 'nvidia-a100' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, [{ path: 'gpu', message: 'GPUs: must be integer; must be 0' }]);
    const asNumber = await dryRun(alice, { gpu: 2 });
    assert.equal(asNumber.status, 400, 'a const of 0 GPUs cannot be bypassed');
    const allowed = await dryRun(gpuUser, { gpu: 'nvidia-a100' });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.equal(allowed.body.values.gpu, 'nvidia-a100');
    const forged = await dryRun(`${gpuUser.slice(0, -6)}AAAAAA`, { gpu: 'nvidia-a100' });
    assert.equal(forged.status, 401, 'a forged token gets no role');
  });

  test('seeds and versions are checked', async () => {
    const badSeed = await dryRun(alice, {}, { seed: { oneTimePassword: '../../x' } });
    assert.equal(badSeed.status, 400);
    assert.equal(badSeed.body.code, 'invalid_request');
    const seeded = await dryRun(alice, {}, { seed: { oneTimePassword: 'abcdefgh12345678', randomSubdomain: '123456' } });
    assert.equal(seeded.body.values.password, 'abcdefgh12345678');
    const noVersion = await api('GET', '/api/catalogs/charts/services/demo?version=9.9.9');
    assert.equal(noVersion.status, 404);
    assert.equal(noVersion.body.code, 'version_not_found');
  });

  test('Helm charts: values.yaml is the last source of defaults, older versions are read on demand, a dry run works and a launch needs Kubernetes', async () => {
    const latest = await api('GET', '/api/catalogs/charts/services/demo', { token: alice });
    assert.equal(latest.status, 200);
    assert.equal(latest.body.defaults.message, 'from values.yaml');
    assert.deepEqual(latest.body.defaults.resources, { requests: { cpu: '250m' }, limits: { cpu: '1000m' } });
    assert.equal(latest.body.schema.properties.password.description, 'Password', 'ide/password.json from the built-in registry');
    assert.equal(latest.body.defaults.password, latest.body.context.service.oneTimePassword);
    const older = await api('GET', '/api/catalogs/charts/services/demo?version=1.0.0', { token: alice });
    assert.equal(older.status, 200);
    assert.equal(older.body.version, '1.0.0');
    assert.equal(older.body.schema.properties.password, undefined);

    const valuesYaml = { message: 'hi', replicas: 2, onlyInValuesYaml: { kept: true } };
    const checked = await api('POST', '/api/services', { token: alice, body: { catalog: 'charts', service: 'demo', dryRun: true, values: valuesYaml } });
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    const tooMany = await api('POST', '/api/services', { token: alice, body: { catalog: 'charts', service: 'demo', version: '1.0.0', dryRun: true, values: { replicas: 5 } } });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.body.errors.map((error: any) => error.path), ['replicas']);

    const launched = await api('POST', '/api/services', { token: alice, body: { catalog: 'charts', service: 'demo' } });
    assert.equal(launched.status, 409);
    assert.equal(launched.body.code, 'kubernetes_required');
    assert.match(launched.body.message, /needs the Kubernetes driver/);
    const services = await api('GET', '/api/services', { token: alice });
    assert.deepEqual(services.body, [], 'nothing was launched');
  });

  test('the new routes are documented', async () => {
    const { body } = await api('GET', '/api/openapi.json');
    assert.ok(body.paths['/api/configurations'].post.requestBody);
    assert.ok(body.paths['/api/catalogs/{catalog}/services/{service}'].get.parameters.some((p: any) => p.name === 'version'));
    assert.ok(body.paths['/api/services'].post.requestBody.content['application/json'].schema.properties.seed);
  });
});
