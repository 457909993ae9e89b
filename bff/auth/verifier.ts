import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { User } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import { userFromClaims, type ClaimNames } from './identity.js';

export interface VerifierOptions extends ClaimNames {
  /** The issuer's URL exactly as it appears in `iss`. */
  issuer: string;
  /** The `aud` the BFF requires in access tokens. */
  audience: string;
}

export type TokenVerifier = (token: string) => Promise<User>;

/**
 * Verifies JWT access tokens against the issuer's JWKS, found through OIDC discovery.
 * The one code path for the embedded issuer and for an institution's own.
 */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const getKeys = () => {
    keys ??= discoverKeys(options.issuer).catch((error: unknown) => {
      keys = undefined; // try discovery again on the next request
      throw error;
    });
    return keys;
  };

  return async (token) => {
    const jwks = await getKeys();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      }));
    } catch (error) {
      throw new ApiError(401, 'invalid_token', explain(error));
    }
    const user = userFromClaims(payload, options);
    if (typeof user === 'string') throw new ApiError(401, 'invalid_token', `The access token is not usable: ${user}.`);
    return user;
  };
}

async function discoverKeys(issuer: string): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new ApiError(503, 'issuer_unreachable', `The sign-in service at ${issuer} cannot be reached: ${(error as Error).message}.`);
  }
  if (!response.ok) throw new ApiError(503, 'issuer_unreachable', `The sign-in service answered ${response.status} at ${url}.`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
  if (!jwksUri) throw new ApiError(503, 'issuer_unreachable', `The sign-in service's discovery document has no jwks_uri.`);
  return createRemoteJWKSet(new URL(jwksUri), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
}

function explain(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The access token has expired: sign in again.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'The access token was issued by another sign-in service.';
    if (error.claim === 'aud') return 'The access token was issued for another application.';
    return `The access token's "${error.claim}" claim is not valid.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The access token signature is not valid.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The access token was signed with an unknown key.';
  return 'The access token is not valid.';
}
