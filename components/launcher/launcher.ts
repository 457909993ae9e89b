import { AtelierLauncher } from './launcher.element.js';

customElements.get('atelier-launcher') ?? customElements.define('atelier-launcher', AtelierLauncher);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-launcher': AtelierLauncher;
  }
}
