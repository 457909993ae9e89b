import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { serveExamples } from '../../examples/serve.mjs';
import { freePort, startTestStack, type TestStack } from '../helpers/stack.js';
import { call } from '../helpers/http.js';
import { deleteThroughCard, failedRequests, launchChromium, signInThroughPopup } from './browser.js';
import { probeThirdPartyCookies } from './third-party-cookies.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'test-results');
const JUPYTER = existsSync('/usr/bin/jupyter-notebook');
/** Chromium's switch for testing with third-party cookies blocked (the phase-out). */
const BLOCK_THIRD_PARTY_COOKIES = '--test-third-party-cookie-phaseout';

describe('the example pages, on origins of their own, end to end in Chromium with third-party cookies blocked', () => {
  let stack: TestStack;
  let browser: Browser;
  let examples: Awaited<ReturnType<typeof serveExamples>>;
  let port: number;
  const intranet = () => `http://intranet.localhost:${port}`;
  const lms = () => `http://lms.localhost:${port}`;

  before(async () => {
    port = await freePort();
    // Two configured origins; the same server reached by another name is a third, not configured.
    stack = await startTestStack({ env: { ATELIER_ORIGINS: `http://intranet.localhost:${port},http://lms.localhost:${port}` } });
    examples = await serveExamples({ port, atelierUrl: stack.bffUrl, replacements: JUPYTER ? {} : { 'service="jupyter"': 'service="file-server"' } });
    browser = await launchChromium([BLOCK_THIRD_PARTY_COOKIES]);
    await mkdir(join(stack.data, 'homes', 'alice'), { recursive: true });
    await writeFile(join(stack.data, 'homes', 'alice', 'memo.txt'), 'intranet memo\n');
  });
  after(async () => {
    await browser?.close();
    await examples?.close();
    await stack?.stop();
  });

  test('this Chromium really refuses third-party cookies', async () => {
    const probe = await probeThirdPartyCookies(browser);
    assert.ok(probe.firstPartyStored, 'the probe cookie is stored first-hand');
    assert.equal(probe.thirdPartyStored, false, 'and refused in a frame of another site');
    assert.ok(probe.blockedReasons.length > 0, 'Chromium says why it refused it');
    console.log(`third-party cookie refused: ${[...new Set(probe.blockedReasons)].join(', ')}`);
  });

  test('intranet page: alice signs in, launches, opens her service, lists her files; no token is stored', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed = failedRequests(page);
    await page.goto(`${intranet()}/intranet/`);
    const services = page.getByRole('region', { name: 'Your services' });
    await page.getByRole('region', { name: 'Service catalog' }).getByRole('article', { name: 'File server' }).waitFor();
    await signInThroughPopup(context, page, services.getByRole('button', { name: 'Sign in' }), 'alice', services.getByText('You have no services yet.'));

    await page.getByRole('button', { name: 'Launch File server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch a tool' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Intranet files');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const card = services.getByRole('article', { name: 'Intranet files' });
    await card.getByText('Running').waitFor({ timeout: 30_000 });

    const tabOpened = context.waitForEvent('page');
    await card.getByRole('button', { name: /Open/ }).first().click();
    const tab = await tabOpened;
    await tab.waitForURL((url) => url.hostname.endsWith('.localhost') && url.port === String(stack.proxyPort) && !url.search);
    await tab.getByRole('link', { name: 'memo.txt' }).click();
    assert.equal((await tab.locator('body').innerText()).trim(), 'intranet memo');
    await tab.close();

    const files = page.getByRole('region', { name: 'Your files' });
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['year,count\n2024,12\n'], 'budget.csv', { type: 'text/csv' }));
      return transfer;
    });
    await files.dispatchEvent('dragover', { dataTransfer });
    await files.dispatchEvent('drop', { dataTransfer });
    await files.getByRole('option', { name: /budget\.csv/ }).waitFor({ timeout: 15_000 });

    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    for (const [where, text] of Object.entries(stored)) assert.doesNotMatch(text, /eyJ|token/i, `no token in ${where}`);
    const pageCookies = await context.cookies(intranet());
    assert.deepEqual(pageCookies, [], 'the intranet origin holds no cookie');

    await saveScreenshot(page, 'intranet');
    assert.deepEqual(failed, []);
    await deleteThroughCard(card);
    await context.close();
  });

  test('LMS page: the course’s button launches a preconfigured service for the student, who never leaves the page', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed = failedRequests(page);
    await page.goto(`${lms()}/lms/`);
    const button = page.getByRole('button', { name: 'Start the week 3 notebook' });
    await signInThroughPopup(context, page, button, 'alice', page.getByRole('status').getByText(/Starting|Running/));
    await page.getByRole('status').getByText('Running').waitFor({ timeout: 90_000 });
    assert.equal(page.url(), `${lms()}/lms/`, 'still on the course page');
    await saveScreenshot(page, 'lms');
    const tabOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: /STAT 101 — week 3/ }).click();
    const tab = await tabOpened;
    await tab.waitForURL((url) => url.port === String(stack.proxyPort) && !url.search, { timeout: 30_000 });
    assert.match(new URL(tab.url()).hostname, JUPYTER ? /^jupyter-/ : /^file-server-/);
    await tab.close();
    const { body } = await call<{ name: string; service: string; values: Record<string, unknown> }[]>(stack.bffUrl, 'GET', '/api/services', {
      token: (await stack.token('alice')).trim(),
    });
    const launched = body.find((service) => service.name === 'STAT 101 — week 3');
    assert.equal(launched?.service, JUPYTER ? 'jupyter' : 'file-server');
    assert.equal(launched?.values.folder, 'stat101/week-3', 'with the course’s values');
    assert.ok(existsSync(join(stack.data, 'homes', 'alice', 'stat101', 'week-3')), 'its folder was made in the student’s home');
    assert.deepEqual(failed, []);
    await context.close();
  });

  test('the same page on an origin that is not configured gets no elements: the BFF refuses it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed = failedRequests(page);
    await page.goto(`http://elsewhere.localhost:${port}/intranet/`);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => customElements.get('atelier-catalog')), undefined);
    assert.ok(failed.some((line) => line.includes('/atelier.js')), `atelier.js was refused: ${failed.join('; ')}`);
    await context.close();
  });
});

/** Saves a full-page screenshot for review as test-results/<name>.png, and prints its path. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot of the ${name} page: ${path}`);
}
