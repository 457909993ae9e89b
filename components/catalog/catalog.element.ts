import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CatalogServiceSummary, CatalogSummary } from '../api/types.js';
import type { AtelierCatalogCard } from '../catalog-card/catalog-card.element.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { baseStyles } from '../internal/styles.js';
import { catalogStyles } from './catalog.styles.js';
import { matches } from './search.js';

/**
 * @summary The service catalogs: one card per entry, each with its Launch action;
 * featured entries first; a search over names and descriptions (matches highlighted);
 * a catalog switcher when there are several; arrow keys move between cards.
 * Works signed out when the catalogs are public (no request otherwise: a sign-in action).
 *
 * @event atelier-service-select - From a card's Launch (`detail`: catalog, service).
 * @slot header - Above the catalogs.
 * @slot empty - Shown when there is no entry at all.
 * @csspart group - One catalog.
 * @csspart title - A catalog's name.
 * @csspart list - Its cards.
 * @csspart message - Loading and signed-out messages.
 * @csspart error - The error alert.
 * @csspart empty - Around the empty slot.
 * @csspart sign-in - The sign-in button (signed out, catalogs not public).
 * @csspart toolbar - The search field and the catalog switcher.
 * @cssproperty --atelier-catalog-card-width - The minimum width of a card (18rem).
 */
export class AtelierCatalog extends AtelierElement {
  static override styles = [baseStyles, catalogStyles];

  /** The catalog shown ('' for all of them); the user changes it with the switcher. */
  @property({ attribute: 'catalog-id', reflect: true }) accessor catalogId = '';
  /** The search query. */
  @property() accessor query = '';

  @state() private accessor announced = '';

  readonly #catalogs = new Task(this, {
    args: () => [this.client, this.locale, this.identity.user?.username ?? null, this.#canRead] as const,
    task: async ([client, lang, , canRead], { signal }) => {
      if (!client || !canRead) return initialState;
      return client.listCatalogs({ signal, lang });
    },
  });

  /** The catalogs, once loaded. */
  get catalogs(): CatalogSummary[] | undefined {
    return this.#catalogs.value;
  }

  get #canRead(): boolean {
    return this.signedIn || this.config?.publicCatalogs === true;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const status = this.#catalogs.status;
    this.setStates({
      loading: status === TaskStatus.PENDING || (status === TaskStatus.INITIAL && this.#waiting),
      error: status === TaskStatus.ERROR || (status === TaskStatus.INITIAL && Boolean(this.configError) && !this.config),
      empty: status === TaskStatus.COMPLETE && this.#isEmpty,
    });
  }

  /** Signed out, and the configuration is not known yet. */
  get #waiting(): boolean {
    return !this.#canRead && !this.config && !this.configError && !this.unconfigured;
  }

  get #isEmpty(): boolean {
    return (this.#catalogs.value ?? []).every((catalog) => catalog.services.length === 0);
  }

  protected override render() {
    const t = this.t;
    const catalogs = this.#catalogs.value;
    const complete = this.#catalogs.status === TaskStatus.COMPLETE || (this.#catalogs.status === TaskStatus.PENDING && catalogs);
    return html`<div class="catalogs" role="region" aria-label=${t.catalogLabel}>
      <slot name="header"></slot>
      ${this.#renderStatus()}
      ${complete && catalogs ? this.#renderCatalogs(catalogs) : nothing}
      <div part="empty" ?hidden=${!(this.#catalogs.status === TaskStatus.COMPLETE && this.#isEmpty)}>
        <slot name="empty"><p class="message">${t.catalogEmpty}</p></slot>
      </div>
    </div>`;
  }

  #renderStatus() {
    const t = this.t;
    if (this.unconfigured) return html`<p class="message" part="message">${t.unconfigured}</p>`;
    switch (this.#catalogs.status) {
      case TaskStatus.ERROR:
        return html`<div class="alert" role="alert" part="error">
          <p>${t.catalogError(this.describeError(this.#catalogs.error))}</p>
          <button type="button" class="button" @click=${() => this.#catalogs.run()}>${t.retry}</button>
        </div>`;
      case TaskStatus.PENDING:
        return this.#catalogs.value ? nothing : html`<p class="message" part="message" role="status">${t.loading}</p>`;
      case TaskStatus.INITIAL:
        if (this.configError && !this.config && !this.signedIn) return html`<p class="alert" role="alert" part="error">${t.configError}</p>`;
        if (this.#waiting || !this.client) return html`<p class="message" part="message" role="status">${t.loading}</p>`;
        return html`<div class="message" part="message"><p>${t.catalogSignedOut}</p>${this.renderSignIn()}</div>`;
      default:
        return nothing;
    }
  }

  #renderCatalogs(catalogs: CatalogSummary[]) {
    const t = this.t;
    const nonEmpty = catalogs.filter((catalog) => catalog.services.length > 0);
    if (nonEmpty.length === 0) return nothing;
    const shown = nonEmpty.filter((catalog) => !this.catalogId || catalog.id === this.catalogId);
    const visible = (shown.length > 0 ? shown : nonEmpty).map((catalog) => ({ catalog, services: this.#visibleServices(catalog) }));
    const count = visible.reduce((total, { services }) => total + services.length, 0);
    return html`<div class="toolbar" part="toolbar">
        <div class="field">
          <label for="search">${t.catalogSearch}</label>
          <input id="search" type="search" autocomplete="off" placeholder=${t.catalogSearchHint} .value=${this.query}
            aria-describedby="matches" @input=${(event: Event) => this.#search((event.target as HTMLInputElement).value)} />
        </div>
        ${nonEmpty.length > 1
          ? html`<div class="field">
              <label for="switcher">${t.catalogChoose}</label>
              <select id="switcher" @change=${(event: Event) => (this.catalogId = (event.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this.catalogId}>${t.catalogAll}</option>
                ${nonEmpty.map((catalog) => html`<option value=${catalog.id} ?selected=${catalog.id === this.catalogId}>${catalog.name}</option>`)}
              </select>
            </div>`
          : nothing}
        <p id="matches" class="quiet" role="status">${this.query.trim() ? this.announced : ''}</p>
      </div>
      ${this.query.trim() && count === 0 ? html`<p class="message" part="message">${t.catalogNoMatch(this.query.trim())}</p>` : nothing}
      ${visible.filter(({ services }) => services.length > 0).map(({ catalog, services }) => this.#renderCatalog(catalog, services))}`;
  }

  /** Featured entries first (otherwise in the catalog's order), then only those matching the search. */
  #visibleServices(catalog: CatalogSummary): CatalogServiceSummary[] {
    const ordered = [...catalog.services].sort((a, b) => Number(b.highlighted === true) - Number(a.highlighted === true));
    return ordered.filter((entry) => matches([entry.name, entry.description], this.query));
  }

  #search(query: string): void {
    this.query = query;
    const count = (this.#catalogs.value ?? [])
      .filter((catalog) => !this.catalogId || catalog.id === this.catalogId)
      .reduce((total, catalog) => total + this.#visibleServices(catalog).length, 0);
    this.announced = this.t.catalogMatches(count);
  }

  #renderCatalog(catalog: CatalogSummary, services: CatalogServiceSummary[]) {
    const headingId = `catalog-${catalog.id}`;
    return html`<section class="group" part="group" aria-labelledby=${headingId}>
      <h2 id=${headingId} part="title">${catalog.name}</h2>
      ${catalog.description ? html`<p class="quiet">${catalog.description}</p>` : nothing}
      <ul part="list" @keydown=${this.#onKeydown}>
        ${services.map(
          (entry) => html`<li>
            <atelier-catalog-card .catalog=${catalog.id} .entry=${entry} .highlight=${this.query}
              .iconUrl=${entry.icon && this.client ? this.client.resolve(entry.icon) : null}></atelier-catalog-card>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  /** Arrow keys, Home and End move the focus between the cards' Launch actions, across catalogs. */
  #onKeydown = (event: KeyboardEvent) => {
    const keys = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(event.key) || (event.target as HTMLElement).localName !== 'atelier-catalog-card') return;
    if ((event.composedPath()[0] as HTMLElement).localName === 'select') return; // a version choice uses its own arrows
    const cards = [...this.renderRoot.querySelectorAll<AtelierCatalogCard>('atelier-catalog-card')];
    const at = cards.indexOf(event.target as AtelierCatalogCard);
    const next =
      event.key === 'Home' ? 0
      : event.key === 'End' ? cards.length - 1
      : event.key === 'ArrowRight' || event.key === 'ArrowDown' ? Math.min(at + 1, cards.length - 1)
      : Math.max(at - 1, 0);
    event.preventDefault();
    cards[next]?.focusLaunch();
  };
}
