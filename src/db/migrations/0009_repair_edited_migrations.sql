-- Repair: 0001 and 0002 were edited after they had shipped, and a database keeps what the
-- text it ran said. This brings a database that ran an earlier text to the schema a new
-- install gets; on a database that ran the current texts every step finds nothing to do.
-- (Since then a lock file pins each migration's checksum; changes go in new migrations.)

-- 0001, first text: prefix-search indexes with text_pattern_ops, which serve LIKE 'abc%'
-- but not keyset pagination in the same order; the current ones sort bytewise ("C").
do $$
begin
  if pg_get_indexdef('users_org_username_prefix'::regclass) not like '%COLLATE "C"%' then
    drop index users_org_username_prefix;
    create index users_org_username_prefix on users (organization_id, (lower(username) collate "C"), id);
  end if;
  if pg_get_indexdef('users_org_email_prefix'::regclass) not like '%COLLATE "C"%' then
    drop index users_org_email_prefix;
    create index users_org_email_prefix on users (organization_id, (lower(email) collate "C"), id);
  end if;
end $$;
-- 0001 up to its second text: an index the keyset and status indexes already cover.
drop index if exists users_org_id;

-- 0002, first text: emails not unique within an organization (sign-in accepts an email).
-- Two users sharing one can't be told apart by the migration: it stops and says who.
do $$
declare
  dup record;
begin
  if to_regclass('users_org_email') is null then
    select o.slug, lower(u.email) as email into dup
      from users u join organizations o on o.id = u.organization_id
      where u.email is not null
      group by o.slug, lower(u.email) having count(*) > 1
      order by 1, 2 limit 1;
    if found then
      raise exception 'users of organization % share the email %: give all but one of them another email, then start again', dup.slug, dup.email;
    end if;
    create unique index users_org_email on users (organization_id, lower(email)) where email is not null;
  end if;
end $$;
-- 0002, first text: no masked copies of message bodies.
alter table outbox_messages
  add column if not exists redacted_text_body text,
  add column if not exists redacted_html_body text;

-- 0002, first and second texts: temporary_password_links, since replaced by
-- onboarding_sheets (one table for every printable sheet). Its links stopped opening with
-- that change (their page moved, their secret was encrypted for it) and expire within a
-- day, so they are dropped rather than moved; an admin issues a new temporary password.
drop table if exists temporary_password_links;
create table if not exists onboarding_sheets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('temporary_password', 'invitation_link', 'invitation_code')),
  secret_hash bytea not null unique,
  encrypted_secret bytea,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  viewed_at timestamptz
);
comment on table onboarding_sheets is 'One-time links to a printable sheet with a temporary password, invitation link or code; the secret is encrypted and erased when viewed.';
create index if not exists onboarding_sheets_user on onboarding_sheets (organization_id, user_id);
