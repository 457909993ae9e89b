import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Service } from '../../components/api/types.js';
import { readShare } from '../../proxy/shares.js';
import { FileStore } from '../../bff/store/file-store.js';
import { call, readEvents } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { join } from 'node:path';

type Stack = Awaited<ReturnType<typeof startInProcessStack>>;

/** GET through the proxy on 127.0.0.1 with the URL's own Host (Node does not resolve *.localhost). */
function viaProxy(url: string, cookie?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, agent: false, headers: { host: target.host, ...(cookie ? { cookie } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('a service’s lifecycle through the API, on the real stack', { timeout: 90_000 }, () => {
  let stack: Stack;
  let alice: string;
  let bob: string;
  const api = (method: string, path: string, token?: string, body?: unknown) => call(stack.bffUrl, method, path, { token, body });

  async function launch(name: string): Promise<Service> {
    const launched = await api('POST', '/api/services', alice, { catalog: 'local', service: 'file-server', name });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    let service = launched.body as Service;
    for (let i = 0; i < 150 && service.status !== 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      service = (await api('GET', `/api/services/${service.id}`, alice)).body;
    }
    assert.equal(service.status, 'running', JSON.stringify(service));
    return service;
  }

  before(async () => {
    stack = await startInProcessStack({ services: { reminderHours: 3 } });
    [alice, bob] = await Promise.all([issuerToken({ url: stack.issuerUrl }, stack.data, 'alice'), issuerToken({ url: stack.issuerUrl }, stack.data, 'bob')]);
  });
  after(async () => {
    await stack.close();
    await stack.endServices();
  });

  test('the service JSON has its icon, resources, reason code, start time; the config its reminder', async () => {
    const service = await launch('Files');
    assert.match(service.icon ?? '', /^data:image\/svg\+xml;base64,/);
    assert.deepEqual(service.resources, { cpu: null, memory: null, gpu: 0 });
    assert.equal(service.suspendable, false, 'the local driver does not suspend');
    assert.equal(service.reasonCode, null);
    assert.ok(Date.parse(service.startedAt!) >= Date.parse(service.createdAt));
    assert.equal(service.lastActivityAt, null);
    assert.deepEqual((await api('GET', '/api/config')).body.services, { reminderHours: 3 });
  });

  test('rename: trimmed, 1 to 60 characters, only by the owner, and in the history', async () => {
    const service = await launch('Before');
    const renamed = await api('PATCH', `/api/services/${service.id}`, alice, { name: '  After  ' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'After');
    for (const name of ['   ', 'x'.repeat(61)]) {
      const refused = await api('PATCH', `/api/services/${service.id}`, alice, { name });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 'invalid_request');
      assert.equal(refused.body.errors[0].path, 'name');
    }
    assert.equal((await api('PATCH', `/api/services/${service.id}`, alice, { title: 'x' })).status, 400);
    assert.equal((await api('PATCH', `/api/services/${service.id}`, bob, { name: 'Mine' })).body.code, 'service_not_found');
    assert.equal((await api('GET', `/api/services/${service.id}`, alice)).body.name, 'After');

    const history = await api('GET', `/api/services/${service.id}/history`, alice);
    assert.equal(history.status, 200);
    const reasons = history.body.map((event: { reason: string }) => event.reason);
    assert.equal(reasons[0], 'Launched');
    assert.ok(reasons.includes('Running') && reasons.at(-1) === 'Renamed', reasons.join(', '));
    assert.ok(history.body.every((event: { at: string; type: string }) => Date.parse(event.at) > 0 && event.type === 'normal'));
    assert.equal((await api('GET', `/api/services/${service.id}/history`, bob)).status, 404);
  });

  test('readme: the entry’s text with the service’s URL, in the request’s language', async () => {
    const service = await launch('Readme');
    const en = await api('GET', `/api/services/${service.id}/readme`, alice);
    assert.equal(en.status, 200);
    assert.ok(en.body.text.includes(service.urls[0]!.url), en.body.text);
    assert.deepEqual(en.body.secrets, []);
    const fr = await call(stack.bffUrl, 'GET', `/api/services/${service.id}/readme`, { token: alice, headers: { 'accept-language': 'fr' } });
    assert.match(fr.body.text, /Vos fichiers/);
    assert.equal((await api('GET', `/api/services/${service.id}/readme`, bob)).status, 404);
  });

  test('logs follow: the last lines first, then each new line as the service prints it', async () => {
    const service = await launch('Logs');
    const opened = await api('POST', `/api/services/${service.id}/open`, alice);
    const first = await viaProxy(opened.body.url);
    const cookie = first.headers['set-cookie']![0]!.split(';')[0]!;
    await viaProxy(service.urls[0]!.url + '?first', cookie);

    const response = await fetch(`${stack.bffUrl}/api/services/${service.id}/logs?lines=50&follow=true`, { headers: { authorization: `Bearer ${alice}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    let asked = false;
    const events = await readEvents(response, (received) => {
      const lines = received.flatMap((event) => event.data.lines as string[]);
      if (received.length > 0 && !asked) {
        asked = true;
        void viaProxy(service.urls[0]!.url + '?second', cookie);
      }
      return lines.some((line) => line.includes('GET /?second'));
    });
    assert.ok(events.every((event) => event.event === 'lines'));
    assert.ok(events[0]!.data.lines.some((line: string) => line.includes('GET /?first')), 'the tail comes first');
    assert.ok(!events[0]!.data.lines.some((line: string) => line.includes('GET /?second')), 'new lines come after');
    assert.equal((await api('GET', `/api/services/${service.id}/logs?follow=true`, bob)).status, 404);
  });

  test('suspend and resume: the local driver cannot (409 not_supported); the quota shows usage', async () => {
    const service = await launch('Stays');
    const suspend = await api('POST', `/api/services/${service.id}/suspend`, alice);
    assert.equal(suspend.status, 409);
    assert.equal(suspend.body.code, 'not_supported');
    assert.equal((await api('POST', `/api/services/${service.id}/resume`, alice)).body.code, 'not_supported');
    assert.equal((await api('POST', `/api/services/${service.id}/suspend`, bob)).status, 404);
    const quota = await api('GET', '/api/quota', alice);
    assert.equal(quota.status, 200);
    assert.deepEqual(quota.body.limits, { services: 5, cpu: null, memory: null, gpu: null });
    const running = (await api('GET', '/api/services', alice)).body.filter((s: Service) => s.status === 'running' || s.status === 'starting').length;
    assert.equal(quota.body.usage.services, running);
    assert.equal((await api('GET', '/api/quota')).status, 401);
  });

  test('deleting a service deletes its share; delete all deletes every service of the caller only', async () => {
    const bobs = await call(stack.bffUrl, 'POST', '/api/services', { token: bob, body: { catalog: 'local', service: 'file-server' } });
    assert.equal(bobs.status, 201);
    const service = (await api('GET', '/api/services', alice)).body[0] as Service;
    assert.equal((await api('POST', `/api/services/${service.id}/shares`, alice, { users: ['bob'] })).status, 200);
    assert.equal((await api('GET', '/api/shared', bob)).body.length, 1);
    assert.equal((await api('DELETE', `/api/services/${service.id}`, alice)).status, 204);
    assert.deepEqual((await api('GET', '/api/shared', bob)).body, []);
    assert.equal(await readShare(new FileStore(join(stack.data, 'store')), service.id), undefined, 'the share record is gone from the store');

    const left = (await api('GET', '/api/services', alice)).body.length;
    assert.ok(left > 0);
    const deleted = await api('DELETE', '/api/services', alice);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, { deleted: left });
    assert.deepEqual((await api('GET', '/api/services', alice)).body, []);
    assert.equal((await api('GET', '/api/quota', alice)).body.usage.services, 0, 'deleting frees the quota');
    assert.equal((await api('GET', '/api/services', bob)).body.length, 1, "bob's service stays");
    assert.equal((await api('DELETE', '/api/services')).status, 401);
  });
});
