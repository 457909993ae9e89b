import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ChildStats } from './children/child.js';

const ROOT = join(import.meta.dirname, '..');

/** One thing the benchmark drives: the upstream itself or a proxy in front of it, each its own process. */
export interface Target {
  name: 'direct' | 'chp' | 'bare' | 'atelier';
  description: string;
  port: number;
  /** The Host header and cookie every request carries (the same for every target). */
  host: string;
  cookie: string;
  pid: number;
  /** Open sockets of the process, from /proc. */
  sockets(): number;
  /** CPU time the process has used so far (user + system, all threads), in ms, from /proc. */
  cpuMs(): number;
  /** Heap after a full collection (our own processes only) and RSS. */
  memory(): Promise<{ heapUsed: number | null; rss: number }>;
  stop(): Promise<void>;
}

/** Starts the upstream, CHP, the bare proxy and Atelier's proxy, each in its own process. */
export async function startTargets(): Promise<Target[]> {
  const upstream = await startChild('direct', 'the upstream itself (node:http)', 'upstream.ts', []);
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const [chp, bare, atelier] = await Promise.all([
    startChp(upstreamUrl),
    startChild('bare', 'http-proxy-3 1.23.3, keep-alive agent', 'bare.ts', [upstreamUrl]),
    startChild('atelier', 'proxy/ with a real cookie on every request', 'atelier.ts', [upstreamUrl]),
  ]);
  // Every target gets the same headers: only Atelier's proxy reads them.
  for (const target of [upstream, chp, bare]) {
    target.host = atelier.host.replace(/:\d+$/, `:${target.port}`);
    target.cookie = atelier.cookie;
  }
  atelier.host = atelier.host.replace(/:\d+$/, `:${atelier.port}`);
  return [upstream, chp, bare, atelier];
}

async function startChild(name: Target['name'], description: string, file: string, args: string[]): Promise<Target> {
  const child = fork(join(ROOT, 'bench', 'children', file), args, {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const details = await new Promise<{ port: number; host?: string; cookie?: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { port: number }));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  return {
    name,
    description,
    port: details.port,
    host: details.host ?? '',
    cookie: details.cookie ?? '',
    pid: child.pid!,
    sockets: () => socketsOf(child.pid!),
    cpuMs: () => cpuMsOf(child.pid!),
    memory: async () => {
      const stats = await new Promise<ChildStats>((resolve) => {
        child.once('message', (message) => resolve(message as ChildStats));
        child.send({ type: 'stats' });
      });
      return { heapUsed: stats.heapUsed, rss: stats.rss };
    },
    stop: () => stopChild(child),
  };
}

/** configurable-http-proxy 5.3 as JupyterHub runs it: its own process, a default target. */
async function startChp(upstreamUrl: string): Promise<Target> {
  const [port, apiPort] = [await freePort(), await freePort()];
  const bin = join(ROOT, 'node_modules', 'configurable-http-proxy', 'bin', 'configurable-http-proxy');
  const args = ['--ip', '127.0.0.1', '--port', String(port), '--api-ip', '127.0.0.1', '--api-port', String(apiPort)];
  args.push('--default-target', upstreamUrl, '--log-level', 'error');
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: 'bench' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`configurable-http-proxy exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error('configurable-http-proxy did not answer in 15 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name: 'chp',
    description: 'configurable-http-proxy 5.3.0, default target',
    port,
    host: '',
    cookie: '',
    pid: child.pid!,
    sockets: () => socketsOf(child.pid!),
    cpuMs: () => cpuMsOf(child.pid!),
    memory: async () => ({ heapUsed: null, rss: rssOf(child.pid!) }),
    stop: () => stopChild(child),
  };
}

function socketsOf(pid: number): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

function cpuMsOf(pid: number): number {
  // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on Linux everywhere that matters. */
const CLOCK_TICKS = 100;

function rssOf(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kib ? Number(kib) * 1024 : 0;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
