import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { ServiceProgress } from '../../../components/api/types.js';

/**
 * What a service's pods and their Events say, in the statuses and progress phases the
 * local driver reports (scheduling, starting, health-check, ready, failed). Pure.
 */

export const WAITING_FOR_NODE: ServiceProgress = { phase: 'scheduling', message: 'Waiting for a node', percent: 10 };
const ASSIGNED: ServiceProgress = { phase: 'scheduling', message: 'Assigned to a node', percent: 20 };
const CREATING: ServiceProgress = { phase: 'starting', message: 'Creating the container', percent: 30 };
const PULLED: ServiceProgress = { phase: 'starting', message: 'Image pulled', percent: 40 };
const STARTING: ServiceProgress = { phase: 'starting', message: 'Starting the container', percent: 50 };
export const HEALTH_CHECK: ServiceProgress = { phase: 'health-check', message: 'Waiting for the service to answer', percent: 60 };
export const READY: ServiceProgress = { phase: 'ready', message: 'Ready', percent: 100 };

export type Observed =
  | { status: 'starting'; progress: ServiceProgress }
  | { status: 'running'; progress: ServiceProgress }
  /** `exited`: the container ended with this code; its last log line belongs in the reason. */
  | { status: 'failed'; reason: string; exited?: number };

const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CREATE_FAILURES = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/** The newest pod that is not being deleted, if any. */
export function currentPod(pods: V1Pod[]): V1Pod | undefined {
  return pods
    .filter((pod) => !pod.metadata?.deletionTimestamp)
    .sort((a, b) => timeOf(b.metadata?.creationTimestamp) - timeOf(a.metadata?.creationTimestamp))[0];
}

/** The state of a service from its current pod; null when it has none. */
export function observe(pod: V1Pod | undefined): Observed | null {
  if (!pod) return null;
  const status = pod.status ?? {};
  if (status.phase === 'Failed' || status.phase === 'Succeeded') {
    const why = [status.reason, status.message].filter(Boolean).join(': ');
    return { status: 'failed', reason: `The pod ended${why ? `: ${why}` : '.'}` };
  }
  const scheduled = status.conditions?.find((condition) => condition.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    const message = scheduled.message ? `${WAITING_FOR_NODE.message}: ${scheduled.message}` : WAITING_FOR_NODE.message;
    return { status: 'starting', progress: { ...WAITING_FOR_NODE, message } };
  }
  const container = status.containerStatuses?.[0];
  const image = pod.spec?.containers[0]?.image ?? '';
  const waiting = container?.state?.waiting;
  if (waiting?.reason && PULL_FAILURES.has(waiting.reason)) {
    return { status: 'failed', reason: `The image ${image} could not be pulled${waiting.message ? `: ${waiting.message}` : ` (${waiting.reason}).`}` };
  }
  if (waiting?.reason && CREATE_FAILURES.has(waiting.reason)) {
    return { status: 'failed', reason: `The container could not be started${waiting.message ? `: ${waiting.message}` : ` (${waiting.reason}).`}` };
  }
  const ended = container?.state?.terminated ?? (waiting?.reason === 'CrashLoopBackOff' ? container?.lastState?.terminated : undefined);
  if (ended) return { status: 'failed', reason: `The container exited with code ${ended.exitCode}`, exited: ended.exitCode };
  if (status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True')) return { status: 'running', progress: READY };
  if (container?.state?.running) return { status: 'starting', progress: HEALTH_CHECK };
  if (container) return { status: 'starting', progress: CREATING };
  return { status: 'starting', progress: scheduled?.status === 'True' ? ASSIGNED : WAITING_FOR_NODE };
}

/** The progress an Event of a starting pod tells, if it tells one. */
export function progressOf(event: CoreV1Event): ServiceProgress | null {
  switch (event.reason) {
    case 'Scheduled':
      return ASSIGNED;
    case 'Pulling': {
      const image = /"([^"]+)"/.exec(event.message ?? '')?.[1];
      return { phase: 'starting', message: image ? `Pulling the image ${image}` : 'Pulling the image', percent: 25 };
    }
    case 'Pulled':
      return PULLED;
    case 'Created':
    case 'Started':
      return STARTING;
    case 'FailedScheduling':
      return { ...WAITING_FOR_NODE, message: `${WAITING_FOR_NODE.message}: ${event.message ?? ''}`.trim() };
    default:
      return null;
  }
}

function timeOf(value: Date | string | undefined): number {
  return value ? new Date(value).getTime() : 0;
}
