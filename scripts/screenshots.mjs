#!/usr/bin/env node
// `npm run screenshots`: the portal in each theme, for review, into test-results/themes/.
// Builds the elements, starts the real stack (embedded defaults, fresh data folder) and
// opens the portal in Chromium, signed out: light (the default), light for a reader who
// prefers dark, dark, high-contrast — then each example brand with its own configuration
// (examples/branding/<brand>.yaml: its name, logo, links and default theme).
//
// Run with tsx (npm run does): it starts the stack as the end-to-end tests do.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs';
import { startTestStack } from '../test/helpers/stack.ts';
import { build } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test-results', 'themes');

/** Each stack's configuration, and the shots taken on it: file name, forced theme, color scheme. */
const RUNS = [
  {
    config: null,
    shots: [
      { file: 'light', theme: null, colorScheme: 'light' },
      { file: 'light-prefers-dark', theme: null, colorScheme: 'dark' },
      { file: 'dark', theme: 'dark', colorScheme: 'light' },
      { file: 'high-contrast', theme: 'high-contrast', colorScheme: 'light' },
    ],
  },
  { config: 'examples/branding/hexagone.yaml', shots: [{ file: 'brand-hexagone', theme: null, colorScheme: 'light' }] },
  { config: 'examples/branding/valmont.yaml', shots: [{ file: 'brand-valmont', theme: null, colorScheme: 'light' }] },
];

await build({ quiet: true });
await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const run of RUNS) {
    const stack = await startTestStack({ env: run.config ? { ATELIER_CONFIG: join(root, run.config) } : {} });
    try {
      for (const shot of run.shots) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: shot.colorScheme });
        const page = await context.newPage();
        await page.goto(stack.bffUrl);
        if (shot.theme) await page.locator('atelier-app').evaluate((app, theme) => app.setAttribute('theme', theme), shot.theme);
        await page.getByRole('region', { name: /Service catalog|Catalogue de services/ }).getByRole('article').first().waitFor();
        await page.waitForLoadState('networkidle');
        const path = join(out, `${shot.file}.png`);
        await page.screenshot({ path, fullPage: true });
        console.log(path);
        await context.close();
      }
    } finally {
      await stack.stop();
    }
  }
} finally {
  await browser.close();
}
