import { createProxyServer } from 'http-proxy-3';
import http from 'node:http';
import { ready } from './child.js';

/** A bare http-proxy-3 with a keep-alive agent: no routing, no authentication. */
const target = process.argv[2]!;
const agent = new http.Agent({ keepAlive: true });
const proxy = createProxyServer({ agent, target, xfwd: true });
proxy.on('error', (_error, _req, res) => {
  if (res instanceof http.ServerResponse) {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  } else res.destroy();
});
const server = http.createServer((req, res) => proxy.web(req, res));
server.on('upgrade', (req, socket, head) => proxy.ws(req, socket, head));
server.listen(0, '127.0.0.1', () => ready({ port: (server.address() as { port: number }).port }));
