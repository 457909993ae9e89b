import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster's credentials: a kubeconfig file when one is configured, else the pod's
 * service account when Atelier runs in the cluster, else `~/.kube/config` (or $KUBECONFIG).
 */
export function loadKubeConfig(options: { kubeconfig: string | null; context: string | null }): KubeConfig {
  const config = new KubeConfig();
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) throw new Error(`The kubeconfig file ${options.kubeconfig} (kubernetes.kubeconfig) does not exist.`);
    config.loadFromFile(options.kubeconfig);
  } else if (process.env.KUBERNETES_SERVICE_HOST) {
    config.loadFromCluster();
  } else {
    config.loadFromDefault();
  }
  if (options.context) config.setCurrentContext(options.context);
  if (!config.getCurrentCluster()) throw new Error('No Kubernetes cluster is configured: set kubernetes.kubeconfig, or run Atelier in the cluster.');
  return config;
}

/** The HTTP status of a failed client-node call (ApiException), else 0. */
export function statusOf(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : 0;
}

/** The API server's own message from a failed call (the Status object's `message`), else the error's. */
export function messageOf(error: unknown): string {
  const body = (error as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: string };
      if (status.message) return status.message;
    } catch {
      // not JSON: fall through
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  if (statusOf(error) === 401) return 'Unauthorized: the API server refused the credentials (HTTP 401)';
  if (statusOf(error) === 403) return "Forbidden: Atelier's service account may not do this (HTTP 403)";
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Runs a call whose 404 means "already gone": resolves either way. */
export async function ignoringNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
