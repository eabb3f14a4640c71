/**
 * The message catalog: every notification kind with its channel, the variables its templates
 * may use (typed, with the sample values of a preview), the merge fields a template of it
 * must contain, and the layout variable an organization maps to one of its named layouts.
 */

export type VarType = 'string' | 'url' | 'code' | 'date' | 'number' | 'boolean';
export type Channel = 'email' | 'sms';

export interface VarDef<N extends string = string, T extends VarType = VarType> {
  /** Dotted path as templates write it: `user.username`. */
  name: N;
  type: T;
  description: string;
  sample: string | number | boolean | Date | null;
}

export interface KindDef {
  channel: Channel;
  /** The layout variable (the seed product's names where it had one). */
  variable: string;
  description: string;
  vars: readonly VarDef[];
  /** Variables every saved template of this kind must contain (the PIN, the link, the code, the password). */
  required: readonly string[];
}

const SAMPLE_DATE = new Date('2026-03-14T15:30:00Z');
const ORIGIN = 'https://id.example.com/acme';

const v = <const N extends string, const T extends VarType>(name: N, type: T, description: string, sample: VarDef['sample']): VarDef<N, T> => ({ name, type, description, sample });

/** What every message knows of its organization and recipient. */
const org = v('organization.name', 'string', 'Name of the organization', 'Acme Corp');
const orgSlug = v('organization.slug', 'string', 'Slug of the organization', 'acme');
const username = v('user.username', 'string', "The recipient's username", 'jdoe');
const displayName = v('user.displayName', 'string', "The recipient's display name", 'Jane Doe');
const recipient = [org, orgSlug, username, displayName];

const loginUrl = v('loginUrl', 'url', 'Sign-in page of the organization', `${ORIGIN}/login`);
const expiresAt = (what: string) => v('expiresAt', 'date', `When ${what} expires (format with | localdate)`, SAMPLE_DATE);
const changedAt = v('changedAt', 'date', 'When the change happened (format with | localdate)', SAMPLE_DATE);
const code = (what: string) => v('code', 'code', what, '48213957');
const minutes = v('minutes', 'number', 'How many minutes the code works', 10);

export const catalog = {
  invitation_link: {
    channel: 'email',
    variable: 'INVITATION_EMAIL_LINK',
    description: 'Invitation with a link to set the password',
    vars: [...recipient, v('link', 'url', 'The one-time invitation link', `${ORIGIN}/invitation/sample-token`), expiresAt('the link')],
    required: ['link'],
  },
  invitation_otp: {
    channel: 'email',
    variable: 'INVITATION_EMAIL_CODE',
    description: 'Invitation with a one-time code',
    vars: [...recipient, code('The one-time invitation code'), loginUrl, v('codeUrl', 'url', 'Page where the code is entered', `${ORIGIN}/forgot`), expiresAt('the code')],
    required: ['code'],
  },
  invitation_sms: {
    channel: 'sms',
    variable: 'INVITATION_SMS_CODE',
    description: 'Invitation code by SMS',
    vars: [...recipient, code('The one-time invitation code'), loginUrl, expiresAt('the code')],
    required: ['code'],
  },
  invitation_reminder: {
    channel: 'email',
    variable: 'INVITATION_EMAIL_REMINDER',
    description: 'Reminder before an invitation expires',
    vars: [...recipient, v('method', 'string', 'email_link, email_otp or sms_otp', 'email_link'), expiresAt('the invitation'), v('sentAt', 'date', 'When the invitation was sent', SAMPLE_DATE)],
    required: [],
  },
  password_reset_link: {
    channel: 'email',
    variable: 'PASSWORD_EMAIL_RESET_LINK',
    description: 'Password reset link',
    vars: [
      ...recipient,
      v('link', 'url', 'The one-time reset link', `${ORIGIN}/reset/sample-token`),
      v('code', 'code', 'A code the page also asks for, when the organization requires one (else empty)', null),
      v('kind', 'string', 'password or authenticator', 'password'),
      v('codeUrl', 'url', 'Page where a reset code is entered', `${ORIGIN}/reset-code`),
      expiresAt('the link'),
    ],
    required: ['link'],
  },
  password_reset_code: {
    channel: 'email',
    variable: 'PASSWORD_EMAIL_RESET_CODE',
    description: 'Password reset code',
    vars: [...recipient, code('The one-time reset code'), v('kind', 'string', 'password or authenticator', 'password'), v('codeUrl', 'url', 'Page where the code is entered', `${ORIGIN}/reset-code`), expiresAt('the code')],
    required: ['code'],
  },
  password_reset_sms: {
    channel: 'sms',
    variable: 'PASSWORD_SMS_RESET_CODE',
    description: 'Password or authenticator reset code by SMS',
    vars: [...recipient, code('The one-time reset code'), v('kind', 'string', 'password or authenticator', 'password'), v('codeUrl', 'url', 'Page where the code is entered', `${ORIGIN}/reset-code`), expiresAt('the code')],
    required: ['code'],
  },
  account_activated: {
    channel: 'email',
    variable: 'ACCOUNT_EMAIL_ACTIVATED',
    description: 'The account became active (activation)',
    vars: [...recipient, loginUrl],
    required: [],
  },
  password_new: {
    channel: 'email',
    variable: 'PASSWORD_EMAIL_NEW',
    description: 'Temporary password of a user created with a PIN code',
    vars: [...recipient, v('password', 'code', 'The temporary password', 'Tmp-8fK2-pQ7x'), v('holder.displayName', 'string', 'The PIN holder who created the account', 'John Holder'), loginUrl, expiresAt('the temporary password')],
    required: ['password'],
  },
  pincode: {
    channel: 'email',
    variable: 'PINCODE_EMAIL_BODY',
    description: 'The PIN code of a holder',
    vars: [
      ...recipient,
      v('pin', 'code', 'The PIN', '739104'),
      v('signUpUrl', 'url', 'The PIN sign-up page', `${ORIGIN}/pin-sign-up`),
      v('quota', 'number', 'How many accounts the PIN may create (empty: no limit)', 5),
      v('used', 'number', 'How many it created so far', 1),
      expiresAt('the PIN'),
    ],
    required: ['pin'],
  },
  password_changed: {
    channel: 'email',
    variable: 'PASSWORD_EMAIL_CHANGE',
    description: 'The password was changed',
    vars: [...recipient, changedAt, v('recovered', 'boolean', 'Changed with "Forgot your password?"', false), loginUrl],
    required: [],
  },
  password_changed_sms: {
    channel: 'sms',
    variable: 'PASSWORD_SMS_CHANGE',
    description: 'The password or authenticator was changed (SMS)',
    vars: [...recipient, v('what', 'string', 'password or authenticator', 'password')],
    required: [],
  },
  password_expiry: {
    channel: 'email',
    variable: 'PASSWORD_EMAIL_EXPIRY',
    description: 'An administrator set an expiry date on the password',
    vars: [
      ...recipient,
      expiresAt('the password'),
      loginUrl,
      v('accountPasswordUrl', 'url', 'Page to choose a new password', `${ORIGIN}/account/password`),
      v('forgotUrl', 'url', 'Password reset page', `${ORIGIN}/forgot`),
    ],
    required: [],
  },
  recovery_phone_verification: {
    channel: 'sms',
    variable: 'RECOVERY_PHONE_SMS_CODE',
    description: 'Code that confirms a recovery phone',
    vars: [...recipient, code('The confirmation code'), minutes],
    required: ['code'],
  },
  recovery_phone_verified: {
    channel: 'email',
    variable: 'RECOVERY_PHONE_EMAIL_VERIFIED',
    description: 'A recovery phone was confirmed',
    vars: [...recipient, v('number', 'string', 'The phone number, masked', '+41 •• ••• •• 67'), changedAt, v('accountUrl', 'url', 'The account page', `${ORIGIN}/account`)],
    required: [],
  },
  recovery_phone_removed: {
    channel: 'email',
    variable: 'RECOVERY_PHONE_EMAIL_REMOVED',
    description: 'A recovery phone was removed',
    vars: [
      ...recipient,
      v('number', 'string', 'The phone number, masked', '+41 •• ••• •• 67'),
      changedAt,
      v('byAdmin', 'boolean', 'Removed by an administrator', false),
      v('accountUrl', 'url', 'The account page', `${ORIGIN}/account`),
    ],
    required: [],
  },
  authenticator_changed: {
    channel: 'email',
    variable: 'AUTHENTICATOR_EMAIL_CHANGE',
    description: 'The authenticator (second factor) was changed or reset',
    vars: [...recipient, v('what', 'string', 'What happened, in words', 'A new authenticator app was turned on'), v('enrollNext', 'boolean', 'A new authenticator must be set up at the next sign-in', false), changedAt, loginUrl],
    required: [],
  },
  authenticator_changed_sms: {
    channel: 'sms',
    variable: 'AUTHENTICATOR_SMS_CHANGE',
    description: 'The authenticator was changed or reset (SMS)',
    vars: [...recipient, v('what', 'string', 'What happened, in words', 'A new authenticator app was turned on'), v('enrollNext', 'boolean', 'A new authenticator must be set up at the next sign-in', false), changedAt, loginUrl],
    required: [],
  },
  mfa_sms_code: {
    channel: 'sms',
    variable: 'MFA_SMS_CODE',
    description: 'Sign-in code by SMS (second factor)',
    vars: [org, orgSlug, code('The sign-in code'), minutes],
    required: ['code'],
  },
  impersonation_notice: {
    channel: 'email',
    variable: 'IMPERSONATION_EMAIL_NOTICE',
    description: 'An administrator signed in as the user',
    vars: [
      ...recipient,
      v('admin', 'string', 'Who signed in as the user', 'Ada Admin'),
      v('startedAt', 'date', 'When it started', SAMPLE_DATE),
      v('minutes', 'number', 'For how many minutes', 30),
      v('reason', 'string', 'The reason given', 'Support request'),
      v('ticket', 'string', 'The ticket number given (may be empty)', 'SUP-1234'),
    ],
    required: [],
  },
} as const satisfies Record<string, KindDef>;

export type MessageKind = keyof typeof catalog;
export type EmailKind = { [K in MessageKind]: (typeof catalog)[K]['channel'] extends 'email' ? K : never }[MessageKind];
export type SmsKind = { [K in MessageKind]: (typeof catalog)[K]['channel'] extends 'sms' ? K : never }[MessageKind];

export const kinds = Object.keys(catalog) as MessageKind[];

/** The value a caller passes for a variable of this type: dates as Date, never formatted text. */
type ValueOf<T extends VarType> = T extends 'date' ? Date : T extends 'number' ? number : T extends 'boolean' ? boolean : string;
/** `user.username` → `{ user: { username: V } }`. */
type Nest<P extends string, V> = P extends `${infer Head}.${infer Rest}` ? { [K in Head]?: Nest<Rest, V> } : { [K in P]?: V | null };
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type VarUnion<K extends MessageKind> = (typeof catalog)[K]['vars'][number];
type RequiredOf<K extends MessageKind> = (typeof catalog)[K]['required'][number];

/**
 * What a caller passes as `vars` for a kind, checked at compile time: each catalog variable
 * of its type (or null), the required merge fields present, other values allowed (a
 * template may use what the caller adds).
 */
export type VarsOf<K extends MessageKind> = Intersect<VarUnion<K> extends infer D ? (D extends VarDef<infer N, infer T> ? Nest<N, ValueOf<T>> : never) : never> & {
  [F in RequiredOf<K>]: string;
} & Record<string, unknown>;
export const isKind = (k: string): k is MessageKind => Object.hasOwn(catalog, k);
export const kindDef = (k: MessageKind): KindDef => catalog[k];

/** Variables every template has besides its kind's: set by the renderer, not the caller. */
export const commonVars: readonly VarDef[] = [
  v('environment', 'string', "The organization's environment name (empty until set)", 'production'),
  v('locale', 'string', 'The locale the message is rendered in (BCP 47)', 'en'),
];

/**
 * The legacy merge style of imported layouts (`!PINCODE!`): each alias stands for a catalog
 * variable and counts as containing it.
 */
export const legacyAliases: Record<string, string> = {
  PINCODE: 'pin',
  USERNAME: 'user.username',
  PASSWORD: 'password',
  LINK: 'link',
  CODE: 'code',
  FIRSTNAME: 'user.displayName',
  ENVIRONMENT: 'environment',
};

/** Sets a dotted path (`user.username`) in a nested scope object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The sample values of a kind, nested as the templates read them. */
export function sampleVars(kind: MessageKind): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of kindDef(kind).vars) setPath(out, d.name, d.sample);
  return out;
}
