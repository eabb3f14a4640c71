import type { Context, Tx } from '../../context.js';
import type { InvitationMethod, InvitationRow, OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { newToken } from '../../lib/tokens.js';
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
  newSecret(): string;
  deliver(ctx: Context, tx: Tx, d: Delivery): Promise<void>;
}

export const invitationLink = (ctx: Context, orgSlug: string, token: string) => `${ctx.publicUrl}/o/${orgSlug}/invitations/${token}`;

const emailLink: InvitationChannel = {
  check(user) {
    if (!user.email) throw new AppError('user.email_required');
  },
  newSecret: () => newToken(),
  async deliver(ctx, tx, { org, user, invitation, secret }) {
    await notifications.enqueueEmail(tx, {
      organizationId: org.id,
      kind: 'invitation_link',
      to: user.email!,
      userId: user.id,
      invitationId: invitation.id,
      vars: {
        organization: { name: org.name, slug: org.slug },
        user: { username: user.username, displayName: displayName(user) },
        link: invitationLink(ctx, org.slug, secret),
        expiresAt: invitation.expires_at?.toUTCString() ?? null,
      },
    });
  },
};

export function channelFor(method: InvitationMethod): InvitationChannel {
  if (method === 'email_link') return emailLink;
  throw new AppError('invitation.method_unsupported', `The ${method} method is not available yet; use email_link.`);
}
