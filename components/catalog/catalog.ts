import '../catalog-card/catalog-card.js';
import { AtelierCatalog } from './catalog.element.js';

customElements.get('atelier-catalog') ?? customElements.define('atelier-catalog', AtelierCatalog);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-catalog': AtelierCatalog;
  }
}
