import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3ErrorOf, startTestS3, type TestS3 } from '../helpers/s3.js';

const text = async (client: TestS3['admin'], Bucket: string, Key: string) => (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();

describe('the embedded S3 server (gateway + s3rver), bucket per user', () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3();
    for (const Bucket of ['user-alice', 'user-bob']) await s3.admin.send(new CreateBucketCommand({ Bucket }));
    await s3.as('bob').send(new PutObjectCommand({ Bucket: 'user-bob', Key: 'secret.txt', Body: 'bob only' }));
  });
  after(() => s3.close());

  test("a user's key reads and writes their own bucket", async () => {
    const alice = s3.as('alice');
    await alice.send(new PutObjectCommand({ Bucket: 'user-alice', Key: 'notes/hello.txt', Body: 'hello' }));
    assert.equal(await text(alice, 'user-alice', 'notes/hello.txt'), 'hello');
  });

  test('anonymous requests are refused, reads and writes alike', async () => {
    const read = await fetch(`${s3.server.url}/user-bob/secret.txt`);
    assert.equal(read.status, 403);
    assert.match(await read.text(), /<Code>AccessDenied<\/Code>/);
    const write = await fetch(`${s3.server.url}/user-bob/planted.txt`, { method: 'PUT', body: 'x' });
    assert.equal(write.status, 403);
    assert.equal(await s3ErrorOf(s3.admin.send(new GetObjectCommand({ Bucket: 'user-bob', Key: 'planted.txt' }))), 'NoSuchKey');
    assert.equal((await fetch(`${s3.server.url}/`)).status, 403, 'nor can anyone list the buckets');
  });

  test('a wrong secret, an unknown key or a tampered signature is refused', async () => {
    const forged = s3.clientFor({ accessKeyId: 'user-bob', secretAccessKey: 'guessed' });
    assert.equal(await s3ErrorOf(forged.send(new GetObjectCommand({ Bucket: 'user-bob', Key: 'secret.txt' }))), 'SignatureDoesNotMatch');
    const unknown = s3.clientFor({ accessKeyId: 'admin-0000', secretAccessKey: 'x' });
    assert.equal(await s3ErrorOf(unknown.send(new ListBucketsCommand({}))), 'InvalidAccessKeyId');
    const url = await getSignedUrl(s3.admin, new GetObjectCommand({ Bucket: 'user-bob', Key: 'secret.txt' }), { expiresIn: 60 });
    assert.equal((await fetch(url)).status, 200);
    const otherKey = url.replace('/user-bob/secret.txt', '/user-alice/notes/hello.txt');
    assert.equal((await fetch(otherKey)).status, 403, 'a signature is for its own path only');
  });

  test('a presigned link stops working when it expires', async () => {
    const command = new GetObjectCommand({ Bucket: 'user-bob', Key: 'secret.txt' });
    const expired = await getSignedUrl(s3.admin, command, { expiresIn: 3600, signingDate: new Date(Date.now() - 3601_000) });
    const response = await fetch(expired);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /expired/);
  });

  test("a user's key cannot reach another user's bucket, nor list or create buckets", async () => {
    const alice = s3.as('alice');
    assert.equal(await s3ErrorOf(alice.send(new GetObjectCommand({ Bucket: 'user-bob', Key: 'secret.txt' }))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new ListObjectsV2Command({ Bucket: 'user-bob' }))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new PutObjectCommand({ Bucket: 'user-bob', Key: 'planted.txt', Body: 'x' }))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new ListBucketsCommand({}))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new CreateBucketCommand({ Bucket: 'user-mallory' }))), 'AccessDenied');
    const copy = new CopyObjectCommand({ Bucket: 'user-alice', Key: 'stolen.txt', CopySource: 'user-bob/secret.txt' });
    assert.equal(await s3ErrorOf(alice.send(copy)), 'AccessDenied', 'nor copy out of it');
    const erase = new DeleteObjectsCommand({ Bucket: 'user-bob', Delete: { Objects: [{ Key: 'secret.txt' }] } });
    assert.equal(await s3ErrorOf(alice.send(erase)), 'AccessDenied');
    assert.equal(await text(s3.admin, 'user-bob', 'secret.txt'), 'bob only');
  });

  test('keys that would climb out of the bucket folder are refused before anything is written', async () => {
    for (const path of ['/user-alice/../user-bob/secret.txt', '/user-alice/%2e%2e/user-bob/x', '/user-alice/a/%2E%2E%2F%2E%2E%2Fescape', '/user-alice/a//b', '/user-alice/x._S3rver_object']) {
      const status = await rawStatus(s3.server.url, 'PUT', path, 'x');
      assert.equal(status, 400, path);
    }
    assert.equal(await s3ErrorOf(s3.admin.send(new PutObjectCommand({ Bucket: 'user-alice', Key: '../../escape', Body: 'x' }))), 'InvalidArgument', 'even with the BFF key');
    assert.equal(existsSync(join(s3.data, 's3', 'escape')), false);
    assert.equal(existsSync(join(s3.data, 's3', 'buckets', 'escape._S3rver_object')), false);
    const badUpload = await rawStatus(s3.server.url, 'PUT', '/user-alice/x?partNumber=1&uploadId=..%2F..%2Fplanted', 'x');
    assert.equal(badUpload, 404, 'an upload id is not a path either');
  });

  test('listing pages follow S3 order, prefixes included, with nothing skipped or repeated', async () => {
    const alice = s3.as('alice');
    const keys = ['list/data', 'list/data-2024', 'list/data.csv', 'list/a/x', 'list/a/y', 'list/b', 'list/é', 'list/z/1'];
    for (const Key of keys) await alice.send(new PutObjectCommand({ Bucket: 'user-alice', Key, Body: Key }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await alice.send(new ListObjectsV2Command({ Bucket: 'user-alice', Prefix: 'list/', Delimiter: '/', MaxKeys: 1, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = page.NextContinuationToken;
    } while (token);
    assert.deepEqual(seen, ['list/a/', 'list/b', 'list/data', 'list/data-2024', 'list/data.csv', 'list/z/', 'list/é']);
    const flat = await alice.send(new ListObjectsV2Command({ Bucket: 'user-alice', Prefix: 'list/' }));
    assert.deepEqual(flat.Contents!.map((c) => c.Key), [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    assert.equal(flat.Contents!.find((c) => c.Key === 'list/data-2024')!.Size, 'list/data-2024'.length);
  });

  test('a cancelled upload leaves neither a partial object nor a changed one', async () => {
    const alice = s3.as('alice');
    await alice.send(new PutObjectCommand({ Bucket: 'user-alice', Key: 'big.bin', Body: 'version 1' }));
    const url = await getSignedUrl(s3.admin, new PutObjectCommand({ Bucket: 'user-alice', Key: 'big.bin' }), { expiresIn: 60 });
    const { pathname, search } = new URL(url);
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'PUT', path: pathname + search, headers: { 'content-length': String(8 * 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1024 * 1024, 7), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 200));
    });
    await waitFor(async () => (await readdir(join(s3.data, 's3', 'partial')).catch(() => [])).length === 0, 'the partial file is removed');
    assert.equal(await text(alice, 'user-alice', 'big.bin'), 'version 1');
  });

  test('multipart uploads: listed, completed only for their own key, aborted without a trace', async () => {
    const alice = s3.as('alice');
    const { UploadId } = await alice.send(new CreateMultipartUploadCommand({ Bucket: 'user-alice', Key: 'parts.bin' }));
    const part = await alice.send(new UploadPartCommand({ Bucket: 'user-alice', Key: 'parts.bin', UploadId, PartNumber: 1, Body: 'one' }));
    const listed = await alice.send(new ListMultipartUploadsCommand({ Bucket: 'user-alice' }));
    assert.deepEqual(listed.Uploads?.map((upload) => [upload.Key, upload.UploadId]), [['parts.bin', UploadId]]);
    const elsewhere = new CompleteMultipartUploadCommand({ Bucket: 'user-alice', Key: 'other.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } });
    assert.equal(await s3ErrorOf(alice.send(elsewhere)), 'NoSuchUpload');
    await alice.send(new AbortMultipartUploadCommand({ Bucket: 'user-alice', Key: 'parts.bin', UploadId }));
    assert.equal((await alice.send(new ListMultipartUploadsCommand({ Bucket: 'user-alice' }))).Uploads, undefined);
    assert.equal(await s3ErrorOf(alice.send(new GetObjectCommand({ Bucket: 'user-alice', Key: 'parts.bin' }))), 'NoSuchKey');
  });

  test("the gateway's own answers carry CORS headers for allowed pages only", async () => {
    const allowed = await fetch(`${s3.server.url}/user-bob/secret.txt`, { headers: { origin: 'http://localhost:3000' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const other = await fetch(`${s3.server.url}/user-bob/secret.txt`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

describe('the embedded S3 server, a folder per user in a shared bucket', () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3({ mode: 'prefix', bucket: 'atelier' });
    await s3.admin.send(new CreateBucketCommand({ Bucket: 'atelier' }));
    await s3.as('bob').send(new PutObjectCommand({ Bucket: 'atelier', Key: 'bob/secret.txt', Body: 'bob only' }));
  });
  after(() => s3.close());

  test("a user's key stays inside their folder: keys, listings, copies and deletes", async () => {
    const alice = s3.as('alice');
    await alice.send(new PutObjectCommand({ Bucket: 'atelier', Key: 'alice/mine.txt', Body: 'mine' }));
    assert.equal(await s3ErrorOf(alice.send(new GetObjectCommand({ Bucket: 'atelier', Key: 'bob/secret.txt' }))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new PutObjectCommand({ Bucket: 'atelier', Key: 'bob/planted.txt', Body: 'x' }))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new ListObjectsV2Command({ Bucket: 'atelier' }))), 'AccessDenied', 'no listing of the whole bucket');
    assert.equal(await s3ErrorOf(alice.send(new ListObjectsV2Command({ Bucket: 'atelier', Prefix: 'bob/' }))), 'AccessDenied');
    assert.equal(await s3ErrorOf(alice.send(new ListObjectsV2Command({ Bucket: 'atelier', Prefix: 'alice' }))), 'AccessDenied', '"alice" would also match "alice2/"');
    const own = await alice.send(new ListObjectsV2Command({ Bucket: 'atelier', Prefix: 'alice/' }));
    assert.deepEqual(own.Contents?.map((c) => c.Key), ['alice/mine.txt']);
    const copy = new CopyObjectCommand({ Bucket: 'atelier', Key: 'alice/stolen.txt', CopySource: 'atelier/bob/secret.txt' });
    assert.equal(await s3ErrorOf(alice.send(copy)), 'AccessDenied');
    const erase = await alice.send(new DeleteObjectsCommand({ Bucket: 'atelier', Delete: { Objects: [{ Key: 'bob/secret.txt' }, { Key: 'alice/mine.txt' }] } }));
    assert.deepEqual(erase.Errors?.map((e) => [e.Key, e.Code]), [['bob/secret.txt', 'AccessDenied']]);
    assert.deepEqual(erase.Deleted?.map((d) => d.Key), ['alice/mine.txt']);
    assert.equal(await text(s3.admin, 'atelier', 'bob/secret.txt'), 'bob only');
    const uploads = await s3.as('bob').send(new CreateMultipartUploadCommand({ Bucket: 'atelier', Key: 'bob/pending.bin' }));
    assert.equal((await alice.send(new ListMultipartUploadsCommand({ Bucket: 'atelier' }))).Uploads, undefined, "bob's uploads are not listed to alice");
    await s3.as('bob').send(new AbortMultipartUploadCommand({ Bucket: 'atelier', Key: 'bob/pending.bin', UploadId: uploads.UploadId }));
  });
});

/** A request with a path exactly as given (no client normalizes it). */
function rawStatus(base: string, method: string, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(base, { method, path, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the embedded S3 server across restarts', () => {
  test('takes the port of last time again, so that running services keep reaching it', async () => {
    const first = await startTestS3();
    const { port } = first.server;
    await first.close();
    const again = await startTestS3({ data: first.data });
    try {
      assert.equal(again.server.port, port);
    } finally {
      await again.close();
    }
  });
});
