// The local driver's launch → ready overhead, beyond the workload's own start time.
//   npm run bench:launch -- [rounds]
// Prints, for the file server (python3 -m http.server): the workload alone (spawned
// directly, probed every 5 ms until it answers 200), then the driver from start() to its
// `running` update, without and with the bubblewrap sandbox; medians and p90 over the
// rounds, and the overheads. Nothing is asserted: figures to read.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter } from 'rxjs';
import { LocalDriver } from '../bff/drivers/local/local-driver.js';
import { probe } from '../bff/drivers/local/health.js';
import { freePorts } from '../bff/drivers/local/free-port.js';
import { DEFAULT_SANDBOX, type SandboxSettings } from '../bff/drivers/local/sandbox.js';
import { fileServer, launchOf, recordOf, withRecipe } from '../test/fixtures/local/driver.js';

const rounds = Number(process.argv[2] ?? 10);

async function alone(): Promise<number> {
  const [port] = await freePorts(1);
  const folder = await mkdtemp(join(tmpdir(), 'atelier-bench-'));
  const began = performance.now();
  const child = spawn('/usr/bin/python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', folder], { stdio: 'ignore' });
  try {
    const target = { url: `http://127.0.0.1:${port}/`, headers: {} };
    while (!(await probe(target, 1000))) await new Promise((resolve) => setTimeout(resolve, 5));
    return performance.now() - began;
  } finally {
    child.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
  }
}

async function throughDriver(sandbox: SandboxSettings): Promise<number[]> {
  const data = await mkdtemp(join(tmpdir(), 'atelier-bench-'));
  const driver = new LocalDriver({ data, startTimeoutSeconds: 20, stopTimeoutSeconds: 2, sandbox });
  try {
    const state = await driver.sandbox(); // found out once per driver, at the BFF's start: not part of a launch
    if (sandbox.mode !== 'off' && !state.active) throw new Error(`no sandbox here: ${state.reason}`);
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // The same python3 as the workload alone (the first on PATH may be a slower wrapper, e.g. pyenv's).
      const launch = launchOf(withRecipe(fileServer, { command: '/usr/bin/python3' }));
      const running = firstValueFrom(driver.updates.pipe(filter((update) => update.id === launch.id && update.status !== 'starting')));
      const began = performance.now();
      const started = await driver.start(launch);
      const update = await running;
      times.push(performance.now() - began);
      if (update.status !== 'running') throw new Error(`${update.status}: ${update.reason}`);
      await driver.stop(recordOf(launch, started));
    }
    return times;
  } finally {
    await driver.close();
    await rm(data, { recursive: true, force: true });
  }
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

const own: number[] = [];
for (let i = 0; i < rounds; i++) own.push(await alone());
const plain = await throughDriver({ ...DEFAULT_SANDBOX, mode: 'off' });
const sandboxed = await throughDriver({ ...DEFAULT_SANDBOX, mode: 'required' });

const base = quantile(own, 0.5);
console.log(`launch → ready of the file server, ${rounds} rounds (median, p90)`);
console.log(`  the workload alone          ${ms(base)}  ${ms(quantile(own, 0.9))}`);
for (const [name, times] of [['driver, no sandbox', plain], ['driver, bubblewrap sandbox', sandboxed]] as const) {
  const median = quantile(times, 0.5);
  console.log(`  ${name.padEnd(27)} ${ms(median)}  ${ms(quantile(times, 0.9))}   overhead ${ms(median - base)} (×${(median / base).toFixed(2)})`);
}
console.log('  goal: overhead ≤ 100 ms');
