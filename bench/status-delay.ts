// The delay between a driver's status change and its arrival on GET /api/services/events.
//   npm run bench:events -- [rounds]
// The real path of a change: the service manager applies the driver's update to the record
// with compare-and-set in the file store, publishes it, and the events route writes it to
// the caller's stream, read here with fetch streaming as the elements read it. The driver
// is scripted (its updates are what is timed), the rest is the BFF's own code. Baseline in
// the same run: a bare server-sent event written on demand and read the same way. Prints
// medians and p90; nothing is asserted.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Subject } from 'rxjs';
import type { StatusUpdate, WorkloadDriver } from '../bff/drivers/driver.js';
import { expressPath } from '../bff/http/route.js';
import { listen } from '../bff/http/listen.js';
import { serviceRoutes } from '../bff/routes/services.js';
import { SERVICES, type ServiceRecord } from '../bff/services/record.js';
import { ServiceManager } from '../bff/services/service-manager.js';
import { FileStore } from '../bff/store/file-store.js';

const rounds = Number(process.argv[2] ?? 200);
const OWNER = 'bench';

/** Reads an event stream, handing each event's data to whoever waits for the next one. */
async function eventReader(url: string): Promise<{ next: () => Promise<string>; close: () => void }> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) return data;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
    },
    close: () => abort.abort(),
  };
}

async function measure(trigger: (round: number) => void, next: () => Promise<string>, arrived: (data: string, round: number) => boolean): Promise<number[]> {
  const delays: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const began = performance.now();
    trigger(round);
    while (!arrived(await next(), round));
    delays.push(performance.now() - began);
  }
  return delays;
}

async function baseline(): Promise<number[]> {
  let stream: import('node:http').ServerResponse | undefined;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    stream = res;
  });
  const port = await listen(server, 0);
  const events = await eventReader(`http://127.0.0.1:${port}/`);
  while (!stream) await new Promise((resolve) => setTimeout(resolve, 1));
  try {
    return await measure(
      (round) => stream!.write(`event: service\ndata: ${JSON.stringify({ round })}\n\n`),
      events.next,
      (data, round) => JSON.parse(data).round === round,
    );
  } finally {
    events.close();
    server.closeAllConnections();
    server.close();
  }
}

async function throughBff(): Promise<number[]> {
  const data = await mkdtemp(join(tmpdir(), 'atelier-bench-events-'));
  const store = new FileStore(join(data, 'store'));
  const updates = new Subject<StatusUpdate>();
  const driver: WorkloadDriver = {
    name: 'scripted',
    updates,
    start: async () => ({ ports: [], runtime: {} }),
    stop: async () => {},
    adopt: async () => {},
    logs: async () => '',
    close: async () => {},
  };
  const services = new ServiceManager({
    store,
    catalogs: [],
    driver,
    checkRequirements: async () => null,
    resolveLaunch: async () => {
      throw new Error('no launches here');
    },
    urlOf: () => 'http://localhost/',
    log: (message) => console.error(message),
  });
  const record: ServiceRecord = {
    id: 'bench-1',
    name: 'Bench',
    catalog: 'local',
    service: 'file-server',
    owner: OWNER,
    createdAt: new Date().toISOString(),
    status: 'starting',
    reason: null,
    progress: { phase: 'starting', message: 'start', percent: 30 },
    values: {},
    ports: [],
    runtime: null,
  };
  await store.put(SERVICES, record.id, record, 'absent');

  const app = express();
  const events = serviceRoutes({ services, languages: ['en'] }).find((route) => route.path === '/api/services/events')!;
  app.get(expressPath(events.path), (req, _res, next) => {
    req.user = { username: OWNER, name: OWNER, email: null, groups: [] };
    next();
  }, async (req, res) => {
    await events.handler(req, res);
  });
  const server = createServer(app);
  const port = await listen(server, 0);
  const reader = await eventReader(`http://127.0.0.1:${port}/api/services/events`);
  await reader.next(); // the snapshot
  try {
    return await measure(
      (round) => updates.next({ id: record.id, status: 'starting', progress: { phase: 'starting', message: `step ${round}`, percent: 30 } }),
      reader.next,
      (data, round) => JSON.parse(data).progress?.message === `step ${round}`,
    );
  } finally {
    reader.close();
    server.closeAllConnections();
    server.close();
    services.close();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last history writes
    await rm(data, { recursive: true, force: true, maxRetries: 5 });
  }
}

function stats(delays: number[]): { median: number; p90: number } {
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p90: at(0.9) };
}

const bare = stats(await baseline());
const bff = stats(await throughBff());
const ms = (value: number) => `${value.toFixed(2)} ms`;
console.log(`Status change → GET /api/services/events, ${rounds} rounds`);
console.log(`  bare SSE write → read (baseline): median ${ms(bare.median)}, p90 ${ms(bare.p90)}`);
console.log(`  driver update → event (BFF):      median ${ms(bff.median)}, p90 ${ms(bff.p90)}`);
console.log(`  the BFF's share:                  median ${ms(bff.median - bare.median)}, p90 ${ms(bff.p90 - bare.p90)}`);
