-- The recovery phone (SPEC C6): a number the user adds and proves themselves, the only number
-- recovery and second-factor SMS ever go to. It is not users.phone, the profile field an
-- administrator edits (used to send SMS invitations): an administrator can see and remove a
-- recovery phone, never set one.

create table recovery_phones (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  number text not null check (number ~ '^\+[1-9][0-9]{6,14}$'),
  country text not null check (country ~ '^[A-Z]{2}$'),
  consented_at timestamptz not null,
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
comment on table recovery_phones is 'One recovery phone per user, set by the user only. Unverified until the user types the code sent to it; only a verified number receives recovery or second-factor SMS.';
comment on column recovery_phones.number is 'E.164, validated for the country with libphonenumber-js.';
comment on column recovery_phones.country is 'ISO 3166-1 alpha-2 region the user picked the number for.';
comment on column recovery_phones.consented_at is 'When the user agreed to receive security codes by SMS at this number (messages and carrier rates may apply).';
comment on column recovery_phones.verified_at is 'When the user proved the number with a code sent to it; null = unverified. A new number starts unverified.';
create unique index recovery_phones_user on recovery_phones (user_id);

create table recovery_phone_codes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  number text not null,
  code_hash bytea not null,
  state text not null default 'pending' check (state in ('pending', 'accepted', 'superseded', 'revoked', 'exhausted')),
  attempts integer not null default 0 check (attempts >= 0),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
comment on table recovery_phone_codes is 'Codes that prove a recovery phone (one-time secrets of the flow core): keyed hash bound to purpose phone-verify and the user, single use, attempt-limited; a newer code supersedes the older.';
comment on column recovery_phone_codes.number is 'The number the code was sent to: it proves that number only, so a code sent before a change of number verifies nothing.';
comment on column recovery_phone_codes.code_hash is 'HMAC (server key) of phone-verify:<user id>:<code>.';
comment on column recovery_phone_codes.attempts is 'Wrong codes typed; the code is exhausted at the limit.';
create unique index recovery_phone_codes_one_pending on recovery_phone_codes (user_id) where state = 'pending';
create index recovery_phone_codes_org_user on recovery_phone_codes (organization_id, user_id);
