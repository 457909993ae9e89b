import { update, type Store } from '../bff/store/store.js';

/**
 * Activity per service, for idle shutdown: collection `activity`, key = service id.
 * Every proxy replica counts the requests and WebSocket traffic it lets through, in
 * memory, and adds them to the store at most once every `flushSeconds` per service
 * (compare-and-set, so replicas add up rather than overwrite each other). What any
 * replica saw counts.
 *
 * To find idle services (issue #4): `readActivity(store, id)` → `lastActivityAt` (ms since
 * the epoch, or undefined: nothing went through the proxy yet; use the service's start
 * time then). It lags the real last request by at most `flushSeconds`, so an idle limit
 * should be well above it (minutes, not seconds).
 */
export const ACTIVITY = 'activity';

export interface ActivityRecord {
  serviceId: string;
  /** Milliseconds since the epoch: the latest request or WebSocket message through any replica. */
  lastActivityAt: number;
  /** HTTP requests let through, since the record was created. */
  requests: number;
  /** WebSocket data received from either side (chunks of frames, as the sockets deliver them). */
  frames: number;
}

export async function readActivity(store: Store, serviceId: string): Promise<ActivityRecord | undefined> {
  return (await store.get<ActivityRecord>(ACTIVITY, serviceId))?.value;
}

export interface ActivityRecorder {
  request(serviceId: string): void;
  frame(serviceId: string): void;
  /** Writes what was counted so far (also done by the timer and on close). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  requests: number;
  frames: number;
  last: number;
}

export function createActivityRecorder(options: { store: Store; flushSeconds: number; log: (message: string) => void; now?: () => number }): ActivityRecorder {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  let pending = new Map<string, Pending>();
  let flushing: Promise<void> = Promise.resolve();

  function count(serviceId: string): Pending {
    let entry = pending.get(serviceId);
    if (!entry) pending.set(serviceId, (entry = { requests: 0, frames: 0, last: 0 }));
    return entry;
  }

  async function write(batch: Map<string, Pending>): Promise<void> {
    for (const [serviceId, seen] of batch) {
      await update<ActivityRecord>(store, ACTIVITY, serviceId, (current) => ({
        serviceId,
        lastActivityAt: Math.max(current?.lastActivityAt ?? 0, seen.last),
        requests: (current?.requests ?? 0) + seen.requests,
        frames: (current?.frames ?? 0) + seen.frames,
      })).catch((error: unknown) => log(`proxy: could not record the activity of ${serviceId}: ${String(error)}`));
    }
  }

  function flush(): Promise<void> {
    if (pending.size === 0) return flushing;
    const batch = pending;
    pending = new Map();
    flushing = flushing.then(() => write(batch));
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.flushSeconds * 1000);
  timer.unref();

  return {
    request(serviceId) {
      const entry = count(serviceId);
      entry.requests++;
      entry.last = now();
    },
    frame(serviceId) {
      const entry = count(serviceId);
      entry.frames++;
      entry.last = now();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
