import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SERVICES } from '../../bff/services/record.js';
import { PROXY_COOKIE } from '../../proxy/cookie.js';
import { TICKET_PARAM } from '../../proxy/tickets.js';
import { record, routed, startStack, type Stack } from './helpers.js';

const SVC = 'svc-8000.localhost';

describe('proxy over WebSocket', { timeout: 20_000 }, () => {
  let stack: Stack;
  let port: number;
  before(async () => {
    stack = await startStack();
    port = stack.proxyPort;
  });
  after(() => stack.close());

  /**
   * Sends a raw upgrade request and returns everything the proxy wrote before closing
   * the socket; if it is still open after a second, what was written plus "[open]".
   */
  function rawUpgrade(host: string, path = '/api/kernels/1/channels', extra: string[] = [], upgrade = 'websocket'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const text = () => Buffer.concat(chunks).toString('utf8');
      const timer = setTimeout(() => {
        resolve(`${text()}[open]`);
        socket.destroy();
      }, 1000);
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(text());
      });
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: ${host}:${port}`,
          `Upgrade: ${upgrade}`,
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          ...extra,
          '',
          '',
        ].join('\r\n'),
      );
    });
  }

  it('carries messages both ways for the owner, with the same header rewriting as HTTP', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/kernels/1/channels?session=s`, {
      headers: { host: `${SVC}:${port}`, origin: `http://${SVC}:${port}`, cookie: `_xsrf=x; ${stack.cookie({ serviceId: 'svc' })}`, 'x-atelier-user': 'mallory' },
    });
    const messages: string[] = [];
    const received = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        messages.push(data.toString());
        if (messages.length === 1) ws.send('ping');
        if (messages.length === 2) resolve();
      });
      ws.on('error', reject);
    });
    await received;
    assert.deepEqual(messages, ['hello', 'echo:ping']);
    ws.close();
    const upgrade = stack.a.seen.find((seen) => seen.method === 'UPGRADE')!;
    assert.equal(upgrade.url, '/api/kernels/1/channels?session=s');
    assert.equal(upgrade.headers['x-atelier-user'], 'alice');
    assert.equal(upgrade.headers.authorization, 'token svc-secret');
    assert.equal(upgrade.headers.cookie, '_xsrf=x');
    assert.equal(upgrade.headers.host, `${SVC}:${port}`, 'Host stays equal to Origin for Jupyter');
  });

  it('answers an upgrade without a valid cookie with a 401 status line and closes', async () => {
    const before = stack.a.seen.length;
    const refused = await rawUpgrade(SVC);
    assert.match(refused, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.doesNotMatch(refused, /\[open\]$/, 'the proxy closes the socket');
    assert.match(await rawUpgrade(SVC, '/', [`Cookie: ${PROXY_COOKIE}=forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`]), /^HTTP\/1\.1 401 /);
    assert.match(await rawUpgrade(SVC, '/', [`Cookie: ${stack.cookie({ serviceId: 'other' })}`]), /^HTTP\/1\.1 401 /);
    assert.equal(stack.a.seen.length, before);
  });

  it('answers 403, 404, 400 (not a WebSocket, a ticket) and 503 on upgrades as status lines too', async () => {
    assert.match(await rawUpgrade(SVC, '/', [`Cookie: ${stack.cookie({ serviceId: 'svc', user: 'bob' })}`]), /^HTTP\/1\.1 403 Forbidden\r\n/);
    assert.match(await rawUpgrade('ghost-8000.localhost', '/', [`Cookie: ${stack.cookie({ serviceId: 'ghost' })}`]), /^HTTP\/1\.1 404 Not Found\r\n/);
    assert.match(await rawUpgrade('elsewhere.example'), /^HTTP\/1\.1 404 /);
    assert.match(await rawUpgrade(SVC, '/', [`Cookie: ${stack.cookie({ serviceId: 'svc' })}`], 'h2c'), /^HTTP\/1\.1 400 /);
    assert.match(await rawUpgrade(SVC, `/?${TICKET_PARAM}=x`, [`Cookie: ${stack.cookie({ serviceId: 'svc' })}`]), /^HTTP\/1\.1 400 /);
    await stack.store.put(SERVICES, 'booting', record('booting', 'alice', [routed(8000, stack.a.url, 't')], 'starting'), 'absent');
    assert.match(await rawUpgrade('booting-8000.localhost', '/', [`Cookie: ${stack.cookie({ serviceId: 'booting' })}`]), /^HTTP\/1\.1 503 /);
    assert.equal(stack.a.seen.filter((seen) => seen.method === 'UPGRADE').length, 1, 'only the first test upgraded');
  });

  it('answers 502 on an upgrade when the upstream does not answer', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await stack.store.put(SERVICES, 'dead', record('dead', 'alice', [routed(8000, `http://127.0.0.1:${deadPort}`, 't')]), 'absent');
    assert.match(await rawUpgrade('dead-8000.localhost', '/', [`Cookie: ${stack.cookie({ serviceId: 'dead' })}`]), /^HTTP\/1\.1 502 /);
  });
});
