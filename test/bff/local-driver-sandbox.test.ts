import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  DEFAULT_SANDBOX,
  describeSandbox,
  detectSandbox,
  resolveCommand,
  sandboxArgs,
  SandboxError,
  signalOfStatus,
  systemMounts,
  type Sandbox,
} from '../../bff/drivers/local/sandbox.js';
import { readStackFile } from '../../bff/stack-file.js';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { FileStore } from '../../bff/store/file-store.js';
import { writeTestCatalog } from '../fixtures/local/catalog.js';
import {
  alive,
  fileServer,
  get,
  launchOf,
  processesOf,
  sandboxHere,
  setup,
  statusOf,
  waitFor,
  withRecipe,
} from '../fixtures/local/driver.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

// The bubblewrap sandbox of local services (bff/drivers/local/sandbox.ts): its arguments,
// then real sandboxed services that try to reach what they must not.

const run = promisify(execFile);
const skip = sandboxHere.active ? false : `no sandbox here (${sandboxHere.reason}): the sandboxed cases are skipped`;
const SANDBOX_USER = 65534;
const asRoot = process.getuid!() === 0;

const privileged: Sandbox = {
  bwrap: '/usr/bin/bwrap',
  privileged: true,
  setpriv: '/usr/bin/setpriv',
  uid: 65534,
  gid: 65534,
  mounts: ['--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin'],
  visible: ['/usr'],
};

describe('the sandbox, piece by piece', () => {
  test('bubblewrap gets pid, ipc and uts namespaces, the private folders, the home folder, and never --die-with-parent', () => {
    const args = sandboxArgs(privileged, {
      hostHome: '/srv/atelier/homes/alice',
      home: '/home/alice',
      workdir: '/home/alice/work',
      command: '/usr/bin/python3',
      args: ['-m', 'http.server'],
    });
    const separator = args.indexOf('--');
    const options = args.slice(0, separator);
    for (const flag of ['--unshare-pid', '--unshare-ipc', '--unshare-uts']) assert.ok(options.includes(flag), flag);
    assert.ok(!args.includes('--die-with-parent'), 'services outlive the BFF');
    assert.ok(!options.includes('--new-session'), 'the program stays in the session and group of the process Atelier spawned');
    const pairs = options.map((option, i) => `${option} ${options[i + 1]}`);
    for (const pair of ['--proc /proc', '--dev /dev', '--tmpfs /tmp', '--tmpfs /var/tmp', '--tmpfs /dev/shm', '--chdir /']) assert.ok(pairs.includes(pair), pair);
    assert.deepEqual(options.slice(options.indexOf('--bind'), options.indexOf('--bind') + 3), ['--bind', '/srv/atelier/homes/alice', '/home/alice']);
    assert.equal(options.filter((option) => option.startsWith('/srv/atelier')).length, 1, 'nothing else of the data folder');
    // Then, as the service's user: setpriv drops root, sh makes and enters the working folder and becomes the program.
    assert.deepEqual(args.slice(separator + 1, separator + 7), ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--']);
    assert.equal(args.at(-8), '/bin/sh');
    assert.deepEqual(args.slice(-5), ['sh', '/home/alice/work', '/usr/bin/python3', '-m', 'http.server']);
  });

  test('as another user than root, bubblewrap runs in a user namespace that allows no further one, and runs the program itself', () => {
    const args = sandboxArgs({ ...privileged, privileged: false, setpriv: null, uid: 1000, gid: 1000 }, { hostHome: '/h', home: '/home/bob', workdir: '/home/bob', command: '/usr/bin/true', args: [] });
    assert.ok(args.includes('--unshare-user') && args.includes('--disable-userns'));
    assert.ok(!args.includes('--cap-add'));
    assert.ok(!args.some((arg) => arg.includes('setpriv')));
  });

  test('the system is bound read-only, links kept as links, and a data folder inside it is hidden', async () => {
    const root = await tempDir('atelier-system-');
    await mkdir(join(root, 'usr', 'bin'), { recursive: true });
    await mkdir(join(root, 'usr', 'local', 'atelier', 'issuer'), { recursive: true });
    await symlink('usr/bin', join(root, 'bin'));
    const data = join(root, 'usr', 'local', 'atelier');
    const { mounts, visible } = await systemMounts(data, [], [join(root, 'usr'), join(root, 'bin'), join(root, 'missing')]);
    assert.deepEqual(mounts, ['--ro-bind', join(root, 'usr'), join(root, 'usr'), '--tmpfs', data, '--symlink', 'usr/bin', join(root, 'bin')]);
    assert.deepEqual(visible, [join(root, 'usr')]);
  });

  test('a data folder that holds a folder services must read is refused, naming both', async () => {
    const root = await tempDir('atelier-system-');
    await mkdir(join(root, 'shared'));
    await assert.rejects(systemMounts(root, [join(root, 'shared')], []), (error: Error) => {
      assert.ok(error instanceof SandboxError);
      assert.match(error.message, new RegExp(`${root} holds ${join(root, 'shared')}`));
      return true;
    });
    await assert.rejects(systemMounts(root, ['relative/path'], []), /not an absolute path/);
  });

  test('turned off, or impossible, the sandbox says why; required, it stops the start', async () => {
    const data = await tempDir('atelier-sandbox-');
    const off = await detectSandbox({ ...DEFAULT_SANDBOX, mode: 'off' }, data);
    assert.deepEqual(off, { active: false, reason: 'it is turned off in the configuration (services.local.sandbox: off)' });
    assert.match(describeSandbox(off), /^Services are NOT sandboxed: it is turned off .* Local mode is then single-user/);
    if (asRoot) {
      await assert.rejects(detectSandbox({ ...DEFAULT_SANDBOX, mode: 'required', uid: 0 }, data), /must not be 0 \(root\)/);
    }
  });

  test('bubblewrap\'s exit status 128 + n is the program ended by signal n', () => {
    assert.equal(signalOfStatus(137), 'SIGKILL');
    assert.equal(signalOfStatus(143), 'SIGTERM');
    assert.equal(signalOfStatus(3), null);
    assert.equal(signalOfStatus(null), null);
  });

  test('a command is looked up in the system the sandbox sees, and must lie in it', async () => {
    const system = { ...privileged, visible: ['/usr'] };
    assert.match(await resolveCommand(system, 'python3'), /^\/usr(\/local)?\/bin\/python3$/);
    await assert.rejects(resolveCommand(system, 'atelier-no-such-command'), /"atelier-no-such-command" was not found on this server \(looked in/);
    await assert.rejects(resolveCommand(system, '/nonexistent/tool'), /"\/nonexistent\/tool" was not found/);
    const elsewhere = await tempDir('atelier-bin-');
    await writeFile(join(elsewhere, 'tool'), '#!/bin/sh\n');
    await chmod(join(elsewhere, 'tool'), 0o755);
    await assert.rejects(resolveCommand(system, join(elsewhere, 'tool')), /lies outside the folders a sandboxed service can see \(\/usr\)/);
  });
});

/** Launches probe.py through the driver: what it could read and write, from its log. */
async function probeThrough(it: Awaited<ReturnType<typeof setup>>, paths: { read?: string[]; write?: string[] }) {
  const { driver: local, updates } = it.driver();
  const probeScript = await readFile(join(import.meta.dirname, '..', 'fixtures', 'local', 'probe.py'), 'utf8');
  const launch = launchOf(withRecipe(fileServer, { command: 'python3', args: ['-c', probeScript, '{{port}}', JSON.stringify({ read: [], write: [], ...paths })], workdir: '', env: {} }));
  const { record, pid } = await it.start(local, launch);
  const ready = await waitFor(() => updates.find((update) => update.id === launch.id && (update.status === 'running' || update.status === 'failed')), 'the probe');
  assert.equal(ready.status, 'running', `${ready.reason} — ${await local.logs(record, 20)}`);
  return { report: reportOf(await local.logs(record, 200)), local, record, pid };
}

function reportOf(log: string): ProbeReport {
  const line = log.split('\n').find((candidate) => candidate.startsWith('PROBE '));
  assert.ok(line, `the probe reported: ${log}`);
  return JSON.parse(line.slice('PROBE '.length)) as ProbeReport;
}

type Outcome = { read?: string; listed?: string[]; written?: boolean; error?: string };
interface ProbeReport {
  uid: number;
  gid: number;
  cwd: string;
  capEff: string;
  noNewPrivs: string;
  nsPids: string;
  environment: string[];
  processes: number[];
  root: string[];
  tmp: string[];
  read: Record<string, Outcome>;
  write: Record<string, Outcome>;
}

describe('a sandboxed service', { skip }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => Promise.all(cleanups.map((cleanup) => cleanup())));
  const fresh = async (options: Parameters<typeof setup>[0] = {}) => {
    const it = await setup({ sandbox: DEFAULT_SANDBOX, ...options });
    cleanups.push(it.cleanup);
    return it;
  };

  test('cannot see the data folder when it lies inside a folder it may read', async () => {
    // The data folder's parent is one of the folders services may read: the data folder stays hidden.
    const parent = await tempDir('atelier-parent-');
    await chmod(parent, 0o755);
    await writeFile(join(parent, 'visible.txt'), 'shared');
    const it = await fresh({ sandbox: { ...DEFAULT_SANDBOX, readOnlyPaths: [parent] }, dataIn: parent });
    await mkdir(join(it.data, 'issuer'), { recursive: true });
    await writeFile(join(it.data, 'issuer', 'secrets.json'), '{"key":"secret"}');
    const { report } = await probeThrough(it, { read: [join(parent, 'visible.txt'), parent, it.data, join(it.data, 'issuer', 'secrets.json')] });
    assert.deepEqual(report.read[join(parent, 'visible.txt')], { read: 'shared' }, 'the folder is there to read');
    assert.deepEqual(report.read[it.data], { listed: [] }, 'the data folder is an empty folder inside the sandbox');
    assert.deepEqual(report.read[join(it.data, 'issuer', 'secrets.json')], { error: 'ENOENT' });
  });

  test('a program that ignores SIGTERM is ended with its whole namespace after the grace period', async () => {
    const it = await fresh({ stopTimeoutSeconds: 1 });
    const { driver: local, updates } = it.driver();
    const script = [
      'import http.server, signal, subprocess, sys',
      'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
      "subprocess.Popen(['/bin/sh', '-c', 'trap \"\" TERM; sleep 600'], start_new_session=True)",
      "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()",
    ].join('\n');
    const launch = launchOf(withRecipe(fileServer, { command: 'python3', args: ['-c', script, '{{port}}'], workdir: '', env: {} }));
    const { record } = await it.start(local, launch);
    await waitFor(statusOf(updates, launch.id, 'running'), 'running');
    await waitFor(async () => (await processesOf(launch.id)).some((found) => found.cmdline.startsWith('sleep')), 'the stubborn child');
    const began = Date.now();
    await local.stop(record);
    assert.ok(Date.now() - began >= 900, 'SIGKILL only once the grace period is over');
    assert.deepEqual(await processesOf(launch.id), [], 'nothing of the namespace is left');
  });

  test('when bubblewrap\'s monitor is killed, the driver ends the rest of the namespace and says so', async () => {
    const it = await fresh();
    const { driver: local, updates } = it.driver();
    const launch = launchOf(fileServer);
    const { pid } = await it.start(local, launch);
    await waitFor(statusOf(updates, launch.id, 'running'), 'running');
    const program = (await processesOf(launch.id)).find((found) => found.pid !== pid && found.cmdline.includes('http.server'))!;
    assert.ok(program, 'the program runs under bubblewrap');
    process.kill(pid, 'SIGKILL');
    const failed = await waitFor(statusOf(updates, launch.id, 'failed'), 'the end of the monitor');
    assert.match(failed.reason!, /was ended by signal SIGKILL/);
    await waitFor(async () => !(await alive(program.pid)), 'the program to be ended');
    assert.deepEqual(await processesOf(launch.id), []);
  });
});

describe('the sandbox when Atelier runs as another user than root', { skip: skip || (asRoot ? false : 'the test must run as root to become another user') }, () => {
  test('bubblewrap runs in a user namespace, and still hides the keys that user could read', async (t) => {
    // Atelier's own user owns its keys: only the sandbox's mounts keep a service from them.
    const data = await tempDir('atelier-as-user-');
    await mkdir(join(data, 'issuer'));
    await writeFile(join(data, 'issuer', 'secrets.json'), '{"key":"secret"}', { mode: 0o600 });
    await mkdir(join(data, 'homes', 'bob'), { recursive: true });
    await writeFile(join(data, 'homes', 'bob', 'secret.txt'), 'bob only');
    await run('chown', ['-R', `${SANDBOX_USER}:${SANDBOX_USER}`, data]);
    const forbidden = [join(data, 'issuer', 'secrets.json'), join(data, 'homes', 'bob', 'secret.txt'), data];
    const script = join(import.meta.dirname, '..', 'fixtures', 'local', 'run-probe.ts');
    const checkout = join(import.meta.dirname, '..', '..');
    const reachable = await run(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1])', join(checkout, 'node_modules', 'tsx', 'package.json')], { uid: SANDBOX_USER, gid: SANDBOX_USER }).then(() => true, () => false);
    if (!reachable) {
      t.skip(`user ${SANDBOX_USER} cannot read this checkout (${checkout}): a parent folder is private`);
      return;
    }
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, data, JSON.stringify(forbidden)], {
      cwd: checkout,
      uid: SANDBOX_USER,
      gid: SANDBOX_USER,
      env: { PATH: process.env.PATH, TMPDIR: '/tmp' },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { sandbox: { privileged: boolean; uid: number } | string; status: string; reason: string | null; report: ProbeReport; left: number };
    if (typeof result.sandbox === 'string') {
      t.skip(`no sandbox for another user than root here: ${result.sandbox}`);
      return;
    }
    assert.deepEqual(result.sandbox, { privileged: false, uid: SANDBOX_USER });
    assert.equal(result.status, 'running', result.reason ?? '');
    for (const path of forbidden) assert.ok(result.report.read[path]!.error, `${path} must be out of reach, got ${JSON.stringify(result.report.read[path])}`);
    assert.equal(result.report.uid, SANDBOX_USER);
    assert.equal(result.report.capEff, '0000000000000000');
    assert.equal(result.report.nsPids, '2');
    assert.equal(result.left, 0, 'stop ended every process of the service');
  });
});

describe('isolation, through the real stack', { skip }, () => {
  let stack: TestStack;
  let alice: string;
  let catalog: string;
  before(async () => {
    catalog = await writeTestCatalog(await tempDir('atelier-test-catalog-'));
    const config = join(await tempDir('atelier-config-'), 'atelier.json');
    await writeFile(config, JSON.stringify({ catalogs: { sources: [{ id: 'local', path: 'builtin:local' }, { id: 'lab', path: catalog }] } }));
    stack = await startTestStack({ env: { ATELIER_CONFIG: config } });
    const stackFile = await readStackFile(stack.data);
    alice = await issuerToken({ url: stackFile!.issuer }, stack.data, 'alice');
  });
  after(async () => stack?.stop());

  const launch = async (service: string, values: Record<string, unknown> = {}) => {
    const created = await call(stack.bffUrl, 'POST', '/api/services', { token: alice, body: { catalog: service === 'file-server' ? 'local' : 'lab', service, values } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const ready = await waitFor(async () => {
      const { body } = await call(stack.bffUrl, 'GET', `/api/services/${id}`, { token: alice });
      return body.status === 'running' || body.status === 'failed' ? body : undefined;
    }, `${service} to run`);
    assert.equal(ready.status, 'running', ready.reason);
    const record = await new FileStore(join(stack.data, 'store')).get<ServiceRecord>(SERVICES, id);
    return { id, upstream: record!.value.ports[0]!.upstream, headers: record!.value.ports[0]!.headers };
  };

  test('a service cannot read the keys, the store, the logs nor another user\'s home, nor leave its own by a symbolic link', async () => {
    const { data } = stack;
    const homes = join(data, 'homes');
    await mkdir(join(homes, 'bob'), { recursive: true });
    await writeFile(join(homes, 'bob', 'secret.txt'), 'bob only');
    await mkdir(join(homes, 'alice'), { recursive: true });
    await writeFile(join(homes, 'alice', 'own.txt'), 'mine');
    await symlink(join(data, 'issuer', 'secrets.json'), join(homes, 'alice', 'leak-key'));
    await symlink('../bob/secret.txt', join(homes, 'alice', 'leak-bob'));
    const bff = (await readStackFile(data))!.pid;

    const forbidden = [
      data,
      join(data, 'issuer', 'secrets.json'),
      join(data, 'proxy', 'secrets.json'),
      join(data, 'store'),
      join(data, 'store', 'services'),
      join(data, 'run', 'stack.json'),
      join(data, 'logs'),
      join(homes, 'bob', 'secret.txt'),
      '/home/bob/secret.txt',
      '/home/alice/leak-key',
      '/home/alice/leak-bob',
      '/home/alice/../bob/secret.txt',
      `/proc/${bff}/environ`,
      '/proc/1/environ',
      '/etc/shadow',
      '/root',
    ];
    const writes = ['/home/alice/written.txt', '/usr/atelier-probe', '/etc/atelier-probe', join(data, 'store', 'forged.json')];
    const { id, upstream } = await launch('probe', { read: JSON.stringify([...forbidden, '/home/alice/own.txt', '/home']), write: JSON.stringify(writes) });
    const logs = await call(stack.bffUrl, 'GET', `/api/services/${id}/logs?lines=200`, { token: alice });
    const report = reportOf(String(logs.body));
    // What really is there, outside the sandbox: the paths the probe tried exist.
    for (const path of ['issuer/secrets.json', 'proxy/secrets.json', `store/services/${id}`, 'run/stack.json', `logs/${id}.log`]) await lstat(join(data, path));

    for (const path of forbidden) {
      const outcome = report.read[path]!;
      assert.ok(outcome.error, `${path} must be out of reach, got ${JSON.stringify(outcome)}`);
    }
    assert.deepEqual(report.read['/home/alice/own.txt'], { read: 'mine' }, 'its own home folder is there');
    assert.deepEqual(report.read['/home'], { listed: ['alice'] }, 'no other home folder');
    assert.deepEqual(report.write['/home/alice/written.txt'], { written: true });
    assert.equal(await readFile(join(homes, 'alice', 'written.txt'), 'utf8'), 'written from the sandbox\n');
    assert.deepEqual(report.write['/usr/atelier-probe'], { error: 'EROFS' });
    assert.deepEqual(report.write['/etc/atelier-probe'], { error: 'EROFS' });
    assert.equal(report.write[join(data, 'store', 'forged.json')]!.error, 'ENOENT');

    assert.deepEqual(report.tmp, [], 'a private /tmp, not the host\'s');
    assert.ok(report.processes.length < 10 && report.processes.every((pid) => pid < 100), `its own pid namespace: ${report.processes}`);
    assert.equal(report.nsPids, '2', 'pid 2 of its own namespace, under bubblewrap\'s init');
    assert.equal(report.capEff, '0000000000000000', 'no capability');
    assert.equal(report.noNewPrivs, '1');
    if (asRoot) assert.equal(report.uid, SANDBOX_USER, 'not root');
    assert.equal(report.cwd, '/home/alice');
    const expected = ['ATELIER_DATA_ID', 'ATELIER_SERVICE_ID', 'HOME', 'LANG', 'PATH', 'PWD', 'USER'];
    // Besides the user's own S3 access (AWS_*), which the service manager gives every service of the user.
    const extra = report.environment.filter((name) => !expected.includes(name) && !name.startsWith('AWS_'));
    assert.deepEqual(extra, [], 'a clean environment: nothing of the BFF\'s');

    // The file server follows the links planted in the home folder inside its sandbox, where they lead nowhere.
    const files = await launch('file-server');
    assert.equal((await get(`${files.upstream}/own.txt`, files.headers)).body, 'mine');
    assert.equal((await get(`${files.upstream}/leak-key`, files.headers)).status, 404);
    assert.equal((await get(`${files.upstream}/leak-bob`, files.headers)).status, 404);
    assert.equal((await get(`${upstream}/leak-key`)).status, 404);
  });
});
