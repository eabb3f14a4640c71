-- Organization SSO (SPEC C14): an organization's upstream OpenID Connect provider, and the
-- links between its users and the upstream accounts that sign them in. A table of its own,
-- not the organization's JSON settings, because the client secret is encrypted and must never
-- be returned with the settings.

create table organization_sso (
  organization_id uuid primary key references organizations (id) on delete cascade,
  issuer text not null check (length(issuer) between 8 and 2000),
  client_id text not null check (length(client_id) between 1 and 500),
  encrypted_client_secret bytea,
  display_name text not null check (length(display_name) between 1 and 100),
  matching text not null default 'email' check (matching in ('email', 'subject')),
  jit_creation boolean not null default false,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
comment on table organization_sso is 'The upstream OpenID Connect provider an organization''s users sign in with ("Sign in with <display_name>"); without a row the organization has no SSO and cannot enforce it.';
comment on column organization_sso.encrypted_client_secret is 'The client secret at the upstream, AES-256-GCM encrypted with the server key and bound to the organization; never returned by the API. Null: a public client (PKCE only).';
comment on column organization_sso.matching is 'How an upstream account finds its user: email = the verified email claim, subject = a stored link (sso_links) only.';
comment on column organization_sso.jit_creation is 'Whether an upstream account that matches no user creates one (just-in-time), linked to it.';

create table sso_links (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  issuer text not null,
  subject text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  primary key (organization_id, issuer, subject)
);
create unique index sso_links_user on sso_links (organization_id, user_id, issuer);
comment on table sso_links is 'Which user an upstream account (issuer, sub claim) signs in as: made at the first SSO sign-in (by verified email or just-in-time creation), used by subject matching.';
