import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StatusUpdate } from '../../bff/drivers/driver.js';
import { FakeCluster } from '../fakes/kube-cluster.js';
import { builtinEntry, kubernetesDriver, withImage } from '../fakes/kube-driver.js';
import type { KubeObject } from '../fakes/kube-resources.js';
import { launchOf, recordOf, waitFor } from './driver-suite.js';

// The Kubernetes driver's own cases, against the fake API server (test/fakes/): what it
// creates and how, what it reads from pods and Events, how its watch survives a
// disconnect and a compacted history, and what it refuses to touch. The cases every
// driver shares are in driver-suite.ts.

const fileServer = builtinEntry('file-server');
const jupyter = builtinEntry('jupyter');

const clusters: FakeCluster[] = [];
const closers: (() => Promise<void>)[] = [];
after(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all(clusters.map((cluster) => cluster.close()));
});

async function fresh(options: Parameters<typeof kubernetesDriver>[1] = {}) {
  const cluster = await FakeCluster.start({ stepMs: 10 });
  clusters.push(cluster);
  const another = () => {
    const made = kubernetesDriver(cluster, options);
    closers.push(() => made.driver.close());
    return made;
  };
  return { cluster, another, ...another() };
}

const last = (updates: StatusUpdate[], id: string) => updates.filter((update) => update.id === id).at(-1);
const statusIs = (updates: StatusUpdate[], id: string, status: string) => () => updates.find((update) => update.id === id && update.status === status);
const decode = (data: Record<string, string> | undefined, key: string) => Buffer.from(data?.[key] ?? '', 'base64').toString('utf8');

describe('the Kubernetes driver', () => {
  test("creates the user's namespace, then a Secret, a PVC, a Deployment, a Service and a NetworkPolicy, all labelled", async () => {
    const { cluster, driver, updates } = await fresh();
    const launch = launchOf(jupyter);
    launch.env = { AWS_ACCESS_KEY_ID: 'key-of-alice' };
    const started = await driver.start(launch);
    await waitFor(statusIs(updates, launch.id, 'running'), 'running', 5000);

    const namespace = cluster.api.get('namespaces', null, 'atelier-alice')!;
    assert.equal(namespace.metadata.labels?.['app.kubernetes.io/managed-by'], 'atelier');
    assert.equal(namespace.metadata.labels?.['atelier.io/owner'], 'alice');
    assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');

    assert.deepEqual(cluster.objectsOf(launch.id).map((line) => line.replace(/-[0-9a-f]{10}-[0-9a-f]{5}$/, '-<pod>')), [
      `Deployment/atelier-alice/${launch.id}`,
      `NetworkPolicy/atelier-alice/${launch.id}`,
      `PersistentVolumeClaim/atelier-alice/${launch.id}-home`,
      `Pod/atelier-alice/${launch.id}-<pod>`,
      `Secret/atelier-alice/${launch.id}-env`,
      `Service/atelier-alice/${launch.id}`,
    ]);
    const deployment = cluster.api.get('deployments', 'atelier-alice', launch.id)!;
    assert.deepEqual(deployment.metadata.labels, {
      'app.kubernetes.io/name': 'jupyter',
      'app.kubernetes.io/instance': launch.id,
      'app.kubernetes.io/managed-by': 'atelier',
      'atelier.io/owner': 'alice',
      'atelier.io/catalog': 'local',
      'atelier.io/service': launch.id,
    });
    const pod = (deployment.spec as { template: { spec: PodSpec } }).template.spec;
    const container = pod.containers[0]!;
    assert.equal(container.image, jupyter.kubernetes!.image);
    assert.deepEqual(container.envFrom, [{ secretRef: { name: `${launch.id}-env` } }]);
    assert.equal(container.env, undefined, 'no variable in the Deployment itself');
    assert.deepEqual(container.resources, { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    assert.deepEqual(container.readinessProbe?.httpGet, { path: '/api', port: 8888 });
    assert.deepEqual(container.volumeMounts, [{ name: 'home', mountPath: '/home/jovyan' }]);
    assert.equal(pod.automountServiceAccountToken, false, 'services get no token for the API server');
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    assert.equal(pod.securityContext?.runAsNonRoot, true);

    const secret = cluster.api.get('secrets', 'atelier-alice', `${launch.id}-env`)!;
    const token = decode(secret.data as Record<string, string>, 'JUPYTER_TOKEN');
    assert.match(token, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(decode(secret.data as Record<string, string>, 'AWS_ACCESS_KEY_ID'), 'key-of-alice', "the user's own variables are added");
    assert.equal(decode(secret.data as Record<string, string>, 'ATELIER_WORKDIR'), '/home/jovyan');
    assert.ok(!JSON.stringify(deployment).includes(token), 'the token is in the Secret only');
    assert.deepEqual(started.ports, [
      { port: 8888, name: 'Notebook', upstream: `http://${launch.id}.atelier-alice.svc:8888`, headers: { Authorization: `token ${token}` }, stripPrefix: false },
    ]);

    const claim = cluster.api.get('persistentvolumeclaims', 'atelier-alice', `${launch.id}-home`)!;
    assert.deepEqual((claim.spec as { accessModes: string[] }).accessModes, ['ReadWriteOnce']);
    assert.deepEqual((claim.spec as { resources: object }).resources, { requests: { storage: '5Gi' } });
    const service = cluster.api.get('services', 'atelier-alice', launch.id)!;
    assert.deepEqual((service.spec as { selector: object }).selector, { 'atelier.io/service': launch.id });
    assert.deepEqual((service.spec as { ports: object[] }).ports, [{ name: 'p-8888', port: 8888, protocol: 'TCP', targetPort: 8888 }]);
    const policy = cluster.api.get('networkpolicies', 'atelier-alice', launch.id)!;
    assert.deepEqual(policy.spec, {
      podSelector: { matchLabels: { 'atelier.io/service': launch.id } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'atelier' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'atelier' } } }],
          ports: [{ port: 8888, protocol: 'TCP' }],
        },
      ],
    });
    await driver.stop(recordOf(launch, started));
  });

  test('takes resources, the home size and the folder from the values, and refuses a bad quantity before creating anything', async () => {
    const { cluster, driver, updates } = await fresh({ storageClass: 'fast-ssd' });
    const entry = {
      ...fileServer,
      kubernetes: {
        ...fileServer.kubernetes!,
        resources: { requests: { cpu: '{{values.resources.cpu}}', memory: '{{values.resources.memory}}' }, limits: { 'nvidia.com/gpu': '{{values.resources.gpu}}' } },
        home: { mountPath: '/home/atelier', size: '{{values.disk}}' },
      },
    };
    const launch = { ...launchOf(entry), values: { folder: 'projects/2026', resources: { cpu: '1500m', memory: '3Gi', gpu: '' }, disk: '20Gi' } };
    const started = await driver.start(launch);
    const container = (cluster.api.get('deployments', 'atelier-alice', launch.id)!.spec as { template: { spec: PodSpec } }).template.spec.containers[0]!;
    assert.deepEqual(container.resources, { requests: { cpu: '1500m', memory: '3Gi' } }, 'a quantity that renders empty is left out');
    const claim = cluster.api.get('persistentvolumeclaims', 'atelier-alice', `${launch.id}-home`)!;
    assert.deepEqual(claim.spec && { size: (claim.spec as { resources: { requests: { storage: string } } }).resources.requests.storage, storageClassName: (claim.spec as { storageClassName: string }).storageClassName }, { size: '20Gi', storageClassName: 'fast-ssd' });
    assert.equal(decode(cluster.api.get('secrets', 'atelier-alice', `${launch.id}-env`)!.data as Record<string, string>, 'ATELIER_WORKDIR'), '/home/atelier/projects/2026');
    await waitFor(statusIs(updates, launch.id, 'running'), 'running', 5000);
    await driver.stop(recordOf(launch, started));

    const bad = { ...launchOf(entry), values: { folder: '', resources: { cpu: 'lots', memory: '1Gi', gpu: '' }, disk: '1Gi' } };
    await assert.rejects(driver.start(bad), /"lots" \(resources\.requests\.cpu\) is not a Kubernetes quantity/);
    const outside = { ...launchOf(entry), values: { folder: '../bob', resources: { cpu: '1', memory: '1Gi', gpu: '' }, disk: '1Gi' } };
    await assert.rejects(driver.start(outside), /not inside the home folder/);
    assert.deepEqual([...cluster.objectsOf(bad.id), ...cluster.objectsOf(outside.id)], []);
  });

  test('a refused object fails the start with the API server’s message, and only what this start created is removed', async () => {
    const { cluster, driver } = await fresh();
    const launch = launchOf(fileServer);
    await driver.start(launchOf(fileServer)); // creates the namespace
    const squatter: KubeObject = { metadata: { name: launch.id, namespace: 'atelier-alice', labels: { 'atelier.io/service': launch.id } }, spec: { ports: [{ port: 80 }] } };
    cluster.api.put('services', squatter);
    await assert.rejects(driver.start(launch), /The cluster refused its Service: services "[^"]+" already exists/);
    assert.deepEqual(cluster.objectsOf(launch.id), [`Service/atelier-alice/${launch.id}`], 'the Service that was there before is left alone');
  });

  test("never uses a namespace that exists and is not Atelier's for this user", async () => {
    const { cluster, driver } = await fresh();
    cluster.api.put('namespaces', { metadata: { name: 'atelier-bob', labels: { team: 'platform' } } });
    const launch = { ...launchOf(fileServer), user: { username: 'bob', name: 'Bob', email: null, groups: [] } };
    await assert.rejects(driver.start(launch), /atelier-bob exists and is not Atelier's namespace for bob/);
    assert.deepEqual(cluster.objectsOf(launch.id), []);
  });

  test('tells progress from the pod and its Events: waiting for a node, pulling, health check, ready', async () => {
    const { cluster, driver, updates } = await fresh();
    const image = 'registry.example.org/slow:1';
    cluster.behave(image, { kind: 'manual' });
    const launch = launchOf(withImage(fileServer, image));
    await driver.start(launch);
    const pod = await waitFor(() => cluster.podsOf(launch.id)[0], 'the pod', 2000);
    const says = (message: RegExp) => waitFor(() => updates.find((update) => update.id === launch.id && message.test(update.progress?.message ?? '')), `${message}`, 2000);

    cluster.move(pod, 'unschedulable');
    const waiting = await says(/Insufficient cpu/);
    assert.deepEqual([waiting.status, waiting.progress?.phase], ['starting', 'scheduling']);
    assert.match(waiting.progress!.message, /^Waiting for a node: 0\/1 nodes are available/);
    cluster.move(pod, 'scheduled');
    await says(/^Assigned to a node$/);
    cluster.move(pod, 'creating');
    assert.equal((await says(/^Pulling the image/)).progress?.message, `Pulling the image ${image}`, 'from the Pulling Event');
    cluster.move(pod, 'running');
    assert.equal((await says(/Waiting for the service to answer/)).progress?.phase, 'health-check');
    cluster.move(pod, 'ready');
    await waitFor(statusIs(updates, launch.id, 'running'), 'running', 2000);
    const phases = updates.filter((update) => update.id === launch.id).map((update) => update.progress?.percent ?? 0);
    assert.deepEqual(phases, [...phases].sort((a, b) => a - b), 'progress only goes forward');
  });

  test('an image that cannot be pulled fails the service with the reason, and a later start timeout changes nothing', async () => {
    const { cluster, driver, updates } = await fresh({ startTimeoutSeconds: 1 });
    cluster.behave('registry.example.org/missing:1', { kind: 'image-pull-error' });
    const launch = launchOf(withImage(fileServer, 'registry.example.org/missing:1'));
    await driver.start(launch);
    const failed = await waitFor(statusIs(updates, launch.id, 'failed'), 'failed', 2000);
    assert.match(failed.reason!, /^The image registry\.example\.org\/missing:1 could not be pulled: Back-off pulling image/);
    await sleep(1300);
    assert.equal(updates.filter((update) => update.id === launch.id && update.status === 'failed').length, 1);
    assert.equal(last(updates, launch.id)?.status, 'failed');
  });

  test('a service not ready within the start timeout is failed, and stays failed while it is still not ready', async () => {
    const { cluster, driver, updates } = await fresh({ startTimeoutSeconds: 1 });
    cluster.behave('registry.example.org/never-ready:1', { kind: 'never-ready' });
    const launch = launchOf(withImage(fileServer, 'registry.example.org/never-ready:1'));
    const began = Date.now();
    await driver.start(launch);
    const failed = await waitFor(statusIs(updates, launch.id, 'failed'), 'failed', 3000);
    assert.ok(Date.now() - began >= 950, 'not before the deadline');
    assert.equal(failed.reason, 'The service was not ready within 1 s (Waiting for the service to answer).');
    const pod = cluster.podsOf(launch.id)[0]!;
    cluster.move(pod, 'running'); // more news of the same not-ready pod
    await sleep(200);
    assert.equal(last(updates, launch.id)?.status, 'failed');
    assert.notDeepEqual(cluster.objectsOf(launch.id), [], 'a failed service keeps its objects (and its logs) until deleted');
  });

  test('the pod watch resumes from its last resourceVersion after a disconnect, missing nothing', async () => {
    const { cluster, driver, updates } = await fresh();
    const image = 'registry.example.org/manual:1';
    cluster.behave(image, { kind: 'manual' });
    const launch = launchOf(withImage(fileServer, image));
    await driver.start(launch);
    const pod = await waitFor(() => cluster.podsOf(launch.id)[0], 'the pod', 2000);
    cluster.move(pod, 'scheduled');
    cluster.move(pod, 'creating');
    cluster.move(pod, 'running');
    await waitFor(() => last(updates, launch.id)?.progress?.phase === 'health-check', 'health check', 2000);
    const podLists = cluster.api.requestsFor('pods', 'list').length;
    const watchesBefore = cluster.api.requestsFor('pods', 'watch');
    const lastSeen = Number(watchesBefore.at(-1)!.query.resourceVersion);

    const release = cluster.api.holdWatches();
    assert.ok(cluster.api.dropWatches() >= 2, 'the pod and event watches were open');
    await sleep(50);
    cluster.move(pod, 'ready'); // while nobody watches
    release();
    await waitFor(statusIs(updates, launch.id, 'running'), 'running, seen after the reconnection', 3000);

    const resumed = cluster.api.requestsFor('pods', 'watch').slice(watchesBefore.length);
    assert.ok(resumed.length >= 1);
    assert.ok(Number(resumed[0]!.query.resourceVersion) > lastSeen, `it resumed from the last version it saw (${resumed[0]!.query.resourceVersion} > ${lastSeen})`);
    assert.equal(cluster.api.requestsFor('pods', 'list').length, podLists, 'no relist was needed');
  });

  test('after 410 Gone (a compacted history) the watch lists again, and what changed meanwhile is reported', async () => {
    const { cluster, driver, updates } = await fresh();
    const image = 'registry.example.org/manual:1';
    cluster.behave(image, { kind: 'manual' });
    const launch = launchOf(withImage(fileServer, image));
    await driver.start(launch);
    const pod = await waitFor(() => cluster.podsOf(launch.id)[0], 'the pod', 2000);
    cluster.move(pod, 'scheduled');
    await waitFor(() => last(updates, launch.id)?.progress?.message === 'Assigned to a node', 'scheduled', 2000);
    const podLists = cluster.api.requestsFor('pods', 'list').length;

    const release = cluster.api.holdWatches();
    cluster.api.dropWatches();
    await sleep(50);
    cluster.move(pod, 'creating');
    cluster.move(pod, 'running');
    cluster.move(pod, 'ready');
    cluster.api.compact();
    release();
    await waitFor(statusIs(updates, launch.id, 'running'), 'running after the relist', 3000);
    assert.ok(cluster.api.requestsFor('pods', 'watch').some((request) => request.expired), 'the API server answered 410 Expired');
    assert.ok(cluster.api.requestsFor('pods', 'list').length > podLists, 'it listed the pods again');
  });

  test('logs come from the pod log API, the last lines asked for', async () => {
    const { cluster, driver, updates } = await fresh();
    cluster.behave('registry.example.org/chatty:1', { kind: 'ready', logs: ['one', 'two', 'three', 'four'] });
    const launch = launchOf(withImage(fileServer, 'registry.example.org/chatty:1'));
    const record = recordOf(launch, await driver.start(launch));
    await waitFor(statusIs(updates, launch.id, 'running'), 'running', 3000);
    assert.equal(await driver.logs(record, 2), 'three\nfour\n');
    const asked = cluster.api.requestsFor('pods/log', 'get').at(-1)!;
    assert.deepEqual([asked.query.container, asked.query.tailLines], ['main', '2']);
    await driver.stop(record);
    assert.equal(await driver.logs(record, 2), '', 'a service without a pod has no logs');
  });

  test('suspend scales to 0 and keeps the home volume; a new driver sees it suspended from the cluster alone', async () => {
    const { cluster, driver, updates, another } = await fresh();
    const launch = launchOf(fileServer);
    const record = recordOf(launch, await driver.start(launch), 'running');
    await waitFor(statusIs(updates, launch.id, 'running'), 'running', 3000);
    await driver.suspend(record, 'Idle for 20 minutes.');
    assert.deepEqual(cluster.podsOf(launch.id), [], 'no pod once suspend resolves');
    const deployment = cluster.api.get('deployments', 'atelier-alice', launch.id)!;
    assert.equal((deployment.spec as { replicas: number }).replicas, 0);
    assert.equal(deployment.metadata.annotations?.['atelier.io/suspended-reason'], 'Idle for 20 minutes.');
    assert.ok(cluster.api.get('persistentvolumeclaims', 'atelier-alice', `${launch.id}-home`), 'the home volume stays');

    const b = another();
    await b.driver.adopt([{ ...record, runtime: null }]);
    assert.deepEqual(b.updates, [{ id: launch.id, status: 'suspended', reason: 'Idle for 20 minutes.' }]);
    await b.driver.resume(record);
    await waitFor(statusIs(b.updates, launch.id, 'running'), 'running again', 3000);
    assert.equal((cluster.api.get('deployments', 'atelier-alice', launch.id)!.spec as { replicas: number }).replicas, 1);
  });

  test('a launch cut short before its Deployment is failed at adoption and its leftovers deleted, unless it may still be under way', async () => {
    const { cluster, driver, updates } = await fresh();
    cluster.api.put('namespaces', { metadata: { name: 'atelier-alice' } });
    const leftover = (id: string) => cluster.api.put('secrets', { metadata: { name: `${id}-env`, namespace: 'atelier-alice', labels: { 'atelier.io/service': id } } });
    const abandoned = { ...recordOf(launchOf(fileServer), null), createdAt: new Date(Date.now() - 120_000).toISOString() };
    const recent = recordOf(launchOf(fileServer), null);
    leftover(abandoned.id);
    leftover(recent.id);
    await driver.adopt([abandoned, recent]);
    assert.deepEqual(updates, [{ id: abandoned.id, status: 'failed', reason: 'Atelier restarted during the launch.', reasonCode: 'bff_restart', progress: { phase: 'failed', message: 'Atelier restarted during the launch.', percent: 100 } }]);
    assert.deepEqual(cluster.objectsOf(abandoned.id), []);
    assert.equal(cluster.objectsOf(recent.id).length, 1, 'a launch of a minute ago may be under way on another replica');
  });

  test('several drivers (BFF replicas) report the same statuses from the same cluster', async () => {
    const { driver, updates, another } = await fresh();
    const b = another();
    await b.driver.adopt([]);
    const launch = launchOf(fileServer);
    await driver.start(launch);
    await waitFor(statusIs(updates, launch.id, 'running'), 'running on the first', 3000);
    const seen = await waitFor(statusIs(b.updates, launch.id, 'running'), 'running on the second', 3000);
    assert.deepEqual(seen.progress, { phase: 'ready', message: 'Ready', percent: 100 });
  });

  test("refuses to touch another user's service: a record naming it under another owner reaches nothing", async () => {
    const { cluster, driver, updates } = await fresh();
    const launch = launchOf(fileServer);
    const record = recordOf(launch, await driver.start(launch));
    await waitFor(statusIs(updates, launch.id, 'running'), 'running', 3000);
    const forged = { ...record, owner: 'mallory' };
    assert.equal(await driver.logs(forged, 10), '');
    await driver.stop(forged);
    await assert.rejects(driver.suspend!(forged, 'gotcha'), /no longer in the cluster/);
    assert.equal(cluster.objectsOf(launch.id).length, 6, "alice's service is untouched");
    assert.equal(cluster.api.get('namespaces', null, 'atelier-mallory'), undefined, 'nor is a namespace made for the forger');
  });

  test('a wrong token for the API server fails the start with a readable message', async () => {
    const cluster = await FakeCluster.start();
    clusters.push(cluster);
    const { driver } = kubernetesDriver(cluster, { config: cluster.api.kubeConfig('forged-token') });
    closers.push(() => driver.close());
    await assert.rejects(driver.start(launchOf(fileServer)), /Unauthorized/);
    assert.deepEqual(cluster.api.list('namespaces'), []);
  });
});

interface PodSpec {
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean };
  containers: {
    image: string;
    env?: unknown;
    envFrom?: unknown;
    resources?: unknown;
    readinessProbe?: { httpGet?: unknown };
    volumeMounts?: unknown;
    securityContext?: unknown;
  }[];
}
