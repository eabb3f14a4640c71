-- PIN-code delegated sign-up and the custom attribute schema it inherits through.
--
-- An administrator gives a user (the holder) a PIN; on the sign-in page the holder creates
-- users in their likeness: the holder's groups, roles and the attributes marked inheritable.
-- See docs/flows/pin-sign-up.md.

create table attribute_definitions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (name ~ '^[A-Za-z][A-Za-z0-9_.-]{0,99}$'),
  type text not null check (type in ('string', 'number', 'boolean', 'date')),
  required boolean not null default false,
  inheritable boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table attribute_definitions is 'The custom attribute schema of an organization: users.attributes is validated against it once the organization defines at least one attribute.';
comment on column attribute_definitions.type is 'JSON type of the value: string, number, boolean, or date (an ISO 8601 calendar date string, YYYY-MM-DD).';
comment on column attribute_definitions.required is 'Admin-created users must carry the attribute; users created by a PIN holder carry only what they inherit.';
comment on column attribute_definitions.inheritable is 'A user created by a PIN holder receives the holder''s value of this attribute.';
create unique index attribute_definitions_org_name on attribute_definitions (organization_id, lower(name));

create table pin_codes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  holder_id uuid not null references users (id) on delete cascade,
  pin_hash bytea not null,
  encrypted_pin bytea not null,
  quota integer check (quota is null or quota >= 1),
  used_count integer not null default 0 check (used_count >= 0),
  expires_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  regenerated_at timestamptz not null default now()
);
comment on table pin_codes is 'Sign-up PINs, one per holder. The PIN is found by its keyed hash (bound to the purpose and the organization) and kept encrypted so an administrator can email it again.';
comment on column pin_codes.quota is 'How many users the PIN may create in all; null = no limit. Each sign-up draws one with a conditional UPDATE, so parallel sign-ups never exceed it.';
comment on column pin_codes.used_count is 'Users created with this holder''s PIN; kept when the PIN is regenerated.';
comment on column pin_codes.expires_at is 'After this instant the PIN is refused; null = never expires.';
create unique index pin_codes_holder on pin_codes (organization_id, holder_id);
create unique index pin_codes_hash on pin_codes (organization_id, pin_hash);

create table pin_sign_ups (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid primary key references users (id) on delete cascade,
  holder_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now()
);
comment on table pin_sign_ups is 'Which holder''s PIN created which user: the holder''s account page and the console list them.';
create index pin_sign_ups_holder on pin_sign_ups (organization_id, holder_id, created_at desc);

-- The users list filters by type: holders are few, so a partial index in list order.
create index users_org_pin_holders on users (organization_id, (lower(username) collate "C"), id) where type = 'pin_holder';
