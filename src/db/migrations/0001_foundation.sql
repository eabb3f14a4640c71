-- Foundation: organizations, users, groups, admin access, invitations, outbox, audit.
-- Every tenant-owned table carries organization_id and every query names it.

create table organizations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null check (length(name) between 1 and 200),
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table organizations is 'Tenants. settings holds only the values an admin changed; defaults live in code.';

create table users (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  username text not null,
  email text,
  phone text,
  first_name text,
  last_name text,
  attributes jsonb not null default '{}'::jsonb,
  roles text[] not null default '{}',
  privilege text not null default 'user' check (privilege in ('platform_admin', 'org_admin', 'helpdesk', 'user')),
  type text not null default 'standard' check (type in ('standard', 'pin_holder')),
  status text not null default 'pending' check (status in ('pending', 'active', 'locked', 'disabled')),
  password_hash text,
  password_changed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz
);
comment on table users is 'People of an organization. status pending = never set a password.';
create unique index users_org_username on users (organization_id, lower(username));
-- Byte-order ("C") keys serve both prefix search (LIKE 'abc%' as a range) and keyset
-- pagination in the same order, whatever the database's collation.
create index users_org_username_prefix on users (organization_id, (lower(username) collate "C"), id);
create index users_org_email_prefix on users (organization_id, (lower(email) collate "C"), id);
create index users_org_status on users (organization_id, status, id);

create table groups (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
create unique index groups_org_name on groups (organization_id, lower(name));

create table user_groups (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  group_id uuid not null references groups (id) on delete cascade,
  primary key (user_id, group_id)
);
create index user_groups_group on user_groups (organization_id, group_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('console', 'account')),
  token_hash bytea not null unique,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
comment on table sessions is 'Browser sessions. Only a hash of the cookie value is stored.';
create index sessions_user on sessions (organization_id, user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  privilege text not null check (privilege in ('platform_admin', 'org_admin', 'helpdesk')),
  token_hash bytea not null unique,
  prefix text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
comment on table api_tokens is 'Bearer tokens for the admin API, shown once and stored as a hash.';
create index api_tokens_org on api_tokens (organization_id, created_at);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  method text not null check (method in ('email_link', 'email_otp', 'sms_otp')),
  state text not null default 'pending' check (state in ('pending', 'accepted', 'superseded', 'revoked')),
  secret_hash bytea not null unique,
  attempts integer not null default 0,
  expires_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  opened_at timestamptz,
  finished_at timestamptz
);
comment on table invitations is 'Invitation flows (state machine). expires_at null = never expires. Expiry is computed, not a state.';
create unique index invitations_one_pending on invitations (user_id) where state = 'pending';
create index invitations_org_state on invitations (organization_id, state, created_at);

create table outbox_messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  invitation_id uuid references invitations (id) on delete set null,
  channel text not null check (channel in ('email', 'sms')),
  kind text not null,
  recipient text not null,
  subject text,
  text_body text not null,
  html_body text,
  state text not null default 'queued' check (state in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  transport text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
comment on table outbox_messages is 'Transactional outbox: written with the action that caused it, delivered by the worker.';
create index outbox_due on outbox_messages (next_attempt_at) where state in ('queued', 'sending');
create index outbox_org on outbox_messages (organization_id, created_at desc);
create index outbox_invitation on outbox_messages (invitation_id);

create table audit_events (
  id bigint generated always as identity primary key,
  organization_id uuid references organizations (id),
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'anonymous')),
  actor_id uuid,
  actor_label text,
  impersonator_id uuid,
  action text not null,
  target_type text,
  target_id uuid,
  ip text,
  user_agent text,
  data jsonb not null default '{}'::jsonb
);
comment on table audit_events is 'Append-only security log.';
create index audit_org_time on audit_events (organization_id, id desc);
create index audit_org_action on audit_events (organization_id, action, id desc);
create index audit_org_target on audit_events (organization_id, target_id, id desc);

-- The log is append-only: updates and deletes are refused by the database itself.
create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end $$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();

create table setup_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
comment on table setup_tokens is 'One-time links that bootstrap the first platform admin.';
