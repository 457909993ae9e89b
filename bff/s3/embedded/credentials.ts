import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateSecretJson } from '../../files/secret-files.js';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials only (STS); '' otherwise. */
  sessionToken: string;
  /** When temporary credentials stop working; null when they do not expire. */
  expiresAt: string | null;
}

/** Who a request to the embedded server comes from. */
export type Principal = { kind: 'admin' } | { kind: 'user'; username: string };

interface Secrets {
  adminAccessKeyId: string;
  adminSecretAccessKey: string;
  /** The key every user's secret is derived from. */
  userKeySecret: string;
}

const USER_KEY_PREFIX = 'user-';

/**
 * The keys of the embedded S3 server: one for the BFF itself (everything), and one per
 * user, derived from a secret of the data folder (`s3/keys.json`, 0600), which the
 * gateway confines to that user's space. They do not expire: there is no STS here.
 */
export class EmbeddedCredentials {
  private constructor(private readonly secrets: Secrets) {}

  static async load(dir: string): Promise<EmbeddedCredentials> {
    const secrets = await readOrCreateSecretJson<Secrets>(join(dir, 'keys.json'), () => ({
      adminAccessKeyId: `admin-${randomBytes(8).toString('hex')}`,
      adminSecretAccessKey: randomBytes(30).toString('base64url'),
      userKeySecret: randomBytes(32).toString('base64url'),
    }));
    return new EmbeddedCredentials(secrets);
  }

  get admin(): S3Credentials {
    return { accessKeyId: this.secrets.adminAccessKeyId, secretAccessKey: this.secrets.adminSecretAccessKey, sessionToken: '', expiresAt: null };
  }

  forUser(username: string): S3Credentials {
    return { accessKeyId: `${USER_KEY_PREFIX}${username}`, secretAccessKey: this.userSecret(username), sessionToken: '', expiresAt: null };
  }

  /** The secret and principal of an access key id, or undefined for an unknown one. */
  resolve(accessKeyId: string): { secretAccessKey: string; principal: Principal } | undefined {
    if (accessKeyId === this.secrets.adminAccessKeyId) return { secretAccessKey: this.secrets.adminSecretAccessKey, principal: { kind: 'admin' } };
    const username = accessKeyId.startsWith(USER_KEY_PREFIX) ? accessKeyId.slice(USER_KEY_PREFIX.length) : '';
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(username)) return undefined;
    return { secretAccessKey: this.userSecret(username), principal: { kind: 'user', username } };
  }

  private userSecret(username: string): string {
    return createHmac('sha256', this.secrets.userKeySecret).update(`user:${username}`).digest('base64url');
  }
}
