import { createServer, type Server } from 'node:http';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';
import { listen, listenPreferring } from '../../http/listen.js';
import type { UserSpace } from '../space.js';
import { EmbeddedCredentials } from './credentials.js';
import { createGateway } from './gateway.js';
import { makeWritesAtomic } from './store.js';

export interface EmbeddedS3Options {
  /** ATELIER_DATA: the server keeps everything in `<data>/s3/` (buckets, keys, partial uploads). */
  data: string;
  /** A fixed port; 0 (or undefined) takes `preferredPort` when free, else any free port. */
  port?: number;
  /** A port to prefer (default: the one used last time for this data folder, kept in `s3/port`). */
  preferredPort?: number;
  isAllowedOrigin: (origin: string) => boolean;
  spaceOf: (username: string) => UserSpace;
  host?: string;
  /** The clock signatures are checked against (tests). */
  now?: () => number;
  log?: (message: string) => void;
}

export interface EmbeddedS3 {
  url: string;
  port: number;
  credentials: EmbeddedCredentials;
  close(): Promise<void>;
}

/**
 * The S3 server of embedded mode: s3rver on `<data>/s3/buckets`, behind the gateway that
 * verifies signatures and confines users' keys to their space, on a port of its own
 * (the one of last time when it is free, like the embedded issuer's).
 */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const dir = join(options.data, 's3');
  const temporary = join(dir, 'partial');
  await mkdir(join(dir, 'buckets'), { recursive: true, mode: 0o700 });
  // What a crash left half-written is not an object: it goes.
  await rm(temporary, { recursive: true, force: true });
  const credentials = await EmbeddedCredentials.load(dir);
  const s3rver = new S3rver({ directory: join(dir, 'buckets'), silent: true, vhostBuckets: false });
  makeWritesAtomic(s3rver.store, temporary);
  const server: Server = createServer(
    createGateway({ s3rver, credentials, spaceOf: options.spaceOf, isAllowedOrigin: options.isAllowedOrigin, now: options.now, log: options.log }),
  );
  const host = options.host ?? '127.0.0.1';
  // Services outlive Atelier with the endpoint in their environment: the port of last time
  // is kept in the data folder, and taken again whenever it is free.
  const portFile = join(dir, 'port');
  const last = Number(await readFile(portFile, 'utf8').catch(() => '')) || undefined;
  const port = options.port ? await listen(server, options.port, host) : await listenPreferring(server, options.preferredPort ?? last, host);
  if (port !== last) await writeFile(portFile, String(port));
  return {
    url: `http://localhost:${port}`,
    port,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
