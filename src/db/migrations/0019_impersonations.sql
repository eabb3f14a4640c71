-- Audited impersonation (SPEC C9): an administrator opens a user's account pages as the user,
-- in a separate, time-limited account session. The start link is a one-time secret of the
-- flow core (hashed, single use, expiring in minutes); the session it opens is recorded here,
-- so every request of that session acts with both identities. See docs/flows/impersonation.md.

create table impersonations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  admin_id uuid not null,
  admin_organization_id uuid not null,
  admin_label text not null,
  reason text not null check (length(reason) between 1 and 500),
  ticket text check (length(ticket) between 1 and 100),
  link_hash bytea not null,
  expires_at timestamptz not null,
  link_used_at timestamptz,
  created_at timestamptz not null default now(),
  session_id uuid references sessions (id) on delete set null,
  started_at timestamptz,
  ends_at timestamptz,
  stopped_at timestamptz,
  stopped_by text check (stopped_by in ('admin', 'impersonation', 'expired', 'signed_out')),
  user_notified_at timestamptz
);
comment on table impersonations is 'An administrator acting as a user on the account pages: why, for how long, and how it ended. The session it opened acts with both identities.';
comment on column impersonations.admin_id is 'The administrator who impersonates; no foreign key, so the record outlives the administrator''s account.';
comment on column impersonations.admin_organization_id is 'The administrator''s own organization (a platform admin''s may differ), to check their privilege again when the link is used.';
comment on column impersonations.admin_label is 'That administrator''s name when the impersonation started (shown in the banner and the notice to the user).';
comment on column impersonations.reason is 'Why the administrator acts as the user (required).';
comment on column impersonations.ticket is 'An optional support ticket reference.';
comment on column impersonations.link_hash is 'HMAC-SHA256 (server key) of the one-time start link; the link itself is never stored.';
comment on column impersonations.expires_at is 'When the unused start link stops working (minutes after it was made).';
comment on column impersonations.link_used_at is 'When the start link was used (single use); null while unused.';
comment on column impersonations.session_id is 'The account session the link opened; it acts as the user with the administrator as impersonator.';
comment on column impersonations.started_at is 'When the link was used and the session opened.';
comment on column impersonations.ends_at is 'When the session stops by itself (the organization''s time limit from the start).';
comment on column impersonations.stopped_at is 'When the impersonation ended: stopped, signed out, or its time limit reached (recorded by the sweep).';
comment on column impersonations.stopped_by is 'How it ended: admin (from the console), impersonation (the Stop button on the pages), signed_out, expired.';
comment on column impersonations.user_notified_at is 'When the notice to the user was queued (organization setting impersonation.notifyUser).';
create index impersonations_user on impersonations (organization_id, user_id, created_at desc);
create unique index impersonations_session on impersonations (session_id) where session_id is not null;
create index impersonations_open on impersonations (ends_at) where started_at is not null and stopped_at is null;
create unique index impersonations_link on impersonations (link_hash);
