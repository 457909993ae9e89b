import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';

/**
 * Whether `browser` refuses third-party cookies: a page of one site frames a page of
 * another that sets a `SameSite=None; Secure` cookie (allowed on http://localhost). The
 * cookie must be stored when the framed page is visited first-hand (the probe works) and
 * refused when framed; Chromium's reason for refusing it is returned.
 */
export async function probeThirdPartyCookies(browser: Browser): Promise<{ firstPartyStored: boolean; thirdPartyStored: boolean; blockedReasons: string[] }> {
  const server = createServer((req, res) => {
    if (req.url === '/frame') {
      res.writeHead(200, { 'set-cookie': 'probe=1; SameSite=None; Secure; Path=/', 'content-type': 'text/html' }).end('<p>framed</p>');
      return;
    }
    const { port } = server.address() as { port: number };
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="http://localhost:${port}/frame"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as { port: number };
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/frame`);
    const firstPartyStored = (await context.cookies()).some((cookie) => cookie.name === 'probe');
    await context.clearCookies();

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const blockedReasons: string[] = [];
    cdp.on('Network.responseReceivedExtraInfo', (event) => {
      for (const blocked of event.blockedCookies ?? []) blockedReasons.push(...blocked.blockedReasons);
    });
    await page.goto(`http://site-a.localhost:${port}/`);
    await page.frameLocator('iframe').getByText('framed').waitFor();
    const thirdPartyStored = (await context.cookies()).some((cookie) => cookie.name === 'probe');
    return { firstPartyStored, thirdPartyStored, blockedReasons };
  } finally {
    await context.close();
    server.close();
  }
}
