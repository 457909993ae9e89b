import { SERVICES, type ServiceRecord } from '../bff/services/record.js';
import type { Store } from '../bff/store/store.js';

/**
 * Service records read from the store, each reused for at most `cacheSeconds`: the
 * proxy's decisions lag the store by that much at most (a revoked owner, a stopped
 * service). Concurrent lookups of one id share one read; a failed read is not kept.
 */
export interface ServiceLookup {
  get(serviceId: string): Promise<ServiceRecord | undefined>;
}

interface Entry {
  until: number;
  record: Promise<ServiceRecord | undefined>;
}

/** Past this many entries, expired ones are dropped on the next lookup. */
const SWEEP_ABOVE = 1000;

export function createServiceLookup(options: { store: Store; cacheSeconds: number; now?: () => number }): ServiceLookup {
  const { store, cacheSeconds } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function sweep(time: number): void {
    for (const [id, entry] of entries) if (entry.until <= time) entries.delete(id);
  }

  return {
    get(serviceId) {
      const time = now();
      const cached = entries.get(serviceId);
      if (cached && cached.until > time) return cached.record;
      if (entries.size > SWEEP_ABOVE) sweep(time);
      const record = store.get<ServiceRecord>(SERVICES, serviceId).then((found) => found?.value);
      const entry: Entry = { until: time + cacheSeconds * 1000, record };
      entries.set(serviceId, entry);
      record.catch(() => {
        if (entries.get(serviceId) === entry) entries.delete(serviceId);
      });
      return record;
    },
  };
}
