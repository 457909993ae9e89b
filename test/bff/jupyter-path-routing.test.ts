import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';

const JUPYTER = existsSync('/usr/bin/jupyter-notebook');

// Path routing puts Jupyter under /s/<id>/8888/: it must be told that base URL
// ({{basePath}}), keep the prefix (stripPrefix: false), and pass its health check there.
describe('Jupyter under path routing', { skip: JUPYTER ? false : 'Debian jupyter-notebook is not installed', timeout: 120_000 }, () => {
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  let alice: string;
  before(async () => {
    stack = await startInProcessStack({ proxy: { routing: 'path', sharing: false } });
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
  });
  after(async () => {
    await stack?.close();
    await stack?.endServices();
  });

  test('runs under /s/<id>/8888/, opens through a ticket, and its kernel answers over a WebSocket', async () => {
    const created = await call(stack.bffUrl, 'POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'jupyter' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const deadline = Date.now() + 60_000;
    let service = created.body;
    while (service.status === 'starting' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      service = (await call(stack.bffUrl, 'GET', `/api/services/${id}`, { token: alice })).body;
    }
    assert.equal(service.status, 'running', service.reason);

    const { url } = (await call(stack.bffUrl, 'POST', `/api/services/${id}/open`, { token: alice, body: {} })).body as { url: string };
    const base = `/s/${id}/8888/`;
    assert.equal(new URL(url).pathname, base);
    const redeemed = await fetch(url, { redirect: 'manual' });
    assert.equal(redeemed.status, 302);
    const cookie = redeemed.headers.get('set-cookie')!.split(';')[0]!;
    const origin = new URL(url).origin;
    const headers = { cookie };

    const tree = await fetch(`${origin}${base}tree`, { headers });
    assert.equal(tree.status, 200);
    assert.match(await tree.text(), new RegExp(`${base}static/`), 'the page links its assets under its base URL');

    const kernel = await fetch(`${origin}${base}api/kernels`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(kernel.status, 201);
    const { id: kernelId } = (await kernel.json()) as { id: string };
    const socket = new WebSocket(`${origin.replace('http', 'ws')}${base}api/kernels/${kernelId}/channels`, { headers });
    assert.equal(await execute(socket, '6 * 7'), '42');
  });
});

/** Sends an execute_request on the kernel's channels and resolves with its text result. */
function execute(socket: WebSocket, code: string): Promise<string> {
  const msgId = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the kernel in 30 s')), 30_000);
    socket.on('error', reject);
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          header: { msg_id: msgId, username: 'test', session: randomUUID(), msg_type: 'execute_request', version: '5.3', date: new Date().toISOString() },
          parent_header: {},
          metadata: {},
          content: { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true },
          channel: 'shell',
          buffers: [],
        }),
      ),
    );
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.msg_type === 'execute_result' && message.parent_header?.msg_id === msgId) {
        clearTimeout(timer);
        socket.close();
        resolve(message.content.data['text/plain']);
      }
    });
  });
}
