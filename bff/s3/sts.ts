import type { S3Credentials } from './embedded/credentials.js';

export interface StsSettings {
  /** The STS endpoint (MinIO: the S3 endpoint itself). */
  endpoint: string;
  /** The role to assume; MinIO ignores it for OIDC policies, AWS requires it. */
  roleArn: string | null;
  durationSeconds: number;
}

/**
 * AssumeRoleWithWebIdentity (AWS STS, MinIO): trades the user's OIDC access token for
 * temporary S3 credentials scoped by the server's policy for that user. The call is not
 * signed: the token is the proof. Not exercised against a real STS in this repository's
 * tests (none is installable here); test/bff/s3-sts.test.ts checks the protocol against a
 * stand-in that answers as MinIO does.
 */
export async function assumeRoleWithWebIdentity(settings: StsSettings, webIdentityToken: string, sessionName: string): Promise<S3Credentials> {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    WebIdentityToken: webIdentityToken,
    DurationSeconds: String(settings.durationSeconds),
    RoleSessionName: sessionName.slice(0, 64),
    ...(settings.roleArn ? { RoleArn: settings.roleArn } : {}),
  });
  const response = await fetch(settings.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/xml' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const xml = await response.text();
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (!response.ok) {
    throw new Error(`STS refused AssumeRoleWithWebIdentity (${response.status} ${field('Code') ?? ''}): ${field('Message') ?? xml.slice(0, 200)}`);
  }
  const [accessKeyId, secretAccessKey, sessionToken, expiration] = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'].map(field);
  if (!accessKeyId || !secretAccessKey || !sessionToken) throw new Error('STS answered without credentials.');
  return { accessKeyId, secretAccessKey, sessionToken, expiresAt: expiration ?? null };
}
