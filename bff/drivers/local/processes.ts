import { createHash } from 'node:crypto';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the local driver reads in /proc (Linux): a process's start time, the boot id, the
 * process tree, the environment tags; and how it ends a tree without ever signalling a
 * process that merely reuses a pid.
 */

/** One line of /proc/<pid>/stat, the fields the driver needs. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** One letter: R, S, D, Z (zombie), X (dead)… */
  state: string;
  /** Field 22: clock ticks after boot at which the process started. With the boot id, a pid's identity. */
  startTicks: number;
}

/** A process known by identity: pid and start time. */
export interface ProcessIdentity {
  pid: number;
  startTicks: number;
}

/** The environment variables that tag a service's processes. */
export const SERVICE_TAG = 'ATELIER_SERVICE_ID';
export const DATA_TAG = 'ATELIER_DATA_ID';

let cachedBootId: Promise<string> | undefined;

/** Changes at each boot: start ticks of two boots must not be compared. */
export function bootId(): Promise<string> {
  cachedBootId ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then((text) => text.trim());
  return cachedBootId;
}

/** Parses /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function parseStat(text: string): ProcessInfo | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const [state = '', ppid, pgrp, session] = fields;
  const startTicks = Number(fields[22 - 3]);
  if (!Number.isInteger(pid) || !Number.isFinite(startTicks)) return null;
  return { pid, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), state, startTicks };
}

export async function readProcess(pid: number): Promise<ProcessInfo | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** A zombie has finished: it only waits for its parent to read its exit status. */
function running(info: ProcessInfo | null | undefined): info is ProcessInfo {
  return !!info && info.state !== 'Z' && info.state !== 'X';
}

/** Whether this very process (same pid and start time) still runs. */
export async function isAlive(target: ProcessIdentity): Promise<boolean> {
  const info = await readProcess(target.pid);
  return running(info) && info.startTicks === target.startTicks;
}

/** Every process that still runs (zombies left out). */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const names = await readdir('/proc');
  const infos = await Promise.all(names.filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))));
  return infos.filter(running);
}

/** A process's environment; empty when it is gone or not readable. */
export async function readEnviron(pid: number): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return {};
  }
  const environ: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0) environ[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return environ;
}

/** 16 hex characters of sha256(realpath(data)): tags the processes of this data directory. */
export async function dataIdOf(data: string): Promise<string> {
  return createHash('sha256').update(await realpath(data)).digest('hex').slice(0, 16);
}

export interface TaggedProcess extends ProcessIdentity {
  serviceId: string;
}

/** The processes whose environment carries this data directory's tag. */
export async function taggedProcesses(dataId: string, processes?: ProcessInfo[]): Promise<TaggedProcess[]> {
  const all = processes ?? (await listProcesses());
  const tagged = await Promise.all(
    all.map(async (info) => {
      const environ = await readEnviron(info.pid);
      const serviceId = environ[SERVICE_TAG];
      return environ[DATA_TAG] === dataId && serviceId ? { pid: info.pid, startTicks: info.startTicks, serviceId } : null;
    }),
  );
  return tagged.filter((found): found is TaggedProcess => found !== null);
}

/** Which processes belong to a service, besides its root processes. */
export interface TreeScope {
  /** Also the processes tagged with this service and data directory (found even when reparented). */
  tag?: { serviceId: string; dataId: string };
}

/**
 * The whole tree of the roots, as it is now: each root that is still the same process, its
 * process group and session (processes that left the tree by being reparented stay in them),
 * the descendants by parent pid of all of those (Jupyter kernels run in sessions of their
 * own), and the tagged processes. A root that is gone still has its group and session
 * collected (the kernel never reuses a pid while a group or session of that id lives); a
 * root whose pid now belongs to another process is left alone, with its group. This
 * process and its ancestors are never part of a tree.
 */
export async function collectTree(roots: ProcessIdentity[], scope: TreeScope = {}): Promise<Map<number, number>> {
  const processes = await listProcesses();
  const byPid = new Map(processes.map((info) => [info.pid, info]));
  const found = new Map<number, number>();
  const add = (info: ProcessInfo) => found.set(info.pid, info.startTicks);

  for (const root of roots) {
    const current = byPid.get(root.pid);
    if (current && current.startTicks !== root.startTicks) continue;
    if (current) add(current);
    for (const info of processes) if (info.pgrp === root.pid || info.session === root.pid) add(info);
  }
  if (scope.tag) {
    const { serviceId, dataId } = scope.tag;
    for (const tagged of await taggedProcesses(dataId, processes)) if (tagged.serviceId === serviceId) found.set(tagged.pid, tagged.startTicks);
  }

  const children = new Map<number, ProcessInfo[]>();
  for (const info of processes) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const queue = [...found.keys()];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!found.has(child.pid)) {
        add(child);
        queue.push(child.pid);
      }
    }
  }

  for (const pid of await selfAndAncestors(byPid)) found.delete(pid);
  found.delete(1);
  return found;
}

async function selfAndAncestors(byPid: Map<number, ProcessInfo>): Promise<number[]> {
  const chain: number[] = [];
  let pid: number | undefined = process.pid;
  while (pid && pid > 1 && !chain.includes(pid)) {
    chain.push(pid);
    pid = (byPid.get(pid) ?? (await readProcess(pid)))?.ppid;
  }
  return chain;
}

export interface KillOptions extends TreeScope {
  /** How long processes get after SIGTERM before SIGKILL. */
  graceMs: number;
  pollMs?: number;
  log?: (message: string) => void;
}

/**
 * Ends the tree of the roots, gently first. For up to half the grace period, SIGTERM goes
 * only to the service itself: the roots and the process groups they lead, and in a
 * sandbox the program that runs under the namespace's init (see sandbox.ts); a service
 * that shuts its own children down (Jupyter asks its kernels to) then does so cleanly.
 * That phase lasts while a root or a namespace init lives (bubblewrap's monitor, a root,
 * ends at the first SIGTERM; the init ignores it, and ends once its namespace is empty).
 * Then SIGTERM goes to every process of the tree that is left, and SIGKILL once the grace
 * period is over (SIGKILL to a namespace's init ends all of its namespace). The tree is
 * collected again at each poll (a process forked meanwhile is caught too) and never
 * forgets a process it collected; a process is signalled only while its pid still has the
 * start time it was collected with. Resolves once all are gone, with every process of the
 * tree it saw.
 */
export async function killTree(roots: ProcessIdentity[], options: KillOptions): Promise<ProcessIdentity[]> {
  const pollMs = options.pollMs ?? 100;
  const started = Date.now();
  const rootsAloneUntil = started + options.graceMs / 2;
  const termDeadline = started + options.graceMs;
  // After SIGKILL, a process in uninterruptible sleep may take a moment; it is reported, not waited for forever.
  const killDeadline = termDeadline + 5_000;
  /** Every process collected so far and still alive: one reparented to init leaves the tree, not this list. */
  const known = new Map<number, ProcessInfo>();
  const seen = new Map<number, number>();
  const sent = new Set<string>();
  const inits = new Map<string, boolean>();
  /** Signals a process, or the group it leads (`group`); false when there was nothing to signal. */
  const send = async (target: ProcessIdentity, signal: NodeJS.Signals, group = false): Promise<boolean> => {
    const key = `${target.pid}:${target.startTicks} ${signal}`;
    if (sent.has(key)) return true;
    // Checked right before signalling: a pid that ended meanwhile may already be another process's.
    if (!(await isAlive(target)) || !sendSignal(group ? -target.pid : target.pid, signal)) return false;
    sent.add(key);
    return true;
  };
  const isInit = async (info: ProcessInfo): Promise<boolean> => {
    const key = `${info.pid}:${info.startTicks}`;
    if (!inits.has(key)) inits.set(key, await isNamespaceInit(info.pid));
    return inits.get(key)!;
  };

  for (;;) {
    const collected = await collectTree(roots, options);
    for (const pid of new Set([...known.keys(), ...collected.keys()])) {
      const info = await readProcess(pid);
      const startTicks = known.get(pid)?.startTicks ?? collected.get(pid);
      if (running(info) && info.startTicks === startTicks) {
        known.set(pid, info);
        seen.set(pid, startTicks);
      } else known.delete(pid);
    }
    if (known.size === 0) break;
    const now = Date.now();
    if (now >= killDeadline) {
      options.log?.(`These processes did not end after SIGKILL: ${[...known.keys()].join(', ')}.`);
      break;
    }
    const signal: NodeJS.Signals = now < termDeadline ? 'SIGTERM' : 'SIGKILL';
    const liveRoots = roots.filter((root) => known.get(root.pid)?.startTicks === root.startTicks);
    const namespaceInits: ProcessInfo[] = [];
    for (const info of known.values()) if (await isInit(info)) namespaceInits.push(info);
    // The group a root leads (a detached service leads one), else the root alone: one signal each.
    for (const root of liveRoots) {
      if (await send(root, signal, true)) {
        // Its members got it too: none gets it twice (a second SIGTERM cuts Jupyter's own shutdown short).
        for (const info of known.values()) if (info.pgrp === root.pid) sent.add(`${info.pid}:${info.startTicks} ${signal}`);
      } else await send(root, signal);
    }
    // In a sandbox, the program itself: what runs right under the namespace's init.
    for (const init of namespaceInits) {
      for (const info of known.values()) if (info.ppid === init.pid) await send(info, signal);
    }
    if (signal === 'SIGKILL' || liveRoots.length + namespaceInits.length === 0 || now >= rootsAloneUntil) {
      for (const info of known.values()) await send(info, signal);
    }
    await sleep(pollMs);
  }
  return [...seen].map(([pid, startTicks]) => ({ pid, startTicks }));
}

/** Whether a process is pid 1 of a pid namespace below this one (a sandbox's bubblewrap init). */
export async function isNamespaceInit(pid: number): Promise<boolean> {
  try {
    const ids = /^NSpid:\s+(.+)$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim().split(/\s+/) ?? [];
    return ids.length > 1 && ids.at(-1) === '1';
  } catch {
    return false;
  }
}

function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    return process.kill(pid, signal);
  } catch {
    // ESRCH: it ended meanwhile, or leads no group; EPERM: not ours to end (reported if it stays).
    return false;
  }
}
