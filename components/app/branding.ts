import type { LocalizedText } from '../api/types.js';

/** A configured text in the reader's language: its own, else English, else any. Pure. */
export function pickText(text: LocalizedText, lang: string): string {
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
}

/** A language named in itself, as a language switcher shows it: "English", "Français". */
export function languageName(lang: string): string {
  const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}

/**
 * The language the portal shows: the one it resolves to now when enabled, else the
 * first enabled one (a configuration may enable French only). Pure.
 */
export function enabledLanguage<L extends string>(current: string, enabled: readonly L[] | undefined): string {
  if (!enabled || enabled.length === 0 || (enabled as readonly string[]).includes(current)) return current;
  return enabled[0]!;
}
