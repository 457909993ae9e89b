/** The message the BFF's `/auth/callback` page posts to its opener. */
export const CALLBACK_MESSAGE_TYPE = 'atelier-auth-callback';

/** Opens the sign-in popup on `about:blank`; call synchronously in a click handler. */
export function openSignInPopup(): Window | null {
  const width = 520;
  const height = 680;
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - height) / 2));
  const popup = window.open('about:blank', 'atelier-sign-in', `popup,width=${width},height=${height},left=${left},top=${top}`);
  return popup && !popup.closed ? popup : null;
}

/**
 * Waits for the callback page to post the authorization response. Accepts a message only
 * from `expectedOrigin` (the origin of the redirect URI), from this very popup, with the
 * expected type and a URL under the redirect URI. Resolves with that URL, or with null
 * when the popup was closed first (cancelled) or `signal` aborted.
 */
export function waitForCallback(popup: Window, redirectUri: string, signal?: AbortSignal): Promise<string | null> {
  const redirect = new URL(redirectUri);
  return new Promise((resolve) => {
    let closedTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (url: string | null) => {
      window.removeEventListener('message', onMessage);
      clearInterval(poll);
      clearTimeout(closedTimer);
      signal?.removeEventListener('abort', onAbort);
      resolve(url);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== redirect.origin || event.source !== popup) return;
      const data = event.data as { type?: unknown; url?: unknown } | null;
      if (!data || data.type !== CALLBACK_MESSAGE_TYPE || typeof data.url !== 'string') return;
      let url: URL;
      try {
        url = new URL(data.url);
      } catch {
        return;
      }
      if (url.origin !== redirect.origin || url.pathname !== redirect.pathname) return;
      finish(url.href);
    };
    const onAbort = () => finish(null);
    // The callback page posts, then closes itself: give a message already queued a
    // moment to arrive before calling a closed popup a cancellation.
    const poll = setInterval(() => {
      if (popup.closed && closedTimer === undefined) closedTimer = setTimeout(() => finish(null), 400);
    }, 300);
    window.addEventListener('message', onMessage);
    signal?.addEventListener('abort', onAbort);
  });
}
