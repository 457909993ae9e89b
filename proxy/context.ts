import type { ProxyServer } from 'http-proxy-3';
import type { Duplex } from 'node:stream';
import type { Store } from '../bff/store/store.js';
import type { ServiceLookup } from './services.js';

/** What the HTTP and WebSocket handlers of one proxy instance share (no globals). */
export interface ProxyContext {
  proxy: ProxyServer;
  store: Store;
  services: ServiceLookup;
  domain: string;
  /** `http:` or `https:`, as users reach the proxy. */
  publicProtocol: string;
  portalUrl: string;
  cookieKey: Buffer;
  cookieMaxAgeSeconds: number;
  /** Client sockets of upgrades in progress or open, destroyed on close. */
  upgrades: Set<Duplex>;
  log: (message: string) => void;
}
