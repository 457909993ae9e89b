import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, lstat, readlink, realpath } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

const signals: Record<string, number> = osConstants.signals;

/**
 * The bubblewrap sandbox of a local service (DESIGN: "Isolation in local mode"). What a
 * sandboxed service sees:
 *
 * - the system read-only: /usr, /etc, /bin, /sbin, /lib… (a symbolic link such as
 *   /bin → usr/bin stays a link), plus the folders an administrator adds;
 * - its user's home folder, read-write, at /home/<username>;
 * - a private /tmp, /var/tmp and /dev/shm, a minimal /dev, and a /proc of its own pid
 *   namespace (it sees its own processes only);
 * - nothing else: not the data folder (keys, store, logs, other homes), not the host's
 *   /tmp, /home, /root, /run or /var. If the data folder lies inside a system folder, an
 *   empty tmpfs is mounted over it.
 *
 * Services share the host's network, loopback included: each one gets its own random
 * token to check, which only the proxy presents upstream (the built-in entries check it; a
 * catalog entry whose program checks none can be reached by the other services of the
 * machine).
 *
 * Two ways to run it. When Atelier runs as root, bubblewrap sets the mounts up as root
 * (so it can bind a home folder inside the private data folder), keeps only the two
 * capabilities needed to change user, and `setpriv` then runs the service as an
 * unprivileged user (`uid`/`gid`, nobody by default) with no capability and
 * no-new-privileges (a service may still create user namespaces of its own: mounts it
 * inherits stay locked, so nothing hidden shows again). Otherwise bubblewrap runs as
 * Atelier's own user in a user namespace (which needs unprivileged user namespaces), with
 * further user namespaces disabled.
 *
 * Processes (host view). The service's root process is bubblewrap's monitor (P0, the
 * process Atelier spawns, leader of its own session and group); its child is
 * bubblewrap's init, pid 1 of the new pid namespace (P1); the program is P1's child
 * (P2). P0 exits with P2's exit status as soon as P2 exits. Nothing can leave the
 * namespace: a process whose parent dies is adopted by P1, never by the host's init, so
 * the whole service is the tree under P0 (or P1 once P0 is gone), and SIGKILL to P1 ends
 * every process of the namespace at once. P1 ignores SIGTERM (the init of a namespace
 * only gets the signals it handles, SIGKILL excepted): see killTree. The record keeps P0's
 * pid and start time, so adoption after a restart works as without a sandbox; P0, P1 and
 * the program carry the environment tags the orphan scan looks for (processes.ts), and a
 * process that drops them still lies under P1, whose tree is ended with it.
 */

export type SandboxMode = 'auto' | 'required' | 'off';

export interface SandboxSettings {
  /** auto: sandbox when bubblewrap works here; required: refuse to start without it; off: never. */
  mode: SandboxMode;
  /** When Atelier runs as root: the unprivileged user and group services run as. */
  uid: number;
  gid: number;
  /** Host folders services may also read (e.g. /opt/conda), besides the system folders. */
  readOnlyPaths: string[];
}

export const DEFAULT_SANDBOX: SandboxSettings = { mode: 'auto', uid: 65534, gid: 65534, readOnlyPaths: [] };

/** The system folders every sandbox gets, read-only, when they exist on the host. */
export const SYSTEM_FOLDERS = ['/usr', '/etc', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** PATH inside a sandbox: the system's own. */
export const SANDBOX_PATH = '/usr/local/bin:/usr/bin:/bin';

export interface Sandbox {
  bwrap: string;
  /** Atelier runs as root: bubblewrap mounts as root, setpriv drops to uid/gid. */
  privileged: boolean;
  setpriv: string | null;
  /** The user services run as (Atelier's own when not privileged). */
  uid: number;
  gid: number;
  /** bwrap arguments shared by every service: the read-only system and the masks. */
  mounts: string[];
  /** Real paths of the read-only folders: a command must live in one of them. */
  visible: string[];
}

export type SandboxState = { active: true; sandbox: Sandbox } | { active: false; reason: string };

export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

/**
 * Finds out whether services can be sandboxed here, and how. Throws a SandboxError when
 * the mode is `required` and they cannot, or when the data folder holds a system folder
 * (no sandbox could then hide it).
 */
export async function detectSandbox(settings: SandboxSettings, data: string): Promise<SandboxState> {
  if (settings.mode === 'off') return { active: false, reason: 'it is turned off in the configuration (services.local.sandbox: off)' };
  const unavailable = (reason: string): SandboxState => {
    if (settings.mode === 'required') throw new SandboxError(`The sandbox is required (services.local.sandbox: required), but ${reason}.`);
    return { active: false, reason };
  };

  const bwrap = await findExecutable('bwrap', ['/usr/bin']);
  if (!bwrap) return unavailable('bubblewrap (bwrap) is not installed (apt-get install bubblewrap)');
  const privileged = process.getuid?.() === 0;
  const setpriv = privileged ? await findExecutable('setpriv', ['/usr/bin', '/bin']) : null;
  if (privileged && !setpriv) return unavailable('setpriv (util-linux) is not installed');
  if (privileged && (settings.uid === 0 || settings.gid === 0)) throw new SandboxError('services.local.sandboxUid and sandboxGid must not be 0 (root).');

  const { mounts, visible } = await systemMounts(await realpath(data), settings.readOnlyPaths);
  const sandbox: Sandbox = {
    bwrap,
    privileged,
    setpriv,
    uid: privileged ? settings.uid : (process.getuid?.() ?? 0),
    gid: privileged ? settings.gid : (process.getgid?.() ?? 0),
    mounts,
    visible,
  };
  const failure = await tryRunning(sandbox);
  return failure ? unavailable(`bubblewrap does not work here: ${failure}`) : { active: true, sandbox };
}

/** One line for the start banner and the logs: how services are isolated. */
export function describeSandbox(state: SandboxState): string {
  if (!state.active) return `Services are NOT sandboxed: ${state.reason}. Local mode is then single-user: a service can read all that Atelier can, its keys included.`;
  const { sandbox } = state;
  const who = sandbox.privileged ? `as uid ${sandbox.uid}` : 'as this user, in a user namespace';
  return `Services run in a bubblewrap sandbox ${who}: their own home folder, the system read-only, nothing else of the data folder; they still share this machine's network.`;
}

export interface SandboxedCommand {
  /** The user's home folder on the host (a real path), bound read-write at `home`; null for an empty folder. */
  hostHome: string | null;
  /** /home/<username> */
  home: string;
  /** The working folder inside the sandbox: `home` or a folder below it (made if missing, by the service's user). */
  workdir: string;
  /** An absolute path inside the sandbox (see resolveCommand). */
  command: string;
  args: string[];
}

/** Where a user's home folder appears inside the sandbox. */
export const homeInside = (username: string) => `/home/${username}`;

/** bwrap's arguments for one service, the command included. Pure. */
export function sandboxArgs(sandbox: Sandbox, run: SandboxedCommand): string[] {
  const namespaces = sandbox.privileged
    ? // No user namespace: bubblewrap mounts as root, keeping only what setpriv needs to drop to uid/gid.
      ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID']
    : ['--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--cap-drop', 'ALL'];
  const user = sandbox.privileged
    ? [sandbox.setpriv!, `--reuid=${sandbox.uid}`, `--regid=${sandbox.gid}`, '--clear-groups', '--inh-caps=-all', '--']
    : [];
  return [
    ...namespaces,
    '--proc', '/proc',
    '--dev', '/dev',
    '--perms', '1777', '--tmpfs', '/dev/shm',
    '--perms', '1777', '--tmpfs', '/tmp',
    '--perms', '1777', '--tmpfs', '/var/tmp',
    // After the private folders: a read-only folder an administrator adds may lie below /tmp.
    ...sandbox.mounts,
    '--perms', '0755', '--dir', '/home',
    ...(run.hostHome === null ? ['--dir', run.home] : ['--bind', run.hostHome, run.home]),
    '--chdir', '/',
    '--',
    ...user,
    // The working folder is entered (and made, when missing) by the service's own user: a
    // privileged bubblewrap keeps no capability to enter a folder that is not root's.
    '/bin/sh', '-c', MAKE_WORKDIR, 'sh', run.workdir,
    run.command,
    ...run.args,
  ];
}

/** sh -c MAKE_WORKDIR sh <folder> <command> <args…>: makes the folder, enters it, becomes the command (same pid). */
const MAKE_WORKDIR = 'mkdir -p -- "$1" && cd -- "$1" && unset OLDPWD && shift && exec "$@"';

/**
 * The absolute path of a recipe's command as the sandbox will run it: a name is looked up
 * in the sandbox's PATH (the same system files as on the host), a path must lie in a
 * folder the sandbox sees. Throws a readable error otherwise.
 */
export async function resolveCommand(sandbox: Sandbox, command: string): Promise<string> {
  const candidates = command.includes('/') ? [command] : SANDBOX_PATH.split(':').map((folder) => join(folder, command));
  for (const candidate of candidates) {
    if (!isAbsolute(candidate) || !(await isExecutable(candidate))) continue;
    const real = await realpath(candidate);
    if (sandbox.visible.some((folder) => inside(folder, real))) return candidate;
    throw new Error(`The command "${command}" lies outside the folders a sandboxed service can see (${sandbox.visible.join(', ')}).`);
  }
  throw new Error(`The command "${command}" was not found on this server${command.includes('/') ? '' : ` (looked in ${SANDBOX_PATH})`}.`);
}

/** bwrap reports a program ended by a signal as exit status 128 + the signal: its name, else null. */
export function signalOfStatus(code: number | null): string | null {
  if (code === null || code <= 128) return null;
  const found = Object.entries(signals).find(([, number]) => number === code - 128);
  return found ? found[0] : null;
}

/**
 * The read-only part of every sandbox: the system folders (`system`, symbolic links kept as
 * links) and the administrator's `extra` folders, each bound at its own path; where the
 * (real) data folder lies inside one of them, an empty tmpfs over it. A folder inside the
 * data folder, or the data folder itself, is refused.
 */
export async function systemMounts(data: string, extra: string[], system = SYSTEM_FOLDERS): Promise<{ mounts: string[]; visible: string[] }> {
  const mounts: string[] = [];
  const visible: string[] = [];
  const bind = (real: string, at: string) => {
    if (inside(data, real)) {
      throw new SandboxError(`The data folder ${data} holds ${real}, a folder services must read: move the data folder (ATELIER_DATA) elsewhere.`);
    }
    mounts.push('--ro-bind', real, at);
    visible.push(real);
    // The data folder inside a system folder (e.g. /usr/local/atelier): hidden under an empty tmpfs.
    if (inside(real, data)) mounts.push('--tmpfs', join(at, data.slice(real.length)));
  };

  for (const folder of system) {
    const info = await lstat(folder).catch(() => null);
    if (!info) continue;
    if (info.isSymbolicLink()) mounts.push('--symlink', await readlink(folder), folder);
    else if (info.isDirectory()) bind(await realpath(folder), folder);
  }
  for (const folder of extra) {
    if (!isAbsolute(folder)) throw new SandboxError(`services.local.readOnlyPaths: "${folder}" is not an absolute path.`);
    const real = await realpath(folder).catch(() => null);
    if (real && !visible.some((seen) => inside(seen, real))) bind(real, folder);
  }
  // /etc/resolv.conf may link to /run (systemd-resolved): its target then comes along, read-only.
  const resolv = system.includes('/etc') ? await realpath('/etc/resolv.conf').catch(() => null) : null;
  if (resolv && !visible.some((seen) => inside(seen, resolv))) {
    if (inside(data, resolv)) throw new SandboxError(`/etc/resolv.conf leads into the data folder ${data}.`);
    mounts.push('--ro-bind-try', resolv, resolv);
  }
  return { mounts, visible };
}

/** Runs /bin/true in a sandbox like a service's; null when it works, else what went wrong. */
function tryRunning(sandbox: Sandbox): Promise<string | null> {
  const args = sandboxArgs(sandbox, { hostHome: null, home: '/home/probe', workdir: '/home/probe', command: '/bin/true', args: [] });
  return new Promise((resolve) => {
    const child = spawn(sandbox.bwrap, args, { cwd: '/', env: { PATH: SANDBOX_PATH }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => resolve(error.message));
    child.once('close', (code, signal) => resolve(code === 0 ? null : stderr.trim().split('\n').at(-1) || `exit ${code ?? signal}`));
  });
}

async function findExecutable(name: string, folders: string[]): Promise<string | null> {
  const path = (process.env.PATH ?? '').split(delimiter).filter(isAbsolute);
  for (const folder of [...folders, ...path]) {
    const candidate = join(folder, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await lstat(await realpath(path))).isFile();
  } catch {
    return false;
  }
}

/** Whether `path` is `folder` or lies below it (both real, absolute paths). */
export function inside(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}
