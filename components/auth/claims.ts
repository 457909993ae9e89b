import type { User } from '../api/types.js';
import { base64UrlDecode } from './state.js';

/** The claims of a JWT, decoded WITHOUT verification: for display only. */
export function decodeJwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(base64UrlDecode(parts[1])));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The user that claims name (`preferred_username`, else `sub`), or null. */
export function userFromClaims(claims: Record<string, unknown> | null | undefined): User | null {
  if (!claims) return null;
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const username = text(claims.preferred_username) ?? text(claims.sub);
  if (!username) return null;
  const groups = Array.isArray(claims.groups) ? claims.groups.filter((group): group is string => typeof group === 'string') : [];
  return { username, name: text(claims.name) ?? username, email: text(claims.email) ?? null, groups };
}
