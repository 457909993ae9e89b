import type { RoutedPort, ServiceRecord } from '../bff/services/record.js';
import type { CachedLookup } from './cache.js';
import { proxyCookieValues, verifyGrant, type ProxyGrant } from './cookie.js';
import type { ProxyError } from './error-pages.js';
import type { Route } from './routes.js';
import type { ServiceLookup } from './services.js';
import { mayUse, type ShareRecord } from './shares.js';

/**
 * The proxy's one decision, for every request and every upgrade: let it through to a
 * port's upstream, or refuse it. In this order, so that someone without a grant learns
 * nothing (not even whether a service exists) and costs no store read:
 *
 *   no route                                        → 404
 *   no cookie granting this service (and port)      → 401 (forged, tampered, expired, other service)
 *   no such service in the store                    → 404
 *   the grant's user is neither the owner nor
 *   someone the service is shared with              → 403
 *   the service is not running                      → 503
 *   no such port on the running service             → 404
 *
 * Fast path: a cookie already verified is not verified again (its HMAC cannot change; its
 * expiry is still checked), and records and shares fresh in the cache are used as they
 * are, so an allowed request usually costs no store read, no HMAC and no extra turn of the
 * event loop. Authorization itself is decided on every request, from data at most
 * `cacheSeconds` old.
 */
export type Decision =
  | { allow: true; user: string; grant: ProxyGrant; record: ServiceRecord; port: RoutedPort; route: Route }
  | { allow: false; error: ProxyError; route: Route | null };

export interface Authorizer {
  decide(route: Route | null, cookieHeader: string | undefined): Decision | Promise<Decision>;
}

export interface AuthorizerOptions {
  services: ServiceLookup;
  /** Null when sharing is off: only owners get in. */
  shares: CachedLookup<ShareRecord | undefined> | null;
  cookieKey: Buffer;
  now?: () => number;
}

/** Verified cookies kept at most; past it the cache starts again (forged values are never kept). */
const MAX_VERIFIED = 10_000;

export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const { services, shares, cookieKey } = options;
  const now = options.now ?? Date.now;
  const verified = new Map<string, ProxyGrant>();

  function grantOf(token: string, time: number): ProxyGrant | null {
    const known = verified.get(token);
    if (known) return known.expiresAt > time ? known : null;
    const grant = verifyGrant(token, cookieKey, time);
    if (!grant) return null;
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(token, grant);
    return grant;
  }

  /** The valid grants, among the cookie's values, for exactly this service and port. */
  function grantsFor(route: Route, cookieHeader: string | undefined): ProxyGrant[] {
    const time = now();
    const grants: ProxyGrant[] = [];
    for (const token of proxyCookieValues(cookieHeader)) {
      const grant = grantOf(token, time);
      if (grant && grant.serviceId === route.serviceId && (grant.port === undefined || grant.port === route.port)) grants.push(grant);
    }
    return grants;
  }

  function withRecord(route: Route, grants: ProxyGrant[], record: ServiceRecord | undefined): Decision | Promise<Decision> {
    if (!record) return deny(route, NOT_FOUND);
    const owner = grants.find((grant) => grant.user === record.owner);
    if (owner) return withUser(route, owner, record);
    if (!shares) return deny(route, FORBIDDEN);
    const share = shares.get(record.id);
    return share instanceof Promise ? share.then((found) => withShare(route, grants, record, found)) : withShare(route, grants, record, share);
  }

  function withShare(route: Route, grants: ProxyGrant[], record: ServiceRecord, share: ShareRecord | undefined): Decision {
    const grant = grants.find((candidate) => mayUse(candidate.user, candidate.groups, record.owner, share));
    return grant ? withUser(route, grant, record) : deny(route, FORBIDDEN);
  }

  return {
    decide(route, cookieHeader) {
      if (!route) return deny(route, NOT_FOUND);
      const grants = grantsFor(route, cookieHeader);
      if (grants.length === 0) return deny(route, UNAUTHENTICATED);
      const record = services.get(route.serviceId);
      return record instanceof Promise ? record.then((found) => withRecord(route, grants, found)) : withRecord(route, grants, record);
    },
  };
}

function withUser(route: Route, grant: ProxyGrant, record: ServiceRecord): Decision {
  if (record.status === 'starting') return deny(route, STARTING);
  if (record.status !== 'running') return deny(route, notRunning(record));
  const port = record.ports.find((candidate) => candidate.port === route.port);
  if (!port) return deny(route, NOT_FOUND);
  return { allow: true, user: grant.user, grant, record, port, route };
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
