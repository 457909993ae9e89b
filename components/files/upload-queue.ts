import type { FilesApi } from '../api/files-api.js';
import type { UploadPlan } from '../api/file-types.js';
import { putBytes } from './put-bytes.js';

export type UploadStatus = 'queued' | 'uploading' | 'conflict' | 'done' | 'failed' | 'cancelled';

export interface Upload {
  readonly id: number;
  readonly file: File;
  /** Where it goes, relative to the user's space. */
  readonly path: string;
  status: UploadStatus;
  /** Bytes sent so far. */
  loaded: number;
  /** Why it failed (the element describes it in the user's language); null otherwise. */
  error: unknown;
  /** The user confirmed replacing an existing file. */
  overwrite: boolean;
}

export interface UploadQueueOptions {
  /** Files sent at the same time. */
  files?: number;
  /** Parts of one multipart upload sent at the same time. */
  parts?: number;
}

const SIGN_BATCH = 100;
const PART_ATTEMPTS = 3;
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/;

/**
 * The uploads of a files element: a few files at a time, each in one presigned PUT or in
 * parallel presigned parts, straight to S3. A cancelled or failed multipart upload is
 * aborted, so that S3 keeps no part of it; an existing file waits for the user to say
 * whether to replace it. No DOM: `onChange` tells the element to render. It imports
 * nothing the elements share, so that it loads on demand as a chunk of its own.
 */
export class UploadQueue {
  readonly uploads: Upload[] = [];
  readonly #running = new Map<number, AbortController>();
  readonly #files: number;
  readonly #parts: number;
  #nextId = 1;

  constructor(
    private readonly api: FilesApi,
    private readonly onChange: (upload: Upload) => void,
    options: UploadQueueOptions = {},
  ) {
    this.#files = options.files ?? 2;
    this.#parts = options.parts ?? 4;
  }

  add(files: { file: File; path: string }[]): void {
    for (const { file, path } of files) {
      this.uploads.push({ id: this.#nextId++, file, path, status: 'queued', loaded: 0, error: null, overwrite: false });
    }
    this.#pump();
  }

  cancel(id: number): void {
    const upload = this.#find(id);
    if (!upload || !['queued', 'uploading', 'conflict'].includes(upload.status)) return;
    const running = this.#running.get(id);
    if (running) running.abort();
    else this.#set(upload, { status: 'cancelled' });
  }

  retry(id: number): void {
    const upload = this.#find(id);
    if (upload && (upload.status === 'failed' || upload.status === 'cancelled')) this.#requeue(upload, upload.overwrite);
  }

  /** The answer to "it exists already: replace it?". */
  resolveConflict(id: number, replace: boolean): void {
    const upload = this.#find(id);
    if (upload?.status !== 'conflict') return;
    if (replace) this.#requeue(upload, true);
    else this.#set(upload, { status: 'cancelled' });
  }

  cancelAll(): void {
    for (const upload of this.uploads) this.cancel(upload.id);
  }

  clearFinished(): void {
    for (let i = this.uploads.length - 1; i >= 0; i -= 1) {
      if (['done', 'cancelled'].includes(this.uploads[i]!.status)) this.uploads.splice(i, 1);
    }
  }

  get active(): boolean {
    return this.uploads.some((upload) => upload.status === 'queued' || upload.status === 'uploading');
  }

  #find(id: number): Upload | undefined {
    return this.uploads.find((upload) => upload.id === id);
  }

  #set(upload: Upload, change: Partial<Upload>): void {
    Object.assign(upload, change);
    this.onChange(upload);
  }

  #requeue(upload: Upload, overwrite: boolean): void {
    this.#set(upload, { status: 'queued', loaded: 0, error: null, overwrite });
    this.#pump();
  }

  #pump(): void {
    for (const upload of this.uploads) {
      if (this.#running.size >= this.#files) return;
      if (upload.status === 'queued') void this.#run(upload);
    }
  }

  async #run(upload: Upload): Promise<void> {
    const controller = new AbortController();
    const { signal } = controller;
    this.#running.set(upload.id, controller);
    this.#set(upload, { status: 'uploading', loaded: 0, error: null });
    let multipart: Extract<UploadPlan, { kind: 'multipart' }> | null = null;
    try {
      const { file, path } = upload;
      const contentType = CONTENT_TYPE.test(file.type) ? file.type : undefined;
      const plan = await this.api.startUpload({ path, size: file.size, contentType, overwrite: upload.overwrite }, { signal });
      if (plan.kind === 'single') {
        await putBytes(plan.url, file, { headers: plan.headers, signal, onProgress: (loaded) => this.#set(upload, { loaded }) });
      } else {
        multipart = plan;
        const parts = await this.#sendParts(upload, plan, signal);
        await this.api.completeUpload({ path, uploadId: plan.uploadId, parts }, { signal });
      }
      this.#set(upload, { status: 'done', loaded: file.size });
    } catch (error) {
      // No part may stay behind on S3, whatever went wrong.
      if (multipart) await this.api.abortUpload({ path: upload.path, uploadId: multipart.uploadId }).catch(() => undefined);
      if (signal.aborted) this.#set(upload, { status: 'cancelled' });
      else if ((error as { code?: string }).code === 'file_exists') this.#set(upload, { status: 'conflict' });
      else this.#set(upload, { status: 'failed', error });
    } finally {
      this.#running.delete(upload.id);
      this.#pump();
    }
  }

  /** Sends the parts, a few at a time, signing them in batches; resolves with their ETags. */
  async #sendParts(upload: Upload, plan: Extract<UploadPlan, { kind: 'multipart' }>, outer: AbortSignal) {
    const { file, path } = upload;
    const { uploadId, partSize, partCount } = plan;
    const inner = new AbortController();
    const stop = () => inner.abort();
    outer.addEventListener('abort', stop, { once: true });
    const signal = inner.signal;
    const batches = new Map<number, Promise<Record<string, string>>>();
    const urlOf = async (part: number) => {
      const batch = Math.floor((part - 1) / SIGN_BATCH);
      if (!batches.has(batch)) {
        const first = batch * SIGN_BATCH + 1;
        const partNumbers = Array.from({ length: Math.min(SIGN_BATCH, partCount - first + 1) }, (_, i) => first + i);
        batches.set(batch, this.api.signParts({ path, uploadId, partNumbers }, { signal }).then((signed) => signed.urls));
      }
      return (await batches.get(batch)!)[part]!;
    };
    const sent = new Array<number>(partCount + 1).fill(0);
    let total = 0;
    const parts: { partNumber: number; etag: string }[] = [];
    let next = 1;
    const worker = async () => {
      while (next <= partCount) {
        const partNumber = next++;
        const blob = file.slice((partNumber - 1) * partSize, Math.min(partNumber * partSize, file.size));
        for (let attempt = 1; ; attempt += 1) {
          try {
            const onProgress = (loaded: number) => {
              total += loaded - sent[partNumber]!;
              sent[partNumber] = loaded;
              this.#set(upload, { loaded: total });
            };
            parts.push({ partNumber, etag: await putBytes(await urlOf(partNumber), blob, { signal, onProgress }) });
            break;
          } catch (error) {
            if (signal.aborted || attempt >= PART_ATTEMPTS) throw error;
            await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.#parts, partCount) }, () => worker().catch((error: unknown) => {
        stop();
        throw error;
      })));
      return parts;
    } finally {
      outer.removeEventListener('abort', stop);
    }
  }
}
