-- Bulk imports of users (CSV, JSON, JSON lines, a Keycloak users export) and their row
-- report. The file itself is never stored: it is read as a stream, in batches, and only the
-- rows that need the administrator's attention (invalid, existing, over the user limit) are
-- kept. See docs/imports.md.

create table imports (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  state text not null default 'running' check (state in ('running', 'finished', 'failed')),
  format text not null check (format in ('csv', 'json', 'ndjson', 'keycloak')),
  dry_run boolean not null,
  invite boolean not null,
  options jsonb not null default '{}'::jsonb,
  created_by uuid references users (id) on delete set null,
  actor_label text,
  bytes_total bigint,
  bytes_read bigint not null default 0,
  rows_total integer not null default 0,
  rows_created integer not null default 0,
  rows_existing integer not null default 0,
  rows_invalid integer not null default 0,
  rows_over_limit integer not null default 0,
  invitations_queued integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
comment on table imports is 'One bulk import of users: its options, progress and counts. Updated after every batch, so a reader sees the import advance.';
comment on column imports.state is 'running while the file is read; finished when every row was handled; failed when the import stopped early (error says why; the batches before it stay committed).';
comment on column imports.format is 'How the file was read: csv (RFC 4180 with a header row), json (an array of objects), ndjson (one object per line), keycloak (a Keycloak users export).';
comment on column imports.dry_run is 'Every row checked and reported, nothing written but this report.';
comment on column imports.invite is 'Each created user without a password was invited in the transaction that created them.';
comment on column imports.options is 'The column mapping and other options the import ran with (never a secret).';
comment on column imports.created_by is 'The administrator who started it; null for the CLI (actor_label says who).';
comment on column imports.bytes_total is 'Size of the file when known in advance (Content-Length, file size), for progress.';
comment on column imports.bytes_read is 'Bytes of the file read so far.';
comment on column imports.rows_total is 'Data rows read so far (the CSV header is not a row).';
comment on column imports.rows_created is 'Users created; in a dry run, users that would be created.';
comment on column imports.rows_existing is 'Rows whose username already belongs to a user: left as they are (an import can be run again).';
comment on column imports.rows_invalid is 'Rows refused, each reported with its line, field and reason.';
comment on column imports.rows_over_limit is 'Valid rows refused because the organization reached its subscription user limit.';
comment on column imports.invitations_queued is 'Invitations issued (their messages queued in the outbox).';
create index imports_org_created on imports (organization_id, created_at desc, id desc);

create table import_rows (
  import_id uuid not null references imports (id) on delete cascade,
  organization_id uuid not null references organizations (id) on delete cascade,
  row_number integer not null,
  line integer not null,
  outcome text not null check (outcome in ('existing', 'invalid', 'over_limit')),
  username text,
  user_id uuid,
  problems jsonb not null default '[]'::jsonb,
  primary key (import_id, row_number)
);
comment on table import_rows is 'The report of an import: every row that was not created, in file order, with why. Rows created are counted, not listed.';
comment on column import_rows.row_number is 'Position of the row among the data rows of the file (1 = the first row after a CSV header, the first element of a JSON array).';
comment on column import_rows.line is 'Line of the file where the row starts (1 = the first line; a CSV row with a quoted line break spans several lines).';
comment on column import_rows.outcome is 'existing: a user with this username exists (left unchanged); invalid: see problems; over_limit: valid, but the user limit was reached.';
comment on column import_rows.user_id is 'The existing user, for existing rows.';
comment on column import_rows.problems is 'What is wrong with the row: [{field, reason}].';
-- The report of one outcome (the invalid rows among a million existing ones) in file order.
create index import_rows_outcome on import_rows (import_id, outcome, row_number);

create table import_names (
  import_id uuid not null references imports (id) on delete cascade,
  name text not null,
  row_number integer not null,
  line integer not null,
  primary key (import_id, name)
);
comment on table import_names is 'Scratch of a dry run: the usernames and emails (lowercased) of the rows read so far, so a name repeated anywhere in the file is reported without holding the file in memory. Emptied when the dry run ends.';
