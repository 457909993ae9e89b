import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { ServiceManager } from '../../bff/services/service-manager.js';
import { FileStore } from '../../bff/store/file-store.js';
import { alive, fileServer, launchOf, setup, statusOf, waitFor } from '../fixtures/local/driver.js';

// Every BFF replica sweeps for idle services; the record's compare-and-set must let exactly
// one of them stop a given service. Two service managers, each with its own local driver, on
// one store, as two replicas on one machine.
describe('idle shutdown with two replicas', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => Promise.all(cleanups.map((cleanup) => cleanup())));

  test('both sweep the same idle service at once: exactly one stops it, once', async () => {
    const world = await setup();
    cleanups.push(world.cleanup);
    const store = new FileStore(join(world.data, 'store'));
    const replica = () => {
      const { driver } = world.driver();
      const stops: string[] = [];
      const stop = driver.stop.bind(driver);
      driver.stop = (record) => (stops.push(record.id), stop(record));
      const manager = new ServiceManager({
        store,
        catalogs: [],
        driver,
        checkRequirements: async () => null,
        resolveLaunch: () => Promise.reject(new Error('no launch in this test')),
        urlOf: (record, port) => `http://${record.id}-${port}.localhost/`,
        log: () => {},
      });
      cleanups.push(async () => manager.close());
      return { driver, manager, stops };
    };
    const [a, b] = [replica(), replica()];

    const { driver: starter, updates } = world.driver();
    const launch = launchOf(fileServer);
    const { record, pid } = await world.start(starter, launch);
    await waitFor(statusOf(updates, launch.id, 'running'), 'the file server running');
    await store.put(SERVICES, record.id, { ...record, status: 'running' } satisfies ServiceRecord, 'absent');

    const acted = await Promise.all([a.manager.stopIdle(record.id, 20), b.manager.stopIdle(record.id, 20)]);
    assert.deepEqual(acted.filter(Boolean).length, 1, `exactly one replica acts: ${acted}`);
    assert.deepEqual([...a.stops, ...b.stops], [record.id], 'the workload is stopped once');
    const stored = (await store.get<ServiceRecord>(SERVICES, record.id))!.value;
    assert.equal(stored.status, 'stopped');
    assert.equal(stored.reasonCode, 'idle');
    assert.match(stored.reason ?? '', /20 minutes without activity/);
    await waitFor(async () => !(await alive(pid)), 'the process to end');
  });
});
