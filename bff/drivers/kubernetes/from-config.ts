import { CoreV1Api } from '@kubernetes/client-node';
import type { Config } from '../../config/config.js';
import { KubernetesStore } from '../../store/kubernetes-store.js';
import { loadKubeConfig } from './cluster.js';
import { KubernetesDriver } from './kubernetes-driver.js';

/** The start banner's sentence on isolation in Kubernetes mode. */
export const KUBERNETES_ISOLATION = "services run in the Kubernetes cluster, in each user's own namespace, reachable only through the proxy";

/** Kubernetes mode (`driver: kubernetes`): the driver and the store, on one cluster connection. */
export function kubernetesFromConfig(config: Config, log: (message: string) => void): { driver: KubernetesDriver; store: KubernetesStore } {
  const { kubeconfig, context, namespace, startTimeoutSeconds, ...workloads } = config.kubernetes;
  const cluster = loadKubeConfig({ kubeconfig, context });
  return {
    driver: new KubernetesDriver({ ...workloads, config: cluster, startTimeoutSeconds, stopTimeoutSeconds: config.services.stopTimeoutSeconds, log }),
    store: new KubernetesStore(cluster.makeApiClient(CoreV1Api), namespace),
  };
}
