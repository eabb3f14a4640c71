import type { Context, Tx } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { isUniqueViolation } from '../../db/errors.js';
import * as audit from '../audit/service.js';
import { type Actor, authorize, can } from '../../access/index.js';
import * as q from './queries.js';
import { effectiveSettings, mergeSettings, passwordLengthProblem, settingsProblem, type OrganizationSettings, type OrganizationSettingsPatch } from './settings.js';

export interface Organization {
  id: string;
  slug: string;
  name: string;
  settings: OrganizationSettings;
  createdAt: Date;
}

export function present(row: OrganizationRow): Organization {
  return { id: row.id, slug: row.slug, name: row.name, settings: effectiveSettings(row.settings), createdAt: row.created_at };
}

/**
 * The organization named by slug, if the actor may see it. Anything else, including another
 * tenant's existing organization, is `organization.not_found`.
 */
/** Organizations change rarely and are read on every request: cached per node. */
async function cached(ctx: Context, key: string, load: () => Promise<OrganizationRow | undefined>): Promise<OrganizationRow | undefined> {
  const cache = ctx.caches.named<OrganizationRow>('organizations');
  const now = Date.now();
  const hit = ctx.caches.active ? cache.get(key, now) : undefined;
  if (hit) return hit;
  const row = await load();
  if (row && ctx.caches.active) cache.set(key, row, now);
  return row;
}
const bySlug = (ctx: Context, slug: string) => cached(ctx, `slug:${slug}`, () => q.findBySlug(ctx.db, slug));

export async function resolve(ctx: Context, actor: Actor, slug: string, permission: Parameters<typeof authorize>[2] = 'organizations.read'): Promise<OrganizationRow> {
  const row = await bySlug(ctx, slug);
  if (!row) throw new AppError('organization.not_found');
  authorize(actor, row.id, permission);
  return row;
}

/** For public pages: the organization by slug, no actor involved. */
export async function findPublic(ctx: Context, slug: string): Promise<OrganizationRow> {
  const row = await bySlug(ctx, slug);
  if (!row) throw new AppError('organization.not_found');
  return row;
}

export async function findById(ctx: Context, id: string): Promise<OrganizationRow | undefined> {
  return cached(ctx, `id:${id}`, () => q.findById(ctx.db, id));
}

export async function list(ctx: Context, actor: Actor): Promise<Organization[]> {
  if (actor.privilege === 'platform_admin') return (await q.listAll(ctx.db)).map(present);
  if (!actor.organizationId || !can(actor, 'organizations.read')) throw new AppError('auth.forbidden');
  const own = await q.findById(ctx.db, actor.organizationId);
  return own ? [present(own)] : [];
}

export async function create(ctx: Context, actor: Actor, input: { slug: string; name: string }): Promise<Organization> {
  if (actor.privilege !== 'platform_admin') throw new AppError('auth.forbidden');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await createInTx(tx, input).catch((err) => {
      throw isUniqueViolation(err) ? new AppError('organization.slug_taken') : err;
    });
    await audit.record(tx, actor, { organizationId: row.id, action: 'organization.created', target: { type: 'organization', id: row.id }, data: { slug: row.slug } });
    return present(row);
  });
}

export function createInTx(tx: Tx, input: { slug: string; name: string }) {
  return q.insert(tx, input.slug, input.name);
}

export async function update(ctx: Context, actor: Actor, slug: string, input: { name?: string; settings?: OrganizationSettingsPatch }): Promise<Organization> {
  const resolved = await resolve(ctx, actor, slug, 'settings.manage');
  return ctx.db.transaction().execute(async (tx) => {
    // Re-read under lock: concurrent patches apply one after the other, none is lost.
    const org = (await q.findByIdForUpdate(tx, resolved.id))!;
    const settings = input.settings ? mergeSettings(org.settings, input.settings) : undefined;
    if (settings && passwordLengthProblem(input.settings, settings)) throw new AppError('organization.password_length_needs_mfa');
    const problem = settings && settingsProblem(effectiveSettings(settings));
    if (problem) throw new AppError('organization.settings_invalid', problem);
    if (input.settings) await assertSettingsKeepOrganizationUsable(tx, org, input.settings);
    const row = await q.update(tx, org.id, { name: input.name, settings });
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'organization.updated',
      target: { type: 'organization', id: org.id },
      data: { ...(input.name !== undefined && { name: input.name }), ...(input.settings && { settings: input.settings }) },
    });
    return present(row);
  });
}

/**
 * Refuses settings that would lock the organization out of its own use: enforcing SSO while
 * no identity provider is set up (features/sso: only platform administrators could sign in),
 * or a user limit below the users it already has (every creation and re-enabling would fail).
 * Stored values are left alone, so an organization that already has them keeps them.
 */
async function assertSettingsKeepOrganizationUsable(tx: Tx, org: OrganizationRow, patch: OrganizationSettingsPatch): Promise<void> {
  const before = effectiveSettings(org.settings);
  if (patch.ssoEnforced === true && !before.ssoEnforced && !(await q.hasSso(tx, org.id))) {
    throw new AppError('organization.sso_unavailable', 'Set up the organization\'s identity provider (SSO) first: enforcing SSO without one would leave nobody but platform administrators a way in.', {
      errors: [{ field: 'body/settings/ssoEnforced', message: 'cannot be turned on until the organization has SSO configured' }],
    });
  }
  const limit = patch.userLimit;
  if (typeof limit === 'number' && limit !== before.userLimit) {
    const count = await q.countActiveUsers(tx, org.id);
    if (limit < count) {
      const message = `must be at least ${count}, the number of users who are not disabled (or empty for no limit)`;
      throw new AppError('organization.user_limit_too_low', `The organization already has ${count} users who are not disabled; a limit of ${limit} would refuse every new user. Set at least ${count}, or no limit.`, {
        userCount: count,
        errors: [{ field: 'body/settings/userLimit', message }],
      });
    }
  }
}

export const countOrganizations = (ctx: Context) => q.countAll(ctx.db);
