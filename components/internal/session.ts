import type { AtelierApi } from '../api/api.js';
import type { PublicConfig } from '../api/types.js';
import type { Identity } from './identity.js';
import type { Watchable } from './store.js';

/** The configuration of a session: loaded once; `error` when it could not be. */
export interface ConfigState {
  config?: PublicConfig;
  error?: unknown;
}

/**
 * Everything an element needs to work against one API base: the client, the public
 * configuration and the identity. One per API base and page, shared by every element
 * that is not inside a context provider, so that one sign-in serves them all.
 */
export interface AtelierSession {
  readonly base: string;
  readonly api: AtelierApi;
  readonly config: Watchable<ConfigState>;
  readonly identity: Watchable<Identity>;
}

export type SessionFactory = (base: string) => AtelierSession;

let factory: SessionFactory | undefined;
const sessions = new Map<string, AtelierSession>();

/**
 * Sets how standalone sessions are built. The entry module (`atelier.ts`) registers the
 * HTTP one; elements never import a concrete client. Forgets the sessions built so far.
 */
export function registerSessionFactory(next: SessionFactory | undefined): void {
  factory = next;
  sessions.clear();
}

/** The page's session for an API base (built on first use), or undefined without a factory. */
export function sessionFor(base: string): AtelierSession | undefined {
  const key = normalizeBase(base);
  let session = sessions.get(key);
  if (!session && factory) {
    session = factory(key);
    sessions.set(key, session);
  }
  return session;
}

/** An API base without trailing slashes, resolved against the page. */
export function normalizeBase(base: string): string {
  return new URL(base, document.baseURI).href.replace(/\/+$/, '');
}

/** Where an element without an `api` attribute finds the BFF: the origin the library came from. */
export const defaultApiBase: string = new URL(import.meta.url).origin;
