import type { Static } from 'typebox';
import type { Context } from '../../context.js';
import type { MessageLayoutRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import type { Actor } from '../../access/index.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import { isKind, kindDef, kinds, legacyAliases, type MessageKind, sampleVars, setPath } from './catalog.js';
import * as q from './queries.js';
import { compileSource, defaultLocales, defaultSource, layoutNameOf, normalizeLocale, run, type Source, sourceOf } from './render.js';
import type { TemplatePreviewBody, TemplateUpdate, VariablesSet } from './schemas.js';

/** Templates change what every user of the organization is sent: organization administrators only (as its settings). */
const PERMISSION = 'settings.manage';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/** The legacy aliases that stand for a variable of this kind (or for one every template has). */
const aliasesOf = (kind: MessageKind) => {
  const names = new Set<string>([...kindDef(kind).vars.map((v) => v.name), 'environment']);
  return Object.entries(legacyAliases)
    .filter(([, variable]) => names.has(variable))
    .map(([alias]) => `!${alias}!`);
};

interface OrgState {
  layouts: MessageLayoutRow[];
  mapped: Map<string, string>;
}

async function orgState(ctx: Context, organizationId: string): Promise<OrgState> {
  const [layouts, variables] = await Promise.all([q.listLayouts(ctx.db, organizationId), q.listVariables(ctx.db, organizationId)]);
  return { layouts, mapped: new Map(variables.map((v) => [v.variable, v.layout_name])) };
}

function summary(kind: MessageKind, state: OrgState) {
  const def = kindDef(kind);
  const layoutName = layoutNameOf(kind, state.mapped.get(def.variable));
  const own = state.layouts.filter((l) => l.name === layoutName && l.channel === def.channel);
  return {
    kind,
    channel: def.channel,
    description: def.description,
    variable: def.variable,
    layoutName,
    variables: def.vars.map((v) => ({ ...v, sample: iso(v.sample) as string | number | boolean | null })),
    requiredFields: [...def.required],
    legacyAliases: aliasesOf(kind),
    customized: own.length > 0,
    customizedLocales: own.map((l) => l.locale),
  };
}

const kindOf = (kind: string): MessageKind => {
  if (!isKind(kind)) throw new AppError('template.not_found');
  return kind;
};

/** Every message kind with its variables, required fields and whether the organization customized it. */
export async function list(ctx: Context, actor: Actor, slug: string) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  const state = await orgState(ctx, org.id);
  return { items: kinds.map((k) => summary(k, state)) };
}

/** One kind in one locale: the organization's own source when it has one, else the built-in default. */
export async function get(ctx: Context, actor: Actor, slug: string, kindName: string, localeTag?: string) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  return detail(ctx, org.id, kindOf(kindName), normalizeLocale(localeTag));
}

async function detail(ctx: Context, organizationId: string, kind: MessageKind, locale: string) {
  const state = await orgState(ctx, organizationId);
  const s = summary(kind, state);
  const row = state.layouts.find((l) => l.name === s.layoutName && l.locale === locale && l.channel === s.channel);
  return { ...s, locale, source: row ? sourceOf(row) : await defaultSource(kind, locale), own: !!row, updatedAt: row?.updated_at ?? null };
}

/** What the draft source is, complete for its channel (an email has a subject, HTML and text). */
function draftOf(kind: MessageKind, body: { subject?: string | undefined; html?: string | undefined; text: string }): Source {
  if (kindDef(kind).channel === 'sms') {
    if (body.subject !== undefined || body.html !== undefined) throw new AppError('template.invalid', 'A text message has a text only: no subject, no HTML.');
    return { subject: null, html: null, text: body.text };
  }
  if (!body.subject?.trim()) throw new AppError('template.invalid', 'An email needs a subject.', { errors: [{ field: 'body/subject', message: 'is required' }] });
  if (!body.html?.trim()) throw new AppError('template.invalid', 'An email needs an HTML body.', { errors: [{ field: 'body/html', message: 'is required' }] });
  return { subject: body.subject, html: body.html, text: body.text };
}

const MARK = 'LkRequiredField';

/**
 * The required fields a source lacks: it is rendered with each required variable set to a
 * marker, and every body (HTML and text of an email, the text of an SMS) must show it.
 */
async function missingFields(kind: MessageKind, source: Source, environment: string, locale: string): Promise<string[]> {
  const def = kindDef(kind);
  if (def.required.length === 0) return [];
  const compiled = await compileSource(def.channel, source);
  const vars = sampleVars(kind);
  for (const [i, name] of def.required.entries()) setPath(vars, name, `${MARK}${i}x`);
  const out = run(compiled, { ...vars, environment, locale });
  return def.required.filter((_, i) => ![out.text, ...(out.html !== null ? [out.html] : [])].every((body) => body.includes(`${MARK}${i}x`)));
}

const environmentOf = (settings: Record<string, unknown>) => effectiveSettings(settings).environmentName ?? '';

/**
 * Saves the organization's own template of a kind in one locale, under the layout its
 * variable points at. Refused with `template.syntax_error` (line and column) when Liquid
 * cannot parse it, and with `template.missing_field` when a body lacks a required field.
 */
export async function update(ctx: Context, actor: Actor, slug: string, kindName: string, body: Static<typeof TemplateUpdate>) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  const kind = kindOf(kindName);
  const locale = normalizeLocale(body.locale);
  const source = draftOf(kind, body);
  const missing = await missingFields(kind, source, environmentOf(org.settings), locale);
  if (missing.length) throw missingField(kind, missing);
  await ctx.db.transaction().execute(async (tx) => {
    const variables = await q.listVariables(tx, org.id);
    const name = layoutNameOf(kind, variables.find((v) => v.variable === kindDef(kind).variable)?.layout_name);
    await q.saveLayout(tx, {
      organization_id: org.id,
      name,
      locale,
      channel: kindDef(kind).channel,
      subject: source.subject,
      html_body: source.html,
      text_body: source.text,
      updated_by: actor.type === 'user' ? actor.id : null,
    });
    await audit.record(tx, actor, { organizationId: org.id, action: 'template.updated', target: { type: 'organization', id: org.id }, data: { kind, layoutName: name, locale } });
  });
  return detail(ctx, org.id, kind, locale);
}

const missingField = (kind: MessageKind, missing: string[]) =>
  new AppError('template.missing_field', `The ${kind} template must contain ${missing.map((m) => `{{ ${m} }}`).join(', ')}${aliasHint(missing)} in ${kindDef(kind).channel === 'email' ? 'both the HTML and the text body' : 'its text'}.`, {
    missingFields: missing,
  });

const aliasHint = (missing: string[]) => {
  const aliases = Object.entries(legacyAliases).filter(([, v]) => missing.includes(v));
  return aliases.length ? ` (or ${aliases.map(([a]) => `!${a}!`).join(', ')})` : '';
};

/**
 * Renders a kind with its sample values: the unsaved draft when one is given (parse errors
 * as on save), else what the organization would send now in that locale.
 */
export async function preview(ctx: Context, actor: Actor, slug: string, kindName: string, body: Static<typeof TemplatePreviewBody>) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  const kind = kindOf(kindName);
  const locale = normalizeLocale(body.locale);
  const environment = environmentOf(org.settings);
  let source: Source;
  if (body.text !== undefined) {
    source = kindDef(kind).channel === 'sms' ? { subject: null, html: null, text: body.text } : { subject: body.subject ?? '', html: body.html ?? '', text: body.text };
  } else {
    source = (await detail(ctx, org.id, kind, locale)).source;
  }
  const compiled = await compileSource(kindDef(kind).channel, source);
  const out = run(compiled, { ...sampleVars(kind), environment, locale });
  return { ...out, missingFields: await missingFields(kind, source, environment, locale) };
}

/** Removes the organization's own template of a kind in one locale: the built-in default is sent again. */
export async function reset(ctx: Context, actor: Actor, slug: string, kindName: string, localeTag?: string) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  const kind = kindOf(kindName);
  const locale = normalizeLocale(localeTag);
  await ctx.db.transaction().execute(async (tx) => {
    const variables = await q.listVariables(tx, org.id);
    const name = layoutNameOf(kind, variables.find((v) => v.variable === kindDef(kind).variable)?.layout_name);
    const removed = await q.deleteLayout(tx, org.id, name, locale);
    await audit.record(tx, actor, { organizationId: org.id, action: 'template.reset', target: { type: 'organization', id: org.id }, data: { kind, layoutName: name, locale, removed: Number(removed.numDeletedRows) > 0 } });
  });
  return detail(ctx, org.id, kind, locale);
}

function layoutList(state: OrgState, environmentName: string | null) {
  const usedBy = (name: string) => kinds.filter((k) => layoutNameOf(k, state.mapped.get(kindDef(k).variable)) === name);
  return {
    environmentName,
    layouts: state.layouts.map((l) => ({ name: l.name, locale: l.locale, channel: l.channel, usedBy: usedBy(l.name), updatedAt: l.updated_at })),
    variables: kinds.map((k) => {
      const variable = kindDef(k).variable;
      return { variable, kind: k, layoutName: layoutNameOf(k, state.mapped.get(variable)), mapped: state.mapped.has(variable) };
    }),
  };
}

/** The organization's named layouts and its layout variables (kind → layout name). */
export async function listLayouts(ctx: Context, actor: Actor, slug: string) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  return layoutList(await orgState(ctx, org.id), effectiveSettings(org.settings).environmentName);
}

/**
 * Copies the built-in default layouts into the organization, named `<environment>_<variable>`
 * in every locale there is a default in, and points each kind's variable at its copy. Layouts
 * of those names that exist already are kept as they are. Refused while the organization has
 * no environment name (`layouts.environment_name_required`).
 */
export async function importLayouts(ctx: Context, actor: Actor, slug: string) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  const environment = effectiveSettings(org.settings).environmentName;
  if (!environment) throw new AppError('layouts.environment_name_required', 'Set the environment name (Organization → Environment) first: imported layouts are named after it.');
  const copies: { kind: MessageKind; locale: string; name: string; source: Source }[] = [];
  for (const kind of kinds) {
    for (const locale of await defaultLocales(kind)) copies.push({ kind, locale, name: `${environment}_${kindDef(kind).variable}`, source: await defaultSource(kind, locale) });
  }
  const { imported, skipped } = await ctx.db.transaction().execute(async (tx) => {
    const existing = new Set((await q.listLayouts(tx, org.id)).map((l) => `${l.name}\n${l.locale}`));
    const imported: { name: string; locale: string }[] = [];
    const skipped: { name: string; locale: string }[] = [];
    for (const c of copies) {
      if (existing.has(`${c.name}\n${c.locale}`)) {
        skipped.push({ name: c.name, locale: c.locale });
        continue;
      }
      await q.saveLayout(tx, { organization_id: org.id, name: c.name, locale: c.locale, channel: kindDef(c.kind).channel, subject: c.source.subject, html_body: c.source.html, text_body: c.source.text, updated_by: actor.type === 'user' ? actor.id : null });
      imported.push({ name: c.name, locale: c.locale });
    }
    for (const kind of kinds) await q.setVariable(tx, org.id, kindDef(kind).variable, `${environment}_${kindDef(kind).variable}`);
    await audit.record(tx, actor, { organizationId: org.id, action: 'layouts.imported', target: { type: 'organization', id: org.id }, data: { environment, imported: imported.length, skipped: skipped.length } });
    return { imported, skipped };
  });
  return { ...layoutList(await orgState(ctx, org.id), environment), imported, skipped };
}

/**
 * Points layout variables at layouts (null: back to the layout named like the variable). A
 * name must be a layout of the organization of the kind's channel, and each of its locales
 * must contain the kind's required fields, so a message never loses its PIN, link or code.
 */
export async function setVariables(ctx: Context, actor: Actor, slug: string, body: Static<typeof VariablesSet>) {
  const org = await organizations.resolve(ctx, actor, slug, PERMISSION);
  const byVariable = new Map(kinds.map((k) => [kindDef(k).variable as string, k]));
  const environment = environmentOf(org.settings);
  const state = await orgState(ctx, org.id);
  for (const [variable, name] of Object.entries(body.variables)) {
    const kind = byVariable.get(variable);
    if (!kind) throw new AppError('template.invalid', `No message kind has the layout variable ${variable}.`, { errors: [{ field: `body/variables/${variable}`, message: 'unknown variable' }] });
    if (name === null || name === variable) continue;
    const layouts = state.layouts.filter((l) => l.name === name);
    if (!layouts.length) throw new AppError('layouts.not_found', `The organization has no layout named ${name}.`, { errors: [{ field: `body/variables/${variable}`, message: 'no such layout' }] });
    for (const l of layouts) {
      if (l.channel !== kindDef(kind).channel) throw new AppError('template.invalid', `${name} is ${l.channel === 'sms' ? 'a text message' : 'an email'} layout; ${variable} needs ${kindDef(kind).channel === 'sms' ? 'a text message' : 'an email'}.`);
      const missing = await missingFields(kind, sourceOf(l), environment, l.locale);
      if (missing.length) throw missingField(kind, missing);
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    for (const [variable, name] of Object.entries(body.variables)) {
      if (name === null || name === variable) await q.unsetVariable(tx, org.id, variable);
      else await q.setVariable(tx, org.id, variable, name);
    }
    await audit.record(tx, actor, { organizationId: org.id, action: 'layouts.variables_set', target: { type: 'organization', id: org.id }, data: { variables: body.variables } });
  });
  return layoutList(await orgState(ctx, org.id), effectiveSettings(org.settings).environmentName);
}


