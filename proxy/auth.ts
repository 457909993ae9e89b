import type { RoutedPort, ServiceRecord } from '../bff/services/record.js';
import { proxyCookieValues, verifyGrant, type ProxyGrant } from './cookie.js';
import type { ProxyError } from './error-pages.js';
import type { Route } from './routes.js';
import type { ServiceLookup } from './services.js';

/**
 * The proxy's one decision, for every request and every upgrade: let it through to a
 * port's upstream, or refuse it. In this order, so that someone without a grant learns
 * nothing (not even whether a service exists) and costs no store read:
 *
 *   no route                                   → 404
 *   no cookie granting this service (and port) → 401 (forged, tampered, expired, other service)
 *   no such service in the store               → 404
 *   the grant's user is not the current owner  → 403
 *   the service is not running                 → 503
 *   no such port on the running service        → 404
 */
export type Decision =
  | { allow: true; user: string; record: ServiceRecord; port: RoutedPort }
  | { allow: false; error: ProxyError; route: Route | null };

export interface DecisionInput {
  route: Route | null;
  cookieHeader: string | undefined;
  services: ServiceLookup;
  cookieKey: Buffer;
  now?: number;
}

export async function decide(input: DecisionInput): Promise<Decision> {
  const { route } = input;
  if (!route) return deny(route, NOT_FOUND);
  const grants = grantsFor(route, input.cookieHeader, input.cookieKey, input.now);
  if (grants.length === 0) return deny(route, UNAUTHENTICATED);
  const record = await input.services.get(route.serviceId);
  if (!record) return deny(route, NOT_FOUND);
  const grant = grants.find((candidate) => mayUse(candidate.user, record));
  if (!grant) return deny(route, FORBIDDEN);
  if (record.status === 'starting') return deny(route, STARTING);
  if (record.status !== 'running') return deny(route, notRunning(record));
  const port = record.ports.find((candidate) => candidate.port === route.port);
  if (!port) return deny(route, NOT_FOUND);
  return { allow: true, user: grant.user, record, port };
}

/** The valid grants, among the cookie's values, for exactly this service and port. */
function grantsFor(route: Route, cookieHeader: string | undefined, key: Buffer, now?: number): ProxyGrant[] {
  return proxyCookieValues(cookieHeader)
    .map((token) => verifyGrant(token, key, now))
    .filter((grant): grant is ProxyGrant => grant !== null)
    .filter((grant) => grant.serviceId === route.serviceId && (grant.port === undefined || grant.port === route.port));
}

/** Only the owner for now; sharing with a project will widen this. */
function mayUse(user: string, record: ServiceRecord): boolean {
  return user === record.owner;
}

function deny(route: Route | null, error: ProxyError): Decision {
  return { allow: false, error, route };
}

export const NOT_FOUND: ProxyError = {
  status: 404,
  code: 'not_found',
  title: 'No service here',
  message: 'No service answers at this address. It may have been deleted.',
};
export const UNAUTHENTICATED: ProxyError = {
  status: 401,
  code: 'unauthenticated',
  title: 'Sign in to open this service',
  message: 'Open this service from the portal, where you are signed in.',
};
const FORBIDDEN: ProxyError = {
  status: 403,
  code: 'forbidden',
  title: 'Not your service',
  message: 'This service belongs to someone else, and is not shared with you.',
};
const STARTING: ProxyError = {
  status: 503,
  code: 'starting',
  title: 'The service is starting',
  message: 'The service is starting; this page refreshes by itself.',
  refreshSeconds: 2,
};

function notRunning(record: ServiceRecord): ProxyError {
  return {
    status: 503,
    code: 'not_running',
    title: 'The service is not running',
    message: `The service is ${record.status}${record.reason ? `: ${record.reason}` : '.'}`,
  };
}
