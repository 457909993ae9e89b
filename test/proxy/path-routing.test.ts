import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SERVICES } from '../../bff/services/record.js';
import { createProxy } from '../../proxy/proxy.js';
import { issueTicket, TICKET_PARAM } from '../../proxy/tickets.js';
import { PORTAL, record, routed, send, startStack, type Stack } from './helpers.js';

const HOST = 'localhost';
const HTML = { accept: 'text/html' };

/** Path routing: `/s/<service>/<port>/…` on the proxy's one host, sharing off. */
describe('proxy with path routing', { timeout: 20_000 }, () => {
  let stack: Stack;
  let port: number;
  before(async () => {
    stack = await startStack({ routing: 'path', sharing: false });
    port = stack.proxyPort;
    await stack.store.put(SERVICES, 'keeper', record('keeper', 'alice', [{ ...routed(8000, stack.b.url, 'keeper-secret'), stripPrefix: false }]), 'absent');
  });
  after(() => stack.close());

  it('strips the prefix by default, and says so in X-Forwarded-Prefix', async () => {
    const reply = await send(port, HOST, { path: '/s/svc/8000/api/x?y=1', headers: { cookie: stack.cookie({ serviceId: 'svc' }), 'x-forwarded-prefix': '/evil' } });
    assert.equal(reply.status, 200);
    const seen = JSON.parse(reply.body);
    assert.equal(seen.url, '/api/x?y=1');
    assert.equal(seen.headers['x-forwarded-prefix'], '/s/svc/8000');
    assert.equal(seen.headers['x-atelier-user'], 'alice');
  });

  it('keeps the prefix for a port that asks for it (stripPrefix: false)', async () => {
    const reply = await send(port, HOST, { path: '/s/keeper/8000/tree', headers: { cookie: stack.cookie({ serviceId: 'keeper' }) } });
    assert.equal(reply.status, 200);
    const seen = JSON.parse(reply.body);
    assert.equal(seen.url, '/s/keeper/8000/tree');
    assert.equal(seen.headers['x-forwarded-prefix'], undefined);
  });

  it('adds the slash a bare prefix lacks, keeping the query', async () => {
    assert.equal((await send(port, HOST, { path: '/s/svc/8000' })).headers.location, '/s/svc/8000/');
    assert.equal((await send(port, HOST, { path: '/s/svc/8000?x=1' })).headers.location, '/s/svc/8000/?x=1');
  });

  it("scopes the ticket's cookie to the service port's prefix", async () => {
    const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: 30 });
    const reply = await send(port, HOST, { path: `/s/svc/8000/tree?a=1&${TICKET_PARAM}=${ticket}` });
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, `http://${HOST}:${port}/s/svc/8000/tree?a=1`);
    const attributes = reply.headers['set-cookie']![0]!.split('; ');
    assert.ok(attributes.includes('Path=/s/svc/8000'), attributes.join('; '));
    const cookie = attributes[0]!;
    assert.equal((await send(port, HOST, { path: '/s/svc/8000/tree?a=1', headers: { cookie } })).status, 200);
    assert.equal((await send(port, HOST, { path: '/s/other/8000/', headers: { cookie } })).status, 401, 'not on another service of the same origin');
  });

  it('sends a browser without the cookie to the portal, and answers 404 off its own host', async () => {
    assert.equal((await send(port, HOST, { path: '/s/svc/8000/', headers: HTML })).headers.location, `${PORTAL}/?open=svc&port=8000`);
    for (const [host, path] of [
      ['svc-8000.localhost', '/'],
      ['svc-8000.localhost', '/s/svc/8000/'],
      ['evil.example', '/s/svc/8000/'],
      [HOST, '/'],
      [HOST, '/s/svc%2f8000/'],
      [HOST, '/s/ghost/8000/'],
    ] as const) {
      const reply = await send(port, host, { path, headers: { cookie: stack.cookie({ serviceId: path.includes('ghost') ? 'ghost' : 'svc' }) } });
      assert.equal(reply.status, 404, `${host} ${path}`);
    }
  });

  it('never lets an encoded traversal out of the service it names', async () => {
    const before = stack.b.seen.length;
    const path = '/s/svc/8000/%2e%2e/%2e%2e/s/keeper/8000/';
    const reply = await send(port, HOST, { path, headers: { cookie: stack.cookie({ serviceId: 'svc' }) } });
    assert.equal(reply.status, 200);
    assert.equal(JSON.parse(reply.body).url, '/%2e%2e/%2e%2e/s/keeper/8000/');
    assert.equal(stack.b.seen.length, before);
  });

  it('routes WebSocket upgrades by path too, prefix stripped', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/s/svc/8000/api/kernels/1/channels`, { headers: { host: `${HOST}:${port}`, cookie: stack.cookie({ serviceId: 'svc' }) } });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(data.toString()));
      ws.once('error', reject);
    });
    ws.close();
    assert.equal(first, 'hello');
    assert.equal(stack.a.seen.findLast((seen) => seen.method === 'UPGRADE')!.url, '/api/kernels/1/channels');
  });

  it('cannot be created with sharing on', () => {
    assert.throws(() => createProxy({ store: stack.store, domain: HOST, routing: 'path', publicUrl: 'http://localhost', portalUrl: PORTAL, cookieKey: stack.key, cookieMaxAgeSeconds: 60, cacheSeconds: 1 }), /sharing/);
  });
});
