import { sql } from 'kysely';
import type { Context, Tx } from '../../context.js';
import { systemActor } from '../../access/index.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword } from '../../lib/passwords.js';
import { linkHash, newLinkToken } from '../../flows/index.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import { checkPassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import * as q from './queries.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';

const SETUP_LINK_TTL_MS = 24 * 3_600_000;
// Serialises bootstraps so two parallel ones can't both create "the first" admin.
const BOOTSTRAP_LOCK = 0x4c4b5355;

export interface AdminInput {
  organization: string;
  organizationName?: string;
  email: string;
  username?: string;
  password: string;
}

/**
 * Creates a platform admin, and their organization when it doesn't exist yet. Used by
 * `latchkey admin create` and the one-time setup link; it checks no actor.
 */
export async function createPlatformAdmin(ctx: Context, input: AdminInput, tx?: Tx) {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.organization)) {
    throw new AppError('request.invalid', 'Organization slug: lowercase letters, digits and dashes, starting with a letter or digit.');
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email) || input.email.length > 254) throw new AppError('request.invalid', 'A valid email address is required.');
  if ((input.organizationName ?? '').length > 200) throw new AppError('request.invalid', 'The organization name can have at most 200 characters.');
  const username = input.username ?? input.email;
  const run = async (t: Tx) => {
    const org = (await organizations.findPublic(ctx, input.organization).catch(() => undefined)) ??
      (await organizations.createInTx(t, { slug: input.organization, name: input.organizationName ?? input.organization }));
    await checkPassword(effectiveSettings(org.settings).passwordPolicy, input.password, { username, email: input.email, organization: org });
    const user = await users
      .insertRow(t, {
        organization_id: org.id,
        username,
        email: input.email,
        privilege: 'platform_admin',
        status: 'active',
        password_hash: await hashPassword(input.password, ctx.argon2),
        password_changed_at: ctx.clock.now(),
      })
      .catch((err) => {
        throw isUniqueViolation(err) ? new AppError('user.username_taken') : err;
      });
    await audit.record(t, systemActor('bootstrap'), { organizationId: org.id, action: 'admin.bootstrapped', target: { type: 'user', id: user.id }, data: { username } });
    return { org, user };
  };
  return tx ? run(tx) : ctx.db.transaction().execute(run);
}

/**
 * At a start with no platform admin, makes a fresh one-time setup link (earlier unused
 * ones stop working). Returns undefined once an admin exists.
 */
export async function setupLinkIfNeeded(ctx: Context): Promise<string | undefined> {
  if (await users.anyPlatformAdmin(ctx.db)) return undefined;
  const token = newLinkToken();
  await ctx.db.transaction().execute(async (tx) => {
    await q.discardUnused(tx, ctx.clock.now());
    await q.insert(tx, linkHash(ctx.secret, token), new Date(ctx.clock.now().getTime() + SETUP_LINK_TTL_MS));
  });
  return absoluteUrl(ctx, pageUrl.setup(token));
}

export async function checkLink(ctx: Context, token: string): Promise<void> {
  const usable = await q.findUsable(ctx.db, linkHash(ctx.secret, token), ctx.clock.now());
  if (!usable || (await users.anyPlatformAdmin(ctx.db))) throw new AppError('setup.invalid');
}

/**
 * Why a setup link can't be used, for its page: `done` once an administrator exists (sign
 * in instead), `expired` (a restart prints a new link), or `unknown`.
 */
export async function linkProblem(ctx: Context, token: string): Promise<'done' | 'expired' | 'unknown'> {
  if (await users.anyPlatformAdmin(ctx.db)) return 'done';
  const row = await q.findByHash(ctx.db, linkHash(ctx.secret, token));
  if (row && !row.used_at && row.expires_at <= ctx.clock.now()) return 'expired';
  return 'unknown';
}

export type SetupField = 'organization' | 'organizationName' | 'email' | 'password';
export interface FieldError {
  field: SetupField;
  message: string;
}

/**
 * Every problem of the setup form at once, each in the words of the form's own labels, so
 * one submission shows all that needs fixing.
 */
export async function formProblems(ctx: Context, input: AdminInput): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (!input.organization) problems.push({ field: 'organization', message: 'Enter an organization short name.' });
  else if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.organization)) {
    problems.push({ field: 'organization', message: 'Organization short name: use lowercase letters, digits and dashes (at most 63), starting with a letter or digit.' });
  }
  if ((input.organizationName ?? '').length > 200) problems.push({ field: 'organizationName', message: 'Organization name: use at most 200 characters.' });
  if (!input.email) problems.push({ field: 'email', message: 'Enter your email address.' });
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email) || input.email.length > 254) {
    problems.push({ field: 'email', message: 'Your email: enter an address like name@example.com.' });
  }
  const existing = problems.some((p) => p.field === 'organization') ? undefined : await organizations.findPublic(ctx, input.organization).catch(() => undefined);
  try {
    await checkPassword(effectiveSettings(existing?.settings ?? {}).passwordPolicy, input.password, { username: input.username ?? input.email, email: input.email || null });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problems.push({ field: 'password', message: `Password: ${err.message.charAt(0).toLowerCase()}${err.message.slice(1)}` });
  }
  return problems;
}

/** Redeems the setup link once: creates the first platform admin and its organization. */
export async function complete(ctx: Context, token: string, input: AdminInput) {
  return ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(tx);
    const consumed = await q.consume(tx, linkHash(ctx.secret, token), ctx.clock.now());
    if (!consumed || (await users.anyPlatformAdmin(tx))) throw new AppError('setup.invalid');
    return createPlatformAdmin(ctx, input, tx);
  });
}
