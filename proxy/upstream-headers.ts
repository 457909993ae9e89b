import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RoutedPort } from '../bff/services/record.js';
import { withoutProxyCookie } from './cookie.js';

export interface Upstream {
  /** The user the proxy vouches for. */
  user: string;
  port: RoutedPort;
  /** `http:` or `https:`, as users reach the proxy. */
  publicProtocol: string;
  /** Path routing with the prefix stripped: the prefix, for `X-Forwarded-Prefix`. */
  strippedPrefix: string | null;
}

/**
 * An allowed request's headers for its upstream, as a flat `[name, value, …]` list in
 * the order and case the client sent them (what `http.request` takes as it is):
 *
 * - no client-sent `x-atelier-*`, then the user the proxy vouches for in `X-Atelier-User`;
 * - the port's own headers (its token), replacing any the client sent under those names;
 * - the `Cookie` header without the proxy's cookie (the service's own cookies kept);
 * - `X-Forwarded-For` with the client's address appended, `X-Forwarded-Proto`,
 *   `X-Forwarded-Host` and (path routing, prefix stripped) `X-Forwarded-Prefix` set by the
 *   proxy, never taken from the client;
 * - for HTTP, no connection-level header (RFC 9110 §7.6.1: a client's `Connection: close`
 *   must not close the pooled keep-alive upstream connection) and no `Expect` (this server
 *   already answered it). An upgrade keeps `Connection` and `Upgrade`, which it needs.
 *
 * The Host header is kept as it came (Jupyter compares it with Origin).
 */
export function upstreamHeaders(req: IncomingMessage, upstream: Upstream, upgrade: boolean): string[] {
  const raw = req.rawHeaders;
  const own = upstream.port.headers;
  const named = upgrade ? null : connectionNamed(raw);
  const headers: string[] = [];
  let forwardedFor = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      const kept = withoutProxyCookie(value);
      if (kept !== undefined) headers.push(name, kept);
    } else if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
    } else if (
      lower.startsWith('x-atelier-') ||
      lower.startsWith('x-forwarded-') ||
      (!upgrade && (HOP_BY_HOP.has(lower) || named?.has(lower))) ||
      hasHeader(own, lower)
    ) {
      continue;
    } else {
      headers.push(name, value);
    }
  }
  for (const name in own) headers.push(name, own[name]!);
  const address = req.socket.remoteAddress ?? '';
  headers.push('X-Atelier-User', upstream.user);
  headers.push('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${address}` : address);
  headers.push('X-Forwarded-Proto', upstream.publicProtocol === 'https:' ? 'https' : 'http');
  headers.push('X-Forwarded-Host', req.headers.host ?? '');
  if (upstream.strippedPrefix) headers.push('X-Forwarded-Prefix', upstream.strippedPrefix);
  return headers;
}

/** The same list as a headers object (lower-case names; repeated ones joined), for libraries that want one. */
export function headerObject(headers: string[]): IncomingHttpHeaders {
  const object: Record<string, string> = {};
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!.toLowerCase();
    const value = headers[i + 1]!;
    object[name] = object[name] === undefined ? value : `${object[name]}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return object;
}

/** Connection-level request headers, and `Expect`. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer', 'expect']);

/** Headers the `Connection` header names (they concern this connection only), if any. */
function connectionNamed(raw: string[]): Set<string> | null {
  let named: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== 10 || raw[i]!.toLowerCase() !== 'connection') continue;
    for (const name of raw[i + 1]!.split(',')) {
      const header = name.trim().toLowerCase();
      if (header && header !== 'host') (named ??= new Set()).add(header);
    }
  }
  return named;
}

/** Whether a port's headers (few, any case) include this lower-case name. */
function hasHeader(own: Record<string, string>, lower: string): boolean {
  for (const name in own) if (name.length === lower.length && name.toLowerCase() === lower) return true;
  return false;
}
