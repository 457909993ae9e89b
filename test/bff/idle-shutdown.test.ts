import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { Service } from '../../components/api/types.js';
import { dataIdOf, taggedProcesses } from '../../bff/drivers/local/processes.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

/** A real service that speaks WebSocket: Python's standard library, the RFC 6455 handshake, then it reads whatever comes. */
const WEBSOCKET_SERVER = `
import base64, hashlib, socketserver, sys
class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        headers = {}
        self.rfile.readline()
        while True:
            line = self.rfile.readline().decode().strip()
            if not line: break
            name, _, value = line.partition(':')
            headers[name.strip().lower()] = value.strip()
        key = headers.get('sec-websocket-key')
        if not key:
            self.wfile.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok')
            return
        accept = base64.b64encode(hashlib.sha1((key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').encode()).digest()).decode()
        self.wfile.write(('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: ' + accept + '\\r\\n\\r\\n').encode())
        self.wfile.flush()
        while self.request.recv(4096): pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
`;

/** A catalog with that service, idle after 3 seconds (its entry's idleTimeout, in minutes). */
async function socketCatalog(): Promise<string> {
  const folder = await tempDir('atelier-idle-catalog-');
  await writeFile(join(folder, 'catalog.json'), JSON.stringify({ name: 'Idle' }));
  await mkdir(join(folder, 'sockets'));
  await writeFile(join(folder, 'sockets', 'entry.json'), JSON.stringify({ name: 'Sockets', description: 'A WebSocket server', version: '1', idleTimeout: 0.05 }));
  await writeFile(join(folder, 'sockets', 'values.schema.json'), JSON.stringify({ type: 'object', properties: {} }));
  await writeFile(
    join(folder, 'sockets', 'local.json'),
    JSON.stringify({ command: 'python3', args: ['-c', WEBSOCKET_SERVER, '{{port}}'], ports: [{ port: 80, name: 'Sockets', health: '/' }] }),
  );
  return folder;
}

describe('idle shutdown, with a real service behind the real proxy', { timeout: 90_000 }, () => {
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  let alice: string;
  const api = (method: string, path: string) => call(stack.bffUrl, method, path, { token: alice, body: method === 'POST' ? {} : undefined });

  async function launch(): Promise<Service> {
    const launched = await call(stack.bffUrl, 'POST', '/api/services', { token: alice, body: { catalog: 'idle', service: 'sockets' } });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    return launched.body;
  }
  async function until(id: string, status: string, seconds: number): Promise<Service> {
    let service = (await api('GET', `/api/services/${id}`)).body as Service;
    for (let i = 0; i < seconds * 10 && service.status !== status; i++) {
      await sleep(100);
      service = (await api('GET', `/api/services/${id}`)).body;
    }
    return service;
  }

  before(async () => {
    stack = await startInProcessStack({
      catalogs: { sources: [{ id: 'idle', path: await socketCatalog() }] },
      services: { idleCheckSeconds: 0.3 },
      proxy: { activitySeconds: 1 },
    });
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
  });
  after(async () => {
    await stack.close();
    await stack.endServices();
  });

  test('without traffic a service is stopped with its reason; WebSocket frames keep another alive', async () => {
    const [kept, idle] = await Promise.all([launch(), launch()]);
    assert.equal((await until(kept.id, 'running', 15)).status, 'running');

    // A browser tab on `kept`: the ticket's cookie, then a WebSocket through the proxy, a frame every 300 ms.
    const ticket = new URL((await api('POST', `/api/services/${kept.id}/open`)).body.url);
    const cookie = await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: ticket.port, path: `${ticket.pathname}${ticket.search}`, headers: { host: ticket.host } }, (res) => {
          res.resume();
          resolve(res.headers['set-cookie']![0]!.split(';')[0]!);
        })
        .on('error', reject);
    });
    const socket = new WebSocket(`ws://127.0.0.1:${ticket.port}/socket`, { headers: { host: ticket.host, origin: ticket.origin, cookie } });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const beat = setInterval(() => socket.send('ping'), 300);

    try {
      const stopped = await until(idle.id, 'stopped', 20);
      assert.equal(stopped.status, 'stopped', JSON.stringify(stopped));
      assert.equal(stopped.reasonCode, 'idle');
      assert.match(stopped.reason ?? '', /Stopped after 0\.05 minutes without activity/);
      assert.equal(stopped.idleMinutes, 0.05, 'the timeout it ran into, for the element to say in its language');
      const processesOf = async (id: string) => (await taggedProcesses(await dataIdOf(stack.data))).filter((tagged) => tagged.serviceId === id);
      for (let i = 0; i < 100 && (await processesOf(idle.id)).length > 0; i++) await sleep(100);
      assert.deepEqual(await processesOf(idle.id), [], 'its processes ended');
      const history = (await api('GET', `/api/services/${idle.id}/history`)).body;
      assert.equal(history.at(-1).reason, 'Stopped');
      assert.equal(history.at(-1).message, stopped.reason);

      // Twice its idle limit later, the service with an open WebSocket still runs.
      await sleep(6000);
      const alive = (await api('GET', `/api/services/${kept.id}`)).body as Service;
      assert.equal(alive.status, 'running', JSON.stringify(alive));
      assert.ok(alive.lastActivityAt && Date.now() - Date.parse(alive.lastActivityAt) < 4000, `last activity ${alive.lastActivityAt}`);
    } finally {
      clearInterval(beat);
      socket.close();
    }
    // Once the tab is gone, it goes idle too.
    const later = await until(kept.id, 'stopped', 20);
    assert.equal(later.reasonCode, 'idle');
  });
});
