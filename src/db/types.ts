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
  password_history: PasswordHistoryTable;
  onboarding_sheets: OnboardingSheetsTable;
  login_throttles: LoginThrottlesTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  groups: GroupsTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  login_flows: LoginFlowsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  outbox_messages: OutboxMessagesTable;
  audit_events: AuditEventsTable;
  setup_tokens: SetupTokensTable;
  idempotency_keys: IdempotencyKeysTable;
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
export type ImportRow = Selectable<ImportsTable>;
export type NewImport = Insertable<ImportsTable>;

/** A transaction or the pool: what queries run on. */
export type Tx = Transaction<DB> | Kysely<DB>;
