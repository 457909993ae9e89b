import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Decision } from './auth.js';
import type { ProxyContext } from './context.js';
import { refuseUpgrade, type ProxyError } from './error-pages.js';
import { BAD_GATEWAY, BAD_TARGET, splitTicket } from './http.js';
import { routeOf } from './routes.js';
import { headerObject, upstreamHeaders } from './upstream-headers.js';

/**
 * One WebSocket upgrade: the same decision as for HTTP, with refusals as bare status
 * lines; then http-proxy-3 pipes the two sockets to each other. Data in either direction
 * counts as the service's activity.
 */
export function handleUpgrade(context: ProxyContext, req: IncomingMessage, socket: Duplex, head: Buffer): void | Promise<void> {
  const url = req.url ?? '';
  const route = routeOf(context.routing, req.headers.host, url, context.domain);
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') return refuseUpgrade(socket, NOT_WEBSOCKET);
  if (route && !url.startsWith('/')) return refuseUpgrade(socket, BAD_TARGET);
  if (route && splitTicket(url).ticket !== null) return refuseUpgrade(socket, TICKET_ON_UPGRADE);

  const decision = context.auth.decide(route, req.headers.cookie);
  if (decision instanceof Promise) return decision.then((settled) => upgrade(context, req, socket, head, settled));
  upgrade(context, req, socket, head, decision);
}

function upgrade(context: ProxyContext, req: IncomingMessage, socket: Duplex, head: Buffer, decision: Decision): void {
  if (!decision.allow) return refuseUpgrade(socket, decision.error);
  if (socket.destroyed) return;
  const { record, port, route } = decision;
  const strip = route.prefix !== null && port.stripPrefix !== false;
  // http-proxy-3 copies req.headers (an object) to the upstream request.
  req.headers = headerObject(upstreamHeaders(req, { user: decision.user, port, publicProtocol: context.publicProtocol, strippedPrefix: strip ? route.prefix : null }, true));
  if (strip) req.url = route.rest;
  context.upgraded.set(req, record.id);
  context.proxy.ws(req, socket, head, { target: port.upstream }, (error) => {
    context.log(`proxy: ${record.id}:${port.port} WebSocket failed upstream: ${error.message}`);
    // Nothing written yet means no 101 was relayed: the client still expects an HTTP answer.
    if ((socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) refuseUpgrade(socket, BAD_GATEWAY);
  });
}

const NOT_WEBSOCKET: ProxyError = {
  status: 400,
  code: 'bad_request',
  message: 'Only WebSocket upgrades are proxied.',
};
const TICKET_ON_UPGRADE: ProxyError = {
  status: 400,
  code: 'bad_request',
  message: 'Tickets are redeemed by opening the page, not over a WebSocket.',
};
