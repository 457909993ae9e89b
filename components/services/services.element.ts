import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Service } from '../api/types.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { ServiceStreamController } from '../internal/service-stream-controller.js';
import { baseStyles } from '../internal/styles.js';
import { loadPanels } from '../service-card/panels-loader.js';
import { DeleteAllController } from './delete-all-controller.js';
import { servicesStyles } from './services.styles.js';

/**
 * @summary The signed-in user's services, live from the events stream (a snapshot, then
 * changes; one connection, closed when the element leaves the page or the user signs
 * out), with their quota gauges (reloaded when the list changes) and Delete all
 * (confirmed in a dialog naming how many). Signed out: a sign-in action, and no request
 * at all.
 *
 * @event atelier-service-open - From a card's Open; cancelable.
 * @event atelier-service-delete - From a card's confirmed Delete; cancelable.
 * @slot header - Above the list.
 * @slot empty - Shown when the user has no service.
 * @csspart gauges - `<atelier-quota-gauges>`: one `gauge` (with its `meter`) per limited resource; hidden when nothing is limited.
 * @csspart delete-all - The Delete all button; `dialog`, `confirm-delete-all` and `cancel-delete-all` its confirmation.
 * @csspart bulk-status - What Delete all did; `bulk-error` when it failed.
 * @csspart list - The cards.
 * @csspart card - Each `<atelier-service-card>` (its own parts: see that element).
 * @csspart message - Loading and signed-out messages.
 * @csspart error - The error alert.
 * @csspart empty - Around the empty slot.
 * @csspart sign-in - The sign-in button (signed out).
 * @cssproperty --atelier-service-card-width - The minimum width of a card (20rem).
 */
export class AtelierServices extends AtelierElement {
  static override styles = [baseStyles, servicesStyles];

  readonly #stream = new ServiceStreamController(this);
  readonly #deleteAll = new DeleteAllController(this, (error) => this.describeError(error));

  /** The services as last received. */
  get services(): readonly Service[] {
    return this.#stream.services;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#stream.follow(this.client, this.identity.user?.username ?? null);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#stream.status === 'live') void loadPanels(); // they hold the quota gauges
    const status = this.#stream.status;
    this.setStates({
      loading: status === 'connecting',
      error: status === 'error',
      empty: status === 'live' && this.#stream.services.length === 0,
    });
  }

  protected override render() {
    const t = this.t;
    const stream = this.#stream;
    const empty = stream.status === 'live' && stream.services.length === 0;
    return html`<div class="services" role="region" aria-label=${t.servicesLabel}>
      <slot name="header"></slot>
      ${this.#renderStatus()}
      ${this.signedIn && stream.status === 'live'
        ? html`<div class="toolbar">
            <atelier-quota-gauges part="gauges" exportparts="gauge, meter" .client=${this.client} revision=${this.#revision()}></atelier-quota-gauges>
            ${this.#deleteAll.render(stream.services.length, this.client, t)}
          </div>`
        : nothing}
      <ul part="list" ?hidden=${stream.services.length === 0}>
        ${repeat(
          stream.services,
          (service) => service.id,
          (service) => html`<li>
            <atelier-service-card part="card" .service=${service} .client=${this.client} reminder-hours=${this.config?.services?.reminderHours ?? 0}></atelier-service-card>
          </li>`,
        )}
      </ul>
      <div part="empty" ?hidden=${!empty}>
        <slot name="empty"><p class="message">${t.servicesEmpty}</p></slot>
      </div>
    </div>`;
  }

  /** What the quota depends on: which services there are, and in which status. */
  #revision(): string {
    return this.#stream.services.map((service) => `${service.id}:${service.status}`).join(',');
  }

  #renderStatus() {
    const t = this.t;
    if (this.unconfigured) return html`<p class="message" part="message">${t.unconfigured}</p>`;
    if (!this.signedIn) {
      return html`<div class="message" part="message"><p>${t.servicesSignedOut}</p>${this.renderSignIn()}</div>`;
    }
    switch (this.#stream.status) {
      case 'connecting':
        return html`<p class="message" part="message" role="status">${t.loading}</p>`;
      case 'error':
        return html`<div class="alert" role="alert" part="error">
          <p>${t.servicesError(this.describeError(this.#stream.error))}</p>
          <button type="button" class="button" @click=${() => this.#stream.retry()}>${t.retry}</button>
        </div>`;
      default:
        return nothing;
    }
  }
}
