import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { Subject, type Observable } from 'rxjs';
import type { ServiceProgress } from '../../../components/api/types.js';
import { pick } from '../../i18n/localized.js';
import type { RoutedPort, ServiceRecord } from '../../services/record.js';
import { basePathOf, healthPathOf, type Launch, type StartedWorkload, type StatusUpdate, type WorkloadDriver } from '../driver.js';
import { LaunchesInFlight } from '../launches-in-flight.js';
import { freePorts } from './free-port.js';
import { waitHealthy, type HealthTarget } from './health.js';
import { checkWorkdir, handHomeTo, prepareHome, prepareWorkdir } from './home.js';
import { lastLine, rotateIfLarger, tailLines } from './log-file.js';
import { followLog } from './log-follow.js';
import { bootId, DATA_TAG, dataIdOf, isAlive, killTree, parseStat, SERVICE_TAG, taggedProcesses, type ProcessIdentity } from './processes.js';
import { DEFAULT_SANDBOX, detectSandbox, homeInside, resolveCommand, SANDBOX_PATH, sandboxArgs, signalOfStatus, type SandboxSettings, type SandboxState } from './sandbox.js';
import { render, renderAll } from './templates.js';

export interface LocalDriverOptions {
  /** Absolute ATELIER_DATA: homes at <data>/homes/<username>/, logs at <data>/logs/<id>.log. */
  data: string;
  /** How long a service has to answer its health path. */
  startTimeoutSeconds: number;
  /** How long a service has after SIGTERM before SIGKILL. */
  stopTimeoutSeconds: number;
  /** How services are isolated (sandbox.ts); default: a bubblewrap sandbox when it works here. */
  sandbox?: SandboxSettings;
  /** A log file larger than this is rotated to `<log>.1` (checked every second); default 1 MiB. */
  logMaxBytes?: number;
  log?: (message: string) => void;
}

/** What a record's `runtime` holds: enough to find the process again, and tell it from a reused pid. */
export type LocalRuntime = {
  pid: number;
  /** /proc/<pid>/stat field 22; only meaningful with the same boot id. */
  startTicks: number;
  bootId: string;
  log: string;
  /** Epoch milliseconds: the health deadline runs from here, also after a restart. */
  startedAt: number;
  health: HealthTarget[];
  /** Whether it runs in a bubblewrap sandbox: pid is then bubblewrap's monitor (see sandbox.ts). */
  sandboxed: boolean;
};

/** A process being watched: spawned by this driver (`child`), or adopted after a restart (`poll`). */
interface Watch {
  id: string;
  runtime: LocalRuntime;
  status: 'starting' | 'running';
  /** Set once Atelier ends the process itself, or has seen it end: nothing more is reported. */
  ending: boolean;
  probe: AbortController;
  child?: ChildProcess;
  poll?: NodeJS.Timeout;
}

const STARTING: ServiceProgress = { phase: 'starting', message: 'Starting the process', percent: 30 };
const HEALTH_CHECK: ServiceProgress = { phase: 'health-check', message: 'Waiting for the service to answer', percent: 60 };
const READY: ServiceProgress = { phase: 'ready', message: 'Ready', percent: 100 };
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';
const ADOPTED_POLL_MS = 1000;
const LOG_CHECK_MS = 1000;
const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;

/**
 * Runs services as child processes of this machine (DESIGN: "Workload drivers"). Each one
 * runs in its own session, in a bubblewrap sandbox when it works here (sandbox.ts), in its
 * user's home folder, with a clean environment tagged with its id, and outlives the BFF:
 * after a restart, `adopt` finds it again by pid and start time, and ends the tagged
 * processes nobody owns any more. Its output goes to a log file bounded by rotation.
 *
 * What a `kill -9` of the BFF leaves, at any moment: a record is written before its
 * process starts (status starting, no runtime) and gets its runtime once the process runs;
 * a delete stops the processes before it removes the record. So at the next start a record
 * without a runtime is failed, one whose process is gone is stopped, and any process
 * tagged with this data folder that no live record owns is ended (adopt).
 */
export class LocalDriver implements WorkloadDriver {
  readonly name = 'local';
  private readonly subject = new Subject<StatusUpdate>();
  readonly updates: Observable<StatusUpdate> = this.subject.asObservable();
  private readonly data: string;
  private readonly log: (message: string) => void;
  private readonly watches = new Map<string, Watch>();
  /** Terminations under way, by service id: a second stop waits for the first. */
  private readonly ending = new Map<string, Promise<void>>();
  /** Starts under way, by service id: a stop that comes meanwhile waits for the process to exist. */
  private readonly launching = new LaunchesInFlight();
  private dataIdPromise: Promise<string> | undefined;
  private sandboxPromise: Promise<SandboxState> | undefined;
  /** Every second, the logs of the watched services are kept within their bound. */
  private logCheck: NodeJS.Timeout | undefined;
  private rotating = false;
  private closed = false;

  constructor(private readonly options: LocalDriverOptions) {
    this.data = resolve(options.data);
    this.log = options.log ?? (() => {});
  }

  /**
   * Whether and how services are sandboxed here, found out once (a trial run of
   * bubblewrap). Rejects when the configuration requires a sandbox that cannot work.
   */
  sandbox(): Promise<SandboxState> {
    this.sandboxPromise ??= (async () => {
      await mkdir(this.data, { recursive: true, mode: 0o700 });
      return detectSandbox(this.options.sandbox ?? DEFAULT_SANDBOX, this.data);
    })();
    return this.sandboxPromise;
  }

  start(launch: Launch): Promise<StartedWorkload> {
    return this.launching.track(launch.id, this.launch(launch));
  }

  private async launch(launch: Launch): Promise<StartedWorkload> {
    if (this.closed) throw new Error('The local driver is closed.');
    const recipe = launch.entry.local;
    if (!recipe) throw new Error(`"${pick(launch.entry.name, launch.lang)}" has no recipe to run on this server.`);
    checkId(launch.id);
    const [dataId, boot, isolation] = await Promise.all([this.dataId(), bootId(), this.sandbox()]);
    const sandbox = isolation.active ? isolation.sandbox : null;
    const hostHome = await prepareHome(this.data, launch.user.username);
    // Inside a sandbox, the home folder is /home/<username>: paths the service sees are rendered that way.
    const home = sandbox ? homeInside(launch.user.username) : hostHome;
    const ports = await freePorts(recipe.ports.length);
    const token = randomBytes(24).toString('base64url');
    const base = { port: ports[0] ?? '', token, home, values: launch.values, basePath: basePathOf(launch, recipe.ports) };
    const relative = render(recipe.workdir ?? '', base);
    const workdir = sandbox ? posix.join(home, await checkWorkdir(hostHome, relative)) : await prepareWorkdir(hostHome, relative);
    const variables = { ...base, workdir };
    const command = sandbox ? await resolveCommand(sandbox, recipe.command) : recipe.command;
    const args = recipe.args.map((arg) => render(arg, variables));
    if (sandbox?.privileged) await handHomeTo(hostHome, sandbox.uid, sandbox.gid);

    const routed: RoutedPort[] = recipe.ports.map((port, i) => ({
      port: port.port,
      name: pick(port.name, launch.lang),
      upstream: `http://127.0.0.1:${ports[i]}`,
      headers: renderAll(port.headers, variables),
      ...(port.stripPrefix === false ? { stripPrefix: false } : {}),
    }));
    const health = recipe.ports.flatMap((port, i) => (port.health ? [{ url: `${routed[i]!.upstream}${healthPathOf(launch, port)}`, headers: routed[i]!.headers }] : []));
    const env: Record<string, string> = {
      PATH: sandbox ? SANDBOX_PATH : process.env.PATH || DEFAULT_PATH,
      LANG: process.env.LANG || 'C.UTF-8',
      HOME: home,
      USER: launch.user.username,
      ...renderAll(recipe.env, variables),
      // What the service manager adds for every service (S3 access: AWS_*), over the recipe's.
      ...launch.env,
      [SERVICE_TAG]: launch.id,
      [DATA_TAG]: dataId,
    };

    const log = join(this.data, 'logs', `${launch.id}.log`);
    await mkdir(join(this.data, 'logs'), { recursive: true, mode: 0o700 });
    const fd = openSync(log, 'a', 0o600);
    let child: ChildProcess;
    try {
      // Detached: a session and process group of its own, and no end when the BFF ends.
      const options = { env, detached: true, stdio: ['ignore', fd, fd] as ['ignore', number, number] };
      child = sandbox
        ? spawn(sandbox.bwrap, sandboxArgs(sandbox, { hostHome, home, workdir, command, args }), { ...options, cwd: '/' })
        : spawn(command, args, { ...options, cwd: workdir });
    } finally {
      // The child has its own copy once spawn returns.
      closeSync(fd);
    }
    if (child.pid === undefined) {
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
      throw new Error(spawnFailure(sandbox ? sandbox.bwrap : command, error));
    }
    child.on('error', (error) => this.log(`Service ${launch.id}: ${error.message}`));
    child.unref(); // services outlive the BFF

    const pid = child.pid;
    const startTicks = startTicksNow(pid);
    if (startTicks === null) {
      child.kill('SIGKILL');
      throw new Error(`The process ${pid} could not be read in /proc right after it started.`);
    }
    const runtime: LocalRuntime = { pid, startTicks, bootId: boot, log, startedAt: Date.now(), health, sandboxed: sandbox !== null };
    const watch: Watch = { id: launch.id, runtime, status: 'starting', ending: false, probe: new AbortController(), child };
    this.watch(watch);
    child.once('exit', (code, signal) => void this.exited(watch, howItEnded(code, signal, sandbox !== null), code === 0));
    this.report({ id: launch.id, status: 'starting', progress: STARTING });
    void this.awaitHealth(watch);
    return { ports: routed, runtime: { ...runtime } };
  }

  async stop(record: ServiceRecord): Promise<void> {
    await this.launching.settled(record.id);
    const watch = this.watches.get(record.id);
    if (watch) this.unwatch(watch);
    const runtime = runtimeOf(record.runtime) ?? watch?.runtime ?? null;
    await this.terminate(record.id, runtime ? [runtime] : []);
  }

  async adopt(records: ServiceRecord[]): Promise<void> {
    const [dataId, boot] = await Promise.all([this.dataId(), bootId()]);
    const live = new Set<string>();
    for (const record of records) {
      if (this.watches.has(record.id)) {
        live.add(record.id);
        continue;
      }
      const runtime = runtimeOf(record.runtime);
      if (!runtime) {
        const reason = 'Atelier restarted during the launch.';
        this.report({ id: record.id, status: 'failed', reason, reasonCode: 'bff_restart', progress: { phase: 'failed', message: reason, percent: 100 } });
      } else if (runtime.bootId !== boot || !(await isAlive(runtime))) {
        this.report({ id: record.id, status: 'stopped', reason: 'The process ended while Atelier was not running.', reasonCode: 'exited' });
      } else {
        live.add(record.id);
        const watch: Watch = { id: record.id, runtime, status: record.status === 'running' ? 'running' : 'starting', ending: false, probe: new AbortController() };
        this.watch(watch);
        this.pollLiveness(watch);
        if (watch.status === 'starting') void this.awaitHealth(watch);
      }
    }

    // Orphans: processes of this data directory that no live service owns any more.
    const orphans = new Map<string, ProcessIdentity[]>();
    for (const tagged of await taggedProcesses(dataId)) {
      const id = tagged.serviceId;
      if (live.has(id) || this.watches.has(id) || this.launching.has(id) || this.ending.has(id)) continue;
      orphans.set(id, [...(orphans.get(id) ?? []), tagged]);
    }
    await Promise.all(
      [...orphans].map(([id, processes]) => {
        this.log(`Ending the processes of service ${id}, which no live record owns: ${processes.map((orphan) => orphan.pid).join(', ')}.`);
        return this.terminate(id, processes);
      }),
    );
  }

  async logs(record: ServiceRecord, lines: number): Promise<string> {
    checkId(record.id);
    return tailLines(join(this.data, 'logs', `${record.id}.log`), lines);
  }

  followLogs(record: ServiceRecord, lines: number, signal: AbortSignal): AsyncIterable<string[]> {
    checkId(record.id);
    return followLog(join(this.data, 'logs', `${record.id}.log`), lines, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.logCheck);
    for (const watch of this.watches.values()) {
      watch.probe.abort();
      clearTimeout(watch.poll);
      watch.child?.removeAllListeners('exit');
    }
    this.watches.clear();
    await Promise.allSettled(this.ending.values());
    this.subject.complete();
  }

  private report(update: StatusUpdate): void {
    if (!this.closed) this.subject.next(update);
  }

  private watch(watch: Watch): void {
    this.watches.set(watch.id, watch);
    this.logCheck ??= setInterval(() => void this.rotateLogs(), LOG_CHECK_MS).unref();
  }

  /** Keeps the log of every watched service within its bound (log-file.ts). */
  private async rotateLogs(): Promise<void> {
    if (this.rotating) return;
    this.rotating = true;
    try {
      const maxBytes = this.options.logMaxBytes ?? DEFAULT_LOG_MAX_BYTES;
      for (const watch of [...this.watches.values()]) {
        await rotateIfLarger(watch.runtime.log, maxBytes).catch((error: unknown) => this.log(`Service ${watch.id}: the log could not be rotated: ${String(error)}`));
      }
    } finally {
      this.rotating = false;
    }
  }

  /** Stops watching: what the process does next is no news (Atelier ends it, or has seen it end). */
  private unwatch(watch: Watch): void {
    watch.ending = true;
    watch.probe.abort();
    clearTimeout(watch.poll);
    if (this.watches.get(watch.id) === watch) this.watches.delete(watch.id);
  }

  private async awaitHealth(watch: Watch): Promise<void> {
    if (watch.runtime.health.length > 0) {
      this.report({ id: watch.id, status: 'starting', progress: HEALTH_CHECK });
      const deadline = watch.runtime.startedAt + this.options.startTimeoutSeconds * 1000;
      const result = await waitHealthy(watch.runtime.health, { deadline, signal: watch.probe.signal });
      if (result === 'aborted' || watch.ending) return;
      if (result === 'timeout') {
        this.unwatch(watch);
        await this.terminate(watch.id, [watch.runtime]);
        const last = await lastLine(watch.runtime.log);
        const reason = `The service did not answer within ${this.options.startTimeoutSeconds} s${last ? ` (the last line of its log: ${last})` : ''}.`;
        this.report({ id: watch.id, status: 'failed', reason, reasonCode: 'start_timeout', progress: { phase: 'failed', message: reason, percent: 100 } });
        return;
      }
    }
    watch.status = 'running';
    this.report({ id: watch.id, status: 'running', reason: null, progress: READY });
  }

  /** An adopted process is no child of ours: its end is noticed by polling. */
  private pollLiveness(watch: Watch): void {
    watch.poll = setTimeout(async () => {
      if (watch.ending) return;
      if (await isAlive(watch.runtime)) this.pollLiveness(watch);
      else void this.exited(watch, 'ended', false, true);
    }, ADOPTED_POLL_MS);
    watch.poll.unref();
  }

  /** The process ended without Atelier asking: ends what it left behind, then says why. */
  private async exited(watch: Watch, how: string, clean: boolean, adopted = false): Promise<void> {
    if (watch.ending) return;
    const { status } = watch;
    this.unwatch(watch);
    const last = await lastLine(watch.runtime.log);
    await this.terminate(watch.id, [watch.runtime]);
    const reason = `The process ${how}${last ? `: ${last}` : '.'}`;
    if (status === 'running' && (clean || adopted)) {
      // An adopted process's exit code cannot be read: it is not our child.
      this.report({ id: watch.id, status: 'stopped', reason, reasonCode: 'exited' });
    } else {
      this.report({ id: watch.id, status: 'failed', reason, reasonCode: 'exited', progress: { phase: 'failed', message: reason, percent: 100 } });
    }
  }

  /** Ends the tree of the roots and every process tagged with the service; at most one at a time per service. */
  private terminate(id: string, roots: ProcessIdentity[]): Promise<void> {
    const running = this.ending.get(id);
    if (running) return running;
    const ending = (async () => {
      const [dataId, boot] = await Promise.all([this.dataId(), bootId()]);
      // A process of an earlier boot is gone, and its start time means nothing now.
      const current = roots.filter((root) => !('bootId' in root) || root.bootId === boot);
      const signalled = await killTree(current, { graceMs: this.options.stopTimeoutSeconds * 1000, tag: { serviceId: id, dataId }, log: this.log });
      if (signalled.length > 0) this.log(`Service ${id}: ended processes ${signalled.map((ended) => ended.pid).join(', ')}.`);
    })().finally(() => this.ending.delete(id));
    this.ending.set(id, ending);
    return ending;
  }

  /** Tags the processes of this data directory (see dataIdOf). */
  private dataId(): Promise<string> {
    this.dataIdPromise ??= (async () => {
      await mkdir(this.data, { recursive: true, mode: 0o700 });
      return dataIdOf(this.data);
    })().catch((error: unknown) => {
      this.dataIdPromise = undefined;
      throw error;
    });
    return this.dataIdPromise;
  }
}

/** Ids name log files: nothing that could leave the logs folder. */
function checkId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) throw new Error(`"${id}" is not a valid service id.`);
}

function startTicksNow(pid: number): number | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTicks ?? null;
  } catch {
    return null;
  }
}

/** How a process ended, in words; in a sandbox, bubblewrap reports a signal as status 128 + signal. */
function howItEnded(code: number | null, signal: NodeJS.Signals | null, sandboxed: boolean): string {
  if (code === null) return `was ended by signal ${signal}`;
  const bySignal = sandboxed ? signalOfStatus(code) : null;
  return bySignal ? `was ended by signal ${bySignal}` : `exited with code ${code}`;
}

function spawnFailure(command: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `The command "${command}" was not found on this server.`;
  if (error.code === 'EACCES') return `The command "${command}" cannot be run (permission denied).`;
  return `The command "${command}" could not be started: ${error.message}`;
}

/** A record's runtime, if it is one this driver wrote. */
function runtimeOf(value: Record<string, unknown> | null): LocalRuntime | null {
  if (!value) return null;
  const { pid, startTicks, bootId, log, startedAt, health, sandboxed } = value;
  const valid =
    Number.isInteger(pid) && (pid as number) > 1 && typeof startTicks === 'number' && typeof bootId === 'string' && typeof log === 'string' && Array.isArray(health);
  return valid
    ? { pid: pid as number, startTicks, bootId, log, startedAt: typeof startedAt === 'number' ? startedAt : 0, health: health as HealthTarget[], sandboxed: sandboxed === true }
    : null;
}
