import { ContextConsumer } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AtelierApi } from '../api/api.js';
import { ApiRequestError } from '../api/errors.js';
import type { PublicConfig } from '../api/types.js';
import { apiContext, configContext, identityContext } from './contexts.js';
import { noIdentity, SignInError, type Identity } from './identity.js';
import { LocalizedElement } from './localized-element.js';
import { defaultApiBase, sessionFor } from './session.js';

/**
 * The base of the elements that talk to the BFF. Inside a provider (`<atelier-app>`,
 * `provideAtelier(document.body, …)`, a test fixture) it takes the API client, the
 * configuration and the identity from `@lit/context`; alone in a page, it uses the
 * page's session for its `api` attribute (default: the origin the library came from),
 * shared with every other standalone element of the same API base.
 */
export class AtelierElement extends LocalizedElement {
  /** The API base of a standalone element, e.g. `https://datalab.example`. */
  @property({ reflect: true }) accessor api: string | null = null;

  @state() protected accessor client: AtelierApi | undefined;
  @state() protected accessor config: PublicConfig | undefined;
  /** Why the configuration could not be loaded (standalone sessions only). */
  @state() protected accessor configError: unknown;
  @state() protected accessor identity: Identity = noIdentity;
  /** Why the last sign-in started from this element failed (a readable message). */
  @state() protected accessor signInError: string | null = null;
  /** True when no provider and no session factory exist: nothing can work. */
  @state() protected accessor unconfigured = false;

  #provided = false;
  #sessionBase: string | undefined;
  #unsubscribe: (() => void)[] = [];

  constructor() {
    super();
    new ContextConsumer(this, {
      context: apiContext,
      subscribe: true,
      callback: (api) => {
        this.#provided = true;
        this.#leaveSession();
        this.client = api;
      },
    });
    new ContextConsumer(this, { context: configContext, subscribe: true, callback: (config) => (this.config = config) });
    new ContextConsumer(this, { context: identityContext, subscribe: true, callback: (identity) => (this.identity = identity) });
  }

  override connectedCallback(): void {
    super.connectedCallback(); // context requests are answered synchronously here
    if (!this.#provided && this.needsSession) this.#joinSession();
  }

  /**
   * Whether this element, alone in a page, joins the page's session (which loads the
   * configuration). False for an element given everything it needs, such as a launcher
   * given its schema: it then makes no request at all.
   */
  protected get needsSession(): boolean {
    return true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#provided = false;
    this.#leaveSession();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('api') && this.isConnected && !this.#provided && this.needsSession) this.#joinSession();
    this.setStates({ 'signed-out': !this.identity.user });
  }

  protected get signedIn(): boolean {
    return this.identity.user !== null;
  }

  /** Signs in from a click handler; a failure becomes `signInError` (cancelling is not one). */
  protected async signIn(): Promise<void> {
    this.signInError = null;
    try {
      await this.identity.signIn({ lang: this.locale });
    } catch (error) {
      this.signInError =
        error instanceof SignInError && error.code === 'popup-blocked'
          ? this.t.signInBlocked
          : error instanceof SignInError && error.code === 'unconfigured'
            ? this.t.unconfigured
            : this.t.signInFailed(error instanceof Error ? error.message : String(error));
    }
  }

  /** A sign-in button (label: "Sign in" unless told) and the last sign-in error. */
  protected renderSignIn(label: string = this.t.signIn, part = 'sign-in') {
    return html`<button type="button" class="button primary" part=${part} ?disabled=${this.identity.signingIn === true}
        @click=${() => this.signIn()}>${this.identity.signingIn ? this.t.signingIn : label}</button>
      ${this.signInError ? html`<p class="alert" role="alert">${this.signInError}</p>` : nothing}`;
  }

  /** A readable message for an error of the API client. */
  protected describeError(error: unknown): string {
    if (error instanceof ApiRequestError) {
      if (error.status === 0) return error.code === 'storage_unreachable' ? this.t.storageUnreachable : this.t.networkError;
      if (error.status === 401) return this.t.sessionExpired;
      return error.message;
    }
    return error instanceof Error ? error.message : String(error);
  }

  #joinSession(): void {
    const base = this.api ?? defaultApiBase;
    if (base === this.#sessionBase) return;
    this.#leaveSession();
    const session = sessionFor(base);
    this.unconfigured = !session;
    if (!session) return;
    this.#sessionBase = base;
    this.client = session.api;
    const applyConfig = () => {
      this.config = session.config.value.config;
      this.configError = session.config.value.error;
    };
    applyConfig();
    this.identity = session.identity.value;
    this.#unsubscribe = [
      session.config.subscribe(applyConfig),
      session.identity.subscribe((identity) => (this.identity = identity)),
    ];
  }

  #leaveSession(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#sessionBase = undefined;
    this.unconfigured = false;
  }
}
