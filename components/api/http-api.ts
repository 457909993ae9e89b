import type { Observable } from 'rxjs';
import type { AtelierApi, RequestOptions } from './api.js';
import { errorFromResponse, isAbortError, networkError } from './errors.js';
import { serviceEventStream, sseStream } from './event-stream.js';
import { HttpFilesApi, type FilesApi } from './files-api.js';
import { HttpServicesApi, type ServicesApi } from './services-api.js';
import { HttpSharesApi, type SharesApi } from './shares-api.js';
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

interface Call extends RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  body?: unknown;
  /** Resolve with the body's text instead of its JSON. */
  text?: boolean;
  /** Send the bearer token when there is one (every route but the public config). */
  auth?: boolean;
}

/**
 * The one HTTP implementation of `AtelierApi`: `fetch` with the caller's AbortSignal and
 * the bearer token of the session's identity; JSON errors become `ApiRequestError`s.
 */
export class HttpAtelierApi implements AtelierApi {
  readonly base: string;
  readonly #getToken: () => Promise<string | null>;
  readonly #fetch: typeof fetch;
  /** The user's files in S3, through the same requests (token, errors). */
  readonly files: FilesApi;
  /** Sharing the user's services, through the same requests. */
  readonly shares: SharesApi;
  /** Renaming, suspending, logs, history, README, quota: through the same requests and streams. */
  readonly services: ServicesApi;

  constructor(base: string, getToken: () => Promise<string | null>, fetchImpl?: typeof fetch) {
    this.base = base.replace(/\/+$/, '');
    this.#getToken = getToken;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.files = new HttpFilesApi((path, call) => this.#call(path, call));
    this.shares = new HttpSharesApi((path, call) => this.#call(path, call));
    this.services = new HttpServicesApi(
      (path, call) => this.#call(path, call),
      // Log streams end with the connection: reconnecting would send the tail again.
      (path, parse) => sseStream({ url: `${this.base}${path}`, getToken: this.#getToken, fetch: this.#fetch, parse, reconnect: false, idleTimeout: 0 }),
    );
  }

  resolve(url: string): string {
    return new URL(url, `${this.base}/`).href;
  }

  getConfig(options?: RequestOptions): Promise<PublicConfig> {
    return this.#call('/api/config', { ...options, auth: false });
  }

  listCatalogs(options?: RequestOptions): Promise<CatalogSummary[]> {
    return this.#call('/api/catalogs', options);
  }

  getCatalogEntry(catalog: string, service: string, options: RequestOptions & { version?: string; seed?: Partial<ContextSeed> } = {}): Promise<CatalogEntry> {
    const query = new URLSearchParams();
    if (options.version) query.set('version', options.version);
    if (options.seed?.oneTimePassword) query.set('oneTimePassword', options.seed.oneTimePassword);
    if (options.seed?.randomSubdomain) query.set('randomSubdomain', options.seed.randomSubdomain);
    const search = query.size > 0 ? `?${query}` : '';
    return this.#call(`/api/catalogs/${encodeURIComponent(catalog)}/services/${encodeURIComponent(service)}${search}`, options);
  }

  launch(request: LaunchRequest, options?: RequestOptions): Promise<Service> {
    return this.#call('/api/services', { ...options, method: 'POST', body: request });
  }

  checkLaunch(request: LaunchRequest, options?: RequestOptions): Promise<DryRunResult> {
    return this.#call('/api/services', { ...options, method: 'POST', body: { ...request, dryRun: true } });
  }

  listConfigurations(options?: RequestOptions): Promise<SavedConfiguration[]> {
    return this.#call('/api/configurations', options);
  }

  saveConfiguration(configuration: NewConfiguration, options?: RequestOptions): Promise<SavedConfiguration> {
    return this.#call('/api/configurations', { ...options, method: 'POST', body: configuration });
  }

  changeConfiguration(id: string, change: ConfigurationChange, options?: RequestOptions): Promise<SavedConfiguration> {
    return this.#call(`/api/configurations/${encodeURIComponent(id)}`, { ...options, method: 'POST', body: change });
  }

  reorderConfigurations(ids: string[], options?: RequestOptions): Promise<SavedConfiguration[]> {
    return this.#call('/api/configurations/order', { ...options, method: 'POST', body: { ids } });
  }

  async deleteConfiguration(id: string, options?: RequestOptions): Promise<void> {
    await this.#call(`/api/configurations/${encodeURIComponent(id)}`, { ...options, method: 'DELETE' });
  }

  listServices(options?: RequestOptions): Promise<Service[]> {
    return this.#call('/api/services', options);
  }

  getService(id: string, options?: RequestOptions): Promise<Service> {
    return this.#call(`/api/services/${encodeURIComponent(id)}`, options);
  }

  async deleteService(id: string, options?: RequestOptions): Promise<void> {
    await this.#call(`/api/services/${encodeURIComponent(id)}`, { ...options, method: 'DELETE' });
  }

  openService(id: string, port?: number, options?: RequestOptions): Promise<{ url: string }> {
    return this.#call(`/api/services/${encodeURIComponent(id)}/open`, {
      ...options,
      method: 'POST',
      body: port === undefined ? {} : { port },
    });
  }

  serviceEvents(id?: string): Observable<ServiceEvent> {
    const path = id === undefined ? '/api/services/events' : `/api/services/${encodeURIComponent(id)}/events`;
    return serviceEventStream({ url: `${this.base}${path}`, getToken: this.#getToken, fetch: this.#fetch });
  }

  async #call<T>(path: string, call: Call = {}): Promise<T> {
    const url = new URL(`${this.base}${path}`);
    if (call.lang) url.searchParams.set('lang', call.lang);
    const headers: Record<string, string> = { Accept: call.text ? 'text/plain' : 'application/json' };
    if (call.auth !== false) {
      const token = await this.#getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    let response: Response;
    try {
      response = await this.#fetch(url, { method: call.method ?? 'GET', headers, body, signal: call.signal });
    } catch (error) {
      throw isAbortError(error) ? error : networkError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    return (call.text ? await response.text() : await response.json()) as T;
  }
}
