import type * as OAuth from 'oauth4webapi';
import type { PublicConfig, User } from '../api/types.js';
import { SignInError, type Identity } from '../internal/identity.js';
import { Store, type Watchable } from '../internal/store.js';
import { decodeJwtClaims, userFromClaims } from './claims.js';
import { openSignInPopup, waitForCallback } from './popup.js';
import { createState } from './state.js';

interface Server {
  oauth: typeof OAuth;
  as: OAuth.AuthorizationServer;
  client: OAuth.Client;
  auth: PublicConfig['auth'];
  /** The one request option used: plain http is allowed for an http issuer (embedded mode). */
  http: Pick<OAuth.DiscoveryRequestOptions, typeof OAuth.allowInsecureRequests>;
}

interface Tokens {
  access: string;
  refresh: string | undefined;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: User;
}

/** Refresh this long before the access token expires (or at 3/4 of a short lifetime). */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The identity of one Atelier session: authorization code + PKCE in a popup, with
 * oauth4webapi doing the protocol. Tokens live in this object only (never in storage or
 * cookies); the access token is refreshed with the refresh token shortly before it
 * expires; signing out forgets them.
 */
export class OidcIdentity implements Watchable<Identity> {
  readonly #loadConfig: () => Promise<PublicConfig>;
  readonly #store: Store<Identity>;
  #server: Promise<Server> | undefined;
  #tokens: Tokens | undefined;
  #pending: Promise<void> | undefined;
  #popup: Window | undefined;
  #refreshing: Promise<string | null> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(loadConfig: () => Promise<PublicConfig>) {
    this.#loadConfig = loadConfig;
    this.#store = new Store(this.#snapshot());
  }

  get value(): Identity {
    return this.#store.value;
  }

  subscribe(listener: (value: Identity) => void): () => void {
    return this.#store.subscribe(listener);
  }

  readonly signIn = (options?: { lang?: string }): Promise<void> => {
    if (this.#pending) {
      this.#popup?.focus();
      return this.#pending;
    }
    // Synchronously, while the click's user activation holds: else popup blockers win.
    const popup = openSignInPopup();
    if (!popup) {
      return Promise.reject(new SignInError('popup-blocked', 'The sign-in window was blocked by the browser.'));
    }
    this.#popup = popup;
    this.#pending = this.#signInWith(popup, options?.lang).finally(() => {
      this.#pending = undefined;
      this.#popup = undefined;
      this.#publish();
    });
    this.#publish();
    return this.#pending;
  };

  readonly signOut = (): void => {
    clearTimeout(this.#refreshTimer);
    this.#tokens = undefined;
    this.#refreshing = undefined;
    this.#publish();
  };

  readonly getToken = async (): Promise<string | null> => {
    const tokens = this.#tokens;
    if (!tokens) return null;
    if (tokens.expiresAt - Date.now() > 10_000) return tokens.access;
    return this.#refresh();
  };

  async #signInWith(popup: Window, lang: string | undefined): Promise<void> {
    try {
      const server = await this.#discover();
      const { oauth } = server;
      const verifier = oauth.generateRandomCodeVerifier();
      const challenge = await oauth.calculatePKCECodeChallenge(verifier);
      const state = createState(window.location.origin);
      const url = new URL(server.as.authorization_endpoint ?? '');
      const params: Record<string, string> = {
        client_id: server.client.client_id,
        redirect_uri: server.auth.redirectUri,
        response_type: 'code',
        scope: server.auth.scope,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
      };
      if (server.auth.resource) params.resource = server.auth.resource;
      if (lang) params.ui_locales = lang;
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      if (popup.closed) return; // cancelled while we were getting ready
      popup.location.replace(url.href);

      const callback = await waitForCallback(popup, server.auth.redirectUri);
      if (!callback) return; // the popup was closed: cancelled, not an error
      let params2: URLSearchParams;
      try {
        params2 = oauth.validateAuthResponse(server.as, server.client, new URL(callback), state);
      } catch (error) {
        // The user turned the request down at the issuer: that is a cancellation too.
        if (error instanceof oauth.AuthorizationResponseError && error.error === 'access_denied') return;
        throw error;
      }
      const response = await oauth.authorizationCodeGrantRequest(
        server.as, server.client, oauth.None(), params2, server.auth.redirectUri, verifier, server.http,
      );
      this.#accept(await oauth.processAuthorizationCodeResponse(server.as, server.client, response), server);
    } catch (error) {
      if (error instanceof SignInError) throw error;
      throw new SignInError('failed', error instanceof Error ? error.message : String(error), { cause: error });
    } finally {
      if (!popup.closed) popup.close();
    }
  }

  #discover(): Promise<Server> {
    this.#server ??= (async () => {
      const [config, oauth] = await Promise.all([this.#loadConfig(), import('./oauth.js')]);
      const issuer = new URL(config.auth.issuer);
      const http = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
      const response = await oauth.discoveryRequest(issuer, http);
      const as = await oauth.processDiscoveryResponse(issuer, response);
      return { oauth, as, client: { client_id: config.auth.clientId }, auth: config.auth, http };
    })();
    // A failure is not cached: the next sign-in tries again.
    this.#server.catch(() => (this.#server = undefined));
    return this.#server;
  }

  #accept(response: OAuth.TokenEndpointResponse, { oauth }: Server): void {
    const claims = decodeJwtClaims(response.access_token) ?? oauth.getValidatedIdTokenClaims(response) ?? null;
    const user = userFromClaims(claims as Record<string, unknown> | null);
    if (!user) throw new SignInError('failed', 'The access token names no user.');
    const lifetime = (response.expires_in ?? 300) * 1000;
    const previous = this.#tokens;
    this.#tokens = {
      access: response.access_token,
      refresh: response.refresh_token ?? previous?.refresh,
      expiresAt: Date.now() + lifetime,
      user: previous && JSON.stringify(previous.user) === JSON.stringify(user) ? previous.user : user,
    };
    clearTimeout(this.#refreshTimer);
    if (this.#tokens.refresh) {
      const wait = Math.max(lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 4), 1000);
      this.#refreshTimer = setTimeout(() => void this.#refresh(), wait);
    }
    this.#publish();
  }

  #refresh(): Promise<string | null> {
    this.#refreshing ??= (async () => {
      const tokens = this.#tokens;
      if (!tokens?.refresh) {
        if (tokens && tokens.expiresAt <= Date.now()) this.signOut();
        return this.#tokens?.access ?? null;
      }
      let server: Server | undefined;
      try {
        server = await this.#discover();
        const { oauth } = server;
        const response = await oauth.refreshTokenGrantRequest(server.as, server.client, oauth.None(), tokens.refresh, server.http);
        const result = await oauth.processRefreshTokenResponse(server.as, server.client, response);
        if (this.#tokens !== tokens) return this.#tokens?.access ?? null; // signed out meanwhile
        this.#accept(result, server);
      } catch (error) {
        if ((server && error instanceof server.oauth.ResponseBodyError) || tokens.expiresAt <= Date.now()) {
          // The issuer refused the refresh token (or the access token is gone): signed out.
          if (this.#tokens === tokens) this.signOut();
        } else if (this.#tokens === tokens) {
          // A network hiccup: try again a little later while the token is still valid.
          clearTimeout(this.#refreshTimer);
          this.#refreshTimer = setTimeout(() => void this.#refresh(), 10_000);
        }
      }
      return this.#tokens?.access ?? null;
    })().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  #publish(): void {
    const next = this.#snapshot();
    const current = this.#store.value;
    if (current.user === next.user && current.signingIn === next.signingIn) return;
    this.#store.set(next);
  }

  #snapshot(): Identity {
    return Object.freeze({
      user: this.#tokens?.user ?? null,
      signingIn: this.#pending !== undefined,
      signIn: this.signIn,
      signOut: this.signOut,
      getToken: this.getToken,
    });
  }
}
