import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { parse, parseAllDocuments } from 'yaml';
import { parseConfig } from '../../bff/config/config.js';
import { KubernetesStore } from '../../bff/store/kubernetes-store.js';
import { remove, update } from '../../bff/store/store.js';
import { FakeCluster } from '../fakes/kube-cluster.js';
import { builtinEntry, kubernetesDriver, withImage } from '../fakes/kube-driver.js';
import { launchOf, recordOf, waitFor } from './driver-suite.js';

// deploy/kubernetes/ deploys Atelier itself. No cluster runs here, so this checks what can
// be checked without one: the YAML parses into well-formed objects, the configuration is
// one the BFF accepts and agrees with the manifests, and the RBAC rules grant exactly the
// API calls the driver and the store make — derived from the fake API server's request log
// after a run of everything they do.

const FOLDER = join(import.meta.dirname, '..', '..', 'deploy', 'kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
}

async function manifests(): Promise<{ file: string; object: Manifest }[]> {
  const kustomization = parse(await readFile(join(FOLDER, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const found: { file: string; object: Manifest }[] = [];
  for (const file of kustomization.resources) {
    for (const document of parseAllDocuments(await readFile(join(FOLDER, file), 'utf8'))) {
      assert.deepEqual(document.errors, [], `${file} parses`);
      found.push({ file, object: document.toJS() as Manifest });
    }
  }
  return found;
}

const one = (all: { object: Manifest }[], kind: string, name?: string) => {
  const found = all.filter(({ object }) => object.kind === kind && (name === undefined || object.metadata.name === name));
  assert.equal(found.length, 1, `one ${kind}${name ? ` ${name}` : ''}`);
  return found[0]!.object;
};

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Service: 'v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  Deployment: 'apps/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
};
/** Where the fake API server takes the kinds it knows. */
const PATHS: Record<string, (namespace: string) => string> = {
  Namespace: () => '/api/v1/namespaces',
  Service: (namespace) => `/api/v1/namespaces/${namespace}/services`,
  Deployment: (namespace) => `/apis/apps/v1/namespaces/${namespace}/deployments`,
  NetworkPolicy: (namespace) => `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
};

describe('the manifests that deploy Atelier on Kubernetes', () => {
  test('every file of the folder is listed, and every object has its apiVersion, kind, name and namespace', async () => {
    const listed = (parse(await readFile(join(FOLDER, 'kustomization.yaml'), 'utf8')) as { resources: string[] }).resources.sort();
    const files = (await readdir(FOLDER)).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml').sort();
    assert.deepEqual(listed, files);
    const all = await manifests();
    assert.deepEqual([...new Set(all.map(({ object }) => object.kind))].sort(), [
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'Deployment',
      'Ingress',
      'Namespace',
      'NetworkPolicy',
      'Role',
      'RoleBinding',
      'Service',
      'ServiceAccount',
    ]);
    for (const { file, object } of all) {
      assert.equal(object.apiVersion, API_VERSIONS[object.kind], `${file}: the apiVersion of ${object.kind}`);
      assert.match(object.metadata?.name ?? '', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `${file}: ${object.kind} name`);
      if (CLUSTER_SCOPED.has(object.kind)) assert.equal(object.metadata.namespace, undefined, `${file}: ${object.kind} is cluster-scoped`);
      else assert.equal(object.metadata.namespace, 'atelier', `${file}: ${object.kind} ${object.metadata.name} is in Atelier's namespace`);
    }
  });

  test('the objects the fake API server knows pass its checks (names, labels, a selector that matches its template)', async () => {
    const cluster = await FakeCluster.start();
    try {
      const known = (await manifests()).filter(({ object }) => PATHS[object.kind]).sort((a, b) => Number(b.object.kind === 'Namespace') - Number(a.object.kind === 'Namespace'));
      for (const { file, object } of known) {
        const response = await fetch(`${cluster.api.url}${PATHS[object.kind]!(object.metadata.namespace ?? '')}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cluster.api.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(object),
        });
        assert.equal(response.status, 201, `${file}: ${object.kind} ${object.metadata.name}: ${await response.text()}`);
      }
    } finally {
      await cluster.close();
    }
  });

  test("the configuration is one the BFF accepts, and agrees with the manifests", async () => {
    const all = await manifests();
    const config = parseConfig(parse(one(all, 'ConfigMap', 'atelier-config').data['config.yaml']));
    assert.equal(config.driver, 'kubernetes');
    assert.notEqual(config.auth.issuer, null, 'an external issuer: the embedded one keeps keys on a local disk');
    assert.notEqual(config.s3.endpoint, null, 'an external S3: the embedded one keeps files on a local disk');
    assert.equal(config.kubernetes.namespace, one(all, 'Namespace').metadata.name, 'the store lives in the namespace the Role covers');
    assert.equal(one(all, 'Role').metadata.namespace, config.kubernetes.namespace);

    const deployment = one(all, 'Deployment', 'atelier');
    const pod = deployment.spec.template;
    assert.equal(pod.spec.serviceAccountName, one(all, 'ServiceAccount').metadata.name);
    for (const [key, value] of Object.entries(config.kubernetes.proxy.podLabels)) assert.equal(pod.metadata.labels[key], value, `services' NetworkPolicies let these pods in (${key})`);
    for (const [key, value] of Object.entries(config.kubernetes.proxy.namespaceLabels)) {
      assert.equal({ 'kubernetes.io/metadata.name': deployment.metadata.namespace }[key], value, `the proxy's namespace is selected by ${key}`);
    }
    const container = pod.spec.containers[0];
    const configMount = container.volumeMounts.find((mount: { name: string }) => mount.name === 'config');
    assert.equal(container.env.find((variable: { name: string }) => variable.name === 'ATELIER_CONFIG').value, `${configMount.mountPath}/config.yaml`);
    assert.ok(
      container.volumeMounts.some((mount: { mountPath: string }) => mount.mountPath === `${config.data}/proxy/secrets.json`),
      'every replica reads the same cookie key from a Secret',
    );
    assert.deepEqual(container.ports.map((port: { containerPort: number }) => port.containerPort), [config.port, config.proxy.port]);
    assert.ok(deployment.spec.replicas >= 2, 'several replicas: nothing is kept on their disks');
  });

  describe('RBAC', () => {
    const clusters: FakeCluster[] = [];
    after(async () => {
      await Promise.all(clusters.map((cluster) => cluster.close()));
    });

    /** Everything the driver and the store do, on one fake API server; its request log. */
    async function everyCall() {
      const cluster = await FakeCluster.start({ stepMs: 5 });
      clusters.push(cluster);
      cluster.api.put('namespaces', { metadata: { name: 'atelier' } });
      cluster.behave('registry.example.org/crash:1', { kind: 'crash', exitCode: 3, logs: ['boom'] });

      const store = new KubernetesStore(cluster.api.kubeConfig().makeApiClient(CoreV1Api), 'atelier');
      const written = await store.put('services', 'a', { n: 1 }, 'absent');
      await update<{ n: number }>(store, 'services', 'a', (current) => ({ n: (current?.n ?? 0) + 1 }));
      await store.list('services');
      await update(store, 'services', 'a', () => remove);
      await store.sweep('services', 0);
      assert.ok(written.version > 0);

      const a = kubernetesDriver(cluster);
      const healthy = launchOf(builtinEntry('file-server'));
      const record = recordOf(healthy, await a.driver.start(healthy));
      await waitFor(() => a.updates.some((update) => update.id === healthy.id && update.status === 'running'), 'running', 5000);
      await a.driver.logs(record, 10);
      await a.driver.suspend(record, 'idle');
      await a.driver.resume(record);
      const crashing = launchOf(withImage(builtinEntry('file-server'), 'registry.example.org/crash:1'));
      const crashed = recordOf(crashing, await a.driver.start(crashing));
      await waitFor(() => a.updates.some((update) => update.id === crashing.id && update.status === 'failed'), 'failed', 5000);

      const b = kubernetesDriver(cluster); // another replica: the namespace exists already
      await b.driver.adopt([record]);
      const another = launchOf(builtinEntry('jupyter'));
      await b.driver.stop(recordOf(another, await b.driver.start(another)));
      await Promise.all([a.driver.stop(record), a.driver.stop(crashed)]);
      await Promise.all([a.driver.close(), b.driver.close()]);
      return cluster.api.requests;
    }

    const permission = (group: string, resource: string, verb: string) => `${group || 'core'} ${resource} ${verb}`;
    const granted = (role: Manifest) =>
      new Set<string>(
        role.rules.flatMap((rule: { apiGroups: string[]; resources: string[]; verbs: string[] }) =>
          rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => permission(group, resource, verb)))),
        ),
      );

    test('grants exactly the calls the driver and the store make, each in its scope', async () => {
      const requests = await everyCall();
      assert.ok(requests.every((request) => request.verb !== 'unsupported' && request.status !== 401));
      const store = new Set(requests.filter((request) => request.namespace === 'atelier').map((request) => permission(request.group, request.resource, request.verb)));
      const driver = new Set(requests.filter((request) => request.namespace !== 'atelier').map((request) => permission(request.group, request.resource, request.verb)));

      const all = await manifests();
      const clusterRole = granted(one(all, 'ClusterRole', 'atelier-driver'));
      const role = granted(one(all, 'Role', 'atelier-store'));
      assert.deepEqual([...clusterRole].sort(), [...driver].sort(), "the ClusterRole grants the driver's calls, no more, no less");
      assert.deepEqual([...role].sort(), [...store].sort(), "the Role grants the store's calls in Atelier's namespace, no more, no less");
      assert.ok(![...clusterRole].some((grant) => / (\*|escalate|bind|impersonate)$/.test(grant) || grant.includes('*')));
      assert.ok(!clusterRole.has(permission('', 'secrets', 'get')) && !clusterRole.has(permission('', 'secrets', 'list')), "the driver can write users' Secrets but never read any");

      const clusterBinding = one(all, 'ClusterRoleBinding');
      const binding = one(all, 'RoleBinding');
      for (const [bound, roleName, kind] of [[clusterBinding, 'atelier-driver', 'ClusterRole'], [binding, 'atelier-store', 'Role']] as const) {
        assert.deepEqual(bound.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName });
        assert.deepEqual(bound.subjects, [{ kind: 'ServiceAccount', name: 'atelier', namespace: 'atelier' }]);
      }
    });
  });
});
