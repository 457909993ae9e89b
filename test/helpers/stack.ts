import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dataIdOf, killTree, taggedProcesses } from '../../bff/drivers/local/processes.js';
import { tempDir } from './temp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

export interface TestStack {
  bffUrl: string;
  proxyUrl: string;
  proxyPort: number;
  data: string;
  env: NodeJS.ProcessEnv;
  /** What the stack printed so far (for failure messages). */
  output(): string;
  /** `npm run -s token -- <user>` against this stack, as a script would run it. */
  token(user: string, groups?: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Ends every process tagged with this data folder: what a test's services left behind. */
export async function endServicesOf(data: string): Promise<void> {
  const left = await taggedProcesses(await dataIdOf(data));
  if (left.length > 0) await killTree(left, { graceMs: 2000 });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The real stack as `npm start` runs it (bff/server.ts in its own process), on free
 * ports with a fresh data folder; resolves once /api/healthz answers 200.
 */
export async function startTestStack(options: { data?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const data = options.data ?? (await tempDir('atelier-e2e-'));
  const [port, proxyPort] = [await freePort(), await freePort()];
  const env = { ...process.env, ATELIER_DATA: data, ATELIER_PORT: String(port), ATELIER_PROXY_PORT: String(proxyPort), ...options.env };
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bff', 'server.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bffUrl = `http://localhost:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${bffUrl}/api/healthz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the stack did not become healthy in 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    bffUrl,
    proxyUrl: `http://localhost:${proxyPort}`,
    proxyPort,
    data,
    env,
    output: () => output,
    async token(user, groups = []) {
      const args = ['run', '-s', 'token', '--', user, ...(groups.length ? ['--groups', groups.join(',')] : [])];
      const { stdout } = await run('npm', args, { cwd: ROOT, env });
      return stdout;
    },
    /** Stops the stack, then ends the services a failed test may have left (they outlive the stack by design). */
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await endServicesOf(data);
    },
  };
}

/**
 * The same stack in this process (for API tests that read its routes): startStack with a
 * configuration of free ports and a fresh data folder, plus `raw` settings to override.
 */
export async function startInProcessStack(raw: Record<string, unknown> = {}) {
  const { parseConfig } = await import('../../bff/config/config.js');
  const { startStack } = await import('../../bff/stack.js');
  const data = await tempDir('atelier-api-');
  const [port, proxyPort] = [await freePort(), await freePort()];
  const config = parseConfig({ data, port, ...raw, proxy: { port: proxyPort, ...(raw.proxy as object) } });
  const logs: string[] = [];
  const stack = await startStack(config, (message) => logs.push(message));
  return { ...stack, config, data: config.data, logs, endServices: () => endServicesOf(config.data) };
}
