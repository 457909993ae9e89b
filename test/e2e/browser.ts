import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

/** Debian's Chromium, headless, making no outside connections (plus `extraArgs`). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Signs in through the popup as a person would: clicks `signInButton`, reads the demo
 * password shown on the embedded issuer's page, types it, and waits for the popup to close
 * and for `signedIn` to show (by default the portal's "Signed in as").
 */
export async function signInThroughPopup(
  context: BrowserContext,
  page: Page,
  signInButton: ReturnType<Page['getByRole']>,
  username: string,
  signedIn: Locator = page.getByText(/Signed in as/),
) {
  const popupOpened = context.waitForEvent('page');
  await signInButton.click();
  const popup = await popupOpened;
  await popup.getByRole('heading', { name: 'Sign in' }).waitFor();
  const demo = await popup.getByRole('complementary').innerText();
  const password = new RegExp(`${username} / (\\S+)`).exec(demo)?.[1];
  if (!password) throw new Error(`no demo password for ${username} on the sign-in page: ${demo}`);
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(password);
  // Listen before clicking: the popup may close before click() returns.
  const popupClosed = popup.waitForEvent('close', { timeout: 30_000 });
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await popupClosed;
  await signedIn.waitFor();
}

/** Collects the requests of a page that failed or answered an error status. */
export function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
  return failed;
}

/** Deletes a service as a person does: Delete, then the confirmation; the card goes away. */
export async function deleteThroughCard(card: Locator): Promise<void> {
  await card.getByRole('button', { name: /^Delete / }).click();
  await card.getByRole('button', { name: 'Yes, delete' }).click();
  await card.waitFor({ state: 'detached', timeout: 15_000 });
}
