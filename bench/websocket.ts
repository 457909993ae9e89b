import WebSocket from 'ws';
import type { Target } from './targets.js';

/**
 * WebSocket echo through a target: `clients` connections, each sending a 64-byte message
 * and waiting for its echo, again and again, for `seconds`. Round trips per second, p99.
 */
export async function measureWebSocket(target: Target, { clients, seconds }: { clients: number; seconds: number }): Promise<{ roundTripsPerSecond: number; p99Ms: number }> {
  const sockets = await Promise.all(
    Array.from({ length: clients }, () => open(`ws://127.0.0.1:${target.port}/echo`, { host: target.host, cookie: target.cookie })),
  );
  const message = Buffer.alloc(64, 'm');
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          let sentAt = 0;
          const send = () => {
            if (performance.now() >= until) return resolve();
            sentAt = performance.now();
            socket.send(message);
          };
          socket.on('message', () => {
            latencies.push(performance.now() - sentAt);
            send();
          });
          socket.on('error', reject);
          send();
        }),
    ),
  );
  for (const socket of sockets) socket.terminate();
  latencies.sort((a, b) => a - b);
  return { roundTripsPerSecond: latencies.length / seconds, p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? NaN };
}

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`${url}: upgrade answered ${res.statusCode}`)));
  });
}
