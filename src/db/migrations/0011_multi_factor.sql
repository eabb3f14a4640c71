-- Multi-factor authentication: the authenticators bound to an account, backup codes, SMS
-- sign-in codes, and each account's second-factor choices. See docs/flows/mfa.md.
--
-- NIST SP 800-63B-4 asks for a record of every authenticator ever bound: a factor is never
-- deleted when it is removed or reset, only disabled, with when, why and by whom.

create table mfa_factors (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('totp', 'sms', 'webauthn')),
  label text not null default '',
  encrypted_secret bytea,
  last_used_step bigint,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  disabled_at timestamptz,
  disabled_reason text check (disabled_reason in ('replaced', 'removed', 'reset', 'recovery', 'abandoned')),
  disabled_by uuid,
  check ((disabled_at is null) = (disabled_reason is null)),
  check (kind <> 'totp' or encrypted_secret is not null)
);
comment on table mfa_factors is 'Every authenticator ever bound to an account (NIST SP 800-63B-4 record): removed or reset factors are disabled, never deleted. A passkey (webauthn) is one more kind with its own columns added beside these.';
comment on column mfa_factors.kind is 'totp: an authenticator app (RFC 6238); sms: codes to the verified recovery phone (a restricted authenticator); webauthn: reserved for passkeys.';
comment on column mfa_factors.label is 'A name the person gave the authenticator, shown to them and to administrators.';
comment on column mfa_factors.encrypted_secret is 'The TOTP key, AES-256-GCM with a key derived from the server secret (src/lib/crypto.ts, purpose mfa-totp). Never shown after enrollment.';
comment on column mfa_factors.last_used_step is 'The TOTP time step (unix time / 30 s) last accepted: a code of this step or an earlier one is refused, so a code works once. Advanced by one conditional UPDATE.';
comment on column mfa_factors.confirmed_at is 'When the first valid code confirmed the enrollment; null while enrollment is unfinished (such a factor is never asked for).';
comment on column mfa_factors.disabled_at is 'When the factor stopped working; null while it is active.';
comment on column mfa_factors.disabled_reason is 'Why: replaced (a new authenticator app), removed (by the person), reset (an administrator reset MFA), recovery (authenticator reset by SMS), abandoned (an unfinished enrollment superseded).';
comment on column mfa_factors.disabled_by is 'The user or API token that disabled it (no foreign key: the actor may be gone); null for the system.';
create index mfa_factors_user on mfa_factors (organization_id, user_id);
-- At most one active authenticator app per account: enrolling a new one replaces the old.
create unique index mfa_factors_one_active on mfa_factors (organization_id, user_id, kind) where disabled_at is null and confirmed_at is not null;

create table mfa_backup_codes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('set', 'issued')),
  set_id uuid not null,
  code_hash bytea not null,
  issued_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  used_at timestamptz
);
comment on table mfa_backup_codes is 'Single-use backup codes, stored as keyed hashes bound to the user (src/flows/). Redeemed by one conditional UPDATE, so of parallel uses of one code exactly one wins.';
comment on column mfa_backup_codes.kind is 'set: one of the codes the person generated (regenerating ends the previous set); issued: one code an administrator made for a person locked out of their factor.';
comment on column mfa_backup_codes.set_id is 'The generation the code belongs to: all codes of one set are made, shown and ended together.';
comment on column mfa_backup_codes.issued_by is 'The administrator who issued the code (kind issued); null for codes the person generated.';
comment on column mfa_backup_codes.expires_at is 'Issued codes live a short while; a set code never expires (null), but a newer set or an MFA reset ends it (expires_at = now).';
comment on column mfa_backup_codes.used_at is 'When the code was redeemed; a code works once.';
create index mfa_backup_codes_user on mfa_backup_codes (organization_id, user_id, kind) where used_at is null;
create unique index mfa_backup_codes_hash on mfa_backup_codes (code_hash);

create table mfa_sms_codes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  login_flow_id uuid not null references login_flows (id) on delete cascade,
  code_hash bytea not null,
  state text not null default 'pending' check (state in ('pending', 'accepted', 'superseded', 'revoked', 'exhausted')),
  attempts integer not null default 0 check (attempts >= 0),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  finished_at timestamptz
);
comment on table mfa_sms_codes is 'Sign-in codes sent by SMS to the verified recovery phone as a second factor: hashed and bound to the sign-in flow, single use, expiring, attempt-limited; a newer code supersedes the older (src/flows/).';
comment on column mfa_sms_codes.login_flow_id is 'The paused sign-in the code was sent for: it works in that sign-in only.';
comment on column mfa_sms_codes.attempts is 'Wrong codes typed against this code; exhausted at the limit.';
create index mfa_sms_codes_user on mfa_sms_codes (organization_id, user_id) where state = 'pending';

create table mfa_user_settings (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  default_method text check (default_method in ('otp', 'sms', 'backup_code')),
  enroll_required_at timestamptz,
  enroll_required_reason text check (enroll_required_reason in ('recovery', 'reset')),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id),
  check ((enroll_required_at is null) = (enroll_required_reason is null))
);
comment on table mfa_user_settings is 'An account''s second-factor choices; no row means the defaults (no preferred method, nothing to enroll).';
comment on column mfa_user_settings.default_method is 'The second factor offered first at sign-in (amr value); the others are offered as alternatives. Null: the strongest the account has.';
comment on column mfa_user_settings.enroll_required_at is 'Set when the next sign-in must enroll a new authenticator app before anything else (required action enroll_authenticator), whatever the organization policy; cleared by that enrollment.';
comment on column mfa_user_settings.enroll_required_reason is 'recovery: the authenticator was reset by SMS; reset: an administrator reset MFA.';
