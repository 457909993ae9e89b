#!/usr/bin/env node
// The `storybook` stage of scripts/test.mjs: builds Storybook (`npm run build-storybook`,
// which fails on any build error), then opens every story and docs page of the build in
// Chromium and checks that it rendered: the element is on the page, in the toolbar's
// language and theme, and Storybook shows no error. Prints `storybook: N passed, N failed, N skipped`.
//
//   node scripts/storybook-check.mjs [--no-build]
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'storybook-static');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

if (!process.argv.includes('--no-build')) {
  const built = spawnSync('npm', ['run', '-s', 'build-storybook'], { cwd: root, stdio: 'inherit', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } });
  if (built.status !== 0) finish([], [`the build failed (status ${built.status})`]);
}

const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(output, path.endsWith('/') ? `${path}index.html` : path));
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const { entries } = JSON.parse(await readFile(join(output, 'index.json'), 'utf8'));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const passed = [];
const failed = [];
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // ERR_ABORTED: a request of the previous page, cut short by going to the next one.
  page.on('requestfailed', (request) => request.failure()?.errorText === 'net::ERR_ABORTED' || errors.push(`${request.url()}: ${request.failure()?.errorText}`));
  for (const entry of Object.values(entries)) {
    errors.length = 0;
    const problem = await check(page, entry, errors).catch((error) => error.message.split('\n')[0]);
    if (problem) failed.push(`${entry.id}: ${problem}`);
    else passed.push(entry.id);
  }
} finally {
  await browser.close();
  server.close();
}
finish(passed, failed);

/** Opens one story (in French, to see the locale switcher work) or docs page; says what is wrong, if anything. */
async function check(page, entry, errors) {
  const story = entry.type === 'story';
  const tag = story ? `atelier-${entry.title.split('/').pop().toLowerCase().replace(/\s+/g, '-')}` : null;
  await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=${story ? 'story' : 'docs'}&globals=locale:fr`);
  await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'), null, { timeout: 15_000 });
  if (await page.locator('body.sb-show-errordisplay').count()) return `Storybook shows an error: ${(await page.locator('#error-message').innerText()).trim()}`;
  if (!story) {
    // The docs page: the element's description and API tables from custom-elements.json, and its stories.
    await page.locator('#storybook-docs .docblock-argstable').first().waitFor({ timeout: 15_000 });
    return errors.length ? errors.join('; ') : null;
  }
  await page.locator(`#storybook-root ${tag}`).first().waitFor({ state: 'attached', timeout: 5_000 });
  const state = await page.evaluate((name) => {
    const element = document.querySelector(`#storybook-root ${name}`);
    return { lang: element?.closest('[lang]')?.getAttribute('lang'), rendered: Boolean(element?.shadowRoot?.childElementCount), theme: document.body.className };
  }, tag);
  if (!state.rendered) return `${tag} rendered nothing`;
  if (state.lang !== 'fr') return `the locale switcher did not apply (lang=${state.lang})`;
  if (!/atelier-theme-light/.test(state.theme)) return 'no theme applied';
  return errors.length ? errors.join('; ') : null;
}

function finish(ok, problems) {
  for (const problem of problems) console.log(`✖ ${problem}`);
  console.log(`${ok.length} stories and docs pages rendered`);
  console.log(`storybook: ${ok.length} passed, ${problems.length} failed, 0 skipped`);
  process.exit(problems.length ? 1 : 0);
}
