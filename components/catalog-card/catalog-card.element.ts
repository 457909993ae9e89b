import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CatalogServiceSummary } from '../api/types.js';
import { highlightParts } from '../catalog/search.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { baseStyles } from '../internal/styles.js';
import { AtelierServiceSelectEvent } from './catalog-card.events.js';
import { catalogCardStyles } from './catalog-card.styles.js';

/**
 * @summary One catalog entry: icon, name, description, category, version (a choice when
 * there are several), a "featured" mark, and its Launch action — disabled, with the
 * reason and the fix, when the entry is unavailable. Text matching `highlight` is marked.
 *
 * @event atelier-service-select - Launch was chosen (`detail`: catalog, service, and version when not the latest).
 * @slot actions - Extra actions after Launch.
 * @csspart card
 * @csspart icon
 * @csspart title
 * @csspart description
 * @csspart meta
 * @csspart featured
 * @csspart version - The version choice.
 * @csspart match - A part of the name or description that matches the search.
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
  /** A search query whose words are highlighted in the name and description. */
  @property() accessor highlight = '';

  @state() private accessor chosenVersion = '';

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('entry')) this.chosenVersion = '';
    this.setStates({ unavailable: Boolean(this.entry?.unavailable), featured: this.entry?.highlighted === true });
  }

  /** Moves the focus to the card's Launch action (the catalog's arrow keys use it). */
  focusLaunch(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="launch"]')?.focus();
  }

  protected override render() {
    const entry = this.entry;
    if (!entry) return nothing;
    const t = this.t;
    const unavailable = entry.unavailable;
    const versions = entry.versions ?? [];
    return html`<article part="card" aria-labelledby="title">
      ${this.iconUrl
        ? html`<img class="icon" part="icon" src=${this.iconUrl} alt="" width="48" height="48" />`
        : html`<span class="icon placeholder" part="icon" aria-hidden="true">${entry.name.charAt(0).toUpperCase()}</span>`}
      <div class="heading">
        <h3 id="title" part="title">${this.#marked(entry.name)}</h3>
        <p class="meta quiet" part="meta">
          ${entry.highlighted ? html`<span class="featured" part="featured">${t.featured}</span>` : nothing}
          <span>${t.categories[entry.category] ?? entry.category}</span>
          ${versions.length > 1 ? html`<span>${t.versions(versions.join(', '))}</span>` : html`<span>${t.version(entry.version)}</span>`}
        </p>
      </div>
      <div class="body">
        <p part="description">${this.#marked(entry.description)}</p>
        ${unavailable
          ? html`<div class="notice" part="unavailable" id="unavailable">
              <p><strong>${t.notAvailable}</strong> ${unavailable.reason}</p>
              <p>${t.howToFix} ${unavailable.hint}</p>
            </div>`
          : nothing}
      </div>
      <div class="actions" part="actions">
        ${versions.length > 1
          ? html`<label class="visually-hidden" for="version">${t.versionOf(entry.name)}</label>
              <select id="version" part="version" @change=${(event: Event) => (this.chosenVersion = (event.target as HTMLSelectElement).value)}>
                ${versions.map((version) => html`<option value=${version} ?selected=${version === (this.chosenVersion || entry.version)}>${version}</option>`)}
              </select>`
          : nothing}
        <slot name="actions"></slot>
        <button type="button" class="button primary" part="launch" aria-label=${t.launchNamed(entry.name)}
          aria-disabled=${unavailable ? 'true' : 'false'} aria-describedby=${unavailable ? 'unavailable' : nothing}
          @click=${this.#launch}>${t.launch}</button>
      </div>
    </article>`;
  }

  #marked(text: string) {
    if (!this.highlight.trim()) return text;
    return highlightParts(text, this.highlight).map((part) => (part.match ? html`<mark part="match">${part.text}</mark>` : part.text));
  }

  #launch = () => {
    // Unavailable entries keep a focusable, described button that does nothing.
    if (!this.entry || this.entry.unavailable) return;
    const version = this.chosenVersion && this.chosenVersion !== this.entry.version ? this.chosenVersion : undefined;
    this.dispatchEvent(new AtelierServiceSelectEvent(this.catalog, this.entry.id, version));
  };
}
