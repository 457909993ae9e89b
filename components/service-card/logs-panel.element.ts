import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import type { ServicesApi } from '../api/services-api.js';
import type { Service } from '../api/types.js';
import { ServicePanel } from './service-panel.js';

/** The most lines a panel keeps while following. */
const KEPT_LINES = 2000;

/**
 * @summary What a service printed: the last `lines` lines, and, with Follow new lines,
 * each new line as it comes (one stream, closed when unticked or when the panel closes).
 * `compact`: the last lines only, under a failed service.
 *
 * @csspart panel
 * @csspart lines - The log text.
 * @csspart follow - The Follow new lines checkbox.
 * @csspart error
 */
export class AtelierServiceLogs extends ServicePanel<string[]> {
  /** How many of the last lines to show. */
  @property({ type: Number }) accessor lines = 200;
  /** The last lines only, without Follow (a failed service's card). */
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  @state() private accessor following = false;
  @state() private accessor notice = '';

  #follow: Subscription | undefined;

  protected fetch(services: ServicesApi, service: Service, signal: AbortSignal): Promise<string[]> {
    return services.logs(service.id, this.lines, { signal });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopFollowing();
  }

  /** Whether a follow stream is open (for hosts and tests). */
  get isFollowing(): boolean {
    return this.#follow !== undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const pre = this.renderRoot.querySelector('pre');
    if (this.following && pre && changed.has('data')) pre.scrollTop = pre.scrollHeight;
  }

  protected override render() {
    const service = this.service;
    if (!service) return nothing;
    const t = this.t;
    const lines = this.data;
    const title = this.compact ? t.failedLogsNamed(service.name) : t.logsNamed(service.name);
    return this.renderPanel(
      title,
      html`${this.compact
          ? nothing
          : html`<label class="check"><input type="checkbox" part="follow" .checked=${this.following} @change=${this.#toggleFollow} /> ${t.follow}</label>`}
        ${lines?.length === 0 ? html`<p class="quiet">${t.logsEmpty}</p>` : nothing}
        ${lines?.length ? html`<pre part="lines" role="log" tabindex="0" aria-labelledby="panel-title">${lines.join('\n')}</pre>` : nothing}
        <p class="quiet" role="status">${this.notice}</p>`,
    );
  }

  #toggleFollow = (event: Event) => {
    if ((event.target as HTMLInputElement).checked) this.#startFollowing();
    else this.#stopFollowing();
  };

  #startFollowing(): void {
    const { service, client } = this;
    if (!service || !client?.services || this.#follow) return;
    this.following = true;
    this.notice = '';
    let first = true;
    this.#follow = client.services.followLogs(service.id, this.lines).subscribe({
      next: (batch) => {
        // The first batch is the tail again: it replaces what was shown.
        const lines = first ? batch : [...(this.data ?? []), ...batch];
        first = false;
        this.data = lines.length > KEPT_LINES ? lines.slice(-KEPT_LINES) : lines;
      },
      error: (error: unknown) => this.#ended(this.t.panelFailed(this.describe(error))),
      complete: () => this.#ended(this.t.logsEnded),
    });
  }

  #ended(notice: string): void {
    this.#follow = undefined;
    this.following = false;
    this.notice = notice;
  }

  #stopFollowing(): void {
    this.#follow?.unsubscribe();
    this.#follow = undefined;
    this.following = false;
  }
}
