import type { Observable } from 'rxjs';
import type { AtelierApi, RequestOptions } from './api.js';
import { errorFromResponse, isAbortError, networkError } from './errors.js';
import { serviceEventStream } from './event-stream.js';
import type {
  CatalogEntry,
  CatalogSummary,
  LaunchRequest,
  PublicConfig,
  Service,
  ServiceEvent,
} from './types.js';

interface Call extends RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
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

  constructor(base: string, getToken: () => Promise<string | null>, fetchImpl?: typeof fetch) {
    this.base = base.replace(/\/+$/, '');
    this.#getToken = getToken;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
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

  getCatalogEntry(catalog: string, service: string, options?: RequestOptions): Promise<CatalogEntry> {
    return this.#call(`/api/catalogs/${encodeURIComponent(catalog)}/services/${encodeURIComponent(service)}`, options);
  }

  launch(request: LaunchRequest, options?: RequestOptions): Promise<Service> {
    return this.#call('/api/services', { ...options, method: 'POST', body: request });
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
    const headers: Record<string, string> = { Accept: 'application/json' };
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
    return (await response.json()) as T;
  }
}
