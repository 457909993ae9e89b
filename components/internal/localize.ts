import { en, type Messages } from './locales/en.js';
import { fr } from './locales/fr.js';

export type { Messages };

/** A language with strings: a BCP 47 primary subtag (`en`, `fr`, or one registered). */
export type Locale = string;

/**
 * The languages the elements speak. A new language is one file in ./locales/ (every key of
 * en.ts, typed `Messages`) and its entry here; test/i18n/locales.test.ts checks both. A
 * page can also add one at run time, without rebuilding: `registerLocale('de', de)`.
 */
const catalogs = new Map<Locale, Messages>(Object.entries({ en, fr }));
const listeners = new Set<() => void>();

/** Adds (or replaces) a language; elements already on the page re-render in it. */
export function registerLocale(lang: Locale, messages: Messages): void {
  catalogs.set(lang.trim().toLowerCase(), messages);
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever a language is registered. */
export function onLocaleRegistered(listener: () => void): void {
  listeners.add(listener);
}

/** The languages with strings. */
export function locales(): Locale[] {
  return [...catalogs.keys()];
}

/** The supported language a BCP 47 tag falls back to (`fr-CA` → `fr`; unknown → `en`). */
export function supportedLang(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary && catalogs.has(primary) ? primary : 'en';
}

/**
 * An element's language: its own `lang`, else the closest ancestor's (crossing shadow
 * roots), else `<html lang>`, else English.
 */
export function langOf(element: Element): Locale {
  for (let node: Node | null = element; node; ) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return supportedLang(lang);
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return supportedLang(document.documentElement.lang);
}

export function messagesFor(lang: Locale): Messages {
  return catalogs.get(lang) ?? en;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "il y a 5 minutes", "now"; a plain date for invalid input. */
export function formatRelativeTime(date: string | Date, lang: Locale, now: number = Date.now()): string {
  const time = new Date(date).getTime();
  if (Number.isNaN(time)) return String(date);
  const seconds = Math.round((time - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

export function formatDateTime(date: string | Date, lang: Locale): string {
  const value = new Date(date);
  return Number.isNaN(value.getTime()) ? String(date) : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(value);
}

/** A byte count in the largest unit that keeps it ≥ 1: "1.5 MB", "1,5 Mo". */
export function formatSize(bytes: number, lang: Locale): string {
  const steps = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = bytes;
  let step = 0;
  while (Math.abs(value) >= 1000 && step < steps.length - 1) {
    value /= 1000;
    step += 1;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: steps[step], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** 0–100 as a percentage: "40%", "40 %". */
export function formatPercent(percent: number, lang: Locale): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

export function formatNumber(value: number, lang: Locale): string {
  return new Intl.NumberFormat(lang).format(value);
}
