/** Cuts a stream of text into whole lines: what `push` returns are the lines a chunk completed. */
export class LineSplitter {
  private partial = '';

  push(text: string): string[] {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    return parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  /** Forgets a partial line (its file was rotated). */
  reset(): void {
    this.partial = '';
  }
}

/** The lines of a text, without the empty one after its last newline. */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
