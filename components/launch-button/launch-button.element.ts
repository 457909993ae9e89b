import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Service, ServiceUrl } from '../api/types.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { formatPercent } from '../internal/localize.js';
import { openInNewTab, TabBlockedError } from '../internal/open-tab.js';
import { ServiceStreamController } from '../internal/service-stream-controller.js';
import { baseStyles, statusStyles } from '../internal/styles.js';
import { AtelierLaunchEvent, AtelierServiceLaunchedEvent } from '../launcher/launcher.events.js';
import { launchButtonStyles } from './launch-button.styles.js';

/**
 * @summary One button that launches a catalog entry with its defaults (signing in first
 * when needed), shows its status while it starts, then offers Open.
 *
 * @event atelier-launch - Before launching; cancelable (`detail.values`: the `values` attribute's, else `{}`).
 * @event atelier-service-launched - The service was created (`detail.service`).
 * @slot - The button's label (default: "Launch").
 * @csspart base - Around everything.
 * @csspart button - The Launch button.
 * @csspart status - The launched service's status.
 * @csspart progress - Its progress bar while it starts.
 * @csspart open - An Open button per URL once it runs.
 * @csspart error - The alert when launching or opening failed.
 */
export class AtelierLaunchButton extends AtelierElement {
  static override styles = [baseStyles, statusStyles, launchButtonStyles];

  @property({ reflect: true }) accessor catalog = '';
  @property({ reflect: true }) accessor service = '';
  /** An optional friendly name for the launched service. */
  @property() accessor name = '';
  /**
   * Launch values that differ from the entry's defaults, as a JSON object: a preconfigured
   * service, e.g. `values='{"folder": "stat101/week-3"}'`. The BFF validates them.
   */
  @property() accessor values = '';

  @state() private accessor busy = false;
  @state() private accessor launched: Service | undefined;
  @state() private accessor error = '';

  readonly #stream = new ServiceStreamController(this);

  /** The launched service as last seen (from the stream once it speaks). */
  get current(): Service | undefined {
    const launched = this.launched;
    return launched && (this.#stream.services.find((service) => service.id === launched.id) ?? launched);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#stream.follow(this.launched ? this.client : undefined, this.identity.user?.username ?? null, this.launched?.id);
    const status = this.current?.status;
    this.setStates({ loading: this.busy || status === 'starting', error: Boolean(this.error) || status === 'failed' });
  }

  protected override render() {
    const t = this.t;
    const service = this.current;
    const showButton = !service || service.status === 'failed' || service.status === 'stopped';
    return html`<div class="base" part="base">
      ${showButton
        ? html`<button type="button" class="button primary" part="button" ?disabled=${this.busy || this.identity.signingIn === true}
            @click=${this.#launch}>${this.busy ? t.launching : html`<slot>${t.launch}</slot>`}</button>`
        : nothing}
      ${service ? this.#renderService(service) : nothing}
      <p class="alert" role="alert" part="error">${this.error || this.signInError || ''}</p>
    </div>`;
  }

  #renderService(service: Service) {
    const t = this.t;
    const percent = Math.max(0, Math.min(100, Math.round(service.progress?.percent ?? 0)));
    return html`<span class="status ${service.status}" part="status" role="status">${t.statuses[service.status] ?? service.status}</span>
      ${service.status === 'starting'
        ? html`<div class="progress" part="progress" role="progressbar" aria-label=${t.progressLabel(service.name)}
            aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent} aria-valuetext=${`${formatPercent(percent, this.locale)} ${service.progress?.message ?? ''}`.trim()}>
            <div style=${styleMap({ width: `${percent}%` })}></div>
          </div>`
        : nothing}
      ${service.reason && service.status !== 'running' ? html`<span class="quiet">${service.reason}</span>` : nothing}
      ${service.status === 'running'
        ? service.urls.map(
            (url) => html`<button type="button" class="button primary" part="open" aria-label=${`${t.openNamed(url.name)} — ${service.name}`}
              @click=${() => this.#open(service, url)}>${service.urls.length > 1 ? t.openNamed(url.name) : t.open}</button>`,
          )
        : nothing}`;
  }

  #launch = async () => {
    this.error = '';
    if (!this.signedIn) {
      await this.signIn(); // opens the popup synchronously, inside the click
      if (!this.signedIn) return; // cancelled or failed (signInError says why)
    }
    const client = this.client;
    if (!client || !this.catalog || !this.service) return;
    const values = parseValues(this.values);
    if (!values) {
      this.error = this.t.launchValuesInvalid;
      return;
    }
    const detail = { catalog: this.catalog, service: this.service, name: this.name, values };
    if (!this.dispatchEvent(new AtelierLaunchEvent(detail))) return;
    this.busy = true;
    try {
      const service = await client.launch({
        catalog: this.catalog,
        service: this.service,
        ...(Object.keys(values).length > 0 ? { values } : {}),
        ...(this.name ? { name: this.name } : {}),
      });
      this.launched = service;
      this.dispatchEvent(new AtelierServiceLaunchedEvent(service));
    } catch (error) {
      this.error = this.t.launchFailed(this.describeError(error));
    } finally {
      this.busy = false;
    }
  };

  #open(service: Service, url: ServiceUrl): void {
    const client = this.client;
    if (!client) return;
    this.error = '';
    openInNewTab(() => client.openService(service.id, url.port)).catch((error: unknown) => {
      this.error = error instanceof TabBlockedError ? this.t.openBlocked : this.t.openFailed(this.describeError(error));
    });
  }
}

/** The `values` attribute as an object ({} when empty), or null when it is not a JSON object. */
function parseValues(text: string): Record<string, unknown> | null {
  if (!text.trim()) return {};
  try {
    const values: unknown = JSON.parse(text);
    return values && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
