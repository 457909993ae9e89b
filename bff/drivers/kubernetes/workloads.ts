import { AppsV1Api, CoreV1Api, NetworkingV1Api, type KubeConfig, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { ignoringNotFound, messageOf, statusOf } from './cluster.js';
import { ANNOTATIONS, claimNameOf, CONTAINER, LABELS, namespaceObject, objectNameOf, secretNameOf, type KubernetesWorkloadOptions, type Workload } from './objects.js';

/**
 * The API calls on a service's objects, and nothing else: create them (undoing a partial
 * creation), read and change the Deployment with compare-and-set, delete them, read the
 * pod log. Each failure is an Error with the API server's own message.
 */
export class Workloads {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly networking: NetworkingV1Api;
  /** Namespaces known to exist and to be Atelier's. */
  private readonly namespaces = new Set<string>();

  constructor(
    config: KubeConfig,
    private readonly options: KubernetesWorkloadOptions,
    private readonly log: (message: string) => void,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.networking = config.makeApiClient(NetworkingV1Api);
  }

  /** Creates the user's namespace the first time; one that exists must be Atelier's, for this user. */
  async ensureNamespace(name: string, username: string): Promise<void> {
    if (this.namespaces.has(name)) return;
    try {
      await this.core.createNamespace({ body: namespaceObject(name, username, this.options) });
    } catch (error) {
      if (statusOf(error) !== 409) throw new Error(`The namespace ${name} could not be created: ${messageOf(error)}`);
      const existing = await this.core.readNamespace({ name });
      const ours = existing.metadata?.labels?.[LABELS.managedBy] === 'atelier' && existing.metadata.annotations?.[ANNOTATIONS.owner] === username;
      if (!ours) throw new Error(`The namespace ${name} exists and is not Atelier's namespace for ${username}: nothing is started in it.`);
    }
    this.namespaces.add(name);
  }

  /** Each object once those it needs exist; on a refusal, deletes only what this call created, then throws. */
  async create(id: string, workload: Workload): Promise<void> {
    const namespace = workload.namespace;
    const name = objectNameOf(id);
    const steps: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ['Secret', () => this.core.createNamespacedSecret({ namespace, body: workload.secret }), () => this.core.deleteNamespacedSecret({ name: secretNameOf(id), namespace })],
      [
        'PersistentVolumeClaim',
        () => this.core.createNamespacedPersistentVolumeClaim({ namespace, body: workload.claim }),
        () => this.core.deleteNamespacedPersistentVolumeClaim({ name: claimNameOf(id), namespace }),
      ],
      ['NetworkPolicy', () => this.networking.createNamespacedNetworkPolicy({ namespace, body: workload.networkPolicy }), () => this.networking.deleteNamespacedNetworkPolicy({ name, namespace })],
      ['Service', () => this.core.createNamespacedService({ namespace, body: workload.service }), () => this.core.deleteNamespacedService({ name, namespace })],
      ['Deployment', () => this.apps.createNamespacedDeployment({ namespace, body: workload.deployment }), () => this.apps.deleteNamespacedDeployment({ name, namespace })],
    ];
    const created: (() => Promise<unknown>)[] = [];
    for (const [kind, create, remove] of steps) {
      try {
        await create();
        created.push(remove);
      } catch (error) {
        const undone = await Promise.allSettled(created.map((undo) => ignoringNotFound(undo())));
        for (const result of undone) if (result.status === 'rejected') this.log(`Service ${id}: cleaning up after a failed start failed: ${messageOf(result.reason)}`);
        throw new Error(`The cluster refused its ${kind}: ${messageOf(error)}`);
      }
    }
  }

  /** The service's Deployment; undefined when it does not exist, null when the cluster could not say. */
  async deployment(namespace: string, id: string): Promise<V1Deployment | undefined | null> {
    try {
      return await ignoringNotFound(this.apps.readNamespacedDeployment({ name: objectNameOf(id), namespace }));
    } catch (error) {
      this.log(`Service ${id}: reading its Deployment failed: ${messageOf(error)}`);
      return null;
    }
  }

  /** Read, change, replace with the resourceVersion read (compare-and-set), again on conflict. */
  async changeDeployment(namespace: string, id: string, change: (deployment: V1Deployment) => void): Promise<void> {
    const name = objectNameOf(id);
    for (let attempt = 0; ; attempt++) {
      const deployment = await ignoringNotFound(this.apps.readNamespacedDeployment({ name, namespace }));
      if (!deployment) throw new Error('The service is no longer in the cluster.');
      change(deployment);
      try {
        await this.apps.replaceNamespacedDeployment({ name, namespace, body: deployment });
        return;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 5) throw new Error(`The cluster refused the change: ${messageOf(error)}`);
      }
    }
  }

  /** Deletes every object of the service; those already gone are fine. */
  async delete(namespace: string, id: string): Promise<void> {
    const name = objectNameOf(id);
    await Promise.all([
      ignoringNotFound(this.apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Background' })),
      ignoringNotFound(this.core.deleteNamespacedService({ name, namespace })),
      ignoringNotFound(this.networking.deleteNamespacedNetworkPolicy({ name, namespace })),
      ignoringNotFound(this.core.deleteNamespacedSecret({ name: secretNameOf(id), namespace })),
      ignoringNotFound(this.core.deleteNamespacedPersistentVolumeClaim({ name: claimNameOf(id), namespace })),
    ]);
  }

  /** The last lines of the pod's container; the previous container's while it waits to restart. */
  async podLog(pod: V1Pod, lines: number): Promise<string> {
    const container = pod.status?.containerStatuses?.find((status) => status.name === CONTAINER);
    const previous = !!container?.state?.waiting && !!container.lastState?.terminated;
    try {
      return await this.core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, container: CONTAINER, tailLines: lines, previous });
    } catch (error) {
      // 400: the container has not started yet; 404: the pod is gone. Neither has logs.
      if (statusOf(error) === 400 || statusOf(error) === 404) return '';
      throw error;
    }
  }
}
