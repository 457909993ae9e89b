import '../service-card/service-card.js';
import { AtelierServices } from './services.element.js';

customElements.get('atelier-services') ?? customElements.define('atelier-services', AtelierServices);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-services': AtelierServices;
  }
}
