-- The application registry: the apps an organization's people use, who is assigned to
-- which, and which they have used. A registered app becomes an OpenID Connect client later
-- (its id is the client id); the protocol columns arrive with that change.

create table apps (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  description text check (length(description) <= 1000),
  icon bytea check (octet_length(icon) <= 32768),
  icon_type text check (icon_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint apps_icon_typed check ((icon is null) = (icon_type is null))
);
comment on table apps is 'Applications registered by an organization: shown to their assigned users on the account page; later OpenID Connect clients (the id is the client id).';
comment on column apps.name is 'Shown to users; unique per organization regardless of letter case.';
comment on column apps.url is 'Where the app opens: an absolute http or https address (checked by the service, without credentials).';
comment on column apps.icon is 'A small uploaded image (PNG, JPEG, GIF or WebP; at most 32 KiB), served from this server so pages load no third-party images. SVG is refused: it can carry script.';
comment on column apps.icon_type is 'Media type of icon, checked against its first bytes when uploaded.';
create unique index apps_org_name on apps (organization_id, lower(name));

create table app_assignments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  app_id uuid not null references apps (id) on delete cascade,
  user_id uuid references users (id) on delete cascade,
  group_id uuid references groups (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint app_assignments_one_subject check ((user_id is null) <> (group_id is null))
);
comment on table app_assignments is 'Who may see an app: one user, or every member of one group (membership is read when asked, so leaving the group removes the app).';
comment on column app_assignments.user_id is 'Assigned directly to this user; null when the assignment is to a group.';
comment on column app_assignments.group_id is 'Assigned to the members of this group; null when the assignment is to a user.';
create unique index app_assignments_user on app_assignments (app_id, user_id) where user_id is not null;
create unique index app_assignments_group on app_assignments (app_id, group_id) where group_id is not null;
create index app_assignments_by_user on app_assignments (organization_id, user_id) where user_id is not null;
create index app_assignments_by_group on app_assignments (organization_id, group_id) where group_id is not null;

create table app_uses (
  organization_id uuid not null references organizations (id) on delete cascade,
  app_id uuid not null references apps (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  first_used_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  uses bigint not null default 1 check (uses >= 1),
  primary key (app_id, user_id)
);
comment on table app_uses is 'Which apps a user has used (a sign-in into the app through this server), one row per user and app, updated on each use.';
comment on column app_uses.uses is 'How many uses were recorded since the first.';
create index app_uses_by_user on app_uses (organization_id, user_id);
