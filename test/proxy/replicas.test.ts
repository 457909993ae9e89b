import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addToShare, removeFromShare } from '../../proxy/shares.js';
import { issueTicket, TICKET_PARAM } from '../../proxy/tickets.js';
import { send, startStack, type Stack } from './helpers.js';

const SVC = 'svc-8000.localhost';

/**
 * Two proxy instances on one store and one key, as two replicas behind a load balancer
 * without sticky sessions: they share nothing else.
 */
describe('two proxy replicas', { timeout: 20_000 }, () => {
  let stack: Stack;
  let one: number;
  let two: number;
  before(async () => {
    stack = await startStack({ cacheSeconds: 0.5 });
    one = stack.proxyPort;
    two = (await stack.startProxy({ cacheSeconds: 0.5 })).port;
  });
  after(() => stack.close());

  it('accept a ticket once between them: redeemed on one, refused on the other', async () => {
    const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: 30 });
    const first = await send(one, SVC, { path: `/?${TICKET_PARAM}=${ticket}` });
    assert.equal(first.status, 302);
    const second = await send(two, SVC, { path: `/?${TICKET_PARAM}=${ticket}` });
    assert.equal(second.status, 401);
    assert.equal(second.headers['set-cookie'], undefined);
  });

  it('let exactly one of them redeem a ticket presented to both at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: 30 });
      const replies = await Promise.all([one, two, one, two].map((port) => send(port, SVC, { path: `/?${TICKET_PARAM}=${ticket}` })));
      assert.deepEqual(replies.map((reply) => reply.status).sort(), [302, 401, 401, 401], `round ${round}`);
    }
  });

  it('serve a cookie set by one on the other, request after request, with no sticky session', async () => {
    const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'alice', ttlSeconds: 30 });
    const cookie = (await send(two, SVC, { path: `/?${TICKET_PARAM}=${ticket}` })).headers['set-cookie']![0]!.split(';')[0]!;
    for (const port of [one, two, one, two, one]) {
      const reply = await send(port, SVC, { path: '/tree', headers: { cookie } });
      assert.equal(reply.status, 200, `replica on ${port}`);
      assert.equal(JSON.parse(reply.body).headers['x-atelier-user'], 'alice');
    }
  });

  it('both see a revoked share within cacheSeconds', async () => {
    await addToShare(stack.store, 'svc', 'alice', { users: ['bob'] });
    const bob = stack.cookie({ serviceId: 'svc', user: 'bob' });
    await new Promise((resolve) => setTimeout(resolve, 550)); // what either replica had cached is stale now
    assert.equal((await send(one, SVC, { headers: { cookie: bob } })).status, 200);
    assert.equal((await send(two, SVC, { headers: { cookie: bob } })).status, 200);

    await removeFromShare(stack.store, 'svc', 'alice', 'users', 'bob');
    const revokedAt = Date.now();
    const refusedAfter = async (port: number) => {
      while ((await send(port, SVC, { headers: { cookie: bob } })).status !== 403) {
        assert.ok(Date.now() - revokedAt < 3000, 'still let through 3 s after the revocation');
      }
      return Date.now() - revokedAt;
    };
    const [delayOne, delayTwo] = await Promise.all([refusedAfter(one), refusedAfter(two)]);
    assert.ok(delayOne <= 700 && delayTwo <= 700, `refused after ${delayOne} and ${delayTwo} ms (cacheSeconds 0.5)`);
    assert.equal((await send(one, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })).status, 200, 'the owner still gets in');
  });
});
