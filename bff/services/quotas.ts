import type { Quota, QuotaAmounts, ServiceResources, User } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import { remove, unchanged, update, type Store } from '../store/store.js';
import { parseCpu, parseMemory } from './resources.js';

/** One level of limits as the configuration writes them: cpu and memory as Kubernetes quantities ("4", "8Gi"); null: unlimited. */
export interface QuotaSettings {
  services?: number | null;
  cpu?: string | number | null;
  memory?: string | number | null;
  gpu?: number | null;
}

/** `quotas` of the configuration: everyone's limits, and more generous ones for some groups. */
export interface QuotaConfig {
  default: QuotaSettings;
  roles: Record<string, QuotaSettings>;
}

/**
 * What each user has reserved: collection `quota-usage`, key = username, one reservation
 * per service that counts (starting or running). Every launch and resume reserves here
 * with compare-and-set before anything starts, so concurrent launches, on any number of
 * BFF replicas, can never together go past a limit.
 */
export const QUOTA_USAGE = 'quota-usage';

interface Reservation extends ServiceResources {
  /** Epoch ms: a reservation younger than the grace counts even before its service record exists. */
  at: number;
}

interface UsageRecord {
  reservations: Record<string, Reservation>;
}

const KEYS = ['services', 'cpu', 'memory', 'gpu'] as const;
/** A launch writes its record right after reserving; a reservation whose record is not live after this is left over from a crash. */
const GRACE_MS = 60_000;

/** The most generous of the default limits and those of the user's groups; null wins (unlimited). */
export function limitsFor(config: QuotaConfig, user: Pick<User, 'groups'>): QuotaAmounts {
  const levels = [config.default, ...user.groups.flatMap((group) => (config.roles[group] ? [config.roles[group]] : []))];
  const limits = {} as QuotaAmounts;
  for (const key of KEYS) {
    const amounts = levels.filter((level) => level[key] !== undefined).map((level) => amountOf(key, level[key]!));
    limits[key] = amounts.length === 0 || amounts.includes(null) ? null : Math.max(...(amounts as number[]));
  }
  return limits;
}

/** What the user's live services use (`live`: the ids of their starting or running services). */
export async function usageOf(store: Store, username: string, live: ReadonlySet<string>): Promise<Quota['usage']> {
  const current = (await store.get<UsageRecord>(QUOTA_USAGE, username))?.value;
  return sum(pruned(current, live, Date.now()));
}

/**
 * Reserves a service's resources, or throws 403 `quota_exceeded` naming the limit it
 * would pass. `live`: the ids of the user's starting or running services (others' old
 * reservations are dropped on the way).
 */
export async function reserve(
  store: Store,
  username: string,
  serviceId: string,
  resources: ServiceResources,
  limits: QuotaAmounts,
  live: ReadonlySet<string>,
): Promise<void> {
  let refusal: string | null = null;
  await update<UsageRecord>(store, QUOTA_USAGE, username, (current) => {
    const now = Date.now();
    const kept = pruned(current, live, now);
    delete kept[serviceId];
    refusal = exceeded(limits, sum(kept), resources);
    return refusal ? unchanged : { reservations: { ...kept, [serviceId]: { ...resources, at: now } } };
  });
  if (refusal) throw new ApiError(403, 'quota_exceeded', refusal);
}

/** Frees what a service reserved (it stopped, failed, was suspended or deleted). */
export async function release(store: Store, username: string, serviceId: string): Promise<void> {
  await update<UsageRecord>(store, QUOTA_USAGE, username, (current) => {
    if (!current?.reservations[serviceId]) return unchanged;
    const { [serviceId]: _released, ...rest } = current.reservations;
    return Object.keys(rest).length === 0 ? remove : { reservations: rest };
  });
}

function amountOf(key: (typeof KEYS)[number], value: string | number | null): number | null {
  if (value === null) return null;
  if (key === 'cpu') return parseCpu(value) ?? 0;
  if (key === 'memory') return parseMemory(value) ?? 0;
  return Number(value);
}

function pruned(current: UsageRecord | undefined, live: ReadonlySet<string>, now: number): Record<string, Reservation> {
  const kept: Record<string, Reservation> = {};
  for (const [id, reservation] of Object.entries(current?.reservations ?? {})) {
    if (live.has(id) || now - reservation.at < GRACE_MS) kept[id] = reservation;
  }
  return kept;
}

function sum(reservations: Record<string, Reservation>): Quota['usage'] {
  const all = Object.values(reservations);
  const total = (pick: (reservation: Reservation) => number | null) => all.reduce((sum, reservation) => sum + (pick(reservation) ?? 0), 0);
  return { services: all.length, cpu: total((r) => r.cpu), memory: total((r) => r.memory), gpu: total((r) => r.gpu) };
}

/** Why one more service of `resources` would pass a limit, in words; null when it would not. */
function exceeded(limits: QuotaAmounts, usage: Quota['usage'], resources: ServiceResources): string | null {
  if (limits.services !== null && usage.services + 1 > limits.services) {
    return `You may run ${limits.services} service${limits.services === 1 ? '' : 's'} at once; you have ${usage.services}.`;
  }
  const asked = { cpu: resources.cpu ?? 0, memory: resources.memory ?? 0, gpu: resources.gpu };
  const units = {
    cpu: { what: 'CPU', format: (m: number) => `${+(m / 1000).toFixed(3)}` },
    memory: { what: 'memory', format: (bytes: number) => `${+(bytes / 2 ** 30).toFixed(2)} GiB` },
    gpu: { what: 'GPU', format: (n: number) => String(n) },
  };
  for (const key of ['cpu', 'memory', 'gpu'] as const) {
    const limit = limits[key];
    if (limit === null || usage[key] + asked[key] <= limit) continue;
    const { what, format } = units[key];
    return `You may use ${format(limit)} ${what} at once; your services use ${format(usage[key])} and this one asks for ${format(asked[key])}.`;
  }
  return null;
}
