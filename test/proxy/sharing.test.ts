import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { update } from '../../bff/store/store.js';
import { addToShare, SHARES, type ShareRecord } from '../../proxy/shares.js';
import { issueTicket, TICKET_PARAM } from '../../proxy/tickets.js';
import { send, startStack, type Stack } from './helpers.js';

const SVC = 'svc-8000.localhost';
const OTHER = 'other-8000.localhost';

describe('proxy authorization of shared services', { timeout: 20_000 }, () => {
  let stack: Stack;
  let port: number;
  before(async () => {
    stack = await startStack({ cacheSeconds: 0 });
    port = stack.proxyPort;
    await addToShare(stack.store, 'svc', 'alice', { users: ['bob'], groups: ['physics'] });
  });
  after(() => stack.close());

  it('lets a named user in as himself, with the service token, never as the owner', async () => {
    const reply = await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'bob' }), 'x-atelier-user': 'alice' } });
    assert.equal(reply.status, 200);
    const seen = JSON.parse(reply.body);
    assert.equal(seen.headers['x-atelier-user'], 'bob');
    assert.equal(seen.headers.authorization, 'token svc-secret');
  });

  it('lets in a member of a shared group, from the groups its ticket carried', async () => {
    const ticket = await issueTicket(stack.store, { serviceId: 'svc', port: 8000, user: 'carol', groups: ['physics'], ttlSeconds: 30 });
    const redeemed = await send(port, SVC, { path: `/?${TICKET_PARAM}=${ticket}` });
    const cookie = redeemed.headers['set-cookie']![0]!.split(';')[0]!;
    assert.equal((await send(port, SVC, { headers: { cookie } })).status, 200);
    assert.equal((await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'carol' }) } })).status, 403, 'carol without the group');
    assert.equal((await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'dave', groups: ['chemistry'] }) } })).status, 403);
  });

  it("refuses a share on another service, and a share recorded by someone who no longer owns it", async () => {
    assert.equal((await send(port, OTHER, { headers: { cookie: stack.cookie({ serviceId: 'other', user: 'bob' }) } })).status, 403);
    await stack.store.put<ShareRecord>(SHARES, 'other', { serviceId: 'other', owner: 'mallory', users: ['bob'], groups: [], updatedAt: '' }, 'absent');
    assert.equal((await send(port, OTHER, { headers: { cookie: stack.cookie({ serviceId: 'other', user: 'bob' }) } })).status, 403);
    await update<ServiceRecord>(stack.store, SERVICES, 'svc', (record) => ({ ...record!, owner: 'erin' }));
    try {
      assert.equal((await send(port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'bob' }) } })).status, 403, "alice's share died with her ownership");
    } finally {
      await update<ServiceRecord>(stack.store, SERVICES, 'svc', (record) => ({ ...record!, owner: 'alice' }));
    }
  });

  it('lets only owners in when sharing is off', async () => {
    const owners = await stack.startProxy({ sharing: false });
    try {
      assert.equal((await send(owners.port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', user: 'bob' }) } })).status, 403);
      assert.equal((await send(owners.port, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc' }) } })).status, 200);
    } finally {
      await owners.close();
    }
  });

  it('refuses to start with path routing and sharing together', async () => {
    await assert.rejects(stack.startProxy({ routing: 'path' }), /one origin/);
    await assert.rejects(stack.startProxy({ routing: 'path', sharing: true }), /proxy\.sharing: false/);
  });
});
