import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Verifies AWS Signature Version 4 on a request to the embedded S3 server, in an
 * `Authorization` header or in a presigned URL's query (s3rver itself checks no v4
 * signature at all). Pure apart from the clock.
 */
export interface SignedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  /** The query as sent, decoded, in order. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
}

export type Verification =
  | { ok: true; accessKeyId: string; sessionToken: string | null }
  | { ok: false; status: number; code: string; message: string };

export interface SigningCredentials {
  secretAccessKey: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60_000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** Whether the request carries a signature at all (header or query). */
export function isSigned(request: SignedRequest): boolean {
  return Boolean(request.headers.authorization) || request.query.some(([name]) => name === 'X-Amz-Algorithm');
}

export function verifySigV4(
  request: SignedRequest,
  secretOf: (accessKeyId: string) => SigningCredentials | undefined,
  now: number = Date.now(),
): Verification {
  const parsed = request.headers.authorization ? fromHeader(request, now) : fromQuery(request, now);
  if ('code' in parsed) return { ok: false, ...parsed };
  const { accessKeyId, date, region, service, signedHeaders, signature, payloadHash, amzDate, sessionToken } = parsed;
  const credentials = secretOf(accessKeyId);
  if (!credentials) return denied(403, 'InvalidAccessKeyId', 'The access key id you provided does not exist in our records.');
  if (!signedHeaders.includes('host')) return denied(400, 'AuthorizationHeaderMalformed', 'The host header must be signed.');

  const headerLines: string[] = [];
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return denied(403, 'SignatureDoesNotMatch', `The signed header ${name} is missing.`);
    headerLines.push(`${name}:${(Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ')}`);
  }
  const canonicalQuery = request.query
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const key = signingKey(credentials.secretAccessKey, date, region, service);
  // Clients encode paths slightly differently: the path as sent, then its canonical form.
  for (const path of new Set([request.rawPath, canonicalPath(request.rawPath)])) {
    const canonicalRequest = [request.method, path, canonicalQuery, `${headerLines.join('\n')}\n`, signedHeaders.join(';'), payloadHash].join('\n');
    const stringToSign = [ALGORITHM, amzDate, scope, sha256(canonicalRequest)].join('\n');
    const expected = createHmac('sha256', key).update(stringToSign).digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, accessKeyId, sessionToken };
  }
  return denied(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
}

interface Parsed {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  amzDate: string;
  sessionToken: string | null;
}

type Failure = { status: number; code: string; message: string };

function fromHeader(request: SignedRequest, now: number): Parsed | Failure {
  const header = String(request.headers.authorization);
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return failure(400, 'AuthorizationHeaderMalformed', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted.');
  const amzDate = single(request.headers['x-amz-date']);
  const time = parseAmzDate(amzDate);
  if (time === null) return failure(403, 'AccessDenied', 'AWS authentication requires a valid x-amz-date header.');
  if (Math.abs(now - time) > MAX_SKEW_MS) return failure(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  const credential = parseCredential(match[1]!, amzDate!);
  if ('code' in credential) return credential;
  const payloadHash = single(request.headers['x-amz-content-sha256']);
  if (!payloadHash) return failure(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256.');
  return {
    ...credential,
    signedHeaders: match[2]!.split(';'),
    signature: match[3]!,
    payloadHash,
    amzDate: amzDate!,
    sessionToken: single(request.headers['x-amz-security-token']) ?? null,
  };
}

function fromQuery(request: SignedRequest, now: number): Parsed | Failure {
  const get = (name: string) => request.query.find(([key]) => key === name)?.[1];
  if (get('X-Amz-Algorithm') !== ALGORITHM) return failure(400, 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256".');
  const [credentialText, amzDate, expiresText, signedHeaders, signature] = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map(get);
  if (!credentialText || !amzDate || !expiresText || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
    return failure(400, 'AuthorizationQueryParametersError', 'A presigned URL needs X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.');
  }
  const time = parseAmzDate(amzDate);
  const expires = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : NaN;
  if (time === null || !(expires >= 1 && expires <= MAX_PRESIGN_SECONDS)) {
    return failure(400, 'AuthorizationQueryParametersError', 'X-Amz-Date or X-Amz-Expires is not valid (at most one week).');
  }
  if (now > time + expires * 1000) return failure(403, 'AccessDenied', 'Request has expired.');
  if (time - now > MAX_SKEW_MS) return failure(403, 'AccessDenied', 'Request is not valid yet.');
  const credential = parseCredential(credentialText, amzDate);
  if ('code' in credential) return credential;
  return {
    ...credential,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash: get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    amzDate,
    sessionToken: get('X-Amz-Security-Token') ?? null,
  };
}

function parseCredential(text: string, amzDate: string) {
  const parts = text.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((part) => part === '')) {
    return failure(400, 'AuthorizationHeaderMalformed', 'The credential is malformed: <key>/<date>/<region>/<service>/aws4_request.');
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (date !== amzDate.slice(0, 8)) return failure(400, 'AuthorizationHeaderMalformed', 'The credential date does not match the request date.');
  return { accessKeyId, date, region, service };
}

function parseAmzDate(value: string | undefined): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

/** RFC 3986 encoding, as SigV4 wants it. */
export function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Each segment decoded and encoded again. */
function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return encode(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const step = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  return step(step(step(step(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function failure(status: number, code: string, message: string): Failure {
  return { status, code, message };
}

function denied(status: number, code: string, message: string): Verification {
  return { ok: false, status, code, message };
}
