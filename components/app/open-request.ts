/** A service the proxy sent an unsigned-in visitor here to open: `?open=<serviceId>&port=<port>`. */
export interface OpenRequest {
  id: string;
  port: number | undefined;
}

/** The open request of a page's query string, or null. Pure. */
export function parseOpenRequest(search: string): OpenRequest | null {
  const params = new URLSearchParams(search);
  const id = params.get('open');
  if (!id) return null;
  const rawPort = params.get('port');
  const port = rawPort && /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : undefined;
  return { id, port: port !== undefined && port > 0 && port < 65536 ? port : undefined };
}
