import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { AtelierApi } from '../api/api.js';
import { ApiRequestError } from '../api/errors.js';
import type { Service, ServiceUrl } from '../api/types.js';
import { formatDateTime, formatRelativeTime } from '../internal/localize.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { openInNewTab, TabBlockedError } from '../internal/open-tab.js';
import { baseStyles, statusStyles } from '../internal/styles.js';
import { AtelierServiceDeleteEvent, AtelierServiceOpenEvent } from './service-card.events.js';
import { serviceCardStyles } from './service-card.styles.js';

/**
 * @summary One of the user's services: name, catalog entry, status in words and color,
 * progress while starting, the reason when it failed or stopped, when it was created,
 * Open (one per URL), Share (when the API client can: who else may open it) and Delete
 * (confirmed in the card first).
 *
 * @event atelier-service-open - Open was chosen (`detail`: service, url); cancelable.
 * @event atelier-service-delete - Delete was confirmed (`detail.service`); cancelable.
 * @slot actions - Extra actions.
 * @csspart card
 * @csspart title
 * @csspart status
 * @csspart meta
 * @csspart progress
 * @csspart reason
 * @csspart error
 * @csspart actions
 * @csspart open
 * @csspart share - The Share button; it shows `<atelier-share-panel>` below the actions.
 * @csspart delete
 * @csspart confirm - The confirmation step.
 * @csspart confirm-delete
 * @csspart cancel-delete
 * @cssproperty --atelier-card-radius
 * @cssproperty --atelier-card-padding
 */
export class AtelierServiceCard extends LocalizedElement {
  static override styles = [baseStyles, statusStyles, serviceCardStyles];

  /** The service, as the events stream last described it. */
  @property({ attribute: false }) accessor service: Service | undefined;
  /** The API client Open and Delete use (given by `<atelier-services>`). */
  @property({ attribute: false }) accessor client: AtelierApi | undefined;

  @state() private accessor confirming = false;
  @state() private accessor deleting = false;
  @state() private accessor opening: number | null = null;
  @state() private accessor sharing = false;
  @state() private accessor error = '';

  #clock: ReturnType<typeof setInterval> | undefined;
  #focus: 'cancel' | 'delete' | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => this.requestUpdate(), 60_000); // keeps "5 minutes ago" true
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const status = this.service?.status;
    for (const name of ['starting', 'running', 'suspended', 'failed', 'stopped']) this.internals.states.delete(name);
    if (status) this.internals.states.add(status);
    this.setStates({ confirming: this.confirming, deleting: this.deleting });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#focus) {
      this.renderRoot.querySelector<HTMLElement>(this.#focus === 'cancel' ? '[part~="cancel-delete"]' : '[part~="delete"]')?.focus();
      this.#focus = null;
    }
  }

  protected override render() {
    const service = this.service;
    if (!service) return nothing;
    const t = this.t;
    const lang = this.locale;
    const starting = service.status === 'starting';
    const showReason = service.reason && ['failed', 'stopped', 'suspended'].includes(service.status);
    const percent = Math.max(0, Math.min(100, Math.round(service.progress?.percent ?? 0)));
    return html`<article part="card" aria-labelledby="title">
      <header>
        <h3 id="title" part="title">${service.name}</h3>
        <span class="status ${service.status}" part="status">${t.statuses[service.status] ?? service.status}</span>
      </header>
      <p class="meta quiet" part="meta">
        <span>${service.catalog} / ${service.service}</span> ·
        <time datetime=${service.createdAt} title=${formatDateTime(service.createdAt, lang)}>${t.createdAt(formatRelativeTime(service.createdAt, lang))}</time>
      </p>
      ${starting
        ? html`<div class="progress-block" part="progress">
            <span>${service.progress?.message ?? ''}</span>
            <div class="progress" role="progressbar" aria-label=${t.progressLabel(service.name)} aria-valuemin="0"
              aria-valuemax="100" aria-valuenow=${percent} aria-valuetext=${`${percent}% ${service.progress?.message ?? ''}`.trim()}>
              <div style=${styleMap({ width: `${percent}%` })}></div>
            </div>
          </div>`
        : nothing}
      ${showReason ? html`<p class="notice" part="reason">${service.reason}</p>` : nothing}
      <p class="alert" role="alert" part="error">${this.error}</p>
      ${this.confirming ? this.#renderConfirm(service) : this.#renderActions(service)}
      ${this.sharing ? html`<atelier-share-panel .service=${service} .client=${this.client}></atelier-share-panel>` : nothing}
    </article>`;
  }

  #renderActions(service: Service) {
    const t = this.t;
    const urls = service.status === 'running' ? service.urls : [];
    return html`<div class="actions" part="actions">
      <slot name="actions"></slot>
      ${urls.map(
        (url) => html`<button type="button" class="button primary" part="open" ?disabled=${this.opening === url.port}
          aria-label=${urls.length > 1 ? `${t.openNamed(url.name)} — ${service.name}` : t.openNamed(service.name)}
          @click=${() => this.#open(service, url)}>${this.opening === url.port ? t.opening : urls.length > 1 ? t.openNamed(url.name) : t.open}</button>`,
      )}
      ${this.client?.shares
        ? html`<button type="button" class="button" part="share" aria-expanded=${this.sharing ? 'true' : 'false'}
            aria-label=${t.shareNamed(service.name)} @click=${() => (this.sharing = !this.sharing)}>${t.share}</button>`
        : nothing}
      <button type="button" class="button" part="delete" ?disabled=${this.deleting} aria-label=${t.deleteNamed(service.name)}
        @click=${this.#askDelete}>${this.deleting ? t.deleting : t.delete}</button>
    </div>`;
  }

  #renderConfirm(service: Service) {
    const t = this.t;
    return html`<div class="confirm" part="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">${t.confirmDelete(service.name)}</p>
      <div class="confirm-actions">
        <button type="button" class="button" part="cancel-delete" @click=${this.#cancelDelete}>${t.cancel}</button>
        <button type="button" class="button danger" part="confirm-delete" @click=${() => this.#delete(service)}>${t.confirmDeleteAction}</button>
      </div>
    </div>`;
  }

  #open(service: Service, url: ServiceUrl): void {
    this.error = '';
    if (!this.dispatchEvent(new AtelierServiceOpenEvent(service, url))) return;
    const client = this.client;
    if (!client) return;
    this.opening = url.port;
    // No await before this call: the tab opens inside the click's user activation.
    openInNewTab(() => client.openService(service.id, url.port))
      .catch((error: unknown) => (this.error = this.#describe(error, 'open')))
      .finally(() => (this.opening = null));
  }

  #askDelete = () => {
    this.error = '';
    this.confirming = true;
    this.#focus = 'cancel';
  };

  #cancelDelete = () => {
    this.confirming = false;
    this.#focus = 'delete';
  };

  async #delete(service: Service): Promise<void> {
    this.confirming = false;
    if (!this.dispatchEvent(new AtelierServiceDeleteEvent(service))) return;
    if (!this.client) return;
    this.deleting = true;
    this.#focus = 'delete';
    try {
      await this.client.deleteService(service.id);
      // Stays "Deleting…" until the stream's `deleted` event removes the card.
    } catch (error) {
      this.deleting = false;
      this.error = this.#describe(error, 'delete');
    }
  }

  #describe(error: unknown, action: 'open' | 'delete'): string {
    const t = this.t;
    if (error instanceof TabBlockedError) return t.openBlocked;
    const detail =
      error instanceof ApiRequestError && error.status === 0 ? t.networkError : error instanceof Error ? error.message : String(error);
    return action === 'open' ? t.openFailed(detail) : t.deleteFailed(detail);
  }
}
