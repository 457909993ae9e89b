import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateSecretJson } from '../bff/files/secret-files.js';

interface ProxySecrets {
  /** base64url, 32 bytes. */
  cookieKey: string;
}

/**
 * The key of the proxy's cookies, in `<data>/proxy/secrets.json` (mode 0600), created
 * the first time: every replica sharing the data folder shares it, and cookies survive
 * a restart.
 */
export async function loadProxyCookieKey(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, 'proxy', 'secrets.json');
  const secrets = await readOrCreateSecretJson<ProxySecrets>(file, () => ({ cookieKey: randomBytes(32).toString('base64url') }));
  const key = Buffer.from(typeof secrets.cookieKey === 'string' ? secrets.cookieKey : '', 'base64url');
  if (key.length < 32) throw new Error(`${file}: cookieKey must be 32 bytes in base64url; delete the file to make a new key.`);
  return key;
}
