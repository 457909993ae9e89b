import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ServicesApi } from '../api/services-api.js';
import type { Service, ServiceReadme } from '../api/types.js';
import { ServicePanel } from './service-panel.js';

/**
 * @summary How to connect to a service (its catalog entry's README, filled in) and its
 * credentials, hidden until shown, each with Copy.
 *
 * @csspart panel
 * @csspart text - The README.
 * @csspart secrets - The credentials.
 * @csspart reveal - Show/hide one credential.
 * @csspart copy - Copy one credential.
 * @csspart error
 */
export class AtelierServiceReadme extends ServicePanel<ServiceReadme> {
  @state() private accessor revealed = new Set<string>();
  @state() private accessor notice = '';

  protected fetch(services: ServicesApi, service: Service, signal: AbortSignal): Promise<ServiceReadme> {
    return services.readme(service.id, { signal });
  }

  protected override render() {
    const service = this.service;
    if (!service) return nothing;
    const t = this.t;
    const readme = this.data;
    return this.renderPanel(
      t.readmeNamed(service.name),
      html`${readme ? html`<pre part="text" tabindex="0" role="document" aria-labelledby="panel-title">${readme.text}</pre>` : nothing}
        ${readme?.secrets.length
          ? html`<h5 id="secrets-title">${t.secretsLabel}</h5>
              <dl part="secrets" aria-labelledby="secrets-title">
                ${readme.secrets.map((secret) => this.#renderSecret(secret))}
              </dl>`
          : nothing}
        <p class="quiet" role="status">${this.notice}</p>`,
    );
  }

  #renderSecret(secret: { name: string; value: string }) {
    const t = this.t;
    const shown = this.revealed.has(secret.name);
    return html`<div class="row">
      <dt>${secret.name}</dt>
      <dd class="row">
        ${shown
          ? html`<code part="secret">${secret.value}</code>`
          : html`<code part="secret"><span aria-hidden="true">••••••••</span><span class="visually-hidden">${t.secretHidden}</span></code>`}
        <button type="button" class="button small" part="reveal" aria-pressed=${shown ? 'true' : 'false'} aria-label=${t.revealNamed(secret.name)}
          @click=${() => this.#toggle(secret.name)}>${t.reveal}</button>
        <button type="button" class="button small" part="copy" aria-label=${t.copyNamed(secret.name)} @click=${() => this.#copy(secret)}>${t.copy}</button>
      </dd>
    </div>`;
  }

  #toggle(name: string): void {
    const revealed = new Set(this.revealed);
    if (!revealed.delete(name)) revealed.add(name);
    this.revealed = revealed;
  }

  async #copy(secret: { name: string; value: string }): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret.value);
      this.notice = this.t.copied(secret.name);
    } catch {
      this.notice = this.t.copyBlocked(secret.name);
    }
  }
}
