import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SERVICES, type ServiceRecord } from '../../bff/services/record.js';
import { FileStore } from '../../bff/store/file-store.js';
import { call } from '../helpers/http.js';
import { freePort, startTestStack, type TestStack } from '../helpers/stack.js';
import { deleteThroughCard, failedRequests, launchChromium, signInThroughPopup } from './browser.js';

const JUPYTER = existsSync('/usr/bin/jupyter-notebook');

describe('the walking skeleton, end to end in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let alice: { context: BrowserContext; page: Page };
  let serviceUrl: string;
  let serviceId: string;

  before(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    await mkdir(join(stack.data, 'homes', 'alice'), { recursive: true });
    await writeFile(join(stack.data, 'homes', 'alice', 'hello.txt'), 'hello from alice\n');
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const card = (page: Page, name: string) => page.getByRole('article', { name });
  const serviceCard = (page: Page, name: string) => page.getByRole('region', { name: 'Your services' }).getByRole('article', { name });

  test('npm run -s token prints one access token, alone on its line', async () => {
    const output = await stack.token('carol', ['stats']);
    assert.match(output, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { status } = await call(stack.bffUrl, 'GET', '/api/services', { token: output.trim() });
    assert.equal(status, 200);
  });

  test('signed out, the portal shows the catalog and makes no failing request', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed = failedRequests(page);
    await page.goto(stack.bffUrl);
    await card(page, 'File server').waitFor();
    assert.ok(await card(page, 'Jupyter Notebook').isVisible());
    assert.ok(await page.getByRole('region', { name: 'Your services' }).getByRole('button', { name: 'Sign in' }).isVisible());
    await page.waitForLoadState('networkidle');
    assert.deepEqual(failed, []);
    await context.close();
  });

  test('alice signs in, launches the file server, watches it start, opens it and reads her file', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    alice = { context, page };
    await page.goto(stack.bffUrl);
    await page.getByRole('button', { name: 'Launch File server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch File server' });
    await signInThroughPopup(context, page, dialog.getByRole('button', { name: 'Sign in to launch' }), 'alice');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('My files');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();

    const myFiles = serviceCard(page, 'My files');
    await myFiles.waitFor();
    await myFiles.getByText('Running').waitFor({ timeout: 30_000 });

    const tabOpened = context.waitForEvent('page');
    await myFiles.getByRole('button', { name: /Open/ }).first().click();
    const tab = await tabOpened;
    await tab.waitForURL(isServicePage);
    const url = new URL(tab.url());
    assert.match(url.host, new RegExp(`^file-server-[0-9a-f]+-8000\\.localhost:${stack.proxyPort}$`), 'its own origin on the proxy');
    assert.equal(url.search, '', 'the ticket is gone from the address bar');
    serviceUrl = url.origin;
    serviceId = url.hostname.replace(/-8000\.localhost$/, '');
    await tab.getByRole('link', { name: 'hello.txt' }).click();
    assert.equal((await tab.locator('body').innerText()).trim(), 'hello from alice');
    await tab.close();
  });

  test('bob, signed in, cannot open alice’s service', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${serviceUrl}/hello.txt`);
    assert.equal(new URL(page.url()).origin, stack.bffUrl, 'sent to the portal to sign in');
    assert.ok(response, 'a page was loaded');
    await signInThroughPopup(context, page, page.getByRole('banner').getByRole('button', { name: 'Sign in' }), 'bob');
    await page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: /not|no service|cannot|pas/i }).first().waitFor();
    assert.equal(new URL(page.url()).origin, stack.bffUrl, 'still on the portal');
    await page.goto(`${serviceUrl}/hello.txt`);
    assert.equal(new URL(page.url()).origin, stack.bffUrl, 'signed in or not, bob is sent back to the portal');
    assert.doesNotMatch(await page.locator('body').innerText(), /hello from alice/);
    const bobToken = await stack.token('bob');
    assert.equal((await call(stack.bffUrl, 'POST', `/api/services/${serviceId}/open`, { token: bobToken.trim() })).status, 404);
    await context.close();
  });

  test('alice deletes it: the process ends, the card goes away, the home folder stays', async () => {
    const { page } = alice;
    const record = await new FileStore(join(stack.data, 'store')).get<ServiceRecord>(SERVICES, serviceId);
    const upstream = record!.value.ports[0]!.upstream;
    assert.equal((await fetch(upstream, { headers: record!.value.ports[0]!.headers })).status, 200);
    await deleteThroughCard(serviceCard(page, 'My files'));
    await assert.rejects(fetch(upstream), 'nothing answers on its port');
    assert.ok(existsSync(join(stack.data, 'homes', 'alice', 'hello.txt')));
  });

  test('Jupyter Notebook launches, opens on its own origin, and its kernel answers over a WebSocket through the proxy', { skip: JUPYTER ? false : 'Debian jupyter-notebook is not installed' }, async () => {
    const { context, page } = alice;
    await page.getByRole('button', { name: 'Launch Jupyter Notebook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch Jupyter Notebook' });
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    const notebook = serviceCard(page, 'Jupyter Notebook');
    await notebook.getByText('Running').waitFor({ timeout: 60_000 });
    const tabOpened = context.waitForEvent('page');
    await notebook.getByRole('button', { name: /Open/ }).first().click();
    const tab = await tabOpened;
    await tab.waitForURL(isServicePage, { timeout: 30_000 });
    assert.match(new URL(tab.url()).host, /^jupyter-[0-9a-f]+-8888\.localhost:/);
    assert.match(await tab.title(), /Home|Jupyter/);
    const answer = await tab.evaluate(runInKernel, '6 * 7');
    assert.equal(answer, '42');
    await tab.close();
    await deleteThroughCard(notebook);
  });

  test('the catalog element works alone on a page of another origin', async () => {
    const port = await freePort();
    const server: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><html lang="en"><head><title>Intranet</title>
        <script type="module" src="${stack.bffUrl}/atelier.js"></script></head>
        <body><h1>Our intranet</h1><atelier-catalog api="${stack.bffUrl}"></atelier-catalog></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const failed = failedRequests(page);
      await page.goto(`http://127.0.0.1:${port}/`);
      await card(page, 'File server').waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(failed, []);
    } finally {
      await context.close();
      server.close();
    }
  });
});

/** A service's page: the tab opens as about:blank, then goes to the one-time URL, then to the same URL without the ticket. */
const isServicePage = (url: URL) => url.hostname.endsWith('.localhost') && url.hostname !== 'localhost' && !url.searchParams.has('atelier-ticket');

/** Runs in the Jupyter tab: starts a kernel and executes `code` over its WebSocket channel. */
async function runInKernel(code: string): Promise<string> {
  const response = await fetch('/api/kernels', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!response.ok) throw new Error(`POST /api/kernels: ${response.status}`);
  const kernel = (await response.json()) as { id: string };
  const socket = new WebSocket(`ws://${location.host}/api/kernels/${kernel.id}/channels`);
  const msgId = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the kernel in 30 s')), 30_000);
    socket.onerror = () => reject(new Error('the kernel WebSocket failed'));
    socket.onopen = () =>
      socket.send(
        JSON.stringify({
          header: { msg_id: msgId, username: 'e2e', session: crypto.randomUUID(), msg_type: 'execute_request', version: '5.3', date: new Date().toISOString() },
          parent_header: {},
          metadata: {},
          content: { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true },
          channel: 'shell',
          buffers: [],
        }),
      );
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data as string);
      if (message.msg_type === 'execute_result' && message.parent_header?.msg_id === msgId) {
        clearTimeout(timer);
        socket.close();
        resolve(message.content.data['text/plain']);
      }
    };
  });
}
