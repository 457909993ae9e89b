import type { User } from '../../components/api/types.js';

/**
 * A user's name as Atelier uses it in folder names and service ownership: the token's
 * `preferred_username` (else `sub`), lower-cased, reduced to `[a-z0-9-]`.
 */
export function reduceUsername(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

export interface ClaimNames {
  usernameClaim: string;
  groupsClaim: string;
}

/** The user a verified token names, or an explanation of why it names nobody usable. */
export function userFromClaims(claims: Record<string, unknown>, names: ClaimNames): User | string {
  const rawName = stringClaim(claims[names.usernameClaim]) ?? stringClaim(claims.sub);
  const username = rawName ? reduceUsername(rawName) : '';
  if (!username) return `the token names no usable user (${names.usernameClaim} or sub)`;
  const groups = claims[names.groupsClaim];
  return {
    username,
    name: stringClaim(claims.name) ?? rawName ?? username,
    email: stringClaim(claims.email) ?? null,
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
  };
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
