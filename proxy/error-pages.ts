import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { escapeHtml } from '../bff/http/html.js';

/**
 * What the proxy answers itself: a small accessible page for a browser, `{code, message}`
 * for anything else, a bare status line on a WebSocket upgrade. Never a stack trace.
 */
export interface ProxyError {
  status: number;
  code: string;
  message: string;
  /** The page's heading; the status text if absent. */
  title?: string;
  /** Seconds after which the page reloads itself (a starting service). */
  refreshSeconds?: number;
}

export function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(req.headers.accept ?? '');
}

/** A browser navigating to a page: may be sent to sign in instead of a bare 401. */
export function isNavigation(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && wantsHtml(req);
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: ProxyError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const html = wantsHtml(req);
  const body = html ? page(error) : JSON.stringify({ code: error.code, message: error.message });
  res.statusCode = error.status;
  res.setHeader('Content-Type', html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (error.refreshSeconds) res.setHeader('Retry-After', String(error.refreshSeconds));
  if (hasBody(req)) res.setHeader('Connection', 'close'); // do not read an unwanted body to the end
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0, ...headers });
  res.end();
}

/** Answers an upgrade request with a plain HTTP response, then closes the socket. */
export function refuseUpgrade(socket: Duplex, error: ProxyError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ code: error.code, message: error.message });
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

function page(error: ProxyError): string {
  const title = error.title ?? `${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`;
  const refresh = error.refreshSeconds ? `\n<meta http-equiv="refresh" content="${error.refreshSeconds}">` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(error.message)}</p>
</main>
</body>
</html>
`;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
