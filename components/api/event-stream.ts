import { Observable } from 'rxjs';
import { ApiRequestError, errorFromResponse, isAbortError } from './errors.js';
import { reconnectDelay, serviceEventFromMessage } from './service-events.js';
import { SseParser, type SseMessage } from './sse.js';
import type { ServiceEvent } from './types.js';

export interface EventStreamOptions {
  url: string;
  getToken: () => Promise<string | null>;
  fetch?: typeof fetch;
  /** Reconnect when nothing (not even a heartbeat) arrived for this long; 0: never. */
  idleTimeout?: number;
  /** The delay before reconnection `attempt`; defaults to exponential backoff with jitter. */
  delay?: (attempt: number) => number;
}

export interface SseStreamOptions<T> extends EventStreamOptions {
  /** The value a message carries, or null to skip it. */
  parse: (message: SseMessage) => T | null;
  /** Whether a value proves the connection healthy (the next drop starts backoff afresh). */
  healthy?: (value: T) => boolean;
  /** False: the Observable completes when the server ends the stream, and errors when it breaks, instead of reconnecting. */
  reconnect?: boolean;
}

/**
 * The caller's service events (`GET /api/services/events` or one service's): a snapshot
 * after each (re)connection, then changes; see `sseStream`.
 */
export function serviceEventStream(options: EventStreamOptions): Observable<ServiceEvent> {
  return sseStream({ ...options, parse: serviceEventFromMessage, healthy: (event) => event.type === 'snapshot' });
}

/**
 * A `text/event-stream` read with `fetch` streaming and an `Authorization: Bearer` header
 * (never EventSource: no token in a URL). Reconnects with backoff when the connection
 * drops or the server fails (unless `reconnect` is false); errors with a 401
 * `ApiRequestError` when there is no token or the server refuses it, and with the
 * server's error for any other 4xx.
 */
export function sseStream<T>(options: SseStreamOptions<T>): Observable<T> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const idleTimeout = options.idleTimeout ?? 60_000;
  const delay = options.delay ?? ((attempt: number) => reconnectDelay(attempt));

  return new Observable<T>((subscriber) => {
    let closed = false;
    let attempt = 0;
    let controller: AbortController | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;

    const fail = (error: unknown) => {
      closed = true;
      subscriber.error(error);
    };

    const scheduleReconnect = (serverRetry?: number) => {
      if (closed) return;
      if (options.reconnect === false) {
        closed = true;
        subscriber.complete();
        return;
      }
      const wait = Math.max(serverRetry ?? 0, delay(attempt));
      attempt += 1;
      retryTimer = setTimeout(connect, wait);
    };

    const connect = async () => {
      if (closed) return;
      const token = await options.getToken();
      if (closed) return;
      if (!token) {
        fail(new ApiRequestError(401, { code: 'unauthorized', message: 'Not signed in.' }));
        return;
      }
      controller = new AbortController();
      const current = controller;
      const resetIdle = () => {
        clearTimeout(idleTimer);
        if (idleTimeout > 0) idleTimer = setTimeout(() => current.abort(), idleTimeout);
      };
      const parser = new SseParser();
      try {
        resetIdle();
        const response = await doFetch(options.url, {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
          cache: 'no-store',
          signal: current.signal,
        });
        if (!response.ok) {
          const error = await errorFromResponse(response);
          // 401, 403, 404…: retrying would not help. 408, 429 and 5xx: try again later.
          if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
            fail(error);
            return;
          }
          throw error;
        }
        if (!response.body) throw new Error('The events stream has no body.');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done || closed) break;
          resetIdle();
          for (const message of parser.push(value)) {
            const parsed = options.parse(message);
            if (parsed === null) continue;
            if (options.healthy?.(parsed)) attempt = 0;
            subscriber.next(parsed);
          }
        }
      } catch (error) {
        if (closed) return;
        const transient = isAbortError(error) || error instanceof ApiRequestError || error instanceof TypeError;
        if (!transient || options.reconnect === false) {
          // Anything else is a bug in a consumer; do not hide it behind reconnections.
          fail(error);
          return;
        }
      } finally {
        clearTimeout(idleTimer);
      }
      scheduleReconnect(parser.retry);
    };

    void connect();
    return () => {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(idleTimer);
      controller?.abort();
    };
  });
}
