-- Sign-in: a hard cap on consecutive failed password sign-ins per account
-- (NIST SP 800-63B-4 §3.2.2: at most 100). Kept with the user, so it survives restarts
-- and every node sees the same count, whatever store the temporary throttle uses.

alter table users add column failed_logins integer not null default 0 check (failed_logins >= 0);
comment on column users.failed_logins is 'Consecutive failed password sign-ins; reset by a successful sign-in, a new password or an admin unlock. At LOGIN_FAILURE_CAP password sign-in is refused.';
