import { ApiRequestError } from '../api/errors.js';

/**
 * Sends bytes straight to S3 with a presigned PUT: XMLHttpRequest, because fetch reports
 * no upload progress. Resolves with the ETag (the bucket's CORS rules expose it).
 */
export function putBytes(
  url: string,
  body: Blob,
  { headers = {}, signal, onProgress }: { headers?: Record<string, string>; signal?: AbortSignal; onProgress?: (loaded: number) => void } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag') ?? '');
      else reject(new Error(/<Message>([^<]*)<\/Message>/.exec(xhr.responseText)?.[1] ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiRequestError(0, { code: 'storage_unreachable', message: 'The storage could not be reached.' }));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
