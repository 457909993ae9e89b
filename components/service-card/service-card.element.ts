import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AtelierApi } from '../api/api.js';
import { ApiRequestError } from '../api/errors.js';
import type { Service, ServiceUrl } from '../api/types.js';
import { formatDateTime, formatNumber, formatRelativeTime } from '../internal/localize.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { openInNewTab, TabBlockedError } from '../internal/open-tab.js';
import { baseStyles, statusStyles } from '../internal/styles.js';
import { renderCardActions, type CardPanel } from './card-actions.js';
import { renderLaunchProgress } from './launch-progress.js';
import { loadPanels } from './panels-loader.js';
import { RenameController } from './rename-controller.js';
import { needsReminder, reasonOf, reminderIn, resourceParts } from './service-facts.js';
import { AtelierServiceDeleteEvent, AtelierServiceOpenEvent } from './service-card.events.js';
import { serviceCardStyles } from './service-card.styles.js';
import { smallButtonStyles } from './panel.styles.js';


/**
 * @summary One of the user's services: icon, name (renamable), status in words and
 * color, start time and resources; while starting, the launch steps and a progress bar;
 * the localized reason when it failed, stopped or was suspended (a failed one shows its
 * last log lines); a reminder when it has run longer than `reminder-hours`. Actions:
 * Open (one per URL), Connect (README and credentials), Logs (tail and follow), Events,
 * Share, Suspend/Resume (when the driver can), Delete (confirmed in the card first).
 *
 * @event atelier-service-open - Open was chosen (`detail`: service, url); cancelable.
 * @event atelier-service-delete - Delete was confirmed (`detail.service`); cancelable.
 * @slot actions - Extra actions.
 * @csspart card - The whole card.
 * @csspart header - Icon, name, Rename and status.
 * @csspart icon - The catalog entry's icon.
 * @csspart name - The service's friendly name (also `title`).
 * @csspart rename - The Rename button; `rename-form`, `name-input` and `save-name` while renaming.
 * @csspart status - The status badge.
 * @csspart meta - Catalog entry, start time and resources.
 * @csspart resources - The CPU, memory and GPU it asked for.
 * @csspart progress - While starting: `steps`, `phase-message` and the progress bar.
 * @csspart reason - Why it failed, stopped or was suspended.
 * @csspart reminder - Shown when it has run longer than `reminder-hours`.
 * @csspart failed-logs - A failed service's last log lines.
 * @csspart error - The error alert of the last action.
 * @csspart actions - The action buttons: `open`, `readme`, `logs`, `history`, `share`, `suspend`, `resume`, `delete`.
 * @csspart confirm - The delete confirmation step, with `confirm-delete` and `cancel-delete`.
 * @csspart panel - The open panel (README, logs, events or sharing).
 * @cssproperty --atelier-card-radius
 * @cssproperty --atelier-card-padding
 */
export class AtelierServiceCard extends LocalizedElement {
  static override styles = [baseStyles, statusStyles, smallButtonStyles, serviceCardStyles];

  /** The service, as the events stream last described it. */
  @property({ attribute: false }) accessor service: Service | undefined;
  /** The API client the actions use (given by `<atelier-services>`). */
  @property({ attribute: false }) accessor client: AtelierApi | undefined;
  /** Show a reminder on a service running longer than this many hours (0 or unset: never). */
  @property({ type: Number, attribute: 'reminder-hours' }) accessor reminderHours: number | undefined;

  @state() private accessor confirming = false;
  @state() private accessor busy: 'delete' | 'suspend' | 'resume' | null = null;
  @state() private accessor opening: number | null = null;
  @state() private accessor panel: CardPanel | null = null;
  @state() private accessor error = '';

  readonly #rename = new RenameController(this);
  #clock: ReturnType<typeof setInterval> | undefined;
  #reminderTimer: ReturnType<typeof setTimeout> | undefined;
  #focus: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => this.requestUpdate(), 60_000); // keeps "5 minutes ago" and the reminder true
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    clearTimeout(this.#reminderTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const status = this.service?.status;
    for (const name of ['starting', 'running', 'suspended', 'failed', 'stopped']) this.internals.states.delete(name);
    if (status) this.internals.states.add(status);
    this.setStates({
      confirming: this.confirming,
      deleting: this.busy === 'delete',
      reminder: this.service ? needsReminder(this.service, this.reminderHours) : false,
    });
    if (this.panel === 'share' && !this.client?.shares) this.panel = null;
    if (this.panel || status === 'failed') void loadPanels(); // the panels are loaded when first needed
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The reminder shows when it is due, not at the next minute's tick.
    clearTimeout(this.#reminderTimer);
    const wait = this.service ? reminderIn(this.service, this.reminderHours) : null;
    if (wait !== null && wait > 0 && wait < 60_000) this.#reminderTimer = setTimeout(() => this.requestUpdate(), wait + 50);
    if (this.#focus) {
      this.renderRoot.querySelector<HTMLElement>(`[part~="${this.#focus}"]`)?.focus();
      this.#focus = null;
    }
  }

  /** A readable message for an error of an action. */
  describe(error: unknown): string {
    if (error instanceof TabBlockedError) return this.t.openBlocked;
    if (error instanceof ApiRequestError && error.status === 0) return this.t.networkError;
    return error instanceof Error ? error.message : String(error);
  }

  protected override render() {
    const service = this.service;
    if (!service) return nothing;
    const t = this.t;
    const reason = reasonOf(service, t);
    return html`<article part="card" aria-labelledby="title">
      <header part="header">
        ${service.icon && this.client ? html`<img part="icon" class="icon" src=${this.client.resolve(service.icon)} alt="" />` : nothing}
        <h3 id="title" part="name title">${service.name}</h3>
        ${this.#rename.renderButton(service, this.client, t)}
        <span class="status ${service.status}" part="status">${t.statuses[service.status] ?? service.status}</span>
      </header>
      ${this.#rename.renderForm(service, this.client, t)} ${this.#renderMeta(service)}
      ${service.status === 'starting' ? renderLaunchProgress(service, t) : nothing}
      ${reason
        ? html`<p class="notice" part="reason">${reason.text}${reason.detail && reason.detail !== reason.text ? html` <span class="quiet">${reason.detail}</span>` : nothing}</p>`
        : nothing}
      ${needsReminder(service, this.reminderHours)
        ? html`<p class="notice" part="reminder">${t.reminder(formatNumber(this.reminderHours!, this.locale))}</p>`
        : nothing}
      ${service.status === 'failed'
        ? html`<atelier-service-logs part="failed-logs" compact lines="20" .service=${service} .client=${this.client}></atelier-service-logs>`
        : nothing}
      <p class="alert" role="alert" part="error">${this.error}</p>
      ${this.confirming ? this.#renderConfirm(service) : this.#renderActions(service)} ${this.#renderPanel(service)}
    </article>`;
  }

  #renderMeta(service: Service) {
    const t = this.t;
    const lang = this.locale;
    const started = service.status === 'running' && service.startedAt;
    const when = started ? service.startedAt! : service.createdAt;
    const resources = resourceParts(service.resources, lang, t);
    return html`<p class="meta quiet" part="meta">
      <span>${service.catalog} / ${service.service}</span> ·
      <time datetime=${when} title=${formatDateTime(when, lang)}>${(started ? t.startedAt : t.createdAt)(formatRelativeTime(when, lang))}</time>
      ${resources.length ? html` · <span part="resources" aria-label=${`${t.resourcesLabel}: ${resources.join(', ')}`}>${resources.join(' · ')}</span>` : nothing}
    </p>`;
  }

  #renderActions(service: Service) {
    return renderCardActions(service, {
      t: this.t,
      client: this.client,
      opening: this.opening,
      busy: this.busy,
      panel: this.panel,
      open: (url) => this.#open(service, url),
      toggle: (panel) => (this.panel = this.panel === panel ? null : panel),
      suspend: () => this.#act(service, 'suspend'),
      resume: () => this.#act(service, 'resume'),
      askDelete: this.#askDelete,
    });
  }

  #renderPanel(service: Service) {
    const client = this.client;
    switch (this.panel) {
      case 'readme':
        return html`<atelier-service-readme part="panel" id="panel" .service=${service} .client=${client}></atelier-service-readme>`;
      case 'logs':
        return html`<atelier-service-logs part="panel" id="panel" .service=${service} .client=${client}></atelier-service-logs>`;
      case 'history':
        return html`<atelier-service-history part="panel" id="panel" .service=${service} .client=${client}></atelier-service-history>`;
      case 'share':
        return html`<atelier-share-panel part="panel" id="panel" .service=${service} .client=${client}></atelier-share-panel>`;
      default:
        return nothing;
    }
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
      .catch((error: unknown) => (this.error = this.t.openFailed(this.describe(error))))
      .finally(() => (this.opening = null));
  }

  async #act(service: Service, action: 'suspend' | 'resume'): Promise<void> {
    const services = this.client?.services;
    if (!services) return;
    this.error = '';
    this.busy = action;
    try {
      await services[action](service.id);
      // The new status arrives through the events stream.
    } catch (error) {
      this.error = this.t.actionFailed(this.describe(error));
    } finally {
      this.busy = null;
    }
  }

  #askDelete = () => {
    this.error = '';
    this.confirming = true;
    this.#focus = 'cancel-delete';
  };

  #cancelDelete = () => {
    this.confirming = false;
    this.#focus = 'delete';
  };

  async #delete(service: Service): Promise<void> {
    this.confirming = false;
    if (!this.dispatchEvent(new AtelierServiceDeleteEvent(service))) return;
    if (!this.client) return;
    this.busy = 'delete';
    this.#focus = 'delete';
    try {
      await this.client.deleteService(service.id);
      // Stays "Deleting…" until the stream's `deleted` event removes the card.
    } catch (error) {
      this.busy = null;
      this.error = this.t.deleteFailed(this.describe(error));
    }
  }
}
