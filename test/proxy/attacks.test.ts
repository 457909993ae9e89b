import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PROXY_COOKIE, signGrant } from '../../proxy/cookie.js';
import { issueTicket, TICKET_PARAM } from '../../proxy/tickets.js';
import { PORTAL, send, startStack, type Reply, type Stack } from './helpers.js';

const SVC = 'svc-8000.localhost';
const OTHER = 'other-8000.localhost';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/**
 * The attack suite: every way in that must be refused, each case with the status it must
 * get, and a check that nothing reached an upstream it should not. It prints a table of
 * the cases, expected and actual.
 */
describe('attacks on the proxy', { timeout: 30_000 }, () => {
  let stack: Stack;
  let port: number;
  let pathPort: number;
  const table: { attack: string; expected: string; actual: string }[] = [];

  before(async () => {
    stack = await startStack();
    port = stack.proxyPort;
    pathPort = (await stack.startProxy({ routing: 'path', sharing: false })).port;
  });
  after(async () => {
    const width = Math.max(...table.map((row) => row.attack.length));
    const lines = table.map((row) => `${row.attack.padEnd(width)}  ${row.expected.padEnd(28)}  ${row.actual.padEnd(28)}  ${row.expected === row.actual ? 'ok' : 'FAILED'}`);
    console.log(`\n${'attack'.padEnd(width)}  ${'expected'.padEnd(28)}  ${'actual'.padEnd(28)}  result\n${lines.join('\n')}\n`);
    await stack.close();
  });

  /** One case: `run` returns what happened, as a short text compared with `expected`. */
  function attack(name: string, expected: string, run: () => Promise<string>): void {
    it(name, async () => {
      const upstreamsBefore = stack.a.seen.length + stack.b.seen.length;
      const actual = await run().catch((error: Error) => `error: ${error.message}`);
      table.push({ attack: name, expected, actual });
      assert.equal(actual, expected);
      // Refused means refused before any upstream: nothing reached either service.
      if (!expected.startsWith('200')) assert.equal(stack.a.seen.length + stack.b.seen.length, upstreamsBefore, 'an upstream was reached');
    });
  }

  const status = (reply: Reply) => String(reply.status);
  const cookieOf = (reply: Reply) => reply.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  const ticketFor = (serviceId: string, ttlSeconds = 30) => issueTicket(stack.store, { serviceId, port: 8000, user: 'alice', ttlSeconds });
  const seenBy = (reply: Reply) => JSON.parse(reply.body) as { url: string; headers: Record<string, string> };

  attack('no cookie (API request)', '401', async () => status(await send(port, SVC)));
  attack('no cookie (browser page)', '302 → portal', async () => {
    const reply = await send(port, SVC, { headers: HTML });
    return reply.headers.location === `${PORTAL}/?open=svc&port=8000` ? '302 → portal' : `${reply.status} → ${reply.headers.location}`;
  });
  attack('cookie signed with another key', '401', async () => {
    const forged = signGrant({ serviceId: 'svc', port: 8000, user: 'alice', expiresAt: Date.now() + 60_000 }, Buffer.alloc(32, 7));
    return status(await send(port, SVC, { headers: { cookie: `${PROXY_COOKIE}=${forged}` } }));
  });
  attack('cookie with its user changed', '401', async () => {
    const [payload, signature] = stack.cookie({ serviceId: 'svc', user: 'bob' }).slice(PROXY_COOKIE.length + 1).split('.');
    const asAlice = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('"bob"', '"alice"')).toString('base64url');
    return status(await send(port, SVC, { headers: { cookie: `${PROXY_COOKIE}=${asAlice}.${signature}` } }));
  });
  attack('expired cookie', '401', async () => status(await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', expiresAt: Date.now() - 1 }) } })));
  attack('oversized cookie value', '401', async () => status(await send(port, SVC, { headers: { cookie: `${PROXY_COOKIE}=${'A'.repeat(5000)}.${'B'.repeat(43)}` } })));
  attack("service A's cookie on service B", '401', async () => status(await send(port, OTHER, { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })));
  attack("service A's port 8000 cookie on its port 9000", '401', async () =>
    status(await send(port, 'svc-9000.localhost', { headers: { cookie: stack.cookie({ serviceId: 'svc', port: 8000 }) } })),
  );
  attack("another user's valid cookie", '403', async () => status(await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'bob' }) } })));
  attack("another user's cookie claiming a group", '403', async () =>
    status(await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'bob', groups: ['alice', 'admin'] }) } })),
  );
  attack('replayed ticket', '401', async () => {
    const ticket = await ticketFor('svc');
    await send(port, SVC, { path: `/?${TICKET_PARAM}=${ticket}` });
    const replay = await send(port, SVC, { path: `/?${TICKET_PARAM}=${ticket}` });
    return `${replay.status}${cookieOf(replay) ? ' + cookie' : ''}`;
  });
  attack('expired ticket', '401', async () => status(await send(port, SVC, { path: `/?${TICKET_PARAM}=${await ticketFor('svc', -1)}` })));
  attack("service B's ticket on service A", '401', async () => status(await send(port, SVC, { path: `/?${TICKET_PARAM}=${await ticketFor('other')}` })));
  attack('made-up ticket', '401', async () => status(await send(port, SVC, { path: `/?${TICKET_PARAM}=${'A'.repeat(43)}` })));
  attack('WebSocket upgrade without cookie', 'HTTP/1.1 401', async () => statusLine(await rawUpgrade(port, SVC, [])));
  attack('WebSocket upgrade with a forged cookie', 'HTTP/1.1 401', async () =>
    statusLine(await rawUpgrade(port, SVC, [`Cookie: ${PROXY_COOKIE}=x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`])),
  );
  attack("WebSocket upgrade with another user's cookie", 'HTTP/1.1 403', async () =>
    statusLine(await rawUpgrade(port, SVC, [`Cookie: ${stack.cookie({ serviceId: 'svc', user: 'bob' })}`])),
  );
  for (const path of ['/%2e%2e/other-8000/', '/files/%2e%2e%2f%2e%2e%2fother', '/%252e%252e/%252fother', '/..%2f..%2fother-8000.localhost/']) {
    attack(`encoded traversal ${path}`, '200 from svc, as sent', async () => {
      const reply = await send(port, SVC, { path, headers: { cookie: stack.cookie({ serviceId: 'svc' }) } });
      const seen = seenBy(reply);
      return reply.status === 200 && seen.url === path && seen.headers.authorization === 'token svc-secret' ? '200 from svc, as sent' : `${reply.status} ${seen.url}`;
    });
  }
  attack('path-routing traversal /s/svc/8000/%2e%2e/…/other', '200 from svc only', async () => {
    const reply = await send(pathPort, 'localhost', { path: '/s/svc/8000/%2e%2e/%2e%2e/s/other/8000/', headers: { cookie: stack.cookie({ serviceId: 'svc' }) } });
    return reply.status === 200 && seenBy(reply).headers.authorization === 'token svc-secret' ? '200 from svc only' : status(reply);
  });
  attack('path-routing encoded slash /s/svc%2f8000/', '404', async () =>
    status(await send(pathPort, 'localhost', { path: '/s/svc%2f8000/', headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })),
  );
  attack("Host of another service, with A's cookie", '401', async () => status(await send(port, OTHER, { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })));
  attack('Host naming a service that does not exist', '404', async () =>
    status(await send(port, 'ghost-8000.localhost', { headers: { cookie: stack.cookie({ serviceId: 'ghost' }) } })),
  );
  attack('unknown Host', '404', async () => status(await send(port, 'evil.example', { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })));
  attack('Host with the domain as a subdomain', '404', async () =>
    status(await send(port, 'svc-8000.localhost.evil.example', { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })),
  );
  attack('absolute-form target naming another service', '400', async () =>
    status(await send(port, SVC, { path: `http://${OTHER}/`, headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })),
  );
  attack('X-Forwarded-Host naming another service', '200 from svc', async () => {
    const reply = await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }), 'x-forwarded-host': OTHER } });
    return reply.status === 200 && seenBy(reply).headers['x-forwarded-host'] === `${SVC}:${port}` ? '200 from svc' : status(reply);
  });
  attack('client-sent identity headers', '200 as alice', async () => {
    const headers = { cookie: stack.cookie({ serviceId: 'svc' }), 'x-atelier-user': 'mallory', 'X-Atelier-Groups': 'admin', authorization: 'token mallory' };
    const seen = seenBy(await send(port, SVC, { headers }));
    const stripped = seen.headers['x-atelier-user'] === 'alice' && !seen.headers['x-atelier-groups'] && seen.headers.authorization === 'token svc-secret';
    return stripped ? '200 as alice' : JSON.stringify(seen.headers);
  });
  attack('Connection header naming the identity header', '200 as alice', async () => {
    const seen = seenBy(await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }), connection: 'x-atelier-user', 'x-atelier-user': 'mallory' } }));
    return seen.headers['x-atelier-user'] === 'alice' ? '200 as alice' : seen.headers['x-atelier-user']!;
  });
  attack('sign-in redirect steered elsewhere', '302 → portal', async () => {
    const reply = await send(port, SVC, { path: '//evil.example/?next=https://evil.example', headers: { ...HTML, 'x-forwarded-host': 'evil.example', referer: 'https://evil.example/' } });
    return reply.headers.location === `${PORTAL}/?open=svc&port=8000` ? '302 → portal' : `${reply.status} → ${reply.headers.location}`;
  });
  attack('ticket redirect steered elsewhere', '302 → same host', async () => {
    const reply = await send(port, SVC, { path: `//evil.example/?${TICKET_PARAM}=${await ticketFor('svc')}`, headers: { 'x-forwarded-host': 'evil.example' } });
    const location = new URL(reply.headers.location!);
    return reply.status === 302 && location.host === `${SVC}:${port}` ? '302 → same host' : `${reply.status} → ${reply.headers.location}`;
  });
  attack('oversized headers', '431', async () => status(await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }), 'x-padding': 'a'.repeat(20_000) } })));
  attack('service setting the proxy cookie', "200, service's cookie only", async () => {
    const reply = await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } });
    const cookies = reply.headers['set-cookie'] ?? [];
    return cookies.length === 1 && cookies[0] === 'service_cookie=1; Path=/' ? "200, service's cookie only" : cookies.join(' | ');
  });
});

function statusLine(answer: string): string {
  return answer.split('\r\n')[0]!.split(' ').slice(0, 2).join(' ');
}

/** A raw WebSocket upgrade; everything the proxy wrote before it closed the socket. */
function rawUpgrade(port: number, host: string, extra: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`${text}[still open]`);
    }, 2000);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    const lines = [`GET / HTTP/1.1`, `Host: ${host}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];
    socket.write(`${[...lines, ...extra].join('\r\n')}\r\n\r\n`);
  });
}
