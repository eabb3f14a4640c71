-- Step-up re-authentication: the account's security pages (authenticator app, backup codes,
-- recovery phone, sessions and devices) and their /api/v1/me equivalents ask for a recent
-- proof of the person's credentials. A session proves them when it opens; re-entering the
-- password (and the second factor, when the account has one) proves them again later.
alter table sessions add column authenticated_at timestamptz;
comment on column sessions.authenticated_at is 'When the person last proved their credentials for this session by re-authenticating; null: only when it opened (created_at). The security pages require the later of the two to be within REAUTHENTICATION_WINDOW_MINUTES.';
-- An unfinished authenticator-app enrollment allows a number of confirmation codes, each
-- counted before it is compared.
alter table mfa_factors add column confirm_attempts integer not null default 0;
comment on column mfa_factors.confirm_attempts is 'Codes tried to confirm this enrollment, each counted by a conditional UPDATE before it is compared; at the limit the enrollment is abandoned and a new key is shown.';
