-- Sign-in as a stored flow, and what a session knows about how it was opened.
--
-- A sign-in that completes in one request stores no flow: only one that pauses (a required
-- action such as a forced password change, or a second factor) is kept here until the
-- browser comes back. See docs/flows/sign-in.md.

create table login_flows (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('account', 'console')),
  user_id uuid not null references users (id) on delete cascade,
  handle_hash bytea not null unique,
  step text not null check (step in ('second_factor', 'required_action', 'done')),
  required_actions text[] not null default '{}',
  methods text[] not null default '{}',
  aal smallint not null default 0 check (aal between 0 and 2),
  invitation_id uuid references invitations (id) on delete set null,
  attempts integer not null default 0 check (attempts >= 0),
  return_to text,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
comment on table login_flows is 'Paused sign-ins. The browser holds a random handle; only its keyed hash is stored. Completed or expired by one conditional UPDATE, so each flow ends once.';
comment on column login_flows.step is 'Where the sign-in waits: a second factor, or the required actions still pending; done once completed.';
comment on column login_flows.required_actions is 'What the person must do before a session opens (change_password, set_password; later enroll_authenticator, device_limit).';
comment on column login_flows.methods is 'Authentication methods proved so far (amr values: pwd, invitation_code, ...), copied to the session.';
comment on column login_flows.aal is 'Authenticator assurance level reached so far (NIST SP 800-63B): 1 after one factor, 2 after two.';
comment on column login_flows.attempts is 'Failed submissions at the later steps (a rejected new password, later a wrong second-factor code); the flow is refused at the limit. First-factor guessing is bounded by the sign-in throttle.';
comment on column login_flows.return_to is 'Where the browser goes when the flow is done: a path under the organization''s pages, validated before it is stored.';
create index login_flows_user on login_flows (organization_id, user_id);

alter table sessions add column methods text[] not null default '{pwd}';
alter table sessions add column aal smallint not null default 1 check (aal between 1 and 2);
comment on column sessions.methods is 'Authentication methods that opened the session (amr values: pwd, invitation_code, invitation_link, setup_link).';
comment on column sessions.aal is 'Authenticator assurance level of the session (NIST SP 800-63B): 1 single factor, 2 two factors.';
