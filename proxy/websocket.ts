import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decide } from './auth.js';
import type { ProxyContext } from './context.js';
import { refuseUpgrade, type ProxyError } from './error-pages.js';
import { BAD_GATEWAY, BAD_TARGET, splitTicket } from './http.js';
import { routeFromHost } from './routes.js';
import { prepareUpstreamHeaders } from './upstream-headers.js';

/**
 * One WebSocket upgrade: the same decision as for HTTP, with refusals as bare status
 * lines; then the two sockets are piped to each other by the proxy library.
 */
export async function handleUpgrade(context: ProxyContext, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const route = routeFromHost(req.headers.host, context.domain);
  const url = req.url ?? '';
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') return refuseUpgrade(socket, NOT_WEBSOCKET);
  if (route && !url.startsWith('/')) return refuseUpgrade(socket, BAD_TARGET);
  if (route && splitTicket(url).ticket !== null) return refuseUpgrade(socket, TICKET_ON_UPGRADE);

  const decision = await decide({ route, cookieHeader: req.headers.cookie, services: context.services, cookieKey: context.cookieKey });
  if (!decision.allow) return refuseUpgrade(socket, decision.error);
  if (socket.destroyed) return;
  prepareUpstreamHeaders(req, decision.user, decision.port);
  context.proxy.ws(req, socket, head, { target: decision.port.upstream }, (error) => {
    context.log(`proxy: ${decision.record.id}:${decision.port.port} WebSocket failed upstream: ${error.message}`);
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
