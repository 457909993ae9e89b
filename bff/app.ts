import express, { type Express, type RequestHandler } from 'express';
import type { PublicConfig } from '../components/api/types.js';
import { authCallbackPage } from './auth/callback-page.js';
import { authenticate } from './auth/middleware.js';
import type { TokenVerifier } from './auth/verifier.js';
import type { Catalog, CatalogEntry } from './catalogs/catalog.js';
import type { CatalogService } from './catalogs/catalog-service.js';
import type { SavedConfigurations } from './catalogs/saved-configurations.js';
import type { UnmetRequirement } from './catalogs/requirements.js';
import type { Config } from './config/config.js';
import { cors } from './http/cors.js';
import { errorHandler, notFound } from './http/errors.js';
import { openapiDocument } from './http/openapi.js';
import { expressPath, validateBody, type Route } from './http/route.js';
import { staticFiles } from './http/static.js';
import { catalogRoutes } from './routes/catalogs.js';
import { configurationRoutes } from './routes/configurations.js';
import { fileRoutes } from './routes/files.js';
import { serviceActionRoutes } from './routes/service-actions.js';
import { serviceRoutes } from './routes/services.js';
import { shareRoutes } from './routes/shares.js';
import { systemRoutes, type HealthReport } from './routes/system.js';
import type { ServiceManager } from './services/service-manager.js';
import type { FileSpaces } from './s3/file-spaces.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  config: Config;
  publicConfig: PublicConfig;
  isAllowedOrigin: (origin: string) => boolean;
  verifyToken: TokenVerifier;
  catalogs: Catalog[];
  /** The catalogs as each caller sees them (effective schemas, defaults, validation). */
  catalogService: CatalogService;
  configurations: SavedConfigurations;
  checkRequirements: (entry: CatalogEntry) => Promise<UnmetRequirement | null>;
  services: ServiceManager;
  /** `groups`: those through which a shared service lets the user in (carried by the ticket). */
  openUrl: (serviceId: string, port: number, username: string, groups?: string[]) => Promise<string>;
  /** Sharing (bff/routes/shares.ts): the store its records live in, and `proxy.sharing`; without it the share routes are not served. */
  sharing?: { store: Store; enabled: boolean };
  /** Users' files in S3 (bff/s3/); without it the files routes are not served. */
  files?: FileSpaces;
  health: () => Promise<HealthReport>;
  /** The repository root to serve dist/, themes/ and the portal from (tests may point elsewhere). */
  staticRoot?: string;
  log: (message: string) => void;
}

/** The BFF as an Express app. It never listens: bff/server.ts (or a test) does. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(cors(deps.isAllowedOrigin));

  const routes: Route[] = [
    ...systemRoutes({
      publicConfig: deps.publicConfig,
      health: deps.health,
      openapi: () => openapiDocument(routes, { title: `${deps.config.name} API`, version: '0.1.0' }),
    }),
    ...catalogRoutes({ catalogs: deps.catalogService, languages: deps.config.languages, checkRequirements: deps.checkRequirements }),
    ...configurationRoutes({ configurations: deps.configurations, catalogs: deps.catalogService }),
    ...serviceRoutes({ services: deps.services, languages: deps.config.languages }),
    ...serviceActionRoutes({ services: deps.services, languages: deps.config.languages, openUrl: deps.openUrl }),
    ...(deps.files ? fileRoutes({ files: deps.files }) : []),
    ...(deps.sharing ? shareRoutes({ ...deps.sharing, services: deps.services, openUrl: deps.openUrl }) : []),
  ];

  const json = express.json({ limit: '256kb' });
  const access: Record<Route['access'], RequestHandler> = {
    public: (_req, _res, next) => next(),
    user: authenticate(deps.verifyToken, true),
    catalogs: authenticate(deps.verifyToken, !deps.config.catalogs.public),
  };
  for (const route of routes) {
    const handlers: RequestHandler[] = [access[route.access]];
    if (route.body) handlers.push(json, validateBody(route.body));
    handlers.push(async (req, res) => {
      await route.handler(req, res);
    });
    app[route.method](expressPath(route.path), ...handlers);
  }
  app.use('/api', notFound);

  app.get('/auth/callback', authCallbackPage(deps.isAllowedOrigin));
  app.use(staticFiles(deps.staticRoot));
  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
