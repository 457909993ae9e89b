import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { ACTIVITY, readActivity } from '../../proxy/activity.js';
import { PROXY_COOKIE, verifyGrant } from '../../proxy/cookie.js';
import { send, startStack, type Stack } from './helpers.js';

const SVC = 'svc-8000.localhost';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('activity and cookie renewal', { timeout: 20_000 }, () => {
  let stack: Stack;
  let one: number;
  let two: number;
  before(async () => {
    stack = await startStack({ activitySeconds: 0.3, cookieMaxAgeSeconds: 600 });
    one = stack.proxyPort;
    two = (await stack.startProxy({ activitySeconds: 0.3, cookieMaxAgeSeconds: 600 })).port;
  });
  after(() => stack.close());

  it('adds up the requests let through by every replica, in few throttled writes', async () => {
    const cookie = stack.cookie({ serviceId: 'svc' });
    const started = Date.now();
    for (let i = 0; i < 20; i++) assert.equal((await send(i % 2 ? two : one, SVC, { headers: { cookie } })).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await send(one, SVC)).status, 401);
    await pause(700);
    const activity = await stack.store.get<{ requests: number; lastActivityAt: number }>(ACTIVITY, 'svc');
    assert.equal(activity!.value.requests, 20, 'refused requests are not activity');
    assert.ok(activity!.value.lastActivityAt >= started && activity!.value.lastActivityAt <= Date.now());
    assert.ok(activity!.version <= 6, `${activity!.version} writes for 20 requests`);
  });

  it('counts WebSocket messages either way, and nothing for an idle service', async () => {
    const before = (await readActivity(stack.store, 'svc'))!;
    const ws = new WebSocket(`ws://127.0.0.1:${one}/`, { headers: { host: `${SVC}:${one}`, cookie: stack.cookie({ serviceId: 'svc' }) } });
    await new Promise<void>((resolve, reject) => {
      let echoes = 0;
      ws.on('message', (data) => {
        if (data.toString() === 'hello') for (let i = 0; i < 3; i++) ws.send(`m${i}`);
        else if (++echoes === 3) resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    await pause(700);
    const after = (await readActivity(stack.store, 'svc'))!;
    assert.ok(after.frames - before.frames >= 2, `${after.frames - before.frames} chunks counted`);
    assert.equal(after.requests, before.requests, 'the upgrade is not counted as a request');
    assert.equal(await readActivity(stack.store, 'other'), undefined);
  });

  it('renews a cookie past half its life, on any replica, and leaves a fresh one alone', async () => {
    const fresh = await send(one, SVC, { headers: { cookie: stack.cookie({ serviceId: 'svc', expiresAt: Date.now() + 590_000 }) } });
    assert.deepEqual(fresh.headers['set-cookie'], ['service_cookie=1; Path=/'], "only the service's own cookie");

    const old = stack.cookie({ serviceId: 'svc', groups: ['physics'], expiresAt: Date.now() + 200_000 });
    const renewed = await send(two, SVC, { headers: { cookie: old } });
    assert.equal(renewed.status, 200);
    const setCookie = renewed.headers['set-cookie']!.find((cookie) => cookie.startsWith(`${PROXY_COOKIE}=`))!;
    assert.ok(setCookie.split('; ').includes('Max-Age=600') && setCookie.includes('HttpOnly'), setCookie);
    const grant = verifyGrant(setCookie.split(';')[0]!.slice(PROXY_COOKIE.length + 1), stack.key)!;
    assert.equal(grant.user, 'alice');
    assert.deepEqual(grant.groups, ['physics']);
    assert.ok(grant.expiresAt > Date.now() + 590_000);
    assert.equal((await send(one, SVC, { headers: { cookie: setCookie.split(';')[0]! } })).status, 200, 'the other replica takes it');
  });
});
