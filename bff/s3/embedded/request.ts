import type { IncomingMessage } from 'node:http';
import { objectKeyProblem } from '../object-keys.js';
import { S3Error } from './xml.js';

/**
 * A request to the embedded S3 server, read the way s3rver will read it (path-style,
 * bucket and key percent-decoded), checked for what could reach outside its bucket
 * folder, and named by its S3 operation. Pure.
 */
export interface S3Request {
  method: string;
  rawPath: string;
  rawQuery: string;
  query: [string, string][];
  bucket: string;
  key: string;
  operation: Operation;
}

export type Operation =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'DeleteBucket'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'GetBucketCors'
  | 'PutBucketCors'
  | 'DeleteBucketCors'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListMultipartUploads'
  | 'DeleteObjects'
  | 'GetObject'
  | 'PutObject'
  | 'CopyObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'Preflight'
  | 'Other';

const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export function parseS3Request(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): S3Request {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) throw new S3Error(400, 'InvalidURI', 'Could not parse the specified URI.');
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  const rawQuery = mark < 0 ? '' : target.slice(mark + 1);
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair): [string, string] => {
      const equals = pair.indexOf('=');
      return equals < 0 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
    });
  const rest = rawPath.slice(1);
  const slash = rest.indexOf('/');
  const bucket = decode(slash < 0 ? rest : rest.slice(0, slash));
  const key = slash < 0 ? '' : decode(rest.slice(slash + 1));
  if (bucket && !BUCKET.test(bucket)) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.');
  if (!bucket && key) throw new S3Error(400, 'InvalidURI', 'Could not parse the specified URI.');
  const problem = key ? objectKeyProblem(key) : null;
  if (problem) throw new S3Error(400, 'InvalidArgument', `This server does not accept this object key: it ${problem}.`);

  const has = (name: string) => query.some(([candidate]) => candidate === name);
  const value = (name: string) => query.find(([candidate]) => candidate === name)?.[1];
  const uploadId = value('uploadId');
  if (uploadId !== undefined && !/^[0-9a-f]{32}$/.test(uploadId)) throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
  const partNumber = value('partNumber');
  if (partNumber !== undefined && !(/^\d{1,5}$/.test(partNumber) && Number(partNumber) >= 1 && Number(partNumber) <= 10_000)) {
    throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.');
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const request = { method, rawPath, rawQuery, query, bucket, key };
  return { ...request, operation: operationOf(request, has, 'x-amz-copy-source' in req.headers) };
}

function operationOf(request: { method: string; bucket: string; key: string }, has: (name: string) => boolean, copy: boolean): Operation {
  const { method, bucket, key } = request;
  const read = method === 'GET' || method === 'HEAD';
  if (method === 'OPTIONS') return 'Preflight';
  if (!bucket) return read ? 'ListBuckets' : 'Other';
  if (!key) {
    if (read) {
      if (has('uploads')) return 'ListMultipartUploads';
      if (has('location')) return 'GetBucketLocation';
      if (has('cors')) return 'GetBucketCors';
      if (has('list-type')) return 'ListObjectsV2';
      if (SUBRESOURCES.some(has)) return 'Other';
      return method === 'HEAD' ? 'HeadBucket' : 'ListObjects';
    }
    if (method === 'POST' && has('delete')) return 'DeleteObjects';
    if (method === 'PUT') return has('cors') ? 'PutBucketCors' : SUBRESOURCES.some(has) ? 'Other' : 'CreateBucket';
    if (method === 'DELETE') return has('cors') ? 'DeleteBucketCors' : SUBRESOURCES.some(has) ? 'Other' : 'DeleteBucket';
    return 'Other';
  }
  if (read) return has('uploadId') || SUBRESOURCES.some(has) ? 'Other' : 'GetObject';
  if (method === 'PUT') return has('uploadId') ? 'UploadPart' : SUBRESOURCES.some(has) ? 'Other' : copy ? 'CopyObject' : 'PutObject';
  if (method === 'POST') return has('uploads') ? 'CreateMultipartUpload' : has('uploadId') ? 'CompleteMultipartUpload' : 'Other';
  if (method === 'DELETE') return has('uploadId') ? 'AbortMultipartUpload' : SUBRESOURCES.some(has) ? 'Other' : 'DeleteObject';
  return 'Other';
}

/** Query names that select another resource than the object or bucket itself. */
const SUBRESOURCES = ['acl', 'tagging', 'website', 'policy', 'versioning', 'lifecycle', 'versions', 'torrent', 'legal-hold', 'retention', 'select', 'restore', 'uploads', 'uploadId', 'cors', 'location', 'delete', 'encryption', 'replication', 'notification', 'logging', 'metrics', 'inventory', 'analytics', 'accelerate', 'requestPayment', 'publicAccessBlock', 'ownershipControls', 'object-lock'];

/** `x-amz-copy-source` as bucket and key (`/bucket/key` or `bucket/key`, percent-encoded). */
export function copySourceOf(header: string | string[] | undefined): { bucket: string; key: string } {
  const text = decode(String(Array.isArray(header) ? header[0] : header ?? '').split('?')[0]!);
  const path = text.startsWith('/') ? text.slice(1) : text;
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  const problem = key ? objectKeyProblem(key) : 'is empty';
  if (!BUCKET.test(bucket) || problem) throw new S3Error(400, 'InvalidArgument', 'The copy source is not a valid bucket and key.');
  return { bucket, key };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', 'Could not parse the specified URI.');
  }
}
