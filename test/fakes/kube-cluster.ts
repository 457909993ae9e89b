import { createHash, randomBytes } from 'node:crypto';
import { FakeKubeApiServer, now, type Change } from './kube-api-server.js';
import { RESOURCES, type KubeObject } from './kube-resources.js';

/** What a pod running a given image does, step by step, once created. */
export type PodBehaviour =
  /** Scheduled, image pulled, container started, then ready. */
  | { kind: 'ready'; logs?: string[] }
  /** Starts, prints its logs, exits with the code, and ends in CrashLoopBackOff. */
  | { kind: 'crash'; exitCode: number; logs: string[] }
  /** The image cannot be pulled: ErrImagePull, then ImagePullBackOff. */
  | { kind: 'image-pull-error' }
  /** No node can take it: PodScheduled False, reason Unschedulable. */
  | { kind: 'unschedulable'; message?: string }
  /** Starts and runs, but never passes its readiness probe. */
  | { kind: 'never-ready'; logs?: string[] }
  /** Stays Pending, unscheduled, until the test moves it with `move`. */
  | { kind: 'manual' };

export type PodState = 'scheduled' | 'creating' | 'running' | 'ready' | 'crashed' | 'image-pull-error' | 'unschedulable';

/**
 * The controllers of a cluster, as far as Atelier's objects need them, writing through the
 * fake API server's cluster side: the Deployment controller (Pods for `replicas`, removed
 * when scaled down or deleted), the PVC binder and its `kubernetes.io/pvc-protection`
 * finalizer, and a kubelet that moves each Pod through the phases and conditions the real
 * one reports, with the Events the scheduler and kubelet emit (Scheduled, Pulling, Pulled,
 * Created, Started, BackOff, Failed, FailedScheduling) and the container's log lines.
 */
export class FakeCluster {
  private readonly behaviours = new Map<string, PodBehaviour>();
  private readonly unsubscribe: () => void;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    readonly api: FakeKubeApiServer,
    private readonly options: { stepMs: number } = { stepMs: 10 },
  ) {
    this.unsubscribe = api.onChange((change) => this.later(0, () => this.react(change)));
  }

  static async start(options?: { stepMs: number }): Promise<FakeCluster> {
    return new FakeCluster(await FakeKubeApiServer.start(), options);
  }

  /** Pods of this image behave so (default: `ready`). */
  behave(image: string, behaviour: PodBehaviour): void {
    this.behaviours.set(image, behaviour);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    await this.api.close();
  }

  /** The live (not terminating) pods labelled `atelier.io/service=<id>`. */
  podsOf(serviceId: string): KubeObject[] {
    return this.api.list('pods', (pod) => pod.metadata.labels?.['atelier.io/service'] === serviceId && !pod.metadata.deletionTimestamp);
  }

  /** Every object of any kind labelled `atelier.io/service=<id>`, as `Kind/namespace/name`. */
  objectsOf(serviceId: string): string[] {
    return RESOURCES.flatMap((type) =>
      this.api.list(type.resource, (object) => object.metadata.labels?.['atelier.io/service'] === serviceId).map((object) => `${type.kind}/${object.metadata.namespace}/${object.metadata.name}`),
    ).sort();
  }

  /** Moves a pod to a state, with the Events that go with it. */
  move(pod: KubeObject, state: PodState): void {
    const current = this.api.get('pods', pod.metadata.namespace!, pod.metadata.name!);
    if (!current || current.metadata.deletionTimestamp) return;
    const status = current.status as PodStatus;
    const image = imageOf(current);
    const container = (extra: Partial<ContainerStatus>): ContainerStatus[] => [
      { name: containerOf(current), image, imageID: '', ready: false, restartCount: 0, started: false, ...extra },
    ];
    const conditions = (ready: boolean) => [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: now() },
      { type: 'Initialized', status: 'True', lastTransitionTime: now() },
      ready ? { type: 'Ready', status: 'True', lastTransitionTime: now() } : { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containerOf(current)}]`, lastTransitionTime: now() },
      ready ? { type: 'ContainersReady', status: 'True', lastTransitionTime: now() } : { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containerOf(current)}]`, lastTransitionTime: now() },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now() },
    ];
    const behaviour = this.behaviours.get(image);
    let next: KubeObject = current;
    switch (state) {
      case 'unschedulable': {
        const message = (behaviour?.kind === 'unschedulable' && behaviour.message) || '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
        next = withStatus(current, { phase: 'Pending', qosClass: status.qosClass, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now() }] });
        this.event(current, 'Warning', 'FailedScheduling', message, 'default-scheduler');
        break;
      }
      case 'scheduled':
        next = { ...withStatus(current, { phase: 'Pending', qosClass: status.qosClass, conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }] }), spec: { ...(current.spec as object), nodeName: 'node-1' } };
        this.event(current, 'Normal', 'Scheduled', `Successfully assigned ${current.metadata.namespace}/${current.metadata.name} to node-1`, 'default-scheduler');
        break;
      case 'creating':
        next = withStatus(current, { ...scheduledStatus(status), phase: 'Pending', conditions: conditions(false), containerStatuses: container({ state: { waiting: { reason: 'ContainerCreating' } } }) });
        this.event(current, 'Normal', 'Pulling', `Pulling image "${image}"`);
        break;
      case 'image-pull-error': {
        const message = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
        this.event(current, 'Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = ${message}`);
        this.event(current, 'Warning', 'Failed', 'Error: ErrImagePull');
        this.event(current, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
        this.event(current, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        next = withStatus(current, { ...scheduledStatus(status), phase: 'Pending', conditions: conditions(false), containerStatuses: container({ state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${message}` } } }) });
        break;
      }
      case 'running':
        this.event(current, 'Normal', 'Pulled', `Successfully pulled image "${image}" in 1.2s (1.2s including waiting). Image size: 52428800 bytes.`);
        this.event(current, 'Normal', 'Created', `Created container: ${containerOf(current)}`);
        this.event(current, 'Normal', 'Started', `Started container ${containerOf(current)}`);
        this.api.setLogs(current.metadata.namespace!, current.metadata.name!, { current: logsOf(behaviour), previous: null });
        next = withStatus(current, { ...scheduledStatus(status), phase: 'Running', podIP: '10.244.0.7', startTime: now(), conditions: conditions(false), containerStatuses: container({ started: true, state: { running: { startedAt: now() } } }) });
        break;
      case 'ready':
        next = withStatus(current, { ...scheduledStatus(status), phase: 'Running', conditions: conditions(true), containerStatuses: container({ ready: true, started: true, state: { running: { startedAt: now() } } }) });
        break;
      case 'crashed': {
        const exitCode = behaviour?.kind === 'crash' ? behaviour.exitCode : 1;
        const terminated = { exitCode, reason: 'Error', startedAt: now(), finishedAt: now(), containerID: `containerd://${randomBytes(32).toString('hex')}` };
        this.api.setLogs(current.metadata.namespace!, current.metadata.name!, { current: [], previous: logsOf(behaviour) });
        this.event(current, 'Warning', 'BackOff', `Back-off restarting failed container ${containerOf(current)} in pod ${current.metadata.name}_${current.metadata.namespace}(${current.metadata.uid})`);
        next = withStatus(current, {
          ...scheduledStatus(status),
          phase: 'Running',
          conditions: conditions(false),
          containerStatuses: container({
            restartCount: 1,
            lastState: { terminated },
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${containerOf(current)} pod=${current.metadata.name}_${current.metadata.namespace}(${current.metadata.uid})` } },
          }),
        });
        break;
      }
    }
    this.api.put('pods', next);
  }

  private react(change: Change): void {
    const { object } = change;
    switch (change.resource.resource) {
      case 'deployments':
        if (change.type === 'DELETED') this.podsSelectedBy(object).forEach((pod) => this.terminate(pod));
        else this.reconcile(object.metadata.namespace!, object.metadata.name!);
        break;
      case 'pods':
        if (change.type === 'ADDED') this.kubelet(object);
        if (change.type === 'DELETED') {
          this.protectVolumes(object.metadata.namespace!);
          for (const deployment of this.api.list('deployments', (candidate) => candidate.metadata.namespace === object.metadata.namespace)) {
            this.reconcile(deployment.metadata.namespace!, deployment.metadata.name!);
          }
        }
        break;
      case 'persistentvolumeclaims':
        if (change.type === 'ADDED') this.later(this.options.stepMs, () => this.bind(object));
        if (change.type === 'MODIFIED' && object.metadata.deletionTimestamp) this.protectVolumes(object.metadata.namespace!);
        break;
    }
  }

  /** The Deployment (and ReplicaSet) controller: as many live pods as `replicas`, and the status that says so. */
  private reconcile(namespace: string, name: string): void {
    const deployment = this.api.get('deployments', namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const spec = deployment.spec as { replicas?: number; template: { metadata?: { labels?: Record<string, string> }; spec: object } };
    const desired = spec.replicas ?? 1;
    const pods = this.podsSelectedBy(deployment).filter((pod) => !pod.metadata.deletionTimestamp);
    const hash = createHash('sha256').update(JSON.stringify(spec.template)).digest('hex').slice(0, 10).replace(/^[0-9]/, 'a');
    for (let i = pods.length; i < desired; i++) {
      this.api.put('pods', {
        metadata: {
          name: `${name}-${hash}-${randomBytes(3).toString('hex').slice(0, 5)}`,
          namespace,
          labels: { ...spec.template.metadata?.labels, 'pod-template-hash': hash },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, uid: deployment.metadata.uid!, controller: true }],
        },
        spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', ...spec.template.spec },
        status: { phase: 'Pending', qosClass: 'Burstable' },
      });
    }
    pods.slice(desired).forEach((pod) => this.terminate(pod));
    const ready = pods.filter((pod) => ((pod.status as PodStatus).containerStatuses ?? []).every((status) => status.ready) && ((pod.status as PodStatus).containerStatuses ?? []).length > 0).length;
    const status = { observedGeneration: deployment.metadata.generation, replicas: Math.min(pods.length, desired), updatedReplicas: Math.min(pods.length, desired), readyReplicas: ready || undefined, availableReplicas: ready || undefined };
    const clean = JSON.parse(JSON.stringify(status)) as object;
    if (JSON.stringify(clean) !== JSON.stringify(deployment.status ?? {})) this.api.put('deployments', { ...deployment, status: clean });
  }

  /** A kubelet: runs the pod's behaviour, one step every `stepMs`. */
  private kubelet(pod: KubeObject): void {
    const behaviour = this.behaviours.get(imageOf(pod)) ?? { kind: 'ready' };
    const steps: PodState[] =
      behaviour.kind === 'manual' ? []
      : behaviour.kind === 'unschedulable' ? ['unschedulable']
      : behaviour.kind === 'image-pull-error' ? ['scheduled', 'creating', 'image-pull-error']
      : behaviour.kind === 'crash' ? ['scheduled', 'creating', 'running', 'crashed']
      : behaviour.kind === 'never-ready' ? ['scheduled', 'creating', 'running']
      : ['scheduled', 'creating', 'running', 'ready'];
    steps.forEach((state, i) => this.later(this.options.stepMs * (i + 1), () => this.move(pod, state)));
  }

  /** Graceful deletion: the pod is marked terminating, then gone a step later. */
  private terminate(pod: KubeObject): void {
    const current = this.api.get('pods', pod.metadata.namespace!, pod.metadata.name!);
    if (!current || current.metadata.deletionTimestamp) return;
    this.api.put('pods', { ...current, metadata: { ...current.metadata, deletionTimestamp: now() } });
    this.event(current, 'Normal', 'Killing', `Stopping container ${containerOf(current)}`);
    this.later(this.options.stepMs, () => this.api.remove('pods', current.metadata.namespace!, current.metadata.name!));
  }

  private bind(claim: KubeObject): void {
    const current = this.api.get('persistentvolumeclaims', claim.metadata.namespace!, claim.metadata.name!);
    if (!current || (current.status as { phase?: string }).phase === 'Bound') return;
    const spec = current.spec as { resources?: { requests?: { storage?: string } }; accessModes?: string[] };
    this.api.put('persistentvolumeclaims', {
      ...current,
      spec: { ...spec, volumeName: `pvc-${current.metadata.uid}` },
      status: { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage: spec.resources?.requests?.storage ?? '1Gi' } },
    });
  }

  /** The pvc-protection controller: a claim being deleted goes once no pod uses it. */
  private protectVolumes(namespace: string): void {
    const pods = this.api.list('pods', (pod) => pod.metadata.namespace === namespace);
    const used = new Set(pods.flatMap((pod) => ((pod.spec as { volumes?: { persistentVolumeClaim?: { claimName: string } }[] }).volumes ?? []).map((volume) => volume.persistentVolumeClaim?.claimName)));
    for (const claim of this.api.list('persistentvolumeclaims', (candidate) => candidate.metadata.namespace === namespace && !!candidate.metadata.deletionTimestamp)) {
      if (!used.has(claim.metadata.name)) this.api.remove('persistentvolumeclaims', namespace, claim.metadata.name!);
    }
  }

  private podsSelectedBy(deployment: KubeObject): KubeObject[] {
    const selector = (deployment.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {};
    return this.api.list('pods', (pod) => pod.metadata.namespace === deployment.metadata.namespace && Object.entries(selector).every(([key, value]) => pod.metadata.labels?.[key] === value));
  }

  private event(pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component = 'kubelet'): void {
    this.api.put('events', {
      metadata: { name: `${pod.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: pod.metadata.namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion, fieldPath: component === 'kubelet' ? `spec.containers{${containerOf(pod)}}` : undefined },
      reason,
      message,
      type,
      source: component === 'kubelet' ? { component, host: 'node-1' } : { component },
      firstTimestamp: now(),
      lastTimestamp: now(),
      count: 1,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? 'node-1' : '',
    });
  }

  private later(ms: number, action: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) action();
    }, ms);
    this.timers.add(timer);
  }
}

interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  ready: boolean;
  restartCount: number;
  started: boolean;
  state?: object;
  lastState?: object;
}

interface PodStatus {
  phase?: string;
  qosClass?: string;
  conditions?: object[];
  containerStatuses?: ContainerStatus[];
  hostIP?: string;
  podIP?: string;
  startTime?: string;
}

function withStatus(pod: KubeObject, status: PodStatus): KubeObject {
  return { ...pod, status };
}

function scheduledStatus(status: PodStatus): PodStatus {
  return { qosClass: status.qosClass, hostIP: '192.168.49.2', podIP: status.podIP, startTime: status.startTime ?? now() };
}

function imageOf(pod: KubeObject): string {
  return (pod.spec as { containers: { image: string }[] }).containers[0]!.image;
}

function containerOf(pod: KubeObject): string {
  return (pod.spec as { containers: { name: string }[] }).containers[0]!.name;
}

function logsOf(behaviour: PodBehaviour | undefined): string[] {
  return behaviour && 'logs' in behaviour && behaviour.logs ? behaviour.logs : ['Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...'];
}
