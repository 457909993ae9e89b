import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readOrCreateSecretJson } from '../../bff/files/secret-files.js';
import { tempDir } from '../helpers/temp.js';

test('a secret created by several processes at once is the same for all, and private', async () => {
  const file = join(await tempDir(), 'keys', 'secret.json');
  const create = async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    return { key: randomBytes(16).toString('hex') };
  };
  const values = await Promise.all(Array.from({ length: 20 }, () => readOrCreateSecretJson(file, create)));
  assert.equal(new Set(values.map((value) => value.key)).size, 1);
  assert.deepEqual(await readOrCreateSecretJson(file, create), values[0], 'read back, not created again');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});
