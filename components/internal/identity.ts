import type { User } from '../api/types.js';

/**
 * Who is signed in, and how to change it. Providers hand out a NEW object on every change
 * (sign-in, sign-out, a popup opening or closing, claims changing) so that context
 * subscribers re-render; a silent token refresh that changes nothing visible keeps it.
 */
export interface Identity {
  readonly user: User | null;
  /** True while a sign-in is under way (the popup is open). */
  readonly signingIn?: boolean;
  /**
   * Signs in (a popup: call it from a click handler, synchronously). Resolves when signed
   * in or when the user closed the popup (then `user` stays null); rejects with a
   * `SignInError` when the popup was blocked or the sign-in failed.
   */
  signIn(options?: { lang?: string }): Promise<void>;
  /** Forgets the tokens. */
  signOut(): void;
  /** A valid access token (refreshed first if it is about to expire), or null when signed out. */
  getToken(): Promise<string | null>;
}

export type SignInErrorCode = 'popup-blocked' | 'failed' | 'unconfigured';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly code: SignInErrorCode;

  constructor(code: SignInErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The identity of an element that has no session yet: signed out, and signing in fails. */
export const noIdentity: Identity = Object.freeze({
  user: null,
  signIn: () => Promise.reject(new SignInError('unconfigured', 'Atelier is not configured on this page.')),
  signOut: () => undefined,
  getToken: () => Promise.resolve(null),
});
