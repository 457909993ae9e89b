// The service card's README, logs, events and sharing panels, and the quota gauges of
// <atelier-services>: loaded on demand (scripts/build.mjs LAZY).
import { AtelierServiceHistory } from './history-panel.element.js';
import { AtelierServiceLogs } from './logs-panel.element.js';
import { AtelierQuotaGauges } from '../services/quota-gauges.element.js';
import { AtelierServiceReadme } from './readme-panel.element.js';
import './share-panel.js';

customElements.get('atelier-service-readme') ?? customElements.define('atelier-service-readme', AtelierServiceReadme);
customElements.get('atelier-service-logs') ?? customElements.define('atelier-service-logs', AtelierServiceLogs);
customElements.get('atelier-service-history') ?? customElements.define('atelier-service-history', AtelierServiceHistory);
customElements.get('atelier-quota-gauges') ?? customElements.define('atelier-quota-gauges', AtelierQuotaGauges);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-service-readme': AtelierServiceReadme;
    'atelier-service-logs': AtelierServiceLogs;
    'atelier-service-history': AtelierServiceHistory;
    'atelier-quota-gauges': AtelierQuotaGauges;
  }
}
