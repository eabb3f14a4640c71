-- The OpenID Connect provider (one issuer per organization, src/features/oidc/): the client
-- settings of registered apps, the provider's stored models, and the organizations' signing
-- keys. Every node reads and writes these, so any node can continue what another started.

create table oidc_clients (
  app_id uuid primary key references apps (id) on delete cascade,
  organization_id uuid not null references organizations (id) on delete cascade,
  client_type text not null check (client_type in ('confidential', 'public')),
  redirect_uris text[] not null default '{}',
  post_logout_redirect_uris text[] not null default '{}',
  backchannel_logout_uri text,
  first_party boolean not null default true,
  secret_hash bytea,
  secret_created_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint oidc_clients_secret check (client_type = 'public' or secret_hash is not null)
);
comment on table oidc_clients is 'An app of the registry that signs people in through the organization''s OpenID Connect issuer; its client id is the app id.';
comment on column oidc_clients.client_type is 'confidential: authenticates with its secret at the token endpoint; public: no secret, PKCE (S256) required.';
comment on column oidc_clients.first_party is 'The organization''s own app: people are not asked to consent to what it reads.';
comment on column oidc_clients.secret_hash is 'HMAC-SHA256 (server key) of the client secret; the secret itself is shown once and never stored.';
create index oidc_clients_org on oidc_clients (organization_id);

create table oidc_models (
  organization_id uuid not null references organizations (id) on delete cascade,
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  uid text,
  user_code text,
  session_id uuid references sessions (id) on delete set null,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (organization_id, model, id)
);
comment on table oidc_models is 'What the OpenID Connect provider stores (sessions, interactions, grants, authorization codes, access and refresh tokens), keyed by organization, model name and id.';
comment on column oidc_models.grant_id is 'The grant a token belongs to: revoking the grant deletes its tokens.';
comment on column oidc_models.session_id is 'For a grant: the Latchkey sign-in session it was last given under; a revoked session can''t refresh.';
comment on column oidc_models.expires_at is 'After this the row is never returned and cleanup deletes it.';
create index oidc_models_grant on oidc_models (organization_id, grant_id) where grant_id is not null;
create index oidc_models_uid on oidc_models (organization_id, uid) where uid is not null;
create index oidc_models_user_code on oidc_models (organization_id, user_code) where user_code is not null;
create index oidc_models_expires on oidc_models (expires_at) where expires_at is not null;

create table oidc_signing_keys (
  organization_id uuid not null references organizations (id) on delete cascade,
  kid text not null,
  state text not null check (state in ('next', 'active', 'retired')),
  private_jwk bytea not null,
  created_at timestamptz not null default now(),
  activated_at timestamptz,
  retired_at timestamptz,
  primary key (organization_id, kid)
);
comment on table oidc_signing_keys is 'Token signing keys of an organization''s issuer. next: published, not yet used; active: signs; retired: published for verification until dropped.';
comment on column oidc_signing_keys.private_jwk is 'The private key as a JWK, AES-256-GCM encrypted with the server key.';
create unique index oidc_signing_keys_one_active on oidc_signing_keys (organization_id) where state = 'active';
