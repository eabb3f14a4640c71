-- Support actions: the helpdesk recovery code, and finding users locked out of signing in.

-- A helpdesk recovery code is one more reset request of the flow core: the helpdesk verified
-- the caller's identity (the note is in the audit event) and read the code to them; it is
-- never delivered by a message. It is a password reset that also resets the second factor.
alter table recovery_requests drop constraint recovery_requests_channel_check;
alter table recovery_requests
  add constraint recovery_requests_channel_check check (channel in ('email_link', 'email_code', 'sms_code', 'helpdesk_code'));
alter table recovery_requests add column issued_by uuid references users (id) on delete set null;
comment on column recovery_requests.channel is 'How the secret was delivered: a link by email, a code by email, a code by SMS to the verified recovery phone, or a code a helpdesk read to a caller it verified (helpdesk_code).';
comment on column recovery_requests.issued_by is 'The administrator who issued a helpdesk recovery code; null for requests the user made.';

-- The users list filter "locked out now" reads the keys whose temporary lockout has not
-- ended yet (with RATE_LIMIT_STORE=postgres). Only keys that were ever locked out have a
-- locked_until, a small share of the table; the index makes "locked_until > now" one range scan.
create index login_throttles_locked_until on login_throttles (locked_until) where locked_until is not null;

-- The "locked out now" list in username order walks only the users with failures or status
-- locked (a small share at any time); the cap itself is configuration (LOGIN_FAILURE_CAP), so
-- the index holds every user with a failure, and the query checks the cap.
create index users_org_locked_out_username on users (organization_id, (lower(username) collate "C"), id)
  where failed_logins > 0 or status = 'locked';
