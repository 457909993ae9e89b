import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileServer, get, launchOf, setup, statusOf, waitFor } from '../fixtures/local/driver.js';

// Services share the machine's loopback: the built-in file server must answer only the
// proxy, which alone presents the service's token, not another service (or user) of the
// machine that finds its port.
describe('the built-in file server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => Promise.all(cleanups.map((cleanup) => cleanup())));

  test('lists the home folder for the proxy\'s token only; anything else gets 403 and no file', async () => {
    const it = await setup();
    cleanups.push(it.cleanup);
    const { driver, updates } = it.driver();
    const launch = launchOf(fileServer);
    const { started } = await it.start(driver, launch);
    await waitFor(statusOf(updates, launch.id, 'running'), 'the file server running');
    await writeFile(join(it.home, 'notes.txt'), 'alice only');
    const [port] = started.ports;
    assert.ok(port);

    const withToken = await get(`${port.upstream}/notes.txt`, port.headers);
    assert.equal(withToken.status, 200);
    assert.equal(withToken.body, 'alice only');

    const token = port.headers.Authorization!;
    const refused: Record<string, string>[] = [{}, { Authorization: 'token wrong' }, { Authorization: token.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a')) }, { Authorization: `Bearer ${token.slice('token '.length)}` }];
    for (const headers of refused) {
      for (const path of ['/', '/notes.txt']) {
        for (const method of ['GET', 'HEAD']) {
          const answer = await get(`${port.upstream}${path}`, headers, method);
          assert.equal(answer.status, 403, `${method} ${path} with ${JSON.stringify(headers)}`);
          assert.doesNotMatch(answer.body, /alice only|notes\.txt/);
        }
      }
    }
  });
});
