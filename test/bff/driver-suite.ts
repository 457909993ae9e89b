import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CatalogEntry } from '../../bff/catalogs/catalog.js';
import type { Launch, StartedWorkload, StatusUpdate, WorkloadDriver } from '../../bff/drivers/driver.js';
import type { ServiceRecord } from '../../bff/services/record.js';

/**
 * What every workload driver guarantees, as one suite that test/bff/drivers.test.ts runs
 * against each driver: the local one with real processes, the Kubernetes one against the
 * fake API server and its simulated cluster. A harness gives the suite a fresh "world"
 * (a data folder, a cluster) per test and the few things only it can do (see what is left
 * of a service, end one behind the driver's back).
 */
export interface DriverWorld {
  /** A new driver on this world, as a restarted BFF would make it, with the updates it reports. */
  driver(): { driver: WorkloadDriver; updates: StatusUpdate[] };
  /** An entry that starts and becomes healthy. */
  healthy: CatalogEntry;
  /** An entry whose workload prints `boom` and exits with code 3. */
  crashing: CatalogEntry;
  /** What is left of the service (processes, cluster objects), one line each; empty once it is all gone. */
  remains(record: ServiceRecord): Promise<string[]>;
  /** Ends the service behind Atelier's back (kill -9, an administrator deleting it). */
  kill(record: ServiceRecord): Promise<void>;
  /** The record a new driver is given after a restart (Kubernetes: without its runtime, the cluster alone must do). */
  forAdoption(record: ServiceRecord): ServiceRecord;
  cleanup(): Promise<void>;
}

export interface DriverHarness {
  name: string;
  world(): Promise<DriverWorld>;
  /** How long a healthy service takes to run, at most. */
  readyWithinMs: number;
}

let count = 0;
export function launchOf(entry: CatalogEntry, lang: Launch['lang'] = 'en'): Launch {
  return { id: `${entry.id}-${process.pid}-${++count}`, user: { username: 'alice', name: 'Alice', email: null, groups: [] }, entry, values: { folder: '' }, lang };
}

export function recordOf(launch: Launch, started: StartedWorkload | null, status: ServiceRecord['status'] = 'starting'): ServiceRecord {
  return {
    id: launch.id,
    name: 'test',
    catalog: launch.entry.catalog,
    service: launch.entry.id,
    owner: launch.user.username,
    createdAt: new Date().toISOString(),
    status,
    reason: null,
    progress: { phase: 'scheduling', message: 'Preparing the launch', percent: 10 },
    values: launch.values,
    ports: started?.ports ?? [],
    runtime: started?.runtime ?? null,
  };
}

export async function waitFor<T>(find: () => T | undefined | false, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

const first = (updates: StatusUpdate[], id: string, status: string) => () => updates.find((update) => update.id === id && update.status === status);
const of = (updates: StatusUpdate[], id: string) => updates.filter((update) => update.id === id);

export function driverSuite(harness: DriverHarness): void {
  describe(`the ${harness.name} driver (shared driver suite)`, () => {
    const worlds: DriverWorld[] = [];
    after(async () => {
      await Promise.all(worlds.map((world) => world.cleanup()));
    });
    const fresh = async () => {
      const world = await harness.world();
      worlds.push(world);
      return world;
    };
    const running = (updates: StatusUpdate[], id: string) => waitFor(first(updates, id, 'running'), `${id} to run`, harness.readyWithinMs);

    test('start reports starting, progress that only goes forward, then running once', async () => {
      const world = await fresh();
      const { driver, updates } = world.driver();
      const launch = launchOf(world.healthy, 'fr');
      const started = await driver.start(launch);
      await running(updates, launch.id);

      const mine = of(updates, launch.id);
      assert.equal(mine[0]?.status, 'starting', 'the first thing reported is starting');
      assert.equal(mine.at(-1)?.status, 'running', 'running comes last');
      assert.deepEqual(mine.at(-1)?.progress, { phase: 'ready', message: 'Ready', percent: 100 });
      assert.equal(mine.at(-1)?.reason, null);
      assert.ok(mine.slice(0, -1).every((update) => update.status === 'starting'), `only starting before running: ${JSON.stringify(mine)}`);
      const percents = mine.slice(0, -1).map((update) => update.progress?.percent ?? 0);
      assert.deepEqual(percents, [...percents].sort((a, b) => a - b), `progress only goes forward: ${percents.join(', ')}`);
      assert.ok(mine.some((update) => update.progress?.phase === 'health-check' || update.progress?.phase === 'starting'), 'the phases before ready are told');

      const declared = world.healthy.local?.ports[0]?.port ?? world.healthy.kubernetes?.ports[0]?.port;
      assert.equal(started.ports[0]?.port, declared, 'the port keeps the number the recipe declares');
      assert.equal(started.ports[0]?.name, 'Fichiers', 'the port is named in the launch language');
      assert.doesNotThrow(() => new URL(started.ports[0]!.upstream), 'the upstream is a URL the proxy can forward to');
      await driver.stop(recordOf(launch, started));
    });

    test('stop removes everything the service started, and reports nothing more', async () => {
      const world = await fresh();
      const { driver, updates } = world.driver();
      const launch = launchOf(world.healthy);
      const record = recordOf(launch, await driver.start(launch));
      await running(updates, launch.id);
      assert.notDeepEqual(await world.remains(record), [], 'a running service is there');
      const reported = of(updates, launch.id).length;

      await driver.stop(record);
      assert.deepEqual(await world.remains(record), [], 'nothing is left once stop resolves');
      await driver.stop(record); // a second stop is harmless
      await sleep(300);
      assert.equal(of(updates, launch.id).length, reported, 'a stop asked for reports nothing');
    });

    test('a stop during the start leaves nothing, even before the start resolved', async () => {
      const world = await fresh();
      const { driver, updates } = world.driver();
      const launch = launchOf(world.healthy);
      const starting = driver.start(launch);
      await driver.stop(recordOf(launch, null)); // the record has no runtime yet
      const started = await starting;
      assert.deepEqual(await world.remains(recordOf(launch, started)), []);
      await sleep(300);
      assert.deepEqual(
        of(updates, launch.id).filter((update) => update.status !== 'starting'),
        [],
        'a stopped start is neither running nor failed',
      );
    });

    test('a workload that exits is failed, with its exit code and last words, which its logs keep', async () => {
      const world = await fresh();
      const { driver, updates } = world.driver();
      const launch = launchOf(world.crashing);
      const record = recordOf(launch, await driver.start(launch));
      const failed = await waitFor(first(updates, launch.id, 'failed'), 'failed', harness.readyWithinMs);
      assert.match(failed.reason!, /code 3/);
      assert.match(failed.reason!, /boom/);
      assert.equal(failed.progress?.phase, 'failed');
      assert.equal(failed.progress?.message, failed.reason);
      assert.equal(of(updates, launch.id).some((update) => update.status === 'running'), false);
      assert.match(await driver.logs(record, 10), /boom/, 'the logs of a failed service hold its last words');
      await driver.stop(record);
      assert.deepEqual(await world.remains(record), []);
    });

    test('after a restart, a new driver adopts a running service, has nothing new to say, and stops it', async () => {
      const world = await fresh();
      const a = world.driver();
      const launch = launchOf(world.healthy);
      const record = recordOf(launch, await a.driver.start(launch), 'running');
      await running(a.updates, launch.id);
      await a.driver.close();
      assert.notDeepEqual(await world.remains(record), [], 'closing the driver leaves the service running');

      const b = world.driver();
      await b.driver.adopt([world.forAdoption({ ...record, status: 'running', progress: { phase: 'ready', message: 'Ready', percent: 100 } })]);
      await sleep(1300); // more than one liveness poll of the local driver
      assert.deepEqual(of(b.updates, launch.id), [], 'nothing to report about a healthy adopted service');
      await b.driver.stop(world.forAdoption(record));
      assert.deepEqual(await world.remains(record), []);
    });

    test('after a restart, a service that ended meanwhile is reported stopped, with why', async () => {
      const world = await fresh();
      const a = world.driver();
      const launch = launchOf(world.healthy);
      const record = recordOf(launch, await a.driver.start(launch), 'running');
      await running(a.updates, launch.id);
      await a.driver.close();
      await world.kill(record);

      const b = world.driver();
      await b.driver.adopt([world.forAdoption(record)]);
      const stopped = await waitFor(first(b.updates, launch.id, 'stopped'), 'stopped', 5000);
      assert.ok(stopped.reason && stopped.reason.length > 10, `a reason is given: ${stopped.reason}`);
    });

    test('the end of an adopted service is noticed', async () => {
      const world = await fresh();
      const a = world.driver();
      const launch = launchOf(world.healthy);
      const record = recordOf(launch, await a.driver.start(launch), 'running');
      await running(a.updates, launch.id);
      await a.driver.close();

      const b = world.driver();
      await b.driver.adopt([world.forAdoption({ ...record, status: 'running' })]);
      await world.kill(record);
      const stopped = await waitFor(first(b.updates, launch.id, 'stopped'), 'the end of the adopted service', 5000);
      assert.ok(stopped.reason);
    });

    test('suspend keeps the service’s data and reports why; resume brings it back to running', async (t) => {
      const world = await fresh();
      const { driver, updates } = world.driver();
      if (!driver.suspend || !driver.resume) {
        t.skip(`the ${harness.name} driver does not suspend (it has no suspend method)`);
        return;
      }
      const launch = launchOf(world.healthy);
      const record = recordOf(launch, await driver.start(launch), 'running');
      await running(updates, launch.id);
      await driver.suspend(record, 'Idle for 20 minutes.');
      const suspended = of(updates, launch.id).at(-1)!;
      assert.equal(suspended.status, 'suspended');
      assert.equal(suspended.reason, 'Idle for 20 minutes.');
      assert.notDeepEqual(await world.remains(record), [], 'a suspended service keeps its data');

      const before = of(updates, launch.id).length;
      await driver.resume({ ...record, status: 'suspended' });
      await waitFor(() => of(updates, launch.id).slice(before).find((update) => update.status === 'running'), 'running again', harness.readyWithinMs);
      assert.equal(of(updates, launch.id)[before]?.status, 'starting', 'resume reports starting first');
      await driver.stop(record);
      assert.deepEqual(await world.remains(record), []);
    });
  });
}
