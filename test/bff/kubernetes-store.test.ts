import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { issueTicket, redeemTicket } from '../../proxy/tickets.js';
import { KubernetesStore } from '../../bff/store/kubernetes-store.js';
import { ConflictError, remove, unchanged, update } from '../../bff/store/store.js';
import { FakeKubeApiServer } from '../fakes/kube-api-server.js';

// The store of Kubernetes mode against the fake API server: Secrets in Atelier's
// namespace, compare-and-set by resourceVersion. Two stores on one server stand for two
// BFF or proxy replicas.

const servers: FakeKubeApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function fresh() {
  const api = await FakeKubeApiServer.start();
  servers.push(api);
  api.put('namespaces', { metadata: { name: 'atelier' } });
  const replica = () => new KubernetesStore(api.kubeConfig().makeApiClient(CoreV1Api), 'atelier');
  return { api, store: replica(), replica };
}

describe('the Kubernetes store', () => {
  test('keeps what was put, and lists a collection', async () => {
    const { store, api } = await fresh();
    await store.put('services', 'a', { name: 'A' }, 'absent');
    await store.put('services', 'b', { name: 'B', token: 's3cr3t' }, 'absent');
    await store.put('tickets', 'c', { name: 'C' }, 'absent');
    assert.deepEqual(await store.get('services', 'a'), { key: 'a', version: 1, value: { name: 'A' } });
    assert.deepEqual((await store.list<{ name: string }>('services')).map((entry) => entry.value.name), ['A', 'B']);
    assert.equal(await store.get('services', 'missing'), undefined);

    const secrets = api.list('secrets');
    assert.equal(secrets.length, 3, 'one Secret per key');
    assert.ok(secrets.every((secret) => secret.metadata.namespace === 'atelier' && secret.type === 'atelier.io/store'));
    assert.ok(!JSON.stringify(secrets).includes('s3cr3t'), 'values are in Secret data (base64), not in labels or annotations');
  });

  test('refuses a write based on a stale version, also from another replica', async () => {
    const { store, replica } = await fresh();
    const other = replica();
    const first = await store.put('things', 'k', 1, 'absent');
    await other.put('things', 'k', 2, first.version);
    await assert.rejects(store.put('things', 'k', 3, first.version), ConflictError);
    await assert.rejects(store.put('things', 'k', 3, 'absent'), ConflictError);
    await assert.rejects(other.put('things', 'new', 1, 5), ConflictError, 'a version for a key that does not exist');
    assert.equal((await store.get('things', 'k'))?.value, 2);
  });

  test('a deleted key reads as absent and can be created again, with versions that go on growing', async () => {
    const { store, replica } = await fresh();
    const written = await store.put('things', 'k', 'v1', 'absent');
    await store.delete('things', 'k', written.version);
    assert.equal(await store.get('things', 'k'), undefined);
    assert.deepEqual(await store.list('things'), []);
    await assert.rejects(replica().put('things', 'k', 'stale', written.version), ConflictError, 'the version read before the deletion is no longer good');
    const again = await store.put('things', 'k', 'v2', 'absent');
    assert.equal(again.version, 3);
  });

  test('update applies a function with compare-and-set, and can leave or remove the value', async () => {
    const { store } = await fresh();
    await update<number>(store, 'n', 'k', (current) => (current ?? 0) + 5);
    assert.equal((await update<number>(store, 'n', 'k', () => unchanged))?.value, 5);
    assert.equal(await update<number>(store, 'n', 'k', () => remove), undefined);
    assert.equal(await store.get('n', 'k'), undefined);
  });

  test('loses no update when three replicas increment the same counter 20 times each, at once', async () => {
    const { replica, api } = await fresh();
    const replicas = [replica(), replica(), replica()];
    await Promise.all(replicas.flatMap((store) => Array.from({ length: 20 }, () => update<number>(store, 'counters', 'shared', (current) => (current ?? 0) + 1))));
    assert.equal((await replica().get<number>('counters', 'shared'))?.value, 60);
    assert.ok(api.requestsFor('secrets', 'update').some((request) => request.status === 409), 'the API server refused stale writes (409), and they were retried');
  });

  test('a one-time ticket is redeemed once across proxy replicas', async () => {
    const { replica } = await fresh();
    const ticket = await issueTicket(replica(), { serviceId: 'svc', port: 8888, user: 'alice', ttlSeconds: 30 });
    const results = await Promise.all([replica(), replica(), replica(), replica()].map((store) => redeemTicket(store, ticket)));
    assert.equal(results.filter((result) => result !== null).length, 1);
  });

  test('sweep removes tombstones older than the grace period only', async () => {
    const { store, api } = await fresh();
    const old = await store.put('t', 'old', 1, 'absent');
    await store.delete('t', 'old', old.version);
    await store.put('t', 'live', 1, 'absent');
    assert.equal(await store.sweep('t', 60_000), 0, 'a fresh deletion is kept');
    assert.equal(await store.sweep('t', 0), 1);
    assert.equal(api.list('secrets').length, 1);
    assert.deepEqual((await store.list('t')).map((entry) => entry.key), ['live']);
  });

  test('refuses collection and key names the file store refuses', async () => {
    const { store } = await fresh();
    await assert.rejects(store.get('services', '../etc'), /invalid store name/);
    await assert.rejects(store.put('..', 'x', 1, 'absent'), /invalid store name/);
  });
});
