import type { Tx } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { hasView, htmlViews, textViews } from '../../views/engine.js';
import { type Channel, kindDef, legacyAliases, type MessageKind } from './catalog.js';
import * as q from './queries.js';

/** The Liquid source of one message: an email's subject, HTML and text, or an SMS text. */
export interface Source {
  subject: string | null;
  html: string | null;
  text: string;
}

export interface Rendered {
  subject: string | null;
  html: string | null;
  text: string;
}

export const DEFAULT_LOCALE = 'en';

/** A BCP 47 tag in its canonical form, or the default for anything else. */
export function normalizeLocale(locale: string | null | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** `es-MX` → [`es-MX`, `es`]: the locale, then its language. */
function localeChain(locale: string): string[] {
  const lang = locale.split('-')[0]!;
  return lang !== locale ? [locale, lang] : [locale];
}

/** The legacy merge fields (`!PINCODE!`) as the Liquid output of their catalog variable. */
export const translateAliases = (source: string) =>
  source.replace(/!([A-Z]+)!/g, (whole, name: string) => (legacyAliases[name] ? `{{ ${legacyAliases[name]} }}` : whole));

type Fn = (scope: object) => string;
interface Compiled {
  subject: Fn | null;
  html: Fn | null;
  text: Fn;
}

const dirOf = (kind: MessageKind) => `${kindDef(kind).channel === 'email' ? 'emails' : 'sms'}/${kind}`;

/** The built-in default of a kind: `<dir>/<locale>/<part>` when such a file exists, else `<dir>/<part>`. */
function defaultFile(kind: MessageKind, part: 'subject' | 'text' | 'html', locale: string): string {
  const dir = dirOf(kind);
  for (const l of localeChain(locale)) if (hasView(`${dir}/${l}/${part}`)) return `${dir}/${l}/${part}`;
  return `${dir}/${part}`;
}

/** Whether a built-in default exists in this very locale (or its language), not only the base one. */
const hasLocalizedDefault = (kind: MessageKind, locale: string) => localeChain(locale).some((l) => hasView(`${dirOf(kind)}/${l}/text`));

async function compileDefault(kind: MessageKind, locale: string): Promise<Compiled> {
  if (kindDef(kind).channel === 'sms') return { subject: null, html: null, text: await textViews.compile(defaultFile(kind, 'text', locale)) };
  const [subject, text, html] = await Promise.all([
    textViews.compile(defaultFile(kind, 'subject', locale)),
    textViews.compile(defaultFile(kind, 'text', locale)),
    htmlViews.compile(defaultFile(kind, 'html', locale)),
  ]);
  return { subject, text, html };
}

/** The built-in default source of a kind, as an admin starts editing it. */
export async function defaultSource(kind: MessageKind, locale: string): Promise<Source> {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const read = (part: 'subject' | 'text' | 'html') => readFile(fileURLToPath(new URL(`../../views/${defaultFile(kind, part, locale)}.liquid`, import.meta.url)), 'utf8');
  if (kindDef(kind).channel === 'sms') return { subject: null, html: null, text: await read('text') };
  const [subject, text, html] = await Promise.all([read('subject'), read('text'), read('html')]);
  return { subject, text, html };
}

/** Where a Liquid error is, and what it says without the position suffix. */
export interface SyntaxProblem {
  part: 'subject' | 'html' | 'text';
  line: number;
  column: number;
  message: string;
}

function syntaxProblem(part: SyntaxProblem['part'], err: unknown): SyntaxProblem | undefined {
  const e = err as { name?: string; message?: string; token?: { getPosition?: () => number[] }; originalError?: Error };
  if (!e || typeof e.name !== 'string' || !/Error$/.test(e.name) || !e.token?.getPosition) return undefined;
  const [line = 1, column = 1] = e.token.getPosition();
  // Without the position suffix, and never the server's directories (a failed include names them).
  const message = (e.originalError?.message ?? e.message ?? 'invalid template').replace(/, line:\d+, col:\d+$/, '').replace(/ in "[^"]*"/g, '');
  return { part, line, column, message };
}

export const syntaxError = (p: SyntaxProblem) =>
  new AppError('template.syntax_error', `${p.part}: line ${p.line}, column ${p.column}: ${p.message}`, {
    part: p.part,
    line: p.line,
    column: p.column,
    errors: [{ field: `body/${p.part}`, message: p.message, line: p.line, column: p.column }],
  });

/**
 * Parses an organization's own source (aliases translated). A syntax error, an unknown tag or
 * filter is thrown as `template.syntax_error` naming the part, line and column.
 */
export async function compileSource(channel: Channel, source: Source): Promise<Compiled> {
  const parse = async (part: SyntaxProblem['part'], text: string, views: typeof textViews) => {
    try {
      return await views.parse(translateAliases(text));
    } catch (err) {
      const p = syntaxProblem(part, err);
      if (p) throw syntaxError(p);
      throw err;
    }
  };
  if (channel === 'sms') return { subject: null, html: null, text: await parse('text', source.text, textViews) };
  return {
    subject: await parse('subject', source.subject ?? '', textViews),
    text: await parse('text', source.text, textViews),
    html: await parse('html', source.html ?? '', htmlViews),
  };
}

/** Renders compiled parts; an error while rendering (a missing include, a limit) is a syntax problem too. */
export function run(c: Compiled, scope: object): Rendered {
  const one = (part: SyntaxProblem['part'], fn: Fn) => {
    try {
      return fn(scope);
    } catch (err) {
      const p = syntaxProblem(part, err);
      if (p) throw syntaxError(p);
      throw err;
    }
  };
  return {
    subject: c.subject ? one('subject', c.subject).trim() : null,
    html: c.html ? one('html', c.html) : null,
    text: c.subject ? one('text', c.text) : one('text', c.text).trim(),
  };
}

/** Parsed organization templates by source: the same layout is parsed once, not per message. */
const parsed = new Map<string, Promise<Compiled>>();
const PARSED_MAX = 500;
function cachedSource(channel: Channel, source: Source): Promise<Compiled> {
  const key = JSON.stringify([channel, source.subject, source.html, source.text]);
  let c = parsed.get(key);
  if (!c) {
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    c = compileSource(channel, source);
    c.catch(() => parsed.delete(key));
    parsed.set(key, c);
  }
  return c;
}

export const sourceOf = (row: { subject: string | null; html_body: string | null; text_body: string }): Source => ({ subject: row.subject, html: row.html_body, text: row.text_body });

/** The layout name a kind renders with in an organization: its variable's mapping, else the variable itself. */
export const layoutNameOf = (kind: MessageKind, mapped: string | null | undefined) => mapped ?? kindDef(kind).variable;

/** Renders messages of one kind; `own` says whether it is the organization's own template (else a built-in one). */
export type Renderer = ((vars: object) => Rendered) & { own: boolean };

/**
 * The renderer of one kind for an organization and locale, resolved once (for many messages):
 * kind → layout variable → layout name → the organization's layout in the locale; else the
 * built-in default of the locale; else the organization's layout in English; else the
 * built-in default. Every scope gets `environment` and `locale`.
 */
export async function prepare(tx: Tx, organizationId: string, kind: MessageKind, requestedLocale?: string | null, opts: { builtInOnly?: boolean } = {}): Promise<Renderer> {
  const def = kindDef(kind);
  const locale = normalizeLocale(requestedLocale);
  const context = await q.renderContext(tx, organizationId, def.variable);
  const name = layoutNameOf(kind, context?.layout_name);
  const chain = localeChain(locale);
  const rows = await q.layoutsIn(tx, organizationId, name, [...new Set([...chain, DEFAULT_LOCALE])]);
  const own = (l: string) => rows.find((r) => r.locale === l && r.channel === def.channel);
  const exact = chain.map(own).find(Boolean);
  const fallback = !exact && !hasLocalizedDefault(kind, locale) ? own(DEFAULT_LOCALE) : undefined;
  const row = opts.builtInOnly ? undefined : (exact ?? fallback);
  let compiled: Compiled;
  try {
    compiled = row ? await cachedSource(def.channel, sourceOf(row)) : await compileDefault(kind, locale);
  } catch {
    // Saved templates were parsed when saved; one that no longer parses sends the default
    // rather than no message at all.
    compiled = await compileDefault(kind, locale);
  }
  const environment = context?.environment ?? '';
  const base = row ? await compileDefault(kind, locale) : compiled;
  const render = (vars: object) => {
    const scope = { ...vars, environment, locale };
    try {
      return run(compiled, scope);
    } catch {
      // Over a render limit, or an include gone: the default, rather than no message, and for
      // the rest of this batch too, so one slow template can't hold a bulk send for long.
      compiled = base;
      return run(base, scope);
    }
  };
  return Object.assign(render, { own: row !== undefined });
}

/** Renders one message of a kind for an organization (see prepare). */
export async function render(tx: Tx, organizationId: string, kind: MessageKind, vars: object, locale?: string | null, opts: { builtInOnly?: boolean } = {}): Promise<Rendered> {
  return (await prepare(tx, organizationId, kind, locale, opts))(vars);
}

/** The locales a kind has built-in defaults in: en (the base files) and every locale folder beside them. */
export async function defaultLocales(kind: MessageKind): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const entries = await readdir(fileURLToPath(new URL(`../../views/${dirOf(kind)}/`, import.meta.url)), { withFileTypes: true });
  const locales = entries.filter((e) => e.isDirectory() && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(e.name)).map((e) => e.name);
  return [DEFAULT_LOCALE, ...locales.filter((l) => l !== DEFAULT_LOCALE).sort()];
}
