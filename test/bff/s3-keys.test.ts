import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseS3Request } from '../../bff/s3/embedded/request.js';
import { objectKeyProblem, pathProblem } from '../../bff/s3/object-keys.js';
import { spaceOf } from '../../bff/s3/space.js';

describe('object keys and paths', () => {
  test('keys that could leave their folder, or hide in the server’s bookkeeping, are refused', () => {
    for (const key of ['..', '../x', 'a/../../b', 'a/./b', './a', '/etc/passwd', 'a//b', 'x._S3rver_object', 'a\u0000b', 'a\nb', 'é'.repeat(513)]) {
      assert.notEqual(objectKeyProblem(key), null, JSON.stringify(key));
    }
    for (const key of ['a', 'a/b.csv', 'folder/', 'é/ü ñ.txt', '%2e%2e/literally', '.hidden', '..a', 'a..', 'x'.repeat(1024)]) {
      assert.equal(objectKeyProblem(key), null, JSON.stringify(key));
    }
  });

  test('API paths: files name a file, folders end with / (the root is "")', () => {
    assert.equal(pathProblem('', { folder: true }), null);
    assert.equal(pathProblem('data/', { folder: true }), null);
    assert.match(pathProblem('data', { folder: true })!, /must end with "\/"/);
    assert.match(pathProblem('data/', {})!, /must name a file/);
    assert.match(pathProblem('', {})!, /must name a file/);
  });

  test('the gateway reads a request as s3rver will: percent-decoded, then checked', () => {
    assert.throws(() => parseS3Request({ method: 'GET', url: '/user-a/%2e%2e/user-b/x', headers: {} }), /object key/);
    assert.throws(() => parseS3Request({ method: 'GET', url: '/user-a/a%2F..%2F..%2Fx', headers: {} }), /object key/);
    assert.throws(() => parseS3Request({ method: 'GET', url: '/../x', headers: {} }), /bucket/);
    assert.throws(() => parseS3Request({ method: 'PUT', url: '/user-a/x?partNumber=1&uploadId=../../y', headers: {} }), /upload/);
    assert.throws(() => parseS3Request({ method: 'PUT', url: '/user-a/x?partNumber=10001&uploadId=' + 'a'.repeat(32), headers: {} }), /Part number/);
    const part = parseS3Request({ method: 'PUT', url: `/user-a/dir/x%20y.csv?partNumber=2&uploadId=${'b'.repeat(32)}`, headers: {} });
    assert.deepEqual([part.bucket, part.key, part.operation], ['user-a', 'dir/x y.csv', 'UploadPart']);
    const list = parseS3Request({ method: 'GET', url: '/user-a?list-type=2&prefix=dir%2F', headers: {} });
    assert.deepEqual([list.operation, list.query], ['ListObjectsV2', [['list-type', '2'], ['prefix', 'dir/']]]);
    assert.equal(parseS3Request({ method: 'PUT', url: '/user-a/x', headers: { 'x-amz-copy-source': 'user-a/y' } }).operation, 'CopyObject');
    assert.equal(parseS3Request({ method: 'DELETE', url: `/user-a/x?uploadId=${'c'.repeat(32)}`, headers: {} }).operation, 'AbortMultipartUpload');
  });
});

describe('user spaces', () => {
  test('a bucket per user, or a folder per user of a shared bucket', () => {
    assert.deepEqual(spaceOf('alice', { mode: 'bucket', bucket: 'atelier', bucketPrefix: 'user-' }), { bucket: 'user-alice', prefix: '' });
    assert.deepEqual(spaceOf('alice', { mode: 'prefix', bucket: 'atelier', bucketPrefix: 'user-' }), { bucket: 'atelier', prefix: 'alice/' });
  });

  test('long user names still make valid, distinct bucket names', () => {
    const settings = { mode: 'bucket' as const, bucket: 'atelier', bucketPrefix: 'user-' };
    const a = spaceOf(`${'a'.repeat(62)}1`, settings).bucket;
    const b = spaceOf(`${'a'.repeat(62)}2`, settings).bucket;
    assert.notEqual(a, b);
    for (const name of [a, b]) assert.match(name, /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    assert.throws(() => spaceOf('../bob', settings), /not a user name/);
  });
});
