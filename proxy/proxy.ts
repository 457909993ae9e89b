import { createProxyServer } from 'http-proxy-3';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Store } from '../bff/store/store.js';
import type { ProxyContext } from './context.js';
import { refuseUpgrade, sendError, type ProxyError } from './error-pages.js';
import { BAD_GATEWAY, dropProxySetCookie, handleRequest } from './http.js';
import { createServiceLookup } from './services.js';
import { handleUpgrade } from './websocket.js';

export interface ProxyOptions {
  store: Store;
  /** Services are `<serviceId>-<port>.<domain>`; 'localhost' in embedded mode. */
  domain: string;
  /** The proxy as users reach it, e.g. http://localhost:8081: its scheme decides the cookie's Secure flag. */
  publicUrl: string;
  /** Where a browser without the proxy's cookie is sent to sign in, e.g. http://localhost:8080. */
  portalUrl: string;
  /** HMAC key (32 bytes) of the proxy's cookies: `loadProxyCookieKey`. */
  cookieKey: Buffer;
  cookieMaxAgeSeconds: number;
  /** How long a service record read from the store may be reused. */
  cacheSeconds: number;
  log?: (message: string) => void;
}

/**
 * The authenticating reverse proxy: an `http.Server` (not listening; the caller listens)
 * that routes by host, checks the proxy's cookie and the current owner on every request
 * and upgrade, and forwards to the service port's upstream with one keep-alive agent.
 */
export function createProxy(options: ProxyOptions): { server: http.Server; close(): Promise<void> } {
  if (options.cookieKey.length < 32) throw new Error('The proxy cookie key must be at least 32 bytes.');
  const log = options.log ?? ((message: string) => console.error(message));
  const agent = new http.Agent({ keepAlive: true });
  // toProxy: forward the request target exactly as received. Without it the library
  // re-parses the path with WHATWG URL rules, which resolves `/a/%2e%2e/b` to `/b`.
  const proxy = createProxyServer({ agent, xfwd: true, toProxy: true });
  const context: ProxyContext = {
    proxy,
    store: options.store,
    services: createServiceLookup({ store: options.store, cacheSeconds: options.cacheSeconds }),
    domain: options.domain,
    publicProtocol: new URL(options.publicUrl).protocol,
    portalUrl: options.portalUrl,
    cookieKey: options.cookieKey,
    cookieMaxAgeSeconds: options.cookieMaxAgeSeconds,
    upgrades: new Set(),
    log,
  };

  proxy.on('proxyRes', dropProxySetCookie);
  // Errors without a per-call callback: a client socket failing during a WebSocket.
  proxy.on('error', (error, req, res) => {
    if (res instanceof http.ServerResponse) sendError(req, res, BAD_GATEWAY);
    else (res as Socket).destroy();
    log(`proxy: ${error.message}`);
  });

  const server = http.createServer((req, res) => {
    handleRequest(context, req, res).catch((error: unknown) => {
      log(`proxy: ${req.method} ${req.headers.host ?? ''} failed: ${(error as Error)?.stack ?? String(error)}`);
      sendError(req, res, INTERNAL);
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    context.upgrades.add(socket);
    socket.once('close', () => context.upgrades.delete(socket));
    socket.on('error', () => socket.destroy());
    handleUpgrade(context, req, socket, head).catch((error: unknown) => {
      log(`proxy: upgrade ${req.headers.host ?? ''} failed: ${(error as Error)?.stack ?? String(error)}`);
      refuseUpgrade(socket, INTERNAL);
    });
  });

  return {
    server,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of context.upgrades) socket.destroy();
      agent.destroy();
      await closed;
    },
  };
}

const INTERNAL: ProxyError = {
  status: 500,
  code: 'internal',
  message: 'Something went wrong in the proxy; the error was logged.',
};
