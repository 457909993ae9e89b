import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { limitsFor } from '../../bff/services/quotas.js';
import { parseQuantity, resourcesOf } from '../../bff/services/resources.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';

describe('quotas', { timeout: 90_000 }, () => {
  test('resources come from Onyxia’s resources keys of the launch values, as Kubernetes quantities', () => {
    assert.deepEqual(resourcesOf({ resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' } } }), {
      cpu: 500,
      memory: 2 * 2 ** 30,
      gpu: 1,
    });
    assert.deepEqual(resourcesOf({ resources: { limits: { cpu: '1.5', memory: '1G' } } }), { cpu: 1500, memory: 1e9, gpu: 0 });
    assert.deepEqual(resourcesOf({ folder: '' }), { cpu: null, memory: null, gpu: 0 });
    assert.equal(parseQuantity('lots'), null);
    assert.equal(parseQuantity('128Mi'), 128 * 2 ** 20);
  });

  test('a user gets the most generous of the default and their groups’ limits; null is unlimited', () => {
    const config = { default: { services: 2, cpu: '2', memory: '4Gi', gpu: 0 }, roles: { staff: { services: 10, gpu: null }, students: { services: 1, cpu: 4 } } };
    assert.deepEqual(limitsFor(config, { groups: [] }), { services: 2, cpu: 2000, memory: 4 * 2 ** 30, gpu: 0 });
    assert.deepEqual(limitsFor(config, { groups: ['staff', 'students'] }), { services: 10, cpu: 4000, memory: 4 * 2 ** 30, gpu: null });
  });

  describe('on the real stack, under concurrency', () => {
    let stack: Awaited<ReturnType<typeof startInProcessStack>>;
    let alice: string;
    let staff: string;
    const launch = (token: string) => call(stack.bffUrl, 'POST', '/api/services', { token, body: { catalog: 'local', service: 'file-server' } });

    before(async () => {
      stack = await startInProcessStack({ quotas: { default: { services: 3 }, roles: { staff: { services: 4 } } } });
      [alice, staff] = await Promise.all([issuerToken({ url: stack.issuerUrl }, stack.data, 'alice'), issuerToken({ url: stack.issuerUrl }, stack.data, 'carol', ['staff'])]);
    });
    after(async () => {
      await stack.close();
      await stack.endServices();
    });

    test('20 parallel launches against a quota of 3: exactly 3 × 201 and 17 × 403 quota_exceeded', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => launch(alice)));
      const statuses = answers.map((answer) => answer.status);
      assert.equal(statuses.filter((status) => status === 201).length, 3, statuses.join(' '));
      const refused = answers.filter((answer) => answer.status === 403);
      assert.equal(refused.length, 17);
      for (const answer of refused) assert.deepEqual(answer.body, { code: 'quota_exceeded', message: 'You may run 3 services at once; you have 3.' });
      assert.equal((await call(stack.bffUrl, 'GET', '/api/services', { token: alice })).body.length, 3, 'a refused launch leaves no record');
      const quota = await call(stack.bffUrl, 'GET', '/api/quota', { token: alice });
      assert.deepEqual(quota.body, { limits: { services: 3, cpu: null, memory: null, gpu: null }, usage: { services: 3, cpu: 0, memory: 0, gpu: 0 } });
    });

    test('deleting one frees its place; a group’s larger quota applies to its members', async () => {
      const mine = (await call(stack.bffUrl, 'GET', '/api/services', { token: alice })).body;
      assert.equal((await call(stack.bffUrl, 'DELETE', `/api/services/${mine[0].id}`, { token: alice })).status, 204);
      assert.equal((await launch(alice)).status, 201);
      assert.equal((await launch(alice)).status, 403);

      const answers = await Promise.all(Array.from({ length: 6 }, () => launch(staff)));
      assert.equal(answers.filter((answer) => answer.status === 201).length, 4);
      assert.equal((await call(stack.bffUrl, 'GET', '/api/quota', { token: staff })).body.limits.services, 4);
    });
  });
});
