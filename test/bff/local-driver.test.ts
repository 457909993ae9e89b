import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, open, readFile, realpath, rm, stat as fileStat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { previousOf, rotateIfLarger, tailLines } from '../../bff/drivers/local/log-file.js';
import { parseStat } from '../../bff/drivers/local/processes.js';
import { DEFAULT_SANDBOX, SANDBOX_PATH, type SandboxSettings } from '../../bff/drivers/local/sandbox.js';
import { render } from '../../bff/drivers/local/templates.js';
import {
  alive,
  fileServer,
  get,
  hostPidOf,
  jupyter,
  launchOf,
  processesOf,
  pythonRecipe,
  recordOf,
  sandboxHere,
  setup,
  stat,
  statusLine,
  statusOf,
  waitFor,
  withRecipe,
} from '../fixtures/local/driver.js';

// Real child processes, checked through /proc by the test itself (not through the driver's own helpers).
// The driver's cases run twice: in the bubblewrap sandbox (when it works on this machine) and without it.

const modes: { name: string; sandbox: SandboxSettings; skip: string | false }[] = [
  {
    name: 'in its sandbox',
    sandbox: DEFAULT_SANDBOX,
    skip: sandboxHere.active ? false : `no sandbox here (${sandboxHere.reason}): the sandboxed cases are skipped`,
  },
  { name: 'without a sandbox', sandbox: { ...DEFAULT_SANDBOX, mode: 'off' }, skip: false },
];

describe('render', () => {
  const variables = { port: 41234, token: 'T0k', home: '/data/homes/alice', workdir: '/data/homes/alice/work', values: { folder: 'work', deep: { n: 3, on: true, list: [1, 2] }, none: null } };

  test('replaces the port, token, folders and dotted values', () => {
    assert.equal(render('--port={{port}}', variables), '--port=41234');
    assert.equal(render('token {{ token }}', variables), 'token T0k');
    assert.equal(render('{{home}}:{{workdir}}', variables), '/data/homes/alice:/data/homes/alice/work');
    assert.equal(render('{{values.folder}}/{{values.deep.n}}/{{values.deep.on}}', variables), 'work/3/true');
    assert.equal(render('{{values.deep.list}}', variables), '[1,2]');
  });

  test('leaves text without placeholders alone, and renders missing values as empty', () => {
    assert.equal(render('--NotebookApp.password=', variables), '--NotebookApp.password=');
    assert.equal(render('{ {port} }', variables), '{ {port} }');
    assert.equal(render('[{{values.missing}}][{{values.none}}][{{values.folder.length}}]', variables), '[][][]');
  });

  test('refuses a variable that does not exist, naming it', () => {
    assert.throws(() => render('{{password}}', variables), /\{\{password\}\}/);
    assert.throws(() => render('{{workdir}}', { port: 1 }), /workdir/);
  });
});

describe('parseStat', () => {
  test('reads the fields after a command name that holds spaces and parentheses', () => {
    const fields = ['S', '10', '42', '42', ...Array.from({ length: 15 }, () => '0'), '987654', '0'];
    const info = parseStat(`4242 (we (ird) name) ${fields.join(' ')}`);
    assert.deepEqual(info, { pid: 4242, ppid: 10, pgrp: 42, session: 42, state: 'S', startTicks: 987654 });
  });
});

describe('log files', () => {
  const folder = mkdtemp(join(tmpdir(), 'atelier-log-'));
  after(async () => rm(await folder, { recursive: true, force: true }));
  const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${String(from + i).padStart(3, '0')}\n`).join('');

  test('a log over its bound keeps its end in <log>.1, and a writer in append mode goes on at the start of the emptied log', async () => {
    const log = join(await folder, 'append.log');
    const writer = await open(log, 'a');
    try {
      await writer.write(numbered(1, 100)); // 900 bytes
      assert.equal(await rotateIfLarger(log, 1000), false, 'within the bound: left alone');
      assert.equal(await rotateIfLarger(log, 300), true);
      assert.equal(await readFile(previousOf(log), 'utf8'), numbered(68, 100), 'the whole lines of the last 300 bytes');
      await writer.write(numbered(101, 102));
      assert.equal(await readFile(log, 'utf8'), 'line 101\nline 102\n', 'no hole of zeros where the old content was');
    } finally {
      await writer.close();
    }
  });

  test('the last lines are read across the rotation, a line cut in two by it joined again', async () => {
    const log = join(await folder, 'tail.log');
    await writeFile(log, `${numbered(1, 50)}line 051 begins`);
    await rotateIfLarger(log, 100);
    await appendFile(log, ` and ends\n${numbered(52, 53)}`);
    assert.equal(await tailLines(log, 4), 'line 050\nline 051 begins and ends\nline 052\nline 053');
    assert.equal(await tailLines(log, 2), 'line 052\nline 053', 'from the log alone when it has enough');
    assert.match((await tailLines(log, 100)).split('\n')[0]!, /^line \d{3}$/, 'whole lines only');
    assert.equal(await tailLines(join(await folder, 'none.log'), 5), '');
  });
});

/** Starts a child in a session of its own with an empty environment (only its parent pid links it to the service), then serves. */
const SPAWNS_UNTAGGED_CHILD = [
  'import http.server, subprocess, sys',
  "child = subprocess.Popen(['/bin/sleep', '60'], start_new_session=True, env={})",
  "print('child', child.pid, flush=True)",
  "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()",
].join('\n');

for (const mode of modes) describe(`the local driver, ${mode.name}`, { skip: mode.skip }, () => {
  const sandboxed = mode.sandbox.mode !== 'off';
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
  });
  const fresh = async (options?: Parameters<typeof setup>[0]) => {
    const it = await setup({ sandbox: mode.sandbox, ...options });
    cleanups.push(it.cleanup);
    return it;
  };

  test('runs the file server: starting, then running, serving the home folder, in a clean environment', async () => {
    const { driver, start, home } = await fresh();
    const { driver: local, updates } = driver();
    process.env.ATELIER_TEST_SECRET = 'must-not-leak';
    const launch = launchOf(fileServer, { folder: '' }, 'fr');
    const { started, record, pid } = await start(local, launch).finally(() => delete process.env.ATELIER_TEST_SECRET);
    await writeFile(join(home, 'hello.txt'), 'hi');

    const running = await waitFor(statusOf(updates, launch.id, 'running'), 'running');
    assert.deepEqual(running.progress, { phase: 'ready', message: 'Ready', percent: 100 });
    assert.equal(running.reason, null);
    assert.deepEqual(
      updates.filter((update) => update.id === launch.id).map((update) => `${update.status}/${update.progress?.phase}`),
      ['starting/starting', 'starting/health-check', 'running/ready'],
    );

    const [port] = started.ports;
    assert.equal(port?.port, 8000, 'the port keeps the number the recipe declares');
    assert.equal(port?.name, 'Fichiers', 'the port is named in the launch language');
    assert.match(port!.upstream, /^http:\/\/127\.0\.0\.1:\d+$/);
    const listing = await get(`${port!.upstream}/`, port!.headers);
    assert.equal(listing.status, 200);
    assert.match(listing.body, /hello\.txt/);

    // The program itself: the process spawned, or in a sandbox the one under bubblewrap's init.
    const program = (await processesOf(launch.id)).find((found) => /^\S*python3 -c [\s\S]*http\.server/.test(found.cmdline));
    assert.ok(program, 'the file server runs, tagged with its service id');
    assert.equal(program.pid === pid, !sandboxed, 'in a sandbox, the process spawned is bubblewrap');
    const environ = (await readFile(`/proc/${program.pid}/environ`, 'utf8')).split('\0');
    assert.ok(environ.includes(`HOME=${sandboxed ? '/home/alice' : await realpath(home)}`));
    assert.ok(environ.includes('USER=alice'));
    assert.ok(environ.includes(`ATELIER_SERVICE_ID=${launch.id}`));
    assert.ok(environ.some((line) => /^ATELIER_DATA_ID=[0-9a-f]{16}$/.test(line)));
    assert.ok(!environ.some((line) => line.startsWith('ATELIER_TEST_SECRET=')), 'nothing of the BFF environment leaks');
    assert.equal((await stat(pid))?.session, pid, 'the service leads a session of its own');
    if (sandboxed) {
      assert.ok(environ.includes(`PATH=${SANDBOX_PATH}`), 'the PATH of the system the sandbox sees');
      assert.match((await statusLine(program.pid, 'NSpid'))!, /^\d+\s+2$/, 'pid 2 of a pid namespace of its own, under bubblewrap\'s init');
      if (process.getuid!() === 0) {
        assert.match((await statusLine(program.pid, 'Uid'))!, /^65534\s/, 'not root: the sandbox user');
        assert.equal((await fileStat(home)).uid, 65534, 'the home folder was given to the sandbox user');
      }
    }

    assert.match(await local.logs(record, 5), /"GET \/ HTTP\/1\.1" 200/);

    await local.stop(record);
    assert.equal(await alive(pid), false, 'the process is gone once stop resolves');
    assert.equal(await readFile(join(home, 'hello.txt'), 'utf8'), 'hi', 'the home folder stays');
    await local.stop(record); // a second stop is harmless
    assert.equal(updates.filter((update) => update.id === launch.id).length, 3, 'a stop asked for reports nothing');
  });

  test('runs in the folder chosen in the values, created inside the home folder', async () => {
    const { driver, start, home } = await fresh();
    const { driver: local, updates } = driver();
    const launch = launchOf(fileServer, { folder: 'projects/2026' });
    const { started, record } = await start(local, launch);
    // In a sandbox the service makes the folder itself: it exists once the service runs.
    await waitFor(statusOf(updates, launch.id, 'running'), 'running');
    await writeFile(join(home, 'projects', '2026', 'notes.txt'), 'n');
    await writeFile(join(home, 'outside.txt'), 'o');
    const listing = await get(`${started.ports[0]!.upstream}/`, started.ports[0]!.headers);
    assert.match(listing.body, /notes\.txt/);
    assert.doesNotMatch(listing.body, /outside\.txt/);
    await local.stop(record);
  });

  test('refuses a folder that leads out of the home folder, by .. or by a symbolic link', async () => {
    const { driver, data, home } = await fresh();
    const { driver: local } = driver();
    await mkdir(home, { recursive: true });
    const elsewhere = await mkdtemp(join(tmpdir(), 'atelier-elsewhere-'));
    try {
      await symlink(elsewhere, join(home, 'link'));
      await assert.rejects(local.start(launchOf(fileServer, { folder: '../bob' })), /not inside the home folder/);
      await assert.rejects(local.start(launchOf(fileServer, { folder: 'link/sub' })), /not inside the home folder/);
      await assert.rejects(local.start(launchOf(fileServer, { folder: 'link' })), /not inside the home folder/);
      assert.equal(existsSync(join(elsewhere, 'sub')), false, 'nothing is created outside');
      assert.equal(existsSync(join(data, 'homes', 'bob')), false);
      assert.equal(existsSync(join(data, 'logs')), false, 'no process was started');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  test('a command that does not exist fails the start with a readable message', async () => {
    const { driver } = await fresh();
    const { driver: local } = driver();
    await assert.rejects(local.start(launchOf(withRecipe(fileServer, { command: '/nonexistent/atelier-command' }))), /"\/nonexistent\/atelier-command" was not found/);
  });

  test('a process that exits at once is failed, with its exit code and last words', async () => {
    const { driver, start } = await fresh();
    const { driver: local, updates } = driver();
    const launch = launchOf(withRecipe(fileServer, pythonRecipe("import sys; print('boom'); sys.exit(3)")));
    const { pid } = await start(local, launch);
    const failed = await waitFor(statusOf(updates, launch.id, 'failed'), 'failed');
    assert.match(failed.reason!, /code 3/);
    assert.match(failed.reason!, /boom/);
    assert.equal(failed.progress?.phase, 'failed');
    assert.equal(await alive(pid), false);
    assert.equal(updates.some((update) => update.id === launch.id && update.status === 'running'), false);
  });

  test('a service that never answers 200 on its health path is failed after the start timeout, and ended', async () => {
    const { driver, start } = await fresh({ startTimeoutSeconds: 2 });
    const { driver: local, updates } = driver();
    // The file server answers, but 404 on this path: a TCP connect or any answer is not health.
    const launch = launchOf(withRecipe(fileServer, { ports: [{ ...fileServer.local!.ports[0]!, health: '/no-such-file' }] }));
    const began = Date.now();
    const { pid } = await start(local, launch);
    const failed = await waitFor(statusOf(updates, launch.id, 'failed'), 'failed');
    assert.ok(Date.now() - began >= 1900, 'not before the deadline');
    assert.match(failed.reason!, /did not answer within 2 s/);
    assert.equal(failed.progress?.phase, 'failed');
    await waitFor(async () => !(await alive(pid)), 'the process to end', 3000);
    assert.equal(await alive(pid), false);
  });

  test('a stop during the start ends the process and reports nothing more, even before the start resolved', async () => {
    const { driver, start } = await fresh();
    const { driver: local, updates } = driver();
    const slow = withRecipe(fileServer, pythonRecipe('import time; time.sleep(30)'));

    const probing = launchOf(slow);
    const { record, pid } = await start(local, probing);
    await local.stop(record);
    assert.equal(await alive(pid), false);

    const racing = launchOf(slow);
    const starting = local.start(racing);
    await local.stop(recordOf(racing, null, 'starting')); // the record has no runtime yet
    const started = await starting;
    assert.equal(await alive(started.runtime.pid as number), false, 'the process started meanwhile is ended too');

    await sleep(400);
    assert.deepEqual(
      updates.filter((update) => update.status !== 'starting'),
      [],
      'a stopped start is neither running nor failed',
    );
  });

  test('after a restart, adopts a live service, keeps it running, and stops it', async () => {
    const { driver, start } = await fresh();
    const a = driver();
    const launch = launchOf(fileServer);
    const { started, record, pid } = await start(a.driver, launch);
    await waitFor(statusOf(a.updates, launch.id, 'running'), 'running');
    await a.driver.close();
    assert.equal(await alive(pid), true, 'closing the driver leaves the service running');

    const b = driver();
    await b.driver.adopt([{ ...record, status: 'running' }]);
    await sleep(1300); // more than one liveness poll
    assert.deepEqual(b.updates, [], 'nothing to report about a healthy adopted service');
    assert.equal((await get(`${started.ports[0]!.upstream}/`, started.ports[0]!.headers)).status, 200);

    await b.driver.stop(record);
    assert.equal(await alive(pid), false);
  });

  test('an adopted service that was starting is probed again, and its end is noticed', async () => {
    const { driver, start } = await fresh();
    const a = driver();
    const launch = launchOf(fileServer);
    const { record, pid } = await start(a.driver, launch);
    await a.driver.close();

    const b = driver();
    await b.driver.adopt([record]);
    await waitFor(statusOf(b.updates, launch.id, 'running'), 'running after adoption');
    process.kill(pid, 'SIGKILL');
    const stopped = await waitFor(statusOf(b.updates, launch.id, 'stopped'), 'the end of the adopted process', 3000);
    assert.match(stopped.reason!, /ended/);
  });

  test('adoption never takes a reused pid for the service, and never kills it', async () => {
    const { driver, data } = await fresh();
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid!;
      const info = await stat(pid);
      const launch = launchOf(fileServer);
      const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
      const forged = recordOf(launch, {
        ports: [],
        runtime: { pid, startTicks: info!.startTicks + 1, bootId, log: join(data, 'logs', `${launch.id}.log`), startedAt: Date.now(), health: [] },
      });
      const { driver: b, updates } = driver();
      await b.adopt([forged]);
      const stopped = await waitFor(statusOf(updates, launch.id, 'stopped'), 'stopped');
      assert.equal(stopped.reason, 'The process ended while Atelier was not running.');
      await b.stop(forged);
      await sleep(200);
      assert.equal(await alive(pid), true, 'the process that now has this pid is left alone');
      assert.equal(sleeper.exitCode, null);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('a launch interrupted before it had a process is failed at adoption', async () => {
    const { driver } = await fresh();
    const { driver: b, updates } = driver();
    const launch = launchOf(fileServer);
    await b.adopt([recordOf(launch, null, 'starting')]);
    const failed = await waitFor(statusOf(updates, launch.id, 'failed'), 'failed');
    assert.equal(failed.reason, 'Atelier restarted during the launch.');
  });

  test('adoption ends the processes no record owns any more', async () => {
    const { driver, start, messages } = await fresh();
    const a = driver();
    const launch = launchOf(fileServer);
    const { pid } = await start(a.driver, launch);
    await waitFor(statusOf(a.updates, launch.id, 'running'), 'running');
    await a.driver.close();
    assert.equal(await alive(pid), true);

    const b = driver();
    await b.driver.adopt([]);
    assert.equal(await alive(pid), false, 'the orphan is gone once adopt resolves');
    assert.ok(messages.some((message) => message.includes(launch.id) && message.includes(String(pid))), 'what was ended is logged');
    assert.deepEqual(b.updates, []);
  });

  test('adoption also ends an orphan\'s child that carries no tag, in a session of its own', async () => {
    const { driver, start } = await fresh();
    const a = driver();
    const launch = launchOf(withRecipe(fileServer, pythonRecipe(SPAWNS_UNTAGGED_CHILD)));
    const { record, pid } = await start(a.driver, launch);
    await waitFor(statusOf(a.updates, launch.id, 'running'), 'running');
    const child = (await hostPidOf(Number(/child (\d+)/.exec(await a.driver.logs(record, 50))?.[1]), pid))!;
    const childInfo = await stat(child);
    await a.driver.close();
    try {
      assert.ok(childInfo && (await alive(child)));
      const b = driver();
      await b.driver.adopt([]);
      assert.equal(await alive(pid), false);
      assert.equal(await alive(child), false, 'the untagged child is found through the tree');
    } finally {
      if (childInfo && (await stat(child))?.startTicks === childInfo.startTicks) process.kill(child, 'SIGKILL');
    }
  });

  test('a chatty service\'s log stays within its bound, and its last lines are read across the rotation', async () => {
    const maxBytes = 16 * 1024;
    const { driver, start, data } = await fresh({ logMaxBytes: maxBytes });
    const { driver: local, updates } = driver();
    const script = [
      'import http.server, sys',
      // About 1 MB, at once: far beyond the bound.
      "for i in range(1, 20001): print(f'line {i:05d} ' + 'x' * 40)",
      "print('done', flush=True)",
      "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()",
    ].join('\n');
    const launch = launchOf(withRecipe(fileServer, pythonRecipe(script)));
    const { record } = await start(local, launch);
    await waitFor(statusOf(updates, launch.id, 'running'), 'running');
    const log = join(data, 'logs', `${launch.id}.log`);
    const sizes = async () => [(await fileStat(log)).size, (await fileStat(`${log}.1`).catch(() => null))?.size ?? 0];
    await waitFor(async () => (await sizes())[0]! <= maxBytes && (await sizes())[1]! > 0, 'the log to be rotated', 5000);
    const [current, previous] = await sizes();
    assert.ok(previous! <= maxBytes, `the previous part holds at most the bound (${previous} bytes)`);
    assert.ok(current! + previous! < 3 * maxBytes, 'about twice the bound in all, not the megabyte printed');

    const last = (await local.logs(record, 4)).split('\n');
    assert.equal(last.length, 4);
    const done = last.indexOf('done');
    assert.ok(done >= 1, `the last lines, in order, across the rotation: ${last.join(' | ')}`);
    assert.match(last[done - 1]!, /^line 20000 x+$/);
    assert.ok(last.slice(done + 1).every((line) => /"GET \/ HTTP\/1\.1" 200/.test(line)), 'then what it printed after the rotation');
  });

  test('stop ends the whole tree, also a child that left for a session of its own', async () => {
    const { driver, start } = await fresh();
    const { driver: local, updates } = driver();
    const launch = launchOf(withRecipe(fileServer, pythonRecipe(SPAWNS_UNTAGGED_CHILD)));
    const { record, pid } = await start(local, launch);
    await waitFor(statusOf(updates, launch.id, 'running'), 'running');
    const printed = Number(/child (\d+)/.exec(await local.logs(record, 50))?.[1]);
    assert.ok(printed > 0, 'the script printed its child pid');
    // In a sandbox, the pid the script sees is its namespace's: the test finds the host's.
    const child = (await hostPidOf(printed, pid))!;
    assert.ok(child > 0, 'the child runs below the service');
    const childInfo = await stat(child);
    try {
      assert.equal(await alive(child), true);
      assert.notEqual(childInfo?.session, pid, 'the child really runs in another session');

      await local.stop(record);
      assert.equal(await alive(pid), false);
      assert.equal(await alive(child), false, 'the child in its own session is gone too');
    } finally {
      // Untagged, it would escape the cleanup if the driver missed it.
      if (childInfo && (await stat(child))?.startTicks === childInfo.startTicks) process.kill(child, 'SIGKILL');
    }
  });

  test('runs Jupyter Notebook behind its token, and stop leaves no kernel behind', async (t) => {
    if (!existsSync('/usr/bin/jupyter')) {
      t.skip('/usr/bin/jupyter is not installed (apt-get install jupyter-notebook): the Jupyter case is skipped');
      return;
    }
    const { driver, start } = await fresh({ startTimeoutSeconds: 20 });
    const { driver: local, updates } = driver();
    const launch = launchOf(jupyter);
    const { started, record, pid } = await start(local, launch);
    const running = await waitFor(() => updates.find((update) => update.id === launch.id && (update.status === 'running' || update.status === 'failed')), 'Jupyter', 20_000);
    assert.equal(running.status, 'running', `Jupyter started: ${running.reason} — ${await local.logs(record, 20)}`);

    const [port] = started.ports;
    assert.match(port!.headers.Authorization ?? '', /^token [A-Za-z0-9_-]{32}$/, 'the proxy gets the service token to present');
    assert.equal((await get(`${port!.upstream}/api/kernels`, port!.headers)).status, 200);
    assert.equal((await get(`${port!.upstream}/api/kernels`)).status, 403, 'without the token Jupyter refuses');

    const kernel = await get(`${port!.upstream}/api/kernels`, { ...port!.headers, 'content-type': 'application/json' }, 'POST');
    assert.equal(kernel.status, 201, kernel.body);
    const kernels = await waitFor(async () => {
      const found = (await processesOf(launch.id)).filter((process) => process.cmdline.includes('ipykernel'));
      return found.length > 0 ? found : undefined;
    }, 'the kernel process');
    assert.notEqual((await stat(kernels[0]!.pid))?.session, pid, 'Jupyter starts kernels in sessions of their own');

    await local.stop(record);
    assert.deepEqual(await processesOf(launch.id), [], 'no process of the service is left');
    assert.equal(await alive(pid), false);
    assert.equal(await alive(kernels[0]!.pid), false);
    const said = await local.logs(record, 500);
    assert.match(said, /Kernel shutdown/, 'Jupyter got SIGTERM first, and shut its kernel down itself');
    assert.equal(said.match(/received signal 15/g)?.length, 1, 'once: a second SIGTERM cuts its shutdown short');
  });
});
