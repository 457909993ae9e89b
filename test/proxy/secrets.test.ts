import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProxyCookieKey } from '../../proxy/secrets.js';

describe('loadProxyCookieKey', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atelier-proxy-secrets-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates a 32-byte key in <data>/proxy/secrets.json, readable only by its owner, and reads it back', async () => {
    const key = await loadProxyCookieKey(dir);
    assert.equal(key.length, 32);
    const mode = (await stat(join(dir, 'proxy', 'secrets.json'))).mode & 0o777;
    assert.equal(mode, 0o600);
    assert.deepEqual(await loadProxyCookieKey(dir), key, 'a second replica or a restart gets the same key');
  });
});
