import type { Liquid } from 'liquidjs';
import { DEFAULT_LOCALE, formatDate, isLocale, type Locale, localize, regionName, t } from './index.js';

type FilterThis = { context: { getSync(path: PropertyKey[]): unknown } };

const scopeLocale = (self: FilterThis): Locale => {
  const locale = self.context.getSync(['locale']);
  if (isLocale(locale)) return locale;
  // A message may carry a regional tag (`es-ES`): its language is what the dictionaries have.
  const language = typeof locale === 'string' ? locale.split('-')[0] : undefined;
  return isLocale(language) ? language : DEFAULT_LOCALE;
};

/** Keyword arguments (`t: name: value`) arrive as [name, value] pairs. */
const paramsOf = (args: unknown[]) => {
  const params: Record<string, unknown> = {};
  for (const arg of args) if (Array.isArray(arg) && typeof arg[0] === 'string') params[arg[0]] = arg[1];
  return params;
};

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const dateLocales = new Map<string, boolean>();
/** Whether the runtime formats dates in this tag: asked once per tag (ICU's answer takes longer than the formatting). */
const isDateLocale = (tag: string) => {
  let known = dateLocales.get(tag);
  if (known === undefined) {
    try {
      known = Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0;
    } catch {
      known = false;
    }
    // Tags also come from organizations' own templates: bounded, not grown by every tag.
    if (dateLocales.size >= 200) dateLocales.clear();
    dateLocales.set(tag, known);
  }
  return known;
};

/**
 * The localization filters of templates, in the scope's `locale`:
 * - `{{ 'login.submit' | t }}`, with placeholders `{{ 'pin.used' | t: used: n, quota: q }}`;
 *   a value that is English text of the dictionary (a label a handler passed) is translated too.
 * - `{{ 'pin.created' | th: username: u | raw }}`: a text whose markup (`<strong>`) is the
 *   dictionary's, with every placeholder value HTML-escaped; only for HTML views.
 * - `{{ c.code | regionname: c.name }}`: a country's name in the locale (the English name in English).
 * - `{{ d.lastSeen | localdate }}` (or `localdate: 'date'`): a Date in the locale's way. A
 *   string from a handler is parsed, except in English, where the handler's format stays.
 */
export function registerI18nFilters(liquid: Liquid): void {
  liquid.registerFilter('t', function (this: FilterThis, key: unknown, ...args: unknown[]) {
    if (key === null || key === undefined) return '';
    const locale = scopeLocale(this);
    return args.length === 0 ? localize(locale, String(key)) : t(locale, String(key), paramsOf(args));
  });
  liquid.registerFilter('th', function (this: FilterThis, key: unknown, ...args: unknown[]) {
    const params = Object.fromEntries(Object.entries(paramsOf(args)).map(([k, v]) => [k, escapeHtml(v ?? '')]));
    return t(scopeLocale(this), String(key), params);
  });
  liquid.registerFilter('regionname', function (this: FilterThis, code: unknown, english?: unknown) {
    const locale = scopeLocale(this);
    if (locale === DEFAULT_LOCALE || typeof code !== 'string') return english ?? code;
    return regionName(locale, code) ?? english ?? code;
  });
  liquid.registerFilter('localdate', function (this: FilterThis, value: unknown, style?: unknown) {
    if (value === null || value === undefined || value === '') return '';
    // Dates need no dictionary: an organization's own template in any language (`de`) gets its dates in it.
    const tag = this.context.getSync(['locale']);
    const locale = typeof tag === 'string' && isDateLocale(tag) ? tag : scopeLocale(this);
    if (typeof value === 'string' && locale === DEFAULT_LOCALE) return value;
    return formatDate(locale, value as Date | string, style === 'date' ? 'date' : 'datetime');
  });
}
