-- Per-organization message templates (SPEC C10, C12): named layouts an organization edits,
-- and its layout variables mapping each notification kind to one of them. Without a row a
-- message renders with the built-in default template of its kind.

create table message_layouts (
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (name ~ '^[A-Za-z0-9_.-]{1,100}$'),
  locale text not null check (locale ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
  channel text not null check (channel in ('email', 'sms')),
  subject text,
  html_body text,
  text_body text not null,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, name, locale)
);
comment on table message_layouts is 'An organization''s named layouts: the Liquid source of one message (email subject, HTML and text; SMS text) in one locale. Legacy !PINCODE! style aliases are kept as typed and translated at render.';
comment on column message_layouts.name is 'The layout name a layout variable points at (the kind''s variable name itself unless the organization maps it elsewhere).';

create table message_layout_variables (
  organization_id uuid not null references organizations (id) on delete cascade,
  variable text not null,
  layout_name text not null check (layout_name ~ '^[A-Za-z0-9_.-]{1,100}$'),
  updated_at timestamptz not null default now(),
  primary key (organization_id, variable)
);
comment on table message_layout_variables is 'An organization''s layout variables: each maps the variable of a notification kind (PINCODE_EMAIL_BODY) to the name of one of its layouts. Without a row the variable names the layout of the same name.';
