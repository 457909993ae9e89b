import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Service } from '../../components/api/types.js';
import { FakeCluster } from '../fakes/kube-cluster.js';
import { writeHelmRepo } from '../helpers/helm-repo.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

// Suspend, resume, quotas and Helm entries through the API in Kubernetes mode, against the fake API server.

describe('service lifecycle in Kubernetes mode', { timeout: 60_000 }, () => {
  let cluster: FakeCluster;
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  let alice: string;
  const api = (method: string, path: string, body?: unknown) => call(stack.bffUrl, method, path, { token: alice, body });
  async function until(id: string, status: string): Promise<Service> {
    let service = (await api('GET', `/api/services/${id}`)).body as Service;
    for (let i = 0; i < 200 && service.status !== status; i++) {
      await sleep(50);
      service = (await api('GET', `/api/services/${id}`)).body;
    }
    return service;
  }

  before(async () => {
    cluster = await FakeCluster.start({ stepMs: 10 });
    cluster.api.put('namespaces', { metadata: { name: 'atelier' } });
    const kubeconfig = join(await tempDir(), 'kubeconfig');
    await writeFile(kubeconfig, cluster.api.kubeConfig().exportConfig(), { mode: 0o600 });
    const charts = await tempDir('atelier-helm-');
    await writeHelmRepo(charts, [{ name: 'postgres', version: '1.0.0', files: { 'values.schema.json': '{"type": "object", "properties": {}}' } }]);
    stack = await startInProcessStack({
      driver: 'kubernetes',
      kubernetes: { kubeconfig },
      quotas: { default: { services: 1 } },
      catalogs: { sources: [{ id: 'local', path: 'builtin:local' }, { id: 'charts', type: 'helm', path: charts }] },
    });
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
  });
  after(async () => {
    await stack?.close();
    await cluster?.close();
  });

  test('suspend scales down with reasonCode user and frees the quota; resume needs the quota back', async () => {
    const launched = await api('POST', '/api/services', { catalog: 'local', service: 'file-server' });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    const id: string = launched.body.id;
    assert.equal(launched.body.suspendable, true);
    assert.equal((await until(id, 'running')).status, 'running');

    const suspended = await api('POST', `/api/services/${id}/suspend`);
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    assert.equal(suspended.body.status, 'suspended');
    assert.equal(suspended.body.reasonCode, 'user');
    const deployment = cluster.api.list('deployments', (object) => object.metadata.labels?.['atelier.io/service'] === id)[0];
    assert.equal((deployment?.spec as { replicas?: number } | undefined)?.replicas, 0, 'scaled to 0');
    const again = await api('POST', `/api/services/${id}/suspend`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'invalid_status');
    assert.equal((await api('GET', '/api/quota')).body.usage.services, 0, 'a suspended service holds no quota');

    // Its place is taken meanwhile: resuming would pass the quota.
    const other = await api('POST', '/api/services', { catalog: 'local', service: 'file-server' });
    assert.equal(other.status, 201);
    const refused = await api('POST', `/api/services/${id}/resume`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'quota_exceeded');
    assert.equal((await api('DELETE', `/api/services/${other.body.id}`)).status, 204);

    const resumed = await api('POST', `/api/services/${id}/resume`);
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    assert.equal(resumed.body.status, 'starting');
    const running = await until(id, 'running');
    assert.equal(running.status, 'running');
    assert.equal(running.reasonCode, null);
    const reasons = (await api('GET', `/api/services/${id}/history`)).body.map((event: { reason: string }) => event.reason);
    assert.deepEqual(reasons.filter((reason: string) => ['Suspended', 'Starting', 'Running'].includes(reason)).slice(-3), ['Suspended', 'Starting', 'Running']);
    assert.equal((await api('POST', `/api/services/${id}/resume`)).body.code, 'invalid_status');

    // Its logs, followed through the pod log API (the fake answers the tail and ends the stream).
    const pod = cluster.api.list('pods', (object) => object.metadata.labels?.['atelier.io/service'] === id)[0]!;
    cluster.api.setLogs(pod.metadata.namespace!, pod.metadata.name!, { current: ['one', 'two', 'three'], previous: null });
    const followed = await fetch(`${stack.bffUrl}/api/services/${id}/logs?lines=2&follow=true`, { headers: { authorization: `Bearer ${alice}` } });
    assert.match(followed.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(await followed.text(), /event: lines\ndata: \{"lines":\["two","three"\]\}/);
    assert.equal((await api('DELETE', `/api/services/${id}`)).status, 204);
  });

  test('a Helm chart is refused for what it is in Kubernetes mode, not with the local-mode message', async () => {
    const launched = await api('POST', '/api/services', { catalog: 'charts', service: 'postgres' });
    assert.equal(launched.status, 409);
    assert.equal(launched.body.code, 'helm_not_supported');
    assert.doesNotMatch(launched.body.message, /does not run/);
    assert.match(launched.body.message, /Kubernetes driver runs catalog entries with a kubernetes\.json recipe/);
    assert.equal((await api('POST', '/api/services', { catalog: 'charts', service: 'postgres', dryRun: true })).status, 200);
  });
});
