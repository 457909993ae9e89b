import { html } from 'lit';
import { AtelierElement } from '../internal/atelier-element.js';
import { baseStyles } from '../internal/styles.js';
import { filesStyles } from './files.styles.js';

/**
 * @summary The user's files. This release: a sign-in action when signed out, else a note
 * that file storage arrives with S3 support. Makes no request.
 *
 * @slot header - Above the content.
 * @csspart message - The note or the signed-out message.
 * @csspart sign-in - The sign-in button (signed out).
 */
export class AtelierFiles extends AtelierElement {
  static override styles = [baseStyles, filesStyles];

  protected override render() {
    const t = this.t;
    return html`<div class="files" role="region" aria-label=${t.filesLabel}>
      <slot name="header"></slot>
      ${this.unconfigured
        ? html`<p class="message" part="message">${t.unconfigured}</p>`
        : this.signedIn
          ? html`<p class="message" part="message">${t.filesComingSoon}</p>`
          : html`<div class="message" part="message"><p>${t.filesSignedOut}</p>${this.renderSignIn()}</div>`}
    </div>`;
  }
}
