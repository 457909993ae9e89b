import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type S3rver from 's3rver';
import { objectKeyProblem } from '../object-keys.js';
import type { UserSpace } from '../space.js';
import { isInSpace, refusal } from './authorize.js';
import type { EmbeddedCredentials, Principal } from './credentials.js';
import { copySourceOf, parseS3Request, type S3Request } from './request.js';
import { isSigned, verifySigV4 } from './sigv4.js';
import { abortUpload, listObjects, listUploads, uploadKey } from './store.js';
import { element, S3_NAMESPACE, S3Error, sendError, sendXml, unescapeXml } from './xml.js';

export interface GatewayOptions {
  s3rver: S3rver;
  credentials: EmbeddedCredentials;
  spaceOf: (username: string) => UserSpace;
  /** Page origins whose scripts may read the gateway's own answers (its errors, say). */
  isAllowedOrigin: (origin: string) => boolean;
  now?: () => number;
  log?: (message: string) => void;
}

/** s3rver's built-in account: it checks no v4 signature, only that the key id exists. */
const S3RVER_KEY = 'S3RVER';
const MAX_XML_BODY = 2 * 1024 * 1024;

/**
 * The front of the embedded S3 server. s3rver alone lets anyone in (it verifies no v4
 * signature and serves anonymous requests) and trusts keys and upload ids as file paths.
 * Every request passes here first: its key is checked, its signature verified, a user's
 * key confined to that user's space; then it goes on to s3rver, or is answered here for
 * what s3rver lacks or gets wrong (listing order, listing and aborting multipart uploads,
 * multi-object delete within a space).
 */
export function createGateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = options.s3rver.callback();
  const store = options.s3rver.store;
  const now = options.now ?? Date.now;

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const request = parseS3Request(req);
    if (request.operation === 'Preflight') {
      // CORS preflights carry no credentials; s3rver answers them from the bucket's CORS rules
      // (and looks up the key id of a presigned URL's query, hence the rewrite).
      forward(req, request);
      handle(req, res);
      return;
    }
    if (!isSigned({ ...request, headers: req.headers })) throw new S3Error(403, 'AccessDenied', 'Anonymous access is not allowed: sign the request.');
    const verified = verifySigV4({ ...request, headers: req.headers }, (id) => options.credentials.resolve(id), now());
    if (!verified.ok) throw new S3Error(verified.status, verified.code, verified.message);
    const principal = options.credentials.resolve(verified.accessKeyId)!.principal;
    const copySource = request.operation === 'CopyObject' ? copySourceOf(req.headers['x-amz-copy-source']) : undefined;
    const refused = refusal(principal, request, options.spaceOf, copySource);
    if (refused) throw new S3Error(403, 'AccessDenied', `Access denied: ${refused}.`);

    switch (request.operation) {
      case 'ListObjectsV2':
        if (await listObjectsV2(request, res)) return;
        break;
      case 'ListMultipartUploads':
        return listMultipartUploads(request, principal, res);
      case 'AbortMultipartUpload':
        await checkUpload(request);
        await abortUpload(store, request.bucket, uploadIdOf(request));
        res.writeHead(204).end();
        return;
      case 'UploadPart':
      case 'CompleteMultipartUpload':
        await checkUpload(request);
        break;
      case 'DeleteObjects':
        return deleteObjects(request, principal, req, res);
      default:
        break;
    }
    forward(req, request);
    handle(req, res);
  };

  const checkUpload = async (request: S3Request) => {
    const key = await uploadKey(store, request.bucket, uploadIdOf(request));
    if (key !== request.key) throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
  };

  const listObjectsV2 = async (request: S3Request, res: ServerResponse): Promise<boolean> => {
    const param = (name: string) => request.query.find(([candidate]) => candidate === name)?.[1];
    const delimiter = param('delimiter') ?? '';
    if (delimiter !== '' && delimiter !== '/') return false; // s3rver's own listing serves other delimiters
    const maxKeys = Math.min(1000, Math.max(0, Number.parseInt(param('max-keys') ?? '1000', 10) || 0));
    const token = param('continuation-token');
    let startAfter = param('start-after') ?? '';
    if (token !== undefined) {
      startAfter = Buffer.from(token, 'base64url').toString('utf8');
      if (!token || Buffer.from(startAfter, 'utf8').toString('base64url') !== token) {
        throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect.');
      }
    }
    const prefix = param('prefix') ?? '';
    const listing = await listObjects(store, request.bucket, { prefix, delimiter, startAfter, maxKeys });
    const url = param('encoding-type') === 'url';
    const text = (value: string) => (url ? encodeURIComponent(value) : value);
    const body = [
      `<ListBucketResult xmlns="${S3_NAMESPACE}">`,
      element('Name', request.bucket),
      element('Prefix', text(prefix)),
      delimiter ? element('Delimiter', text(delimiter)) : '',
      element('MaxKeys', maxKeys),
      url ? element('EncodingType', 'url') : '',
      element('KeyCount', listing.objects.length + listing.prefixes.length),
      element('IsTruncated', listing.truncated),
      token !== undefined ? element('ContinuationToken', token) : element('StartAfter', startAfter ? text(startAfter) : undefined),
      listing.truncated && listing.last ? element('NextContinuationToken', Buffer.from(listing.last, 'utf8').toString('base64url')) : '',
      ...listing.objects.map(
        (object) =>
          `<Contents>${element('Key', text(object.key))}${element('LastModified', object.lastModified.toISOString())}${element('ETag', object.etag)}${element('Size', object.size)}<StorageClass>STANDARD</StorageClass></Contents>`,
      ),
      ...listing.prefixes.map((prefixName) => `<CommonPrefixes>${element('Prefix', text(prefixName))}</CommonPrefixes>`),
      '</ListBucketResult>',
    ].join('');
    sendXml(res, 200, body);
    return true;
  };

  const listMultipartUploads = async (request: S3Request, principal: Principal, res: ServerResponse) => {
    const prefix = request.query.find(([name]) => name === 'prefix')?.[1] ?? '';
    const space = principal.kind === 'user' ? options.spaceOf(principal.username) : null;
    const uploads = (await listUploads(store, request.bucket, prefix)).filter((upload) => !space || isInSpace({ bucket: request.bucket, key: upload.key }, space));
    const body = [
      `<ListMultipartUploadsResult xmlns="${S3_NAMESPACE}">`,
      element('Bucket', request.bucket),
      '<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>',
      element('Prefix', prefix),
      '<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>',
      ...uploads.map(
        (upload) =>
          `<Upload>${element('Key', upload.key)}${element('UploadId', upload.uploadId)}${element('Initiated', upload.initiated.toISOString())}<StorageClass>STANDARD</StorageClass></Upload>`,
      ),
      '</ListMultipartUploadsResult>',
    ].join('');
    sendXml(res, 200, body);
  };

  const deleteObjects = async (request: S3Request, principal: Principal, req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, MAX_XML_BODY);
    const declared = req.headers['x-amz-content-sha256'];
    if (typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared) && createHash('sha256').update(body).digest('hex') !== declared) {
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
    }
    const xml = body.toString('utf8');
    const keys = [...xml.matchAll(/<Object>\s*<Key>([\s\S]*?)<\/Key>/g)].map((match) => unescapeXml(match[1]!));
    if (!/<Delete[\s>]/.test(xml) || keys.length === 0 || keys.length > 1000) {
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
    }
    const quiet = /<Quiet>\s*true\s*<\/Quiet>/.test(xml);
    const space = principal.kind === 'user' ? options.spaceOf(principal.username) : null;
    const results = await Promise.all(
      keys.map(async (key) => {
        const problem = objectKeyProblem(key);
        if (problem) return `<Error>${element('Key', key)}<Code>InvalidArgument</Code>${element('Message', `This key ${problem}.`)}</Error>`;
        if (space && !isInSpace({ bucket: request.bucket, key }, space)) return `<Error>${element('Key', key)}<Code>AccessDenied</Code><Message>Access Denied</Message></Error>`;
        if (await store.existsObject(request.bucket, key)) await store.deleteObject(request.bucket, key);
        return quiet ? '' : `<Deleted>${element('Key', key)}</Deleted>`;
      }),
    );
    sendXml(res, 200, `<DeleteResult xmlns="${S3_NAMESPACE}">${results.join('')}</DeleteResult>`);
  };

  return (req, res) => {
    const origin = req.headers.origin;
    if (origin && options.isAllowedOrigin(origin)) {
      // s3rver sets these from the bucket's CORS rules; the gateway's own answers need them too.
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'ETag');
      res.setHeader('Vary', 'Origin');
    }
    serve(req, res).catch((error: unknown) => {
      const s3Error = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      if (!(error instanceof S3Error)) (options.log ?? console.error)(`Embedded S3: ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${(error as Error)?.stack ?? String(error)}`);
      sendError(res, s3Error, (req.url ?? '/').split('?')[0]!);
      req.resume();
    });
  };
}

function uploadIdOf(request: S3Request): string {
  return request.query.find(([name]) => name === 'uploadId')![1];
}

/** Hands the request to s3rver as its own account's: it looks the key id up, and verifies nothing. */
function forward(req: IncomingMessage, request: S3Request): void {
  if (req.headers.authorization) {
    req.headers.authorization = req.headers.authorization.replace(/Credential=[^/,\s]+\//, `Credential=${S3RVER_KEY}/`);
  } else {
    const rewritten = request.rawQuery.replace(/(^|&)X-Amz-Credential=[^&/%]*(?:\/|%2F)/i, `$1X-Amz-Credential=${S3RVER_KEY}%2F`);
    req.url = `${request.rawPath}?${rewritten}`;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new S3Error(400, 'MaxMessageLengthExceeded', 'Your request was too big.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

