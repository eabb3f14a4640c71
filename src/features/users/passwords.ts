import type { Actor } from '../../access/index.js';
import type { Context, Tx } from '../../context.js';
import type { OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, normalizePassword, verifyPassword } from '../../lib/passwords.js';
import * as audit from '../audit/service.js';
import { effectiveSettings, type OrganizationSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import * as q from './queries.js';

type Policy = OrganizationSettings['passwordPolicy'];
type Organization = Pick<OrganizationRow, 'name' | 'slug' | 'settings'>;

// ~49,000 most common passwords, shipped with the package: no network needed. Loaded on the
// first check, as the analyser below: a server that sets no password keeps ~5 MiB less.
let common: Promise<Set<string>> | undefined;
const commonPasswords = () =>
  (common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common']!.map((p) => String(p).toLowerCase()))));

export const PRODUCT_NAME = 'latchkey';
/**
 * Shorter context words are refused only as the whole password (by the other rules): as a
 * substring, "ann" would block "planning a new journey".
 */
const MIN_CONTEXT_WORD = 4;
/** Only this much is analysed for repetition: enough to judge, bounded in cost. */
const ANALYSED_LENGTH = 64;

type Zxcvbn = import('@zxcvbn-ts/core').ZxcvbnFactory;
let zxcvbn: Promise<Zxcvbn> | undefined;
/**
 * Loaded on the first password check, with no word lists: only the repeat, sequence and
 * user-input (context word, also l33t and reversed) matchers do any work, so it stays small.
 */
const analyser = () =>
  (zxcvbn ??= import('@zxcvbn-ts/core').then(({ ZxcvbnFactory }) => new ZxcvbnFactory({ dictionary: {}, graphs: {}, maxLength: ANALYSED_LENGTH })));

export interface PasswordContext {
  username: string;
  email: string | null;
  organization?: { name: string; slug: string };
}

type Match = { pattern: string; token: string; i: number; j: number; dictionaryName?: string; matchedWord?: string; baseToken?: string; baseMatches?: Match[] };

/** The context words the password may not contain, each with how the message names it. */
function contextWords(c: PasswordContext): { word: string; label: string }[] {
  const email = c.email?.toLowerCase() ?? null;
  const local = email?.split('@')[0] ?? null;
  const username = c.username.toLowerCase();
  const words = [
    // A username that is the email address was never typed as a username: say email.
    ...(username !== email ? [{ word: username, label: 'your username' }] : []),
    ...(email ? [{ word: email, label: 'your email address' }] : []),
    ...(local ? [{ word: local, label: 'your email address' }] : []),
    ...(c.organization ? [{ word: c.organization.name, label: 'the organization name' }, { word: c.organization.slug, label: 'the organization name' }] : []),
    { word: PRODUCT_NAME, label: 'the name of this service' },
  ];
  const seen = new Set<string>();
  return words
    .map((w) => ({ ...w, word: w.word.toLowerCase().trim() }))
    .filter((w) => [...w.word].length >= MIN_CONTEXT_WORD && !seen.has(w.word) && seen.add(w.word));
}

const flatten = (ms: Match[]): Match[] => ms.flatMap((m) => [m, ...flatten(m.baseMatches ?? [])]);

/**
 * NIST 800-63B rules: length limits, not a common password, no context word (username,
 * email, organization, product) inside, not mostly repetition or a sequence; no composition
 * rules. Each failure names its rule (and the word it found) so pages and API say what to fix.
 */
export async function checkPassword(policy: Policy, password: string, context: PasswordContext): Promise<void> {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < policy.minLength) {
    throw new AppError('password.too_short', `Use at least ${policy.minLength} characters.`, { rule: 'minLength', minLength: policy.minLength });
  }
  if (length > policy.maxLength) {
    throw new AppError('password.too_long', `Use at most ${policy.maxLength} characters.`, { rule: 'maxLength', maxLength: policy.maxLength });
  }
  const lower = normalized.toLowerCase();
  if ((await commonPasswords()).has(lower)) throw new AppError('password.common', undefined, { rule: 'blocklist' });

  const words = contextWords(context);
  // Plain substrings are checked on the whole password; zxcvbn adds l33t and reversed forms.
  const plain = words.find((w) => lower.includes(w.word));
  const result = (await analyser()).check(normalized, words.map((w) => w.word));
  const sequence = result.sequence as unknown as Match[];
  const disguised = flatten(sequence).find((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs');
  const found = plain ?? (disguised && words.find((w) => w.word === disguised.matchedWord?.toLowerCase()));
  if (found) {
    const identity = found.label.startsWith('your');
    throw new AppError(
      identity ? 'password.contains_identity' : 'password.contains_context',
      `The password must not contain ${found.label} “${found.word}”.`,
      { rule: identity ? 'identity' : 'context', word: found.word },
    );
  }

  // What a guesser must still find: a repeat costs its unit once, a sequence its first character.
  const analysed = [...normalized].slice(0, ANALYSED_LENGTH).length;
  let predictable = 0;
  for (const m of sequence) {
    const n = [...m.token].length;
    if (m.pattern === 'repeat') predictable += n - [...(m.baseToken ?? '')].length;
    else if (m.pattern === 'sequence') predictable += n - 1;
  }
  if (predictable * 2 > analysed) {
    throw new AppError('password.repetitive', undefined, { rule: 'repetitive' });
  }
}

/** Refuses the current password and, with a history rule, any of the last N. */
async function assertNotReused(tx: Tx, user: UserRow, password: string, historyCount: number): Promise<void> {
  const earlier = historyCount > 0 ? await q.recentPasswordHashes(tx, user.organization_id, user.id, historyCount) : [];
  const candidates = new Set([user.password_hash, ...earlier].filter((h): h is string => !!h));
  for (const hash of candidates) {
    if (await verifyPassword(hash, password)) {
      throw new AppError('password.reused', historyCount > 0 ? `Choose a password you have not used for your last ${historyCount} passwords.` : 'Choose a password different from the current one.', { rule: 'history', historyCount });
    }
  }
}

export interface SetPasswordOptions {
  /** Why the next sign-in must replace it; null when the user chose it. */
  changeRequired: 'temporary' | 'admin_reset' | null;
  expiresAt: Date | null;
  /** An admin sets it: the policy applies, the user's own history does not. */
  byAdmin?: boolean;
}

/**
 * Checks and stores a new password: policy, no reuse, argon2id hash, history row. Returns
 * the updated user row. The caller owns the transaction.
 */
export async function setPassword(ctx: Context, tx: Tx, org: Organization, user: UserRow, password: string, opts: SetPasswordOptions): Promise<UserRow> {
  const settings = effectiveSettings(org.settings as Record<string, unknown>);
  await checkPassword(settings.passwordPolicy, password, { username: user.username, email: user.email, organization: org });
  if (!opts.byAdmin) await assertNotReused(tx, user, password, settings.passwordPolicy.historyCount);
  const hash = await hashPassword(password, ctx.argon2);
  const now = ctx.clock.now();
  // History is of passwords people chose; an admin's temporary ones don't crowd them out.
  if (!opts.byAdmin) await q.insertPasswordHistory(tx, user.organization_id, user.id, hash);
  return q.update(tx, user.organization_id, user.id, {
    password_hash: hash,
    password_changed_at: now,
    password_change_required: opts.changeRequired,
    password_expires_at: opts.expiresAt,
    // A new password is the recovery that lifts the consecutive-failure cap.
    failed_logins: 0,
  });
}

export interface ReplacePasswordOptions extends SetPasswordOptions {
  actor: Actor;
  /** The password is the user's own to keep (not a temporary one): a pending user becomes active. */
  activate: boolean;
  /** Which sessions end: every one, or every one but the session in use (own change). */
  endSessions: 'all' | { keep: string };
}

/**
 * The one "new password" sequence every flow uses (invitation, forced change, own change,
 * admin reset, and later recovery): the password checked and stored, the account
 * activated when the password is the user's own, and sessions ended, in the caller's
 * transaction. Only the users feature changes a user's status; this is how others do.
 */
export async function replacePassword(ctx: Context, tx: Tx, org: Organization & { id: string }, user: UserRow, password: string, opts: ReplacePasswordOptions): Promise<UserRow> {
  let updated = await setPassword(ctx, tx, org, user, password, opts);
  if (opts.activate && updated.status !== 'active') {
    updated = await q.update(tx, org.id, user.id, { status: 'active' });
    if (user.status === 'pending') await audit.record(tx, opts.actor, { organizationId: org.id, action: 'user.activated', target: { type: 'user', id: user.id } });
  }
  if (opts.endSessions === 'all') await sessions.endAllOfUser(ctx, tx, org.id, user.id);
  else await sessions.endOthersOfUser(ctx, tx, org.id, user.id, opts.endSessions.keep);
  return updated;
}

export type PasswordState = 'ok' | 'change_required' | 'temporary_expired';

/** Whether a correct password may be used as is, must be replaced first, or is dead. */
export function passwordState(settings: OrganizationSettings, user: UserRow, now: Date): PasswordState {
  const expired = user.password_expires_at !== null && user.password_expires_at <= now;
  if (user.password_change_required === 'temporary' && expired) return 'temporary_expired';
  if (user.password_change_required || expired) return 'change_required';
  const maxAge = settings.passwordPolicy.maxAgeDays;
  if (maxAge > 0 && user.password_changed_at && user.password_changed_at.getTime() + maxAge * 86_400_000 <= now.getTime()) return 'change_required';
  return 'ok';
}
