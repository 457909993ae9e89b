import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { listen } from '../../bff/http/listen.js';
import { SERVICES } from '../../bff/services/record.js';
import { record, routed, startStack, type Stack } from './helpers.js';

const HOST = 'stream-8000.localhost';
const MIB = 1024 * 1024;

/**
 * Bodies flow through the proxy as they come, both ways, and a connection cut on one
 * side is cut on the other: nothing waits for a whole body, nothing hangs.
 */
describe('proxy streaming', { timeout: 30_000 }, () => {
  let stack: Stack;
  let upstream: http.Server;
  let firstChunkSeen: () => void = () => {};
  let upstreamClosed: () => void = () => {};
  let releaseEvent: () => void = () => {};

  before(async () => {
    stack = await startStack();
    upstream = http.createServer((req, res) => {
      if (req.url === '/upload') {
        const hash = createHash('sha256');
        let bytes = 0;
        req.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstChunkSeen();
          bytes += chunk.length;
          hash.update(chunk);
        });
        req.on('end', () => res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') })));
      } else if (req.url === '/download') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        let sent = 0;
        const pump = () => {
          while (sent < 64 * MIB) {
            const chunk = Buffer.alloc(64 * 1024, sent / (64 * 1024));
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('data: one\n\n');
        releaseEvent = () => res.end('data: two\n\n');
      } else if (req.url === '/die') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first;');
        setTimeout(() => res.socket!.destroy(), 20);
      } else if (req.url === '/hang') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first;');
        res.on('close', () => upstreamClosed());
      }
    });
    const port = await listen(upstream, 0, '127.0.0.1');
    await stack.store.put(SERVICES, 'stream', record('stream', 'alice', [routed(8000, `http://127.0.0.1:${port}`, 't')]), 'absent');
  });
  after(async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    await stack.close();
  });

  function request(path: string, method = 'GET'): http.ClientRequest {
    return http.request({ host: '127.0.0.1', port: stack.proxyPort, path, method, agent: false, headers: { host: HOST, cookie: stack.cookie({ serviceId: 'stream' }) } });
  }

  it('streams an upload: the upstream has its first chunk before the client sends the rest', async () => {
    const seen = new Promise<void>((resolve) => (firstChunkSeen = resolve));
    const req = request('/upload', 'POST');
    const sent = createHash('sha256');
    const reply = new Promise<string>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });
    const first = Buffer.alloc(256 * 1024, 1);
    sent.update(first);
    req.write(first);
    await seen; // would never come if the proxy waited for the whole body
    for (let i = 0; i < 16; i++) {
      const chunk = Buffer.alloc(MIB, i);
      sent.update(chunk);
      req.write(chunk);
    }
    req.end();
    assert.deepEqual(JSON.parse(await reply), { bytes: 256 * 1024 + 16 * MIB, sha256: sent.digest('hex') });
  });

  it('streams a 64 MiB download intact', async () => {
    const { bytes, firstByteBeforeEnd } = await new Promise<{ bytes: number; firstByteBeforeEnd: boolean }>((resolve, reject) => {
      const req = request('/download');
      req.on('response', (res) => {
        let received = 0;
        let first = false;
        res.on('data', (chunk: Buffer) => {
          if (received === 0) first = !res.complete;
          received += chunk.length;
        });
        res.on('end', () => resolve({ bytes: received, firstByteBeforeEnd: first }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(bytes, 64 * MIB);
    assert.ok(firstByteBeforeEnd);
  });

  it('passes server-sent events as they come, unbuffered', { timeout: 3000 }, async () => {
    const req = request('/events');
    const first = await new Promise<{ type: string; chunk: string; res: http.IncomingMessage }>((resolve, reject) => {
      req.on('response', (res) => res.once('data', (chunk: Buffer) => resolve({ type: String(res.headers['content-type']), chunk: chunk.toString(), res })));
      req.on('error', reject);
      req.end();
    });
    assert.equal(first.type, 'text/event-stream');
    assert.equal(first.chunk, 'data: one\n\n');
    const rest = new Promise<string>((resolve) => {
      let body = '';
      first.res.on('data', (chunk: Buffer) => (body += chunk));
      first.res.on('end', () => resolve(body));
    });
    releaseEvent();
    assert.equal(await rest, 'data: two\n\n');
  });

  it('breaks off the response when the upstream breaks off, instead of leaving the client waiting', { timeout: 5000 }, async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request('/die');
      req.on('response', (res) => {
        res.on('data', () => undefined);
        res.on('aborted', () => resolve('aborted'));
        res.on('error', () => resolve('aborted'));
        res.on('end', () => resolve(res.complete ? 'complete' : 'aborted'));
      });
      req.on('error', () => resolve('aborted'));
      req.end();
    });
    assert.equal(outcome, 'aborted');
  });

  it('ends the upstream request when the client goes away mid-response', { timeout: 5000 }, async () => {
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const req = request('/hang');
    req.on('response', (res) => res.once('data', () => req.destroy()));
    req.on('error', () => undefined);
    req.end();
    await closed;
  });
});
