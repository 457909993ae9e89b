import { Agent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Credentials } from './embedded/credentials.js';

export interface S3ClientSettings {
  endpoint: string;
  region: string;
  credentials: Pick<S3Credentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;
  /** PEM certificates to trust for an https endpoint, besides the system's. */
  ca?: string | null;
}

/**
 * The one way Atelier builds an S3 client: path-style addressing (S3-compatible servers
 * rarely have wildcard DNS), and checksums only where the operation requires them (with
 * the SDK's default, s3rver stores the aws-chunked framing in the object; RECIPE.md).
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  // The SDK is pinned (package.json): its warning about future releases needing Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { accessKeyId, secretAccessKey, sessionToken } = settings.credentials;
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    ...(settings.ca ? { requestHandler: { httpsAgent: new Agent({ ca: settings.ca, keepAlive: true }) } } : {}),
  });
}
