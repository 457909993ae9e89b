import type { Observable } from 'rxjs';
import type {
  CatalogEntry,
  CatalogSummary,
  LaunchRequest,
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
  getCatalogEntry(catalog: string, service: string, options?: RequestOptions): Promise<CatalogEntry>;
  /** `POST /api/services`: `values` are only the differences from the entry's defaults. */
  launch(request: LaunchRequest, options?: RequestOptions): Promise<Service>;
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
}
