import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';

type Stack = Awaited<ReturnType<typeof startInProcessStack>>;

describe('saved configurations, on the real stack', () => {
  let stack: Stack;
  let alice: string;
  let bob: string;
  const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(stack.bffUrl, method, path, options);
  const save = (token: string, name: string, values: Record<string, unknown> = { folder: name.toLowerCase() }) =>
    api('POST', '/api/configurations', { token, body: { name, catalog: 'local', service: 'file-server', values } });

  before(async () => {
    stack = await startInProcessStack();
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
    bob = await issuerToken({ url: stack.issuerUrl }, stack.data, 'bob');
  });
  after(async () => {
    await stack?.close();
  });

  test('save, list, rename, change, reorder and delete', async () => {
    const first = await save(alice, 'Thesis', { folder: 'thesis' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.id, /^[0-9a-f]{16}$/);
    assert.deepEqual(
      { ...first.body, id: undefined, createdAt: undefined, updatedAt: undefined },
      { id: undefined, name: 'Thesis', catalog: 'local', service: 'file-server', version: null, friendlyName: '', values: { folder: 'thesis' }, createdAt: undefined, updatedAt: undefined },
    );
    const second = (await save(alice, 'Course')).body;
    const third = (await save(alice, 'Data')).body;
    assert.deepEqual((await api('GET', '/api/configurations', { token: alice })).body.map((c: any) => c.name), ['Thesis', 'Course', 'Data']);

    const renamed = await api('POST', `/api/configurations/${second.id}`, { token: alice, body: { name: '  Course 2  ', values: { folder: 'course-2' } } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Course 2');
    assert.deepEqual(renamed.body.values, { folder: 'course-2' });

    const reordered = await api('POST', '/api/configurations/order', { token: alice, body: { ids: [third.id, first.body.id] } });
    assert.equal(reordered.status, 200, JSON.stringify(reordered.body));
    assert.deepEqual(reordered.body.map((c: any) => c.name), ['Data', 'Thesis', 'Course 2']);

    const deleted = await api('DELETE', `/api/configurations/${first.body.id}`, { token: alice });
    assert.equal(deleted.status, 204);
    assert.deepEqual((await api('GET', '/api/configurations', { token: alice })).body.map((c: any) => c.name), ['Data', 'Course 2']);
    assert.deepEqual((await api('GET', '/api/configurations', { token: bob })).body, [], 'each user has their own');
  });

  test('another user’s configuration cannot be read, renamed, reordered or deleted', async () => {
    const mine = (await save(alice, 'Private')).body;
    const rename = await api('POST', `/api/configurations/${mine.id}`, { token: bob, body: { name: 'Stolen' } });
    assert.equal(rename.status, 404);
    assert.equal(rename.body.code, 'configuration_not_found');
    assert.equal((await api('DELETE', `/api/configurations/${mine.id}`, { token: bob })).status, 404);
    assert.equal((await api('POST', '/api/configurations/order', { token: bob, body: { ids: [mine.id] } })).status, 404);
    const still = (await api('GET', '/api/configurations', { token: alice })).body;
    assert.ok(still.some((c: any) => c.id === mine.id && c.name === 'Private'));
    assert.equal((await api('GET', '/api/configurations')).status, 401, 'signed out');
  });

  test('bad requests are 400s that say what is wrong; an unknown service is a 404', async () => {
    const blank = await api('POST', '/api/configurations', { token: alice, body: { name: '   ', catalog: 'local', service: 'file-server', values: {} } });
    assert.equal(blank.status, 400);
    assert.deepEqual(blank.body.errors.map((e: any) => e.path), ['name']);
    const extra = await api('POST', '/api/configurations', { token: alice, body: { name: 'x', catalog: 'local', service: 'file-server', values: {}, owner: 'bob' } });
    assert.equal(extra.status, 400);
    const traversal = await api('POST', '/api/configurations', { token: alice, body: { name: 'x', catalog: '../etc', service: 'file-server', values: {} } });
    assert.equal(traversal.status, 400);
    const unknown = await api('POST', '/api/configurations', { token: alice, body: { name: 'x', catalog: 'local', service: 'rstudio', values: {} } });
    assert.equal(unknown.status, 404);
    const huge = await api('POST', '/api/configurations', { token: alice, body: { name: 'x', catalog: 'local', service: 'file-server', values: { folder: 'x'.repeat(70_000) } } });
    assert.equal(huge.status, 400);
    assert.equal(huge.body.code, 'configuration_too_large');
    const empty = await api('POST', '/api/configurations/abc', { token: alice, body: {} });
    assert.equal(empty.status, 400, 'a change must change something');
  });

  test('concurrent saves and renames never lose one', async () => {
    const before = (await api('GET', '/api/configurations', { token: bob })).body.length;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => save(bob, `Parallel ${i}`)));
    assert.deepEqual(answers.map((a) => a.status), Array(20).fill(201));
    const listed = (await api('GET', '/api/configurations', { token: bob })).body;
    assert.equal(listed.length, before + 20);
    const renames = await Promise.all(
      listed.slice(0, 10).map((c: any) => api('POST', `/api/configurations/${c.id}`, { token: bob, body: { name: `${c.name} renamed` } })),
    );
    assert.deepEqual(renames.map((a) => a.status), Array(10).fill(200));
    const after = (await api('GET', '/api/configurations', { token: bob })).body;
    assert.equal(after.filter((c: any) => c.name.endsWith(' renamed')).length, 10);
    assert.equal(after.length, before + 20);
  });

  test('configurations survive a restart', async () => {
    const names = (await api('GET', '/api/configurations', { token: alice })).body.map((c: any) => c.name);
    await stack.close();
    const { startStack } = await import('../../bff/stack.js');
    const restarted = await startStack(stack.config, () => undefined);
    try {
      const token = await issuerToken({ url: restarted.issuerUrl }, stack.data, 'alice');
      const listed = await call(restarted.bffUrl, 'GET', '/api/configurations', { token });
      assert.deepEqual(listed.body.map((c: any) => c.name), names);
    } finally {
      await restarted.close();
    }
    stack = await startInProcessStack(); // for after()
  });
});
