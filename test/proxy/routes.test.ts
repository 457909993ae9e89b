import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { routeFromHost, serviceUrl } from '../../proxy/routes.js';

describe('routeFromHost', () => {
  it('reads <serviceId>-<port>.<domain>, with the port after the last dash', () => {
    assert.deepEqual(routeFromHost('svc-8000.localhost', 'localhost'), { serviceId: 'svc', port: 8000 });
    assert.deepEqual(routeFromHost('my-jupyter-2-8888.localhost:8081', 'localhost'), { serviceId: 'my-jupyter-2', port: 8888 });
    assert.deepEqual(routeFromHost('SVC-8000.LocalHost:1', 'localhost'), { serviceId: 'svc', port: 8000 });
    assert.deepEqual(routeFromHost('a1-80.lab.example.org', 'lab.example.org'), { serviceId: 'a1', port: 80 });
  });

  it('refuses anything else', () => {
    for (const host of [
      undefined,
      '',
      'localhost',
      'localhost:8081',
      'svc.localhost',
      'svc-.localhost',
      '-svc-8000.localhost',
      'svc--8000.localhost',
      's-8000.localhost', // one-character ids do not match the id pattern
      'svc-08000.localhost',
      'svc-70000.localhost',
      'svc-8000.localhost.evil.example',
      'svc-8000.evil.example',
      'svc-8000.xlocalhost',
      'a.svc-8000.localhost',
      'svc_x-8000.localhost',
      'svc-8000.localhost.',
      'svc-8000.localhost:abc',
      '[::1]:8081',
      '127.0.0.1:8081',
    ]) {
      assert.equal(routeFromHost(host, 'localhost'), null, String(host));
    }
  });
});

test('serviceUrl builds the host that routeFromHost reads back', () => {
  const url = serviceUrl('http://localhost:8081', 'localhost', 'jupyter-ab12', 8888);
  assert.equal(url, 'http://jupyter-ab12-8888.localhost:8081/');
  assert.deepEqual(routeFromHost(new URL(url).host, 'localhost'), { serviceId: 'jupyter-ab12', port: 8888 });
  assert.equal(serviceUrl('https://datalab.example', 'datalab.example', 'files-1', 8000), 'https://files-1-8000.datalab.example/');
});
