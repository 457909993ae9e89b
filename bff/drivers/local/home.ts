import { execFile } from 'node:child_process';
import { chmod, chown, lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, join, relative as relativePath, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `<data>/homes/<username>/`, created private (0700) if missing; its real path. */
export async function prepareHome(data: string, username: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(username)) throw new Error(`"${username}" is not a user name a home folder can be made for.`);
  const home = join(data, 'homes', username);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  return realpath(home);
}

/**
 * The working folder of a service, `relative` to the (real) home folder, as a path
 * relative to it ('' for the home folder itself). It must stay inside the home folder, by
 * its path and by its real path: `..` and symbolic links that lead out are refused. Reads
 * only: nothing is created.
 */
export async function checkWorkdir(home: string, relative: string): Promise<string> {
  const refuse = () => new Error(`The folder "${relative}" is not inside the home folder.`);
  const target = resolve(home, relative);
  if (!inside(home, target)) throw refuse();
  // The deepest part that exists already decides where the folder would really be.
  let existing = target;
  while (!(await exists(existing))) existing = dirname(existing);
  if (!inside(home, await realpath(existing))) throw refuse();
  return relativePath(home, target);
}

/**
 * The working folder of an unsandboxed service, created if missing (see checkWorkdir); its
 * real path. A sandboxed service makes its own, inside its sandbox, as its own user: then
 * nothing is created by Atelier in a folder that service can change.
 */
export async function prepareWorkdir(home: string, relative: string): Promise<string> {
  const target = join(home, await checkWorkdir(home, relative));
  await mkdir(target, { recursive: true, mode: 0o700 });
  const real = await realpath(target);
  if (!inside(home, real)) throw new Error(`The folder "${relative}" is not inside the home folder.`);
  return real;
}

/**
 * Gives a home folder to the user sandboxed services run as (when Atelier runs as root
 * they do not run as root). The home folder itself is Atelier's to change (it lies in the
 * private homes folder); what it holds is changed by `chown -R`, which never follows a
 * symbolic link, and only when the folder is not that user's yet (made by Atelier, or
 * before the sandbox): a service of that user can then not be running in it.
 */
export async function handHomeTo(home: string, uid: number, gid: number): Promise<void> {
  const info = await lstat(home);
  if (info.uid === uid && info.gid === gid) return;
  await run('chown', ['-R', `${uid}:${gid}`, '--', home]);
  await chown(home, uid, gid);
}

function inside(parent: string, path: string): boolean {
  return path === parent || path.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
