import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, isEmbedded, loadConfig } from '../../bff/config/config.js';
import { tempDir } from '../helpers/temp.js';

describe('configuration', () => {
  test('no file at all gives embedded-mode defaults', () => {
    const config = loadConfig({}, '/srv/atelier');
    assert.equal(config.port, 8080);
    assert.equal(config.proxy.port, 8081);
    assert.equal(config.data, '/srv/atelier/.atelier');
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.proxy.publicUrl, 'http://localhost:8081');
    assert.deepEqual(config.catalogs.sources, [{ id: 'local', path: 'builtin:local' }]);
    assert.equal(config.catalogs.public, true);
    assert.ok(isEmbedded(config));
  });

  test('ATELIER_* variables override the file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'atelier.yaml'), 'name: Statistics Lab\nport: 9000\n');
    const config = loadConfig(
      { ATELIER_CONFIG: 'atelier.yaml', ATELIER_PORT: '9100', ATELIER_PROXY_PORT: '9101', ATELIER_DATA: '/var/lib/atelier', ATELIER_ORIGINS: 'https://intranet.example, https://lms.example' },
      dir,
    );
    assert.equal(config.name, 'Statistics Lab');
    assert.equal(config.port, 9100);
    assert.equal(config.proxy.port, 9101);
    assert.equal(config.data, '/var/lib/atelier');
    assert.deepEqual(config.origins, ['https://intranet.example', 'https://lms.example']);
    assert.equal(config.publicUrl, 'http://localhost:9100');
  });

  const rejects = async (yaml: string, env: Record<string, string>, pattern: RegExp) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'atelier.yaml'), yaml);
    assert.throws(
      () => loadConfig({ ATELIER_CONFIG: 'atelier.yaml', ...env }, dir),
      (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
    );
  };

  test('an unknown key is named, with its section', () => rejects('proxy:\n  cokieMaxAgeSeconds: 60\n', {}, /"proxy\.cokieMaxAgeSeconds" is not a known setting/));
  test('a value of the wrong type is named', () => rejects('services:\n  startTimeoutSeconds: soon\n', {}, /"services\.startTimeoutSeconds" must be integer/));
  test('a bad variable is named as the variable', () => rejects('', { ATELIER_PORT: 'eighty' }, /"port" \(or ATELIER_PORT\) must be integer/));
  test('a bad origin is refused', () => rejects('origins: ["intranet.example"]\n', {}, /"origins\.0" must match pattern/));
  test('a file that is not YAML is refused with its path', () => rejects('port: [8080\n', {}, /atelier\.yaml is not valid YAML or JSON/));
  test('a missing file is refused with its path', () =>
    assert.throws(() => loadConfig({ ATELIER_CONFIG: '/nonexistent/atelier.yaml' }), /Cannot read the configuration file \/nonexistent\/atelier\.yaml/));
});
