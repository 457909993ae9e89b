import { createProxyServer } from 'http-proxy-3';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Store } from '../bff/store/store.js';
import { createActivityRecorder } from './activity.js';
import { createAuthorizer } from './auth.js';
import { createCachedLookup } from './cache.js';
import type { ProxyContext } from './context.js';
import { refuseUpgrade, sendError, type ProxyError } from './error-pages.js';
import { BAD_GATEWAY, handleRequest } from './http.js';
import { PATH_WITH_SHARING, type Routing } from './routes.js';
import { createServiceLookup } from './services.js';
import { readShare } from './shares.js';
import { handleUpgrade } from './websocket.js';

export interface ProxyOptions {
  store: Store;
  /** Host routing: services are `<serviceId>-<port>.<domain>`; path routing: the proxy's own host name. 'localhost' in embedded mode. */
  domain: string;
  /** `host` (default): one origin per service port; `path`: `/s/<service>/<port>/` on one origin, never with sharing. */
  routing?: Routing;
  /** Whether services may be shared with other users and groups (off: only owners get in). Refused with path routing. */
  sharing?: boolean;
  /** The proxy as users reach it, e.g. http://localhost:8081: its scheme decides the cookie's Secure flag. */
  publicUrl: string;
  /** Where a browser without the proxy's cookie is sent to sign in, e.g. http://localhost:8080. */
  portalUrl: string;
  /** HMAC key (32 bytes) of the proxy's cookies: `loadProxyCookieKey`. */
  cookieKey: Buffer;
  /** The cookie's lifetime; it is renewed past half of it, on activity. */
  cookieMaxAgeSeconds: number;
  /** How long a service record or share read from the store may be reused: the bound on a revocation's delay. */
  cacheSeconds: number;
  /** How often each service's activity is added to the store (at most), default 30. */
  activitySeconds?: number;
  log?: (message: string) => void;
}

/**
 * The authenticating reverse proxy: an `http.Server` (not listening; the caller listens)
 * that routes by host or path, checks the proxy's cookie and the owner or share on every
 * request and upgrade, and forwards to the service port's upstream with one keep-alive
 * agent. It keeps nothing two replicas could disagree on: tickets, records, shares and
 * activity are in the store; caches are bounded by `cacheSeconds`.
 */
export function createProxy(options: ProxyOptions): { server: http.Server; close(): Promise<void> } {
  if (options.cookieKey.length < 32) throw new Error('The proxy cookie key must be at least 32 bytes.');
  const routing = options.routing ?? 'host';
  const sharing = options.sharing ?? true;
  if (routing === 'path' && sharing) throw new Error(PATH_WITH_SHARING);
  const log = options.log ?? ((message: string) => console.error(message));
  const agent = new http.Agent({ keepAlive: true });
  // WebSocket upgrades only. toProxy: forward the request target exactly as received
  // (without it the library resolves `/a/%2e%2e/b` to `/b`); X-Forwarded-* are set by us.
  const proxy = createProxyServer({ agent, xfwd: false, toProxy: true });
  const { store, cacheSeconds } = options;
  const activity = createActivityRecorder({ store, flushSeconds: options.activitySeconds ?? 30, log });
  const context: ProxyContext = {
    proxy,
    agent,
    store,
    auth: createAuthorizer({
      services: createServiceLookup({ store, cacheSeconds }),
      shares: sharing ? createCachedLookup({ read: (serviceId) => readShare(store, serviceId), cacheSeconds }) : null,
      cookieKey: options.cookieKey,
    }),
    activity,
    routing,
    domain: options.domain,
    publicProtocol: new URL(options.publicUrl).protocol,
    portalUrl: options.portalUrl,
    cookieKey: options.cookieKey,
    cookieMaxAgeSeconds: options.cookieMaxAgeSeconds,
    upgraded: new WeakMap(),
    upgrades: new Set(),
    log,
  };

  // Data either way counts as activity. Listened to once the library has piped the two
  // sockets (next tick): a 'data' listener added earlier would take the first bytes away.
  proxy.on('proxyReqWs', (proxyReq, req, socket) => {
    const serviceId = context.upgraded.get(req);
    if (serviceId === undefined) return;
    const active = () => activity.frame(serviceId);
    proxyReq.on('upgrade', (_res, proxySocket: Socket) =>
      process.nextTick(() => {
        proxySocket.on('data', active);
        socket.on('data', active);
      }),
    );
  });
  // Errors without a per-call callback: a client socket failing during a WebSocket.
  proxy.on('error', (error, req, res) => {
    if (res instanceof http.ServerResponse) sendError(req, res, BAD_GATEWAY);
    else (res as Socket).destroy();
    log(`proxy: ${error.message}`);
  });

  // Uploads and downloads may take longer than Node's default 5 minutes; headers may not.
  const server = http.createServer({ requestTimeout: 0, headersTimeout: 30_000 }, (req, res) => {
    const failed = (error: unknown) => {
      log(`proxy: ${req.method} ${req.headers.host ?? ''} failed: ${(error as Error)?.stack ?? String(error)}`);
      sendError(req, res, INTERNAL);
    };
    try {
      handleRequest(context, req, res)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    context.upgrades.add(socket);
    socket.once('close', () => context.upgrades.delete(socket));
    socket.on('error', () => socket.destroy());
    const failed = (error: unknown) => {
      log(`proxy: upgrade ${req.headers.host ?? ''} failed: ${(error as Error)?.stack ?? String(error)}`);
      refuseUpgrade(socket, INTERNAL);
    };
    try {
      handleUpgrade(context, req, socket, head)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  });

  return {
    server,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of context.upgrades) socket.destroy();
      agent.destroy();
      await Promise.all([closed, activity.close()]);
    },
  };
}

const INTERNAL: ProxyError = {
  status: 500,
  code: 'internal',
  message: 'Something went wrong in the proxy; the error was logged.',
};
