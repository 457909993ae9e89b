import { createHash } from 'node:crypto';

/**
 * Where a user's files live: a bucket of their own (`bucket` mode: `<bucketPrefix><username>`)
 * or a folder of one shared bucket (`prefix` mode: `<bucket>/<username>/`). Pure.
 */
export interface SpaceSettings {
  mode: 'bucket' | 'prefix';
  /** The shared bucket of `prefix` mode. */
  bucket: string;
  /** What a user's bucket name starts with in `bucket` mode. */
  bucketPrefix: string;
}

export interface UserSpace {
  bucket: string;
  /** '' in bucket mode, `<username>/` in prefix mode: every key of the user starts with it. */
  prefix: string;
}

const MAX_BUCKET = 63;

export function spaceOf(username: string, settings: SpaceSettings): UserSpace {
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(username)) throw new Error(`"${username}" is not a user name a space can be made for.`);
  if (settings.mode === 'prefix') return { bucket: settings.bucket, prefix: `${username}/` };
  let bucket = `${settings.bucketPrefix}${username}`;
  if (bucket.length > MAX_BUCKET) {
    // Long names keep a readable start and a hash that tells them apart.
    const hash = createHash('sha256').update(username).digest('hex').slice(0, 8);
    bucket = `${bucket.slice(0, MAX_BUCKET - 9).replace(/-+$/, '')}-${hash}`;
  }
  if (bucket.length < 3) bucket = bucket.padEnd(3, '0');
  return { bucket, prefix: '' };
}

/** The `s3://` URI of a key of the user (relative to their space). */
export function s3Uri(space: UserSpace, path = ''): string {
  return `s3://${space.bucket}/${space.prefix}${path}`;
}
