/**
 * The real stack for the services element's browser tests (test/components/services-bff*.test.ts):
 * started by test/helpers/services-backend-plugin.mjs in its own process, with the driver
 * named in argv[2] — `local` (the test services below, real processes) or `kubernetes`
 * (the fake API server of test/fakes, for suspend and resume). It prints one JSON line
 * (where it is, how to mint tokens) and stops on SIGTERM.
 *
 * Its catalog `tests`: `steady` (prints a line every 0.3 s; serves HTTP after `delay`
 * seconds), `crash` (prints 25 lines, then exits with 3) and `idle` (steady, stopped after
 * 3 s without traffic). Quota: 3 services per user. Reminder after 2 seconds of running.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCRIPT_CLIENT_ID, SCRIPT_TOKEN_GRANT } from '../../bff/issuer/script-grant.js';
import { FakeCluster } from '../fakes/kube-cluster.js';
import { startInProcessStack } from './stack.js';
import { tempDir } from './temp.js';

const STEADY = `import http.server, sys, threading, time
port, delay = int(sys.argv[1]), float(sys.argv[2])
print('steady: starting', flush=True)
def talk():
    n = 0
    while True:
        n += 1
        print(f'steady: tick {n}', flush=True)
        time.sleep(0.3)
threading.Thread(target=talk, daemon=True).start()
time.sleep(delay)
http.server.ThreadingHTTPServer(('127.0.0.1', port), http.server.SimpleHTTPRequestHandler).serve_forever()
`;
const CRASH = `import sys
for n in range(1, 26):
    print(f'crash: line {n}', flush=True)
sys.exit(3)
`;

async function writeEntry(folder: string, id: string, meta: object, recipe: object, schema: object = {}): Promise<void> {
  await mkdir(join(folder, id), { recursive: true });
  await writeFile(join(folder, id, 'entry.json'), JSON.stringify({ name: id, description: `The ${id} test service`, ...meta }));
  await writeFile(join(folder, id, 'values.schema.json'), JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: schema }));
  await writeFile(join(folder, id, 'local.json'), JSON.stringify(recipe));
}

async function writeCatalog(): Promise<string> {
  const folder = await tempDir('atelier-services-catalog-');
  await writeFile(join(folder, 'catalog.json'), JSON.stringify({ name: 'Services element tests' }));
  const steady = (delay: string) => ({ command: 'python3', args: ['-c', STEADY, '{{port}}', delay], ports: [{ port: 8000, name: 'Web', health: '/' }] });
  const readme = { text: { en: 'Your service answers at {{service.url}}.', fr: 'Votre service répond à {{service.url}}.' } };
  await writeEntry(folder, 'steady', { readme }, steady('{{values.delay}}'), { delay: { type: 'number', default: 0 } });
  await writeEntry(folder, 'idle', { idleTimeout: 0.05 }, steady('0'));
  await writeEntry(folder, 'crash', {}, { command: 'python3', args: ['-c', CRASH], ports: [{ port: 8000, name: 'Web', health: '/' }] });
  return folder;
}

const driver = process.argv[2] === 'kubernetes' ? 'kubernetes' : 'local';
const services = { idleTimeoutMinutes: 0, idleCheckSeconds: 0.5, reminderHours: 2 / 3600 };
const quotas = { default: { services: 3, cpu: null, memory: null, gpu: null } };
let cluster: FakeCluster | undefined;
let raw: Record<string, unknown>;
if (driver === 'kubernetes') {
  cluster = await FakeCluster.start({ stepMs: 50 });
  cluster.api.put('namespaces', { metadata: { name: 'atelier' } });
  const kubeconfig = join(await tempDir(), 'kubeconfig');
  await writeFile(kubeconfig, cluster.api.kubeConfig().exportConfig(), { mode: 0o600 });
  raw = { driver, kubernetes: { kubeconfig }, services, quotas };
} else {
  raw = { services, quotas, catalogs: { sources: [{ id: 'local', path: 'builtin:local' }, { id: 'tests', path: await writeCatalog() }] } };
}
const stack = await startInProcessStack(raw);
console.log(JSON.stringify({ bffUrl: stack.bffUrl, issuerUrl: stack.issuerUrl, data: stack.data, clientId: SCRIPT_CLIENT_ID, grant: SCRIPT_TOKEN_GRANT }));
process.once('SIGTERM', () => {
  void (async () => {
    await stack.close();
    await stack.endServices();
    await cluster?.close();
  })().finally(() => process.exit(0));
});
