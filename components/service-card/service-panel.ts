import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AtelierApi } from '../api/api.js';
import { ApiRequestError } from '../api/errors.js';
import type { ServicesApi } from '../api/services-api.js';
import type { Service } from '../api/types.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { baseStyles } from '../internal/styles.js';
import { panelStyles, smallButtonStyles } from './panel.styles.js';

/**
 * The base of a service card's panels: given the service and the client, it loads its
 * data (again when the service changes, aborted when the panel goes) and shows loading
 * and errors; subclasses say what to fetch and how to show it.
 */
export abstract class ServicePanel<T> extends LocalizedElement {
  static override styles = [baseStyles, smallButtonStyles, panelStyles];

  @property({ attribute: false }) accessor service: Service | undefined;
  @property({ attribute: false }) accessor client: AtelierApi | undefined;

  @state() protected accessor data: T | undefined;
  @state() protected accessor error = '';

  #loading: AbortController | null = null;
  #loadedFor: string | undefined;

  /** What the panel shows, fetched for `service`. */
  protected abstract fetch(services: ServicesApi, service: Service, signal: AbortSignal): Promise<T>;

  /** The key that, when it changes, makes the panel load again (the service's id by default). */
  protected loadKey(service: Service): string {
    return service.id;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
    this.#loadedFor = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = this.service && this.client?.services ? this.loadKey(this.service) : undefined;
    if (key !== undefined && key !== this.#loadedFor) void this.#load(key);
    this.setStates({ loading: this.data === undefined && !this.error, error: Boolean(this.error) });
  }

  async #load(key: string): Promise<void> {
    this.#loadedFor = key;
    this.#loading?.abort();
    const loading = (this.#loading = new AbortController());
    this.error = '';
    try {
      const data = await this.fetch(this.client!.services!, this.service!, loading.signal);
      if (!loading.signal.aborted) this.data = data;
    } catch (error) {
      if (!loading.signal.aborted) this.error = this.t.panelFailed(this.describe(error));
    }
  }

  protected describe(error: unknown): string {
    if (error instanceof ApiRequestError && error.status === 0) return this.t.networkError;
    return error instanceof Error ? error.message : String(error);
  }

  /** The panel: its title (`#panel-title`), "Loading…" until the data is there, the error alert, then `body`. */
  protected renderPanel(title: string, body: unknown) {
    return html`<section part="panel" aria-labelledby="panel-title">
      <h4 id="panel-title">${title}</h4>
      ${this.data === undefined && !this.error ? html`<p class="quiet" role="status">${this.t.loading}</p>` : nothing}
      <p class="alert" role="alert" part="error">${this.error}</p>
      ${body}
    </section>`;
  }
}
