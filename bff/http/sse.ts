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
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    send(first);
    ready = true;
    queued.splice(0).forEach(send);
  } catch (error) {
    clearInterval(heartbeat);
    subscription.unsubscribe();
    throw error;
  }
}
