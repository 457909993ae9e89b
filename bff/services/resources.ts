import type { ServiceResources } from '../../components/api/types.js';

/**
 * What a service asks for, read from its resolved launch values the way Onyxia's charts
 * lay them out: `resources.requests.cpu|memory` (else `resources.limits.…`), and the GPU
 * under `resources.limits["nvidia.com/gpu"]` (or a `gpu` key there or at the top).
 * CPU in millicores, memory in bytes; null when the values say nothing.
 */
export function resourcesOf(values: Record<string, unknown>): ServiceResources {
  const resources = objectAt(values, 'resources');
  const requests = objectAt(resources, 'requests');
  const limits = objectAt(resources, 'limits');
  const cpu = parseCpu(requests.cpu ?? limits.cpu);
  const memory = parseMemory(requests.memory ?? limits.memory);
  const gpu = parseQuantity(limits['nvidia.com/gpu'] ?? requests['nvidia.com/gpu'] ?? resources.gpu ?? values.gpu);
  return { cpu, memory, gpu: gpu === null ? 0 : Math.max(0, Math.ceil(gpu)) };
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity ("500m", "2", "1.5Gi", "1e3", or a number) in base units; null when it is none. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?\s*$/.exec(value);
  if (!match) return null;
  const [, number, exponent, suffix = ''] = match;
  if (exponent !== undefined && suffix) return null;
  return Number(number) * 10 ** Number(exponent ?? 0) * SUFFIXES[suffix]!;
}

/** Cores as a quantity → millicores. */
export function parseCpu(value: unknown): number | null {
  const cores = parseQuantity(value);
  return cores === null ? null : Math.round(cores * 1000);
}

/** Bytes as a quantity. */
export function parseMemory(value: unknown): number | null {
  const bytes = parseQuantity(value);
  return bytes === null ? null : Math.round(bytes);
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  const found = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return found && typeof found === 'object' && !Array.isArray(found) ? (found as Record<string, unknown>) : {};
}
