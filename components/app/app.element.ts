import { ContextProvider } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { AtelierServiceSelectEvent } from '../catalog-card/catalog-card.events.js';
import type { AtelierCatalog } from '../catalog/catalog.element.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { apiContext, configContext, identityContext } from '../internal/contexts.js';
import { baseStyles } from '../internal/styles.js';
import { appStyles } from './app.styles.js';
import { parseOpenRequest, type OpenRequest } from './open-request.js';
import { loadFormKit } from '../launcher/kit-loader.js';
import type { LaunchLink } from '../schema/launch-link.js';
import { enabledLanguage } from './branding.js';
import { renderBrandLinks, renderLanguageSwitch, renderTermsText } from './app-header.js';
import { applyTheme } from './theme.js';

/**
 * @summary The ready-made portal: a header (logo, name, links, terms of service, language,
 * user, sign in/out), the catalog, the launcher of the chosen entry in a modal dialog, and
 * the user's services. Its branding comes from the configuration (`/api/config`): name,
 * logo, header links, terms of service, enabled languages and default theme. It provides
 * the API client, configuration and identity to everything inside it. With
 * `?open=<serviceId>&port=<port>` in the page URL, it opens that service once signed in.
 *
 * @csspart header
 * @csspart logo
 * @csspart title
 * @csspart links - The header's navigation: configured links and the terms of service.
 * @csspart link - One of them.
 * @csspart language - The language switcher (shown when several languages are enabled).
 * @csspart user
 * @csspart main
 * @csspart catalog
 * @csspart services
 * @csspart files
 * @csspart dialog
 * @csspart notice
 * @csspart sign-in
 * @csspart sign-out
 * @csspart footer - Below the portal: the terms of service, when configured as a text.
 * @csspart terms - The terms of service (the header link, or the footer's text).
 */
export class AtelierApp extends AtelierElement {
  static override styles = [baseStyles, appStyles];

  /** How the page goes to the opened service's URL (replaceable, e.g. in tests). */
  @property({ attribute: false }) accessor navigate: (url: string) => void = (url) => window.location.assign(url);

  /** A theme forced by the page (`dark`, `brand-…`); else the configured default applies. */
  @property({ reflect: true }) accessor theme: string | null = null;

  @state() private accessor selected: { catalog: string; service: string; name: string; version?: string } | null = null;
  /** A launch link this page was opened with (`?launch=<catalog>/<service>&…`): the launcher opens prefilled. */
  @state() private accessor launchLink: LaunchLink | null = null;
  @state() private accessor openRequest: OpenRequest | null = null;
  @state() private accessor openStatus: 'idle' | 'opening' | 'failed' = 'idle';
  @state() private accessor openError = '';

  @query('dialog') private accessor dialog!: HTMLDialogElement | null;

  readonly #apiProvider = new ContextProvider(this, { context: apiContext });
  readonly #configProvider = new ContextProvider(this, { context: configContext });
  readonly #identityProvider = new ContextProvider(this, { context: identityContext });

  override connectedCallback(): void {
    super.connectedCallback();
    this.openRequest = parseOpenRequest(window.location.search);
    if (/[?&]launch=/.test(window.location.search) && !this.launchLink) void this.#openLaunchLink(window.location.search);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // What this element resolved (from a provider above, or its standalone session) is
    // what everything inside it uses.
    this.#apiProvider.setValue(this.client);
    this.#configProvider.setValue(this.config);
    this.#identityProvider.setValue(this.identity);
    if (this.openRequest && this.openStatus === 'idle' && this.signedIn && this.client) this.#openRequested(this.openRequest);
    if (changed.has('config') || changed.has('theme') || changed.has('client')) this.#applyBranding();
  }

  /** The configured (or forced) theme, and a language among the enabled ones. */
  #applyBranding(): void {
    const client = this.client;
    if (!client) return;
    if (this.config || this.theme) applyTheme(this, this.theme, this.config?.defaultTheme, (path) => client.resolve(path));
    const lang = enabledLanguage(this.locale, this.config?.languages);
    if (lang !== this.locale) this.lang = lang;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.setStates({ 'dialog-open': this.selected !== null, error: Boolean(this.configError) && !this.config });
  }

  protected override render() {
    const t = this.t;
    if (this.unconfigured) return html`<p class="message" part="notice">${t.unconfigured}</p>`;
    const config = this.config;
    const user = this.identity.user;
    return html`<header part="header">
        ${config?.logo && this.client ? html`<img class="logo" part="logo" src=${this.client.resolve(config.logo)} alt="" />` : nothing}
        <h1 part="title">${config?.name ?? 'Atelier'}</h1>
        ${renderBrandLinks(config, this.locale, t, this.client)}
        ${renderLanguageSwitch(config?.languages, this.locale, t, this.#switchLanguage)}
        <div class="user" part="user">
          ${user
            ? html`<span>${t.signedInAs(user.name)}</span>
                <button type="button" class="button" part="sign-out" @click=${() => this.identity.signOut()}>${t.signOut}</button>`
            : this.renderSignIn()}
        </div>
      </header>
      <main part="main">
        ${this.configError && !config ? html`<p class="alert" role="alert" part="notice">${t.configError}</p>` : nothing}
        ${this.#renderOpenRequest()}
        <!-- Not landmarks themselves: the elements inside are labelled regions. -->
        <div class="section" part="catalog">
          <h2>${t.appCatalog}</h2>
          <atelier-catalog @atelier-service-select=${this.#select}></atelier-catalog>
        </div>
        <div class="section" part="services">
          <h2>${t.appServices}</h2>
          <atelier-services></atelier-services>
        </div>
        <div class="section" part="files">
          <h2>${t.appFiles}</h2>
          <atelier-files></atelier-files>
        </div>
      </main>
      ${renderTermsText(config, this.locale, t)}
      <dialog part="dialog" aria-labelledby="dialog-title" @close=${this.#closed}>
        <div class="dialog-header">
          <h2 id="dialog-title">${this.selected ? t.appLauncherTitle(this.selected.name) : ''}</h2>
          <button type="button" class="button" @click=${this.#close}>${t.close}</button>
        </div>
        ${this.selected
          ? html`<atelier-launcher catalog=${this.selected.catalog} service=${this.selected.service} version=${this.selected.version ?? ''}
              .launchLink=${this.launchLink} link-base=${window.location.origin + window.location.pathname}
              @atelier-service-launched=${this.#close}></atelier-launcher>`
          : nothing}
      </dialog>`;
  }

  #renderOpenRequest() {
    if (!this.openRequest) return nothing;
    const t = this.t;
    if (this.openStatus === 'failed') return html`<p class="alert" role="alert" part="notice">${this.openError}</p>`;
    if (this.openStatus === 'opening') return html`<p class="notice" role="status" part="notice">${t.appOpening}</p>`;
    return this.signedIn ? nothing : html`<p class="notice" role="status" part="notice">${t.appOpenRequested}</p>`;
  }

  #openRequested(request: OpenRequest): void {
    const client = this.client;
    if (!client) return;
    this.openStatus = 'opening';
    client.openService(request.id, request.port).then(
      ({ url }) => this.navigate(url),
      (error: unknown) => {
        this.openStatus = 'failed';
        this.openError = this.t.openFailed(this.describeError(error));
      },
    );
  }

  /** A launch link (`?launch=<catalog>/<service>&…`): the launcher opens, filled in from it. */
  async #openLaunchLink(search: string): Promise<void> {
    const link = (await loadFormKit()).parseLaunchLink(search);
    if (!link) return;
    this.launchLink = link;
    this.selected = { catalog: link.catalog, service: link.service, name: link.service };
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  #select = (event: AtelierServiceSelectEvent) => {
    const { catalog, service, version } = event.detail;
    this.launchLink = null;
    const catalogs = this.renderRoot.querySelector<AtelierCatalog>('atelier-catalog')?.catalogs ?? [];
    const entry = catalogs.find((candidate) => candidate.id === catalog)?.services.find((candidate) => candidate.id === service);
    this.selected = { catalog, service, name: entry?.name ?? service, ...(version ? { version } : {}) };
    // Open once the dialog holds the launcher; showModal moves focus into it, Escape closes it.
    void this.updateComplete.then(() => {
      if (this.dialog && !this.dialog.open) this.dialog.showModal();
    });
  };

  #switchLanguage = (lang: string) => {
    this.lang = lang;
  };

  #close = () => {
    this.dialog?.close();
  };

  #closed = () => {
    this.selected = null;
    this.launchLink = null;
  };
}
