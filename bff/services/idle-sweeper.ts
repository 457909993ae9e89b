import { readActivity } from '../../proxy/activity.js';
import type { Store } from '../store/store.js';
import type { ServiceManager } from './service-manager.js';

export interface IdleSweeperOptions {
  store: Store;
  services: ServiceManager;
  /** Minutes without traffic when the catalog entry gives no `idleTimeout`; 0: never. */
  defaultMinutes: number;
  /** How often to look. */
  intervalSeconds: number;
  log: (message: string) => void;
  now?: () => number;
}

export interface IdleSweeper {
  /** One pass over the running services (also what the timer runs); resolves once it is done. */
  sweep(): Promise<void>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Idle shutdown (issue #4): every `intervalSeconds`, each running service whose last
 * traffic through any proxy (proxy/activity.ts) — or its start, when it had none — is
 * older than its entry's `idleTimeout` is stopped (local) or suspended (a driver that can),
 * with reasonCode `idle`. Every replica may sweep: the record's compare-and-set lets only
 * one of them act on a service. On the way, the last activity is copied to the record
 * for the card.
 */
export function startIdleSweeper(options: IdleSweeperOptions): IdleSweeper {
  const { store, services, log } = options;
  const now = options.now ?? Date.now;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function pass(): Promise<void> {
    for (const record of await services.records()) {
      if (stopped) return;
      if (record.status !== 'running') continue;
      const minutes = services.entryOf(record)?.idleTimeout ?? options.defaultMinutes;
      const activity = (await readActivity(store, record.id))?.lastActivityAt;
      const since = Math.max(activity ?? 0, Date.parse(record.startedAt ?? record.createdAt) || 0);
      if (activity !== undefined) await services.noteActivity(record.id, activity);
      if (minutes <= 0 || now() - since <= minutes * 60_000) continue;
      if (await services.stopIdle(record.id, minutes)) log(`Service ${record.id} of ${record.owner}: no activity for ${minutes} minutes, so it was stopped or suspended.`);
    }
  }

  /** One pass at a time: a tick that comes during a pass joins it. */
  function sweep(): Promise<void> {
    running ??= pass()
      .catch((error: unknown) => log(`The idle sweep failed: ${String(error)}`))
      .finally(() => (running = null));
    return running;
  }

  const timer = setInterval(() => void sweep(), options.intervalSeconds * 1000);
  timer.unref();
  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
