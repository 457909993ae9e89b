import { open } from 'node:fs/promises';

/** The last `lines` lines of a log file (read from its end, at most `maxBytes`); '' when there is none. */
export async function tailLines(file: string, lines: number, maxBytes = 1024 * 1024): Promise<string> {
  if (lines <= 0) return '';
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const all = buffer.toString('utf8').split('\n');
    if (length < size) all.shift(); // a line cut by the read's start
    if (all.at(-1) === '') all.pop();
    return all.slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}

/** The last line with text in it, without terminal colours, cut to a readable length; null when there is none. */
export async function lastLine(file: string, maxLength = 300): Promise<string | null> {
  const text = (await tailLines(file, 200, 64 * 1024)).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const line = text.split('\n').map((candidate) => candidate.trim()).filter(Boolean).at(-1);
  if (!line) return null;
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
