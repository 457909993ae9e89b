/**
 * What an object key and a path inside a user's space may be. The BFF and the embedded
 * S3 gateway check the same rules: no key may climb out of its folder (`.`/`..`
 * segments), hide inside the embedded server's bookkeeping files (`._S3rver_`), or carry
 * control characters. Pure: no I/O.
 */

/** S3's own limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
const BOOKKEEPING = '._S3rver_';
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `key` is not a safe object key, or null when it is. A trailing `/` (a folder marker) is allowed. */
export function objectKeyProblem(key: string): string | null {
  if (key.length === 0) return 'is empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `is longer than ${MAX_KEY_BYTES} bytes`;
  if (CONTROL.test(key)) return 'contains a control character';
  if (key.includes(BOOKKEEPING)) return `contains "${BOOKKEEPING}"`;
  if (key.startsWith('/')) return 'starts with "/"';
  const segments = key.split('/');
  const last = segments.length - 1;
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i !== last) return 'has an empty folder name ("//")';
    if (segment === '.' || segment === '..') return `has a "${segment}" folder name`;
  }
  return null;
}

/**
 * A path inside the user's space as the API takes it: relative, `/`-separated, no empty,
 * `.` or `..` part. `folder: true` asks for a folder: '' (the root) or ending in `/`.
 */
export function pathProblem(path: string, { folder = false } = {}): string | null {
  if (folder) {
    if (path === '') return null;
    if (!path.endsWith('/')) return 'must end with "/" (a folder)';
  } else if (path === '' || path.endsWith('/')) {
    return 'must name a file (not empty, no trailing "/")';
  }
  return objectKeyProblem(path);
}

/** The last part of a path: `a/b/c.csv` → `c.csv`, `a/b/` → `b`. */
export function baseName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
