import { randomBytes } from 'node:crypto';
import { CoreV1Api, type CoreV1Event, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { followPodLog } from './pod-log-follow.js';
import { Subject, type Observable } from 'rxjs';
import type { ServiceProgress, ServiceStatus } from '../../../components/api/types.js';
import type { CatalogEntry } from '../../catalogs/catalog.js';
import { pick } from '../../i18n/localized.js';
import type { ServiceRecord } from '../../services/record.js';
import type { Launch, StartedWorkload, StatusUpdate, WorkloadDriver } from '../driver.js';
import { LaunchesInFlight } from '../launches-in-flight.js';
import { ANNOTATIONS, LABELS, labelValue, namespaceOf, objectNameOf, renderWorkload, type KubernetesWorkloadOptions } from './objects.js';
import { currentPod, observe, progressOf, WAITING_FOR_NODE } from './pod-status.js';
import { PodEventWatch, PodWatch } from './watches.js';
import { Workloads } from './workloads.js';

export interface KubernetesDriverOptions extends KubernetesWorkloadOptions {
  config: KubeConfig;
  /** How long a service has to become ready (image pulls included), from its start. */
  startTimeoutSeconds: number;
  /** The pods' termination grace period; `stop` waits this long (and a little more) for them to go. */
  stopTimeoutSeconds: number;
  log?: (message: string) => void;
}

/** A service this driver reports on: what it reported last, and its start deadline. */
interface Tracked {
  id: string;
  namespace: string;
  status?: ServiceStatus;
  reason?: string | null;
  progress?: ServiceProgress;
  deadline?: NodeJS.Timeout;
  checking?: boolean;
}

const CREATING_OBJECTS: ServiceProgress = { phase: 'scheduling', message: 'Creating the service in the cluster', percent: 10 };
const POLL_MS = 50;
/** How long a launch may take to create its Deployment before a restarted BFF calls it abandoned. */
const LAUNCH_GRACE_MS = 60_000;

/**
 * Runs services on Kubernetes (DESIGN: "Workload drivers"): per service a Secret (its
 * environment), a PVC (its home folder), a Deployment, a Service and a NetworkPolicy that
 * lets only the proxy in, in the user's own namespace, all labelled with the service's id.
 * The cluster holds the state: status comes from one watch on every managed pod (and on
 * pods' Events for progress), so any number of BFF replicas report the same thing, and a
 * new driver finds a service again from its labels alone.
 */
export class KubernetesDriver implements WorkloadDriver {
  readonly name = 'kubernetes';
  private readonly subject = new Subject<StatusUpdate>();
  readonly updates: Observable<StatusUpdate> = this.subject.asObservable();
  private readonly workloads: Workloads;
  private readonly pods: PodWatch;
  private readonly events: PodEventWatch;
  private readonly log: (message: string) => void;
  private readonly tracked = new Map<string, Tracked>();
  /** Services this driver stopped: what their pods do next is no news. */
  private readonly stopped = new Set<string>();
  private readonly launching = new LaunchesInFlight();
  private closed = false;

  constructor(private readonly options: KubernetesDriverOptions) {
    this.log = options.log ?? (() => {});
    const core = options.config.makeApiClient(CoreV1Api);
    this.workloads = new Workloads(options.config, options, this.log);
    this.pods = new PodWatch(options.config, core, (pod) => this.podChanged(pod), this.log);
    this.events = new PodEventWatch(options.config, core, (event) => this.podEvent(event), this.log);
  }

  canRun(entry: CatalogEntry): boolean {
    return !!entry.kubernetes;
  }

  start(launch: Launch): Promise<StartedWorkload> {
    return this.launching.track(launch.id, this.launch(launch));
  }

  private async launch(launch: Launch): Promise<StartedWorkload> {
    if (this.closed) throw new Error('The Kubernetes driver is closed.');
    const recipe = launch.entry.kubernetes;
    if (!recipe) throw new Error(`"${pick(launch.entry.name, launch.lang)}" has no recipe to run on Kubernetes.`);
    checkId(launch.id);
    const startedAt = Date.now();
    const workload = renderWorkload(launch, recipe, this.options, randomBytes(24).toString('base64url'), startedAt);
    await this.watching();
    await this.workloads.ensureNamespace(workload.namespace, launch.user.username);

    const tracked = this.track(launch.id, workload.namespace);
    this.report(tracked, { status: 'starting', reason: null, progress: CREATING_OBJECTS });
    const namespace = workload.namespace;
    workload.deployment.spec!.template.spec!.terminationGracePeriodSeconds = this.options.stopTimeoutSeconds;
    try {
      await this.workloads.create(launch.id, workload);
    } catch (error) {
      this.untrack(launch.id);
      throw error;
    }
    this.armDeadline(tracked, startedAt);
    this.refresh(tracked);
    return { ports: workload.ports, runtime: { namespace, name: objectNameOf(launch.id), startedAt } };
  }

  async stop(record: ServiceRecord): Promise<void> {
    await this.launching.settled(record.id);
    this.stopped.add(record.id);
    this.untrack(record.id);
    await this.watching();
    const namespace = namespaceOf(this.options.namespacePrefix, record.owner);
    await this.workloads.delete(namespace, record.id);
    await this.podsGone(record.id, namespace);
  }

  async adopt(records: ServiceRecord[]): Promise<void> {
    // What the records say is what was reported: only differences are news.
    const adopted = records.filter((record) => !this.tracked.has(record.id));
    for (const record of adopted) {
      const tracked = this.track(record.id, namespaceOf(this.options.namespacePrefix, record.owner));
      Object.assign(tracked, { status: record.status, reason: record.reason, progress: record.progress });
    }
    await this.watching();
    await Promise.all(adopted.map((record) => this.adoptOne(record)));
  }

  private async adoptOne(record: ServiceRecord): Promise<void> {
    const tracked = this.tracked.get(record.id);
    if (!tracked || this.closed) return;
    const deployment = await this.workloads.deployment(tracked.namespace, tracked.id);
    if (deployment === undefined && record.status === 'starting' && !record.runtime) {
      // A launch that never finished: perhaps under way on another replica, so wait a while before calling it abandoned.
      const wait = Date.parse(record.createdAt) + LAUNCH_GRACE_MS - Date.now();
      if (wait > 0) {
        setTimeout(() => void this.adoptOne(record), wait).unref();
        return;
      }
      await this.workloads.delete(tracked.namespace, tracked.id).catch((error: unknown) => this.log(`Service ${record.id}: ${(error as Error).message}`));
      this.fail(tracked, 'Atelier restarted during the launch.', 'bff_restart');
      this.untrack(record.id);
    } else if (deployment === undefined) {
      this.report(tracked, { status: 'stopped', reason: 'The service is no longer in the cluster.' });
      this.untrack(record.id);
    } else if (deployment && (deployment.spec?.replicas ?? 1) === 0) {
      this.report(tracked, { status: 'suspended', reason: deployment.metadata?.annotations?.[ANNOTATIONS.suspended] ?? 'Suspended.' });
    } else if (deployment) {
      this.armDeadline(tracked, Number(deployment.metadata?.annotations?.[ANNOTATIONS.startedAt]) || Date.parse(record.createdAt));
      this.refresh(tracked);
    }
  }

  async logs(record: ServiceRecord, lines: number): Promise<string> {
    await this.watching();
    const namespace = namespaceOf(this.options.namespacePrefix, record.owner);
    const pod = currentPod(this.pods.pods(LABELS.service, labelValue(record.id)).filter((candidate) => candidate.metadata?.namespace === namespace));
    return pod ? this.workloads.podLog(pod, lines) : '';
  }

  async *followLogs(record: ServiceRecord, lines: number, signal: AbortSignal): AsyncGenerator<string[]> {
    await this.watching();
    const namespace = namespaceOf(this.options.namespacePrefix, record.owner);
    const pod = currentPod(this.pods.pods(LABELS.service, labelValue(record.id)).filter((candidate) => candidate.metadata?.namespace === namespace));
    if (!pod) {
      yield [];
      return;
    }
    yield* followPodLog(this.options.config, pod, lines, signal);
  }

  async suspend(record: ServiceRecord, reason: string): Promise<void> {
    await this.launching.settled(record.id);
    await this.watching();
    const tracked = this.tracked.get(record.id) ?? this.track(record.id, namespaceOf(this.options.namespacePrefix, record.owner));
    clearTimeout(tracked.deadline);
    await this.workloads.changeDeployment(tracked.namespace, tracked.id, (deployment) => {
      const annotations = (deployment.metadata!.annotations ??= {});
      if ((deployment.spec!.replicas ?? 1) > 0) annotations[ANNOTATIONS.replicas] = String(deployment.spec!.replicas ?? 1);
      annotations[ANNOTATIONS.suspended] = reason;
      deployment.spec!.replicas = 0;
    });
    this.report(tracked, { status: 'suspended', reason });
    await this.podsGone(record.id, tracked.namespace);
  }

  async resume(record: ServiceRecord): Promise<void> {
    await this.watching();
    const tracked = this.tracked.get(record.id) ?? this.track(record.id, namespaceOf(this.options.namespacePrefix, record.owner));
    const startedAt = Date.now();
    await this.workloads.changeDeployment(tracked.namespace, tracked.id, (deployment) => {
      const annotations = (deployment.metadata!.annotations ??= {});
      deployment.spec!.replicas = Number(annotations[ANNOTATIONS.replicas]) || 1;
      delete annotations[ANNOTATIONS.replicas];
      delete annotations[ANNOTATIONS.suspended];
      annotations[ANNOTATIONS.startedAt] = String(startedAt);
    });
    this.report(tracked, { status: 'starting', reason: null, progress: WAITING_FOR_NODE });
    this.armDeadline(tracked, startedAt);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pods.close();
    this.events.close();
    for (const tracked of this.tracked.values()) clearTimeout(tracked.deadline);
    await this.launching.allSettled();
    this.subject.complete();
  }

  // ---- Status ----

  private podChanged(pod: V1Pod): void {
    const id = pod.metadata?.labels?.[LABELS.service];
    if (!id || this.stopped.has(id) || this.closed) return;
    const tracked = this.tracked.get(id) ?? this.track(id, pod.metadata!.namespace!);
    this.refresh(tracked);
  }

  private podEvent(event: CoreV1Event): void {
    const involved = event.involvedObject;
    const pod = this.pods.pods(LABELS.managedBy, 'atelier').find((candidate) => candidate.metadata?.uid === involved.uid);
    const id = pod?.metadata?.labels?.[LABELS.service];
    const tracked = id ? this.tracked.get(id) : undefined;
    if (!tracked || tracked.status !== 'starting' || currentPod(this.pods.pods(LABELS.service, id!)) !== pod) return;
    const progress = progressOf(event);
    if (progress) this.progressTo(tracked, progress);
  }

  /** Reports what the service's current pod says; with no pod, asks its Deployment why. */
  private refresh(tracked: Tracked): void {
    const pods = this.pods.pods(LABELS.service, labelValue(tracked.id)).filter((pod) => pod.metadata?.namespace === tracked.namespace);
    const observed = observe(currentPod(pods));
    if (!observed) {
      if (tracked.status !== 'suspended' || pods.length === 0) void this.whyNoPod(tracked);
      return;
    }
    if (observed.status === 'running') {
      clearTimeout(tracked.deadline);
      this.report(tracked, { status: 'running', reason: null, progress: observed.progress });
    } else if (observed.status === 'starting') {
      // A failed service stays failed until it runs: a crash loop's restarts are no news.
      if (tracked.status !== 'failed' && tracked.status !== 'suspended') this.progressTo(tracked, observed.progress);
    } else if (observed.exited === undefined) {
      this.fail(tracked, observed.reason, 'launch_failed');
    } else if (tracked.status !== 'failed' || !tracked.reason?.startsWith(observed.reason)) {
      const pod = currentPod(pods)!;
      void this.workloads.podLog(pod, 1).then((last) => this.fail(tracked, `${observed.reason}${last.trim() ? `: ${last.trim()}` : '.'}`, 'exited'));
    }
  }

  /** No live pod: deleted from the cluster (stopped), scaled to 0 (suspended), or a new pod is coming. */
  private async whyNoPod(tracked: Tracked): Promise<void> {
    if (tracked.checking) return;
    tracked.checking = true;
    const deployment = await this.workloads.deployment(tracked.namespace, tracked.id).finally(() => (tracked.checking = false));
    if (this.stopped.has(tracked.id) || this.tracked.get(tracked.id) !== tracked || deployment === null) return;
    if (deployment === undefined) {
      this.report(tracked, { status: 'stopped', reason: 'The service was deleted from the cluster.' });
      this.untrack(tracked.id);
    } else if ((deployment.spec?.replicas ?? 1) === 0) {
      this.report(tracked, { status: 'suspended', reason: deployment.metadata?.annotations?.[ANNOTATIONS.suspended] ?? 'Suspended.' });
    } else if (this.pods.pods(LABELS.service, labelValue(tracked.id)).length > 0) {
      this.refresh(tracked);
    } else if (tracked.status === 'running' || tracked.status === 'suspended') {
      // Its pod went (evicted, deleted, or resumed elsewhere): a new one is coming.
      this.report(tracked, { status: 'starting', reason: null, progress: WAITING_FOR_NODE });
    }
  }

  /** Progress only goes forward while starting (pod status and Events arrive in any order). */
  private progressTo(tracked: Tracked, progress: ServiceProgress): void {
    const last = tracked.status === 'starting' ? tracked.progress : undefined;
    if (last && (progress.percent < last.percent || (progress.percent === last.percent && progress.message === last.message))) return;
    this.report(tracked, { status: 'starting', reason: null, progress });
  }

  private fail(tracked: Tracked, reason: string, reasonCode: string): void {
    this.report(tracked, { status: 'failed', reason, reasonCode, progress: { phase: 'failed', message: reason, percent: 100 } });
  }

  private armDeadline(tracked: Tracked, startedAt: number): void {
    clearTimeout(tracked.deadline);
    const seconds = this.options.startTimeoutSeconds;
    tracked.deadline = setTimeout(() => {
      if (tracked.status !== 'starting' || this.tracked.get(tracked.id) !== tracked) return;
      this.fail(tracked, `The service was not ready within ${seconds} s (${tracked.progress?.message ?? 'no pod'}).`, 'start_timeout');
    }, Math.max(0, startedAt + seconds * 1000 - Date.now()));
    tracked.deadline.unref();
  }

  private report(tracked: Tracked, update: Omit<StatusUpdate, 'id'>): void {
    if (this.closed || this.stopped.has(tracked.id)) return;
    const same =
      update.status === tracked.status &&
      (update.reason === undefined || update.reason === tracked.reason) &&
      (update.progress === undefined || (update.progress.message === tracked.progress?.message && update.progress.percent === tracked.progress.percent));
    if (same) return;
    tracked.status = update.status;
    if (update.reason !== undefined) tracked.reason = update.reason;
    if (update.progress !== undefined) tracked.progress = update.progress;
    this.subject.next({ id: tracked.id, ...update });
  }

  private track(id: string, namespace: string): Tracked {
    const tracked: Tracked = { id, namespace };
    this.tracked.set(id, tracked);
    return tracked;
  }

  private untrack(id: string): void {
    clearTimeout(this.tracked.get(id)?.deadline);
    this.tracked.delete(id);
  }

  // ---- Cluster calls ----

  private async watching(): Promise<void> {
    await Promise.all([this.pods.start(), this.events.start()]);
  }

  /** Waits until the service has no pod left, terminating ones included (at most the grace period and 10 s). */
  private async podsGone(id: string, namespace: string): Promise<void> {
    const deadline = Date.now() + (this.options.stopTimeoutSeconds + 10) * 1000;
    while (this.pods.pods(LABELS.service, labelValue(id)).some((pod) => pod.metadata?.namespace === namespace)) {
      if (Date.now() > deadline) {
        this.log(`Service ${id}: its pods were still terminating after ${this.options.stopTimeoutSeconds + 10} s.`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

/** Ids name cluster objects: a DNS label, short enough for the `-home` suffix. */
function checkId(id: string): void {
  if (!/^[a-z0-9]([-a-z0-9]{0,53}[a-z0-9])?$/.test(id)) throw new Error(`"${id}" is not a valid service id for Kubernetes.`);
}
