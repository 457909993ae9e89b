import type { Observable } from 'rxjs';
import type { FilesApi } from './files-api.js';
import type { ServicesApi } from './services-api.js';
import type { SharesApi } from './shares-api.js';
import type {
  CatalogEntry,
  CatalogSummary,
  ConfigurationChange,
  ContextSeed,
  DryRunResult,
  LaunchRequest,
  NewConfiguration,
  SavedConfiguration,
  PublicConfig,
  Service,
  ServiceEvent,
} from './types.js';

/** What a request may carry besides its own parameters. */
export interface RequestOptions {
  /** Aborts the request (passed to `fetch`). */
  signal?: AbortSignal;
  /** The language of localized data (catalog names and descriptions), sent as `?lang=`. */
  lang?: string;
}

/**
 * What the elements use to talk to the BFF. There is one HTTP implementation (registered
 * by the entry module); tests give elements a fake through context.
 */
export interface AtelierApi {
  /** The API base (an origin, possibly with a path), e.g. `http://localhost:8080`. */
  readonly base: string;
  /** Resolves a path or URL the BFF returned (an icon, a logo) against the API base. */
  resolve(url: string): string;
  getConfig(options?: RequestOptions): Promise<PublicConfig>;
  listCatalogs(options?: RequestOptions): Promise<CatalogSummary[]>;
  /**
   * One entry, with the effective schema and defaults for the caller; `version` another
   * version than the latest, `seed` a form's random context values to keep.
   */
  getCatalogEntry(catalog: string, service: string, options?: RequestOptions & { version?: string; seed?: Partial<ContextSeed> }): Promise<CatalogEntry>;
  /** `POST /api/services`: `values` are only the differences from the entry's defaults. */
  launch(request: LaunchRequest, options?: RequestOptions): Promise<Service>;
  /** `POST /api/services` with `dryRun: true`: the values are validated (and returned resolved), nothing is launched. */
  checkLaunch(request: LaunchRequest, options?: RequestOptions): Promise<DryRunResult>;
  /** The caller's saved launch forms, in their order. */
  listConfigurations(options?: RequestOptions): Promise<SavedConfiguration[]>;
  saveConfiguration(configuration: NewConfiguration, options?: RequestOptions): Promise<SavedConfiguration>;
  /** Renames a saved configuration, or changes its values. */
  changeConfiguration(id: string, change: ConfigurationChange, options?: RequestOptions): Promise<SavedConfiguration>;
  /** Puts the listed configurations first, in that order. */
  reorderConfigurations(ids: string[], options?: RequestOptions): Promise<SavedConfiguration[]>;
  deleteConfiguration(id: string, options?: RequestOptions): Promise<void>;
  listServices(options?: RequestOptions): Promise<Service[]>;
  getService(id: string, options?: RequestOptions): Promise<Service>;
  deleteService(id: string, options?: RequestOptions): Promise<void>;
  /** A one-time URL on the proxy that lets this browser into the service. */
  openService(id: string, port?: number, options?: RequestOptions): Promise<{ url: string }>;
  /**
   * The caller's services as a stream: a `snapshot` first (again after each reconnection),
   * then changes. One `fetch` connection per subscription; it reconnects with backoff and
   * errors with an `ApiRequestError` of status 401 when the token is refused or missing.
   */
  serviceEvents(id?: string): Observable<ServiceEvent>;
  /** The user's files in S3 (components/api/files-api.ts). */
  readonly files: FilesApi;
  /** Sharing the user's services (components/api/shares-api.ts); without it, service cards offer no Share action. */
  readonly shares?: SharesApi;
  /**
   * Rename, suspend/resume, delete all, logs, history, README and quota
   * (components/api/services-api.ts); without it, cards offer only Open, Share and Delete.
   */
  readonly services?: ServicesApi;
}
