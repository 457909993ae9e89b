import { AtelierLaunchButton } from './launch-button.element.js';

customElements.get('atelier-launch-button') ?? customElements.define('atelier-launch-button', AtelierLaunchButton);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-launch-button': AtelierLaunchButton;
  }
}
