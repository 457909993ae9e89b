import http from 'node:http';
import { WebSocketServer } from 'ws';
import { ready } from './child.js';

/**
 * The benchmark's upstream: 200-byte responses on any path; `/slow` sends a first chunk
 * and ends 200 ms later (clients of the soak abort in between); `/die` sends a first
 * chunk and then destroys its socket (the upstream aborting mid-response); WebSocket
 * echo on any path.
 */
const BODY = Buffer.alloc(200, 'a');

const server = http.createServer((req, res) => {
  if (req.url === '/slow') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first;');
    const timer = setTimeout(() => res.end('last'), 200);
    res.on('close', () => clearTimeout(timer));
    return;
  }
  if (req.url === '/die') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first;');
    setTimeout(() => res.socket?.destroy(), 5);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
  res.end(BODY);
});
server.keepAliveTimeout = 60_000;
const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));

server.listen(0, '127.0.0.1', () => ready({ port: (server.address() as { port: number }).port }));
