import { executeServerCommand } from '@web/test-runner-commands';
import type { FilesApi } from '../../components/api/files-api.js';
import type { FileListing, FileSpace } from '../../components/api/file-types.js';
import { HttpAtelierApi } from '../../components/api/http-api.js';

/**
 * The files API of the fake client: an empty space that refuses every change (tests of
 * other elements never touch files). The files element's own tests use the real backend
 * (`realFilesBackend`).
 */
export class EmptyFilesApi implements FilesApi {
  readonly calls: string[] = [];
  readonly #refuse = (method: string) => {
    this.calls.push(method);
    return Promise.reject(new Error(`${method} is not faked`));
  };

  async space(): Promise<FileSpace> {
    this.calls.push('space');
    return { bucket: 'user-alice', prefix: '', uri: 's3://user-alice/', endpoint: 'http://s3.test', region: 'us-east-1' };
  }

  async list(path: string): Promise<FileListing> {
    this.calls.push('list');
    return { path, folders: [], files: [], cursor: null };
  }

  startUpload = () => this.#refuse('startUpload');
  signParts = () => this.#refuse('signParts');
  completeUpload = () => this.#refuse('completeUpload');
  abortUpload = () => this.#refuse('abortUpload');
  createFolder = () => this.#refuse('createFolder');
  delete = () => this.#refuse('delete');
  move = () => this.#refuse('move');
  downloadLink = () => this.#refuse('downloadLink');
  shareLink = () => this.#refuse('shareLink');
  preview = () => this.#refuse('preview');
}

export interface FilesBackend {
  bffUrl: string;
  s3Url: string;
  tokens: Record<string, string>;
}

/**
 * The real stack (BFF + embedded S3 server), started once for the browser tests by the
 * web-test-runner plugin of test/helpers/files-backend-plugin.mjs, with fresh tokens.
 */
export function realFilesBackend(users: string[] = ['alice']): Promise<FilesBackend> {
  return executeServerCommand<FilesBackend, { users: string[] }>('atelier-files-backend', { users });
}

/** A real HTTP files client for a user of the backend. */
export function realFilesApi(backend: FilesBackend, user = 'alice'): FilesApi {
  return new HttpAtelierApi(backend.bffUrl, async () => backend.tokens[user] ?? null).files;
}

/** The multipart uploads of a bucket that are neither completed nor aborted, read on the server. */
export function pendingUploads(bucket: string): Promise<string[]> {
  return executeServerCommand<string[], { bucket: string }>('atelier-files-pending-uploads', { bucket });
}
