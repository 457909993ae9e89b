import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { User } from '../../components/api/types.js';
import type { Config } from '../config/config.js';
import { S3Access, type S3Context, type ServiceCredentials } from './access.js';
import type { S3Credentials } from './embedded/credentials.js';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded/server.js';
import { FileSpaces } from './file-spaces.js';
import { createS3Client } from './s3-client.js';
import { spaceOf, type SpaceSettings } from './space.js';
import { assumeRoleWithWebIdentity } from './sts.js';

export interface S3Setup {
  files: FileSpaces;
  access: S3Access;
  /** The `s3.*` launch context of a user (Onyxia's names), for `x-onyxia` expressions. */
  s3ContextFor: (user: User, options?: { webIdentityToken?: string }) => Promise<S3Context>;
  /** The endpoint's URL as browsers and services reach it. */
  url: string;
  /** The embedded server's port, null for an external endpoint. */
  embeddedPort: number | null;
  /** The embedded server, for tests and scripts that need its keys. */
  embedded: EmbeddedS3 | null;
  close(): Promise<void>;
}

export interface S3SetupDeps {
  /** The page origins allowed to embed the elements: they may send bytes to S3. */
  corsOrigins: string[];
  isAllowedOrigin: (origin: string) => boolean;
  preferredPort?: number;
  log: (message: string) => void;
}

/**
 * Users' file storage from the configuration: the embedded S3 server (s3rver behind a
 * verifying gateway, `s3.endpoint: null`) or an external S3-compatible endpoint, and
 * what services get to reach it.
 */
export async function startS3(config: Config, deps: S3SetupDeps): Promise<S3Setup> {
  const settings = config.s3;
  const space: SpaceSettings = { mode: settings.space, bucket: settings.bucket, bucketPrefix: settings.bucketPrefix };
  const spaceFor = (username: string) => spaceOf(username, space);

  let embedded: EmbeddedS3 | null = null;
  let endpoint: string;
  let admin: Pick<S3Credentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;
  if (settings.endpoint === null) {
    embedded = await startEmbeddedS3({ data: config.data, port: settings.port, preferredPort: deps.preferredPort, isAllowedOrigin: deps.isAllowedOrigin, spaceOf: spaceFor, log: deps.log });
    endpoint = embedded.url;
    admin = embedded.credentials.admin;
  } else {
    if (!settings.accessKeyId || !settings.secretAccessKey) {
      throw new Error('s3.endpoint needs s3.accessKeyId and s3.secretAccessKey (or ATELIER_S3_ACCESS_KEY_ID and ATELIER_S3_SECRET_ACCESS_KEY).');
    }
    endpoint = settings.endpoint.replace(/\/$/, '');
    admin = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, sessionToken: '' };
  }
  const publicUrl = (settings.publicUrl ?? endpoint).replace(/\/$/, '');
  const ca = settings.ca ? await readFile(resolve(settings.ca), 'utf8') : null;
  const client = createS3Client({ endpoint, region: settings.region, credentials: admin, ca });
  const signer = publicUrl === endpoint ? client : createS3Client({ endpoint: publicUrl, region: settings.region, credentials: admin, ca });

  const files = new FileSpaces({
    client,
    signer,
    publicUrl,
    region: settings.region,
    space,
    corsOrigins: deps.corsOrigins,
    partSizeBytes: settings.partSizeMiB * 1024 * 1024,
    log: deps.log,
  });
  const access = new S3Access({ publicUrl, region: settings.region, spaceOf: spaceFor, credentials: serviceCredentials(config, embedded) });
  return {
    files,
    access,
    s3ContextFor: (user, options) => access.contextFor(user, options),
    url: publicUrl,
    embeddedPort: embedded?.port ?? null,
    embedded,
    async close() {
      client.destroy();
      if (signer !== client) signer.destroy();
      await embedded?.close();
    },
  };
}

/**
 * What services get: in embedded mode the user's own key (confined to their space by the
 * gateway, but not temporary: there is no STS); with `s3.sts.endpoint`, temporary
 * credentials for the user's access token; otherwise none.
 */
function serviceCredentials(config: Config, embedded: EmbeddedS3 | null): ServiceCredentials {
  if (embedded) return async (user) => embedded.credentials.forUser(user.username);
  const sts = config.s3.sts;
  if (!sts.endpoint) return async () => null;
  const settings = { endpoint: sts.endpoint, roleArn: sts.roleArn, durationSeconds: sts.durationSeconds };
  const cache = new Map<string, S3Credentials>();
  return async (user, { webIdentityToken }) => {
    const cached = cache.get(user.username);
    if (cached?.expiresAt && Date.parse(cached.expiresAt) - Date.now() > 5 * 60_000) return cached;
    if (!webIdentityToken) throw new Error("S3 credentials from STS need the user's access token, and none was given.");
    const credentials = await assumeRoleWithWebIdentity(settings, webIdentityToken, `atelier-${user.username}`);
    cache.set(user.username, credentials);
    return credentials;
  };
}
