/**
 * Which service port a request is for, read from its `Host` header alone (pure).
 *
 *   <serviceId>-<port>.<domain>[:anyport]   e.g. jupyter-ab12-8888.localhost:8081
 *
 * The port is after the last dash, so service ids may contain dashes. Anything else —
 * no Host, another domain, a deeper subdomain, an IP literal — is not a route. Path
 * routing (`/s/<service>/<port>/`) will be a second function beside this one.
 */
export interface Route {
  serviceId: string;
  port: number;
}

/** Service ids as the BFF makes them. */
export const SERVICE_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

const LABEL = /^([a-z0-9][a-z0-9-]*[a-z0-9])-([1-9][0-9]{0,4})$/;
const HOST_AND_PORT = /^([^:[\]]+)(?::[0-9]{1,5})?$/;

export function routeFromHost(host: string | undefined, domain: string): Route | null {
  if (!host) return null;
  const name = HOST_AND_PORT.exec(host.toLowerCase())?.[1];
  const suffix = `.${domain.toLowerCase()}`;
  if (!name || !name.endsWith(suffix)) return null;
  const match = LABEL.exec(name.slice(0, -suffix.length));
  if (!match) return null;
  const port = Number(match[2]);
  if (port > 65_535) return null;
  return { serviceId: match[1], port };
}


/** The inverse: a service port's own origin, as users open it. */
export function serviceUrl(proxyPublicUrl: string, domain: string, serviceId: string, port: number): string {
  const proxy = new URL(proxyPublicUrl);
  return `${proxy.protocol}//${serviceId}-${port}.${domain}${proxy.port ? `:${proxy.port}` : ''}/`;
}
