import type { UserSpace } from '../space.js';
import type { Principal } from './credentials.js';
import type { Operation, S3Request } from './request.js';

/**
 * What a user's key may do on the embedded server: read and write inside their own
 * space (their bucket, or their folder of the shared bucket), nothing else. The BFF's
 * own key may do everything. Returns why a request is refused, or null. Pure.
 */
const USER_BUCKET_OPERATIONS = new Set<Operation>(['HeadBucket', 'GetBucketLocation', 'ListObjects', 'ListObjectsV2', 'ListMultipartUploads', 'DeleteObjects']);
const USER_OBJECT_OPERATIONS = new Set<Operation>([
  'GetObject',
  'PutObject',
  'CopyObject',
  'DeleteObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
]);

export function refusal(principal: Principal, request: S3Request, spaceOf: (username: string) => UserSpace, copySource?: { bucket: string; key: string }): string | null {
  if (principal.kind === 'admin') return null;
  const space = spaceOf(principal.username);
  if (!request.bucket) return 'a user key cannot list buckets';
  if (request.bucket !== space.bucket) return 'this bucket is not your space';
  if (!request.key) {
    if (!USER_BUCKET_OPERATIONS.has(request.operation)) return `a user key cannot do ${request.operation} on a bucket`;
    if (request.operation === 'ListObjects' || request.operation === 'ListObjectsV2') {
      const prefix = request.query.find(([name]) => name === 'prefix')?.[1] ?? '';
      if (!prefix.startsWith(space.prefix)) return `list with a prefix that starts with "${space.prefix}"`;
    }
    return null;
  }
  if (!USER_OBJECT_OPERATIONS.has(request.operation)) return `a user key cannot do ${request.operation}`;
  if (!request.key.startsWith(space.prefix)) return `keys of your space start with "${space.prefix}"`;
  if (request.operation === 'CopyObject' && copySource && !isInSpace(copySource, space)) return 'the copy source is not in your space';
  return null;
}

export function isInSpace(target: { bucket: string; key: string }, space: UserSpace): boolean {
  return target.bucket === space.bucket && target.key.startsWith(space.prefix);
}
