import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig } from '../../bff/config/config.js';
import { call } from '../helpers/http.js';
import { startInProcessStack } from '../helpers/stack.js';

const ROOT = join(import.meta.dirname, '..', '..');
const exampleBranding = async (name: string) => parseYaml(await readFile(join(ROOT, 'examples', 'branding', `${name}.yaml`), 'utf8')) as Record<string, unknown>;

describe('branding and embedding, served by the BFF', () => {
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  before(async () => {
    const { origins: _origins, ...branding } = await exampleBranding('valmont');
    stack = await startInProcessStack({ ...branding, origins: ['https://moodle.valmont.example'] });
  });
  after(async () => {
    await stack?.close();
    await stack?.endServices();
  });

  test('/api/config carries the configured name, logo, links, terms of service, languages and theme', async () => {
    const { status, body } = await call(stack.bffUrl, 'GET', '/api/config');
    assert.equal(status, 200);
    assert.equal(body.name, 'Valmont Datalab');
    assert.equal(body.logo, '/themes/valmont-logo.svg');
    assert.equal(body.defaultTheme, 'brand-valmont');
    assert.deepEqual(body.languages, ['en', 'fr']);
    assert.deepEqual(body.links, [{ label: { en: 'Courses', fr: 'Cours' }, url: 'https://moodle.valmont.example' }]);
    assert.match(body.termsOfService.text.fr, /enseignement/);
  });

  test('the themes and their logos are served at /themes/<name>', async () => {
    for (const name of ['light', 'dark', 'high-contrast', 'brand-hexagone', 'brand-valmont']) {
      const response = await fetch(`${stack.bffUrl}/themes/${name}.css`);
      assert.equal(response.status, 200, name);
      assert.match(response.headers.get('content-type')!, /text\/css/);
      assert.match(await response.text(), /--atelier-color-surface:/);
    }
    const logo = await fetch(`${stack.bffUrl}/themes/valmont-logo.svg`);
    assert.match(logo.headers.get('content-type')!, /image\/svg\+xml/);
    assert.equal((await fetch(`${stack.bffUrl}/themes/nothing.css`)).status, 404);
  });

  test('a configured origin may use the API and load the per-element entry points; another origin may not', async () => {
    const allowed = { origin: 'https://moodle.valmont.example' };
    const other = { origin: 'https://moodle.elsewhere.example' };
    for (const path of ['/api/config', '/elements/atelier-launch-button.js', '/atelier.js']) {
      const yes = await fetch(`${stack.bffUrl}${path}`, { headers: allowed });
      assert.equal(yes.status, 200, path);
      assert.equal(yes.headers.get('access-control-allow-origin'), allowed.origin, path);
      const no = await fetch(`${stack.bffUrl}${path}`, { headers: other });
      assert.equal(no.headers.get('access-control-allow-origin'), null, path);
    }
    const script = await fetch(`${stack.bffUrl}/elements/atelier-launch-button.js`);
    assert.match(script.headers.get('content-type')!, /javascript/);
    const preflight = await fetch(`${stack.bffUrl}/api/services`, { method: 'OPTIONS', headers: { ...other, 'access-control-request-method': 'POST' } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  test('the sign-in callback hands the result only to an allowed page', async () => {
    const state = (origin: string) => `random.${Buffer.from(origin).toString('base64url')}`;
    const refused = await fetch(`${stack.bffUrl}/auth/callback?code=x&state=${state('https://moodle.elsewhere.example')}`);
    assert.equal(refused.status, 400);
    assert.doesNotMatch(await refused.text(), /postMessage/);
    const accepted = await fetch(`${stack.bffUrl}/auth/callback?code=x&state=${state('https://moodle.valmont.example')}`);
    assert.equal(accepted.status, 200);
    assert.match(await accepted.text(), /postMessage\(.*"https:\/\/moodle\.valmont\.example"\)/s);
  });
});

describe('branding in the configuration', () => {
  test('both example brands are valid configurations', async () => {
    for (const name of ['hexagone', 'valmont']) {
      const config = parseConfig(await exampleBranding(name));
      assert.match(config.defaultTheme, /^brand-/);
      assert.ok(config.links.length > 0);
      assert.ok(config.termsOfService);
    }
  });

  test('without branding: no links, no terms of service', () => {
    const config = parseConfig({});
    assert.deepEqual(config.links, []);
    assert.equal(config.termsOfService, null);
  });

  test('a link that is not http(s), mailto or a path, or an empty label, is refused with the key named', () => {
    assert.throws(() => parseConfig({ links: [{ label: 'Help', url: 'javascript:alert(1)' }] }), (error: Error) => error instanceof ConfigError && /"links\.0\.url"/.test(error.message));
    assert.throws(() => parseConfig({ links: [{ label: '', url: '/help' }] }), /"links\.0\.label"/);
    assert.throws(() => parseConfig({ termsOfService: {} }), /termsOfService/);
    assert.throws(() => parseConfig({ languages: ['de'] }), /"languages\.0"/);
  });
});
