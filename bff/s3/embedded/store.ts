import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, statSync, type Stats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FilesystemStore, S3rverObject } from 's3rver';
import { S3Error } from './xml.js';

/**
 * What the embedded server adds to, or fixes in, s3rver's file store (its layout:
 * `<root>/<bucket>/<folders>/<name>._S3rver_object`, `.md5` and `._S3rver_metadata.json`
 * beside it; multipart uploads in `<root>/<bucket>/._S3rver_uploads/<id>/`):
 *
 * - writes are atomic: bytes go to a temporary file that is renamed into place once
 *   complete, so a cancelled or failed upload leaves no partial object (s3rver writes in
 *   place, and never settles when the client goes away); deletes prune empty folders
 *   without tripping over a delete or write beside them;
 * - listing (ListObjectsV2) in S3's order, with prefixes counted in max-keys (s3rver walks
 *   the disk in file-name order, which skips keys at page boundaries);
 * - multipart uploads can be listed and aborted (s3rver can do neither).
 */
export const OBJECT_SUFFIX = '._S3rver_object';
const BOOKKEEPING = '._S3rver_';

export function makeWritesAtomic(store: FilesystemStore, temporaryDir: string): void {
  const writeAtomically = async (content: Readable | Buffer) => {
    await mkdir(temporaryDir, { recursive: true, mode: 0o700 });
    const temporary = join(temporaryDir, `${randomBytes(12).toString('hex')}.partial`);
    const hash = createHash('md5');
    let size = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, counting, createWriteStream(temporary));
      return { temporary, size, md5: hash.digest('hex') };
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  };

  store.putObject = async (object: S3rverObject) => {
    const target = store.getResourcePath(object.bucket, object.key, 'object');
    const { temporary, size, md5 } = await writeAtomically(object.content ?? Buffer.alloc(0));
    try {
      await inFolder(target, async () => {
        await store.putMetadata(object.bucket, object.key, object.metadata, md5);
        await rename(temporary, target);
      });
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    return { size, md5 };
  };

  // s3rver's own delete prunes empty folders with no care for a delete or write beside it.
  store.deleteObject = async (bucket, key) => {
    const target = store.getResourcePath(bucket, key, 'object');
    await Promise.all([target, `${target}.md5`, store.getResourcePath(bucket, key, 'metadata.json')].map((file) => unlink(file).catch(ignoreMissing)));
    const bucketDir = join(store.rootDirectory, bucket);
    for (let dir = dirname(target); dir.startsWith(`${bucketDir}/`); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break; // not empty (or gone already): the folders above are not empty either
      }
    }
  };

  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const target = join(uploadDir(store, bucket, uploadId), String(Number(partNumber)));
    const { temporary, size, md5 } = await writeAtomically(content);
    try {
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      // Aborted meanwhile: its folder is gone, and must not come back.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
      throw error;
    }
    await writeFile(`${target}.md5`, md5);
    return { size, md5 };
  };
}

/** Runs `write` in the folder of `target`, made again if a delete beside it pruned it meanwhile. */
async function inFolder(target: string, write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await mkdir(dirname(target), { recursive: true });
      await write();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 2) throw error;
    }
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

export function uploadDir(store: FilesystemStore, bucket: string, uploadId: string): string {
  return join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
}

/** The key a multipart upload was started for, or null when there is no such upload. */
export async function uploadKey(store: FilesystemStore, bucket: string, uploadId: string): Promise<string | null> {
  try {
    return await readFile(join(uploadDir(store, bucket, uploadId), 'key'), 'utf8');
  } catch {
    return null;
  }
}

export async function abortUpload(store: FilesystemStore, bucket: string, uploadId: string): Promise<void> {
  // A part still arriving may land while the folder is removed: removing again takes it too.
  await rm(uploadDir(store, bucket, uploadId), { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}

export interface PendingUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

export async function listUploads(store: FilesystemStore, bucket: string, prefix: string): Promise<PendingUpload[]> {
  const root = store.getResourcePath(bucket, undefined, 'uploads');
  const ids = await readdir(root).catch(() => [] as string[]);
  const uploads = await Promise.all(
    ids.map(async (uploadId) => {
      const key = await uploadKey(store, bucket, uploadId);
      const initiated = await stat(join(root, uploadId)).then((s) => s.mtime, () => null);
      return key !== null && initiated && key.startsWith(prefix) ? { key, uploadId, initiated } : null;
    }),
  );
  return uploads.filter((upload): upload is PendingUpload => upload !== null).sort((a, b) => compareKeys(a.key, b.key));
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

export interface Listing {
  objects: ListedObject[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or prefix returned, where the next page starts after. */
  last: string | null;
}

/** ListObjectsV2 over the store: `delimiter` is '' or '/'. */
export async function listObjects(
  store: FilesystemStore,
  bucket: string,
  options: { prefix: string; delimiter: '' | '/'; startAfter: string; maxKeys: number },
): Promise<Listing> {
  const { prefix, delimiter, startAfter, maxKeys } = options;
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const bucketDir = join(store.rootDirectory, bucket);
  const folderDir = join(bucketDir, ...folder.split('/').filter(Boolean));
  const entries: { name: string; prefix: boolean }[] = [];
  if (delimiter === '/') {
    const { files, folders } = await readFolder(folderDir);
    for (const name of files) entries.push({ name: folder + name, prefix: false });
    for (const name of folders) if (await holdsObject(join(folderDir, name))) entries.push({ name: `${folder}${name}/`, prefix: true });
  } else {
    for (const key of await allKeys(folderDir, folder)) entries.push({ name: key, prefix: false });
  }
  const after = Buffer.from(startAfter, 'utf8');
  const matching = entries
    .filter((entry) => entry.name.startsWith(prefix))
    .map((entry) => ({ ...entry, bytes: Buffer.from(entry.name, 'utf8') }))
    .filter((entry) => Buffer.compare(entry.bytes, after) > 0)
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const page = matching.slice(0, Math.max(0, maxKeys));
  const objects: (ListedObject | null)[] = [];
  for (const [i, entry] of page.entries()) {
    if (!entry.prefix) objects.push(await describeObject(store, bucket, entry.name));
    if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve)); // others' requests get their turn
  }
  return {
    objects: objects.filter((object): object is ListedObject => object !== null),
    prefixes: page.filter((entry) => entry.prefix).map((entry) => entry.name),
    truncated: matching.length > page.length,
    last: page.at(-1)?.name ?? null,
  };
}

/** S3 orders keys by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Size, date and ETag of a listed object. Synchronous reads of small cached files: a
 * thousand take ~15 ms, where the same through the thread pool take ten times longer.
 */
async function describeObject(store: FilesystemStore, bucket: string, key: string): Promise<ListedObject | null> {
  const file = store.getResourcePath(bucket, key, 'object');
  let info: Stats;
  try {
    info = statSync(file);
  } catch {
    return null; // deleted meanwhile
  }
  let md5: string;
  try {
    md5 = readFileSync(`${file}.md5`, 'utf8');
  } catch {
    md5 = JSON.parse((await store.getMetadata(bucket, key).catch(() => ({ etag: '""' }))).etag ?? '""');
  }
  return { key, size: info.size, lastModified: info.mtime, etag: `"${md5}"` };
}

/**
 * The object names and subfolders of a folder. Paging through a large folder reads it once
 * per page: the last few reads are kept while the folder itself (its mtime) is unchanged.
 */
const folderCache = new Map<string, { mtimeMs: number; files: string[]; folders: string[] }>();

async function readFolder(dir: string): Promise<{ files: string[]; folders: string[] }> {
  const mtimeMs = await stat(dir).then((info) => info.mtimeMs, () => -1);
  const cached = folderCache.get(dir);
  if (cached && cached.mtimeMs === mtimeMs && mtimeMs !== -1 && Date.now() - mtimeMs > 1000) return cached;
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith(OBJECT_SUFFIX) && !entry.name.slice(0, -OBJECT_SUFFIX.length).includes(BOOKKEEPING)) {
      files.push(entry.name.slice(0, -OBJECT_SUFFIX.length));
    } else if (entry.isDirectory() && !entry.name.includes(BOOKKEEPING)) {
      folders.push(entry.name);
    }
  }
  folderCache.delete(dir);
  folderCache.set(dir, { mtimeMs, files, folders });
  if (folderCache.size > 16) folderCache.delete(folderCache.keys().next().value!);
  return { files, folders };
}

async function holdsObject(dir: string): Promise<boolean> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith(OBJECT_SUFFIX)) return true;
    if (entry.isDirectory() && !entry.name.includes(BOOKKEEPING) && (await holdsObject(join(dir, entry.name)))) return true;
  }
  return false;
}

async function allKeys(dir: string, folder: string): Promise<string[]> {
  const keys: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith(OBJECT_SUFFIX) && !entry.name.slice(0, -OBJECT_SUFFIX.length).includes(BOOKKEEPING)) {
      keys.push(folder + entry.name.slice(0, -OBJECT_SUFFIX.length));
    } else if (entry.isDirectory() && !entry.name.includes(BOOKKEEPING)) {
      keys.push(...(await allKeys(join(dir, entry.name), `${folder}${entry.name}/`)));
    }
  }
  return keys;
}
