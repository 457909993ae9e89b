import type { IncomingMessage } from 'node:http';
import type { RoutedPort } from '../bff/services/record.js';
import { withoutProxyCookie } from './cookie.js';

/**
 * Rewrites an allowed request's headers for its upstream (HTTP and WebSocket alike; the
 * proxy library copies `req.headers`): no client-sent `x-atelier-*`, the user the proxy
 * vouches for, the port's own headers (its token, replacing any client Authorization),
 * and the Cookie header without the proxy's cookie. The Host header is left as it is.
 */
export function prepareUpstreamHeaders(req: IncomingMessage, user: string, port: RoutedPort): void {
  const headers = req.headers;
  for (const name of Object.keys(headers)) if (name.startsWith('x-atelier-')) delete headers[name];
  headers['x-atelier-user'] = user;
  for (const [name, value] of Object.entries(port.headers)) headers[name.toLowerCase()] = value;
  const cookie = withoutProxyCookie(headers.cookie);
  if (cookie === undefined) delete headers.cookie;
  else headers.cookie = cookie;
}

/**
 * Connection-level headers concern the client's connection only (RFC 9110 §7.6.1): a
 * client's `Connection: close` must not close the pooled keep-alive upstream connection.
 * Not for upgrades, whose `Connection: Upgrade` the upstream needs.
 */
export function dropHopByHopHeaders(req: IncomingMessage): void {
  const headers = req.headers;
  const named = (headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase());
  for (const name of [...named, 'connection', 'keep-alive', 'proxy-connection', 'upgrade']) {
    if (name && name !== 'host') delete headers[name];
  }
}
