import { AtelierServiceCard } from './service-card.element.js';

customElements.get('atelier-service-card') ?? customElements.define('atelier-service-card', AtelierServiceCard);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-service-card': AtelierServiceCard;
  }
}
