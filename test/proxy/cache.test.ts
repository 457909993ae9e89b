import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCachedLookup } from '../../proxy/cache.js';

describe('the cached lookup of store values', () => {
  it('reads once, returns the value itself while fresh, and reads again once stale', async () => {
    let time = 1000;
    const reads: string[] = [];
    const lookup = createCachedLookup({ read: async (key) => (reads.push(key), `${key}@${time}`), cacheSeconds: 2, now: () => time });
    const first = lookup.get('a');
    assert.ok(first instanceof Promise, 'the first read goes to the store');
    assert.equal(lookup.get('a'), first, 'a read under way is shared');
    assert.equal(await first, 'a@1000');
    time += 1999;
    assert.equal(lookup.get('a'), 'a@1000', 'fresh: the value itself, no promise');
    time += 1;
    assert.equal(await lookup.get('a'), 'a@3000', 'stale after cacheSeconds: read again');
    assert.deepEqual(reads, ['a', 'a']);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const lookup = createCachedLookup({ read: async () => (fail ? Promise.reject(new Error('disk')) : 'ok'), cacheSeconds: 60 });
    await assert.rejects(Promise.resolve(lookup.get('a')), /disk/);
    fail = false;
    assert.equal(await lookup.get('a'), 'ok');
  });

  it('with cacheSeconds 0, reads the store every time', async () => {
    let reads = 0;
    const lookup = createCachedLookup({ read: async () => ++reads, cacheSeconds: 0 });
    await lookup.get('a');
    await new Promise((resolve) => setTimeout(resolve, 2));
    await lookup.get('a');
    assert.equal(reads, 2);
  });
});
