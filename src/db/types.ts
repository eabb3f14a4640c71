import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp without a default: every insert names it. */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, string | T | undefined, string | T>;

export type Privilege = 'platform_admin' | 'org_admin' | 'helpdesk' | 'user';
export type UserStatus = 'pending' | 'active' | 'locked' | 'disabled';
export type UserType = 'standard' | 'pin_holder';
export type InvitationMethod = 'email_link' | 'email_otp' | 'sms_otp';
export type InvitationState = 'pending' | 'accepted' | 'superseded' | 'revoked' | 'exhausted';
export type PasswordChangeReason = 'temporary' | 'expired' | 'admin_reset';
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  settings: Json;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  organization_id: string;
  username: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  attributes: Json;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  privilege: ColumnType<Privilege, Privilege | undefined, Privilege>;
  type: ColumnType<UserType, UserType | undefined, UserType>;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  password_expires_at: NullableTimestamp;
  password_change_required: ColumnType<PasswordChangeReason | null, PasswordChangeReason | null | undefined, PasswordChangeReason | null>;
  consent_sms_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  last_login_at: NullableTimestamp;
  failed_logins: ColumnType<number, number | undefined, number>;
  locale: string | null;
  /** Kept by the triggers of migration 0024 (see src/flows/stages.ts storedStageSql). */
  onboarding_stage: ColumnType<string | null, string | null | undefined, string | null>;
  onboarding_expires_at: NullableTimestamp;
}

export interface GroupsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface UserGroupsTable {
  organization_id: string;
  user_id: string;
  group_id: string;
  /** The member's lower(username), created_at and last sign-in (epoch for none), kept by triggers (migrations 0024, 0029). */
  username_key: Generated<string>;
  created_key: Generated<Date>;
  last_login_key: Generated<Date>;
}

export interface SessionsTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  kind: 'console' | 'account';
  token_hash: Buffer;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: RequiredTimestamp;
  revoked_at: NullableTimestamp;
  /** Authentication methods that opened the session (amr values). */
  methods: ColumnType<string[], string[] | undefined, string[]>;
  /** Authenticator assurance level: 1 or 2. */
  aal: ColumnType<number, number | undefined, number>;
  /** The device the session was opened on (devices). */
  device_id: string | null;
  /** When the person last re-authenticated in this session (null: only at sign-in, created_at). */
  authenticated_at: NullableTimestamp;
}

export interface DevicesTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  key_hash: Buffer;
  name: string;
  user_agent: string | null;
  first_seen_at: RequiredTimestamp;
  last_seen_at: RequiredTimestamp;
  last_ip: string | null;
  forgotten_at: NullableTimestamp;
}

export type ImpersonationEnd = 'admin' | 'impersonation' | 'expired' | 'signed_out';

export interface ImpersonationsTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  admin_id: string;
  admin_organization_id: string;
  admin_label: string;
  reason: string;
  ticket: string | null;
  link_hash: Buffer;
  expires_at: RequiredTimestamp;
  link_used_at: NullableTimestamp;
  created_at: Generated<Date>;
  session_id: string | null;
  started_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  stopped_at: NullableTimestamp;
  stopped_by: ImpersonationEnd | null;
  user_notified_at: NullableTimestamp;
}

export interface DeviceLimitsTable {
  organization_id: string;
  user_id: string;
  device_limit: number;
  updated_at: RequiredTimestamp;
}

export type LoginFlowStep = 'second_factor' | 'required_action' | 'done';

export interface LoginFlowsTable {
  id: Generated<string>;
  organization_id: string;
  kind: 'console' | 'account';
  user_id: string;
  handle_hash: Buffer;
  step: LoginFlowStep;
  required_actions: ColumnType<string[], string[] | undefined, string[]>;
  methods: ColumnType<string[], string[] | undefined, string[]>;
  aal: ColumnType<number, number | undefined, number>;
  invitation_id: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  return_to: string | null;
  expires_at: RequiredTimestamp;
  created_at: Generated<Date>;
  completed_at: NullableTimestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  privilege: Exclude<Privilege, 'user'>;
  token_hash: Buffer;
  prefix: string;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  method: InvitationMethod;
  state: ColumnType<InvitationState, InvitationState | undefined, InvitationState>;
  secret_hash: Buffer;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  opened_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  reminder_sent_at: NullableTimestamp;
}

export type RecoveryKind = 'password' | 'authenticator';
export type RecoveryChannel = 'email_link' | 'email_code' | 'sms_code' | 'helpdesk_code';

export interface RecoveryRequestsTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  kind: RecoveryKind;
  channel: RecoveryChannel;
  state: ColumnType<InvitationState, InvitationState | undefined, InvitationState>;
  link_hash: Buffer | null;
  code_hash: Buffer | null;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: RequiredTimestamp;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
  issued_by: string | null;
}

export interface OutboxMessagesTable {
  id: Generated<string>;
  organization_id: string | null;
  user_id: string | null;
  invitation_id: string | null;
  channel: 'email' | 'sms';
  kind: string;
  recipient: string;
  subject: string | null;
  text_body: string;
  html_body: string | null;
  redacted_text_body: string | null;
  redacted_html_body: string | null;
  redacted_subject: ColumnType<string | null, string | null | undefined, string | null>;
  state: ColumnType<MessageState, MessageState | undefined, MessageState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_until: NullableTimestamp;
  last_error: string | null;
  transport: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  organization_id: string | null;
  occurred_at: Generated<Date>;
  actor_type: 'user' | 'api_token' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: string | null;
  impersonator_id: string | null;
  impersonator_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  data: Json;
}

export interface SetupTokensTable {
  id: Generated<string>;
  token_hash: Buffer;
  created_at: Generated<Date>;
  expires_at: RequiredTimestamp;
  used_at: NullableTimestamp;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  password_hash: string;
  created_at: Generated<Date>;
}

export type SheetKind = 'temporary_password' | 'invitation_link' | 'invitation_code';

export interface OnboardingSheetsTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  kind: SheetKind;
  secret_hash: Buffer;
  encrypted_secret: Buffer | null;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: RequiredTimestamp;
  viewed_at: NullableTimestamp;
}

export interface LoginThrottlesTable {
  key: string;
  failures: ColumnType<number, number | undefined, number>;
  lockouts: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  principal: string;
  operation: string;
  key: string;
  request_hash: string;
  state: ColumnType<'in_progress' | 'done', 'in_progress' | 'done' | undefined, 'in_progress' | 'done'>;
  response: Buffer | null;
  created_at: RequiredTimestamp;
  expires_at: RequiredTimestamp;
}

export type MfaFactorKind = 'totp' | 'sms' | 'webauthn';
export type MfaDisabledReason = 'replaced' | 'removed' | 'reset' | 'recovery' | 'abandoned';
/** A second-factor method as an amr value. */
export type MfaMethod = 'otp' | 'sms' | 'backup_code';

export interface MfaFactorsTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  kind: MfaFactorKind;
  label: ColumnType<string, string | undefined, string>;
  encrypted_secret: Buffer | null;
  /** pg returns bigint as a string. */
  last_used_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: Generated<Date>;
  confirmed_at: NullableTimestamp;
  disabled_at: NullableTimestamp;
  disabled_reason: ColumnType<MfaDisabledReason | null, MfaDisabledReason | null | undefined, MfaDisabledReason | null>;
  disabled_by: string | null;
  /** Codes tried to confirm an unfinished enrollment, counted before each is compared. */
  confirm_attempts: ColumnType<number, number | undefined, number>;
}

export interface MfaBackupCodesTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  kind: 'set' | 'issued';
  set_id: string;
  code_hash: Buffer;
  issued_by: string | null;
  created_at: Generated<Date>;
  expires_at: NullableTimestamp;
  used_at: NullableTimestamp;
}

export interface MfaSmsCodesTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  login_flow_id: string;
  code_hash: Buffer;
  state: ColumnType<InvitationState, InvitationState | undefined, InvitationState>;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Generated<Date>;
  expires_at: RequiredTimestamp;
  finished_at: NullableTimestamp;
}

export interface MfaUserSettingsTable {
  organization_id: string;
  user_id: string;
  default_method: ColumnType<MfaMethod | null, MfaMethod | null | undefined, MfaMethod | null>;
  enroll_required_at: NullableTimestamp;
  enroll_required_reason: ColumnType<'recovery' | 'reset' | null, 'recovery' | 'reset' | null | undefined, 'recovery' | 'reset' | null>;
  updated_at: Timestamp;
}

export type RecoveryPhoneCodeState = 'pending' | 'accepted' | 'superseded' | 'revoked' | 'exhausted';

/** A user's recovery phone (set by the user only; not users.phone). */
export interface RecoveryPhonesTable {
  organization_id: string;
  user_id: string;
  /** E.164. */
  number: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  consented_at: RequiredTimestamp;
  verified_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type AttributeType = 'string' | 'number' | 'boolean' | 'date';

export interface AttributeDefinitionsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  type: AttributeType;
  required: ColumnType<boolean, boolean | undefined, boolean>;
  inheritable: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface RecoveryPhoneCodesTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  number: string;
  code_hash: Buffer;
  state: ColumnType<RecoveryPhoneCodeState, RecoveryPhoneCodeState | undefined, RecoveryPhoneCodeState>;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: RequiredTimestamp;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
}

export interface PinCodesTable {
  id: Generated<string>;
  organization_id: string;
  holder_id: string;
  pin_hash: Buffer;
  encrypted_pin: Buffer;
  quota: number | null;
  used_count: ColumnType<number, number | undefined, number>;
  expires_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  regenerated_at: Timestamp;
}

export interface PinSignUpsTable {
  organization_id: string;
  user_id: string;
  holder_id: string;
  created_at: Generated<Date>;
}

export type DeliveryChannel = 'email' | 'sms';
export type SmtpTlsMode = 'starttls' | 'tls' | 'none';
/** The non-secret part of an organization's SMTP server. */
export interface SmtpOptions {
  host: string;
  port: number;
  tlsMode: SmtpTlsMode;
  username: string | null;
  from: string;
}
/** The non-secret part of an organization's SMS provider. */
export type SmsOptions = { provider: 'webhook'; url: string } | { provider: 'twilio'; baseUrl: string; accountSid: string; from: string };

export interface OrganizationDeliverySettingsTable {
  organization_id: string;
  channel: DeliveryChannel;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  options: ColumnType<SmtpOptions | SmsOptions, string | SmtpOptions | SmsOptions, string | SmtpOptions | SmsOptions>;
  encrypted_secret: Buffer | null;
  version: ColumnType<number, number | undefined, number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface MessageLayoutsTable {
  organization_id: string;
  name: string;
  locale: string;
  channel: DeliveryChannel;
  subject: string | null;
  html_body: string | null;
  text_body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface MessageLayoutVariablesTable {
  organization_id: string;
  variable: string;
  layout_name: string;
  updated_at: Timestamp;
}

export type SsoMatching = 'email' | 'subject';

export interface OrganizationSsoTable {
  organization_id: string;
  issuer: string;
  client_id: string;
  encrypted_client_secret: Buffer | null;
  display_name: string;
  matching: ColumnType<SsoMatching, SsoMatching | undefined, SsoMatching>;
  jit_creation: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface SsoLinksTable {
  organization_id: string;
  user_id: string;
  issuer: string;
  subject: string;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
}

export type AppIconType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface AppsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  url: string;
  description: string | null;
  icon: Buffer | null;
  icon_type: AppIconType | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface AppAssignmentsTable {
  id: Generated<string>;
  organization_id: string;
  app_id: string;
  user_id: string | null;
  group_id: string | null;
  created_at: Generated<Date>;
}

export interface AppUsesTable {
  organization_id: string;
  app_id: string;
  user_id: string;
  first_used_at: Timestamp;
  last_used_at: Timestamp;
  uses: ColumnType<string, string | number | undefined, string | number>;
}

export type OidcClientType = 'confidential' | 'public';
export type OidcKeyState = 'next' | 'active' | 'retired';

export interface OidcClientsTable {
  app_id: string;
  organization_id: string;
  client_type: OidcClientType;
  redirect_uris: ColumnType<string[], string[] | undefined, string[]>;
  post_logout_redirect_uris: ColumnType<string[], string[] | undefined, string[]>;
  backchannel_logout_uri: string | null;
  first_party: ColumnType<boolean, boolean | undefined, boolean>;
  secret_hash: Buffer | null;
  secret_created_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface OidcModelsTable {
  organization_id: string;
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  session_id: string | null;
  expires_at: NullableTimestamp;
  consumed_at: NullableTimestamp;
}

export interface OidcSigningKeysTable {
  organization_id: string;
  kid: string;
  state: OidcKeyState;
  private_jwk: Buffer;
  created_at: Generated<Date>;
  activated_at: NullableTimestamp;
  retired_at: NullableTimestamp;
}

export type ImportState = 'running' | 'finished' | 'failed';
export type ImportFormat = 'csv' | 'json' | 'ndjson' | 'keycloak';
export type ImportRowOutcome = 'existing' | 'invalid' | 'over_limit';

export interface ImportsTable {
  id: Generated<string>;
  organization_id: string;
  state: ColumnType<ImportState, ImportState | undefined, ImportState>;
  format: ImportFormat;
  dry_run: boolean;
  invite: boolean;
  options: Json;
  created_by: string | null;
  actor_label: string | null;
  bytes_total: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  bytes_read: ColumnType<string, number | string | undefined, number | string>;
  rows_total: ColumnType<number, number | undefined, number>;
  rows_created: ColumnType<number, number | undefined, number>;
  rows_existing: ColumnType<number, number | undefined, number>;
  rows_invalid: ColumnType<number, number | undefined, number>;
  rows_over_limit: ColumnType<number, number | undefined, number>;
  invitations_queued: ColumnType<number, number | undefined, number>;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ImportRowsTable {
  import_id: string;
  organization_id: string;
  row_number: number;
  line: number;
  outcome: ImportRowOutcome;
  username: string | null;
  user_id: string | null;
  problems: Json<{ field: string; reason: string }[]>;
}

export interface ImportNamesTable {
  import_id: string;
  name: string;
  row_number: number;
  line: number;
}

export interface DB {
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  import_names: ImportNamesTable;
  apps: AppsTable;
  app_assignments: AppAssignmentsTable;
  app_uses: AppUsesTable;
  oidc_clients: OidcClientsTable;
  oidc_models: OidcModelsTable;
  oidc_signing_keys: OidcSigningKeysTable;
  attribute_definitions: AttributeDefinitionsTable;
  pin_codes: PinCodesTable;
  pin_sign_ups: PinSignUpsTable;
  organization_delivery_settings: OrganizationDeliverySettingsTable;
  message_layouts: MessageLayoutsTable;
  message_layout_variables: MessageLayoutVariablesTable;
  organization_sso: OrganizationSsoTable;
  sso_links: SsoLinksTable;
  mfa_factors: MfaFactorsTable;
  mfa_backup_codes: MfaBackupCodesTable;
  mfa_sms_codes: MfaSmsCodesTable;
  mfa_user_settings: MfaUserSettingsTable;
  password_history: PasswordHistoryTable;
  onboarding_sheets: OnboardingSheetsTable;
  login_throttles: LoginThrottlesTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  groups: GroupsTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  device_limits: DeviceLimitsTable;
  impersonations: ImpersonationsTable;
  login_flows: LoginFlowsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  outbox_messages: OutboxMessagesTable;
  audit_events: AuditEventsTable;
  setup_tokens: SetupTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  recovery_phones: RecoveryPhonesTable;
  recovery_phone_codes: RecoveryPhoneCodesTable;
  recovery_requests: RecoveryRequestsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type LoginFlowRow = Selectable<LoginFlowsTable>;
export type MfaFactorRow = Selectable<MfaFactorsTable>;
export type MfaBackupCodeRow = Selectable<MfaBackupCodesTable>;
export type MfaUserSettingsRow = Selectable<MfaUserSettingsTable>;
export type RecoveryPhoneRow = Selectable<RecoveryPhonesTable>;
export type RecoveryPhoneCodeRow = Selectable<RecoveryPhoneCodesTable>;
export type AttributeDefinitionRow = Selectable<AttributeDefinitionsTable>;
export type PinCodeRow = Selectable<PinCodesTable>;
export type DeliverySettingsRow = Selectable<OrganizationDeliverySettingsTable>;
export type MessageLayoutRow = Selectable<MessageLayoutsTable>;
export type SsoSettingsRow = Selectable<OrganizationSsoTable>;
export type SsoLinkRow = Selectable<SsoLinksTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type AppRow = Selectable<AppsTable>;
export type ImportRow = Selectable<ImportsTable>;
export type NewImport = Insertable<ImportsTable>;
export type RecoveryRequestRow = Selectable<RecoveryRequestsTable>;

/** A transaction or the pool: what queries run on. */
export type Tx = Transaction<DB> | Kysely<DB>;
