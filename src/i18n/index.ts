import { readFileSync } from 'node:fs';
import { errorCatalog } from '../errors/catalog.js';

/**
 * The locales pages and messages exist in. English is the default and the fallback of every
 * key; adding a locale is a dictionary in messages/, email and SMS files per kind, and its
 * tag here (docs/localization.md).
 */
export const LOCALES = ['en', 'es', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each locale's name in itself, for the language choice. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', ja: '日本語' };

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

type Dictionary = Record<string, string>;

const load = (locale: Locale): Dictionary => JSON.parse(readFileSync(new URL(`./messages/${locale}.json`, import.meta.url), 'utf8')) as Dictionary;
const dictionaries = Object.fromEntries(LOCALES.map((l) => [l, load(l)])) as Record<Locale, Dictionary>;

/** The dictionaries as loaded (the tests hold them to one another). */
export const messages = (locale: Locale): Readonly<Dictionary> => dictionaries[locale];

/**
 * English text → its key, so that a page given an English title or notice by older code
 * still shows it translated. New code passes the key itself.
 */
const keyOfEnglish = new Map(Object.entries(dictionaries.en).map(([key, text]) => [text, key]));
/** A catalog title → its code: a handler that shows `err.title` shows it translated. */
const codeOfTitle = new Map(Object.entries(errorCatalog).map(([code, { title }]) => [title as string, code]));

const fill = (text: string, params: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));

/**
 * The text of a key in a locale, its `{name}` placeholders filled from params: the locale's
 * dictionary, then English, then the key itself (a missing key shows, never breaks a page).
 */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const text = dictionaries[locale][key] ?? dictionaries.en[key];
  return text === undefined ? key : fill(text, params);
}

/**
 * A page string in a locale: a key of the dictionaries, or English text that is one of the
 * English dictionary's values; anything else (a name, an interpolated sentence) unchanged.
 */
export function localize(locale: Locale, value: string): string {
  if (locale === DEFAULT_LOCALE) return dictionaries.en[value] ?? value;
  const key = dictionaries.en[value] !== undefined ? value : keyOfEnglish.get(value);
  if (key !== undefined) return t(locale, key);
  const code = codeOfTitle.get(value);
  return code === undefined ? value : errorTitle(locale, code);
}

/**
 * An error as a person reads it: the catalog code is the key (`error.<code>`), its
 * placeholders filled from the error's extra fields. English keeps the error's own message
 * (which may be more specific than the catalog title); a locale without the key shows it too.
 */
export function errorText(locale: Locale, err: { code: string; message: string; extra?: Record<string, unknown> }): string {
  if (locale === DEFAULT_LOCALE) return err.message;
  const text = dictionaries[locale][`error.${err.code}`];
  if (text === undefined) return err.message;
  const filled = fill(text, err.extra ?? {});
  // A placeholder the error did not fill: the plain translation of the code, if it has one.
  if (/\{\w+\}/.test(filled)) return dictionaries[locale][`error.${err.code}.plain`] ?? err.message;
  return filled;
}

/** The catalog title of a code in a locale (error pages' headings). */
export function errorTitle(locale: Locale, code: string): string {
  const title = (errorCatalog as Record<string, { title: string }>)[code]?.title ?? code;
  if (locale === DEFAULT_LOCALE) return title;
  return dictionaries[locale][`error.${code}.plain`] ?? dictionaries[locale][`error.${code}`] ?? title;
}

/**
 * The best supported locale of an Accept-Language header (RFC 9110 §12.5.4): by quality,
 * then order; a regional tag counts for its language (`es-MX` → `es`); `q=0` refuses one.
 * Undefined when the header names nothing supported.
 */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      const quality = q === undefined ? 1 : Number(q);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0 && r.language)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const r of ranges) {
    if (r.language === '*') return undefined;
    if (isLocale(r.language)) return r.language;
  }
  return undefined;
}

/** An organization's default locale from its stored settings (English when unset or unknown). */
export function organizationLocale(settings: unknown): Locale {
  const value = (settings as { defaultLocale?: unknown } | null | undefined)?.defaultLocale;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/**
 * The locale of a page: the signed-in person's choice, then the browser's Accept-Language,
 * then the organization's default, then English.
 */
export function pageLocale(opts: { userLocale?: string | null | undefined; acceptLanguage?: string | undefined; organizationSettings?: unknown }): Locale {
  if (isLocale(opts.userLocale)) return opts.userLocale;
  return fromAcceptLanguage(opts.acceptLanguage) ?? organizationLocale(opts.organizationSettings);
}

/**
 * The locale of a message to a person: theirs, then the organization's default. (A message
 * has no browser to ask.)
 */
export function recipientLocale(userLocale: string | null | undefined, organizationSettings: unknown): Locale {
  return isLocale(userLocale) ? userLocale : organizationLocale(organizationSettings);
}

const dateFormats = new Map<string, { format: Intl.DateTimeFormat; time: number; text: string }>();
/** A date and time as people of a locale write it, in UTC (the pages have no time zone of the reader). */
export function formatDate(locale: string, value: Date | string | number, style: 'datetime' | 'date' = 'datetime'): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const id = `${locale}:${style}`;
  let entry = dateFormats.get(id);
  if (!entry) {
    const day = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' } as const;
    entry = { format: new Intl.DateTimeFormat(locale, style === 'date' ? day : { ...day, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }), time: Number.NaN, text: '' };
    // Tags also come from organizations' own templates: bounded, not grown by every tag.
    if (dateFormats.size >= 200) dateFormats.clear();
    dateFormats.set(id, entry);
  }
  // The last date of each format is kept: the messages of a bulk send all show the same expiry.
  const time = date.getTime();
  if (entry.time !== time) {
    entry.text = entry.format.format(date);
    entry.time = time;
  }
  return entry.text;
}

const regionNames = new Map<Locale, Intl.DisplayNames>();
/** A country's name (ISO 3166-1 alpha-2 code) in a locale, from the runtime's CLDR data. */
export function regionName(locale: Locale, code: string): string | undefined {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames(locale, { type: 'region', fallback: 'none' });
    regionNames.set(locale, names);
  }
  try {
    return names.of(code);
  } catch {
    return undefined;
  }
}
