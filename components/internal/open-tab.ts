/** The browser refused to open a new tab (a popup blocker). */
export class TabBlockedError extends Error {
  override readonly name = 'TabBlockedError';
}

/**
 * Opens a service in a new tab. The tab is opened on `about:blank` synchronously — call
 * this from a click handler, before any await — so popup blockers let it through; its
 * opener is nulled; it goes to the URL once `getUrl` resolves, and closes if that fails.
 */
export async function openInNewTab(getUrl: () => Promise<{ url: string }>): Promise<void> {
  const tab = window.open('about:blank', '_blank');
  if (!tab) throw new TabBlockedError('The new tab was blocked.');
  tab.opener = null;
  try {
    const { url } = await getUrl();
    tab.location.href = url;
  } catch (error) {
    tab.close();
    throw error;
  }
}
