import type { ProxyServer } from 'http-proxy-3';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Store } from '../bff/store/store.js';
import type { ActivityRecorder } from './activity.js';
import type { Authorizer } from './auth.js';
import type { Routing } from './routes.js';

/** What the HTTP and WebSocket handlers of one proxy instance share (no globals). */
export interface ProxyContext {
  /** WebSocket upgrades only; HTTP requests go through forward.ts. */
  proxy: ProxyServer;
  /** Keep-alive connections to upstreams. */
  agent: http.Agent;
  store: Store;
  auth: Authorizer;
  activity: ActivityRecorder;
  routing: Routing;
  domain: string;
  /** `http:` or `https:`, as users reach the proxy. */
  publicProtocol: string;
  portalUrl: string;
  cookieKey: Buffer;
  cookieMaxAgeSeconds: number;
  /** Upgrades let through → their service, whose activity their data counts as (see proxy.ts). */
  upgraded: WeakMap<http.IncomingMessage, string>;
  /** Client sockets of upgrades in progress or open, destroyed on close. */
  upgrades: Set<Duplex>;
  log: (message: string) => void;
}
