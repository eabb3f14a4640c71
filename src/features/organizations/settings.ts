import { Type, type Static } from 'typebox';

/**
 * Organization settings. Every field has a safe default; an organization stores only what
 * an admin changed, so new settings reach existing organizations with their defaults.
 */
export const InvitationSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Admins may invite users to set their own password.' }),
    method: Type.Union([Type.Literal('email_link'), Type.Literal('email_otp'), Type.Literal('sms_otp')], {
      description: 'How invitations are delivered.',
    }),
    expiryMinutes: Type.Integer({
      minimum: -1,
      maximum: 525_600,
      description: 'Invitation lifetime in minutes: -1 never expires, 0 expires immediately.',
    }),
    lockUntilPasswordSet: Type.Boolean({ description: 'The account can only be used through the invitation until a password is set.' }),
    sendActivationNotice: Type.Boolean({ description: 'Email the user when their account becomes active.' }),
  },
  { additionalProperties: false },
);

export const PasswordPolicy = Type.Object(
  {
    minLength: Type.Integer({ minimum: 8, maximum: 64, description: 'Shortest accepted password (floor 8).' }),
    maxLength: Type.Integer({ minimum: 64, maximum: 1024, description: 'Longest accepted password (at least 64).' }),
  },
  { additionalProperties: false },
);

export const OrganizationSettings = Type.Object(
  { invitation: InvitationSettings, passwordPolicy: PasswordPolicy },
  { additionalProperties: false },
);
export type OrganizationSettings = Static<typeof OrganizationSettings>;

export const OrganizationSettingsPatch = Type.Object(
  { invitation: Type.Optional(Type.Partial(InvitationSettings)), passwordPolicy: Type.Optional(Type.Partial(PasswordPolicy)) },
  { additionalProperties: false },
);
export type OrganizationSettingsPatch = Static<typeof OrganizationSettingsPatch>;

export const defaultSettings: OrganizationSettings = {
  invitation: {
    enabled: true,
    method: 'email_link',
    expiryMinutes: 4320,
    lockUntilPasswordSet: true,
    sendActivationNotice: true,
  },
  passwordPolicy: { minLength: 12, maxLength: 128 },
};

/** Stored overrides laid over the defaults, section by section. */
export function effectiveSettings(stored: Record<string, unknown>): OrganizationSettings {
  const s = stored as Partial<OrganizationSettingsPatch>;
  return {
    invitation: { ...defaultSettings.invitation, ...s.invitation },
    passwordPolicy: { ...defaultSettings.passwordPolicy, ...s.passwordPolicy },
  };
}

/** The stored overrides after applying a patch. */
export function mergeSettings(stored: Record<string, unknown>, patch: OrganizationSettingsPatch): Record<string, unknown> {
  const s = stored as OrganizationSettingsPatch;
  return {
    ...s,
    ...(patch.invitation && { invitation: { ...s.invitation, ...patch.invitation } }),
    ...(patch.passwordPolicy && { passwordPolicy: { ...s.passwordPolicy, ...patch.passwordPolicy } }),
  };
}
