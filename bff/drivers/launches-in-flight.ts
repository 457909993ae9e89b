/**
 * The launches a driver has under way, by service id: a stop during a start waits for its
 * launch to settle, and adoption and closing leave alone, or wait for, what is still starting.
 */
export class LaunchesInFlight {
  readonly #launching = new Map<string, Promise<unknown>>();

  /** Awaits `starting`, keeping it here until it settles. */
  async track<T>(id: string, starting: Promise<T>): Promise<T> {
    this.#launching.set(id, starting);
    try {
      return await starting;
    } finally {
      if (this.#launching.get(id) === starting) this.#launching.delete(id);
    }
  }

  has(id: string): boolean {
    return this.#launching.has(id);
  }

  /** Resolves once the launch of `id`, if there is one, has settled, however it ended. */
  async settled(id: string): Promise<void> {
    await this.#launching.get(id)?.catch(() => {});
  }

  /** Resolves once every launch under way has settled. */
  async allSettled(): Promise<void> {
    await Promise.allSettled(this.#launching.values());
  }
}
