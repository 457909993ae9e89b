import { chmod, lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** `<data>/homes/<username>/`, created private (0700) if missing; its real path. */
export async function prepareHome(data: string, username: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(username)) throw new Error(`"${username}" is not a user name a home folder can be made for.`);
  const home = join(data, 'homes', username);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  return realpath(home);
}

/**
 * The working folder of a service, `relative` to the (real) home folder, created if
 * missing. It must stay inside the home folder, by its path and by its real path: `..`
 * and symbolic links that lead out are refused, and nothing is created outside.
 */
export async function prepareWorkdir(home: string, relative: string): Promise<string> {
  const refuse = () => new Error(`The folder "${relative}" is not inside the home folder.`);
  const target = resolve(home, relative);
  if (!inside(home, target)) throw refuse();
  // The deepest part that exists already decides where mkdir would really write.
  let existing = target;
  while (!(await exists(existing))) existing = dirname(existing);
  if (!inside(home, await realpath(existing))) throw refuse();
  await mkdir(target, { recursive: true, mode: 0o700 });
  const real = await realpath(target);
  if (!inside(home, real)) throw refuse();
  return real;
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
