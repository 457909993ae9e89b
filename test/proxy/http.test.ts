import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { update } from '../../bff/store/store.js';
import { PROXY_COOKIE, signGrant } from '../../proxy/cookie.js';
import { issueTicket, TICKET_PARAM } from '../../proxy/tickets.js';
import { PORTAL, record, routed, send, startStack, type Stack } from './helpers.js';

const SVC = 'svc-8000.localhost';
const OTHER = 'other-8000.localhost';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('proxy over HTTP', { timeout: 20_000 }, () => {
  let stack: Stack;
  let port: number;
  before(async () => {
    stack = await startStack();
    port = stack.proxyPort;
  });
  after(() => stack.close());

  it("lets the owner through with the service's token, the user, and none of the proxy's secrets", async () => {
    const reply = await send(port, SVC, {
      path: '/api/contents?x=1',
      headers: {
        cookie: `_xsrf=abc; ${stack.cookie({ serviceId: 'svc' })}; theme=dark`,
        'x-atelier-user': 'mallory',
        'X-Atelier-Role': 'admin',
        authorization: 'token from-the-client',
      },
    });
    assert.equal(reply.status, 200);
    const seen = JSON.parse(reply.body) as { url: string; headers: http.IncomingHttpHeaders };
    assert.equal(seen.url, '/api/contents?x=1');
    assert.equal(seen.headers['x-atelier-user'], 'alice');
    assert.equal(seen.headers['x-atelier-role'], undefined);
    assert.equal(seen.headers.authorization, 'token svc-secret');
    assert.equal(seen.headers.cookie, '_xsrf=abc; theme=dark');
    assert.equal(seen.headers.host, `${SVC}:${port}`, 'the Host header reaches the upstream unchanged');
    assert.deepEqual(reply.headers['set-cookie'], ['service_cookie=1; Path=/'], "the service cannot set the proxy's cookie");
  });

  it('refuses a request without the cookie with 401 JSON, and never forwards it', async () => {
    const before = stack.a.seen.length;
    const reply = await send(port, SVC, { path: '/api/contents' });
    assert.equal(reply.status, 401);
    assert.match(String(reply.headers['content-type']), /application\/json/);
    assert.equal(JSON.parse(reply.body).code, 'unauthenticated');
    assert.equal(stack.a.seen.length, before);
    const post = await send(port, SVC, { method: 'POST', path: '/upload', body: 'x'.repeat(1000), headers: { 'content-type': 'text/plain' } });
    assert.equal(post.status, 401);
    assert.equal(post.headers.connection, 'close', 'an unwanted body is not read to its end');
  });

  it('reuses upstream connections, whatever the client says about its own', async () => {
    const cookie = stack.cookie({ serviceId: 'svc' });
    for (let i = 0; i < 3; i++) {
      const reply = await send(port, SVC, { path: `/keep-alive/${i}`, headers: { cookie, connection: 'close' } });
      assert.equal(reply.status, 200);
    }
    const ports = stack.a.seen.filter((seen) => seen.url.startsWith('/keep-alive/')).map((seen) => seen.remotePort);
    assert.equal(ports.length, 3);
    assert.equal(new Set(ports).size, 1, 'one pooled connection served the three requests');
  });

  it('sends a browser without the cookie to the portal, whatever the request says', async () => {
    const reply = await send(port, SVC, { path: '//evil.example/?next=https://evil.example', headers: { ...HTML, 'x-forwarded-host': 'evil.example', referer: 'https://evil.example/' } });
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, `${PORTAL}/?open=svc&port=8000`);
  });

  it('refuses forged, tampered and expired cookies with 401', async () => {
    const forged = `${PROXY_COOKIE}=${signGrant({ serviceId: 'svc', port: 8000, user: 'alice', expiresAt: Date.now() + 60_000 }, Buffer.alloc(32, 7))}`;
    const [payload, signature] = stack.cookie({ serviceId: 'svc', user: 'bob' }).slice(PROXY_COOKIE.length + 1).split('.');
    const bobAsAlice = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('"bob"', '"alice"')).toString('base64url');
    const tampered = `${PROXY_COOKIE}=${bobAsAlice}.${signature}`;
    const expired = stack.cookie({ serviceId: 'svc', expiresAt: Date.now() - 1000 });
    for (const cookie of [forged, tampered, expired, `${PROXY_COOKIE}=garbage`]) {
      const reply = await send(port, SVC, { headers: { cookie } });
      assert.equal(reply.status, 401, cookie);
    }
    assert.equal(stack.a.seen.filter((seen) => seen.method === 'GET' && seen.url === '/').length, 0);
  });

  it("refuses service A's cookie on service B, and on another port of A", async () => {
    const reply = await send(port, OTHER, { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } });
    assert.equal(reply.status, 401);
    const otherPort = await send(port, 'svc-9000.localhost', { headers: { cookie: stack.cookie({ serviceId: 'svc', port: 8000 }) } });
    assert.equal(otherPort.status, 401);
    assert.equal(stack.b.seen.length, 0);
  });

  it("refuses bob's correctly signed cookie on alice's service with 403", async () => {
    const before = stack.a.seen.length;
    const reply = await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'bob' }) } });
    assert.equal(reply.status, 403);
    assert.equal(JSON.parse(reply.body).code, 'forbidden');
    assert.equal(stack.a.seen.length, before);
  });

  it('turns a ticket into a cookie, once, and the upstream never sees the ticket', async () => {
    const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: 60 });
    const path = `/tree?a=1&${TICKET_PARAM}=${ticket}&b=2`;
    const before = stack.a.seen.length;
    const reply = await send(port, SVC, { path, headers: HTML });
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, `http://${SVC}:${port}/tree?a=1&b=2`);
    const [setCookie] = reply.headers['set-cookie'] ?? [];
    assert.match(setCookie!, new RegExp(`^${PROXY_COOKIE}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+;`));
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=3600']) assert.ok(setCookie!.split('; ').includes(attribute), attribute);
    assert.doesNotMatch(setCookie!, /Domain=|Secure/i);
    assert.equal(stack.a.seen.length, before, 'the ticket request itself is not forwarded');

    const cookie = setCookie!.split(';')[0]!;
    const followed = await send(port, SVC, { path: '/tree?a=1&b=2', headers: { cookie } });
    assert.equal(followed.status, 200);
    assert.equal(JSON.parse(followed.body).headers['x-atelier-user'], 'alice');

    const again = await send(port, SVC, { path, headers: HTML });
    assert.equal(again.status, 401);
    assert.ok(stack.a.seen.every((seen) => !seen.url.includes(TICKET_PARAM)));
  });

  it('refuses an expired ticket, and a ticket for another service', async () => {
    const expired = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: -1 });
    assert.equal((await send(port, SVC, { path: `/?${TICKET_PARAM}=${expired}` })).status, 401);
    const forOther = await issueTicket(stack.store, { serviceId: 'other', port: 8000, user: 'alice', ttlSeconds: 60 });
    const reply = await send(port, SVC, { path: `/?${TICKET_PARAM}=${forOther}` });
    assert.equal(reply.status, 401);
    assert.equal(reply.headers['set-cookie'], undefined);
  });

  it('marks the cookie Secure when the proxy is reached over https', async () => {
    const secure = await stack.startProxy({ publicUrl: 'https://proxy.example' });
    try {
      const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: 60 });
      const reply = await send(secure.port, SVC, { path: `/?${TICKET_PARAM}=${ticket}` });
      assert.equal(reply.status, 302);
      assert.ok(reply.headers['set-cookie']![0]!.split('; ').includes('Secure'));
      assert.match(reply.headers.location!, /^https:\/\/svc-8000\.localhost:/);
    } finally {
      await secure.close();
    }
  });

  it('answers 404 for an unknown host, service or port, and forwards nothing', async () => {
    const before = stack.a.seen.length + stack.b.seen.length;
    const cases: [string, string | undefined][] = [
      ['svc-8000.example.com', stack.cookie({ serviceId: 'svc' })],
      ['svc-8000.localhost.example.com', stack.cookie({ serviceId: 'svc' })],
      ['localhost', undefined],
      ['svc.localhost', undefined],
      ['ghost-8000.localhost', stack.cookie({ serviceId: 'ghost' })],
      ['svc-9000.localhost', stack.cookie({ serviceId: 'svc', port: 9000 })],
    ];
    for (const [host, cookie] of cases) {
      const reply = await send(port, host, { headers: cookie ? { cookie } : {} });
      assert.equal(reply.status, 404, host);
      assert.equal(JSON.parse(reply.body).code, 'not_found');
    }
    const page = await send(port, 'nothing.example', { headers: HTML });
    assert.equal(page.status, 404);
    assert.match(page.body, /<html lang="en">[\s\S]*<title>[\s\S]*<h1>/);
    assert.equal(stack.a.seen.length + stack.b.seen.length, before);
  });

  it('answers 503 while the service starts (a page that refreshes) or when it is stopped', async () => {
    await stack.store.put(SERVICES, 'booting', record('booting', 'alice', [], 'starting'), 'absent');
    await stack.store.put(SERVICES, 'halted', record('halted', 'alice', [routed(8000, stack.a.url, 't')], 'failed', 'out of <memory>'), 'absent');
    const starting = await send(port, 'booting-8000.localhost', { headers: { ...HTML, cookie: stack.cookie({ serviceId: 'booting' }) } });
    assert.equal(starting.status, 503);
    assert.match(starting.body, /<meta http-equiv="refresh" content="2">/);
    assert.match(starting.body, /starting/);
    const failed = await send(port, 'halted-8000.localhost', { headers: { cookie: stack.cookie({ serviceId: 'halted' }) } });
    assert.equal(failed.status, 503);
    assert.deepEqual(JSON.parse(failed.body), { code: 'not_running', message: 'The service is failed: out of <memory>' });
    const failedPage = await send(port, 'halted-8000.localhost', { headers: { ...HTML, cookie: stack.cookie({ serviceId: 'halted' }) } });
    assert.match(failedPage.body, /out of &#60;memory&#62;/);
  });

  it('answers 502 when the upstream does not answer', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await stack.store.put(SERVICES, 'dead', record('dead', 'alice', [routed(8000, `http://127.0.0.1:${deadPort}`, 't')]), 'absent');
    const reply = await send(port, 'dead-8000.localhost', { headers: { ...HTML, cookie: stack.cookie({ serviceId: 'dead' }) } });
    assert.equal(reply.status, 502);
    assert.match(reply.body, /<h1>/);
    assert.doesNotMatch(reply.body, /ECONNREFUSED|at .*\.ts/);
  });

  it('sees a change of owner within cacheSeconds', async () => {
    const fast = await stack.startProxy({ cacheSeconds: 0.2 });
    try {
      const cookie = stack.cookie({ serviceId: 'other' });
      assert.equal((await send(fast.port, OTHER, { headers: { cookie } })).status, 200);
      await update<ServiceRecord>(stack.store, SERVICES, 'other', (current) => ({ ...current!, owner: 'carol' }));
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal((await send(fast.port, OTHER, { headers: { cookie } })).status, 403);
    } finally {
      await update<ServiceRecord>(stack.store, SERVICES, 'other', (current) => ({ ...current!, owner: 'alice' }));
      await fast.close();
    }
  });

  it('refuses oversized headers with 431', async () => {
    const reply = await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }), 'x-padding': 'a'.repeat(20_000) } });
    assert.equal(reply.status, 431);
  });

  it('forwards encoded traversal as it is, to the same service only', async () => {
    const beforeB = stack.b.seen.length;
    const cookie = stack.cookie({ serviceId: 'svc' });
    for (const path of ['/%2e%2e/other-8000/', '/files/%2e%2e/%2e%2e/x', '/..%2fother-8000.localhost%2f', '/a/../../b']) {
      const reply = await send(port, SVC, { path, headers: { cookie } });
      assert.equal(reply.status, 200, path);
      assert.equal(JSON.parse(reply.body).url, path, 'the path reaches the upstream unchanged');
      assert.ok(stack.a.seen.some((seen) => seen.url === path));
    }
    assert.equal(stack.b.seen.length, beforeB);
  });

  it('streams responses instead of buffering them', { timeout: 3000 }, async () => {
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/stream', agent: false, headers: { host: SVC, cookie: stack.cookie({ serviceId: 'svc' }) } }, (res) => {
        res.once('data', (chunk: Buffer) => {
          resolve(chunk.toString());
          stack.a.release();
          res.resume();
        });
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(first, 'first;');
  });
});
