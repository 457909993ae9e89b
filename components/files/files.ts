import { AtelierFiles } from './files.element.js';

customElements.get('atelier-files') ?? customElements.define('atelier-files', AtelierFiles);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-files': AtelierFiles;
  }
}
