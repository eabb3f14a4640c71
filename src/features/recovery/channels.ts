import type { Context } from '../../context.js';
import type { OrganizationRow, RecoveryChannel, RecoveryKind, RecoveryRequestRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { boundHash, codeSecret, linkSecret, type Binding, type CodeAlphabet, type DeliveryChannel } from '../../flows/index.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import * as notifications from '../notifications/service.js';
import { displayName } from '../users/display.js';

/** Whom a reset reaches: the account, and its verified recovery phone when it has one (never an unverified number). */
export interface Recipient {
  user: UserRow;
  phone: string | undefined;
}

export interface Delivery {
  org: OrganizationRow;
  recipient: Recipient;
  request: RecoveryRequestRow;
  /** With "require code to reset", the code that goes with an emailed link. */
  code?: string | undefined;
}

export type ResetChannel = DeliveryChannel<Recipient, Delivery>;

/**
 * Reset codes are bound to their purpose and user: a password reset code never resets an
 * authenticator, nor redeems for another user or as an invitation code (purpose `code`).
 */
export const bindingFor = (kind: RecoveryKind, userId: string): Binding => ({ purpose: kind === 'password' ? 'recovery' : 'authenticator-reset', subject: userId });
export const codeHash = (ctx: Context, kind: RecoveryKind, userId: string, code: string) => boundHash(ctx.secret, bindingFor(kind, userId), code);

/**
 * A helpdesk recovery code is read aloud over the phone: ten characters of capitals and digits
 * (36^10, about 3.7e15), whatever the organization's message code alphabet, typed in any case
 * and with or without the dash it is shown with. Its own purpose, so no emailed or texted
 * reset code (nor an invitation code) ever redeems as one.
 */
export const HELPDESK_CODE_ALPHABET: CodeAlphabet = { uppercase: true, lowercase: false, digits: true, length: 10 };
export const helpdeskBinding = (userId: string): Binding => ({ purpose: 'helpdesk-recovery', subject: userId });
export const helpdeskCodeHash = (ctx: Context, userId: string, code: string) => boundHash(ctx.secret, helpdeskBinding(userId), code);

export const resetLink = (ctx: Context, orgSlug: string, token: string) => absoluteUrl(ctx, pageUrl.recoveryLink(orgSlug, token));

const vars = (ctx: Context, { org, recipient, request }: Delivery) => ({
  organization: { name: org.name, slug: org.slug },
  user: { username: recipient.user.username, displayName: displayName(recipient.user) },
  kind: request.kind,
  expiresAt: request.expires_at,
  codeUrl: absoluteUrl(ctx, pageUrl.recoveryCode(org.slug)),
});

const message = (d: Delivery, secrets: (string | undefined)[]) => ({
  organizationId: d.org.id,
  userId: d.recipient.user.id,
  secrets: secrets.filter((s): s is string => !!s),
});

const needsEmail = ({ user }: Recipient) => {
  if (!user.email) throw new AppError('user.email_required');
};
const needsVerifiedPhone = ({ phone }: Recipient) => {
  if (!phone) throw new AppError('user.phone_required');
};

const emailLink: ResetChannel = {
  ...linkSecret,
  check: needsEmail,
  async deliver(ctx, tx, d) {
    const link = resetLink(ctx, d.org.slug, d.secret);
    await notifications.enqueueEmail(tx, { ...message(d, [d.secret, d.code]), kind: 'password_reset_link', to: d.recipient.user.email!, vars: { ...vars(ctx, d), link, code: d.code ?? null } });
  },
};

const emailCode: ResetChannel = {
  ...codeSecret,
  check: needsEmail,
  async deliver(ctx, tx, d) {
    await notifications.enqueueEmail(tx, { ...message(d, [d.secret]), kind: 'password_reset_code', to: d.recipient.user.email!, vars: { ...vars(ctx, d), code: d.secret } });
  },
};

const smsCode: ResetChannel = {
  ...codeSecret,
  check: needsVerifiedPhone,
  async deliver(ctx, tx, d) {
    await notifications.enqueueSms(tx, { ...message(d, [d.secret]), kind: 'password_reset_sms', to: d.recipient.phone!, vars: { ...vars(ctx, d), code: d.secret } });
  },
};

/** Shown once to the helpdesk that issued it, who reads it to the caller: no message carries it. */
const helpdeskCode: ResetChannel = {
  ...codeSecret,
  newSecret: () => codeSecret.newSecret(HELPDESK_CODE_ALPHABET),
  check: () => undefined,
  async deliver() {},
};

const channels: Record<RecoveryChannel, ResetChannel> = { email_link: emailLink, email_code: emailCode, sms_code: smsCode, helpdesk_code: helpdeskCode };
export const channelFor = (c: RecoveryChannel): ResetChannel => channels[c];
