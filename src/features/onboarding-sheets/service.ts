import type { Context, Tx } from '../../context.js';
import type { SheetKind } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { linkHash, newLinkToken } from '../../flows/index.js';
import * as audit from '../audit/service.js';
import { type Actor, assertMaySeeSecrets } from '../../access/index.js';
import * as organizations from '../organizations/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';

const TTL_MS = 24 * 3_600_000;
const ENCRYPTION_PURPOSE = 'onboarding-sheet';

export const loginUrl = (ctx: Context, orgSlug: string) => absoluteUrl(ctx, pageUrl.login(orgSlug));
// Loaded on the first sheet, not at start.
export const qrCode = async (text: string) => (await import('qrcode')).default.toDataURL(text, { margin: 1, width: 200 });

/**
 * A one-time link to a printable sheet carrying a secret for a person without email:
 * a temporary password, an invitation link or an invitation code. The secret is kept
 * encrypted for at most 24 hours and erased when the sheet is opened. Earlier unviewed
 * sheets of the user stop working. Returns the link.
 */
export async function create(ctx: Context, tx: Tx, actor: Actor, s: { organizationId: string; orgSlug: string; userId: string; kind: SheetKind; secret: string }): Promise<string> {
  // Whoever makes the sheet can open it: only those who may see the secret.
  assertMaySeeSecrets(actor);
  const now = ctx.clock.now();
  await q.discardUnviewed(tx, s.organizationId, s.userId, now);
  const token = newLinkToken();
  await q.insert(tx, {
    organization_id: s.organizationId,
    user_id: s.userId,
    kind: s.kind,
    secret_hash: linkHash(ctx.secret, token),
    encrypted_secret: encrypt(ctx.secret, ENCRYPTION_PURPOSE, s.secret),
    created_by: actor.type === 'user' ? actor.id : null,
    expires_at: new Date(now.getTime() + TTL_MS),
  });
  return absoluteUrl(ctx, pageUrl.sheet(s.orgSlug, token));
}

/** A newer secret (another reset or invitation) makes waiting sheets useless. */
export const discardUnviewed = (ctx: Context, tx: Tx, organizationId: string, userId: string) => q.discardUnviewed(tx, organizationId, userId, ctx.clock.now());

/**
 * Opens a sheet once. A second visit, an expired sheet or a replaced secret all get the
 * same "no longer available" answer; of two parallel opens exactly one sees the secret.
 */
export async function view(ctx: Context, orgSlug: string, token: string, meta: { ip: string | null; userAgent: string | null }) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const opened = await q.consume(ctx.db, org.id, linkHash(ctx.secret, token), ctx.clock.now());
  if (!opened?.box) throw new AppError('onboarding_sheet.invalid');
  const user = await users.findById(ctx.db, org.id, opened.user_id);
  if (!user) throw new AppError('onboarding_sheet.invalid');
  await audit.record(ctx.db, { type: 'anonymous', id: null, label: null, organizationId: org.id, privilege: null, ...meta }, {
    organizationId: org.id,
    action: 'onboarding_sheet.viewed',
    target: { type: 'user', id: user.id },
    data: { kind: opened.kind },
  });
  const secret = decrypt(ctx.secret, ENCRYPTION_PURPOSE, opened.box);
  const signIn = loginUrl(ctx, org.slug);
  // A link sheet's QR code opens the invitation itself; the others point to sign-in.
  const target = opened.kind === 'invitation_link' ? secret : signIn;
  return { org, kind: opened.kind, username: user.username, secret, loginUrl: signIn, expiresAt: user.password_expires_at, qrCode: await qrCode(target), qrTarget: target };
}
