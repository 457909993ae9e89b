import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { EmbeddedCredentials } from '../../bff/s3/embedded/credentials.js';
import { createS3Client } from '../../bff/s3/s3-client.js';
import { call } from '../helpers/http.js';
import { issuerToken, signWithIssuerKey } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { join } from 'node:path';

type Stack = Awaited<ReturnType<typeof startInProcessStack>>;
const MiB = 1024 * 1024;

const isError = (answer: { status: number; body: any }, status: number, code: string) => {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.code, code);
  assert.equal(typeof answer.body.message, 'string');
  assert.doesNotMatch(answer.body.message, /\n\s+at /, 'no stack trace');
};

for (const mode of ['bucket', 'prefix'] as const) {
  describe(`the files API on the real stack (${mode === 'bucket' ? 'a bucket per user' : 'a folder per user'})`, () => {
    let stack: Stack;
    let alice: string;
    let bob: string;
    let admin: S3Client;
    const as = (token: string) => (method: string, path: string, body?: unknown) => call(stack.bffUrl, method, path, { token, body });

    before(async () => {
      stack = await startInProcessStack({ s3: { space: mode, partSizeMiB: 5 } });
      alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
      bob = await issuerToken({ url: stack.issuerUrl }, stack.data, 'bob');
      const credentials = await EmbeddedCredentials.load(join(stack.data, 's3'));
      const space = (await as(alice)('GET', '/api/files/space')).body;
      admin = createS3Client({ endpoint: space.endpoint, region: space.region, credentials: credentials.admin });
    });
    after(async () => {
      admin?.destroy();
      await stack.close();
    });

    test('healthz counts S3 among the parts that must be ready', async () => {
      const { status, body } = await call(stack.bffUrl, 'GET', '/api/healthz');
      assert.equal(status, 200);
      assert.deepEqual(body.parts.s3, { ready: true });
    });

    test('the space is made on first use and says where it is, without a secret', async () => {
      const { status, body } = await as(alice)('GET', '/api/files/space');
      assert.equal(status, 200);
      assert.equal(body.uri, mode === 'bucket' ? 's3://user-alice/' : 's3://atelier/alice/');
      assert.match(body.endpoint, /^http:\/\/localhost:\d+$/);
      assert.doesNotMatch(JSON.stringify(body), /secret/i);
      const empty = await as(alice)('GET', '/api/files?path=');
      assert.deepEqual(empty.body, { path: '', folders: [], files: [], cursor: null });
    });

    test('a small file goes straight to S3 with one presigned PUT, then is listed, previewed and downloaded', async () => {
      const plan = await as(alice)('POST', '/api/files/uploads', { path: 'notes/hello.txt', size: 12, contentType: 'text/plain' });
      assert.equal(plan.status, 200);
      assert.equal(plan.body.kind, 'single');
      const put = await fetch(plan.body.url, { method: 'PUT', body: 'hello, world', headers: plan.body.headers });
      assert.equal(put.status, 200);
      assert.ok(put.headers.get('etag'));

      const root = await as(alice)('GET', '/api/files?path=');
      assert.deepEqual(root.body.folders, [{ name: 'notes', path: 'notes/' }]);
      const notes = await as(alice)('GET', '/api/files?path=notes/');
      assert.deepEqual(notes.body.files.map((f: any) => [f.name, f.path, f.size]), [['hello.txt', 'notes/hello.txt', 12]]);

      const preview = await as(alice)('GET', '/api/files/preview?path=notes/hello.txt');
      assert.deepEqual([preview.body.kind, preview.body.text, preview.body.truncated], ['text', 'hello, world', false]);

      const link = await as(alice)('POST', '/api/files/download', { path: 'notes/hello.txt' });
      const download = await fetch(link.body.url);
      assert.equal(await download.text(), 'hello, world');
      assert.match(download.headers.get('content-disposition')!, /^attachment; filename="hello.txt"/);
    });

    test('an existing file is replaced only when the user confirms', async () => {
      isError(await as(alice)('POST', '/api/files/uploads', { path: 'notes/hello.txt', size: 3 }), 409, 'file_exists');
      const plan = await as(alice)('POST', '/api/files/uploads', { path: 'notes/hello.txt', size: 3, overwrite: true });
      assert.equal(plan.status, 200);
      await fetch(plan.body.url, { method: 'PUT', body: 'new', headers: plan.body.headers });
      assert.equal((await as(alice)('GET', '/api/files/preview?path=notes/hello.txt')).body.text, 'new');
    });

    test('a large file goes up as parallel presigned parts; an aborted one leaves no upload behind', async () => {
      const size = 11 * MiB + 17;
      const plan = await as(alice)('POST', '/api/files/uploads', { path: 'big/data.bin', size });
      assert.deepEqual([plan.body.kind, plan.body.partSize, plan.body.partCount], ['multipart', 5 * MiB, 3]);
      const signed = await as(alice)('POST', '/api/files/uploads/parts', { path: 'big/data.bin', uploadId: plan.body.uploadId, partNumbers: [1, 2, 3] });
      const bytes = Buffer.alloc(size, 9);
      const parts = await Promise.all(
        [1, 2, 3].map(async (partNumber) => {
          const body = bytes.subarray((partNumber - 1) * plan.body.partSize, partNumber * plan.body.partSize);
          const response = await fetch(signed.body.urls[partNumber], { method: 'PUT', body });
          assert.equal(response.status, 200);
          return { partNumber, etag: response.headers.get('etag')! };
        }),
      );
      const done = await as(alice)('POST', '/api/files/uploads/complete', { path: 'big/data.bin', uploadId: plan.body.uploadId, parts });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.deepEqual([done.body.path, done.body.size], ['big/data.bin', size]);

      const cancelled = await as(alice)('POST', '/api/files/uploads', { path: 'big/cancelled.bin', size });
      const one = await as(alice)('POST', '/api/files/uploads/parts', { path: 'big/cancelled.bin', uploadId: cancelled.body.uploadId, partNumbers: [1] });
      await fetch(one.body.urls[1], { method: 'PUT', body: bytes.subarray(0, 5 * MiB) });
      assert.equal((await as(alice)('POST', '/api/files/uploads/abort', { path: 'big/cancelled.bin', uploadId: cancelled.body.uploadId })).status, 204);
      const space = (await as(alice)('GET', '/api/files/space')).body;
      const pending = await admin.send(new ListMultipartUploadsCommand({ Bucket: space.bucket }));
      assert.deepEqual(pending.Uploads ?? [], []);
      const listed = await as(alice)('GET', '/api/files?path=big/');
      assert.deepEqual(listed.body.files.map((f: any) => f.name), ['data.bin']);
    });

    test('folders: created, renamed with their content, deleted with it', async () => {
      assert.equal((await as(alice)('POST', '/api/files/folders', { path: 'projects/' })).status, 204);
      await uploadText(as(alice), 'projects/a/report.csv', 'x,y\n1,2\n');
      await uploadText(as(alice), 'projects/readme.md', '# hi');
      assert.equal((await as(alice)('POST', '/api/files/move', { from: 'projects/', to: 'archive/2024/' })).status, 204);
      const moved = await as(alice)('GET', '/api/files?path=archive/2024/');
      assert.deepEqual(moved.body.folders.map((f: any) => f.path), ['archive/2024/a/']);
      assert.deepEqual(moved.body.files.map((f: any) => f.path), ['archive/2024/readme.md']);
      assert.deepEqual((await as(alice)('GET', '/api/files?path=projects/')).body.files, []);
      isError(await as(alice)('POST', '/api/files/move', { from: 'archive/', to: 'archive/2024/inside/' }), 400, 'invalid_path');
      assert.equal((await as(alice)('POST', '/api/files/move', { from: 'archive/2024/readme.md', to: 'README.md' })).status, 204);
      const deleted = await as(alice)('POST', '/api/files/delete', { paths: ['archive/', 'README.md'] });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.deleted, 3);
      const root = await as(alice)('GET', '/api/files?path=');
      assert.deepEqual(root.body.folders.map((f: any) => f.path), ['big/', 'notes/']);
    });

    test('a listing is paginated with a cursor', async () => {
      for (const name of ['a', 'b', 'c']) await uploadText(as(alice), `paged/${name}.txt`, name);
      const first = await as(alice)('GET', '/api/files?path=paged/&limit=2');
      assert.deepEqual(first.body.files.map((f: any) => f.name), ['a.txt', 'b.txt']);
      assert.equal(typeof first.body.cursor, 'string');
      const second = await as(alice)('GET', `/api/files?path=paged/&limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
      assert.deepEqual(second.body.files.map((f: any) => f.name), ['c.txt']);
      assert.equal(second.body.cursor, null);
      isError(await as(alice)('GET', '/api/files?path=paged/&limit=5000'), 400, 'invalid_request');
    });

    test('a CSV previews as text, an image as a link to itself, other types only by size', async () => {
      await uploadText(as(alice), 'table.csv', 'name,age\nada,36\n');
      const csv = await as(alice)('GET', '/api/files/preview?path=table.csv');
      assert.deepEqual([csv.body.kind, csv.body.text], ['csv', 'name,age\nada,36\n']);
      await uploadText(as(alice), 'pixel.png', 'not really a png', 'image/png');
      const image = await as(alice)('GET', '/api/files/preview?path=pixel.png');
      assert.equal(image.body.kind, 'image');
      const fetched = await fetch(image.body.url);
      assert.equal(fetched.headers.get('content-type'), 'image/png');
      await uploadText(as(alice), 'blob.bin', 'bytes', 'application/octet-stream');
      assert.equal((await as(alice)('GET', '/api/files/preview?path=blob.bin')).body.kind, 'other');
    });

    test('a share link works without signing in, for 1 hour, 1 day or 1 week only', async () => {
      await uploadText(as(alice), 'shared.txt', 'for everyone');
      const link = await as(alice)('POST', '/api/files/share', { path: 'shared.txt', expiresIn: 86400 });
      assert.equal(link.status, 200);
      assert.equal(new URL(link.body.url).searchParams.get('X-Amz-Expires'), '86400');
      assert.ok(Math.abs(Date.parse(link.body.expiresAt) - Date.now() - 86400_000) < 60_000);
      assert.equal(await (await fetch(link.body.url)).text(), 'for everyone');
      isError(await as(alice)('POST', '/api/files/share', { path: 'shared.txt', expiresIn: 60 }), 400, 'invalid_request');
      isError(await as(alice)('POST', '/api/files/share', { path: 'nothing.txt', expiresIn: 3600 }), 404, 'file_not_found');
    });

    test("bob sees none of alice's files, whatever path he crafts", async () => {
      assert.deepEqual((await as(bob)('GET', '/api/files?path=')).body.files, []);
      assert.deepEqual((await as(bob)('GET', '/api/files?path=notes/')).body.files, []);
      isError(await as(bob)('GET', '/api/files/preview?path=notes/hello.txt'), 404, 'file_not_found');
      const crafted = ['../alice/notes/hello.txt', '../user-alice/notes/hello.txt', '/notes/hello.txt', 'notes/../../alice/notes/hello.txt', 'a//b', './x', 'x._S3rver_object', 'x\u0000y'];
      for (const path of crafted) {
        isError(await as(bob)('GET', `/api/files/preview?path=${encodeURIComponent(path)}`), 400, 'invalid_path');
        isError(await as(bob)('POST', '/api/files/download', { path }), 400, 'invalid_path');
        isError(await as(bob)('POST', '/api/files/share', { path, expiresIn: 3600 }), 400, 'invalid_path');
        isError(await as(bob)('POST', '/api/files/uploads', { path, size: 1 }), 400, 'invalid_path');
        isError(await as(bob)('POST', '/api/files/delete', { paths: [path] }), 400, 'invalid_path');
        isError(await as(bob)('POST', '/api/files/move', { from: 'mine.txt', to: path }), 400, 'invalid_path');
      }
      for (const folder of ['../', '../alice/', '/', '%2e%2e/']) {
        const answer = await as(bob)('GET', `/api/files?path=${encodeURIComponent(folder)}`);
        if (folder === '%2e%2e/') assert.deepEqual(answer.body.files, [], 'a literal "%2e%2e" folder of his own, empty');
        else isError(answer, 400, 'invalid_path');
      }
      assert.equal((await as(alice)('GET', '/api/files/preview?path=notes/hello.txt')).body.text, 'new', "alice's file is untouched");
    });

    test('without a valid token, every files route answers 401', async () => {
      const forged = await signWithIssuerKey(stack.data, { sub: 'alice', preferred_username: 'alice', aud: 'someone-else', exp: Math.floor(Date.now() / 1000) + 60 });
      for (const token of [undefined, 'not-a-token', forged]) {
        isError(await call(stack.bffUrl, 'GET', '/api/files?path=', { token }), 401, token ? 'invalid_token' : 'unauthenticated');
        isError(await call(stack.bffUrl, 'POST', '/api/files/share', { token, body: { path: 'shared.txt', expiresIn: 3600 } }), 401, token ? 'invalid_token' : 'unauthenticated');
      }
    });
  });
}

async function uploadText(api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>, path: string, text: string, contentType = 'text/plain') {
  const plan = await api('POST', '/api/files/uploads', { path, size: Buffer.byteLength(text), contentType, overwrite: true });
  assert.equal(plan.status, 200, JSON.stringify(plan.body));
  const put = await fetch(plan.body.url, { method: 'PUT', body: text, headers: plan.body.headers });
  assert.equal(put.status, 200);
}

describe('healthz when S3 is down', () => {
  let stack: Stack;
  before(async () => {
    // An external endpoint where nothing listens: the BFF starts, and says S3 is not ready.
    stack = await startInProcessStack({ s3: { endpoint: 'http://127.0.0.1:9', accessKeyId: 'atelier', secretAccessKey: 'not-used' } });
  });
  after(() => stack.close());

  test('answers 503 and names S3, and the files routes say the storage cannot be reached', async () => {
    const { status, body } = await call(stack.bffUrl, 'GET', '/api/healthz');
    assert.equal(status, 503);
    assert.equal(body.parts.s3.ready, false);
    assert.equal(body.parts.bff.ready, true);
    const alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
    isError(await call(stack.bffUrl, 'GET', '/api/files?path=', { token: alice }), 503, 's3_unavailable');
  });
});
