#!/usr/bin/env node
// A small static server for the example pages, on an origin of their own (as an
// intranet or an LMS would be): `npm run examples` serves http://localhost:8090/intranet/
// and /lms/ against the Atelier of `npm start` (http://localhost:8080, or ATELIER_PORT).
//
//   node examples/serve.mjs [--port 8090] [--atelier http://localhost:8080]
//
// The pages name Atelier at http://localhost:8080, as a page copied from them would; this
// server rewrites that to --atelier when it differs (the end-to-end tests start Atelier on
// free ports).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const EXAMPLES = fileURLToPath(new URL('.', import.meta.url));
const WRITTEN_ATELIER = 'http://localhost:8080';
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.js': 'text/javascript' };

/**
 * Serves examples/ on `port` (0: any free one). `replacements` rewrites text in the pages
 * (e.g. another catalog entry). Resolves with the server's URL (on `host`, default
 * localhost) and a close function.
 */
export async function serveExamples({ port = 8090, host = 'localhost', atelierUrl = WRITTEN_ATELIER, replacements = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://examples').pathname;
    const file = normalize(join(EXAMPLES, decodeURIComponent(path.endsWith('/') ? `${path}index.html` : path)));
    const type = TYPES[extname(file)];
    if (!file.startsWith(EXAMPLES.endsWith(sep) ? EXAMPLES : EXAMPLES + sep) || !type || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    try {
      let body = await readFile(file, 'utf8');
      if (type.startsWith('text/html')) {
        body = body.replaceAll(WRITTEN_ATELIER, atelierUrl.replace(/\/$/, ''));
        for (const [from, to] of Object.entries(replacements)) body = body.replaceAll(from, to);
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const url = `http://${host}:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8090' }, atelier: { type: 'string' } } });
  const atelierUrl = values.atelier ?? `http://localhost:${process.env.ATELIER_PORT ?? 8080}`;
  const { url } = await serveExamples({ port: Number(values.port), atelierUrl });
  console.log(`Examples against ${atelierUrl}:\n  ${url}/intranet/  an intranet page\n  ${url}/lms/       an LMS course page`);
}
