import type { IncomingMessage, ServerResponse } from 'node:http';
import { redeemTicket, TICKET_PARAM } from './tickets.js';
import { decide } from './auth.js';
import type { ProxyContext } from './context.js';
import { PROXY_COOKIE, serializeProxyCookie, signGrant } from './cookie.js';
import { isNavigation, redirect, sendError, type ProxyError } from './error-pages.js';
import { routeFromHost, type Route } from './routes.js';
import { dropHopByHopHeaders, prepareUpstreamHeaders } from './upstream-headers.js';

/**
 * One HTTP request: redeem a ticket if the URL carries one, else decide, then stream it
 * to the port's upstream (bodies both ways are piped, never buffered).
 */
export async function handleRequest(context: ProxyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = routeFromHost(req.headers.host, context.domain);
  const url = req.url ?? '';
  if (route && !url.startsWith('/')) return sendError(req, res, BAD_TARGET);
  const { ticket, rest } = route ? splitTicket(url) : { ticket: null, rest: url };
  if (route && ticket !== null) return redeem(context, req, res, route, ticket, rest);

  const decision = await decide({ route, cookieHeader: req.headers.cookie, services: context.services, cookieKey: context.cookieKey });
  if (!decision.allow) {
    if (decision.error.status === 401 && decision.route && isNavigation(req)) return redirect(res, signInUrl(context.portalUrl, decision.route));
    return sendError(req, res, decision.error);
  }
  if (req.socket.destroyed) return;
  dropHopByHopHeaders(req);
  prepareUpstreamHeaders(req, decision.user, decision.port);
  context.proxy.web(req, res, { target: decision.port.upstream }, (error) => {
    context.log(`proxy: ${decision.record.id}:${decision.port.port} ${req.method} failed upstream: ${error.message}`);
    sendError(req, res, BAD_GATEWAY);
  });
}

/** A service must not set or clear the proxy's own cookie on its origin. */
export function dropProxySetCookie(proxyRes: IncomingMessage): void {
  const cookies = proxyRes.headers['set-cookie'];
  if (!cookies) return;
  const kept = cookies.filter((cookie) => cookie.slice(0, cookie.indexOf('=')).trim() !== PROXY_COOKIE);
  if (kept.length) proxyRes.headers['set-cookie'] = kept;
  else delete proxyRes.headers['set-cookie'];
}

/**
 * A valid ticket for this very host becomes the proxy's cookie for this origin, and the
 * browser is sent back to the same URL without the ticket (so it never reaches the
 * upstream, nor the history). Location is absolute on this host: never elsewhere.
 */
async function redeem(context: ProxyContext, req: IncomingMessage, res: ServerResponse, route: Route, ticket: string, rest: string): Promise<void> {
  const redeemed = await redeemTicket(context.store, ticket);
  if (!redeemed || redeemed.serviceId !== route.serviceId || redeemed.port !== route.port) return sendError(req, res, INVALID_TICKET);
  const expiresAt = Date.now() + context.cookieMaxAgeSeconds * 1000;
  const token = signGrant({ serviceId: route.serviceId, port: route.port, user: redeemed.user, expiresAt }, context.cookieKey);
  const cookie = serializeProxyCookie(token, { maxAgeSeconds: context.cookieMaxAgeSeconds, secure: context.publicProtocol === 'https:' });
  const host = req.headers.host!.toLowerCase(); // a route was read from it: [a-z0-9.-]+(:port)?
  redirect(res, `${context.publicProtocol}//${host}${rest}`, { 'Set-Cookie': cookie, 'Referrer-Policy': 'no-referrer' });
}

/** The first ticket parameter of an origin-form URL, and the URL without any ticket parameter. */
export function splitTicket(url: string): { ticket: string | null; rest: string } {
  const question = url.indexOf('?');
  if (question < 0) return { ticket: null, rest: url };
  let ticket: string | null = null;
  const kept: string[] = [];
  for (const pair of url.slice(question + 1).split('&')) {
    const [name, value] = new URLSearchParams(pair).entries().next().value ?? [pair, ''];
    if (name === TICKET_PARAM) ticket ??= value;
    else kept.push(pair);
  }
  const path = url.slice(0, question);
  return { ticket, rest: kept.length ? `${path}?${kept.join('&')}` : path };
}

export function signInUrl(portalUrl: string, route: Route): string {
  return `${portalUrl.replace(/\/+$/, '')}/?open=${encodeURIComponent(route.serviceId)}&port=${route.port}`;
}

export const BAD_GATEWAY: ProxyError = {
  status: 502,
  code: 'bad_gateway',
  title: 'The service does not answer',
  message: 'The service did not answer. It may be busy or have stopped; try again in a moment.',
};
export const BAD_TARGET: ProxyError = {
  status: 400,
  code: 'bad_request',
  message: 'The request target must be a path.',
};
const INVALID_TICKET: ProxyError = {
  status: 401,
  code: 'invalid_ticket',
  title: 'This link no longer works',
  message: 'This link was already used or has expired. Open the service again from the portal.',
};
