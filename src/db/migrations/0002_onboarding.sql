-- Onboarding: one-time codes, forced password changes, password history, temporary
-- password view links and sign-in throttling.

alter table users
  add column password_expires_at timestamptz,
  add column password_change_required text
    check (password_change_required in ('temporary', 'expired', 'admin_reset')),
  add column consent_sms_at timestamptz;
comment on column users.password_expires_at is 'After this instant the password only allows setting a new one (temporary password expiry, max age, admin-set date).';
comment on column users.password_change_required is 'Why the next sign-in must set a new password before anything else; null = no change required.';

create table password_history (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  password_hash text not null,
  created_at timestamptz not null default now()
);
comment on table password_history is 'Earlier password hashes, for the no-reuse rule.';
create index password_history_user on password_history (organization_id, user_id, created_at desc);

-- Invitation codes are short, so their hash can't be unique across all invitations.
alter table invitations drop constraint invitations_secret_hash_key;
create index invitations_secret on invitations (organization_id, secret_hash);
alter table invitations add column reminder_sent_at timestamptz;
-- Too many wrong codes ends an invitation: 'exhausted'.
alter table invitations drop constraint invitations_state_check;
alter table invitations add constraint invitations_state_check
  check (state in ('pending', 'accepted', 'superseded', 'revoked', 'exhausted'));

create table onboarding_sheets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('temporary_password', 'invitation_link', 'invitation_code')),
  secret_hash bytea not null unique,
  encrypted_secret bytea,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  viewed_at timestamptz
);
comment on table onboarding_sheets is 'One-time links to a printable sheet with a temporary password, invitation link or code; the secret is encrypted and erased when viewed.';
create index onboarding_sheets_user on onboarding_sheets (organization_id, user_id);

create table login_throttles (
  key text primary key,
  failures integer not null default 0,
  lockouts integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);
comment on table login_throttles is 'Failed sign-in counters per account and per client address, shared by all nodes.';

-- Sign-in accepts an email, so an email identifies at most one user of an organization.
create unique index users_org_email on users (organization_id, lower(email)) where email is not null;

-- Messages that carry a secret (link, code) keep a copy with the secret masked: shown in
-- the outbox viewer, and swapped in for the real body once a real transport delivered it.
alter table outbox_messages
  add column redacted_text_body text,
  add column redacted_html_body text;
