import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { PROXY_COOKIE } from './cookie.js';

/**
 * Forwards one HTTP request to an upstream with plain `node:http` and a keep-alive agent,
 * streaming both bodies (never buffered: uploads, downloads and server-sent events flow
 * chunk by chunk). Measured on these machines (`npm run bench:proxy`), Atelier's proxy
 * spends 70 µs of CPU per request through this path, authentication included, where a
 * bare http-proxy-3 `web()` spends 98 µs and configurable-http-proxy 145 µs (README,
 * "Performance"). WebSocket upgrades still go through http-proxy-3 (websocket.ts).
 *
 * The caller gives the request's headers for the upstream (upstream-headers.ts). The response keeps
 * the upstream's headers as they were sent (case and repetition) except connection-level
 * ones and any attempt to set the proxy's own cookie. An upstream that breaks off a
 * response breaks off the client's too; a client that goes away ends the upstream request.
 */
export interface ForwardOptions {
  agent: http.Agent;
  /** e.g. http://127.0.0.1:41234 */
  upstream: string;
  /** The request target for the upstream (origin-form). */
  path: string;
  /** The request's headers for the upstream, flat `[name, value, …]` (upstream-headers.ts). */
  headers: string[];
  /** A renewed proxy cookie to add to the response, if any. */
  setCookie: string | null;
  /** The upstream could not be reached, or failed before answering. */
  onError: (error: Error) => void;
}

interface Target {
  hostname: string;
  port: number;
}

const targets = new Map<string, Target>();

export function forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): void {
  const { hostname, port } = targetOf(options.upstream);
  const proxyReq = http.request({ hostname, port, method: req.method, path: options.path, headers: options.headers, agent: options.agent });

  proxyReq.on('response', (proxyRes) => {
    res.writeHead(proxyRes.statusCode!, proxyRes.statusMessage, responseHeaders(proxyRes.rawHeaders, options.setCookie));
    proxyRes.pipe(res);
    proxyRes.on('error', () => res.destroy());
    // Cut short by the upstream: the client must see a broken response, not wait for the rest.
    proxyRes.on('close', () => {
      if (!proxyRes.complete) res.destroy();
    });
  });
  let clientGone = false;
  proxyReq.on('error', (error) => {
    if (clientGone) return; // our own doing, below
    if (res.headersSent) res.destroy();
    else options.onError(error);
  });
  // Gone before the response ended: end the upstream request too (its socket is not reused).
  res.on('close', () => {
    if (res.writableFinished) return;
    clientGone = true;
    proxyReq.destroy();
  });
  req.on('error', () => proxyReq.destroy());
  // No body (RFC 9112 §6.3): end at once; piping an empty stream costs a dozen listeners.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) proxyReq.end();
  else req.pipe(proxyReq);
}

function targetOf(upstream: string): Target {
  let target = targets.get(upstream);
  if (!target) {
    const url = new URL(upstream);
    if (url.protocol !== 'http:') throw new Error(`Only http: upstreams are supported, not ${upstream}`);
    target = { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) };
    if (targets.size > 10_000) targets.clear();
    targets.set(upstream, target);
  }
  return target;
}

/** Connection-level response headers (RFC 9110 §7.6.1): Node frames the client's response itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'trailer', 'te']);

/** The upstream's raw headers, flat, without connection-level ones nor the proxy's cookie; plus a renewed cookie. */
export function responseHeaders(raw: string[], setCookie: string | null): string[] {
  const named = connectionNamed(raw);
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named?.has(name)) continue;
    if (name === 'set-cookie' && setsProxyCookie(raw[i + 1]!)) continue;
    headers.push(raw[i]!, raw[i + 1]!);
  }
  if (setCookie) headers.push('Set-Cookie', setCookie);
  return headers;
}

/** Headers the upstream's `Connection` header names, if any. */
function connectionNamed(raw: string[]): Set<string> | null {
  let named: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== 10 || raw[i]!.toLowerCase() !== 'connection') continue;
    for (const name of raw[i + 1]!.split(',')) (named ??= new Set()).add(name.trim().toLowerCase());
  }
  return named;
}

function setsProxyCookie(cookie: string): boolean {
  const equals = cookie.indexOf('=');
  return (equals < 0 ? cookie : cookie.slice(0, equals)).trim() === PROXY_COOKIE;
}
