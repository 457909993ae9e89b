import '../catalog/catalog.js';
import '../launcher/launcher.js';
import '../files/files.js';
import '../services/services.js';
import { AtelierApp } from './app.element.js';

customElements.get('atelier-app') ?? customElements.define('atelier-app', AtelierApp);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-app': AtelierApp;
  }
}
