import { AtelierSharePanel } from './share-panel.element.js';

customElements.get('atelier-share-panel') ?? customElements.define('atelier-share-panel', AtelierSharePanel);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-share-panel': AtelierSharePanel;
  }
}
