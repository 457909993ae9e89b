/**
 * Which service port a request is for (pure), and the inverse: the URL users open.
 * Two ways, chosen by configuration (`proxy.routing`):
 *
 *   host (default)  <serviceId>-<port>.<domain>[:anyport]/…   e.g. jupyter-ab12-8888.localhost:8081
 *                   one origin per service port: browsers keep their cookies and scripts apart.
 *   path            <domain>[:anyport]/s/<serviceId>/<port>/…
 *                   one origin for every service, for sites without wildcard DNS: a
 *                   service's page can script the others' with the user's cookies, so
 *                   this is refused together with sharing (see the README).
 *
 * The port is after the last dash, so service ids may contain dashes. Anything else —
 * no Host, another domain, a deeper subdomain, an IP literal, an encoded or odd path
 * segment — is not a route (a 404 from the proxy, never another service).
 */
export type Routing = 'host' | 'path';

export interface Route {
  serviceId: string;
  port: number;
  /** Path routing: `/s/<serviceId>/<port>`, the prefix of every URL of this port (its cookie's Path). */
  prefix: string | null;
  /** Path routing: the request target after the prefix (`/` at least); host routing: the target as it came. */
  rest: string;
}

/** Why path routing and sharing are refused together (the configuration and createProxy say it). */
export const PATH_WITH_SHARING =
  "Path routing puts every service on one origin, where a shared service's page could act on its visitors' other services with their cookies: turn sharing off (proxy.sharing: false) to use proxy.routing: path, or use host routing.";

/** Service ids as the BFF makes them. */
export const SERVICE_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

// Ids of at most 64 characters, as the BFF makes them.
const LABEL = /^([a-z0-9][a-z0-9-]{0,62}[a-z0-9])-([1-9][0-9]{0,4})$/;
const HOST_AND_PORT = /^([^:[\]]+)(?::[0-9]{1,5})?$/;
const PATH_ROUTE = /^\/s\/([a-z0-9][a-z0-9-]{0,62}[a-z0-9])\/([1-9][0-9]{0,4})(?=[/?]|$)/;

/** The route of a request, by its Host header and target, the way the configuration says. */
export function routeOf(routing: Routing, host: string | undefined, url: string, domain: string): Route | null {
  return routing === 'path' ? routeFromPath(host, url, domain) : routeFromHost(host, domain, url);
}

export function routeFromHost(host: string | undefined, domain: string, url = '/'): Route | null {
  const name = hostName(host);
  const suffix = `.${domain.toLowerCase()}`;
  if (!name || !name.endsWith(suffix)) return null;
  const match = LABEL.exec(name.slice(0, -suffix.length));
  if (!match) return null;
  const port = Number(match[2]);
  if (port > 65_535) return null;
  return { serviceId: match[1]!, port, prefix: null, rest: url };
}

/** `/s/<serviceId>/<port>[/…]` on the proxy's own host only; the prefix matched as raw bytes, never decoded. */
export function routeFromPath(host: string | undefined, url: string, domain: string): Route | null {
  if (hostName(host) !== domain.toLowerCase()) return null;
  const match = PATH_ROUTE.exec(url);
  if (!match) return null;
  const port = Number(match[2]);
  if (port > 65_535) return null;
  const prefix = match[0];
  const rest = url.slice(prefix.length);
  return { serviceId: match[1]!, port, prefix, rest: rest.startsWith('/') ? rest : `/${rest}` };
}

/** The inverse: a service port's URL, as users open it (one function for both ways of routing). */
export function serviceUrl(proxyPublicUrl: string, domain: string, serviceId: string, port: number, routing: Routing = 'host'): string {
  const proxy = new URL(proxyPublicUrl);
  const hostPort = proxy.port ? `:${proxy.port}` : '';
  if (routing === 'path') return `${proxy.protocol}//${domain}${hostPort}/s/${serviceId}/${port}/`;
  return `${proxy.protocol}//${serviceId}-${port}.${domain}${hostPort}/`;
}

/** The Host header's name, lower-cased, without its port; null for IP literals and junk. */
function hostName(host: string | undefined): string | null {
  if (!host) return null;
  return HOST_AND_PORT.exec(host.toLowerCase())?.[1] ?? null;
}
