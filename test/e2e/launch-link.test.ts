import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call } from '../helpers/http.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';
import { launchChromium, signInThroughPopup } from './browser.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'schemas');

/** The launcher inside the portal's dialog, its `value` read as a host page would. */
const launcherValue = (page: Page) =>
  page.evaluate(() => (document.querySelector('atelier-app')!.shadowRoot!.querySelector('atelier-launcher') as unknown as { value: Record<string, unknown> }).value);

describe('launch links, end to end in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let link = '';
  let before_: Record<string, unknown> = {};

  before(async () => {
    const configFile = join(await tempDir('atelier-config-'), 'atelier.yaml');
    await writeFile(
      configFile,
      JSON.stringify({
        catalogs: { sources: [{ id: 'local', path: 'builtin:local' }, { id: 'lab', path: join(FIXTURES, 'lab') }], schemas: join(FIXTURES, 'registry') },
      }),
    );
    stack = await startTestStack({ env: { ATELIER_CONFIG: configFile } });
    browser = await launchChromium();
    context = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('form → link: the link carries the changed values in Onyxia’s encoding', async () => {
    const page = await context.newPage();
    await page.goto(stack.bffUrl);
    await page.getByRole('button', { name: 'Launch GPU lab' }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch GPU lab' });
    await signInThroughPopup(context, page, dialog.getByRole('button', { name: 'Sign in to launch' }), 'alice');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).waitFor();
    await ownedBy(page, 'alice');

    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Shared lab');
    await dialog.getByRole('spinbutton', { name: 'Workers' }).fill('4');
    await dialog.getByRole('textbox', { name: 'Bucket' }).fill('shared-data');
    await dialog.getByRole('combobox', { name: 'Image' }).selectOption('python:3.12');
    await dialog.getByRole('textbox', { name: 'Node selector' }).fill('disktype: ssd\nzone: "b"');
    await dialog.getByRole('button', { name: 'Copy launch link' }).click();
    link = await dialog.getByRole('textbox', { name: 'Launch link' }).inputValue();
    before_ = await launcherValue(page);

    const url = new URL(link);
    assert.equal(url.origin, stack.bffUrl);
    assert.equal(url.searchParams.get('launch'), 'lab/gpu-lab');
    assert.equal(url.searchParams.get('name'), 'Shared lab');
    assert.equal(url.searchParams.get('workers'), '4');
    assert.equal(url.searchParams.get('bucket'), '«shared-data»');
    assert.equal(url.searchParams.get('nodeSelector.zone'), '«b»');
    assert.equal(url.searchParams.get('owner'), null, 'unchanged values are not in the link');
    assert.equal(before_.owner, 'alice');
    await page.close();
  });

  test('link → new page: the launcher opens with the same values', async () => {
    const other = await browser.newContext(); // another browser session: nothing shared but the link
    const page = await other.newPage();
    await page.goto(link);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('This form was filled in from a launch link.').waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Shared lab');
    assert.equal(await dialog.getByRole('spinbutton', { name: 'Workers' }).inputValue(), '4');
    await signInThroughPopup(other, page, dialog.getByRole('button', { name: 'Sign in to launch' }), 'alice');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).waitFor();
    await ownedBy(page, 'alice'); // signed in, the form has alice's defaults, the link's values kept over them
    const after_ = await launcherValue(page);
    const { password: first, ...rest } = before_;
    const { password: second, ...same } = after_;
    assert.deepEqual(same, rest);
    assert.notEqual(second, first, 'a one-time password is drawn for each form, never carried by a link');
    await other.close();
  });

  test('autoLaunch asks first, then launches with the link’s values', async () => {
    const token = (await stack.token('alice')).trim();
    const other = await browser.newContext();
    const page = await other.newPage();
    await page.goto(`${link}&autoLaunch=true`);
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/This link asks to launch GPU lab with the values below/).waitFor();
    assert.deepEqual((await call(stack.bffUrl, 'GET', '/api/services', { token })).body, [], 'nothing launched before the user agrees');
    await signInThroughPopup(other, page, dialog.getByRole('button', { name: 'Sign in to launch' }), 'alice');
    await dialog.getByRole('button', { name: 'Launch now' }).click();
    const service = await waitForService(stack, token, 'Shared lab');
    assert.equal(service.values.workers, 4);
    assert.equal(service.values.bucket, 'shared-data');
    assert.deepEqual(service.values.nodeSelector, { disktype: 'ssd', zone: 'b' });
    assert.equal(service.values.owner, 'alice');
    await call(stack.bffUrl, 'DELETE', `/api/services/${service.id}`, { token });
    await other.close();
  });
});

/** Waits until the launcher's defaults are the user's (the form is reloaded once signed in). */
async function ownedBy(page: Page, username: string): Promise<void> {
  await page.waitForFunction((name) => (document.querySelector('atelier-app')!.shadowRoot!.querySelector('atelier-launcher') as unknown as { value: { owner?: string } }).value.owner === name, username);
}

async function waitForService(stack: TestStack, token: string, name: string): Promise<{ id: string; values: Record<string, unknown> }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await call(stack.bffUrl, 'GET', '/api/services', { token });
    const found = (body as { id: string; name: string; values: Record<string, unknown> }[]).find((service) => service.name === name);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no service "${name}" after 15 s: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
