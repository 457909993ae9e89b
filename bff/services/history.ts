import type { ServiceHistoryEvent, ServiceStatus } from '../../components/api/types.js';
import { remove, update, type Store } from '../store/store.js';
import type { ServiceRecord } from './record.js';

/**
 * What happened to each service, oldest first (`GET /api/services/{id}/history`):
 * collection `history`, key = service id, at most `MAX_EVENTS` (the oldest go first).
 * Written with compare-and-set, so replicas add up rather than overwrite each other.
 */
export const HISTORY = 'history';
export const MAX_EVENTS = 200;

interface HistoryRecord {
  events: ServiceHistoryEvent[];
}

export async function readHistory(store: Store, serviceId: string): Promise<ServiceHistoryEvent[]> {
  return (await store.get<HistoryRecord>(HISTORY, serviceId))?.value.events ?? [];
}

export async function appendHistory(store: Store, serviceId: string, events: Omit<ServiceHistoryEvent, 'at'>[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date().toISOString();
  await update<HistoryRecord>(store, HISTORY, serviceId, (current) => ({
    events: [...(current?.events ?? []), ...events.map((event) => ({ at, ...event }))].slice(-MAX_EVENTS),
  }));
}

export async function deleteHistory(store: Store, serviceId: string): Promise<void> {
  await update<HistoryRecord>(store, HISTORY, serviceId, () => remove);
}

/** What changed between two states of a record, as history events (none when nothing a user would notice did). */
export function changeEvents(
  before: Pick<ServiceRecordLike, 'status' | 'progress' | 'name'> | undefined,
  after: ServiceRecordLike,
): Omit<ServiceHistoryEvent, 'at'>[] {
  if (!before) return [{ type: 'normal', reason: 'Launched', message: `${after.catalog}/${after.service} was launched as "${after.name}".` }];
  const events: Omit<ServiceHistoryEvent, 'at'>[] = [];
  if (after.name !== before.name) events.push({ type: 'normal', reason: 'Renamed', message: `Renamed from "${before.name}" to "${after.name}".` });
  if (after.status !== before.status) {
    const warning = after.status === 'failed' || (after.status === 'stopped' && after.reasonCode === 'exited');
    const message = after.reason ?? (after.status === 'starting' || after.status === 'running' ? after.progress.message : `The service is ${after.status}.`);
    events.push({ type: warning ? 'warning' : 'normal', reason: STATUS_REASONS[after.status], message });
  } else if (after.status === 'starting' && after.progress.message !== before.progress.message) {
    events.push({ type: 'normal', reason: 'Progress', message: after.progress.message });
  }
  return events;
}

type ServiceRecordLike = Pick<ServiceRecord, 'catalog' | 'service' | 'name' | 'status' | 'reason' | 'reasonCode' | 'progress'>;

const STATUS_REASONS: Record<ServiceStatus, string> = {
  starting: 'Starting',
  running: 'Running',
  suspended: 'Suspended',
  failed: 'Failed',
  stopped: 'Stopped',
};
