import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FakeKubeApiServer } from '../fakes/kube-api-server.js';

// The fake API server's protocol, checked on the wire: the answers the driver and the store
// rely on, in the shapes the real API server gives (Status objects, resourceVersions,
// list and watch). What it does not do is listed in the README's "Kubernetes" section.

const servers: FakeKubeApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function fresh() {
  const api = await FakeKubeApiServer.start();
  servers.push(api);
  const call = async (method: string, path: string, body?: unknown, token = api.token) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { api, call };
}

const secret = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, labels }, stringData: { a: 'b' } });

describe('the fake Kubernetes API server', () => {
  test('answers errors with Status objects and the real codes: 401, 404, 409 AlreadyExists, 409 Conflict, 422', async () => {
    const { call } = await fresh();
    assert.deepEqual((await call('GET', '/api/v1/namespaces', undefined, 'forged')).body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const missing = await call('POST', '/api/v1/namespaces/nowhere/secrets', secret('s'));
    assert.deepEqual([missing.status, missing.body.reason, missing.body.message], [404, 'NotFound', 'namespaces "nowhere" not found']);

    assert.equal((await call('POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })).status, 201);
    const created = await call('POST', '/api/v1/namespaces/ns/secrets', secret('s'));
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.data, { a: 'Yg==' }, 'stringData is folded into data, as the API server does');
    assert.equal(created.body.stringData, undefined);
    const again = await call('POST', '/api/v1/namespaces/ns/secrets', secret('s'));
    assert.deepEqual([again.status, again.body.reason, again.body.message], [409, 'AlreadyExists', 'secrets "s" already exists']);

    const stale = await call('PUT', '/api/v1/namespaces/ns/secrets/s', { ...secret('s'), metadata: { name: 's', resourceVersion: '1' } });
    assert.deepEqual([stale.status, stale.body.reason], [409, 'Conflict']);
    assert.match(stale.body.message, /the object has been modified; please apply your changes to the latest version and try again/);
    const current = await call('PUT', '/api/v1/namespaces/ns/secrets/s', { ...secret('s'), metadata: { name: 's', resourceVersion: created.body.metadata.resourceVersion } });
    assert.equal(current.status, 200);
    assert.ok(Number(current.body.metadata.resourceVersion) > Number(created.body.metadata.resourceVersion));

    const invalid = await call('POST', '/api/v1/namespaces/ns/services', { metadata: { name: '9-starts-with-a-digit' }, spec: { ports: [{ port: 80 }] } });
    assert.deepEqual([invalid.status, invalid.body.reason, invalid.body.details.causes[0].field], [422, 'Invalid', 'metadata.name']);
    const gone = await call('DELETE', '/api/v1/namespaces/ns/secrets/nothing');
    assert.deepEqual([gone.status, gone.body.reason], [404, 'NotFound']);
  });

  test('lists by label selector with the list resourceVersion, and items without kind', async () => {
    const { call } = await fresh();
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'ns' } });
    await call('POST', '/api/v1/namespaces/ns/secrets', secret('a', { team: 'x' }));
    await call('POST', '/api/v1/namespaces/ns/secrets', secret('b', { team: 'y' }));
    const list = await call('GET', '/api/v1/namespaces/ns/secrets?labelSelector=team%3Dx');
    assert.equal(list.body.kind, 'SecretList');
    assert.match(list.body.metadata.resourceVersion, /^\d+$/);
    assert.deepEqual(list.body.items.map((item: any) => [item.metadata.name, item.kind]), [['a', undefined]]);
    const bad = await call('GET', '/api/v1/events?fieldSelector=spec.unknown%3D1');
    assert.deepEqual([bad.status, bad.body.message], [400, 'field label not supported: spec.unknown']);
  });

  test('a watch replays from its resourceVersion, and answers 410 Expired once that history is compacted', async () => {
    const { api, call } = await fresh();
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'ns' } });
    const from = (await call('POST', '/api/v1/namespaces/ns/secrets', secret('a'))).body.metadata.resourceVersion;
    await call('POST', '/api/v1/namespaces/ns/secrets', secret('b'));
    const read = async (resourceVersion: string) => {
      const controller = new AbortController();
      const response = await fetch(`${api.url}/api/v1/namespaces/ns/secrets?watch=true&resourceVersion=${resourceVersion}`, { headers: { authorization: `Bearer ${api.token}` }, signal: controller.signal });
      const reader = response.body!.getReader();
      const { value } = await reader.read();
      controller.abort();
      return { status: response.status, events: new TextDecoder().decode(value).trim().split('\n').map((line) => JSON.parse(line)) };
    };
    const replayed = await read(from);
    assert.equal(replayed.status, 200);
    assert.deepEqual(replayed.events.map((event) => [event.type, event.object.metadata.name]), [['ADDED', 'b']]);
    api.compact();
    const expired = await read(from);
    assert.equal(expired.status, 200, 'the error comes as a watch event, as from the real API server');
    assert.deepEqual([expired.events[0].type, expired.events[0].object.code, expired.events[0].object.reason], ['ERROR', 410, 'Expired']);
  });
});
