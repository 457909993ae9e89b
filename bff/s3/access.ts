import type { User } from '../../components/api/types.js';
import type { S3Credentials } from './embedded/credentials.js';
import type { UserSpace } from './space.js';

/**
 * Onyxia's `s3.*` launch context: what charts read with `{{s3.AWS_ACCESS_KEY_ID}}` and
 * the others. `AWS_S3_ENDPOINT` is host[:port] without a scheme, as in Onyxia; `url` is
 * the whole endpoint URL.
 */
export type S3Context = {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
  AWS_DEFAULT_REGION: string;
  AWS_S3_ENDPOINT: string;
  AWS_BUCKET_NAME: string;
  port: number;
  pathStyleAccess: boolean;
  isAnonymous: boolean;
  workingDirectoryPath: string;
  url: string;
};

/** How a user's services get S3 credentials; null: they get none (endpoint and bucket only). */
export type ServiceCredentials = (user: User, options: { webIdentityToken?: string }) => Promise<S3Credentials | null>;

export interface S3AccessOptions {
  /** The endpoint as services reach it. */
  publicUrl: string;
  region: string;
  spaceOf: (username: string) => UserSpace;
  credentials: ServiceCredentials;
}

/** The S3 part of what a launched service gets: the `s3.*` context, and its environment. */
export class S3Access {
  constructor(private readonly options: S3AccessOptions) {}

  async contextFor(user: User, options: { webIdentityToken?: string } = {}): Promise<S3Context> {
    const space = this.options.spaceOf(user.username);
    const credentials = await this.options.credentials(user, options);
    const url = new URL(this.options.publicUrl);
    return {
      AWS_ACCESS_KEY_ID: credentials?.accessKeyId ?? '',
      AWS_SECRET_ACCESS_KEY: credentials?.secretAccessKey ?? '',
      AWS_SESSION_TOKEN: credentials?.sessionToken ?? '',
      AWS_DEFAULT_REGION: this.options.region,
      AWS_S3_ENDPOINT: url.host,
      AWS_BUCKET_NAME: space.bucket,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      pathStyleAccess: true,
      isAnonymous: credentials === null,
      workingDirectoryPath: `${space.bucket}/${space.prefix}`,
      url: url.href.replace(/\/$/, ''),
    };
  }

  /**
   * The variables a launched service gets: Onyxia's, plus `AWS_ENDPOINT_URL_S3` (the full
   * URL, read by the AWS CLI, boto3 and the SDKs without configuration) and checksums only
   * when required (what S3-compatible servers understand).
   */
  async environmentFor(user: User, options: { webIdentityToken?: string } = {}): Promise<Record<string, string>> {
    const context = await this.contextFor(user, options);
    return {
      AWS_ACCESS_KEY_ID: context.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: context.AWS_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: context.AWS_SESSION_TOKEN,
      AWS_DEFAULT_REGION: context.AWS_DEFAULT_REGION,
      AWS_REGION: context.AWS_DEFAULT_REGION,
      AWS_S3_ENDPOINT: context.AWS_S3_ENDPOINT,
      AWS_ENDPOINT_URL_S3: context.url,
      AWS_BUCKET_NAME: context.AWS_BUCKET_NAME,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
    };
  }
}
