/**
 * Values read from the store, each reused for at most `cacheSeconds`: the proxy's
 * decisions lag the store by that much at most (a revoked share, a new owner, a stopped
 * service). A fresh value is returned as it is, not as a promise, so that the common
 * case costs no store read and no extra turn of the event loop. Concurrent reads of one
 * key share one store read; a failed read is not kept.
 */
export interface CachedLookup<T> {
  get(key: string): T | Promise<T>;
}

interface Entry<T> {
  until: number;
  /** Set once the read has settled. */
  value?: T;
  settled: boolean;
  pending: Promise<T>;
}

/** Past this many entries, expired ones are dropped on the next read. */
const SWEEP_ABOVE = 1000;

export function createCachedLookup<T>(options: { read: (key: string) => Promise<T>; cacheSeconds: number; now?: () => number }): CachedLookup<T> {
  const { read, cacheSeconds } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();

  function sweep(time: number): void {
    for (const [key, entry] of entries) if (entry.until <= time) entries.delete(key);
  }

  return {
    get(key) {
      const time = now();
      const cached = entries.get(key);
      if (cached && cached.until > time) return cached.settled ? cached.value! : cached.pending;
      if (entries.size > SWEEP_ABOVE) sweep(time);
      const entry: Entry<T> = { until: time + cacheSeconds * 1000, settled: false, pending: read(key) };
      entries.set(key, entry);
      entry.pending.then(
        (value) => {
          entry.value = value;
          entry.settled = true;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.pending;
    },
  };
}
