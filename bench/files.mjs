#!/usr/bin/env node
// `npm run bench:files`: the files element's speed, measured against a baseline of the
// same run (never asserted in a test).
//
//   upload   a 256 MiB file from disk, in Chromium through <atelier-files> (presigned
//            parts, in parallel, straight to S3), and with the AWS SDK (lib-storage,
//            same part size, same parallelism) from Node, to the same embedded S3
//            server of the real stack; 3 runs each, alternating, medians compared.
//   listing  the time <atelier-files> takes to show a folder of 10 000 objects (first
//            rows, then every page), and the frames of scrolling through it.
//
// The last line is exactly `browser/sdk upload ratio: X.XX` (goal ≥ 0.8).
import { createReadStream } from 'node:fs';
import { link, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { build } from '../scripts/build.mjs';
import { createS3Client } from '../bff/s3/s3-client.ts';
import { startTestStack } from '../test/helpers/stack.ts';
import { launchChromium } from '../test/e2e/browser.ts';

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const RUNS = 3;
const LISTED = 10_000;
const PART = 16 * MiB; // the default s3.partSizeMiB
const PARALLEL = 4; // what the element sends at once (upload-queue.ts)

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (seconds) => `${(SIZE / MiB / seconds).toFixed(0)} MiB/s`;

await build({ quiet: true }).catch((error) => console.log(`(the build failed, ${error.message}: measuring the dist/atelier.js there is)`));
const work = await mkdtemp(join(tmpdir(), 'atelier-bench-files-'));
const file = join(work, 'upload-256mib.bin');
const chunk = Buffer.alloc(MiB);
for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
await writeFile(file, Buffer.concat(Array.from({ length: SIZE / MiB }, () => chunk)));

const stack = await startTestStack();
const browser = await launchChromium();
const page = createServer((_req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end('<!doctype html><html lang="en"><head><title>bench</title></head><body></body></html>');
});
await new Promise((resolve) => page.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://localhost:${page.address().port}/`;

try {
  const user = 'bench';
  const token = (await stack.token(user)).trim();
  const space = await (await fetch(`${stack.bffUrl}/api/files/space`, { headers: { authorization: `Bearer ${token}` } })).json();
  const sdk = createS3Client({ endpoint: space.endpoint, region: space.region, credentials: await userCredentials(stack, user) });

  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(pageUrl);
  await mountFiles(tab, stack.bffUrl, token, user);

  const times = { browser: [], sdk: [] };
  for (let run = 1; run <= RUNS; run += 1) {
    const key = `upload-${run}.bin`;
    const started = performance.now();
    await new Upload({ client: sdk, params: { Bucket: space.bucket, Key: `sdk-${key}`, Body: createReadStream(file) }, partSize: PART, queueSize: PARALLEL }).done();
    times.sdk.push((performance.now() - started) / 1000);
    // The same bytes under another name (a hard link): each run is a new file for the element.
    await link(file, join(work, key));
    times.browser.push(await uploadInBrowser(tab, join(work, key), key));
    console.log(`run ${run}: sdk ${times.sdk.at(-1).toFixed(2)} s, browser ${times.browser.at(-1).toFixed(2)} s`);
  }
  await context.close();

  // A folder of 10 000 objects, written through S3 by a user's key, then shown by the element.
  const lister = 'bench-list';
  const listerToken = (await stack.token(lister)).trim();
  await fetch(`${stack.bffUrl}/api/files/space`, { headers: { authorization: `Bearer ${listerToken}` } });
  const listerSdk = createS3Client({ endpoint: space.endpoint, region: space.region, credentials: await userCredentials(stack, lister) });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < LISTED) {
        const n = next++;
        await listerSdk.send(new PutObjectCommand({ Bucket: `user-${lister}`, Key: `observations/obs-${String(n).padStart(5, '0')}.csv`, Body: `id\n${n}\n` }));
      }
    }),
  );
  console.log(`(10 000 objects written in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const listContext = await browser.newContext();
  const listTab = await listContext.newPage();
  await listTab.goto(pageUrl);
  const listing = await measureListing(listTab, stack.bffUrl, listerToken, lister);
  await listContext.close();
  sdk.destroy();
  listerSdk.destroy();

  const [b, s] = [median(times.browser), median(times.sdk)];
  console.log(`sdk upload (lib-storage, ${PART / MiB} MiB parts, ${PARALLEL} at once): 256 MiB in ${s.toFixed(2)} s (${rate(s)}), median of ${RUNS}`);
  console.log(`browser upload (<atelier-files> in Chromium, presigned parts): 256 MiB in ${b.toFixed(2)} s (${rate(b)}), median of ${RUNS}`);
  console.log(
    `10 000-object listing: first rows in ${listing.firstRows.toFixed(0)} ms, all ${LISTED} listed and rendered in ${listing.all.toFixed(0)} ms (${listing.pages} pages); ` +
      `scrolling to the end: ${listing.frames} frames, median ${listing.medianFrame.toFixed(1)} ms, worst ${listing.worstFrame.toFixed(1)} ms, at most ${listing.maxRows} rows in the DOM`,
  );
  console.log(`browser/sdk upload ratio: ${(s / b).toFixed(2)}`);
} finally {
  await browser.close();
  page.close();
  await stack.stop();
  await rm(work, { recursive: true, force: true });
}

/** The S3 key a user's services get (their environment), from the running stack's embedded server. */
async function userCredentials(stack, username) {
  const { EmbeddedCredentials } = await import('../bff/s3/embedded/credentials.ts');
  const credentials = (await EmbeddedCredentials.load(join(stack.data, 's3'))).forUser(username);
  return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: '' };
}

/** Puts <atelier-files> on the page, with the HTTP client of /atelier.js and the user's token. */
async function mountFiles(tab, bffUrl, token, username) {
  await tab.evaluate(
    async ({ bffUrl, token, username }) => {
      const atelier = await import(`${bffUrl}/atelier.js`);
      const identity = { user: { username, name: username, email: null, groups: [] }, signIn: async () => undefined, signOut: () => undefined, getToken: async () => token };
      atelier.provideAtelier(document.body, { api: new atelier.HttpAtelierApi(bffUrl, async () => token), identity });
      window.benchStart = performance.now();
      document.body.append(document.createElement('atelier-files'));
    },
    { bffUrl, token, username },
  );
}

/** Chooses the file in the element's upload input; resolves with the seconds until it is uploaded. */
async function uploadInBrowser(tab, path, key) {
  const files = tab.locator('atelier-files');
  await files.getByRole('toolbar').waitFor();
  await tab.evaluate((key) => {
    const element = document.querySelector('atelier-files');
    const input = element.shadowRoot.querySelector('input[type="file"]');
    window.benchDone = new Promise((resolve) => {
      input.addEventListener('change', () => (window.benchStarted = performance.now()), { capture: true, once: true });
      element.addEventListener('atelier-file-upload', (event) => event.detail.path === key && resolve(performance.now()));
    });
  }, key);
  const [chooser] = await Promise.all([tab.waitForEvent('filechooser'), files.getByRole('button', { name: 'Upload files' }).click()]);
  await chooser.setFiles(path);
  return tab.evaluate(async () => ((await window.benchDone) - window.benchStarted) / 1000);
}

/** Mounts the element on a folder of 10 000 objects: time to the first rows, to all pages, and scrolling frames. */
async function measureListing(tab, bffUrl, token, username) {
  await mountFiles(tab, bffUrl, token, username);
  await tab.locator('atelier-files').getByRole('option', { name: /observations/ }).waitFor();
  return tab.evaluate(async (count) => {
    const root = document.querySelector('atelier-files').shadowRoot;
    const folder = [...root.querySelectorAll('[role="option"]')].find((option) => option.textContent.includes('observations'));
    const started = performance.now();
    folder.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    const until = (check) =>
      new Promise((resolve) => {
        const poll = () => (check() ? resolve(performance.now() - started) : requestAnimationFrame(poll));
        poll();
      });
    const firstRows = await until(() => root.querySelector('[role="option"] .name')?.textContent?.startsWith('obs-'));
    const all = await until(() => root.querySelector('[part~="status"]')?.textContent?.includes(`${count.toLocaleString('en')} items`));
    const viewport = root.querySelector('.viewport');
    const frames = [];
    let maxRows = 0;
    let last = performance.now();
    await new Promise((resolve) => {
      const step = (now) => {
        frames.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, root.querySelectorAll('[role="option"]').length);
        if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1) return resolve();
        viewport.scrollTop += 400;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    const sorted = frames.slice(1).sort((a, b) => a - b);
    return { firstRows, all, pages: Math.ceil(count / 1000), frames: sorted.length, medianFrame: sorted[Math.floor(sorted.length / 2)], worstFrame: sorted.at(-1), maxRows };
  }, LISTED);
}
