import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The proxy's own cookie (pure): a grant to one service (and port), for one user, until
 * a time. The value is `<base64url JSON payload>.<base64url HMAC-SHA256 of the payload>`;
 * nothing is kept server side, so every replica holding the key can check it.
 */
export const PROXY_COOKIE = 'atelier_proxy';

export interface ProxyGrant {
  serviceId: string;
  /** Absent: valid for every port of the service (each port is still its own origin). */
  port?: number;
  user: string;
  /**
   * The user's groups that the service was shared with when the ticket was issued (so
   * that a share with a group can be checked without the user's token); absent for the
   * owner and for users named in the share.
   */
  groups?: string[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

interface Payload {
  s: string;
  p?: number;
  u: string;
  g?: string[];
  e: number;
}

const TOKEN = /^([A-Za-z0-9_-]{1,3000})\.([A-Za-z0-9_-]{43})$/;

export function signGrant(grant: ProxyGrant, key: Buffer): string {
  const payload: Payload = { s: grant.serviceId, u: grant.user, e: grant.expiresAt };
  if (grant.port !== undefined) payload.p = grant.port;
  if (grant.groups?.length) payload.g = grant.groups;
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${mac(encoded, key).toString('base64url')}`;
}

/** The grant if the token is well formed, signed with `key` and not expired; else null. */
export function verifyGrant(token: string, key: Buffer, now = Date.now()): ProxyGrant | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const encoded = match[1];
  const given = Buffer.from(match[2], 'base64url');
  const expected = mac(encoded, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    return null;
  }
  const { s, p, u, g, e } = payload ?? {};
  if (typeof s !== 'string' || typeof u !== 'string' || typeof e !== 'number') return null;
  if (p !== undefined && !Number.isInteger(p)) return null;
  if (g !== undefined && !(Array.isArray(g) && g.every((group) => typeof group === 'string'))) return null;
  if (e <= now) return null;
  const grant: ProxyGrant = { serviceId: s, user: u, expiresAt: e };
  if (p !== undefined) grant.port = p;
  if (g?.length) grant.groups = g;
  return grant;
}

/** Every value of the proxy's cookie in a `Cookie` header (a tossed cookie may sit beside ours). */
export function proxyCookieValues(cookieHeader: string | undefined): string[] {
  return splitCookies(cookieHeader)
    .filter((pair) => nameOf(pair) === PROXY_COOKIE)
    .map((pair) => pair.slice(pair.indexOf('=') + 1).trim());
}

/** The `Cookie` header without the proxy's cookie (the service's own cookies kept), or undefined if none is left. */
export function withoutProxyCookie(cookieHeader: string | undefined): string | undefined {
  const kept = splitCookies(cookieHeader).filter((pair) => nameOf(pair) !== PROXY_COOKIE);
  return kept.length ? kept.join('; ') : undefined;
}

/**
 * Host-only (no Domain), so it is never sent to another service's origin. Under path
 * routing its Path is the service port's prefix (`/s/<id>/<port>`), so it is not sent
 * with requests for another service of the same origin.
 */
export function serializeProxyCookie(token: string, options: { maxAgeSeconds: number; secure: boolean; path?: string }): string {
  const attributes = [`${PROXY_COOKIE}=${token}`, `Max-Age=${Math.floor(options.maxAgeSeconds)}`, `Path=${options.path ?? '/'}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

function mac(encoded: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(encoded).digest();
}

function splitCookies(header: string | undefined): string[] {
  return (header ?? '').split(';').map((pair) => pair.trim()).filter(Boolean);
}

function nameOf(pair: string): string {
  const equals = pair.indexOf('=');
  return (equals < 0 ? pair : pair.slice(0, equals)).trim();
}
