import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import type { Target } from './targets.js';

const run = promisify(execFile);

export interface HttpResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** CPU time the target process spent per request (µs): steadier than req/s when other work shares the machine. */
  cpuMicrosPerRequest: number;
  tool: 'wrk' | 'autocannon';
}

/**
 * One load run on a target: wrk (C, one thread: it leaves the two cores of these machines
 * to the processes measured) when it is installed or installable, else autocannon.
 * Throws if any answer was not a 2xx: a refused request is not a fast one.
 */
export async function measureHttp(target: Target, options: { connections: number; duration: number }): Promise<HttpResult> {
  const cpuBefore = target.cpuMs();
  const result = hasWrk() ? await wrk(target, options) : await autocannonRun(target, options);
  const requests = result.requestsPerSecond * options.duration;
  return { ...result, cpuMicrosPerRequest: ((target.cpuMs() - cpuBefore) * 1000) / requests };
}

let wrkAvailable: boolean | null = null;

/** wrk from Debian, installed the way scripts/ensure.mjs installs packages (root only). */
function hasWrk(): boolean {
  if (wrkAvailable !== null) return wrkAvailable;
  if (!existsSync('/usr/bin/wrk') && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.ATELIER_NO_SYSTEM_INSTALL) {
    console.error('[bench] installing Debian package: wrk (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'wrk'], { env, stdio: 'inherit' });
  }
  wrkAvailable = existsSync('/usr/bin/wrk');
  if (!wrkAvailable) console.error('[bench] wrk is not installed (sudo apt-get install wrk): using autocannon, which takes a core of its own.');
  return wrkAvailable;
}

async function wrk(target: Target, { connections, duration }: { connections: number; duration: number }): Promise<Omit<HttpResult, 'cpuMicrosPerRequest'>> {
  const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', '-H', `Host: ${target.host}`, '-H', `Cookie: ${target.cookie}`];
  const { stdout } = await run('/usr/bin/wrk', [...args, `http://127.0.0.1:${target.port}/`]);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
  const errors = /Socket errors: (.*)/.exec(stdout)?.[1];
  if (bad) throw new Error(`${target.name}: ${bad} answers were not 2xx:\n${stdout}`);
  if (errors && /(connect|read|write) [1-9]/.test(errors)) console.error(`[bench] ${target.name}: socket errors: ${errors}`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
  if (!rps || !p99) throw new Error(`${target.name}: could not read wrk's output:\n${stdout}`);
  const toMs = { us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us' | 'ms' | 's'];
  return { requestsPerSecond: Number(rps), p99Ms: Number(p99[1]) * toMs, tool: 'wrk' };
}

async function autocannonRun(target: Target, { connections, duration }: { connections: number; duration: number }): Promise<Omit<HttpResult, 'cpuMicrosPerRequest'>> {
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}/`,
    connections,
    duration,
    headers: { host: target.host, cookie: target.cookie },
  });
  if (result.non2xx > 0) throw new Error(`${target.name}: ${result.non2xx} answers were not 2xx`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, tool: 'autocannon' };
}
