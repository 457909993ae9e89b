import { AtelierCatalogCard } from './catalog-card.element.js';

customElements.get('atelier-catalog-card') ?? customElements.define('atelier-catalog-card', AtelierCatalogCard);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-catalog-card': AtelierCatalogCard;
  }
}
