#!/usr/bin/env node
// Installs what `npm start` or `npm test` needs and is missing, so that both work on a
// fresh machine from a clean clone. Plain Node with built-in modules only: it runs
// before node_modules exists.
//
//   node scripts/ensure.mjs start   npm packages, the elements' bundle; Jupyter and bubblewrap when possible
//   node scripts/ensure.mjs test    the same, plus Chromium for the browser tests
//
// Debian packages are installed with apt-get when running as root (set
// ATELIER_NO_SYSTEM_INSTALL=1 to skip); otherwise it says what to install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] === 'test' ? 'test' : 'start';
const say = (message) => console.error(`[ensure] ${message}`);

/** Debian packages: what proves each is there, and whether its absence stops `purpose`. */
const SYSTEM = [
  { pkg: 'chromium', file: '/usr/bin/chromium', for: ['test'], why: 'the browser tests run in Chromium', required: true },
  { pkg: 'jupyter-notebook', file: '/usr/bin/jupyter-notebook', for: ['start', 'test'], why: 'the "Jupyter Notebook" service runs it' },
  { pkg: 'bubblewrap', file: '/usr/bin/bwrap', for: ['start', 'test'], why: 'local services will run sandboxed with it' },
];

ensureNodeModules();
ensureSystemPackages();
await ensureBundle();

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.atelier-lock-hash');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  // Not `npm ci`: it refuses a lock file that lacks optional platform packages the
  // registry does not serve (rollup's for other systems, here). `npm install --no-save`
  // installs exactly the locked versions and leaves package-lock.json as it is.
  say('installing npm packages…');
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(stamp, hash);
}

function ensureSystemPackages() {
  const missing = SYSTEM.filter((item) => item.for.includes(purpose) && !existsSync(item.file));
  if (missing.length === 0) return;
  const names = missing.map((item) => item.pkg).join(' ');
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.ATELIER_NO_SYSTEM_INSTALL;
  if (canInstall) {
    say(`installing Debian packages: ${names} (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map((item) => item.pkg)], { env });
    return;
  }
  for (const item of missing) say(`${item.pkg} is not installed: ${item.why}. Install it with: sudo apt-get install ${item.pkg}`);
  const required = missing.filter((item) => item.required);
  if (required.length > 0) {
    say(`cannot go on without ${required.map((item) => item.pkg).join(', ')}.`);
    process.exit(1);
  }
}

async function ensureBundle() {
  const bundle = join(root, 'dist', 'atelier.js');
  const sources = [join(root, 'components'), join(root, 'scripts', 'build.mjs'), join(root, 'package-lock.json')];
  if (existsSync(bundle) && newestChange(sources) < statSync(bundle).mtimeMs) return;
  say('building the elements (dist/atelier.js)…');
  const { build } = await import('./build.mjs');
  await build();
}

function newestChange(paths) {
  let newest = 0;
  for (const path of paths) {
    const info = statSync(path);
    newest = Math.max(newest, info.mtimeMs);
    if (info.isDirectory()) newest = Math.max(newest, newestChange(readdirSync(path).map((name) => join(path, name))));
  }
  return newest;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2], ...options });
  if (result.status !== 0) {
    say(`"${command} ${args.join(' ')}" failed${result.error ? `: ${result.error.message}` : ` with status ${result.status}`}.`);
    process.exit(1);
  }
}
