import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from './auth.js';
import type { ProxyContext } from './context.js';
import { serializeProxyCookie, signGrant, type ProxyGrant } from './cookie.js';
import { isNavigation, redirect, sendError, type ProxyError } from './error-pages.js';
import { forward } from './forward.js';
import { routeOf, type Route } from './routes.js';
import { redeemTicket, TICKET_PARAM } from './tickets.js';
import { upstreamHeaders } from './upstream-headers.js';

/**
 * One HTTP request: redeem a ticket if the URL carries one, else decide, then stream it
 * to the port's upstream. Synchronous when the decision is (the usual case: see auth.ts);
 * a promise only when the store had to be read.
 */
export function handleRequest(context: ProxyContext, req: IncomingMessage, res: ServerResponse): void | Promise<void> {
  const url = req.url ?? '';
  const route = routeOf(context.routing, req.headers.host, url, context.domain);
  if (route && !url.startsWith('/')) return sendError(req, res, BAD_TARGET);
  if (route?.prefix && !url.startsWith(`${route.prefix}/`)) return redirect(res, `${route.prefix}/${url.slice(route.prefix.length)}`);
  const { ticket, rest } = route ? splitTicket(url) : { ticket: null, rest: url };
  if (route && ticket !== null) return redeem(context, req, res, route, ticket, rest);

  const decision = context.auth.decide(route, req.headers.cookie);
  if (decision instanceof Promise) return decision.then((settled) => respond(context, req, res, settled));
  respond(context, req, res, decision);
}

function respond(context: ProxyContext, req: IncomingMessage, res: ServerResponse, decision: Decision): void {
  if (!decision.allow) {
    if (decision.error.status === 401 && decision.route && isNavigation(req)) return redirect(res, signInUrl(context.portalUrl, decision.route));
    return sendError(req, res, decision.error);
  }
  if (req.socket.destroyed) return;
  const { record, port, grant } = decision;
  const route = decision.route;
  context.activity.request(record.id);
  const strip = route.prefix !== null && port.stripPrefix !== false;
  forward(req, res, {
    agent: context.agent,
    upstream: port.upstream,
    path: strip ? route.rest : req.url!,
    headers: upstreamHeaders(req, { user: decision.user, port, publicProtocol: context.publicProtocol, strippedPrefix: strip ? route.prefix : null }, false),
    setCookie: renewal(context, route, grant),
    onError: (error) => {
      context.log(`proxy: ${record.id}:${port.port} ${req.method} failed upstream: ${error.message}`);
      sendError(req, res, BAD_GATEWAY);
    },
  });
}

/**
 * Renewed on activity: past half its life, the cookie is signed again for a full
 * lifetime, on whichever replica the request reaches (they share the key).
 */
function renewal(context: ProxyContext, route: Route, grant: ProxyGrant): string | null {
  const now = Date.now();
  const lifetime = context.cookieMaxAgeSeconds * 1000;
  if (grant.expiresAt - now > lifetime / 2) return null;
  return proxyCookie(context, route, { ...grant, expiresAt: now + lifetime });
}

function proxyCookie(context: ProxyContext, route: Route, grant: ProxyGrant): string {
  return serializeProxyCookie(signGrant(grant, context.cookieKey), {
    maxAgeSeconds: context.cookieMaxAgeSeconds,
    secure: context.publicProtocol === 'https:',
    path: route.prefix ?? '/',
  });
}

/**
 * A valid ticket for this very service port becomes the proxy's cookie for it, and the
 * browser is sent back to the same URL without the ticket (so it never reaches the
 * upstream, nor the history). Location is absolute on this host: never elsewhere.
 */
async function redeem(context: ProxyContext, req: IncomingMessage, res: ServerResponse, route: Route, ticket: string, rest: string): Promise<void> {
  const redeemed = await redeemTicket(context.store, ticket);
  if (!redeemed || redeemed.serviceId !== route.serviceId || redeemed.port !== route.port) return sendError(req, res, INVALID_TICKET);
  const grant: ProxyGrant = {
    serviceId: route.serviceId,
    port: route.port,
    user: redeemed.user,
    expiresAt: Date.now() + context.cookieMaxAgeSeconds * 1000,
  };
  if (redeemed.groups?.length) grant.groups = redeemed.groups;
  const host = req.headers.host!.toLowerCase(); // a route was read from it: [a-z0-9.-]+(:port)?
  redirect(res, `${context.publicProtocol}//${host}${rest}`, { 'Set-Cookie': proxyCookie(context, route, grant), 'Referrer-Policy': 'no-referrer' });
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

/** Where a browser without the proxy's cookie is sent: the portal only, never a place the request names. */
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
