import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Credentials } from '../../bff/s3/embedded/credentials.js';
import { startEmbeddedS3, type EmbeddedS3, type EmbeddedS3Options } from '../../bff/s3/embedded/server.js';
import { createS3Client } from '../../bff/s3/s3-client.js';
import { spaceOf, type SpaceSettings } from '../../bff/s3/space.js';
import { tempDir } from './temp.js';

export interface TestS3 {
  server: EmbeddedS3;
  data: string;
  settings: SpaceSettings;
  /** A client with the BFF's own key. */
  admin: S3Client;
  /** A client with a user's key, as their services get it. */
  as(username: string): S3Client;
  clientFor(credentials: Pick<S3Credentials, 'accessKeyId' | 'secretAccessKey'>): S3Client;
  close(): Promise<void>;
}

/** The real embedded S3 server (gateway + s3rver) on a free port and a fresh data folder. */
export async function startTestS3(options: Partial<SpaceSettings> & Partial<EmbeddedS3Options> = {}): Promise<TestS3> {
  const data = options.data ?? (await tempDir('atelier-s3-'));
  const settings: SpaceSettings = { mode: options.mode ?? 'bucket', bucket: options.bucket ?? 'atelier', bucketPrefix: options.bucketPrefix ?? 'user-' };
  const server = await startEmbeddedS3({ data, isAllowedOrigin: (origin) => origin.startsWith('http://localhost:'), spaceOf: (name) => spaceOf(name, settings), ...options });
  const clients: S3Client[] = [];
  const clientFor = (credentials: Pick<S3Credentials, 'accessKeyId' | 'secretAccessKey'>) => {
    const client = createS3Client({ endpoint: server.url, region: 'us-east-1', credentials: { ...credentials, sessionToken: '' } });
    clients.push(client);
    return client;
  };
  return {
    server,
    data,
    settings,
    admin: clientFor(server.credentials.admin),
    as: (username) => clientFor(server.credentials.forUser(username)),
    clientFor,
    async close() {
      clients.forEach((client) => client.destroy());
      await server.close();
    },
  };
}

/** The error name an S3 call failed with ('' when it did not fail). */
export async function s3ErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return '';
  } catch (error) {
    return (error as Error).name;
  }
}
