import { open, rename, writeFile } from 'node:fs/promises';

/**
 * A service's log: one file its processes write to directly (stdout and stderr, opened
 * for appending, so the service keeps writing whether Atelier runs or not), bounded by
 * rotation to one previous file, `<log>.1`.
 */

/** Where a log's previous part goes when it is rotated. */
export const previousOf = (file: string) => `${file}.1`;

/**
 * Rotates a log larger than `maxBytes`: its last `maxBytes` bytes (from the first whole
 * line in them) become `<log>.1`, and
 * the log is emptied in place (a writer in append mode goes on at its new end). Lines
 * written between the read and the truncation, a few microseconds, are lost. Returns
 * whether it rotated.
 */
export async function rotateIfLarger(file: string, maxBytes: number): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch {
    return false;
  }
  let kept: Buffer;
  try {
    const { size } = await handle.stat();
    if (size <= maxBytes) return false;
    kept = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(kept, 0, maxBytes, size - maxBytes);
    await handle.truncate(0);
    // From the first whole line on: <log>.1 never starts with the end of a line.
    const firstLine = kept.subarray(0, bytesRead).indexOf(0x0a) + 1;
    kept = kept.subarray(firstLine > 0 && firstLine < bytesRead ? firstLine : 0, bytesRead);
  } finally {
    await handle.close();
  }
  const temporary = `${previousOf(file)}.tmp`;
  await writeFile(temporary, kept, { mode: 0o600 });
  await rename(temporary, previousOf(file));
  return true;
}

/**
 * The last `lines` lines of a log, across its rotation (the end of `<log>.1`, then the
 * log), reading at most `maxBytes` from each; '' when there is none.
 */
export async function tailLines(file: string, lines: number, maxBytes = 1024 * 1024): Promise<string> {
  if (lines <= 0) return '';
  const current = await readTail(file, maxBytes);
  let text = current.text;
  let cut = current.cut;
  if (!cut && countLines(text) <= lines) {
    // The rotation may have cut a line in two: the end of .1 and the start of the log join up.
    const previous = await readTail(previousOf(file), maxBytes);
    text = previous.text + text;
    cut = previous.cut;
  }
  const all = text.split('\n');
  if (cut) all.shift(); // a line cut by the read's start
  if (all.at(-1) === '') all.pop();
  return all.slice(-lines).join('\n');
}

/** The last line with text in it, without terminal colours, cut to a readable length; null when there is none. */
export async function lastLine(file: string, maxLength = 300): Promise<string | null> {
  const text = (await tailLines(file, 200, 64 * 1024)).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const line = text.split('\n').map((candidate) => candidate.trim()).filter(Boolean).at(-1);
  if (!line) return null;
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

/** The end of a file, at most `maxBytes`; `cut` when the file is longer. */
async function readTail(file: string, maxBytes: number): Promise<{ text: string; cut: boolean }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return { text: '', cut: false };
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, size - length);
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), cut: length < size };
  } finally {
    await handle.close();
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
