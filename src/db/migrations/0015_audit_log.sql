-- The audit log as people search it: by actor, impersonator, target, action (exact or a
-- prefix such as "login."), time range; newest first; and append-only for everyone.
--
-- Append-only: UPDATE is refused for every row, TRUNCATE for the table, DELETE for every
-- row except through audit_events_purge(before), the one door a retention job uses. The
-- record outlives what it describes: actor_id, impersonator_id and target_id carry no
-- foreign key (a deleted user's events stay, with the name they had in actor_label and
-- data), and from here on neither does organization_id, so deleting an organization keeps
-- its trail instead of being refused by it (a cascade would be refused by the trigger).

-- The impersonating administrator's name, kept like actor_label: readable after the account is gone.
alter table audit_events add column impersonator_label text;

alter table audit_events drop constraint audit_events_organization_id_fkey;

comment on column audit_events.organization_id is 'The organization the event belongs to; null for platform events. No foreign key: the trail outlives a deleted organization.';
comment on column audit_events.occurred_at is 'When the action was committed (the start of its transaction).';
comment on column audit_events.actor_type is 'Who acted: a user (console session or end user), an API token, the system, or an anonymous caller (failed sign-ins).';
comment on column audit_events.actor_id is 'The user or API token that acted. No foreign key: the record outlives the account.';
comment on column audit_events.actor_label is 'The actor''s name when the event happened.';
comment on column audit_events.impersonator_id is 'The administrator acting as actor_id during an impersonation; null otherwise.';
comment on column audit_events.impersonator_label is 'That administrator''s name when the event happened.';
comment on column audit_events.action is 'What happened, noun.verb (user.created, login.failed); filters match it exactly or by the prefix before a dot.';
comment on column audit_events.target_id is 'What the action was done to (a user, group, token). No foreign key: the record outlives it.';
comment on column audit_events.data is 'Details of the event; never a secret.';

-- Indexes. Every list reads newest first, by (occurred_at desc, id desc), within one
-- organization and stops after a page. Each filter gets an index that yields its matches
-- in that order with the time range as part of the same range scan, so a page, with or
-- without a time window, is the first rows of one index range whatever the size of the
-- log. (Sorting by id alone, as 0001 did, leaves a time window to a filter over id order:
-- at 1,000,000 events a day a few months back read half the table.) The keys of 0001 end
-- in id only and are replaced. Building them holds writes to audit_events (and so every
-- audited action) until done: 15 s per million events on a busy 2-core machine; upgrade a large
-- installation in a quiet hour.
drop index audit_org_time;
drop index audit_org_action;
drop index audit_org_target;
create index audit_org_recent on audit_events (organization_id, occurred_at desc, id desc);
-- Action, exact and prefix: byte-order ("C") keys, so an exact action is an ordered range
-- and a prefix ("login.%") one index range too (LIKE as a range needs C ordering: under a
-- natural-language collation the planner can't use the index for it).
create index audit_org_action on audit_events (organization_id, (action collate "C"), occurred_at desc, id desc);
-- Actor and impersonator ("what did this admin do") and target ("what happened to this
-- user"). Partial: anonymous events have no actor, most events no impersonator.
create index audit_org_actor on audit_events (organization_id, actor_id, occurred_at desc, id desc) where actor_id is not null;
create index audit_org_impersonator on audit_events (organization_id, impersonator_id, occurred_at desc, id desc) where impersonator_id is not null;
create index audit_org_target on audit_events (organization_id, target_id, occurred_at desc, id desc) where target_id is not null;

-- The append-only rule, now with the retention door. The purge function sets a transaction-
-- local bound; the trigger lets a DELETE through only for rows older than that bound.
-- This guards against every code path and mistake of the application. Someone who owns the
-- table can still disable the trigger: running the server as a role that is not the table's
-- owner (granted select and insert on audit_events only) is what keeps them out.
create or replace function audit_events_append_only() returns trigger language plpgsql as $$
declare
  purge_before timestamptz := nullif(current_setting('latchkey.audit_purge_before', true), '')::timestamptz;
begin
  if tg_op = 'DELETE' and purge_before is not null then
    if old.occurred_at < purge_before then
      return old;
    end if;
  end if;
  raise exception 'audit_events is append-only' using errcode = 'insufficient_privilege';
end $$;
comment on function audit_events_append_only() is 'Refuses UPDATE, DELETE and TRUNCATE on audit_events; lets through only the deletes of audit_events_purge.';

create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_events_append_only();

create function audit_events_purge(before timestamptz) returns bigint language plpgsql as $$
declare
  removed bigint;
begin
  perform set_config('latchkey.audit_purge_before', before::text, true);
  delete from audit_events where occurred_at < before;
  get diagnostics removed = row_count;
  perform set_config('latchkey.audit_purge_before', '', true);
  return removed;
end $$;
comment on function audit_events_purge(timestamptz) is 'Retention: deletes the events that occurred before the given instant, and nothing else. The only way rows leave audit_events.';
