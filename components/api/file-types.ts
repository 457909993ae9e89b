/**
 * The shapes of the files API (`/api/files…`) between the BFF and the browser. Types
 * only; bff/http/file-schemas.ts describes the same shapes for validation and OpenAPI.
 * Every `path` is relative to the user's own space: `report.csv`, `data/2024/` (a folder
 * ends with `/`; the root is '').
 */
export interface FileEntry {
  name: string;
  path: string;
  size: number;
  lastModified: string;
}

export interface FolderEntry {
  name: string;
  path: string;
}

/** One page of a folder, S3's order (by name); `cursor` fetches the next page, null at the end. */
export interface FileListing {
  path: string;
  folders: FolderEntry[];
  files: FileEntry[];
  cursor: string | null;
}

/** Where the user's files are, for `s3://` URIs and code snippets (no secret in it). */
export interface FileSpace {
  bucket: string;
  /** '' when the user has a bucket of their own, else `<username>/`. */
  prefix: string;
  /** `s3://<bucket>/<prefix>` */
  uri: string;
  /** The S3 endpoint's URL, e.g. http://localhost:9000 */
  endpoint: string;
  region: string;
}

export interface UploadRequest {
  path: string;
  size: number;
  contentType?: string;
  /** Replace an existing file; without it an existing file is a 409 `file_exists`. */
  overwrite?: boolean;
}

/**
 * How to send the bytes, straight to S3: one presigned PUT (with these headers), or a
 * multipart upload whose parts are `partSize` bytes (the last one less), signed on demand.
 */
export type UploadPlan =
  | { kind: 'single'; url: string; headers: Record<string, string>; expiresAt: string }
  | { kind: 'multipart'; uploadId: string; partSize: number; partCount: number };

export interface PartsRequest {
  path: string;
  uploadId: string;
  partNumbers: number[];
}

/** Presigned PUT URLs by part number. */
export interface SignedParts {
  urls: Record<string, string>;
  expiresAt: string;
}

export interface CompleteRequest {
  path: string;
  uploadId: string;
  parts: { partNumber: number; etag: string }[];
}

export interface AbortRequest {
  path: string;
  uploadId: string;
}

export interface MoveRequest {
  from: string;
  to: string;
  overwrite?: boolean;
}

export type ShareDuration = 3600 | 86400 | 604800;

export interface SignedLink {
  url: string;
  expiresAt: string;
}

export type FilePreview =
  | { kind: 'text' | 'csv'; text: string; truncated: boolean; size: number; contentType: string }
  | { kind: 'image'; url: string; size: number; contentType: string }
  | { kind: 'other'; size: number; contentType: string };
