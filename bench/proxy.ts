/**
 * `npm run bench:proxy` — Atelier's proxy against configurable-http-proxy 5.3 (CHP) and a
 * bare http-proxy-3, in one run, on this machine. A benchmark, not a test: it prints
 * figures and asserts nothing but that every answer was a 200.
 *
 *   1. HTTP: the same load (wrk, else autocannon) on the upstream directly, CHP, the bare
 *      proxy and Atelier's proxy (a real cookie, checked on every request), in rounds
 *      that alternate the targets; req/s, p99 and the target's CPU time per request, each
 *      the median of the rounds (other work on a shared machine makes single runs jumpy).
 *   2. WebSocket echo: round trips per second and p99 through each proxy.
 *   3. Soak: 10 000 connections aborted mid-response (half by the client, half by the
 *      upstream), then each proxy's open sockets and memory against its baseline.
 *
 * The last two lines are `atelier/chp req/s ratio: X.XX` and `atelier/bare req/s ratio: X.XX`.
 * Options: --duration 5 --connections 50 --rounds 5 --soak 10000 --only http,ws,soak
 *          --nice=-10 (the default as root, else 0): every process of the benchmark runs at
 *          that priority, so that other work on the machine disturbs it less (on a shared
 *          machine, req/s otherwise swing two-fold from run to run); --nice=0 to leave it.
 */
import { cpus, loadavg, setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { measureHttp, type HttpResult } from './load.js';
import { startTargets, type Target } from './targets.js';
import { soak } from './soak.js';
import { measureWebSocket } from './websocket.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '5' },
    nice: { type: 'string' },
    soak: { type: 'string', default: '10000' },
    only: { type: 'string', default: 'http,ws,soak' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const rounds = Number(args.rounds);
const parts = new Set(args.only.split(','));

const nice = Number(args.nice ?? (process.getuid?.() === 0 ? -10 : 0));
if (nice !== 0) setPriority(nice); // the children (proxies, upstream, wrk) inherit it
const targets = await startTargets();
const byName = (name: string) => targets.find((target) => target.name === name)!;
const proxies = ['chp', 'bare', 'atelier'].map(byName);
let http: Map<string, HttpResult[]> | null = null;
try {
  console.log(`targets: ${targets.map((target) => `${target.name} ${target.description}`).join('; ')}`);
  console.log(`machine: ${cpus().length} cores, load average ${loadAverage()}, benchmark at nice ${nice} (other work running here skews req/s; CPU/request less so)`);
  if (parts.has('http')) http = await httpBench(targets);
  if (parts.has('ws')) await wsBench([byName('direct'), ...proxies]);
  if (parts.has('soak')) await soakBench(proxies);
} finally {
  await Promise.all(targets.map((target) => target.stop()));
}
console.log(`\nload average at the end: ${loadAverage()}`);
if (http) summarize(http);

async function httpBench(all: Target[]): Promise<Map<string, HttpResult[]>> {
  console.log(`\n== HTTP: ${connections} connections, ${duration} s per run, ${rounds} rounds, 200-byte responses ==`);
  const results = new Map<string, HttpResult[]>(all.map((target) => [target.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order so that no target always runs first (or last) in a round.
    const order = round % 2 ? all : [...all].reverse();
    for (const target of order) {
      await measureHttp(target, { connections, duration: 2 }); // warm-up, discarded
      const result = await measureHttp(target, { connections, duration });
      results.get(target.name)!.push(result);
      console.log(
        `round ${round}  ${target.name.padEnd(8)} ${fmt(result.requestsPerSecond, 0).padStart(7)} req/s   p99 ${fmt(result.p99Ms, 2).padStart(6)} ms   ` +
          `${fmt(result.cpuMicrosPerRequest, 1).padStart(6)} µs CPU/request   (${result.tool})`,
      );
    }
  }
  return results;
}

async function wsBench(all: Target[]): Promise<void> {
  console.log(`\n== WebSocket echo: ${connections} clients, 64-byte messages, ${Math.max(3, duration / 2)} s ==`);
  for (const target of all) {
    const result = await measureWebSocket(target, { clients: connections, seconds: Math.max(3, duration / 2) });
    console.log(`${target.name.padEnd(8)} ${fmt(result.roundTripsPerSecond, 0).padStart(7)} round trips/s   p99 ${fmt(result.p99Ms, 2).padStart(6)} ms`);
  }
}

async function soakBench(all: Target[]): Promise<void> {
  const count = Number(args.soak);
  console.log(`\n== Soak: ${count} connections aborted mid-response (half by the client, half by the upstream) ==`);
  for (const target of all) {
    const result = await soak(target, count);
    const heap = (bytes: number | null) => (bytes === null ? '  n/a' : `${(bytes / 1048576).toFixed(1)} MiB`);
    console.log(
      `${target.name.padEnd(8)} sockets ${result.before.sockets} → ${result.after.sockets}   ` +
        `heap ${heap(result.before.heapUsed)} → ${heap(result.after.heapUsed)}   rss ${heap(result.before.rss)} → ${heap(result.after.rss)}   ` +
        `${result.completed} aborted in ${fmt(result.seconds, 1)} s, ${result.leftHanging} left hanging${result.back ? '' : '   NOT BACK TO BASELINE'}`,
    );
  }
}

function summarize(results: Map<string, HttpResult[]>): void {
  const median = (name: string, pick: (result: HttpResult) => number) => {
    const values = results.get(name)!.map(pick).sort((a, b) => a - b);
    const middle = values.length / 2;
    return Number.isInteger(middle) ? (values[middle - 1]! + values[middle]!) / 2 : values[Math.floor(middle)]!;
  };
  console.log(`\n== HTTP summary (median of ${rounds} rounds) ==`);
  for (const name of results.keys()) {
    const [rps, p99, cpu] = [median(name, (r) => r.requestsPerSecond), median(name, (r) => r.p99Ms), median(name, (r) => r.cpuMicrosPerRequest)];
    console.log(`${name.padEnd(8)} ${fmt(rps, 0).padStart(7)} req/s   p99 ${fmt(p99, 2).padStart(6)} ms   ${fmt(cpu, 1).padStart(6)} µs CPU/request`);
  }
  const rps = (name: string) => median(name, (r) => r.requestsPerSecond);
  console.log(`atelier/chp req/s ratio: ${(rps('atelier') / rps('chp')).toFixed(2)}`);
  console.log(`atelier/bare req/s ratio: ${(rps('atelier') / rps('bare')).toFixed(2)}`);
}

function loadAverage(): string {
  return loadavg().map((load) => load.toFixed(2)).join(' ');
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
