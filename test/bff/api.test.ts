import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Express } from 'express';
import type { Service } from '../../components/api/types.js';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { FileStore } from '../../bff/store/file-store.js';
import { call, readEvents } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

type Stack = Awaited<ReturnType<typeof startInProcessStack>>;

const isErrorBody = (body: any, code: string) => {
  assert.equal(typeof body, 'object', `a JSON error body, got ${JSON.stringify(body)}`);
  assert.equal(body.code, code);
  assert.equal(typeof body.message, 'string');
  assert.doesNotMatch(body.message, /\n\s+at /, 'no stack trace');
};

describe('the BFF API, on the real stack', () => {
  let stack: Stack;
  let alice: string;
  let bob: string;
  const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(stack.bffUrl, method, path, options);

  before(async () => {
    stack = await startInProcessStack();
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice', ['demo']);
    bob = await issuerToken({ url: stack.issuerUrl }, stack.data, 'bob');
  });
  after(async () => {
    await stack.close();
    await stack.endServices();
  });

  test('healthz reports every part ready', async () => {
    const { status, body } = await api('GET', '/api/healthz');
    assert.equal(status, 200);
    assert.equal(body.ready, true);
    assert.deepEqual(Object.keys(body.parts).sort(), ['bff', 'issuer', 'proxy', 's3']);
  });

  test('config is public and names a working issuer', async () => {
    const { status, body } = await api('GET', '/api/config');
    assert.equal(status, 200);
    assert.equal(body.mode, 'embedded');
    assert.equal(body.auth.redirectUri, `${stack.bffUrl}/auth/callback`);
    const discovery = await fetch(`${body.auth.issuer}/.well-known/openid-configuration`);
    assert.equal(discovery.status, 200);
  });

  test('openapi.json documents every /api route the app serves', async () => {
    const { status, body } = await api('GET', '/api/openapi.json');
    assert.equal(status, 200);
    const documented = new Set(
      Object.entries(body.paths as Record<string, object>).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const served = apiRoutesOf(stack.app);
    assert.ok(served.length >= 12, `found ${served.length} routes`);
    assert.deepEqual(served.filter((route) => !documented.has(route)), []);
    const launch = body.paths['/api/services'].post;
    assert.ok(launch.requestBody.content['application/json'].schema.properties.values, 'request schemas are included');
    assert.ok(launch.responses['201'].content['application/json'].schema.properties.status, 'response schemas are included');
  });

  test('catalogs are public, localized, and say what cannot run here', async () => {
    const english = await api('GET', '/api/catalogs');
    assert.equal(english.status, 200);
    const local = english.body.find((catalog: any) => catalog.id === 'local');
    assert.deepEqual(local.services.map((s: any) => s.id).sort(), ['file-server', 'jupyter']);
    const jupyter = local.services.find((s: any) => s.id === 'jupyter');
    if (existsSync('/usr/bin/jupyter')) assert.equal(jupyter.unavailable, null);
    else assert.match(jupyter.unavailable.hint, /apt-get install jupyter-notebook/);
    const french = await api('GET', '/api/catalogs', { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    assert.equal(french.body[0].services.find((s: any) => s.id === 'file-server').name, 'Serveur de fichiers');
  });

  test('a catalog entry has its schema and resolved defaults; an unknown one is a 404', async () => {
    const { status, body } = await api('GET', '/api/catalogs/local/services/file-server');
    assert.equal(status, 200);
    assert.deepEqual(body.defaults, { folder: '' });
    assert.equal(body.schema.properties.folder.type, 'string');
    const missing = await api('GET', '/api/catalogs/local/services/rstudio');
    assert.equal(missing.status, 404);
    isErrorBody(missing.body, 'service_not_found');
  });

  test('launching needs a valid token', async () => {
    const none = await api('POST', '/api/services', { body: { catalog: 'local', service: 'file-server' } });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    isErrorBody(none.body, 'unauthenticated');
    const forged = await api('POST', '/api/services', { token: `${alice.slice(0, -4)}AAAA`, body: { catalog: 'local', service: 'file-server' } });
    assert.equal(forged.status, 401);
    isErrorBody(forged.body, 'invalid_token');
  });

  test('bad launch requests are 400s that say what is wrong, and launch nothing', async () => {
    const notJson = await api('POST', '/api/services', { token: alice, rawBody: '{"catalog": ' });
    assert.equal(notJson.status, 400);
    isErrorBody(notJson.body, 'invalid_json');
    const missing = await api('POST', '/api/services', { token: alice, body: { service: 'file-server' } });
    assert.equal(missing.status, 400);
    isErrorBody(missing.body, 'invalid_request');
    assert.deepEqual(missing.body.errors.map((e: any) => e.path), ['catalog']);
    const traversal = await api('POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'file-server', values: { folder: '../bob' } } });
    assert.equal(traversal.status, 400);
    isErrorBody(traversal.body, 'invalid_values');
    assert.deepEqual(traversal.body.errors, [{ path: 'folder', message: 'Folder: this value is not allowed here' }]);
    const unknownValue = await api('POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'file-server', values: { command: 'rm -rf /' } } });
    assert.equal(unknownValue.status, 400);
    assert.deepEqual(unknownValue.body.errors.map((e: any) => e.path), ['command']);
    const wrongType = await api('POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'file-server', values: { folder: 42 } } });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.errors[0].message, /Folder: must be string/);
    const unknownService = await api('POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'nope' } });
    assert.equal(unknownService.status, 404);
    assert.deepEqual((await api('GET', '/api/services', { token: alice })).body, []);
  });

  test('a dry run returns the resolved values and launches nothing', async () => {
    const { status, body } = await api('POST', '/api/services', {
      token: alice,
      body: { catalog: 'local', service: 'file-server', name: 'My files', values: { folder: 'data' }, dryRun: true },
    });
    assert.equal(status, 200);
    assert.deepEqual(body, { catalog: 'local', service: 'file-server', name: 'My files', values: { folder: 'data' } });
    assert.deepEqual((await api('GET', '/api/services', { token: alice })).body, []);
  });

  describe("a service's life, and another user's view of it", () => {
    let service: Service;

    test('launch answers 201 with a starting service, and the events stream shows it running', async () => {
      const events = await fetch(`${stack.bffUrl}/api/services/events`, { headers: { authorization: `Bearer ${alice}` } });
      assert.equal(events.status, 200);
      assert.match(events.headers.get('content-type')!, /^text\/event-stream/);
      const launched = await api('POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'file-server', name: 'Files' } });
      assert.equal(launched.status, 201);
      service = launched.body;
      assert.equal(service.owner, 'alice');
      assert.equal(service.status, 'starting');
      assert.equal(service.urls[0]!.url, `http://${service.id}-8000.localhost:${stack.config.proxy.port}/`);
      const seen = await readEvents(events, (list) => list.some((e) => e.event === 'service' && e.data.status === 'running'));
      assert.equal(seen[0]!.event, 'snapshot');
      assert.ok(seen.every((e) => e.event === 'snapshot' || e.data.id === service.id));
    });

    test('the owner lists and reads it; another user sees nothing of it', async () => {
      assert.deepEqual((await api('GET', '/api/services', { token: alice })).body.map((s: Service) => s.id), [service.id]);
      assert.equal((await api('GET', `/api/services/${service.id}`, { token: alice })).body.status, 'running');
      assert.deepEqual((await api('GET', '/api/services', { token: bob })).body, []);
      const peek = await api('GET', `/api/services/${service.id}`, { token: bob });
      assert.equal(peek.status, 404);
      isErrorBody(peek.body, 'service_not_found');
      const bobsEvents = await fetch(`${stack.bffUrl}/api/services/${service.id}/events`, { headers: { authorization: `Bearer ${bob}` } });
      assert.equal(bobsEvents.status, 404);
    });

    test('open gives a one-time URL on the proxy, for the owner only', async () => {
      const opened = await api('POST', `/api/services/${service.id}/open`, { token: alice });
      assert.equal(opened.status, 200);
      assert.match(opened.body.url, new RegExp(`^http://${service.id}-8000\\.localhost:${stack.config.proxy.port}/\\?atelier-ticket=[\\w-]{43}$`));
      assert.equal((await api('POST', `/api/services/${service.id}/open`, { token: bob })).status, 404);
      const wrongPort = await api('POST', `/api/services/${service.id}/open`, { token: alice, body: { port: 9999 } });
      assert.equal(wrongPort.status, 404);
      isErrorBody(wrongPort.body, 'port_not_found');
      const badPort = await api('POST', `/api/services/${service.id}/open`, { token: alice, body: { port: 'http' } });
      assert.equal(badPort.status, 400);
    });

    test('logs show what the service printed, to its owner only', async () => {
      const logs = await api('GET', `/api/services/${service.id}/logs?lines=50`, { token: alice });
      assert.equal(logs.status, 200);
      assert.match(String(logs.body), /GET \/ HTTP/, 'the health check request is in the log');
      assert.equal((await api('GET', `/api/services/${service.id}/logs`, { token: bob })).status, 404);
    });

    test('another user cannot delete it; the owner can, and the home folder stays', async () => {
      assert.equal((await api('DELETE', `/api/services/${service.id}`, { token: bob })).status, 404);
      assert.equal((await api('GET', `/api/services/${service.id}`, { token: alice })).body.status, 'running');
      const home = join(stack.data, 'homes', 'alice');
      await writeFile(join(home, 'notes.txt'), 'keep me');
      const record = await new FileStore(join(stack.data, 'store')).get<ServiceRecord>(SERVICES, service.id);
      const upstream = record!.value.ports[0]!.upstream;
      assert.equal((await fetch(upstream, { headers: record!.value.ports[0]!.headers })).status, 200, 'the process answers before the deletion');
      const events = await fetch(`${stack.bffUrl}/api/services/${service.id}/events`, { headers: { authorization: `Bearer ${alice}` } });
      const deleted = await api('DELETE', `/api/services/${service.id}`, { token: alice });
      assert.equal(deleted.status, 204);
      const seen = await readEvents(events, (list) => list.some((e) => e.event === 'deleted'));
      assert.deepEqual(seen.at(-1), { event: 'deleted', data: { id: service.id } });
      assert.equal((await api('GET', `/api/services/${service.id}`, { token: alice })).status, 404);
      await assert.rejects(fetch(upstream), 'the process is gone');
      assert.ok(existsSync(join(home, 'notes.txt')));
    });
  });

  test('an unknown API route is a JSON 404', async () => {
    const { status, body } = await api('GET', '/api/nothing-here');
    assert.equal(status, 404);
    isErrorBody(body, 'not_found');
  });

  test('CORS: allowed page origins get the headers, others do not, /atelier.js included', async () => {
    const allowed = await fetch(`${stack.bffUrl}/api/catalogs`, { headers: { origin: 'http://localhost:5173' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    const denied = await fetch(`${stack.bffUrl}/api/catalogs`, { headers: { origin: 'https://evil.example' } });
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${stack.bffUrl}/api/services`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers')!, /Authorization/);
    const script = await fetch(`${stack.bffUrl}/atelier.js`, { headers: { origin: 'http://localhost:5173' } });
    assert.equal(script.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  });
});

describe('the BFF API, configured otherwise', () => {
  test('catalogs can require signing in', async () => {
    const stack = await startInProcessStack({ catalogs: { public: false } });
    try {
      const anonymous = await call(stack.bffUrl, 'GET', '/api/catalogs');
      assert.equal(anonymous.status, 401);
      isErrorBody(anonymous.body, 'unauthenticated');
      const token = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
      assert.equal((await call(stack.bffUrl, 'GET', '/api/catalogs', { token })).status, 200);
    } finally {
      await stack.close();
    }
  });

  test('a service whose program is missing is marked unavailable, and launching it is refused with the reason', async () => {
    const folder = await tempDir('atelier-catalog-');
    await writeFile(join(folder, 'catalog.json'), JSON.stringify({ name: 'Lab' }));
    await mkdir(join(folder, 'rstudio'));
    await writeFile(join(folder, 'rstudio', 'entry.json'), JSON.stringify({ name: 'RStudio', description: 'R in the browser' }));
    await writeFile(join(folder, 'rstudio', 'values.schema.json'), JSON.stringify({ type: 'object', properties: {} }));
    await writeFile(
      join(folder, 'rstudio', 'local.json'),
      JSON.stringify({
        command: '/usr/lib/rstudio-server/bin/rserver',
        args: [],
        ports: [{ port: 8787, name: 'RStudio', health: '/' }],
        requires: [{ command: ['/usr/lib/rstudio-server/bin/rserver', '--version'], reason: 'RStudio Server is not installed.', hint: 'Install rstudio-server.' }],
      }),
    );
    const stack = await startInProcessStack({ catalogs: { sources: [{ id: 'lab', path: folder }] } });
    try {
      const catalogs = await call(stack.bffUrl, 'GET', '/api/catalogs');
      assert.deepEqual(catalogs.body[0].services[0].unavailable, { reason: 'RStudio Server is not installed.', hint: 'Install rstudio-server.' });
      const token = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
      const refused = await call(stack.bffUrl, 'POST', '/api/services', { token, body: { catalog: 'lab', service: 'rstudio' } });
      assert.equal(refused.status, 409);
      isErrorBody(refused.body, 'unavailable');
      assert.equal(refused.body.message, 'RStudio Server is not installed. Install rstudio-server.');
      assert.deepEqual((await call(stack.bffUrl, 'GET', '/api/services', { token })).body, []);
    } finally {
      await stack.close();
    }
  });

  test('services outlive a restart of the stack and are found again', async () => {
    const first = await startInProcessStack();
    const token = await issuerToken({ url: first.issuerUrl }, first.data, 'alice');
    const launched = await call(first.bffUrl, 'POST', '/api/services', { token, body: { catalog: 'local', service: 'file-server' } });
    const id = launched.body.id as string;
    const events = await fetch(`${first.bffUrl}/api/services/${id}/events`, { headers: { authorization: `Bearer ${token}` } });
    await readEvents(events, (list) => list.some((e) => e.event === 'service' && e.data.status === 'running'));
    await first.close();

    const second = await startInProcessStack({ data: first.data, port: first.config.port, proxy: { port: first.config.proxy.port } });
    try {
      const again = await issuerToken({ url: second.issuerUrl }, second.data, 'alice');
      const found = await call(second.bffUrl, 'GET', `/api/services/${id}`, { token: again });
      assert.equal(found.status, 200);
      assert.equal(found.body.status, 'running', `adopted after the restart: ${JSON.stringify(found.body)}`);
      assert.equal((await call(second.bffUrl, 'DELETE', `/api/services/${id}`, { token: again })).status, 204);
    } finally {
      await second.close();
    }
  });
});

/** Every `METHOD /api/...` route registered on the app, read from Express's router. */
function apiRoutesOf(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route?.path?.startsWith?.('/api')) {
        for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as any).router.stack);
  return routes;
}
