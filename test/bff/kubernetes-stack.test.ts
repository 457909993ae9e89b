import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeCluster } from '../fakes/kube-cluster.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

// The whole BFF in Kubernetes mode (`driver: kubernetes`), against the fake API server:
// services launched through the API run as cluster objects, and the store (service
// records, tickets, the embedded issuer's sessions) lives in Secrets of Atelier's namespace.

describe('the stack in Kubernetes mode', () => {
  let cluster: FakeCluster;
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  let alice: string;
  let bob: string;
  const api = (method: string, path: string, token: string, body?: unknown) => call(stack.bffUrl, method, path, { token, body });

  before(async () => {
    cluster = await FakeCluster.start({ stepMs: 10 });
    cluster.api.put('namespaces', { metadata: { name: 'atelier' } });
    const kubeconfig = join(await tempDir(), 'kubeconfig');
    await writeFile(kubeconfig, cluster.api.kubeConfig().exportConfig(), { mode: 0o600 });
    stack = await startInProcessStack({ driver: 'kubernetes', kubernetes: { kubeconfig } });
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
    bob = await issuerToken({ url: stack.issuerUrl }, stack.data, 'bob');
  });
  after(async () => {
    await stack?.close();
    await cluster?.close();
  });

  test('a launch through the API runs in the cluster, and its record is in the cluster’s store', async () => {
    const launched = await api('POST', '/api/services', alice, { catalog: 'local', service: 'file-server' });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    const id: string = launched.body.id;
    let service = launched.body;
    for (let i = 0; i < 100 && service.status !== 'running'; i++) {
      await sleep(50);
      service = (await api('GET', `/api/services/${id}`, alice)).body;
    }
    assert.equal(service.status, 'running', JSON.stringify(service));
    assert.equal(cluster.objectsOf(id).length, 6, 'Deployment, Pod, PVC, Secret, Service, NetworkPolicy');

    const stored = cluster.api.list('secrets', (secret) => secret.metadata.namespace === 'atelier' && secret.metadata.labels?.['atelier.io/store'] === 'services');
    assert.equal(stored.length, 1, 'the service record is a Secret of the store');
    assert.ok(cluster.api.list('secrets', (secret) => (secret.metadata.labels?.['atelier.io/store'] ?? '').startsWith('oidc-')).length > 0, "the issuer's sessions are there too");

    const opened = await api('POST', `/api/services/${id}/open`, alice);
    assert.equal(opened.status, 200, 'a ticket is written to the cluster store');
  });

  test("another user can neither see nor delete the service; its owner deletes it and everything goes", async () => {
    const launched = await api('POST', '/api/services', alice, { catalog: 'local', service: 'jupyter' });
    assert.equal(launched.status, 201, 'Jupyter needs no program on this machine in Kubernetes mode');
    const id: string = launched.body.id;
    assert.equal((await api('GET', `/api/services/${id}`, bob)).status, 404);
    assert.equal((await api('DELETE', `/api/services/${id}`, bob)).status, 404);
    assert.notDeepEqual(cluster.objectsOf(id), []);

    assert.equal((await api('DELETE', `/api/services/${id}`, alice)).status, 204);
    assert.deepEqual(cluster.objectsOf(id), []);
    assert.ok(!(await api('GET', '/api/services', alice)).body.some((service: { id: string }) => service.id === id));
  });
});
