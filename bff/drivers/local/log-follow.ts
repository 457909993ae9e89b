import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineSplitter, linesOf } from '../log-lines.js';
import { tailLines } from './log-file.js';

/** At most this much is read per look: a service printing faster than that loses lines, not memory. */
const MAX_READ = 1024 * 1024;

/**
 * Follows a service's log file (log-file.ts): first its last `lines` lines, then, every
 * `pollMs`, the bytes appended since, cut into whole lines. Rotation-safe: a log emptied
 * in place (rotateIfLarger) or replaced by another file is read again from its start.
 * Ends when `signal` aborts.
 */
export async function* followLog(file: string, lines: number, signal: AbortSignal, pollMs = 200): AsyncGenerator<string[]> {
  // The size before the tail: a line written between the two comes twice rather than never.
  let seen = await identity(file);
  yield linesOf(await tailLines(file, lines));
  const splitter = new LineSplitter();
  while (!signal.aborted) {
    try {
      await sleep(pollMs, undefined, { signal });
    } catch {
      return;
    }
    const now = await identity(file);
    if (now.inode !== seen.inode || now.size < seen.size) {
      seen = { inode: now.inode, size: 0 };
      splitter.reset();
    }
    if (now.size <= seen.size) continue;
    const from = Math.max(seen.size, now.size - MAX_READ);
    const text = await readRange(file, from, now.size);
    seen = now;
    const complete = splitter.push(text);
    if (complete.length > 0) yield complete;
  }
}

async function identity(file: string): Promise<{ inode: number; size: number }> {
  try {
    const { ino, size } = await stat(file);
    return { inode: ino, size };
  } catch {
    return { inode: 0, size: 0 };
  }
}

async function readRange(file: string, from: number, to: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
