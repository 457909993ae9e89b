import type { WorkloadDriver } from '../../bff/drivers/driver.js';
import { namespaceOf, objectNameOf } from '../../bff/drivers/kubernetes/objects.js';
import { alive, fileServer, processesOf, pythonRecipe, setup, withRecipe } from '../fixtures/local/driver.js';
import { FakeCluster } from '../fakes/kube-cluster.js';
import { builtinEntry, kubernetesDriver, withImage } from '../fakes/kube-driver.js';
import { driverSuite, type DriverHarness } from './driver-suite.js';

// The same cases against both drivers (test/bff/driver-suite.ts): the local one runs real
// processes; the Kubernetes one runs against the in-process fake API server and its
// simulated cluster (test/fakes/), the only Kubernetes these machines have.

const local: DriverHarness = {
  name: 'local',
  readyWithinMs: 10_000,
  async world() {
    const { driver, cleanup } = await setup();
    return {
      driver,
      healthy: fileServer,
      crashing: withRecipe(fileServer, pythonRecipe("import sys; print('boom', flush=True); sys.exit(3)")),
      remains: async (record) => (await processesOf(record.id)).map((process) => `${process.pid} ${process.cmdline}`),
      kill: async (record) => {
        const pids = [...(await processesOf(record.id)).map((process) => process.pid), record.runtime?.pid as number].filter(Boolean);
        for (const pid of pids) {
          try {
            if (await alive(pid)) process.kill(pid, 'SIGKILL');
          } catch (error) {
            // Ended meanwhile: killing one process of a sandbox ends the others.
            if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
          }
        }
      },
      forAdoption: (record) => record,
      cleanup,
    };
  },
};

const CRASHING_IMAGE = 'registry.example.org/atelier-tests/crash:1';

const kubernetes: DriverHarness = {
  name: 'Kubernetes',
  readyWithinMs: 5000,
  async world() {
    const cluster = await FakeCluster.start({ stepMs: 10 });
    cluster.behave(CRASHING_IMAGE, { kind: 'crash', exitCode: 3, logs: ['starting', 'boom'] });
    const drivers: WorkloadDriver[] = [];
    const fileServerOnKubernetes = builtinEntry('file-server');
    return {
      driver: () => {
        const made = kubernetesDriver(cluster);
        drivers.push(made.driver);
        return made;
      },
      healthy: fileServerOnKubernetes,
      crashing: withImage(fileServerOnKubernetes, CRASHING_IMAGE),
      remains: async (record) => cluster.objectsOf(record.id),
      // An administrator's `kubectl delete deployment`: its pods go with it.
      kill: async (record) => void cluster.api.remove('deployments', namespaceOf('atelier-', record.owner), objectNameOf(record.id)),
      // From the cluster alone: the new driver is not given the runtime the first one returned.
      forAdoption: (record) => ({ ...record, runtime: null }),
      cleanup: async () => {
        await Promise.all(drivers.map((driver) => driver.close()));
        await cluster.close();
      },
    };
  },
};

driverSuite(local);
driverSuite(kubernetes);
