import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AtelierApi } from '../api/api.js';
import type { Quota } from '../api/types.js';
import { formatNumber } from '../internal/localize.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { baseStyles } from '../internal/styles.js';
import { formatMemory } from '../service-card/service-facts.js';
import { quotaGaugesStyles } from './quota-gauges.styles.js';

const KINDS = ['services', 'cpu', 'memory', 'gpu'] as const;
type Kind = (typeof KINDS)[number];

/**
 * @summary The user's quota: one gauge (a `<meter>` with its label and "used of limit")
 * per limited resource — services, CPU, memory, GPU. Loaded from `GET /api/quota`, again
 * whenever `revision` changes; hidden when nothing is limited (or the quota cannot be
 * read: the server refuses launches beyond it anyway).
 *
 * @csspart gauges - The whole group.
 * @csspart gauge - One resource: its label, meter and amounts.
 * @csspart meter - The `<meter>`.
 */
export class AtelierQuotaGauges extends LocalizedElement {
  static override styles = [baseStyles, quotaGaugesStyles];

  @property({ attribute: false }) accessor client: AtelierApi | undefined;
  /** Any change (e.g. of the list of services) loads the quota again. */
  @property() accessor revision = '';

  @state() private accessor quota: Quota | null = null;

  #loading: AbortController | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('revision') || changed.has('client')) void this.#load();
    this.toggleAttribute('hidden', this.#limited().length === 0);
  }

  async #load(): Promise<void> {
    this.#loading?.abort();
    const services = this.client?.services;
    if (!services) return;
    const loading = (this.#loading = new AbortController());
    try {
      const quota = await services.quota({ signal: loading.signal });
      if (!loading.signal.aborted) this.quota = quota;
    } catch {
      // Keep the last gauges: they are a guide, and the server enforces the quota.
    }
  }

  #limited(): Kind[] {
    const limits = this.quota?.limits;
    return limits ? KINDS.filter((kind) => limits[kind] !== null) : [];
  }

  #amount(kind: Kind, value: number): string {
    const lang = this.locale;
    if (kind === 'memory') return formatMemory(value, lang, this.t);
    if (kind === 'cpu') return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value / 1000);
    return formatNumber(value, lang);
  }

  protected override render() {
    const quota = this.quota;
    const kinds = this.#limited();
    if (!quota || kinds.length === 0) return nothing;
    const t = this.t;
    return html`<section part="gauges" aria-labelledby="quota-title">
      <h3 id="quota-title">${t.quotaLabel}</h3>
      <div class="gauges">
        ${kinds.map((kind) => {
          const limit = quota.limits[kind]!;
          const used = quota.usage[kind];
          const usage = t.quotaUsage(this.#amount(kind, used), this.#amount(kind, limit));
          return html`<div class="gauge" part="gauge">
            <label for=${`gauge-${kind}`}>${t.quotaNames[kind]}</label>
            <meter id=${`gauge-${kind}`} part="meter" min="0" max=${limit} .value=${used} low=${limit * 0.7} high=${limit * 0.9} optimum="0"
              aria-describedby=${`usage-${kind}`}></meter>
            <span id=${`usage-${kind}`} class="quiet">${usage}</span>
          </div>`;
        })}
      </div>
    </section>`;
  }
}
