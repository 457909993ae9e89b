import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import type { SseMessage } from './sse.js';
import type { DeleteAllResult, LogLines, Quota, Service, ServiceHistoryEvent, ServiceReadme } from './types.js';

export interface ServicesRequestOptions {
  signal?: AbortSignal;
}

/**
 * What the service cards and `<atelier-services>` do beyond listing (`api.services`):
 * rename, suspend and resume, delete all, logs, history, README and credentials, quota.
 */
export interface ServicesApi {
  /** `PATCH /api/services/{id}`: a new friendly name (1–60 characters, trimmed). */
  rename(id: string, name: string): Promise<Service>;
  /** `DELETE /api/services`: every one of the caller's services. */
  deleteAll(): Promise<DeleteAllResult>;
  suspend(id: string): Promise<Service>;
  resume(id: string): Promise<Service>;
  /** The last `lines` lines the service printed. */
  logs(id: string, lines: number, options?: ServicesRequestOptions): Promise<string[]>;
  /**
   * The last `lines` lines, then each new batch as it comes (one `fetch` stream, closed on
   * unsubscribe); completes when the server ends it.
   */
  followLogs(id: string, lines: number): Observable<string[]>;
  /** The service's events, oldest first. */
  history(id: string, options?: ServicesRequestOptions): Promise<ServiceHistoryEvent[]>;
  /** How to connect, and the service's password or token. */
  readme(id: string, options?: ServicesRequestOptions): Promise<ServiceReadme>;
  /** The caller's limits and usage (`GET /api/quota`). */
  quota(options?: ServicesRequestOptions): Promise<Quota>;
}

type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH';
/** The client's request function: JSON by default, the body's text with `text: true`. */
export type ServicesRequest = <T>(path: string, options: { method?: Method; body?: unknown; signal?: AbortSignal; text?: boolean }) => Promise<T>;
/** The client's `text/event-stream` reader, for a path of the BFF. */
export type ServicesStream = <T>(path: string, parse: (message: SseMessage) => T | null) => Observable<T>;

const servicePath = (id: string, rest = '') => `/api/services/${encodeURIComponent(id)}${rest}`;

/** The HTTP implementation, on the client's own request and stream functions. */
export class HttpServicesApi implements ServicesApi {
  constructor(
    private readonly request: ServicesRequest,
    private readonly stream: ServicesStream,
  ) {}

  rename(id: string, name: string): Promise<Service> {
    return this.request(servicePath(id), { method: 'PATCH', body: { name } });
  }

  deleteAll(): Promise<DeleteAllResult> {
    return this.request('/api/services', { method: 'DELETE' });
  }

  suspend(id: string): Promise<Service> {
    return this.request(servicePath(id, '/suspend'), { method: 'POST', body: {} });
  }

  resume(id: string): Promise<Service> {
    return this.request(servicePath(id, '/resume'), { method: 'POST', body: {} });
  }

  async logs(id: string, lines: number, options: ServicesRequestOptions = {}): Promise<string[]> {
    const text = await this.request<string>(servicePath(id, `/logs?lines=${lines}`), { ...options, text: true });
    return splitLines(text);
  }

  followLogs(id: string, lines: number): Observable<string[]> {
    return this.stream(servicePath(id, `/logs?lines=${lines}&follow=true`), logLinesFromMessage).pipe(map((batch) => batch.lines));
  }

  history(id: string, options: ServicesRequestOptions = {}): Promise<ServiceHistoryEvent[]> {
    return this.request(servicePath(id, '/history'), options);
  }

  readme(id: string, options: ServicesRequestOptions = {}): Promise<ServiceReadme> {
    return this.request(servicePath(id, '/readme'), options);
  }

  quota(options: ServicesRequestOptions = {}): Promise<Quota> {
    return this.request('/api/quota', options);
  }
}

/** A log text as lines, without the empty one after its last line break. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The `lines` event of a log stream, or null for anything else. */
export function logLinesFromMessage(message: SseMessage): LogLines | null {
  if (message.event !== 'lines') return null;
  try {
    const data = JSON.parse(message.data) as { lines?: unknown };
    return Array.isArray(data.lines) ? { lines: data.lines.map(String) } : null;
  } catch {
    return null;
  }
}
