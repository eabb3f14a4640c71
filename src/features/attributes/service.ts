import type { Context, Tx } from '../../context.js';
import type { AttributeDefinitionRow, AttributeType } from '../../db/types.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import type { Actor } from '../../access/index.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import * as q from './queries.js';

export interface AttributeDefinition {
  id: string;
  name: string;
  type: AttributeType;
  required: boolean;
  inheritable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const present = (r: AttributeDefinitionRow): AttributeDefinition => ({
  id: r.id,
  name: r.name,
  type: r.type,
  required: r.required,
  inheritable: r.inheritable,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function list(ctx: Context, actor: Actor, orgSlug: string): Promise<AttributeDefinition[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  return (await q.list(ctx.db, org.id)).map(present);
}

export interface DefineInput {
  name: string;
  type: AttributeType;
  required?: boolean;
  inheritable?: boolean;
}

/** Adds an attribute to the organization's schema; names are unique case-insensitively. Audited. */
export async function define(ctx: Context, actor: Actor, orgSlug: string, input: DefineInput): Promise<AttributeDefinition> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q
      .insert(tx, { organization_id: org.id, name: input.name, type: input.type, required: input.required ?? false, inheritable: input.inheritable ?? false })
      .catch((err) => {
        throw isUniqueViolation(err) ? new AppError('attribute.name_taken', `The organization already defines the attribute "${input.name}".`) : err;
      });
    await audit.record(tx, actor, { organizationId: org.id, action: 'attribute.defined', target: { type: 'attribute', id: row.id }, data: { name: row.name, type: row.type, required: row.required, inheritable: row.inheritable } });
    return present(row);
  });
}

/**
 * Changes an attribute's type or flags (not its name: stored values are keyed by it). Values
 * users already have are left as they are; the next edit of such a user validates them.
 */
export async function update(ctx: Context, actor: Actor, orgSlug: string, id: string, patch: Omit<Partial<DefineInput>, 'name'>): Promise<AttributeDefinition> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.update(tx, org.id, id, patch);
    if (!row) throw new AppError('attribute.not_found');
    await audit.record(tx, actor, { organizationId: org.id, action: 'attribute.updated', target: { type: 'attribute', id }, data: { name: row.name, ...patch } });
    return present(row);
  });
}

/** Removes an attribute from the schema; values users have keep until their next edit drops them. */
export async function remove(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.remove(tx, org.id, id);
    if (!row) throw new AppError('attribute.not_found');
    await audit.record(tx, actor, { organizationId: org.id, action: 'attribute.deleted', target: { type: 'attribute', id }, data: { name: row.name } });
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown) => typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

const typeChecks: Record<AttributeType, { ok: (v: unknown) => boolean; says: string }> = {
  string: { ok: (v) => typeof v === 'string', says: 'a string' },
  number: { ok: (v) => typeof v === 'number' && Number.isFinite(v), says: 'a number' },
  boolean: { ok: (v) => typeof v === 'boolean', says: 'true or false' },
  date: { ok: isDate, says: 'a date (YYYY-MM-DD)' },
};

/**
 * Checks a user's attributes against the organization's schema. An organization that
 * defines no attribute keeps free-form attributes (as before the schema existed); once it
 * defines one, every attribute must be defined, of its type, and the required ones present
 * (unless `required: false`, for users who can only inherit what they are given). Each
 * failure names the attribute.
 */
export async function validate(tx: Tx, organizationId: string, attributes: Record<string, unknown>, opts: { required: boolean } = { required: true }): Promise<void> {
  const defs = await q.list(tx, organizationId);
  if (defs.length === 0) return;
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const [name, value] of Object.entries(attributes)) {
    const def = byName.get(name);
    const field = { field: `body/attributes/${name}`, attribute: name };
    if (!def) throw new AppError('attribute.unknown', `The organization defines no attribute "${name}".`, { ...field, errors: [{ field: field.field, message: 'is not a defined attribute' }] });
    if (value === null) continue;
    const check = typeChecks[def.type];
    if (!check.ok(value)) throw new AppError('attribute.invalid', `The attribute "${name}" must be ${check.says}.`, { ...field, errors: [{ field: field.field, message: `must be ${check.says}` }] });
  }
  if (!opts.required) return;
  const missing = defs.find((d) => d.required && (attributes[d.name] === undefined || attributes[d.name] === null || attributes[d.name] === ''));
  if (missing) {
    const f = `body/attributes/${missing.name}`;
    throw new AppError('attribute.required', `The attribute "${missing.name}" is required.`, { field: f, attribute: missing.name, errors: [{ field: f, message: 'is required' }] });
  }
}

/** The attributes a user created by a PIN holder receives: the holder's values of the inheritable ones. */
export async function inheritedFrom(tx: Tx, organizationId: string, holderAttributes: Record<string, unknown>): Promise<Record<string, unknown>> {
  const inheritable = (await q.list(tx, organizationId)).filter((d) => d.inheritable).map((d) => d.name);
  return Object.fromEntries(inheritable.filter((n) => holderAttributes[n] !== undefined).map((n) => [n, holderAttributes[n]]));
}
