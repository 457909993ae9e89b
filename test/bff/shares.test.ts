import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Service } from '../../components/api/types.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';

type Stack = Awaited<ReturnType<typeof startInProcessStack>>;

/** GET through the proxy on 127.0.0.1 with the URL's own Host (Node does not resolve *.localhost). */
function viaProxy(url: string, cookie?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, agent: false, headers: { host: target.host, ...(cookie ? { cookie } : {}) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a ticket URL as a browser would: the proxy's cookie from the redirect. */
async function redeem(url: string): Promise<string> {
  const reply = await viaProxy(url);
  assert.equal(reply.status, 302, reply.body);
  return reply.headers['set-cookie']![0]!.split(';')[0]!;
}

describe('sharing a service, on the real stack', { timeout: 60_000 }, () => {
  let stack: Stack;
  let alice: string;
  let bob: string;
  let carol: string;
  let dave: string;
  let service: Service;
  const api = (method: string, path: string, token?: string, body?: unknown) => call(stack.bffUrl, method, path, { token, body });

  before(async () => {
    stack = await startInProcessStack({ proxy: { cacheSeconds: 0.5 } });
    const token = (user: string, groups: string[] = []) => issuerToken({ url: stack.issuerUrl }, stack.data, user, groups);
    [alice, bob, carol, dave] = await Promise.all([token('alice', ['physics', 'staff']), token('bob'), token('carol', ['physics']), token('dave', ['chemistry'])]);
    const launched = await api('POST', '/api/services', alice, { catalog: 'local', service: 'file-server', name: 'Shared files' });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    service = launched.body as Service;
    for (let i = 0; i < 100 && (await api('GET', `/api/services/${service.id}`, alice)).body.status !== 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  after(async () => {
    await stack.close();
    await stack.endServices();
  });

  test('a service is shared with nobody at first, and only its owner sees its share', async () => {
    assert.deepEqual((await api('GET', `/api/services/${service.id}/shares`, alice)).body, { serviceId: service.id, users: [], groups: [] });
    const bobs = await api('GET', `/api/services/${service.id}/shares`, bob);
    assert.equal(bobs.status, 404);
    assert.equal(bobs.body.code, 'service_not_found');
    assert.equal((await api('GET', `/api/services/${service.id}/shares`)).status, 401);
    assert.deepEqual((await api('GET', '/api/shared', bob)).body, []);
  });

  test('refuses what cannot be shared, one error per name, and changes nothing', async () => {
    const bad = await api('POST', `/api/services/${service.id}/shares`, alice, { users: ['alice', 'bob'], groups: ['chemistry'] });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.errors.map((error: { path: string }) => error.path),
      ['users.0', 'groups.0'],
    );
    for (const body of [{}, { users: ['Bob Smith'] }, { users: 'bob' }, { groups: ['a\u0000b'] }, { users: ['bob'], admin: true }, { users: Array.from({ length: 101 }, (_, i) => `u${i}`) }]) {
      const refused = await api('POST', `/api/services/${service.id}/shares`, alice, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.code, 'invalid_request');
    }
    const notHers = await api('POST', `/api/services/${service.id}/shares`, bob, { users: ['bob'] });
    assert.equal(notHers.status, 404, "bob cannot share alice's service with himself");
    assert.deepEqual((await api('GET', `/api/services/${service.id}/shares`, alice)).body.users, []);
  });

  test('a named user sees the service, opens it, and is let through as himself', async () => {
    const shared = await api('POST', `/api/services/${service.id}/shares`, alice, { users: ['bob'] });
    assert.equal(shared.status, 200);
    assert.deepEqual(shared.body, { serviceId: service.id, users: ['bob'], groups: [] });
    const list = await api('GET', '/api/shared', bob);
    assert.deepEqual(list.body.map((s: Service) => [s.id, s.owner]), [[service.id, 'alice']]);
    assert.equal((await api('GET', '/api/shared', carol)).body.length, 0);

    const opened = await api('POST', `/api/shared/${service.id}/open`, bob, {});
    assert.equal(opened.status, 200);
    const cookie = await redeem(opened.body.url);
    const page = await viaProxy(service.urls[0]!.url, cookie);
    assert.equal(page.status, 200, 'the file server answers bob');
    assert.equal((await api('POST', `/api/shared/${service.id}/open`, carol, {})).status, 404, 'not shared with carol');
    assert.equal((await api('POST', `/api/shared/${service.id}/open`, alice, {})).status, 404, 'owners open their own through /api/services');
  });

  test('a group of the owner lets its members in, and no one else', async () => {
    assert.equal((await api('POST', `/api/services/${service.id}/shares`, alice, { groups: ['physics'] })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the proxy's decisions may lag the store by cacheSeconds, both ways
    assert.deepEqual((await api('GET', '/api/shared', carol)).body.map((s: Service) => s.id), [service.id]);
    assert.deepEqual((await api('GET', '/api/shared', dave)).body, []);
    const cookie = await redeem((await api('POST', `/api/shared/${service.id}/open`, carol, {})).body.url);
    assert.equal((await viaProxy(service.urls[0]!.url, cookie)).status, 200);
    assert.equal((await api('POST', `/api/shared/${service.id}/open`, dave, {})).status, 404);
  });

  test('a revoked share stops working within proxy.cacheSeconds, with the cookie still valid', async () => {
    const bobCookie = await redeem((await api('POST', `/api/shared/${service.id}/open`, bob, {})).body.url);
    const carolCookie = await redeem((await api('POST', `/api/shared/${service.id}/open`, carol, {})).body.url);
    assert.equal((await viaProxy(service.urls[0]!.url, bobCookie)).status, 200);

    assert.equal((await api('DELETE', `/api/services/${service.id}/shares/users/bob`, alice)).status, 204);
    assert.equal((await api('DELETE', `/api/services/${service.id}/shares/groups/physics`, alice)).status, 204);
    const revokedAt = Date.now();
    let bobStatus = 200;
    let carolStatus = 200;
    while (Date.now() - revokedAt < 3000 && (bobStatus !== 403 || carolStatus !== 403)) {
      bobStatus = (await viaProxy(service.urls[0]!.url, bobCookie)).status;
      carolStatus = (await viaProxy(service.urls[0]!.url, carolCookie)).status;
    }
    const delay = Date.now() - revokedAt;
    assert.equal(bobStatus, 403);
    assert.equal(carolStatus, 403);
    assert.ok(delay <= 500 + 300, `refused ${delay} ms after the revocation (cacheSeconds 0.5)`);
    assert.deepEqual((await api('GET', '/api/shared', bob)).body, []);
    assert.deepEqual((await api('GET', `/api/services/${service.id}/shares`, alice)).body, { serviceId: service.id, users: [], groups: [] });
    assert.equal((await api('DELETE', `/api/services/${service.id}/shares/users/bob`, alice)).status, 204, 'revoking twice is fine');
    assert.equal((await api('DELETE', `/api/services/${service.id}/shares/admins/bob`, alice)).status, 404);
  });

  test('sharing can be turned off, and path routing refuses to start with it on', async () => {
    const { parseConfig } = await import('../../bff/config/config.js');
    assert.throws(() => parseConfig({ proxy: { routing: 'path' } }), /"proxy.routing" path needs "proxy.sharing" false.*one origin/s);
    assert.equal(parseConfig({ proxy: { routing: 'path', sharing: false } }).proxy.routing, 'path');
  });
});
