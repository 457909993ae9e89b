import type { FilesApi } from '../api/files-api.js';
import type { FileEntry, FolderEntry } from '../api/file-types.js';

export type Row = ({ kind: 'folder' } & FolderEntry) | ({ kind: 'file' } & FileEntry);

/** Pages loaded on their own before the user is asked ("Load more"). */
const AUTO_PAGES = 20;
const PAGE = 1000;

/**
 * The folder a files element shows, page after page from S3 (1000 entries each, never
 * the whole bucket at once): the first page shows at once, the next ones follow in the
 * background up to 20 000 entries, then on demand. No DOM: `onChange` renders.
 */
export class FolderListing {
  path = '';
  rows: Row[] = [];
  status: 'idle' | 'loading' | 'more' | 'complete' | 'error' = 'idle';
  error: unknown = null;
  /** Bumped on every change (for memoized sorting). */
  version = 0;
  #cursor: string | null = null;
  #pages = 0;
  #controller: AbortController | null = null;

  constructor(private readonly onChange: () => void) {}

  get hasMore(): boolean {
    return this.#cursor !== null;
  }

  open(api: FilesApi, path: string): void {
    this.#controller?.abort();
    Object.assign(this, { path, rows: [], status: 'loading', error: null });
    this.#cursor = null;
    this.#pages = 0;
    void this.#load(api, true);
  }

  loadMore(api: FilesApi): void {
    if (this.status === 'more' && this.#cursor !== null) void this.#load(api, false);
  }

  stop(): void {
    this.#controller?.abort();
  }

  /** A file uploaded meanwhile: shown at once, without listing the folder again. */
  upsert(path: string, size: number): void {
    if (!path.startsWith(this.path) || this.status === 'loading') return;
    const rest = path.slice(this.path.length);
    const slash = rest.indexOf('/');
    const row: Row =
      slash >= 0
        ? { kind: 'folder', name: rest.slice(0, slash), path: this.path + rest.slice(0, slash + 1) }
        : { kind: 'file', name: rest, path, size, lastModified: new Date().toISOString() };
    const index = this.rows.findIndex((each) => each.path === row.path);
    if (index < 0) this.rows.push(row);
    else if (row.kind === 'file') this.rows[index] = row;
    else return;
    this.#changed();
  }

  async #load(api: FilesApi, first: boolean): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#changed();
    try {
      do {
        const page = await api.list(this.path, { cursor: first ? null : this.#cursor, limit: PAGE, signal: controller.signal });
        first = false;
        this.#cursor = page.cursor;
        this.#pages += 1;
        // A folder can come again on the next page, and an upload may have been added meanwhile.
        const known = new Set(this.rows.map((row) => row.path));
        this.rows.push(
          ...page.folders.filter((folder) => !known.has(folder.path)).map((folder) => ({ kind: 'folder' as const, ...folder })),
          ...page.files.filter((file) => !known.has(file.path)).map((file) => ({ kind: 'file' as const, ...file })),
        );
        this.status = this.#cursor === null ? 'complete' : 'more';
        this.#changed();
      } while (this.#cursor !== null && this.#pages % AUTO_PAGES !== 0 && !controller.signal.aborted);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.status = 'error';
      this.error = error;
      this.#changed();
    }
  }

  #changed(): void {
    this.version += 1;
    this.onChange();
  }
}

export type SortKey = 'name' | 'size' | 'modified';

/** Folders first, then files, each by the key (names compared as people read them: "file2" before "file10"). */
export function sortRows(rows: readonly Row[], key: SortKey, descending: boolean, lang: string): Row[] {
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
  const value = (row: Row) => (row.kind === 'file' ? (key === 'size' ? row.size : key === 'modified' ? Date.parse(row.lastModified) : 0) : 0);
  const direction = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    const byKey = key === 'name' || a.kind === 'folder' ? 0 : value(a) - value(b);
    return direction * (byKey || collator.compare(a.name, b.name));
  });
}
