import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, type Expected, type Store, type Versioned } from './store.js';

/**
 * The embedded implementation of the store: one folder per key, one file per version.
 *
 *   <root>/<collection>/<key>/000000000007.json
 *
 * A write prepares a temporary file (written, fsynced), then hard-links it to the name
 * of the next version. `link` fails if that name exists, so of two writers that read
 * the same version exactly one wins: an atomic compare-and-set that needs no lock, and
 * so leaves no stale lock behind when a process is killed mid-write.
 *
 * Superseded versions are removed once they are older than RETAIN_MS, and a writer gives
 * up (conflict, so it reads again) if more than WRITE_WINDOW_MS pass between its check and
 * its link. Together these guarantee that the name a writer links to was never used and
 * freed in between: removing old versions at once would let a stalled writer re-create
 * one and have its update silently lost (a test with four processes showed it).
 * A deletion is a tombstone version; `sweep` removes keys deleted long ago.
 */
export class FileStore implements Store {
  constructor(private readonly root: string) {}

  async get<T>(collection: string, key: string): Promise<Versioned<T> | undefined> {
    const latest = await this.readLatest<T>(collection, key);
    return latest && !latest.deleted ? { key, version: latest.version, value: latest.value as T } : undefined;
  }

  async list<T>(collection: string): Promise<Versioned<T>[]> {
    const keys = await readdirOrEmpty(join(this.root, checkName(collection)));
    const entries = await Promise.all(keys.filter(isKeyName).map((key) => this.get<T>(collection, key)));
    return entries.filter((entry): entry is Versioned<T> => entry !== undefined);
  }

  async put<T>(collection: string, key: string, value: T, expected: Expected): Promise<Versioned<T>> {
    const version = await this.write(collection, key, { deleted: false, value }, expected);
    return { key, version, value };
  }

  async delete(collection: string, key: string, expected: number): Promise<void> {
    await this.write(collection, key, { deleted: true, deletedAt: Date.now() }, expected);
  }

  /**
   * Removes keys deleted more than `graceMs` ago. Only for collections whose keys are
   * never reused (random ids, ticket hashes): a swept key starts again at version 1, so a
   * writer re-creating it at the same moment as a stalled one could lose an update.
   */
  async sweep(collection: string, graceMs = 10 * 60_000): Promise<number> {
    let removed = 0;
    const dir = join(this.root, checkName(collection));
    for (const key of (await readdirOrEmpty(dir)).filter(isKeyName)) {
      const latest = await this.readLatest(collection, key);
      if (!latest?.deleted || Date.now() - (latest.deletedAt ?? 0) < graceMs) continue;
      const trash = join(dir, `.trash-${key}-${randomBytes(4).toString('hex')}`);
      await rename(join(dir, key), trash).catch(() => undefined);
      await rm(trash, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  private async write(collection: string, key: string, record: StoredRecord, expected: Expected): Promise<number> {
    const dir = join(this.root, checkName(collection), checkName(key));
    await mkdir(dir, { recursive: true });
    const latest = await this.readLatest(collection, key);
    const checkedAt = performance.now();
    const current = latest?.version ?? 0;
    const matches = expected === 'absent' ? !latest || latest.deleted : latest && !latest.deleted && expected === current;
    if (!matches) throw new ConflictError(collection, key);

    const next = current + 1;
    const temporary = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(record));
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      if (performance.now() - checkedAt > WRITE_WINDOW_MS) throw Object.assign(new Error('stalled'), { code: 'EEXIST' });
      await link(temporary, join(dir, versionFileName(next)));
    } catch (error) {
      // EEXIST: another writer took this version (or this one stalled). ENOENT: `sweep` removed the key meanwhile.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOENT') throw new ConflictError(collection, key);
      throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    await syncFolder(dir);
    await this.removeVersionsBefore(dir, next - 1);
    return next;
  }

  private async readLatest<T>(collection: string, key: string): Promise<(StoredRecord & { version: number }) | undefined> {
    const dir = join(this.root, checkName(collection), checkName(key));
    for (let attempt = 0; attempt < 100; attempt++) {
      const versions = (await readdirOrEmpty(dir)).map(versionOf).filter((v) => v > 0);
      if (versions.length === 0) return undefined;
      const version = Math.max(...versions);
      try {
        const record = JSON.parse(await readFile(join(dir, versionFileName(version)), 'utf8')) as StoredRecord<T>;
        return { ...record, version };
      } catch (error) {
        // Removed by a newer writer's cleanup between readdir and read: read again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new Error(`${collection}/${key}: could not read a stable version`);
  }

  private async removeVersionsBefore(dir: string, keep: number): Promise<void> {
    const old = (await readdirOrEmpty(dir)).filter((name) => versionOf(name) > 0 && versionOf(name) < keep);
    const now = Date.now();
    await Promise.all(
      old.map(async (name) => {
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info && now - info.mtimeMs > RETAIN_MS) await unlink(file).catch(() => undefined);
      }),
    );
  }
}

type StoredRecord<T = unknown> =
  | { deleted: false; value: T; deletedAt?: undefined }
  | { deleted: true; deletedAt: number; value?: undefined };

const RETAIN_MS = 60_000;
const WRITE_WINDOW_MS = 20_000;

const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`invalid store name: ${JSON.stringify(name)}`);
  return name;
}

function isKeyName(name: string): boolean {
  return NAME.test(name);
}

function versionFileName(version: number): string {
  return `${String(version).padStart(12, '0')}.json`;
}

function versionOf(name: string): number {
  return /^\d{12}\.json$/.test(name) ? Number(name.slice(0, 12)) : 0;
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
