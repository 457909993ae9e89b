import { SERVICES, type ServiceRecord } from '../bff/services/record.js';
import type { Store } from '../bff/store/store.js';
import { createCachedLookup, type CachedLookup } from './cache.js';

/** Service records read from the store, each reused for at most `cacheSeconds` (see cache.ts). */
export type ServiceLookup = CachedLookup<ServiceRecord | undefined>;

export function createServiceLookup(options: { store: Store; cacheSeconds: number; now?: () => number }): ServiceLookup {
  const { store } = options;
  return createCachedLookup({
    read: async (serviceId) => (await store.get<ServiceRecord>(SERVICES, serviceId))?.value,
    cacheSeconds: options.cacheSeconds,
    now: options.now,
  });
}
