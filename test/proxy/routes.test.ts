import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { routeFromHost, routeFromPath, routeOf, serviceUrl } from '../../proxy/routes.js';

const at = (serviceId: string, port: number, rest = '/') => ({ serviceId, port, prefix: null, rest });

describe('routeFromHost', () => {
  it('reads <serviceId>-<port>.<domain>, with the port after the last dash', () => {
    assert.deepEqual(routeFromHost('svc-8000.localhost', 'localhost'), at('svc', 8000));
    assert.deepEqual(routeFromHost('my-jupyter-2-8888.localhost:8081', 'localhost', '/tree?x=1'), at('my-jupyter-2', 8888, '/tree?x=1'));
    assert.deepEqual(routeFromHost('SVC-8000.LocalHost:1', 'localhost'), at('svc', 8000));
    assert.deepEqual(routeFromHost('a1-80.lab.example.org', 'lab.example.org'), at('a1', 80));
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
      `${'a'.repeat(65)}-8000.localhost`,
    ]) {
      assert.equal(routeFromHost(host, 'localhost'), null, String(host));
    }
  });
});

describe('routeFromPath', () => {
  it('reads /s/<serviceId>/<port>, keeping what follows as the rest', () => {
    const route = (rest: string) => ({ serviceId: 'my-svc', port: 8888, prefix: '/s/my-svc/8888', rest });
    assert.deepEqual(routeFromPath('localhost:8081', '/s/my-svc/8888/tree?x=1', 'localhost'), route('/tree?x=1'));
    assert.deepEqual(routeFromPath('LOCALHOST', '/s/my-svc/8888/', 'localhost'), route('/'));
    assert.deepEqual(routeFromPath('localhost', '/s/my-svc/8888', 'localhost'), route('/'));
    assert.deepEqual(routeFromPath('localhost', '/s/my-svc/8888?x=1', 'localhost'), route('/?x=1'));
    assert.deepEqual(routeFromPath('lab.example.org', '/s/my-svc/8888/%2e%2e/x', 'lab.example.org'), route('/%2e%2e/x'));
  });

  it('refuses other hosts, encoded or odd segments, and anything outside /s/', () => {
    for (const [host, url] of [
      ['svc-8000.localhost', '/s/svc/8000/'],
      ['evil.example', '/s/svc/8000/'],
      [undefined, '/s/svc/8000/'],
      ['localhost', '/'],
      ['localhost', '/s/svc/'],
      ['localhost', '/s/svc/8000x/'],
      ['localhost', '/s/svc/08000/'],
      ['localhost', '/s/svc/70000/'],
      ['localhost', '/s/SVC/8000/'],
      ['localhost', '/s/svc%2f8000/'],
      ['localhost', '/s/svc/8000%2f..%2fother/'],
      ['localhost', '/s/svc%252f8000/'],
      ['localhost', '/s/%2e%2e/8000/'],
      ['localhost', '//s/svc/8000/'],
      ['localhost', '/S/svc/8000/'],
      ['localhost', 'http://localhost/s/svc/8000/'],
      ['localhost', `/s/${'a'.repeat(65)}/8000/`],
    ] as const) {
      assert.equal(routeFromPath(host, url, 'localhost'), null, `${host} ${url}`);
    }
  });
});

test('routeOf reads the way the configuration says', () => {
  assert.deepEqual(routeOf('host', 'svc-8000.localhost', '/s/other/9000/', 'localhost'), at('svc', 8000, '/s/other/9000/'));
  assert.equal(routeOf('path', 'svc-8000.localhost', '/', 'localhost'), null);
  assert.equal(routeOf('path', 'localhost', '/s/other/9000/', 'localhost')?.serviceId, 'other');
});

test('serviceUrl builds, for both ways of routing, the URL the proxy reads back', () => {
  const url = serviceUrl('http://localhost:8081', 'localhost', 'jupyter-ab12', 8888);
  assert.equal(url, 'http://jupyter-ab12-8888.localhost:8081/');
  assert.deepEqual(routeFromHost(new URL(url).host, 'localhost'), at('jupyter-ab12', 8888));
  assert.equal(serviceUrl('https://datalab.example', 'datalab.example', 'files-1', 8000), 'https://files-1-8000.datalab.example/');

  const path = serviceUrl('http://localhost:8081', 'localhost', 'jupyter-ab12', 8888, 'path');
  assert.equal(path, 'http://localhost:8081/s/jupyter-ab12/8888/');
  const parsed = new URL(path);
  assert.equal(routeFromPath(parsed.host, parsed.pathname, 'localhost')?.serviceId, 'jupyter-ab12');
  assert.equal(serviceUrl('https://datalab.example', 'datalab.example', 'files-1', 8000, 'path'), 'https://datalab.example/s/files-1/8000/');
});
