import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Reads a JSON file that only this user may read, creating it with `create()` the first
 * time. Keys and passwords survive restarts and are never half-written; when several
 * processes create it at the same moment (replicas sharing a data folder), the first
 * one's value wins and every process reads that one.
 */
export async function readOrCreateSecretJson<T>(file: string, create: () => T | Promise<T>): Promise<T> {
  const existing = await readJsonIfPresent<T>(file);
  if (existing !== undefined) return existing;
  const temporary = await writeTemporary(file, JSON.stringify(await create(), null, 2), 0o600);
  try {
    await link(temporary, file); // fails if another process created it first
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return (await readJsonIfPresent<T>(file))!;
}

async function readJsonIfPresent<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Replaces `file` atomically: a temporary file, fsynced, renamed over it. */
export async function writeFileAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  await rename(await writeTemporary(file, content, mode), file);
}

async function writeTemporary(file: string, content: string, mode: number): Promise<string> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temporary;
}
