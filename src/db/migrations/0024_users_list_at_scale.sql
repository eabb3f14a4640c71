-- The users list at 1,000,000 users: every filter an index range in the list's order.

-- Onboarding stage on the user row. The stage was computed per listed user from the latest
-- invitation and its latest message, so no index held it (1.3–60 times the 20 ms limit at
-- 1,000,000 users). The row now carries the stage of the user's latest invitation with the
-- expiry left out (a pending invitation stays at its delivery stage: opened, failed,
-- delivered, queued) and, while that invitation is pending, when it expires; expiry is time
-- and is compared at query time (src/flows/stages.ts storedStageSql), so an invitation that
-- expires without any write still filters as expired.
alter table users add column onboarding_stage text;
alter table users add column onboarding_expires_at timestamptz;
comment on column users.onboarding_stage is 'Stage of the latest invitation without expiry (src/flows/stages.ts STAGES); null = never invited. Kept by the triggers of migration 0024.';
comment on column users.onboarding_expires_at is 'While the latest invitation is pending: when it expires (infinity = never); else null. Kept by the triggers of migration 0024.';

-- The rows of STAGES (src/flows/stages.ts) in the same order, without the expiry row; a test
-- compares this function with stageOf for every state, opened and delivery combination.
create function onboarding_stage_of(state text, opened_at timestamptz, delivery text) returns text
language sql immutable parallel safe as $$
  select case
    when state = 'accepted' then 'activated'
    when state = 'revoked' then 'revoked'
    when state = 'superseded' then 'superseded'
    when state = 'exhausted' then 'exhausted'
    when opened_at is not null then 'opened'
    when delivery = 'failed' then 'failed'
    when delivery = 'sent' then 'delivered'
    else 'queued'
  end
$$;

-- Recomputes the stored stage of these users from their latest invitation and its latest
-- message (the same rows the onboarding list reads); writes only rows whose stage changed.
create function users_onboarding_refresh(orgs uuid[], ids uuid[]) returns void
language sql as $$
  update users u
     set onboarding_stage = l.stage, onboarding_expires_at = l.expires_at
    from unnest(orgs, ids) as t (organization_id, user_id)
    left join lateral (
      select onboarding_stage_of(i.state, i.opened_at, m.state) as stage,
             case when i.state = 'pending' then coalesce(i.expires_at, 'infinity'::timestamptz) end as expires_at
        from (select x.id, x.state, x.opened_at, x.expires_at from invitations x
               where x.organization_id = t.organization_id and x.user_id = t.user_id
               order by x.created_at desc limit 1) i
        left join lateral (select o.state from outbox_messages o where o.invitation_id = i.id order by o.created_at desc limit 1) m on true
    ) l on true
   where u.organization_id = t.organization_id and u.id = t.user_id
     and (u.onboarding_stage, u.onboarding_expires_at) is distinct from (l.stage, l.expires_at)
$$;

-- Triggers, not the services, keep the column: every writer of invitations and of their
-- messages (the invitations and import services, the sign-in and PIN flows, the outbox
-- worker marking a message sent or failed, a direct SQL repair) moves the stage in its own
-- transaction without having to remember it, and no path can leave it behind. Statement
-- triggers over the transition table: a batch of 1,000 invitations is one update, not 1,000.
create function invitations_onboarding_changed() returns trigger
language plpgsql as $$
begin
  perform users_onboarding_refresh(array_agg(c.organization_id), array_agg(c.user_id))
     from (select distinct organization_id, user_id from changed) c;
  return null;
end
$$;
-- An inserted invitation is its user's latest unless one was created after it, and has no
-- message yet: its stage comes from its own row, without reading others (an import inserts
-- 1,000 at a time; the general refresh read four indexes per user, about 30 µs each).
create function invitations_onboarding_inserted() returns trigger
language plpgsql as $$
begin
  update users u
     set onboarding_stage = n.stage, onboarding_expires_at = n.expires_at
    from (select distinct on (c.user_id) c.organization_id, c.user_id, c.created_at,
                 onboarding_stage_of(c.state, c.opened_at, null) as stage,
                 case when c.state = 'pending' then coalesce(c.expires_at, 'infinity'::timestamptz) end as expires_at
            from changed c order by c.user_id, c.created_at desc) n
   where u.id = n.user_id and u.organization_id = n.organization_id
     and (u.onboarding_stage, u.onboarding_expires_at) is distinct from (n.stage, n.expires_at)
     and not exists (select 1 from invitations x where x.organization_id = n.organization_id and x.user_id = n.user_id and x.created_at > n.created_at);
  return null;
end
$$;
create trigger invitations_onboarding_insert after insert on invitations
  referencing new table as changed for each statement execute function invitations_onboarding_inserted();
create trigger invitations_onboarding_update after update on invitations
  referencing new table as changed for each statement execute function invitations_onboarding_changed();
create trigger invitations_onboarding_delete after delete on invitations
  referencing old table as changed for each statement execute function invitations_onboarding_changed();

create function outbox_onboarding_changed() returns trigger
language plpgsql as $$
begin
  perform users_onboarding_refresh(array_agg(c.organization_id), array_agg(c.user_id))
     from (select distinct i.organization_id, i.user_id from changed m join invitations i on i.id = m.invitation_id
            where m.invitation_id is not null) c;
  return null;
end
$$;
-- An inserted message is its invitation's latest: the stage moves only if that invitation is
-- its user's latest and the stage differs (an import's queued messages change nothing).
create function outbox_onboarding_inserted() returns trigger
language plpgsql as $$
begin
  update users u
     set onboarding_stage = n.stage
    from (select distinct on (i.user_id) i.organization_id, i.user_id, i.created_at,
                 onboarding_stage_of(i.state, i.opened_at, c.state) as stage
            from changed c join invitations i on i.id = c.invitation_id
           where c.invitation_id is not null
           order by i.user_id, i.created_at desc, c.created_at desc) n
   where u.id = n.user_id and u.organization_id = n.organization_id
     and u.onboarding_stage is distinct from n.stage
     and not exists (select 1 from invitations x where x.organization_id = n.organization_id and x.user_id = n.user_id and x.created_at > n.created_at);
  return null;
end
$$;
create trigger outbox_onboarding_insert after insert on outbox_messages
  referencing new table as changed for each statement execute function outbox_onboarding_inserted();
create trigger outbox_onboarding_update after update on outbox_messages
  referencing new table as changed for each statement execute function outbox_onboarding_changed();

-- Backfill from the invitations that exist.
update users u
   set onboarding_stage = l.stage, onboarding_expires_at = l.expires_at
  from (select distinct on (i.organization_id, i.user_id) i.organization_id, i.user_id,
               onboarding_stage_of(i.state, i.opened_at, m.state) as stage,
               case when i.state = 'pending' then coalesce(i.expires_at, 'infinity'::timestamptz) end as expires_at
          from invitations i
          left join lateral (select o.state from outbox_messages o where o.invitation_id = i.id order by o.created_at desc limit 1) m on true
         order by i.organization_id, i.user_id, i.created_at desc) l
 where u.organization_id = l.organization_id and u.id = l.user_id;

-- A stage filter in username order: one range per stage (null = not invited); the expiry as
-- the last key column is checked in the index, before the row is read.
create index users_org_onboarding on users (organization_id, onboarding_stage, (lower(username) collate "C"), id, onboarding_expires_at);
-- "Expired": users whose latest invitation is pending, in username order, expiry in the key.
create index users_org_onboarding_pending on users (organization_id, (lower(username) collate "C"), id, onboarding_expires_at)
  where onboarding_expires_at is not null;

-- Group filter in username order. Walking the username index and probing each user's
-- membership read 50 users per match for a 2 % group (1.9–2.5 times the limit); the
-- membership row now carries the member's sort key, so the page is one range of
-- (organization_id, group_id, username) and then one user row per listed member. The key
-- is the trigger's: set from the user on insert, followed on a username change.
-- (The default only lets inserts leave it out: the insert trigger always sets it.)
alter table user_groups add column username_key text collate "C" not null default '';
comment on column user_groups.username_key is 'lower(username) of the member, the users list''s sort key; kept by triggers (migration 0024).';
-- The same for the creation order (a user's creation time never changes).
alter table user_groups add column created_key timestamptz not null default '-infinity';
comment on column user_groups.created_key is 'created_at of the member, the users list''s creation-order key; set by a trigger (migration 0024).';
update user_groups g set username_key = lower(u.username), created_key = u.created_at from users u where u.id = g.user_id;

create function user_groups_username_key() returns trigger
language plpgsql as $$
begin
  select lower(u.username), u.created_at into new.username_key, new.created_key from users u where u.id = new.user_id;
  return new;
end
$$;
create trigger user_groups_username_key before insert or update of user_id on user_groups
  for each row execute function user_groups_username_key();

create function users_username_to_groups() returns trigger
language plpgsql as $$
begin
  update user_groups set username_key = lower(new.username) where user_id = new.id;
  return null;
end
$$;
create trigger users_username_to_groups after update of username on users
  for each row when (lower(old.username) is distinct from lower(new.username)) execute function users_username_to_groups();

-- Replaces user_groups_group (organization_id, group_id), of which it is an extension.
drop index user_groups_group;
create index user_groups_group_username on user_groups (organization_id, group_id, username_key, user_id);
create index user_groups_group_created on user_groups (organization_id, group_id, created_key, user_id);

-- Bulk import speed: an invitation message (text, HTML and their redacted copies, about 4 KB)
-- is over the 2 KB row threshold, so PostgreSQL compresses its bodies on insert; lz4 costs a
-- fraction of the default pglz's CPU. Only where the server was built with lz4 (new values
-- only; existing ones stay as they are and read the same).
do $$
begin
  if 'lz4' = any ((select enumvals from pg_settings where name = 'default_toast_compression')::text[]) then
    alter table outbox_messages
      alter column text_body set compression lz4,
      alter column html_body set compression lz4,
      alter column redacted_text_body set compression lz4,
      alter column redacted_html_body set compression lz4;
  end if;
end
$$;
