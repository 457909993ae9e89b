import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, type Store } from '../bff/store/store.js';

/**
 * One-time tickets: `POST /api/services/{id}/open` issues one, the proxy redeems it once
 * and turns it into its own cookie. Only a hash of the ticket is stored, and redemption
 * is a compare-and-set in the shared store, so no two proxy replicas accept it twice.
 */
export const TICKETS = 'tickets';
/** The query parameter that carries a ticket in an open URL; the proxy removes it. */
export const TICKET_PARAM = 'atelier-ticket';

export interface TicketRecord {
  serviceId: string;
  port: number;
  user: string;
  /** The user's groups through which the service is shared with them (none for its owner). */
  groups?: string[];
  expiresAt: number;
  redeemedAt: number | null;
}

export async function issueTicket(
  store: Store,
  ticket: { serviceId: string; port: number; user: string; groups?: string[]; ttlSeconds: number },
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  const record: TicketRecord = {
    serviceId: ticket.serviceId,
    port: ticket.port,
    user: ticket.user,
    expiresAt: Date.now() + ticket.ttlSeconds * 1000,
    redeemedAt: null,
  };
  if (ticket.groups?.length) record.groups = ticket.groups;
  await store.put(TICKETS, keyOf(secret), record, 'absent');
  return secret;
}

/** The ticket's record if it is valid and this call redeemed it; null if unknown, expired or already redeemed. */
export async function redeemTicket(store: Store, secret: string, now = Date.now()): Promise<TicketRecord | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  const found = await store.get<TicketRecord>(TICKETS, keyOf(secret));
  if (!found || found.value.redeemedAt !== null || found.value.expiresAt <= now) return null;
  try {
    await store.put<TicketRecord>(TICKETS, found.key, { ...found.value, redeemedAt: now }, found.version);
  } catch (error) {
    if (error instanceof ConflictError) return null; // redeemed by another request, perhaps on another replica
    throw error;
  }
  return found.value;
}

/** Deletes tickets that expired more than a minute ago. */
export async function deleteExpiredTickets(store: Store, now = Date.now()): Promise<void> {
  for (const ticket of await store.list<TicketRecord>(TICKETS)) {
    if (ticket.value.expiresAt < now - 60_000) await store.delete(TICKETS, ticket.key, ticket.version).catch(() => undefined);
  }
}

function keyOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
