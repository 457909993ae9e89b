/**
 * What every benchmark child process shares: it tells the parent (over IPC) where it
 * listens, and answers `stats` with its heap after a full collection and its RSS.
 */
export interface ChildStats {
  heapUsed: number;
  rss: number;
}

export function ready(details: Record<string, unknown>): void {
  process.send!({ type: 'ready', ...details });
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stats') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send!({ type: 'stats', heapUsed, rss } satisfies ChildStats & { type: string });
  });
  process.on('disconnect', () => process.exit(0));
}
