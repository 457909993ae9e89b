import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createS3Client } from '../../bff/s3/s3-client.js';
import { call } from '../helpers/http.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { failedRequests, launchChromium, signInThroughPopup } from './browser.js';

const MiB = 1024 * 1024;

describe('files, end to end in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let alice: { context: BrowserContext; page: Page };
  let shareLink: string;
  let s3Url: string;

  before(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    s3Url = (JSON.parse(await readFile(join(stack.data, 'run', 'stack.json'), 'utf8')) as { s3: string }).s3;
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const filesOf = (page: Page) => page.getByRole('region', { name: 'Your files' });

  test('alice drops a 50 MiB file, watches its progress, sees it listed, and shares it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    alice = { context, page };
    const failed = failedRequests(page);
    await page.goto(stack.bffUrl);
    await signInThroughPopup(context, page, page.getByRole('banner').getByRole('button', { name: 'Sign in' }), 'alice');
    const files = filesOf(page);
    await files.getByText('This folder is empty.').waitFor();

    // A steady 40 MB/s upload, so that the progress is there to be seen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1000 * 1000 });
    const dataTransfer = await page.evaluateHandle((size) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(size).fill(97)], 'survey-2024.bin', { type: 'application/octet-stream' }));
      return transfer;
    }, 50 * MiB);
    await files.dispatchEvent('dragover', { dataTransfer });
    await files.dispatchEvent('drop', { dataTransfer });

    const progress = files.getByRole('progressbar', { name: 'Uploading survey-2024.bin' });
    await progress.waitFor();
    const seen = new Set<number>();
    while (await progress.isVisible()) {
      const value = await progress.evaluate((bar: HTMLProgressElement) => bar.value / bar.max).catch(() => null);
      if (value !== null) seen.add(Math.round(value * 100));
      await page.waitForTimeout(50);
    }
    assert.ok([...seen].some((percent) => percent > 0 && percent < 100), `the progress moved between 0 and 100 %: ${[...seen].sort((a, b) => a - b).join(', ')}`);
    await files.getByText('survey-2024.bin — Uploaded').waitFor();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const row = files.getByRole('option', { name: /survey-2024\.bin/ });
    await row.waitFor();
    assert.match(await row.innerText(), /52\.4\s*MB/);

    await row.click();
    await files.getByRole('toolbar').getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share survey-2024.bin' });
    await dialog.getByRole('radio', { name: '1 hour' }).check();
    await dialog.getByRole('button', { name: 'Create the link' }).click();
    const link = dialog.getByRole('textbox', { name: 'Link' });
    await link.waitFor();
    shareLink = await link.inputValue();
    assert.equal(new URL(shareLink).origin, s3Url, 'the link goes straight to S3');
    assert.equal(new URL(shareLink).searchParams.get('X-Amz-Expires'), '3600');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(failed.filter((request) => request.includes('/api/files') || request.includes(s3Url)), [], 'no request of the files element failed');
  });

  test('the shared link works without signing in', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const page = await context.newPage();
      const downloading = page.waitForEvent('download');
      await page.goto(shareLink).catch(() => undefined); // an attachment: the navigation becomes a download
      const download = await downloading;
      assert.equal(download.suggestedFilename(), 'survey-2024.bin');
      assert.equal((await stat((await download.path())!)).size, 50 * MiB);
    } finally {
      await context.close();
    }
  });

  test('until it expires: a link signed an hour and a second ago, or one whose expiry was edited, is refused', async () => {
    const keys = JSON.parse(await readFile(join(stack.data, 's3', 'keys.json'), 'utf8')) as { adminAccessKeyId: string; adminSecretAccessKey: string };
    const client = createS3Client({ endpoint: s3Url, region: 'us-east-1', credentials: { accessKeyId: keys.adminAccessKeyId, secretAccessKey: keys.adminSecretAccessKey, sessionToken: '' } });
    try {
      const command = new GetObjectCommand({ Bucket: 'user-alice', Key: 'survey-2024.bin' });
      const expired = await getSignedUrl(client, command, { expiresIn: 3600, signingDate: new Date(Date.now() - 3601_000) });
      const refused = await fetch(expired);
      assert.equal(refused.status, 403);
      assert.match(await refused.text(), /Request has expired/);
    } finally {
      client.destroy();
    }
    const extended = new URL(shareLink);
    extended.searchParams.set('X-Amz-Expires', '604800');
    assert.equal((await fetch(extended)).status, 403, 'the expiry is signed');
  });

  test("bob can neither list nor read alice's space", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(stack.bffUrl);
      await signInThroughPopup(context, page, page.getByRole('banner').getByRole('button', { name: 'Sign in' }), 'bob');
      await filesOf(page).getByText('This folder is empty.').waitFor();
      assert.equal(await filesOf(page).getByText('survey-2024.bin').count(), 0);
    } finally {
      await context.close();
    }

    const bob = (await stack.token('bob')).trim();
    const api = (method: string, path: string, body?: unknown) => call(stack.bffUrl, method, path, { token: bob, body });
    assert.deepEqual((await api('GET', '/api/files?path=')).body.files, []);
    assert.equal((await api('GET', '/api/files/preview?path=survey-2024.bin')).status, 404);
    assert.equal((await api('POST', '/api/files/share', { path: 'survey-2024.bin', expiresIn: 3600 })).status, 404);
    for (const path of ['../user-alice/survey-2024.bin', '/user-alice/survey-2024.bin', '..%2Fuser-alice%2Fsurvey-2024.bin']) {
      assert.equal((await api('POST', '/api/files/download', { path })).status, path.includes('%2F') ? 404 : 400, path);
    }
    const anonymous = await fetch(`${s3Url}/user-alice/survey-2024.bin`);
    assert.equal(anonymous.status, 403, 'S3 itself lets no one in without a signature');
    const listing = await fetch(`${s3Url}/user-alice?list-type=2`);
    assert.equal(listing.status, 403);
  });

  test('alice sees the file as S3 holds it: the download link serves the same bytes', async () => {
    const { page } = alice;
    const token = (await stack.token('alice')).trim();
    const link = await call(stack.bffUrl, 'POST', '/api/files/download', { token, body: { path: 'survey-2024.bin' } });
    const bytes = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    assert.equal(bytes.length, 50 * MiB);
    assert.ok(bytes.every((byte) => byte === 97));
    await alice.context.close();
    assert.ok(page.isClosed());
  });
});
