import type { Context, Tx } from '../../context.js';
import type { InvitationMethod, InvitationRow, OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { newCode, type CodeAlphabet } from '../../lib/codes.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import * as notifications from '../notifications/service.js';
import { displayName } from '../users/service.js';

export interface Delivery {
  org: OrganizationRow;
  user: UserRow;
  invitation: InvitationRow;
  /** The raw secret (link token or code); it exists only in this call and the message. */
  secret: string;
}

/** One way of getting an invitation to a person. Each method implements it. */
export interface InvitationChannel {
  /** Throws when the user lacks what this channel needs (an email, a phone). */
  check(user: UserRow): void;
  newSecret(otp: CodeAlphabet): string;
  /** The keyed hash stored for the secret. Codes are short, so they are bound to their user. */
  secretHash(ctx: Context, user: { id: string }, secret: string): Buffer;
  deliver(ctx: Context, tx: Tx, d: Delivery): Promise<void>;
}

export const invitationLink = (ctx: Context, orgSlug: string, token: string) => `${ctx.publicUrl}/o/${orgSlug}/invitations/${token}`;
export const codeHash = (ctx: Context, userId: string, code: string) => hashToken(ctx.secret, `code:${userId}:${code}`);

/** Who a message is for, as every invitation and account template names it. */
export const recipientVars = (org: Pick<OrganizationRow, 'name' | 'slug'>, user: UserRow) => ({
  organization: { name: org.name, slug: org.slug },
  user: { username: user.username, displayName: displayName(user) },
});

const vars = (ctx: Context, { org, user, invitation }: Delivery) => ({
  ...recipientVars(org, user),
  expiresAt: invitation.expires_at?.toUTCString() ?? null,
  loginUrl: `${ctx.publicUrl}/o/${org.slug}/login`,
  codeUrl: `${ctx.publicUrl}/o/${org.slug}/forgot`,
});

/** The message fields every channel fills the same way; the secret is masked wherever shown. */
const message = (d: Delivery) => ({ organizationId: d.org.id, userId: d.user.id, invitationId: d.invitation.id, secrets: [d.secret] });

const needsEmail = (user: UserRow) => {
  if (!user.email) throw new AppError('user.email_required');
};

const emailLink: InvitationChannel = {
  check: needsEmail,
  newSecret: () => newToken(),
  secretHash: (ctx, _user, secret) => hashToken(ctx.secret, secret),
  async deliver(ctx, tx, d) {
    const link = invitationLink(ctx, d.org.slug, d.secret);
    await notifications.enqueueEmail(tx, { ...message(d), kind: 'invitation_link', to: d.user.email!, vars: { ...vars(ctx, d), link } });
  },
};

/** Codes by any channel: same alphabet, same hash binding, a different message. */
function codeChannel(check: (user: UserRow) => void, send: (ctx: Context, tx: Tx, d: Delivery) => Promise<unknown>): InvitationChannel {
  return { check, newSecret: newCode, secretHash: (ctx, user, secret) => codeHash(ctx, user.id, secret), deliver: async (ctx, tx, d) => void (await send(ctx, tx, d)) };
}

const emailOtp = codeChannel(needsEmail, (ctx, tx, d) =>
  notifications.enqueueEmail(tx, { ...message(d), kind: 'invitation_otp', to: d.user.email!, vars: { ...vars(ctx, d), code: d.secret } }),
);

const smsOtp = codeChannel(
  (user) => {
    if (!user.phone) throw new AppError('user.phone_required');
  },
  (ctx, tx, d) => notifications.enqueueSms(tx, { ...message(d), kind: 'invitation_sms', to: d.user.phone!, vars: { ...vars(ctx, d), code: d.secret } }),
);

const channels: Record<InvitationMethod, InvitationChannel> = { email_link: emailLink, email_otp: emailOtp, sms_otp: smsOtp };
export const channelFor = (method: InvitationMethod): InvitationChannel => channels[method];
