import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { ServiceEvent } from '../../components/api/types.js';

/**
 * Streams events as text/event-stream: `snapshot` first, then every event of `events`
 * (subscribed before the snapshot is read, so nothing falls between the two), and a
 * comment every `heartbeatMs` so proxies keep the connection open.
 */
export async function streamEvents(
  req: Request,
  res: Response,
  snapshot: () => Promise<ServiceEvent>,
  events: Observable<ServiceEvent>,
  heartbeatMs = 15_000,
): Promise<void> {
  const queued: ServiceEvent[] = [];
  let ready = false;
  const send = (event: ServiceEvent) => {
    const data = event.type === 'snapshot' ? event.services : event.type === 'service' ? event.service : { id: event.id };
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const subscription = events.subscribe((event) => (ready ? send(event) : queued.push(event)));
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  req.on('close', () => {
    clearInterval(heartbeat);
    subscription.unsubscribe();
  });
  try {
    const first = await snapshot();
    openEventStream(res);
    send(first);
    ready = true;
    queued.splice(0).forEach(send);
  } catch (error) {
    clearInterval(heartbeat);
    subscription.unsubscribe();
    throw error;
  }
}

/** The headers of an event stream, sent at once. */
export function openEventStream(res: Response): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
}

/**
 * Streams what `source` yields as `event: <name>` events until the client goes away or the
 * source ends, with a comment every `heartbeatMs`. `abort` is aborted when the client goes.
 */
export async function streamIterable<T>(
  res: Response,
  name: string,
  source: AsyncIterable<T>,
  abort: AbortController,
  heartbeatMs = 15_000,
): Promise<void> {
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  const gone = () => abort.abort();
  res.on('close', gone);
  openEventStream(res);
  try {
    for await (const data of source) {
      if (abort.signal.aborted) break;
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    }
  } finally {
    clearInterval(heartbeat);
    res.off('close', gone);
    abort.abort();
    res.end();
  }
}
