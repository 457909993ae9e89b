import type {
  AbortRequest,
  CompleteRequest,
  FileEntry,
  FileListing,
  FilePreview,
  FileSpace,
  MoveRequest,
  PartsRequest,
  ShareDuration,
  SignedLink,
  SignedParts,
  UploadPlan,
  UploadRequest,
} from './file-types.js';

export interface FilesRequestOptions {
  signal?: AbortSignal;
}

/**
 * The files part of the API client (`api.files`): the user's space in S3. It signs; the
 * bytes themselves go between the browser and S3 (components/files/put-bytes.ts).
 */
export interface FilesApi {
  space(options?: FilesRequestOptions): Promise<FileSpace>;
  /** One page of a folder ('' is the root; folders end with `/`). */
  list(path: string, options?: FilesRequestOptions & { cursor?: string | null; limit?: number }): Promise<FileListing>;
  startUpload(request: UploadRequest, options?: FilesRequestOptions): Promise<UploadPlan>;
  signParts(request: PartsRequest, options?: FilesRequestOptions): Promise<SignedParts>;
  completeUpload(request: CompleteRequest, options?: FilesRequestOptions): Promise<FileEntry>;
  abortUpload(request: AbortRequest): Promise<void>;
  createFolder(path: string): Promise<void>;
  /** Files, and folders (ending with `/`) with everything in them. */
  delete(paths: string[]): Promise<{ deleted: number }>;
  move(request: MoveRequest): Promise<void>;
  downloadLink(path: string): Promise<SignedLink>;
  shareLink(path: string, expiresIn: ShareDuration): Promise<SignedLink>;
  preview(path: string, options?: FilesRequestOptions): Promise<FilePreview>;
}

/** How the HTTP client sends one JSON request (its token, errors and language handling). */
export type JsonRequest = <T>(path: string, options: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; signal?: AbortSignal }) => Promise<T>;

/** The HTTP implementation, on the client's own request function. */
export class HttpFilesApi implements FilesApi {
  constructor(private readonly request: JsonRequest) {}

  space(options: FilesRequestOptions = {}): Promise<FileSpace> {
    return this.request('/api/files/space', options);
  }

  list(path: string, { cursor, limit, signal }: FilesRequestOptions & { cursor?: string | null; limit?: number } = {}): Promise<FileListing> {
    const query = new URLSearchParams({ path });
    if (cursor) query.set('cursor', cursor);
    if (limit) query.set('limit', String(limit));
    return this.request(`/api/files?${query}`, { signal });
  }

  startUpload(body: UploadRequest, options: FilesRequestOptions = {}): Promise<UploadPlan> {
    return this.post('/api/files/uploads', body, options);
  }

  signParts(body: PartsRequest, options: FilesRequestOptions = {}): Promise<SignedParts> {
    return this.post('/api/files/uploads/parts', body, options);
  }

  completeUpload(body: CompleteRequest, options: FilesRequestOptions = {}): Promise<FileEntry> {
    return this.post('/api/files/uploads/complete', body, options);
  }

  abortUpload(body: AbortRequest): Promise<void> {
    return this.post('/api/files/uploads/abort', body);
  }

  createFolder(path: string): Promise<void> {
    return this.post('/api/files/folders', { path });
  }

  delete(paths: string[]): Promise<{ deleted: number }> {
    return this.post('/api/files/delete', { paths });
  }

  move(body: MoveRequest): Promise<void> {
    return this.post('/api/files/move', body);
  }

  downloadLink(path: string): Promise<SignedLink> {
    return this.post('/api/files/download', { path });
  }

  shareLink(path: string, expiresIn: ShareDuration): Promise<SignedLink> {
    return this.post('/api/files/share', { path, expiresIn });
  }

  preview(path: string, { signal }: FilesRequestOptions = {}): Promise<FilePreview> {
    return this.request(`/api/files/preview?${new URLSearchParams({ path })}`, { signal });
  }

  private post<T>(path: string, body: unknown, { signal }: FilesRequestOptions = {}): Promise<T> {
    return this.request(path, { method: 'POST', body, signal });
  }
}
