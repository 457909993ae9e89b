import type { Request } from 'express';
import type { Lang } from '../../components/api/types.js';

/** A text given in one language for all, or per language. */
export type Localized = string | Partial<Record<Lang, string>>;

export function pick(text: Localized, lang: Lang): string {
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** The request's language: `?lang=`, else the first supported one in Accept-Language. */
export function requestLang(req: Request, supported: readonly Lang[]): Lang {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : '';
  if ((supported as readonly string[]).includes(asked)) return asked as Lang;
  const ranked = (req.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { lang: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  const found = ranked.find(({ lang }) => (supported as readonly string[]).includes(lang));
  return (found?.lang as Lang | undefined) ?? supported[0] ?? 'en';
}
