-- The users list sorts by creation time and by last sign-in besides the username, and pages
-- by keyset on (key, id) in both directions. Without these, a page in either order sorts
-- every user of the organization first (EXPLAIN at 1,000,000 users: a full scan and a sort
-- per request, hundreds of milliseconds); with them a page is one ordered index range scan.
create index users_org_created on users (organization_id, created_at, id);
-- Never signed in sorts as the epoch (the bottom of the order): the list's sort key is this
-- very expression, so the planner uses the index for it.
create index users_org_last_login on users (organization_id, (coalesce(last_login_at, 'epoch'::timestamptz)), id);
-- The "at the failure cap" filter: the cap is configuration (LOGIN_FAILURE_CAP), so the index
-- holds every user with a failure, which is a small share of an organization at any time.
create index users_org_failed_logins on users (organization_id, failed_logins) where failed_logins > 0;
-- The onboarding-stage filter reads each listed user's latest invitation; this makes that
-- one index probe per user instead of a scan of the organization's invitations.
create index invitations_user_latest on invitations (organization_id, user_id, created_at desc);
-- The status filter in the default (username) order: with users_org_status (status, id) the
-- page walked the username index checking each row's status (2.9 times the 20 ms limit at a
-- 5 % status, 1,000,000 users); this makes it one range scan in the list's order.
create index users_org_status_username on users (organization_id, status, (lower(username) collate "C"), id);
