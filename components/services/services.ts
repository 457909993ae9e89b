import '../service-card/service-card.js';
import type { AtelierQuotaGauges } from './quota-gauges.element.js';
import { AtelierServices } from './services.element.js';

customElements.get('atelier-services') ?? customElements.define('atelier-services', AtelierServices);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-quota-gauges': AtelierQuotaGauges;
    'atelier-services': AtelierServices;
  }
}
