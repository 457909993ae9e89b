import { html, nothing } from 'lit';
import type { AtelierApi } from '../api/api.js';
import type { PublicConfig } from '../api/types.js';
import type { Messages } from '../internal/localize.js';
import { languageName, pickText } from './branding.js';

/** The header's navigation: the configured links, then the terms of service when they are a page. */
export function renderBrandLinks(config: PublicConfig | undefined, lang: string, t: Messages, client: AtelierApi | undefined) {
  const resolve = (url: string) => (client && url.startsWith('/') ? client.resolve(url) : url);
  const links = config?.links ?? [];
  const termsUrl = config?.termsOfService?.url;
  return html`<nav class="links" part="links" aria-label=${t.appLinks} ?hidden=${links.length === 0 && !termsUrl}>
    <ul>
      ${links.map((link) => html`<li><a part="link" href=${resolve(link.url)}>${pickText(link.label, lang)}</a></li>`)}
      ${termsUrl ? html`<li><a part="link terms" href=${resolve(termsUrl)}>${t.termsOfService}</a></li>` : nothing}
    </ul>
  </nav>`;
}

/** A language switcher among the enabled languages (hidden when only one is), each named in itself. */
export function renderLanguageSwitch(languages: readonly string[] | undefined, current: string, t: Messages, choose: (lang: string) => void) {
  const enabled = languages ?? [];
  return html`<label class="language" part="language" ?hidden=${enabled.length < 2}>
    <span>${t.language}</span>
    <select @change=${(event: Event) => choose((event.target as HTMLSelectElement).value)}>
      ${enabled.map((lang) => html`<option value=${lang} lang=${lang} ?selected=${lang === current}>${languageName(lang)}</option>`)}
    </select>
  </label>`;
}

/** The terms of service given as a text: a disclosure in the footer. */
export function renderTermsText(config: PublicConfig | undefined, lang: string, t: Messages) {
  const text = config?.termsOfService?.text;
  return html`<footer part="footer" ?hidden=${!text}>
    ${text
      ? html`<details part="terms">
          <summary>${t.termsOfService}</summary>
          <p>${pickText(text, lang)}</p>
        </details>`
      : nothing}
  </footer>`;
}
