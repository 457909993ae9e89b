/**
 * What a service card says about a service, as pure functions of the service JSON and the
 * strings of a language: no DOM.
 */
import type { Lang, Service, ServiceProgress, ServiceResources } from '../api/types.js';
import { formatNumber } from '../internal/localize.js';
import type { Messages } from '../internal/localize.js';

/** The launch steps a card shows, in order. */
export const LAUNCH_STEPS = ['scheduling', 'pulling', 'starting', 'health-check', 'ready'] as const;
export type LaunchStep = (typeof LAUNCH_STEPS)[number];

/**
 * The step a launch is at. Drivers report pulling the image as the `starting` phase below
 * 30% (the Kubernetes driver's "Pulling the image", at 25%); a `pulling` phase counts too.
 */
export function launchStep(progress: ServiceProgress | undefined): LaunchStep {
  const phase = progress?.phase as string | undefined;
  if (phase === 'starting' && (progress?.percent ?? 0) < 30) return 'pulling';
  return LAUNCH_STEPS.find((step) => step === phase) ?? 'scheduling';
}

/** "0.5 CPU · 2 GiB · 1 GPU" parts, each only when set. */
export function resourceParts(resources: ServiceResources | undefined, lang: Lang, t: Messages): string[] {
  if (!resources) return [];
  const parts: string[] = [];
  if (resources.cpu !== null) parts.push(t.cpuAmount(new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(resources.cpu / 1000)));
  if (resources.memory !== null) parts.push(formatMemory(resources.memory, lang, t));
  if (resources.gpu > 0) parts.push(t.gpuAmount(formatNumber(resources.gpu, lang)));
  return parts;
}

/** Bytes in the largest power of 1024 that keeps the number ≥ 1: "2 GiB", "1,5 Gio". */
export function formatMemory(bytes: number, lang: Lang, t: Messages): string {
  let value = bytes;
  let step = 0;
  while (Math.abs(value) >= 1024 && step < t.memoryUnits.length - 1) {
    value /= 1024;
    step += 1;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} ${t.memoryUnits[step]}`;
}

/** Why the service is failed, stopped or suspended, localized when its code is known; null otherwise. */
export function reasonOf(service: Service, t: Messages): { text: string; detail: string | null } | null {
  if (!['failed', 'stopped', 'suspended'].includes(service.status)) return null;
  const suspended = service.status === 'suspended';
  const server = service.reason;
  switch (service.reasonCode) {
    case 'idle':
      return { text: t.reasonIdle(suspended, service.idleMinutes ?? null), detail: null };
    case 'user':
      return { text: t.reasonUser(suspended), detail: null };
    case 'launch_failed':
      return { text: t.reasonLaunchFailed, detail: server };
    case 'exited':
      return { text: t.reasonExited, detail: server };
    case 'start_timeout':
      return { text: t.reasonStartTimeout, detail: server };
    case 'bff_restart':
      return { text: t.reasonBffRestart, detail: null };
    default:
      return server ? { text: server, detail: null } : null;
  }
}


/** Whether a running service has run longer than `hours` (none: no reminder). */
export function needsReminder(service: Service, hours: number | undefined, now = Date.now()): boolean {
  const wait = reminderIn(service, hours, now);
  return wait !== null && wait <= 0;
}

/** Milliseconds until a running service's reminder is due (≤ 0: due); null: no reminder for it. */
export function reminderIn(service: Service, hours: number | undefined, now = Date.now()): number | null {
  if (service.status !== 'running' || !hours || hours <= 0) return null;
  const since = Date.parse(service.startedAt ?? service.createdAt);
  return Number.isNaN(since) ? null : since + hours * 3_600_000 - now;
}
