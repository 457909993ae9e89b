import type { Service } from '../../components/api/types.js';
import type { ServiceRecord } from './record.js';

/** What the view of a record needs besides the record. */
export interface ServiceViewContext {
  urlOf: (record: ServiceRecord, port: number) => string;
  iconOf: (record: ServiceRecord) => string | null;
  suspendable: boolean;
}

/** A record as the API shows it: no runtime, no upstreams, no tokens. */
export function serviceOf(record: ServiceRecord, context: ServiceViewContext): Service {
  return {
    id: record.id,
    name: record.name,
    catalog: record.catalog,
    service: record.service,
    owner: record.owner,
    status: record.status,
    reason: record.reason,
    urls: record.ports.map((port) => ({ port: port.port, name: port.name, url: context.urlOf(record, port.port) })),
    createdAt: record.createdAt,
    progress: record.progress,
    values: record.values,
    icon: context.iconOf(record),
    resources: record.resources ?? { cpu: null, memory: null, gpu: 0 },
    suspendable: context.suspendable,
    reasonCode: record.reasonCode ?? null,
    startedAt: record.startedAt ?? null,
    lastActivityAt: record.lastActivityAt ?? null,
    idleMinutes: record.reasonCode === 'idle' ? (record.idleMinutes ?? null) : null,
  };
}

/** Starting and running services hold resources and count against quotas. */
export function isLive(record: Pick<ServiceRecord, 'status'> | undefined): boolean {
  return record?.status === 'starting' || record?.status === 'running';
}

/**
 * A driver's change applied to a record: `reasonCode` is the driver's when it gives one,
 * cleared when the service starts or runs, kept while the status stays; `startedAt` is
 * set when it becomes running.
 */
export function applyChange(current: ServiceRecord, patch: Partial<ServiceRecord>, now = new Date()): ServiceRecord {
  const status = patch.status ?? current.status;
  const changed = status !== current.status;
  const reasonCode =
    patch.reasonCode !== undefined
      ? patch.reasonCode
      : status === 'starting' || status === 'running'
        ? null
        : changed
          ? (DEFAULT_CODES[status] ?? null)
          : (current.reasonCode ?? null);
  const startedAt = status === 'running' && current.status !== 'running' ? now.toISOString() : (current.startedAt ?? null);
  return { ...current, ...patch, reasonCode, startedAt };
}

const DEFAULT_CODES: Partial<Record<ServiceRecord['status'], string>> = { failed: 'launch_failed', stopped: 'exited' };
