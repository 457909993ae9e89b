#!/usr/bin/env node
// `npm test` after scripts/ensure.mjs: every test, in this order, each stage reported
// with a closing `N passed, N failed, N skipped` line, then the total.
//
//   typecheck   tsc --noEmit (tsx does not typecheck)
//   node        test/**/*.test.ts outside test/components and test/e2e (BFF, proxy, store…)
//   browser     web-test-runner in headless Chromium: test/components
//   e2e         the real stack in real Chromium: test/e2e
//   bundle      /atelier.js builds and stays within its size budget
//   storybook   Storybook builds (`npm run build-storybook`) and every story and docs page renders in Chromium
//
// `node scripts/test.mjs node e2e` runs only the stages named.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const BUNDLE_BUDGET_KIB = 60;

const stages = {
  typecheck: () => command([bin('tsc'), '--noEmit', '-p', '.'], (code) => (code === 0 ? [1, 0, 0] : [0, 1, 0])),
  node: () => nodeTests(testFiles('test', (path) => !/^test\/(components|e2e)\//.test(path))),
  browser: () => command([bin('web-test-runner'), '--static-logging'], (_code, output) => parseCounts(/wtr: (\d+) passed, (\d+) failed, (\d+) skipped/, output)),
  e2e: () => nodeTests(testFiles('test/e2e', () => true)),
  bundle: async () => {
    const gzipKiB = (await build({ quiet: true })).gzipped / 1024;
    const ok = gzipKiB <= BUNDLE_BUDGET_KIB;
    console.log(`atelier.js is ${gzipKiB.toFixed(1)} KiB gzipped (budget ${BUNDLE_BUDGET_KIB} KiB)${ok ? '' : ': OVER BUDGET'}`);
    return ok ? [1, 0, 0] : [0, 1, 0];
  },
  storybook: () => command([process.execPath, join(root, 'scripts/storybook-check.mjs')], (_code, output) => parseCounts(/storybook: (\d+) passed, (\d+) failed, (\d+) skipped/, output)),
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(stages);
const total = [0, 0, 0];
const lines = [];
for (const name of chosen) {
  if (!stages[name]) throw new Error(`unknown stage ${name}; stages: ${Object.keys(stages).join(', ')}`);
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const counts = await stages[name]();
  counts.forEach((n, i) => (total[i] += n));
  lines.push(`${name}: ${format(counts)} (${Math.round((Date.now() - started) / 1000)} s)`);
  console.log(lines.at(-1));
}
console.log(`\n${lines.join('\n')}\n${format(total)}`);
process.exit(total[1] === 0 && total[0] > 0 ? 0 : 1);

function format([passed, failed, skipped]) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function testFiles(dir, keep) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.test.ts') && keep(path)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

async function nodeTests(files) {
  if (files.length === 0) return [0, 0, 0];
  const folder = mkdtempSync(join(tmpdir(), 'atelier-test-'));
  const countsFile = join(folder, 'counts');
  try {
    const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout'];
    args.push(`--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${countsFile}`);
    const code = await command([process.execPath, ...args, ...files], () => null);
    const counts = readFileSync(countsFile, 'utf8').trim().split(' ').map(Number);
    return code !== 0 && counts[1] === 0 ? [counts[0], 1, counts[2]] : counts;
  } catch (error) {
    console.log(`the node tests could not run: ${error.message}`);
    return [0, 1, 0];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function parseCounts(pattern, output) {
  const match = pattern.exec(output);
  return match ? match.slice(1, 4).map(Number) : [0, 1, 0];
}

/** Runs a command with its output shown live; `count(code, output)` turns the run into counts. */
function command([program, ...args], count) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(program, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('error', (error) => {
      console.log(`${relative(root, program)} could not start: ${error.message}`);
      resolve([0, 1, 0]);
    });
    child.on('close', (code) => resolve(count(code ?? 1, output) ?? code));
  });
}
