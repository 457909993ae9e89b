import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type {
  AbortRequest,
  CompleteRequest,
  FileEntry,
  FileListing,
  FilePreview,
  FileSpace,
  MoveRequest,
  PartsRequest,
  SignedLink,
  SignedParts,
  UploadPlan,
  UploadRequest,
} from '../../components/api/file-types.js';
import { ApiError } from '../http/errors.js';
import { baseName, pathProblem } from './object-keys.js';
import { previewKind } from './preview-kind.js';
import { s3Uri, spaceOf, type SpaceSettings, type UserSpace } from './space.js';

export interface FileSpacesOptions {
  /** For the BFF's own calls. */
  client: S3Client;
  /** Signs the URLs browsers use: its endpoint is the one they reach. */
  signer: S3Client;
  publicUrl: string;
  region: string;
  space: SpaceSettings;
  /** Origins whose pages may send bytes to S3 (bucket CORS rules). */
  corsOrigins: string[];
  partSizeBytes: number;
  log: (message: string) => void;
}

const MiB = 1024 * 1024;
const MAX_PARTS = 10_000;
const UPLOAD_URL_SECONDS = 3600;
const DOWNLOAD_URL_SECONDS = 300;
const PREVIEW_BYTES = 64 * 1024;
const MAX_FOLDER_OBJECTS = 10_000;
const STALE_UPLOAD_MS = 24 * 3600_000;
/** Content types a shared link may show in the browser; others download. */
const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp|avif)|text\/(plain|csv)|application\/(pdf|json))$/;

/**
 * Every user's files, in their own space of S3 (a bucket of their own or a folder of a
 * shared one, created on first use). Every path is relative to that space and checked:
 * nothing here can name a key outside it. The bytes of uploads and downloads never pass
 * through the BFF: it signs URLs that browsers use straight against S3.
 */
export class FileSpaces {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(private readonly options: FileSpacesOptions) {}

  spaceOf(username: string): UserSpace {
    return spaceOf(username, this.options.space);
  }

  info(username: string): FileSpace {
    const space = this.spaceOf(username);
    return { bucket: space.bucket, prefix: space.prefix, uri: s3Uri(space), endpoint: this.options.publicUrl, region: this.options.region };
  }

  /** The user's space, its bucket created (with CORS rules for the allowed pages) on first use. */
  async ensure(username: string): Promise<UserSpace> {
    const space = this.spaceOf(username);
    let ready = this.ready.get(space.bucket);
    if (!ready) {
      ready = this.createBucket(space.bucket);
      this.ready.set(space.bucket, ready);
      ready.catch(() => this.ready.delete(space.bucket));
    }
    await ready;
    return space;
  }

  async list(username: string, folder: string, cursor: string | null, limit: number): Promise<FileListing> {
    checkPath('path', folder, true);
    const space = await this.ensure(username);
    const prefix = space.prefix + folder;
    const out = await this.call(
      this.options.client.send(new ListObjectsV2Command({ Bucket: space.bucket, Prefix: prefix, Delimiter: '/', MaxKeys: limit, ContinuationToken: cursor ?? undefined })),
      cursor ? 'invalid_cursor' : undefined,
    );
    const relative = (key: string) => key.slice(space.prefix.length);
    return {
      path: folder,
      folders: (out.CommonPrefixes ?? []).map((entry) => ({ name: baseName(relative(entry.Prefix!)), path: relative(entry.Prefix!) })),
      files: (out.Contents ?? [])
        .filter((object) => object.Key !== prefix)
        .map((object) => ({ name: baseName(relative(object.Key!)), path: relative(object.Key!), size: object.Size ?? 0, lastModified: (object.LastModified ?? new Date(0)).toISOString() })),
      cursor: out.IsTruncated ? (out.NextContinuationToken ?? null) : null,
    };
  }

  async startUpload(username: string, request: UploadRequest): Promise<UploadPlan> {
    checkPath('path', request.path, false);
    const space = await this.ensure(username);
    const Key = space.prefix + request.path;
    if (!request.overwrite && (await this.head(space.bucket, Key))) {
      throw new ApiError(409, 'file_exists', `"${request.path}" exists already: confirm to replace it.`);
    }
    const ContentType = request.contentType || 'application/octet-stream';
    if (request.size <= this.options.partSizeBytes) {
      const command = new PutObjectCommand({ Bucket: space.bucket, Key, ContentType, ContentLength: request.size });
      return { kind: 'single', url: await this.sign(command, UPLOAD_URL_SECONDS), headers: { 'Content-Type': ContentType }, expiresAt: expiry(UPLOAD_URL_SECONDS) };
    }
    await this.abortStaleUploads(space);
    const partSize = Math.max(this.options.partSizeBytes, Math.ceil(request.size / MAX_PARTS / MiB) * MiB);
    const created = await this.call(this.options.client.send(new CreateMultipartUploadCommand({ Bucket: space.bucket, Key, ContentType })));
    return { kind: 'multipart', uploadId: created.UploadId!, partSize, partCount: Math.ceil(request.size / partSize) };
  }

  async signParts(username: string, request: PartsRequest): Promise<SignedParts> {
    checkPath('path', request.path, false);
    const space = await this.ensure(username);
    const Key = space.prefix + request.path;
    const urls: Record<string, string> = {};
    for (const PartNumber of request.partNumbers) {
      urls[PartNumber] = await this.sign(new UploadPartCommand({ Bucket: space.bucket, Key, UploadId: request.uploadId, PartNumber }), UPLOAD_URL_SECONDS);
    }
    return { urls, expiresAt: expiry(UPLOAD_URL_SECONDS) };
  }

  async completeUpload(username: string, request: CompleteRequest): Promise<FileEntry> {
    checkPath('path', request.path, false);
    const space = await this.ensure(username);
    const Parts = [...request.parts].sort((a, b) => a.partNumber - b.partNumber).map((part) => ({ PartNumber: part.partNumber, ETag: part.etag }));
    await this.call(
      this.options.client.send(new CompleteMultipartUploadCommand({ Bucket: space.bucket, Key: space.prefix + request.path, UploadId: request.uploadId, MultipartUpload: { Parts } })),
      'upload_not_found',
    );
    return this.entry(space, request.path);
  }

  async abortUpload(username: string, request: AbortRequest): Promise<void> {
    checkPath('path', request.path, false);
    const space = await this.ensure(username);
    try {
      await this.options.client.send(new AbortMultipartUploadCommand({ Bucket: space.bucket, Key: space.prefix + request.path, UploadId: request.uploadId }));
    } catch (error) {
      if (errorName(error) !== 'NoSuchUpload') throw this.failure(error);
    }
  }

  async createFolder(username: string, path: string): Promise<void> {
    checkPath('path', path, true);
    if (path === '') throw invalidPath('path', 'must name a folder');
    const space = await this.ensure(username);
    await this.call(this.options.client.send(new PutObjectCommand({ Bucket: space.bucket, Key: space.prefix + path, Body: new Uint8Array(0) })));
  }

  /** Deletes files, and folders with everything in them; returns how many objects went. */
  async delete(username: string, paths: string[]): Promise<number> {
    paths.forEach((path, i) => checkPath(`paths.${i}`, path, path.endsWith('/')));
    if (paths.includes('')) throw invalidPath('paths', 'cannot delete the whole space at once');
    const space = await this.ensure(username);
    const keys = new Set<string>();
    for (const path of paths) {
      if (path.endsWith('/')) (await this.keysUnder(space, path)).forEach((key) => keys.add(key));
      else keys.add(space.prefix + path);
    }
    await this.deleteKeys(space, [...keys]);
    return keys.size;
  }

  /** Renames or moves a file, or a folder with everything in it. */
  async move(username: string, { from, to, overwrite = false }: MoveRequest): Promise<void> {
    const folder = from.endsWith('/');
    checkPath('from', from, folder);
    checkPath('to', to, folder);
    if (from === '' || to === '') throw invalidPath(from === '' ? 'from' : 'to', 'cannot be the root of your space');
    if (folder !== to.endsWith('/')) throw invalidPath('to', 'must be a folder when moving a folder, and a file when moving a file');
    if (from === to) throw invalidPath('to', 'is where the file is already');
    if (folder && to.startsWith(from)) throw invalidPath('to', 'cannot be inside the folder being moved');
    const space = await this.ensure(username);
    const sources = folder ? await this.keysUnder(space, from) : [space.prefix + from];
    if (sources.length === 0 || (!folder && !(await this.head(space.bucket, sources[0]!)))) {
      throw new ApiError(404, 'file_not_found', `"${from}" does not exist.`);
    }
    const target = (key: string) => space.prefix + to + key.slice(space.prefix.length + from.length);
    if (!overwrite) {
      const taken = folder ? await this.holdsAny(space, to) : Boolean(await this.head(space.bucket, target(sources[0]!)));
      if (taken) throw new ApiError(409, 'file_exists', `"${to}" exists already: confirm to replace it.`);
    }
    for (const key of sources) {
      const CopySource = `${space.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
      await this.call(this.options.client.send(new CopyObjectCommand({ Bucket: space.bucket, Key: target(key), CopySource })));
    }
    await this.deleteKeys(space, sources);
  }

  async downloadLink(username: string, path: string): Promise<SignedLink> {
    checkPath('path', path, false);
    const space = await this.ensure(username);
    await this.existing(space, path);
    const command = new GetObjectCommand({ Bucket: space.bucket, Key: space.prefix + path, ResponseContentDisposition: disposition('attachment', baseName(path)) });
    return { url: await this.sign(command, DOWNLOAD_URL_SECONDS), expiresAt: expiry(DOWNLOAD_URL_SECONDS) };
  }

  /** A link anyone may open, without signing in, until it expires. */
  async shareLink(username: string, path: string, seconds: number): Promise<SignedLink> {
    checkPath('path', path, false);
    const space = await this.ensure(username);
    const head = await this.existing(space, path);
    const type = (head.ContentType ?? '').split(';')[0]!.trim().toLowerCase();
    const inline = INLINE_TYPES.test(type);
    const command = new GetObjectCommand({
      Bucket: space.bucket,
      Key: space.prefix + path,
      ResponseContentDisposition: disposition(inline ? 'inline' : 'attachment', baseName(path)),
      ...(inline ? { ResponseContentType: type } : {}),
    });
    return { url: await this.sign(command, seconds), expiresAt: expiry(seconds) };
  }

  async preview(username: string, path: string): Promise<FilePreview> {
    checkPath('path', path, false);
    const space = await this.ensure(username);
    const head = await this.existing(space, path);
    const size = head.ContentLength ?? 0;
    const contentType = head.ContentType ?? 'application/octet-stream';
    const kind = previewKind(path, contentType);
    if (kind.kind === 'image') {
      const command = new GetObjectCommand({ Bucket: space.bucket, Key: space.prefix + path, ResponseContentType: kind.type, ResponseContentDisposition: 'inline' });
      return { kind: 'image', url: await this.sign(command, DOWNLOAD_URL_SECONDS), size, contentType };
    }
    if (kind.kind === 'other') return { kind: 'other', size, contentType };
    if (size === 0) return { kind: kind.kind, text: '', truncated: false, size, contentType };
    const out = await this.call(this.options.client.send(new GetObjectCommand({ Bucket: space.bucket, Key: space.prefix + path, Range: `bytes=0-${PREVIEW_BYTES - 1}` })));
    const bytes = await out.Body!.transformToByteArray();
    if (bytes.subarray(0, 8000).includes(0)) return { kind: 'other', size, contentType };
    // A character cut at the end of the range is dropped, not shown as garbage.
    const text = new TextDecoder('utf-8').decode(bytes, { stream: size > bytes.length });
    return { kind: kind.kind, text, truncated: size > bytes.length, size, contentType };
  }

  /** S3 answers, for healthz: the endpoint is reachable (any HTTP answer will do). */
  async probe(): Promise<{ ready: boolean; detail?: string }> {
    try {
      const response = await fetch(this.options.publicUrl, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return response.status < 500 ? { ready: true } : { ready: false, detail: `answered ${response.status}` };
    } catch (error) {
      return { ready: false, detail: (error as Error).message };
    }
  }

  private async createBucket(Bucket: string): Promise<void> {
    const { client } = this.options;
    try {
      await client.send(new HeadBucketCommand({ Bucket }));
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw this.failure(error);
      try {
        await client.send(new CreateBucketCommand({ Bucket }));
      } catch (creating) {
        if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(errorName(creating))) throw this.failure(creating);
      }
    }
    const CORSConfiguration = {
      CORSRules: [
        { AllowedOrigins: this.options.corsOrigins, AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
      ],
    };
    if (this.options.corsOrigins.length === 0) return;
    await client.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration })).catch((error: unknown) => {
      // Some servers leave CORS to their administrator: uploads from pages then need it set there.
      this.options.log(`Could not set the CORS rules of bucket ${Bucket} (${errorName(error)}): browsers may not upload to it.`);
    });
  }

  /** Every key under a folder of the space (its marker included), up to MAX_FOLDER_OBJECTS. */
  private async keysUnder(space: UserSpace, folder: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.call(this.options.client.send(new ListObjectsV2Command({ Bucket: space.bucket, Prefix: space.prefix + folder, ContinuationToken: token })));
      keys.push(...(out.Contents ?? []).map((object) => object.Key!));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      if (keys.length > MAX_FOLDER_OBJECTS) {
        throw new ApiError(413, 'too_many_files', `"${folder}" holds more than ${MAX_FOLDER_OBJECTS} files: do this from code (aws s3 mv/rm --recursive).`);
      }
    } while (token);
    return keys;
  }

  private async holdsAny(space: UserSpace, folder: string): Promise<boolean> {
    const out = await this.call(this.options.client.send(new ListObjectsV2Command({ Bucket: space.bucket, Prefix: space.prefix + folder, MaxKeys: 1 })));
    return (out.Contents?.length ?? 0) > 0;
  }

  private async deleteKeys(space: UserSpace, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      const out = await this.call(this.options.client.send(new DeleteObjectsCommand({ Bucket: space.bucket, Delete: { Objects, Quiet: true } })));
      if (out.Errors?.length) throw new ApiError(502, 's3_error', `The storage refused to delete ${out.Errors.length} file(s): ${out.Errors[0]!.Message ?? out.Errors[0]!.Code}.`);
    }
  }

  /** Multipart uploads of this space left behind for a day (a closed tab, say) are aborted. */
  private async abortStaleUploads(space: UserSpace): Promise<void> {
    try {
      const out = await this.options.client.send(new ListMultipartUploadsCommand({ Bucket: space.bucket, Prefix: space.prefix }));
      const stale = (out.Uploads ?? []).filter((upload) => upload.Initiated && Date.now() - upload.Initiated.getTime() > STALE_UPLOAD_MS);
      await Promise.all(stale.map((upload) => this.options.client.send(new AbortMultipartUploadCommand({ Bucket: space.bucket, Key: upload.Key!, UploadId: upload.UploadId! }))));
    } catch (error) {
      this.options.log(`Could not clean up the stale uploads of bucket ${space.bucket}: ${errorName(error)}`);
    }
  }

  private async entry(space: UserSpace, path: string): Promise<FileEntry> {
    const head = await this.existing(space, path);
    return { name: baseName(path), path, size: head.ContentLength ?? 0, lastModified: (head.LastModified ?? new Date()).toISOString() };
  }

  private async existing(space: UserSpace, path: string) {
    const head = await this.head(space.bucket, space.prefix + path);
    if (!head) throw new ApiError(404, 'file_not_found', `"${path}" does not exist.`);
    return head;
  }

  private async head(Bucket: string, Key: string) {
    try {
      return await this.options.client.send(new HeadObjectCommand({ Bucket, Key }));
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw this.failure(error);
    }
  }

  private sign(command: PutObjectCommand | UploadPartCommand | GetObjectCommand, seconds: number): Promise<string> {
    // The presigner signs any command; its types want one at a time.
    return getSignedUrl(this.options.signer, command as GetObjectCommand, { expiresIn: seconds });
  }

  /** An S3 call whose failure becomes an ApiError (`invalidCode`: what a 400 from S3 means here). */
  private async call<T>(promise: Promise<T>, invalidCode?: string): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (invalidCode && (status === 400 || status === 404)) {
        throw new ApiError(400, invalidCode, invalidCode === 'invalid_cursor' ? 'The listing cursor is not valid: list the folder again.' : 'This upload does not exist (any more): start it again.');
      }
      throw this.failure(error);
    }
  }

  private failure(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === undefined) {
      this.options.log(`S3 could not be reached: ${(error as Error).message}`);
      return new ApiError(503, 's3_unavailable', 'The file storage cannot be reached at the moment: try again shortly.');
    }
    this.options.log(`S3 answered ${status} ${errorName(error)}: ${(error as Error).message}`);
    return new ApiError(502, 's3_error', `The file storage refused the operation (${errorName(error)}).`);
  }
}

function checkPath(field: string, path: string, folder: boolean): void {
  const problem = pathProblem(path, { folder });
  if (problem) throw invalidPath(field, problem);
}

function invalidPath(field: string, problem: string): ApiError {
  const message = `${field} ${problem}`;
  return new ApiError(400, 'invalid_path', `The request is not valid: ${message}.`, [{ path: field, message }]);
}

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? 'Error';
}

function expiry(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

/** A Content-Disposition that keeps any file name: ASCII fallback plus RFC 5987's UTF-8 form. */
function disposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
