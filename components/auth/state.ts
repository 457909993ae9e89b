/**
 * The OAuth `state` Atelier sends: `<random base64url>.<base64url(opener origin)>`. The
 * BFF's `/auth/callback` page decodes the origin, checks it is allowed, and posts the
 * result to exactly that origin. Pure apart from the random source.
 */

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
}

export function createState(origin: string, random: Uint8Array = crypto.getRandomValues(new Uint8Array(32))): string {
  return `${base64UrlEncode(random)}.${base64UrlEncode(new TextEncoder().encode(origin))}`;
}

/** The opener origin a state names, or null when the state is not in Atelier's format. */
export function originFromState(state: string): string | null {
  const parts = state.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(parts[1]));
  } catch {
    return null;
  }
}
