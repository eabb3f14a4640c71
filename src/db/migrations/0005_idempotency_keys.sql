-- Idempotency keys for creating API calls (SPEC C13): a retried request with the same key
-- gets the first answer instead of creating a second user, invitation, password or token.

create table idempotency_keys (
  organization_id uuid not null references organizations (id) on delete cascade,
  principal text not null,
  operation text not null,
  key text not null,
  request_hash text not null,
  state text not null default 'in_progress' check (state in ('in_progress', 'done')),
  response bytea,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (organization_id, principal, operation, key)
);
comment on table idempotency_keys is 'One row per Idempotency-Key a principal used for an operation in an organization; the first answer, kept until expires_at.';
comment on column idempotency_keys.principal is 'Who sent the key (api_token:<id>, user:<id>): keys of different callers never meet.';
comment on column idempotency_keys.operation is 'Method and route pattern, e.g. POST /api/v1/organizations/:org/users.';
comment on column idempotency_keys.request_hash is 'HMAC-SHA256 (server key) of the path parameters, query and body: the same key with another request is refused.';
comment on column idempotency_keys.response is 'Status, content type and body of the first answer, AES-256-GCM encrypted with the server key (answers can hold tokens and temporary passwords).';
create index idempotency_keys_expiry on idempotency_keys (expires_at);
