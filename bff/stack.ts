import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublicConfig } from '../components/api/types.js';
import { createProxy } from '../proxy/proxy.js';
import { serviceUrl } from '../proxy/routes.js';
import { loadProxyCookieKey } from '../proxy/secrets.js';
import { deleteExpiredTickets, issueTicket, TICKET_PARAM, TICKETS } from '../proxy/tickets.js';
import { createApp } from './app.js';
import { createTokenVerifier } from './auth/verifier.js';
import { readStackFile, stackFileOf, type StackFile } from './stack-file.js';
import { loadCatalogs } from './catalogs/catalog.js';
import { createRequirementChecker } from './catalogs/requirements.js';
import { isEmbedded, type Config } from './config/config.js';
import { LocalDriver } from './drivers/local/local-driver.js';
import { writeFileAtomic } from './files/secret-files.js';
import { createOriginPolicy } from './http/cors.js';
import { listen } from './http/listen.js';
import { API_RESOURCE, startEmbeddedIssuer, type EmbeddedIssuer } from './issuer/issuer.js';
import { deleteExpiredOidcEntries, OIDC_COLLECTIONS } from './issuer/store-adapter.js';
import type { HealthReport } from './routes/system.js';
import { SERVICES } from './services/record.js';
import { ServiceManager } from './services/service-manager.js';
import { FileStore } from './store/file-store.js';

export interface RunningStack {
  /** The BFF's Express app (tests read its routes). */
  app: Express;
  bffUrl: string;
  proxyUrl: string;
  issuerUrl: string;
  close(): Promise<void>;
}

/**
 * Starts everything `npm start` runs, wired from one configuration: the embedded issuer
 * (unless an external one is configured), the store, the catalogs, the local driver and
 * the services it finds from last time, the proxy and the BFF.
 */
export async function startStack(config: Config, log: (message: string) => void): Promise<RunningStack> {
  await mkdir(config.data, { recursive: true, mode: 0o700 });
  const previous = await readStackFile(config.data);
  const isAllowedOrigin = createOriginPolicy(config.origins, isEmbedded(config));

  const store = new FileStore(join(config.data, 'store'));
  let issuer: EmbeddedIssuer | null = null;
  if (isEmbedded(config)) {
    issuer = await startEmbeddedIssuer({
      data: config.data,
      store,
      appName: config.name,
      languages: config.languages,
      clientId: config.auth.clientId,
      audience: config.auth.audience,
      redirectUris: [`${config.publicUrl}/auth/callback`],
      isAllowedOrigin,
      preferredPort: previous?.issuerPort ?? undefined,
    });
  }
  const issuerUrl = issuer?.url ?? config.auth.issuer!;

  const catalogs = await loadCatalogs(config.catalogs.sources);
  const checkRequirements = createRequirementChecker();
  const driver = new LocalDriver({
    data: config.data,
    startTimeoutSeconds: config.services.startTimeoutSeconds,
    stopTimeoutSeconds: config.services.stopTimeoutSeconds,
    log,
  });
  const urlOf = (record: { id: string }, port: number) => serviceUrl(config.proxy.publicUrl, config.proxy.domain, record.id, port);
  const services = new ServiceManager({ store, catalogs, driver, checkRequirements, urlOf, log });
  await services.resume();

  const proxy = createProxy({
    store,
    domain: config.proxy.domain,
    publicUrl: config.proxy.publicUrl,
    portalUrl: config.publicUrl,
    cookieKey: await loadProxyCookieKey(config.data),
    cookieMaxAgeSeconds: config.proxy.cookieMaxAgeSeconds,
    cacheSeconds: config.proxy.cacheSeconds,
    log,
  });
  const proxyPort = await listen(proxy.server, config.proxy.port);
  const proxyUrl = `http://localhost:${proxyPort}`;

  const publicConfig: PublicConfig = {
    name: config.name,
    mode: isEmbedded(config) ? 'embedded' : 'external',
    languages: config.languages,
    defaultTheme: config.defaultTheme,
    logo: config.logo,
    publicCatalogs: config.catalogs.public,
    auth: {
      issuer: issuerUrl,
      clientId: config.auth.clientId,
      scope: isEmbedded(config) ? `${config.auth.scope} offline_access atelier` : config.auth.scope,
      redirectUri: `${config.publicUrl}/auth/callback`,
      resource: isEmbedded(config) ? API_RESOURCE : null,
    },
  };

  const app = createApp({
    config,
    publicConfig,
    isAllowedOrigin,
    verifyToken: createTokenVerifier({ ...config.auth, issuer: issuerUrl }),
    catalogs,
    checkRequirements,
    services,
    openUrl: async (serviceId, port, username) => {
      const ticket = await issueTicket(store, { serviceId, port, user: username, ttlSeconds: config.proxy.ticketSeconds });
      return `${serviceUrl(config.proxy.publicUrl, config.proxy.domain, serviceId, port)}?${TICKET_PARAM}=${ticket}`;
    },
    health: () => health({ issuer: `${issuerUrl}/.well-known/openid-configuration`, proxy: proxyUrl }),
    log,
  });
  const server: Server = createServer(app);
  const bffPort = await listen(server, config.port);
  const bffUrl = `http://localhost:${bffPort}`;

  const stackFile: StackFile = { pid: process.pid, bff: bffUrl, proxy: proxyUrl, issuer: issuerUrl, issuerPort: issuer?.port ?? null };
  await writeFileAtomic(stackFileOf(config.data), JSON.stringify(stackFile, null, 2), 0o600);

  const sweeper = setInterval(() => {
    const collections = [TICKETS, SERVICES, ...OIDC_COLLECTIONS];
    void Promise.all([deleteExpiredTickets(store), deleteExpiredOidcEntries(store)])
      .then(() => Promise.all(collections.map((collection) => store.sweep(collection))))
      .catch((error: unknown) => log(`Cleaning the store failed: ${String(error)}`));
  }, 5 * 60_000);
  sweeper.unref();

  return {
    app,
    bffUrl,
    proxyUrl,
    issuerUrl,
    async close() {
      clearInterval(sweeper);
      server.closeAllConnections();
      proxy.server.closeAllConnections();
      await Promise.all([closeServer(server), proxy.close(), driver.close(), issuer?.close()]);
      services.close();
      await rm(stackFileOf(config.data), { force: true });
    },
  };
}

async function health(targets: { issuer: string; proxy: string }): Promise<HealthReport> {
  const probe = async (url: string, okStatus: (status: number) => boolean) => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      await response.body?.cancel();
      return okStatus(response.status) ? { ready: true } : { ready: false, detail: `answered ${response.status}` };
    } catch (error) {
      return { ready: false, detail: (error as Error).message };
    }
  };
  const [issuer, proxy] = await Promise.all([
    probe(targets.issuer, (status) => status === 200),
    // Any answer from the proxy means it is serving; its own pages decide the status.
    probe(targets.proxy, () => true),
  ]);
  const parts = { bff: { ready: true }, issuer, proxy };
  return { ready: Object.values(parts).every((part) => part.ready), parts };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
