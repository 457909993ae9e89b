import { loadCatalogs, type CatalogEntry } from '../../bff/catalogs/catalog.js';
import type { StatusUpdate } from '../../bff/drivers/driver.js';
import { KubernetesDriver, type KubernetesDriverOptions } from '../../bff/drivers/kubernetes/kubernetes-driver.js';
import type { FakeCluster } from './kube-cluster.js';

/** The built-in catalog's entries, which carry a kubernetes.json. */
const [builtin] = await loadCatalogs([{ id: 'local', path: 'builtin:local' }]);
export function builtinEntry(id: string): CatalogEntry {
  const entry = builtin!.entries.find((candidate) => candidate.id === id);
  if (!entry?.kubernetes) throw new Error(`the built-in catalog has no Kubernetes recipe for ${id}`);
  return entry;
}

/** An entry whose Kubernetes recipe runs another image (to which the fake cluster gives a behaviour). */
export function withImage(entry: CatalogEntry, image: string): CatalogEntry {
  return { ...entry, kubernetes: { ...entry.kubernetes!, image } };
}

export const PROXY_LABELS = { namespaceLabels: { 'kubernetes.io/metadata.name': 'atelier' }, podLabels: { 'app.kubernetes.io/name': 'atelier' } };

/** A Kubernetes driver on the fake cluster, with the updates it reports and what it logs. */
export function kubernetesDriver(cluster: FakeCluster, options: Partial<KubernetesDriverOptions> = {}) {
  const messages: string[] = [];
  const driver = new KubernetesDriver({
    config: cluster.api.kubeConfig(),
    namespacePrefix: 'atelier-',
    storageClass: null,
    homeSize: '1Gi',
    proxy: PROXY_LABELS,
    podSecurity: 'restricted',
    startTimeoutSeconds: 30,
    stopTimeoutSeconds: 1,
    log: (message) => messages.push(message),
    ...options,
  });
  const updates: StatusUpdate[] = [];
  driver.updates.subscribe((update) => updates.push(update));
  return { driver, updates, messages };
}
