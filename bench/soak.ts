import net from 'node:net';
import type { Target } from './targets.js';

export interface SoakResult {
  before: Snapshot;
  after: Snapshot;
  completed: number;
  /** Responses the upstream broke off that the proxy left open: the client gave up waiting (after 2 s). */
  leftHanging: number;
  seconds: number;
  /** Sockets back to their baseline, and the heap within 10 % (or 4 MiB) of it. */
  back: boolean;
}

interface Snapshot {
  sockets: number;
  heapUsed: number | null;
  rss: number;
}

const CONCURRENCY = 250;
/** How long a client waits for the rest of a response the upstream broke off. */
const GIVE_UP_MS = 2000;

/**
 * CHP issues #434 and #557: sockets leaked when a client or an upstream goes away in the
 * middle of a response. `count` connections through the target, each aborted after the
 * first chunk of its response — even ones by the client, odd ones by the upstream
 * (`/die`) — then the target's open sockets and memory, once it has settled.
 */
export async function soak(target: Target, count: number): Promise<SoakResult> {
  await Promise.all(Array.from({ length: 20 }, () => aborted(target, '/slow', 'client'))); // warm-up
  let leftHanging = 0;
  await settle();
  const before = await snapshot(target);
  const started = performance.now();
  let next = 0;
  let completed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const hung = await (i % 2 === 0 ? aborted(target, '/slow', 'client') : aborted(target, '/die', 'upstream'));
        if (hung) leftHanging++;
        completed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  let after = await snapshot(target);
  for (let wait = 0; wait < 20 && !isBack(before, after); wait++) {
    await settle();
    after = await snapshot(target);
  }
  return { before, after, completed, leftHanging, seconds, back: isBack(before, after) };
}

function isBack(before: Snapshot, after: Snapshot): boolean {
  const heapBack = before.heapUsed === null || after.heapUsed! <= Math.max(before.heapUsed * 1.1, before.heapUsed + 4 * 1048576);
  return after.sockets <= before.sockets && heapBack;
}

async function snapshot(target: Target): Promise<Snapshot> {
  const memory = await target.memory();
  return { sockets: target.sockets(), ...memory };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}

/**
 * One request whose response is cut after its first chunk, by the client or (on /die) by
 * the upstream. True if the client had to give up waiting: the proxy left it hanging.
 */
function aborted(target: Target, path: string, by: 'client' | 'upstream'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(target.port, '127.0.0.1');
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, GIVE_UP_MS);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(gaveUp);
    });
    socket.on('data', (chunk) => {
      if (by === 'client' && chunk.includes('first;')) socket.destroy();
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\nCookie: ${target.cookie}\r\n\r\n`);
  });
}
