import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { listen } from '../../bff/http/listen.js';
import { SERVICES, type RoutedPort, type ServiceRecord } from '../../bff/services/record.js';
import { FileStore } from '../../bff/store/file-store.js';
import { PROXY_COOKIE, signGrant, type ProxyGrant } from '../../proxy/cookie.js';
import { createProxy, type ProxyOptions } from '../../proxy/proxy.js';

/** What an upstream saw: one entry per HTTP request or WebSocket upgrade. */
export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The proxy's side of the connection: equal for two requests means a reused connection. */
  remotePort: number;
}

/**
 * A real upstream: echoes method, url and headers as JSON; `/stream` sends a first chunk
 * and holds the response open until `release()`; WebSockets send "hello", then echo.
 */
export interface Upstream {
  url: string;
  seen: Seen[];
  release(): void;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const seen: Seen[] = [];
  let release = () => {};
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, remotePort: req.socket.remotePort! });
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      release = () => res.end('last');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['service_cookie=1; Path=/', `${PROXY_COOKIE}=evil; Path=/`] });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    seen.push({ method: 'UPGRADE', url: req.url!, headers: req.headers, remotePort: req.socket.remotePort! });
    socket.send('hello');
    socket.on('message', (data) => socket.send(`echo:${data.toString()}`));
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    release: () => release(),
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function record(id: string, owner: string, ports: RoutedPort[], status: ServiceRecord['status'] = 'running', reason: string | null = null): ServiceRecord {
  return {
    id,
    name: id,
    catalog: 'local',
    service: 'echo',
    owner,
    createdAt: new Date(0).toISOString(),
    status,
    reason,
    progress: { phase: status === 'running' ? 'ready' : 'starting', message: '', percent: status === 'running' ? 100 : 10 },
    values: {},
    ports,
    runtime: null,
  };
}

export function routed(port: number, upstream: string, token: string): RoutedPort {
  return { port, name: 'http', upstream, headers: { Authorization: `token ${token}` } };
}

export interface Stack {
  store: FileStore;
  key: Buffer;
  /** Upstream of alice's `svc` (port 8000). */
  a: Upstream;
  /** Upstream of alice's `other` (port 8000). */
  b: Upstream;
  proxyPort: number;
  logs: string[];
  cookie(grant: Partial<ProxyGrant> & { serviceId: string }): string;
  /** Another proxy on the same store and key. */
  startProxy(options?: Partial<ProxyOptions>): Promise<{ port: number; close(): Promise<void> }>;
  close(): Promise<void>;
}

export const PORTAL = 'http://portal.test:8080';

export async function startStack(options: Partial<ProxyOptions> = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'atelier-proxy-'));
  const store = new FileStore(dir);
  const key = randomBytes(32);
  const [a, b] = await Promise.all([startUpstream(), startUpstream()]);
  await store.put(SERVICES, 'svc', record('svc', 'alice', [routed(8000, a.url, 'svc-secret')]), 'absent');
  await store.put(SERVICES, 'other', record('other', 'alice', [routed(8000, b.url, 'other-secret')]), 'absent');
  const logs: string[] = [];
  const proxies: { close(): Promise<void> }[] = [];
  const startProxy = async (overrides: Partial<ProxyOptions> = {}) => {
    const proxy = createProxy({
      store,
      domain: 'localhost',
      publicUrl: 'http://localhost:8081',
      portalUrl: PORTAL,
      cookieKey: key,
      cookieMaxAgeSeconds: 3600,
      cacheSeconds: 5,
      log: (message) => logs.push(message),
      ...overrides,
    });
    const port = await listen(proxy.server, 0, '127.0.0.1');
    proxies.push(proxy);
    return { port, close: () => proxy.close() };
  };
  const main = await startProxy(options);
  return {
    store,
    key,
    a,
    b,
    proxyPort: main.port,
    logs,
    startProxy,
    cookie: (grant) =>
      `${PROXY_COOKIE}=${signGrant({ port: 8000, user: 'alice', expiresAt: Date.now() + 3_600_000, ...grant }, key)}`,
    async close() {
      await Promise.all(proxies.map((proxy) => proxy.close()));
      await Promise.all([a.close(), b.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request to the proxy on 127.0.0.1 with an explicit Host (Node does not resolve *.localhost). */
export function send(port: number, host: string, options: { path?: string; method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', agent: false, headers: { host: `${host}:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

