-- Self-service recovery: the requests made at "Forgot your password?" (and the SMS reset of
-- an authenticator), as one-time secrets of the flow core. See docs/flows/recovery.md.

create table recovery_requests (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('password', 'authenticator')),
  channel text not null check (channel in ('email_link', 'email_code', 'sms_code')),
  state text not null default 'pending' check (state in ('pending', 'accepted', 'superseded', 'revoked', 'exhausted')),
  link_hash bytea unique,
  code_hash bytea,
  attempts integer not null default 0 check (attempts >= 0),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  check (link_hash is not null or code_hash is not null)
);
comment on table recovery_requests is 'Password and authenticator reset requests. Only keyed hashes of the link and code are stored; a newer request of the user supersedes the older one; redeemed once by one conditional UPDATE.';
comment on column recovery_requests.kind is 'What the request resets: the password, or (by SMS) the authenticator.';
comment on column recovery_requests.channel is 'How the secret was delivered: a link by email, a code by email, or a code by SMS to the verified recovery phone.';
comment on column recovery_requests.state is 'pending until redeemed (accepted), replaced by a newer request (superseded), withdrawn (revoked) or ended by wrong codes (exhausted); expiry is computed from expires_at.';
comment on column recovery_requests.link_hash is 'HMAC of the emailed link token (256 bits); null for code-only requests.';
comment on column recovery_requests.code_hash is 'HMAC of the code bound to its purpose and user; null for a link when the organization does not require a code.';
comment on column recovery_requests.attempts is 'Wrong codes typed against this request; at the limit it is exhausted.';
-- At most one live request per user: of two requests issued at the same instant, the second
-- waits for the first and is refused, instead of both staying pending.
create unique index recovery_requests_one_pending on recovery_requests (user_id) where state = 'pending';
create index recovery_requests_org_user on recovery_requests (organization_id, user_id);
