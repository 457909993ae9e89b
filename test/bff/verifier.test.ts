import assert from 'node:assert/strict';
import { generateKeyPair, SignJWT } from 'jose';
import { after, before, describe, test } from 'node:test';
import { createTokenVerifier, type TokenVerifier } from '../../bff/auth/verifier.js';
import { ApiError } from '../../bff/http/errors.js';
import type { EmbeddedIssuer } from '../../bff/issuer/issuer.js';
import { AUDIENCE, issuerToken, signWithIssuerKey, startTestIssuer } from '../helpers/issuer.js';
import { tempDir } from '../helpers/temp.js';

describe('access token verification against the issuer JWKS', () => {
  let data: string;
  let issuer: EmbeddedIssuer;
  let verify: TokenVerifier;
  const now = () => Math.floor(Date.now() / 1000);

  before(async () => {
    data = await tempDir();
    issuer = await startTestIssuer(data);
    verify = createTokenVerifier({ issuer: issuer.url, audience: AUDIENCE, usernameClaim: 'preferred_username', groupsClaim: 'groups' });
  });
  after(() => issuer.close());

  const refusal = async (token: string, pattern: RegExp) => {
    await assert.rejects(verify(token), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'invalid_token');
      assert.match(error.message, pattern);
      return true;
    });
  };

  test('a token from the issuer names its user and groups', async () => {
    const user = await verify(await issuerToken(issuer, data, 'Alice.Martin', ['demo', 'stats']));
    assert.deepEqual(user, { username: 'alice-martin', name: 'Alice.Martin', email: null, groups: ['demo', 'stats'] });
  });

  test('an expired token is refused', async () => {
    const token = await signWithIssuerKey(data, { iss: issuer.url, aud: AUDIENCE, sub: 'alice', iat: now() - 3600, exp: now() - 60 });
    await refusal(token, /expired/);
  });

  test('a token of another issuer is refused', async () => {
    const token = await signWithIssuerKey(data, { iss: 'http://evil.example', aud: AUDIENCE, sub: 'alice', exp: now() + 60 });
    await refusal(token, /another sign-in service/);
  });

  test('a token for another audience is refused', async () => {
    const token = await signWithIssuerKey(data, { iss: issuer.url, aud: 'some-other-api', sub: 'alice', exp: now() + 60 });
    await refusal(token, /another application/);
  });

  test('a token signed with a key the issuer does not publish is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-the-issuers' })
      .setIssuer(issuer.url)
      .setAudience(AUDIENCE)
      .setExpirationTime('1m')
      .sign(privateKey);
    await refusal(token, /unknown key|not valid/);
  });

  test('a tampered token is refused', async () => {
    const token = await issuerToken(issuer, data, 'bob');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, preferred_username: 'alice' })).toString('base64url');
    await refusal(`${header}.${forged}.${signature}`, /signature/);
  });

  test('an unreachable issuer is a 503, not a 401', async () => {
    const unreachable = createTokenVerifier({ issuer: 'http://127.0.0.1:9', audience: AUDIENCE, usernameClaim: 'preferred_username', groupsClaim: 'groups' });
    await assert.rejects(unreachable('a.b.c'), (error: unknown) => error instanceof ApiError && error.status === 503);
  });
});
