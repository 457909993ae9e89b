import type { RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../http/html.js';

/**
 * The sign-in popup's redirect_uri. The element that opened the popup put its page's
 * origin in `state` (`<random>.<base64url(origin)>`); this page hands the whole callback
 * URL back to that opener with postMessage aimed at exactly that origin, and only if the
 * origin is allowed to embed Atelier. The element then checks state and exchanges the
 * code itself (PKCE: only it knows the verifier).
 */
export function authCallbackPage(isAllowedOrigin: (origin: string) => boolean): RequestHandler {
  return (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const origin = originOf(state);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!origin || !isAllowedOrigin(origin)) {
      res.status(400).type('html').send(page('Sign-in refused', `<h1>Sign-in refused</h1><p>The page that asked to sign in${origin ? ` (${escapeHtml(origin)})` : ''} is not allowed to use Atelier. An administrator can allow it in ATELIER_ORIGINS.</p>`));
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'`);
    const script = `
      const opener = window.opener;
      if (opener) {
        opener.postMessage({ type: 'atelier-auth-callback', url: location.href }, ${JSON.stringify(origin).replace(/</g, '\\u003c')});
        window.close();
      } else {
        document.getElementById('message').textContent = 'This sign-in window has lost its page: close it and sign in again.';
      }`;
    res.type('html').send(page('Signing in…', `<p id="message" role="status">Signing in…</p><script nonce="${nonce}">${script}</script>`));
  };
}

/** The origin carried in `state`, if it is well formed. */
export function originOf(state: string): string | null {
  const [, encoded] = state.split('.');
  if (!encoded) return null;
  try {
    const origin = new URL(Buffer.from(encoded, 'base64url').toString('utf8')).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}
