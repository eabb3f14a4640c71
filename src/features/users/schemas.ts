import { Type } from 'typebox';
import { ONBOARDING_STAGES } from '../../flows/index.js';
import { DateTime, Literals, Nullable, NullableString, Obj, PageQuery } from '../../http/schemas.js';
import { LOCALES } from '../../i18n/index.js';

export const UserLocale = Nullable(Literals(LOCALES, { description: `Language of the user's pages and messages: ${LOCALES.join(', ')}; null follows the browser on pages and the organization's default locale in messages` }));

export const Privilege = Type.Union(
  [Type.Literal('platform_admin'), Type.Literal('org_admin'), Type.Literal('helpdesk'), Type.Literal('user')],
  { description: 'Admin privilege: platform_admin, org_admin (user management), helpdesk, or user' },
);
export const Status = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('locked'), Type.Literal('disabled')]);
export const Method = Type.Union([Type.Literal('email_link'), Type.Literal('email_otp'), Type.Literal('sms_otp')]);

const Username = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\p{L}\\p{N}._@+-]+$', description: 'Letters, digits and . _ @ + -' });
const email = { format: 'email', maxLength: 254 };
const phone = { maxLength: 32, pattern: '^\\+[0-9 ().-]+$', description: 'International format (stored as E.164), e.g. +41 79 123 45 67' };
const name = { maxLength: 100 };
const Names = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 });

const editable = {
  email: Type.Optional(NullableString(email)),
  phone: Type.Optional(NullableString(phone)),
  firstName: Type.Optional(NullableString(name)),
  lastName: Type.Optional(NullableString(name)),
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 })),
  roles: Type.Optional(Names),
  groups: Type.Optional(Names),
  privilege: Type.Optional(Privilege),
  passwordExpiresAt: Type.Optional(NullableString({ format: 'date-time', description: 'After this instant the user must set a new password at sign-in' })),
  locale: Type.Optional(UserLocale),
};

export const CreateUser = Obj({
  username: Username,
  ...editable,
  invite: Type.Optional(Type.Boolean({ description: 'Invite the user to set their own password' })),
  invitationMethod: Type.Optional(Method),
  shareLink: Type.Optional(Type.Boolean({ description: 'With invite: also return a one-time link to a printable sheet with the invitation link or code (works for users without email)' })),
});
export const UpdateUser = Obj({ username: Type.Optional(Username), ...editable });

export const Invitation = Obj({
  id: Type.String(),
  userId: Type.String(),
  method: Method,
  state: Literals(['pending', 'expired', 'accepted', 'superseded', 'revoked', 'exhausted'], {
    description: 'Stored state, with pending past its expiry shown as expired',
  }),
  stage: Type.Optional(Type.String({ description: 'Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted' })),
  createdAt: DateTime,
  expiresAt: Nullable(DateTime),
  openedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
  viewUrl: Type.Optional(Nullable(Type.String({ description: 'One-time printable sheet, when asked for' }))),
  delivery: Type.Optional(
    Nullable(Obj({ state: Type.String(), attempts: Type.Integer(), lastError: Nullable(Type.String()), sentAt: Nullable(DateTime) })),
  ),
});

export const User = Obj({
  id: Type.String(),
  organizationId: Type.String(),
  username: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  roles: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
  privilege: Privilege,
  type: Type.Union([Type.Literal('standard'), Type.Literal('pin_holder')]),
  status: Status,
  createdAt: DateTime,
  updatedAt: DateTime,
  lastLoginAt: Nullable(DateTime),
  passwordExpiresAt: Type.Optional(Nullable(DateTime)),
  locale: Type.Optional(Nullable(Type.String({ description: "The user's chosen locale (en, es, ja); null follows the browser on pages and the organization's default locale in messages" }))),
  invitation: Type.Optional(Nullable(Invitation)),
  lockout: Type.Optional(
    Nullable(
      Obj(
        {
          until: Nullable(DateTime),
          reason: Literals(['failures', 'failure_cap'], {
            description: 'failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set',
          }),
        },
        'Sign-in lockout, null when none; POST …/unlock clears it',
      ),
    ),
  ),
});

export const PasswordExpiry = Obj({
  expiresAt: NullableString({
    format: 'date-time',
    description: 'After this instant the password no longer signs in as is: the next sign-in with it must set a new one. null clears it.',
  }),
});

export const ListUsersQuery = Obj({
  ...PageQuery,
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'Prefix of username or email' })),
  status: Type.Optional(Status),
  type: Type.Optional(Type.Union([Type.Literal('standard'), Type.Literal('pin_holder')], { description: 'Only users of this type (pin_holder: holds a sign-up PIN)' })),
  group: Type.Optional(Type.String({ format: 'uuid', description: 'Only members of this group (its id)' })),
  mfa: Type.Optional(Literals(['enrolled', 'not_enrolled'], { description: 'enrolled: with an active second factor (authenticator app or SMS); not_enrolled: without one' })),
  lockout: Type.Optional(
    Literals(['failure_cap', 'now'], {
      description:
        "failure_cap: password sign-in refused after the consecutive-failure cap, until an admin unlocks or a new password is set; now: every user who can't sign in right now for a lockout: the failure cap, status locked, or a temporary sign-in lockout that has not ended (the last with RATE_LIMIT_STORE memory or postgres; redis can't list its keys cheaply)",
    }),
  ),
  stage: Type.Optional(Literals(ONBOARDING_STAGES, { description: 'Onboarding stage of the latest invitation (not_invited: none was sent)' })),
  sort: Type.Optional(Literals(['username', 'created', 'lastLogin'], { description: 'Order of the list: username (default), creation time, or last sign-in (never signed in counts as earliest)' })),
  order: Type.Optional(Literals(['asc', 'desc'], { description: 'Direction of the sort (default asc)' })),
});

export const ResendInvitation = Obj({
  method: Type.Optional(Method),
  shareLink: Type.Optional(Type.Boolean({ description: 'Also return a one-time link to a printable sheet with the invitation link or code' })),
});
