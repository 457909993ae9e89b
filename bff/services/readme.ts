import type { Lang, Service, ServiceReadme } from '../../components/api/types.js';
import { render } from '../drivers/local/templates.js';
import { pick, type Localized } from '../i18n/localized.js';
import type { ServiceRecord } from './record.js';

/**
 * A catalog entry's `readme` (in its entry.json): how to connect, and the secrets to show.
 * Placeholders: `{{service.url}}` (the first URL), `{{service.urls.<port>}}`,
 * `{{service.name}}`, `{{service.id}}`, `{{service.token}}` (the token the proxy presents
 * upstream) and `{{values.<dotted.path>}}`.
 *
 * ```json
 * "readme": {
 *   "text": { "en": "Open {{service.url}}.", "fr": "Ouvrez {{service.url}}." },
 *   "secrets": [{ "name": { "en": "Token", "fr": "Jeton" }, "value": "{{service.token}}" }]
 * }
 * ```
 */
export interface ReadmeTemplate {
  text: Localized;
  secrets?: { name: Localized; value: string }[];
}

export function renderReadme(template: ReadmeTemplate | null | undefined, record: ServiceRecord, service: Service, lang: Lang): ServiceReadme {
  const variables = {
    service: {
      id: service.id,
      name: service.name,
      url: service.urls[0]?.url ?? '',
      urls: Object.fromEntries(service.urls.map((url) => [String(url.port), url.url])),
      token: tokenOf(record),
    },
    values: record.values,
  };
  if (!template) return { text: service.urls.map((url) => `${url.name}: ${url.url}`).join('\n'), secrets: [] };
  const secrets = (template.secrets ?? [])
    .map((secret) => ({ name: pick(secret.name, lang), value: render(secret.value, variables) }))
    .filter((secret) => secret.value !== '');
  return { text: render(pick(template.text, lang), variables), secrets };
}

/** The service's own token: what the proxy presents upstream as `Authorization: token …` (or Bearer). */
function tokenOf(record: ServiceRecord): string {
  for (const port of record.ports) {
    for (const [name, value] of Object.entries(port.headers)) {
      const token = name.toLowerCase() === 'authorization' ? /^(?:token|bearer)\s+(\S+)$/i.exec(value)?.[1] : undefined;
      if (token) return token;
    }
  }
  return '';
}
