-- Devices: the browsers and clients a user signs in from, remembered by a long-lived signed
-- cookie, and the device limit per user (SPEC C9). Sessions name the device they were opened
-- on, so forgetting a device signs it out. See README "Devices and device limits".

create table devices (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  key_hash bytea not null,
  name text not null check (length(name) between 1 and 200),
  user_agent text,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  last_ip text,
  forgotten_at timestamptz
);
comment on table devices is 'Browsers and clients a user signed in from. The browser keeps a signed random identifier in a cookie; only its keyed hash is stored.';
comment on column devices.key_hash is 'HMAC-SHA256 (server key) of the device identifier in the browser''s cookie: a leaked table names no cookie.';
comment on column devices.name is 'What the device is, read from its user agent (e.g. "Firefox on Linux").';
comment on column devices.first_seen_at is 'The sign-in that registered the device.';
comment on column devices.last_seen_at is 'The latest sign-in from the device.';
comment on column devices.last_ip is 'Client address of the latest sign-in from the device.';
comment on column devices.forgotten_at is 'When the user or an administrator forgot the device: it no longer counts toward the device limit, and a sign-in from it registers it again as a new device.';
create unique index devices_key on devices (organization_id, user_id, key_hash) where forgotten_at is null;
create index devices_user on devices (organization_id, user_id);

create table device_limits (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  device_limit integer not null check (device_limit between 1 and 1000),
  updated_at timestamptz not null,
  primary key (organization_id, user_id)
);
comment on table device_limits is 'A user''s own device limit; without a row the organization default (settings devices.defaultLimit) applies.';
comment on column device_limits.device_limit is 'How many remembered devices the user may sign in from; a sign-in from a new device beyond it is refused.';

alter table sessions add column device_id uuid references devices (id) on delete set null;
comment on column sessions.device_id is 'The device the session was opened on; forgetting the device ends the session.';
create index sessions_device on sessions (device_id) where device_id is not null;
