import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Service } from '../../components/api/types.js';
import { dataIdOf } from '../../bff/drivers/local/processes.js';
import { readStackFile } from '../../bff/stack-file.js';
import { writeTestCatalog } from '../fixtures/local/catalog.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

// `kill -9` of the BFF at any moment loses no service record and leaves no orphan process.
// The real stack runs in a child process (bff/server.ts); the test SIGKILLs it during a
// launch, while services run, and during a delete, starts it again on the same data folder,
// and checks what a user and an administrator would: every service it was told about is
// listed (adopted, or stopped/failed with a reason), and every process of this data folder
// belongs to a listed live service. Services are `slow` (test/fixtures/local): a child in a
// session of its own, and about a second before they answer.

interface Known {
  /** created: the launch answered 201; deleted: the delete answered 204; uncertain: the BFF died first. */
  state: 'created' | 'deleted' | 'uncertain';
}

describe('kill -9 of the BFF', () => {
  let stack: TestStack;
  let config: string;
  let token: string;
  const known = new Map<string, Known>();
  const restarts: string[] = [];

  before(async () => {
    const catalog = await writeTestCatalog(await tempDir('atelier-crash-catalog-'));
    config = join(await tempDir('atelier-crash-config-'), 'atelier.json');
    await writeFile(config, JSON.stringify({ catalogs: { sources: [{ id: 'lab', path: catalog }] }, services: { stopTimeoutSeconds: 2 },
      // The services of every crash moment run side by side: no quota in the way.
      quotas: { default: { services: null } } }));
    stack = await startTestStack({ env: { ATELIER_CONFIG: config } });
    token = await tokenFor(stack);
  });
  after(async () => stack?.stop());

  /** SIGKILL of the BFF's process (the pid its stack file names), then a new start on the same data folder. */
  const killAndRestart = async (moment: string) => {
    const { pid } = (await readStackFile(stack.data))!;
    process.kill(pid, 'SIGKILL');
    await waitGone(pid);
    stack = await startTestStack({ data: stack.data, env: { ATELIER_CONFIG: config } });
    token = await tokenFor(stack);
    restarts.push(moment);
  };

  const launch = (delay = 1) => call<Service>(stack.bffUrl, 'POST', '/api/services', { token, body: { catalog: 'lab', service: 'slow', values: { delay } } });
  const list = async () => (await call<Service[]>(stack.bffUrl, 'GET', '/api/services', { token })).body;
  const running = async (id: string) => {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
      const service = (await list()).find((candidate) => candidate.id === id);
      if (service?.status === 'running') return;
    }
    assert.fail(`${id} did not run`);
  };

  /**
   * What must hold after each restart, once the adoption's verdicts are recorded (a service
   * still starting has its process, and answers within seconds): no record lost, none
   * resurrected, a reason for every service that is not live, and no process of this data
   * folder outside a live service.
   */
  const check = async (moment: string) => {
    let services: Service[] = [];
    let processes = new Map<string, number[]>();
    for (const deadline = Date.now() + 20_000; ; await sleep(200)) {
      services = await list();
      processes = await processesOfData(stack.data);
      const live = new Set(services.filter((service) => service.status === 'starting' || service.status === 'running').map((service) => service.id));
      const settled = services.every((service) => service.status !== 'starting') && [...processes.keys()].every((id) => live.has(id));
      if (settled || Date.now() > deadline) break;
    }
    const listed = new Map(services.map((service) => [service.id, service]));
    const where = `after a kill -9 ${moment}: ${JSON.stringify(services.map(({ id, status, reason }) => ({ id, status, reason })))}, processes ${JSON.stringify([...processes])}\n${stack.output()}`;
    for (const [id, { state }] of known) {
      if (state === 'created') assert.ok(listed.has(id), `${id} was created: it is still listed, ${where}`);
      if (state === 'deleted') assert.ok(!listed.has(id), `${id} was deleted: it stays deleted, ${where}`);
    }
    for (const service of services) {
      if (!known.has(service.id)) known.set(service.id, { state: 'created' }); // a launch the BFF recorded before it died
      assert.notEqual(service.status, 'starting', `${service.id} is still starting, ${where}`);
      if (service.status === 'failed' || service.status === 'stopped') assert.ok(service.reason, `${service.id} says why it is ${service.status}, ${where}`);
      if (service.status === 'running') assert.ok(processes.has(service.id), `${service.id} runs: its processes are there, ${where}`);
    }
    for (const id of processes.keys()) {
      const status = listed.get(id)?.status;
      assert.ok(status === 'running', `the processes of ${id} belong to a live service (it is ${status ?? 'not listed'}), ${where}`);
    }
    return services;
  };

  /** What became of the services after a restart, in the test's output (which windows the kills hit varies with the machine). */
  const outcome = (services: Service[], ids: Set<string>) =>
    services.filter((service) => ids.has(service.id)).map((service) => `${service.status}${service.reason ? ` (${service.reason})` : ''}`).join('; ') || 'no record';

  test('while services run: they are adopted, and keep running', async () => {
    const first = await launch();
    const second = await launch();
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    for (const { body } of [first, second]) known.set(body.id, { state: 'created' });
    await running(first.body.id);
    await running(second.body.id);
    const before = await processesOfData(stack.data);

    await killAndRestart('while services run');
    await check('while services run');
    const services = await list();
    for (const { body } of [first, second]) assert.equal(services.find((service) => service.id === body.id)?.status, 'running');
    assert.deepEqual(await processesOfData(stack.data), before, 'the very same processes, adopted');
  });

  // From the request's first byte to after the service answers: before the record is
  // written, before the process starts, before its pid is recorded, during its health check.
  for (const delayMs of [0, 10, 30, 80, 200, 600, 1500]) {
    test(`during a launch, ${delayMs} ms after the request`, async (t) => {
      const before = new Set((await list()).map((service) => service.id));
      const launching = launch(1).then(
        (answer) => {
          if (answer.status === 201) known.set(answer.body.id, { state: 'created' });
        },
        () => {}, // the BFF died before it answered
      );
      await sleep(delayMs);
      await killAndRestart(`${delayMs} ms into a launch`);
      await launching;
      const services = await check(`${delayMs} ms into a launch`);
      const orphans = stack.output().includes('which no live record owns') ? ', and its orphan processes were ended' : '';
      t.diagnostic(`the launch: ${outcome(services, new Set(services.map((service) => service.id).filter((id) => !before.has(id))))}${orphans}`);
    });
  }

  for (const delayMs of [0, 20, 100, 400]) {
    test(`during a delete, ${delayMs} ms after the request`, async (t) => {
      const created = await launch(0);
      assert.equal(created.status, 201);
      const { id } = created.body;
      known.set(id, { state: 'created' });
      await running(id);
      known.set(id, { state: 'uncertain' });
      const deleting = call(stack.bffUrl, 'DELETE', `/api/services/${id}`, { token }).then(
        (answer) => {
          if (answer.status === 204) known.set(id, { state: 'deleted' });
        },
        () => {},
      );
      await sleep(delayMs);
      await killAndRestart(`${delayMs} ms into a delete`);
      await deleting;
      t.diagnostic(`the service: ${outcome(await check(`${delayMs} ms into a delete`), new Set([id]))}`);
      // A service whose delete was cut short is still listed: it can be deleted again, to the end.
      if ((await list()).some((service) => service.id === id)) {
        assert.equal((await call(stack.bffUrl, 'DELETE', `/api/services/${id}`, { token })).status, 204);
        known.set(id, { state: 'deleted' });
        await check('after deleting again');
      }
    });
  }

  test('at the end, every service the test was told about is accounted for', async () => {
    assert.ok(restarts.length >= 12, `the stack was killed ${restarts.length} times`);
    await check('at the end');
    const services = await list();
    const live = services.filter((service) => service.status === 'running').length;
    assert.ok(live >= 2, 'the services of the first case still run');
  });
});

async function tokenFor(stack: TestStack): Promise<string> {
  return issuerToken({ url: (await readStackFile(stack.data))!.issuer }, stack.data, 'alice');
}

async function waitGone(pid: number): Promise<void> {
  for (;;) {
    try {
      const state = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.[0];
      if (state === 'Z' || state === 'X') return;
    } catch {
      return;
    }
    await sleep(20);
  }
}

/** The running processes of this data folder, by service id, as the test reads them in /proc. */
async function processesOfData(data: string): Promise<Map<string, number[]>> {
  const tag = `ATELIER_DATA_ID=${await dataIdOf(data)}`;
  const found = new Map<string, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const state = (await readFile(`/proc/${name}/stat`, 'utf8')).split(') ')[1]?.[0];
      if (state === 'Z' || state === 'X') continue;
      const environ = (await readFile(`/proc/${name}/environ`, 'utf8')).split('\0');
      if (!environ.includes(tag)) continue;
      const id = environ.find((line) => line.startsWith('ATELIER_SERVICE_ID='))!.slice('ATELIER_SERVICE_ID='.length);
      found.set(id, [...(found.get(id) ?? []), Number(name)].sort((a, b) => a - b));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
