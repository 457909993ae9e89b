import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { CatalogServiceSummary } from '../api/types.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { baseStyles } from '../internal/styles.js';
import { AtelierServiceSelectEvent } from './catalog-card.events.js';
import { catalogCardStyles } from './catalog-card.styles.js';

/**
 * @summary One catalog entry: icon, name, description, category, version, and its Launch
 * action — disabled, with the reason and the fix, when the entry is unavailable.
 *
 * @event atelier-service-select - Launch was chosen (`detail`: catalog, service).
 * @slot actions - Extra actions after Launch.
 * @csspart card
 * @csspart icon
 * @csspart title
 * @csspart description
 * @csspart meta
 * @csspart unavailable - Why the entry cannot be launched, and how to fix it.
 * @csspart actions
 * @csspart launch
 * @cssproperty --atelier-card-radius
 * @cssproperty --atelier-card-padding
 */
export class AtelierCatalogCard extends LocalizedElement {
  static override styles = [baseStyles, catalogCardStyles];

  /** The catalog the entry belongs to. */
  @property() accessor catalog = '';
  /** The entry, as `GET /api/catalogs` lists it. */
  @property({ attribute: false }) accessor entry: CatalogServiceSummary | undefined;
  /** The icon's absolute URL (the catalog resolves it against the API base). */
  @property({ attribute: false }) accessor iconUrl: string | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.setStates({ unavailable: Boolean(this.entry?.unavailable) });
  }

  protected override render() {
    const entry = this.entry;
    if (!entry) return nothing;
    const t = this.t;
    const unavailable = entry.unavailable;
    const titleId = 'title';
    return html`<article part="card" aria-labelledby=${titleId}>
      ${this.iconUrl
        ? html`<img class="icon" part="icon" src=${this.iconUrl} alt="" width="48" height="48" />`
        : html`<span class="icon placeholder" part="icon" aria-hidden="true">${entry.name.charAt(0).toUpperCase()}</span>`}
      <div class="heading">
        <h3 id=${titleId} part="title">${entry.name}</h3>
        <p class="meta quiet" part="meta">
          <span>${t.categories[entry.category] ?? entry.category}</span>
          <span>${t.version(entry.version)}</span>
        </p>
      </div>
      <div class="body">
        <p part="description">${entry.description}</p>
        ${unavailable
          ? html`<div class="notice" part="unavailable" id="unavailable">
              <p><strong>${t.notAvailable}</strong> ${unavailable.reason}</p>
              <p>${t.howToFix} ${unavailable.hint}</p>
            </div>`
          : nothing}
      </div>
      <div class="actions" part="actions">
        <slot name="actions"></slot>
        <button type="button" class="button primary" part="launch" aria-label=${t.launchNamed(entry.name)}
          aria-disabled=${unavailable ? 'true' : 'false'} aria-describedby=${unavailable ? 'unavailable' : nothing}
          @click=${this.#launch}>${t.launch}</button>
      </div>
    </article>`;
  }

  #launch = () => {
    // Unavailable entries keep a focusable, described button that does nothing.
    if (!this.entry || this.entry.unavailable) return;
    this.dispatchEvent(new AtelierServiceSelectEvent(this.catalog, this.entry.id));
  };
}
