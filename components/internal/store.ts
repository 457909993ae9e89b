/** A value that can be read now and watched for changes. */
export interface Watchable<T> {
  readonly value: T;
  /** Calls `listener` with every new value (not the current one); returns an unsubscribe. */
  subscribe(listener: (value: T) => void): () => void;
}

/** The smallest writable `Watchable`: notifies only when the value actually changes. */
export class Store<T> implements Watchable<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(value: T) {
    this.#value = value;
  }

  get value(): T {
    return this.#value;
  }

  set(value: T): void {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const listener of [...this.#listeners]) listener(value);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
