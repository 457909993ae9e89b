import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where a service answers once it is ready; kept in the record's runtime to probe again after a restart. */
export interface HealthTarget {
  /** e.g. http://127.0.0.1:41234/api */
  url: string;
  headers: Record<string, string>;
}

export type HealthResult = 'healthy' | 'timeout' | 'aborted';

export interface WaitOptions {
  /** Epoch milliseconds after which the service is given up on. */
  deadline: number;
  /** The longest wait between two rounds of probes; the first waits are shorter. */
  intervalMs?: number;
  signal: AbortSignal;
}

/** Waits between probes, the first seconds: a service up in 60 ms is seen up within 20 more. */
const EARLY_INTERVAL_MS = 20;
const EARLY_MS = 2000;

/**
 * Probes every target until all answer 200, the deadline passes or the signal aborts. Each
 * target is probed at least once, even past the deadline (a service adopted after a long
 * restart may well be up). A TCP connect is not enough: the service must answer 200. The
 * rounds come every 20 ms for the first two seconds (a refused connection costs little),
 * then the waits grow to `intervalMs`.
 */
export async function waitHealthy(targets: HealthTarget[], { deadline, intervalMs = 250, signal }: WaitOptions): Promise<HealthResult> {
  const pending = [...targets];
  const early = Date.now() + EARLY_MS;
  let wait = Math.min(EARLY_INTERVAL_MS, intervalMs);
  for (;;) {
    if (signal.aborted) return 'aborted';
    for (const target of [...pending]) {
      const timeoutMs = Math.max(500, Math.min(2000, deadline - Date.now()));
      if (await probe(target, timeoutMs, signal)) pending.splice(pending.indexOf(target), 1);
      if (signal.aborted) return 'aborted';
    }
    if (pending.length === 0) return 'healthy';
    if (Date.now() >= deadline) return 'timeout';
    try {
      await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), undefined, { signal });
      if (Date.now() >= early) wait = Math.min(intervalMs, wait * 1.5);
    } catch {
      return 'aborted';
    }
  }
}

/** One GET: true only on status 200. No keep-alive, so no socket outlives the probe. */
export function probe(target: HealthTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(target.url, { method: 'GET', headers: { ...target.headers, connection: 'close' }, agent: false, timeout: timeoutMs, signal });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.on('close', () => resolve(false));
    req.end();
  });
}
