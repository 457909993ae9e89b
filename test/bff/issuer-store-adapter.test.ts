import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deleteExpiredOidcEntries, storeAdapter } from '../../bff/issuer/store-adapter.js';
import { FileStore } from '../../bff/store/file-store.js';
import { tempDir } from '../helpers/temp.js';

describe("the issuer's persistence on the store", () => {
  test('what one adapter saved, another (after a restart) finds, by id and by uid', async () => {
    const root = await tempDir();
    const Sessions = storeAdapter(new FileStore(root));
    await new Sessions('Session').upsert('session/1-x', { uid: 'u-1', accountId: 'alice' }, 3600);
    const AfterRestart = storeAdapter(new FileStore(root));
    assert.equal((await new AfterRestart('Session').find('session/1-x'))?.accountId, 'alice');
    assert.equal((await new AfterRestart('Session').findByUid('u-1'))?.accountId, 'alice');
    assert.equal(await new AfterRestart('Interaction').findByUid('u-1'), undefined, 'a uid belongs to its model');
  });

  test('an expired entry is not found, and the sweep deletes it', async () => {
    const store = new FileStore(await tempDir());
    const Adapter = storeAdapter(store);
    await new Adapter('AuthorizationCode').upsert('code-1', { accountId: 'alice' }, 0.001);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await new Adapter('AuthorizationCode').find('code-1'), undefined);
    await deleteExpiredOidcEntries(store);
    assert.deepEqual(await store.list('oidc-authorization-code'), []);
  });

  test('consume marks an entry; destroy and revokeByGrantId remove entries', async () => {
    const Adapter = storeAdapter(new FileStore(await tempDir()));
    const codes = new Adapter('AuthorizationCode');
    const refresh = new Adapter('RefreshToken');
    await codes.upsert('code-1', { grantId: 'g1', accountId: 'alice' }, 60);
    await refresh.upsert('rt-1', { grantId: 'g1', accountId: 'alice' }, 60);
    await refresh.upsert('rt-2', { grantId: 'g2', accountId: 'bob' }, 60);
    await codes.consume('code-1');
    assert.equal(typeof (await codes.find('code-1'))?.consumed, 'number');
    await refresh.revokeByGrantId('g1');
    assert.equal(await codes.find('code-1'), undefined);
    assert.equal(await refresh.find('rt-1'), undefined);
    assert.equal((await refresh.find('rt-2'))?.accountId, 'bob', "another grant's tokens stay");
    await refresh.destroy('rt-2');
    assert.equal(await refresh.find('rt-2'), undefined);
  });
});
