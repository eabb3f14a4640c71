-- The users list at 1,000,000 users: the status, onboarding-stage and group filters in the
-- creation and last-sign-in orders too, and a search in those orders.
--
-- A filter whose users sit together at one end of an order (pending users have never signed
-- in, so in last-sign-in order they are all at the bottom; invited users are the newest)
-- walked the whole sort index before finding a page: `stage=queued` in last-sign-in order
-- took 1.5 s (76 times the 20 ms limit). With the filter's column first, a page is one range
-- in the list's order, whatever the order does with those users.
drop index users_org_status;
create index users_org_status_created on users (organization_id, status, created_at, id);
create index users_org_status_last_login on users (organization_id, status, (coalesce(last_login_at, 'epoch'::timestamptz)), id);
-- The expiry as the last key column, as in users_org_onboarding: checked before the row is read.
create index users_org_onboarding_created on users (organization_id, onboarding_stage, created_at, id, onboarding_expires_at);
create index users_org_onboarding_last_login on users (organization_id, onboarding_stage, (coalesce(last_login_at, 'epoch'::timestamptz)), id, onboarding_expires_at);

-- A search in another order than the username collects its matches from the prefix ranges
-- and sorts them. These columns let it do so from the index alone (an index-only scan needs
-- every column the query names: the username and email under lower(), and the sort keys),
-- 0.2 µs a match instead of a row read each.
drop index users_org_username_prefix;
create index users_org_username_prefix on users (organization_id, (lower(username) collate "C"), id) include (username, email, created_at, last_login_at);
drop index users_org_email_prefix;
create index users_org_email_prefix on users (organization_id, (lower(email) collate "C"), id) include (username, email, created_at, last_login_at);

-- A group in last-sign-in order: the membership carries the member's last sign-in as it does
-- the username and creation time (migration 0024), so a page is one range of the group's
-- memberships. Probing each user's membership along the last-sign-in index read 50 users per
-- member of a 2 % group (1.3 times the limit). The price is one update per membership at a
-- sign-in, which already rewrites the user row.
alter table user_groups add column last_login_key timestamptz not null default 'epoch';
comment on column user_groups.last_login_key is 'coalesce(last_login_at, epoch) of the member, the users list''s last-sign-in key; kept by triggers (migrations 0024, 0029).';
update user_groups g set last_login_key = coalesce(u.last_login_at, 'epoch'::timestamptz) from users u where u.id = g.user_id and u.last_login_at is not null;
create or replace function user_groups_username_key() returns trigger
language plpgsql as $$
begin
  select lower(u.username), u.created_at, coalesce(u.last_login_at, 'epoch'::timestamptz)
    into new.username_key, new.created_key, new.last_login_key
    from users u where u.id = new.user_id;
  return new;
end
$$;
create function users_last_login_to_groups() returns trigger
language plpgsql as $$
begin
  update user_groups set last_login_key = coalesce(new.last_login_at, 'epoch'::timestamptz) where user_id = new.id;
  return null;
end
$$;
create trigger users_last_login_to_groups after update of last_login_at on users
  for each row when (old.last_login_at is distinct from new.last_login_at) execute function users_last_login_to_groups();
create index user_groups_group_last_login on user_groups (organization_id, group_id, last_login_key, user_id);
