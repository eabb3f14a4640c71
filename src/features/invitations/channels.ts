import type { Context, Tx } from '../../context.js';
import type { InvitationMethod, InvitationRow, OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { boundHash, codeSecret, linkSecret, type DeliveryChannel } from '../../flows/index.js';
import * as notifications from '../notifications/service.js';
import { displayName } from '../users/display.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';

export interface Delivery {
  org: OrganizationRow;
  user: UserRow;
  invitation: InvitationRow;
  /** The raw secret (link token or code); it exists only in this call and the message. */
  secret: string;
}

/** An invitation method is a delivery channel of the flow core, with the invitation's message. */
export type InvitationChannel = DeliveryChannel<UserRow, Omit<Delivery, 'secret'>>;

/**
 * Invitation codes are bound to their user under the purpose `code`: the hash message is
 * `code:<user id>:<code>`, as it was before the flow core, so codes already sent still redeem.
 */
export const CODE_PURPOSE = 'code';
export const codeBinding = (userId: string) => ({ purpose: CODE_PURPOSE, subject: userId });

export const invitationLink = (ctx: Context, orgSlug: string, token: string) => absoluteUrl(ctx, pageUrl.invitation(orgSlug, token));
export const codeHash = (ctx: Context, userId: string, code: string) => boundHash(ctx.secret, codeBinding(userId), code);

/** Who a message is for, as every invitation and account template names it. */
export const recipientVars = (org: Pick<OrganizationRow, 'name' | 'slug'>, user: UserRow) => ({
  organization: { name: org.name, slug: org.slug },
  user: { username: user.username, displayName: displayName(user) },
});

const vars = (ctx: Context, { org, user, invitation }: Delivery) => ({
  ...recipientVars(org, user),
  expiresAt: invitation.expires_at ?? null,
  loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)),
  codeUrl: absoluteUrl(ctx, pageUrl.forgot(org.slug)),
});

/** The message fields every channel fills the same way; the secret is masked wherever shown. */
const message = (d: Delivery) => ({ organizationId: d.org.id, userId: d.user.id, invitationId: d.invitation.id, secrets: [d.secret] });

const needsEmail = (user: UserRow) => {
  if (!user.email) throw new AppError('user.email_required');
};

/** The message each method queues for a delivery. */
const messages: Record<InvitationMethod, (ctx: Context, d: Delivery) => notifications.Queued> = {
  email_link: (ctx, d) => ({
    channel: 'email',
    request: { ...message(d), kind: 'invitation_link', to: d.user.email!, vars: { ...vars(ctx, d), link: invitationLink(ctx, d.org.slug, d.secret) } },
  }),
  email_otp: (ctx, d) => ({ channel: 'email', request: { ...message(d), kind: 'invitation_otp', to: d.user.email!, vars: { ...vars(ctx, d), code: d.secret } } }),
  sms_otp: (ctx, d) => ({ channel: 'sms', request: { ...message(d), kind: 'invitation_sms', to: d.user.phone!, vars: { ...vars(ctx, d), code: d.secret } } }),
};

/** The message of a delivery, unqueued: bulk actions queue many with notifications.enqueueMany. */
export const invitationMessage = (ctx: Context, method: InvitationMethod, d: Delivery) => messages[method](ctx, d);

const enqueue = async (tx: Tx, m: notifications.Queued) => {
  if (m.channel === 'email') await notifications.enqueueEmail(tx, m.request);
  else await notifications.enqueueSms(tx, m.request);
};

const emailLink: InvitationChannel = {
  ...linkSecret,
  check: needsEmail,
  deliver: (ctx, tx, d) => enqueue(tx, messages.email_link(ctx, d)),
};

/** Codes by any channel: same alphabet, same hash binding, a different message. */
function codeChannel(check: (user: UserRow) => void, method: InvitationMethod): InvitationChannel {
  return { ...codeSecret, check, deliver: (ctx, tx, d) => enqueue(tx, messages[method](ctx, d)) };
}

const emailOtp = codeChannel(needsEmail, 'email_otp');

const smsOtp = codeChannel((user) => {
  if (!user.phone) throw new AppError('user.phone_required');
}, 'sms_otp');

const channels: Record<InvitationMethod, InvitationChannel> = { email_link: emailLink, email_otp: emailOtp, sms_otp: smsOtp };
export const channelFor = (method: InvitationMethod): InvitationChannel => channels[method];
