import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PublicConfig } from '../components/api/types.js';
import { createProxy } from '../proxy/proxy.js';
import { serviceUrl } from '../proxy/routes.js';
import { loadProxyCookieKey } from '../proxy/secrets.js';
import { deleteExpiredTickets, issueTicket, TICKET_PARAM, TICKETS } from '../proxy/tickets.js';
import { createApp } from './app.js';
import { createTokenVerifier } from './auth/verifier.js';
import { readStackFile, stackFileOf, type StackFile } from './stack-file.js';
import { loadCatalogs } from './catalogs/catalog.js';
import { CatalogService } from './catalogs/catalog-service.js';
import { createLaunchContext } from './catalogs/launch-context.js';
import { SavedConfigurations } from './catalogs/saved-configurations.js';
import { SchemaRegistry } from './catalogs/schema-registry.js';
import { effectiveSchema } from './catalogs/effective-schema.js';
import { checkSchema } from './catalogs/values.js';
import { createRequirementChecker } from './catalogs/requirements.js';
import { isEmbedded, type Config } from './config/config.js';
import { LocalDriver } from './drivers/local/local-driver.js';
import { KUBERNETES_ISOLATION, kubernetesFromConfig } from './drivers/kubernetes/from-config.js';
import { describeSandbox } from './drivers/local/sandbox.js';
import { writeFileAtomic } from './files/secret-files.js';
import { createOriginPolicy } from './http/cors.js';
import { listen } from './http/listen.js';
import { API_RESOURCE, startEmbeddedIssuer, type EmbeddedIssuer } from './issuer/issuer.js';
import { deleteExpiredOidcEntries, OIDC_COLLECTIONS } from './issuer/store-adapter.js';
import type { HealthReport } from './routes/system.js';
import { SERVICES } from './services/record.js';
import { ServiceManager } from './services/service-manager.js';
import { startIdleSweeper } from './services/idle-sweeper.js';
import { startS3 } from './s3/setup.js';
import { FileStore } from './store/file-store.js';

export interface RunningStack {
  /** The BFF's Express app (tests read its routes). */
  app: Express;
  bffUrl: string;
  proxyUrl: string;
  issuerUrl: string;
  /** How local services are isolated, in one sentence for the start banner (bff/drivers/local/sandbox.ts). */
  isolation: string;
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

  // Kubernetes mode keeps the store in the cluster too: replicas share nothing else.
  const cluster = config.driver === 'kubernetes' ? kubernetesFromConfig(config, log) : null;
  const store = cluster?.store ?? new FileStore(join(config.data, 'store'));
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

  const s3 = await startS3(config, {
    corsOrigins: [...config.origins, ...(isEmbedded(config) ? ['http://localhost:*', 'http://127.0.0.1:*'] : [])],
    isAllowedOrigin,
    preferredPort: previous?.s3Port ?? undefined,
    log,
  });

  const registry = await SchemaRegistry.load(config.catalogs.schemas ? resolve(config.catalogs.schemas) : null);
  const catalogs = await loadCatalogs(config.catalogs.sources, { check: (schema) => checkSchema(effectiveSchema(schema, registry, []).schema), log });
  // Other modules plug parts of the launch context in here, e.g. `s3: (user) => …` (AWS_ACCESS_KEY_ID…).
  const launchContext = createLaunchContext({
    domain: config.proxy.domain,
    region: config.region,
    git: config.launch.git,
    vault: config.launch.vault,
    parts: { s3: (user) => s3.s3ContextFor(user) },
    log,
  });
  const catalogService = new CatalogService(catalogs, registry, launchContext);
  // Local requirements (programs of this machine) mean nothing to services run in a cluster.
  const checkRequirements = cluster ? async () => null : createRequirementChecker();
  const { sandbox, sandboxUid, sandboxGid, readOnlyPaths, logMaxBytes } = config.services.local;
  const driver = cluster?.driver ?? new LocalDriver({
    data: config.data,
    startTimeoutSeconds: config.services.startTimeoutSeconds,
    stopTimeoutSeconds: config.services.stopTimeoutSeconds,
    sandbox: { mode: sandbox, uid: sandboxUid, gid: sandboxGid, readOnlyPaths },
    logMaxBytes,
    log,
  });
  // Found out once, before any service starts; a required sandbox that cannot work stops the start here.
  const isolation = driver instanceof LocalDriver ? describeSandbox(await driver.sandbox()) : KUBERNETES_ISOLATION;
  const urlOf = (record: { id: string }, port: number) => serviceUrl(config.proxy.publicUrl, config.proxy.domain, record.id, port, config.proxy.routing);
  const services = new ServiceManager({
    store,
    catalogs,
    driver,
    checkRequirements,
    urlOf,
    log,
    environmentFor: (user, accessToken) => s3.access.environmentFor(user, { webIdentityToken: accessToken }),
    resolveLaunch: (user, request, lang) => catalogService.resolveLaunch(user, request, lang),
    quotas: config.quotas,
  });
  await services.resume();
  const idleSweeper = startIdleSweeper({
    store,
    services,
    defaultMinutes: config.services.idleTimeoutMinutes,
    intervalSeconds: config.services.idleCheckSeconds,
    log,
  });

  const proxy = createProxy({
    store,
    domain: config.proxy.domain,
    publicUrl: config.proxy.publicUrl,
    portalUrl: config.publicUrl,
    cookieKey: await loadProxyCookieKey(config.data),
    cookieMaxAgeSeconds: config.proxy.cookieMaxAgeSeconds,
    cacheSeconds: config.proxy.cacheSeconds,
    routing: config.proxy.routing,
    sharing: config.proxy.sharing,
    activitySeconds: config.proxy.activitySeconds,
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
    links: config.links,
    termsOfService: config.termsOfService,
    publicCatalogs: config.catalogs.public,
    launch: { autoLaunch: config.launch.autoLaunch },
    services: { reminderHours: config.services.reminderHours },
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
    catalogService,
    configurations: new SavedConfigurations(store),
    checkRequirements,
    services,
    openUrl: async (serviceId, port, username, groups) => {
      const ticket = await issueTicket(store, { serviceId, port, user: username, groups, ttlSeconds: config.proxy.ticketSeconds });
      return `${serviceUrl(config.proxy.publicUrl, config.proxy.domain, serviceId, port, config.proxy.routing)}?${TICKET_PARAM}=${ticket}`;
    },
    sharing: { store, enabled: config.proxy.sharing },
    files: s3.files,
    health: () => health({ issuer: `${issuerUrl}/.well-known/openid-configuration`, proxy: proxyUrl, s3: () => s3.files.probe() }),
    log,
  });
  const server: Server = createServer(app);
  const bffPort = await listen(server, config.port);
  const bffUrl = `http://localhost:${bffPort}`;

  const stackFile: StackFile = { pid: process.pid, bff: bffUrl, proxy: proxyUrl, issuer: issuerUrl, issuerPort: issuer?.port ?? null, s3: s3.url, s3Port: s3.embeddedPort };
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
    isolation,
    async close() {
      clearInterval(sweeper);
      await idleSweeper.stop();
      server.closeAllConnections();
      proxy.server.closeAllConnections();
      await Promise.all([closeServer(server), proxy.close(), driver.close(), issuer?.close(), s3.close()]);
      services.close();
      await rm(stackFileOf(config.data), { force: true });
    },
  };
}

async function health(targets: { issuer: string; proxy: string; s3: () => Promise<{ ready: boolean; detail?: string }> }): Promise<HealthReport> {
  const probe = async (url: string, okStatus: (status: number) => boolean) => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      await response.body?.cancel();
      return okStatus(response.status) ? { ready: true } : { ready: false, detail: `answered ${response.status}` };
    } catch (error) {
      return { ready: false, detail: (error as Error).message };
    }
  };
  const [issuer, proxy, s3] = await Promise.all([
    probe(targets.issuer, (status) => status === 200),
    // Any answer from the proxy means it is serving; its own pages decide the status.
    probe(targets.proxy, () => true),
    targets.s3(),
  ]);
  const parts = { bff: { ready: true }, issuer, proxy, s3 };
  return { ready: Object.values(parts).every((part) => part.ready), parts };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
