import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import type { CatalogSummary } from '../api/types.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { baseStyles } from '../internal/styles.js';
import { catalogStyles } from './catalog.styles.js';

/**
 * @summary The service catalogs: one card per entry, each with its Launch action.
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
 * @cssproperty --atelier-catalog-card-width - The minimum width of a card (18rem).
 */
export class AtelierCatalog extends AtelierElement {
  static override styles = [baseStyles, catalogStyles];

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
      ${complete && catalogs ? catalogs.filter((catalog) => catalog.services.length > 0).map((catalog) => this.#renderCatalog(catalog)) : nothing}
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

  #renderCatalog(catalog: CatalogSummary) {
    const headingId = `catalog-${catalog.id}`;
    return html`<section class="group" part="group" aria-labelledby=${headingId}>
      <h2 id=${headingId} part="title">${catalog.name}</h2>
      ${catalog.description ? html`<p class="quiet">${catalog.description}</p>` : nothing}
      <ul part="list">
        ${catalog.services.map(
          (entry) => html`<li>
            <atelier-catalog-card .catalog=${catalog.id} .entry=${entry}
              .iconUrl=${entry.icon && this.client ? this.client.resolve(entry.icon) : null}></atelier-catalog-card>
          </li>`,
        )}
      </ul>
    </section>`;
  }
}
