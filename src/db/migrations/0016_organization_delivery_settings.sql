-- Per-organization delivery settings (SPEC C10, C12): an organization's own SMTP server or
-- SMS provider, used instead of the global ones for its messages. A table of its own, not
-- the organization's JSON settings, because the passwords and tokens are encrypted and must
-- never be returned with the settings.

create table organization_delivery_settings (
  organization_id uuid not null references organizations (id) on delete cascade,
  channel text not null check (channel in ('email', 'sms')),
  enabled boolean not null default true,
  options jsonb not null,
  encrypted_secret bytea,
  version integer not null default 1,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, channel)
);
comment on table organization_delivery_settings is 'An organization''s own SMTP server (channel email) or SMS provider (channel sms); without a row, or with enabled off, its messages leave through the global transport.';
comment on column organization_delivery_settings.options is 'What is not secret: email {host, port, tlsMode, username, from}; sms {provider, url | baseUrl, accountSid, from}.';
comment on column organization_delivery_settings.encrypted_secret is 'SMTP password, webhook signing secret or Twilio auth token, AES-256-GCM encrypted with the server key; never returned by the API.';
comment on column organization_delivery_settings.version is 'Raised on every change: workers rebuild (and close) a pooled transport whose version is behind.';
