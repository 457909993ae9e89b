import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { startEmbeddedIssuer, type EmbeddedIssuer } from '../../bff/issuer/issuer.js';
import { FileStore } from '../../bff/store/file-store.js';
import { SCRIPT_CLIENT_ID, SCRIPT_TOKEN_GRANT } from '../../bff/issuer/script-grant.js';

export const AUDIENCE = 'atelier';

/** The real embedded issuer on a free port, with its data in `data`. */
export function startTestIssuer(data: string, redirectUris: string[] = ['http://localhost:1/auth/callback']): Promise<EmbeddedIssuer> {
  return startEmbeddedIssuer({
    data,
    store: new FileStore(join(data, 'store')),
    appName: 'Atelier test',
    languages: ['en', 'fr'],
    clientId: 'atelier',
    audience: AUDIENCE,
    redirectUris,
    isAllowedOrigin: (origin) => origin.startsWith('http://localhost:'),
  });
}

/** An access token for `username` from the running issuer, through the grant `npm run token` uses. */
export async function issuerToken(issuer: { url: string }, data: string, username: string, groups: string[] = []): Promise<string> {
  const { scriptClientSecret } = JSON.parse(await readFile(join(data, 'issuer', 'secrets.json'), 'utf8')) as { scriptClientSecret: string };
  const response = await fetch(`${issuer.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${SCRIPT_CLIENT_ID}:${scriptClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: SCRIPT_TOKEN_GRANT, username, groups: groups.join(',') }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`the issuer gave no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/**
 * A token signed with the issuer's own key but with claims of the test's choosing
 * (expired, another audience…): what a verifier must refuse although the signature holds.
 */
export async function signWithIssuerKey(data: string, claims: Record<string, unknown>): Promise<string> {
  const { jwks } = JSON.parse(await readFile(join(data, 'issuer', 'secrets.json'), 'utf8')) as { jwks: { keys: JWK[] } };
  const jwk = jwks.keys[0]!;
  const key = await importJWK(jwk, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'at+jwt' }).sign(key);
}
