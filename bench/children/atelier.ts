import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { FileStore } from '../../bff/store/file-store.js';
import { PROXY_COOKIE, signGrant } from '../../proxy/cookie.js';
import { createProxy } from '../../proxy/proxy.js';
import { ready } from './child.js';

/**
 * Atelier's proxy as `npm start` runs it (real store on disk, real cookie key), with one
 * running service `bench` of alice's whose port 8000 is the benchmark's upstream. It
 * hands the parent a real cookie: every benchmark request is authenticated.
 */
const target = process.argv[2]!;
const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const store = new FileStore(dir);
const record: ServiceRecord = {
  id: 'bench',
  name: 'bench',
  catalog: 'local',
  service: 'echo',
  owner: 'alice',
  createdAt: new Date().toISOString(),
  status: 'running',
  reason: null,
  progress: { phase: 'ready', message: '', percent: 100 },
  values: {},
  ports: [{ port: 8000, name: 'http', upstream: target, headers: { Authorization: 'token bench-secret' } }],
  runtime: null,
};
await store.put(SERVICES, record.id, record, 'absent');
const cookieKey = randomBytes(32);
const proxy = createProxy({
  store,
  domain: 'localhost',
  publicUrl: 'http://localhost:8081',
  portalUrl: 'http://localhost:8080',
  cookieKey,
  cookieMaxAgeSeconds: 3600,
  cacheSeconds: 2,
  log: (message) => console.error(message),
});
const cookie = `${PROXY_COOKIE}=${signGrant({ serviceId: 'bench', port: 8000, user: 'alice', expiresAt: Date.now() + 3_600_000 }, cookieKey)}`;
proxy.server.listen(0, '127.0.0.1', () => {
  const port = (proxy.server.address() as { port: number }).port;
  ready({ port, host: `bench-8000.localhost:${port}`, cookie });
});
