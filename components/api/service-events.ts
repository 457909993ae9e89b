import type { Service, ServiceEvent } from './types.js';
import type { SseMessage } from './sse.js';

/**
 * The service event an SSE message carries, or null when it is not one (an unknown event
 * name or data that is not the expected JSON): such messages are skipped, not fatal.
 */
export function serviceEventFromMessage(message: SseMessage): ServiceEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  switch (message.event) {
    case 'snapshot':
      return Array.isArray(data) ? { type: 'snapshot', services: data.filter(isService) } : null;
    case 'service':
      return isService(data) ? { type: 'service', service: data } : null;
    case 'deleted': {
      const id = (data as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? { type: 'deleted', id } : null;
    }
    default:
      return null;
  }
}

function isService(value: unknown): value is Service {
  if (typeof value !== 'object' || value === null) return false;
  const { id, status } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof status === 'string';
}

/**
 * How long to wait before reconnection number `attempt` (0-based): exponential from
 * `base`, capped at `max`, with up to 50% jitter subtracted so clients do not reconnect
 * in lockstep after a server restart.
 */
export function reconnectDelay(attempt: number, random = Math.random, base = 1000, max = 30_000): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (1 - random() / 2));
}

/** Applies one event to a list of services (newest first), returning a new list. */
export function applyServiceEvent(services: readonly Service[], event: ServiceEvent): Service[] {
  switch (event.type) {
    case 'snapshot':
      return sortServices(event.services);
    case 'service':
      return sortServices([...services.filter((service) => service.id !== event.service.id), event.service]);
    case 'deleted':
      return services.filter((service) => service.id !== event.id);
  }
}

function sortServices(services: readonly Service[]): Service[] {
  return [...services].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id.localeCompare(b.id)));
}
