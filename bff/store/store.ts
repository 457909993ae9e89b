/**
 * The one storage interface of Atelier (DESIGN: "State, and what survives"). Service
 * records, tickets and shares live here; BFF and proxy replicas share nothing else.
 *
 * Every write is a compare-and-set on a version number, so concurrent writers never
 * lose an update: read, compute, `put` with the version you read, retry on conflict
 * (the `update` helper below does exactly that).
 */

export interface Versioned<T> {
  key: string;
  /** Grows by one on every write of this key, deletions included. */
  version: number;
  value: T;
}

/** `put`'s expectation: the version that was read, or `absent` for "must not exist". */
export type Expected = number | 'absent';

export interface Store {
  get<T>(collection: string, key: string): Promise<Versioned<T> | undefined>;
  list<T>(collection: string): Promise<Versioned<T>[]>;
  /** Writes `value` if the key is still at `expected`; else throws `ConflictError`. */
  put<T>(collection: string, key: string, value: T, expected: Expected): Promise<Versioned<T>>;
  /** Deletes the key if it is still at `expected`; else throws `ConflictError`. */
  delete(collection: string, key: string, expected: number): Promise<void>;
}

export class ConflictError extends Error {
  constructor(collection: string, key: string) {
    super(`${collection}/${key} was changed by another writer`);
    this.name = 'ConflictError';
  }
}

/** Returned by an `update` function to leave the value as it is. */
export const unchanged = Symbol('unchanged');
/** Returned by an `update` function to delete the value. */
export const remove = Symbol('remove');

/**
 * Read-modify-write with compare-and-set, retried on conflict. `change` may run several
 * times, so it must be pure. Returns what is stored afterwards (undefined if nothing).
 */
export async function update<T>(
  store: Store,
  collection: string,
  key: string,
  change: (current: T | undefined) => T | typeof unchanged | typeof remove,
): Promise<Versioned<T> | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<T>(collection, key);
    const next = change(current?.value);
    try {
      if (next === unchanged) return current;
      if (next === remove) {
        if (current) await store.delete(collection, key, current.version);
        return undefined;
      }
      return await store.put(collection, key, next, current ? current.version : 'absent');
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt > 1000) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt + 1)));
    }
  }
}
