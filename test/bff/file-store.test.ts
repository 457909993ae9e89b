import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { FileStore } from '../../bff/store/file-store.js';
import { ConflictError, remove, unchanged, update } from '../../bff/store/store.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);

describe('the embedded file store', () => {
  test('keeps what was put, and lists a collection', async () => {
    const store = new FileStore(await tempDir());
    await store.put('services', 'a', { name: 'A' }, 'absent');
    await store.put('services', 'b', { name: 'B' }, 'absent');
    assert.deepEqual(await store.get('services', 'a'), { key: 'a', version: 1, value: { name: 'A' } });
    const names = (await store.list<{ name: string }>('services')).map((entry) => entry.value.name).sort();
    assert.deepEqual(names, ['A', 'B']);
    assert.equal(await store.get('services', 'missing'), undefined);
  });

  test('refuses a write based on a stale version', async () => {
    const store = new FileStore(await tempDir());
    const first = await store.put('things', 'k', 1, 'absent');
    await store.put('things', 'k', 2, first.version);
    await assert.rejects(store.put('things', 'k', 3, first.version), ConflictError);
    await assert.rejects(store.put('things', 'k', 3, 'absent'), ConflictError);
    assert.equal((await store.get('things', 'k'))?.value, 2);
  });

  test('a deleted key reads as absent and can be created again', async () => {
    const store = new FileStore(await tempDir());
    const written = await store.put('things', 'k', 'v1', 'absent');
    await store.delete('things', 'k', written.version);
    assert.equal(await store.get('things', 'k'), undefined);
    assert.deepEqual(await store.list('things'), []);
    const again = await store.put('things', 'k', 'v2', 'absent');
    assert.equal(again.version, 3, 'versions go on growing after a deletion');
  });

  test('update applies a function with compare-and-set, and can leave or remove the value', async () => {
    const store = new FileStore(await tempDir());
    await update<number>(store, 'n', 'k', (current) => (current ?? 0) + 5);
    assert.equal((await update<number>(store, 'n', 'k', () => unchanged))?.value, 5);
    assert.equal(await update<number>(store, 'n', 'k', () => remove), undefined);
    assert.equal(await store.get('n', 'k'), undefined);
  });

  test('loses no update when 50 writers in this process race', async () => {
    const store = new FileStore(await tempDir());
    await Promise.all(Array.from({ length: 50 }, () => update<number>(store, 'n', 'k', (current) => (current ?? 0) + 1)));
    assert.equal((await store.get<number>('n', 'k'))?.value, 50);
  });

  test('loses no update when 4 processes increment the same counter 50 times each', async () => {
    const root = await tempDir();
    const script = join(import.meta.dirname, '..', 'fixtures', 'store-incrementer.ts');
    await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', script, root, '50'])));
    assert.equal((await new FileStore(root).get<{ count: number }>('counters', 'shared'))?.value.count, 200);
  });

  test('removes superseded versions once they are old, and ignores a temporary file left by a crash', async () => {
    const root = await tempDir();
    const store = new FileStore(root);
    const folder = join(root, 'n', 'k');
    for (let i = 0; i < 5; i++) await update<number>(store, 'n', 'k', (current) => (current ?? 0) + 1);
    const versions = async () => (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
    assert.equal((await versions()).length, 5, 'recent versions are kept for a while');
    const longAgo = new Date(Date.now() - 3_600_000);
    await Promise.all((await versions()).map((name) => utimes(join(folder, name), longAgo, longAgo)));
    await update<number>(store, 'n', 'k', (current) => (current ?? 0) + 1);
    assert.deepEqual(await versions(), ['000000000005.json', '000000000006.json']);
    await writeFile(join(folder, '.tmp-deadbeef'), '{"half": ');
    assert.equal((await store.get<number>('n', 'k'))?.value, 6);
  });

  test('sweep removes keys deleted longer ago than the grace period only', async () => {
    const root = await tempDir();
    const store = new FileStore(root);
    const old = await store.put('t', 'old', 1, 'absent');
    await store.delete('t', 'old', old.version);
    await store.put('t', 'live', 1, 'absent');
    assert.equal(await store.sweep('t', 60_000), 0, 'a fresh deletion is kept');
    assert.equal(await store.sweep('t', 0), 1);
    assert.deepEqual((await readdir(join(root, 't'))).sort(), ['live']);
  });

  test('refuses names that could leave its folder', async () => {
    const store = new FileStore(await tempDir());
    await assert.rejects(store.get('services', '../etc'), /invalid store name/);
    await assert.rejects(store.put('..', 'x', 1, 'absent'), /invalid store name/);
  });
});
