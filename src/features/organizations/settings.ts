import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { DEFAULT_LOCALE, type Locale, LOCALES } from '../../i18n/index.js';

/**
 * NIST 800-63B-4: a password that is the only factor has at least 15 characters; 8 is
 * allowed only together with a required second factor.
 */
export const SINGLE_FACTOR_MIN_LENGTH = 15;
export const MULTI_FACTOR_MIN_LENGTH = 8;

/**
 * Organization settings. Every field has a safe default; an organization stores only what
 * an admin changed, so new settings reach existing organizations with their defaults.
 */
const Otp = Type.Object(
  {
    uppercase: Type.Boolean({ description: 'Codes may contain A–Z.' }),
    lowercase: Type.Boolean({ description: 'Codes may contain a–z.' }),
    digits: Type.Boolean({ description: 'Codes may contain 0–9.' }),
    length: Type.Integer({ minimum: 6, maximum: 20, description: 'Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000).' }),
  },
  { additionalProperties: false },
);

export const InvitationSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Admins may invite users to set their own password.' }),
    method: Type.Union([Type.Literal('email_link'), Type.Literal('email_otp'), Type.Literal('sms_otp')], {
      description: 'How invitations are delivered: a link by email, a code by email, or a code by SMS.',
    }),
    expiryMinutes: Type.Integer({
      minimum: -1,
      maximum: 525_600,
      description: 'Invitation lifetime in minutes: -1 never expires; 0 expires immediately, so no invitation is sent while it is set (invitation.expires_immediately).',
    }),
    lockUntilPasswordSet: Type.Boolean({ description: 'While an invitation is pending, the account can only be used through it.' }),
    sendActivationNotice: Type.Boolean({ description: 'Email the user when their account becomes active.' }),
    reminderMinutesBefore: Type.Integer({ minimum: 0, maximum: 525_600, description: 'Send one reminder this many minutes before the invitation expires (0 = no reminder).' }),
    otp: Otp,
  },
  { additionalProperties: false },
);

export const PasswordPolicy = Type.Object(
  {
    minLength: Type.Integer({ minimum: 8, maximum: 64, description: 'Shortest accepted password: at least 15 when the password is the only factor; 8 only while a second factor is required.' }),
    maxLength: Type.Integer({ minimum: 64, maximum: 1024, description: 'Longest accepted password (at least 64).' }),
    historyCount: Type.Integer({ minimum: 0, maximum: 24, description: 'A new password may not equal any of the last N (0 = off).' }),
    maxAgeDays: Type.Integer({ minimum: 0, maximum: 3650, description: 'Passwords older than this must be changed at the next sign-in (0 = never).' }),
  },
  { additionalProperties: false },
);

export const TemporaryPasswordSettings = Type.Object(
  { expiryDays: Type.Integer({ minimum: 1, maximum: 365, description: 'A temporary password stops working after this many days.' }) },
  { additionalProperties: false },
);

/** Self-service recovery: which ways of resetting a password the forgot page offers (SPEC C6). */
export const RecoverySettings = Type.Object(
  {
    email: Type.Boolean({ description: 'Allow password reset via email: a link or a code to the account\'s email address.' }),
    sms: Type.Boolean({ description: 'Allow reset by SMS: a code to the user\'s verified recovery phone (password, or the authenticator).' }),
    requireCode: Type.Boolean({ description: 'The user must type a code delivered to them; an emailed link alone does not reset the password.' }),
    expiryMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'How long a reset link or code works, in minutes.' }),
    otp: Otp,
  },
  { additionalProperties: false },
);

export const MfaSettings = Type.Object(
  {
    policy: Type.Union([Type.Literal('optional'), Type.Literal('required')], {
      description: 'optional: people may add a second factor; required: everyone must, and one without is made to enroll an authenticator app at the next sign-in.',
    }),
    smsAllowed: Type.Boolean({
      description: 'SMS codes to the verified recovery phone may serve as a second factor. SMS is a restricted authenticator (NIST SP 800-63B-4): numbers can be ported or intercepted.',
    }),
  },
  { additionalProperties: false },
);

export const RecoveryPhoneSettings = Type.Object(
  {
    defaultCountry: Type.String({
      pattern: '^[A-Z]{2}$',
      description: 'The country (ISO 3166-1 alpha-2, e.g. CH) the recovery-phone form starts on for a user who has no phone yet.',
    }),
  },
  { additionalProperties: false },
);

export const LoginSettings = Type.Object(
  {
    pinSignUp: Type.Union([Type.Literal('off'), Type.Literal('all_clients'), Type.Literal('web_only')], {
      description: 'PIN-code sign-up: off; all_clients (the sign-in page and the API for other clients); web_only (the sign-in page only, the API refuses).',
    }),
  },
  { additionalProperties: false },
);

export const DeviceSettings = Type.Object(
  {
    defaultLimit: Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], {
      description: 'How many remembered devices (browsers, clients) each user may sign in from, unless the user has a limit of their own; a sign-in from a new device beyond it is refused (null = unlimited).',
    }),
  },
  { additionalProperties: false },
);

export const ImpersonationSettings = Type.Object(
  {
    maxMinutes: Type.Integer({ minimum: 1, maximum: 240, description: 'How long an impersonation session lasts before it stops by itself, in minutes.' }),
    notifyUser: Type.Boolean({ description: 'Email the user after an administrator signed in as them (who, when, why).' }),
  },
  { additionalProperties: false },
);

export const OrganizationSettings = Type.Object(
  {
    mfa: MfaSettings,
    invitation: InvitationSettings,
    recovery: RecoverySettings,
    passwordPolicy: PasswordPolicy,
    temporaryPassword: TemporaryPasswordSettings,
    userLimit: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Subscription limit of non-disabled users (null = unlimited).' }),
    ssoEnforced: Type.Boolean({ description: 'Users sign in through the organization SSO only: password onboarding is refused.' }),
    recoveryPhone: RecoveryPhoneSettings,
    login: LoginSettings,
    devices: DeviceSettings,
    impersonation: ImpersonationSettings,
    environmentName: Type.Union([Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$' }), Type.Null()], {
      description: 'Name of this environment (e.g. PROD, TEST; letters, digits, _ and -): available to every message template as `environment`, and needed before the default layouts can be imported under names.',
    }),
    defaultLocale: Type.Unsafe<Locale>({
      type: 'string',
      enum: [...LOCALES],
      description: `Language of the organization's pages for a browser that asks for none supported, and of messages to users who chose none: ${LOCALES.join(', ')}.`,
    }),
  },
  { additionalProperties: false },
);
export type OrganizationSettings = Static<typeof OrganizationSettings>;

/** Every field optional, at every depth. */
function deepPartial<T extends TProperties>(schema: TObject<T>): TObject {
  const props: TProperties = {};
  for (const [key, value] of Object.entries(schema.properties)) {
    const v = value as TObject;
    props[key] = Type.Optional(v.type === 'object' && v.properties ? deepPartial(v) : v);
  }
  return Type.Object(props, { additionalProperties: false });
}

export const OrganizationSettingsPatch = deepPartial(OrganizationSettings);
export type OrganizationSettingsPatch = DeepPartial<OrganizationSettings>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends Record<string, unknown> ? DeepPartial<T[K]> : T[K] };

export const defaultSettings: OrganizationSettings = {
  invitation: {
    enabled: true,
    method: 'email_link',
    expiryMinutes: 4320,
    lockUntilPasswordSet: true,
    sendActivationNotice: true,
    reminderMinutesBefore: 0,
    otp: { uppercase: true, lowercase: false, digits: true, length: 8 },
  },
  // Digits only: a code is read off a phone and typed; 8 digits with 5 tries is 1 in 20 million.
  recovery: { email: true, sms: false, requireCode: false, expiryMinutes: 15, otp: { uppercase: false, lowercase: false, digits: true, length: 8 } },
  passwordPolicy: { minLength: SINGLE_FACTOR_MIN_LENGTH, maxLength: 128, historyCount: 0, maxAgeDays: 0 },
  temporaryPassword: { expiryDays: 7 },
  mfa: { policy: 'optional', smsAllowed: false },
  userLimit: null,
  ssoEnforced: false,
  recoveryPhone: { defaultCountry: 'US' },
  login: { pinSignUp: 'off' },
  devices: { defaultLimit: null },
  impersonation: { maxMinutes: 30, notifyUser: true },
  environmentName: null,
  defaultLocale: DEFAULT_LOCALE,
};

/** The shortest minimum the organization may use: 8 only while it requires a second factor. */
export const minimumPasswordLengthFloor = (s: OrganizationSettings) => (s.mfa.policy === 'required' ? MULTI_FACTOR_MIN_LENGTH : SINGLE_FACTOR_MIN_LENGTH);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `patch` laid over `base` object by object; other values are replaced. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out as T;
}

/** Stored overrides laid over the defaults. */
export function effectiveSettings(stored: Record<string, unknown>): OrganizationSettings {
  const s = deepMerge(defaultSettings, stored);
  // A value stored before the 15-character floor (down to 8) counts as the floor: applied
  // here, at check time, so it needs no data migration and returns once MFA is required.
  const floor = minimumPasswordLengthFloor(s);
  return s.passwordPolicy.minLength >= floor ? s : { ...s, passwordPolicy: { ...s.passwordPolicy, minLength: floor } };
}

/** A patch that sets the minimum below what the organization's factors allow, refused by name. */
export function passwordLengthProblem(patch: OrganizationSettingsPatch | undefined, merged: Record<string, unknown>): boolean {
  const asked = patch?.passwordPolicy?.minLength;
  return asked !== undefined && asked < minimumPasswordLengthFloor(effectiveSettings(merged));
}

/** The stored overrides after applying a patch. */
export function mergeSettings(stored: Record<string, unknown>, patch: OrganizationSettingsPatch): Record<string, unknown> {
  return deepMerge(stored, patch);
}

/** Rules that span fields; returns the reason a merged result is invalid. */
export function settingsProblem(s: OrganizationSettings): string | undefined {
  const { otp } = s.invitation;
  if (!otp.uppercase && !otp.lowercase && !otp.digits) return 'Codes need at least one of uppercase, lowercase or digits.';
  const reset = s.recovery.otp;
  if (!reset.uppercase && !reset.lowercase && !reset.digits) return 'Reset codes need at least one of uppercase, lowercase or digits.';
  if (s.passwordPolicy.minLength > s.passwordPolicy.maxLength) return 'The minimum password length is above the maximum.';
  return undefined;
}
