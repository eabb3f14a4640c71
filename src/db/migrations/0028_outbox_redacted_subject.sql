-- The subject of a message, masked like its bodies: an organization's own template may put a
-- code or link in the subject, which admins who may not see secrets read in the outbox list.
alter table outbox_messages
  add column redacted_subject text;

comment on column outbox_messages.redacted_subject is
  'The subject rendered with every secret masked (null when the message carries no secret): what admins who may not see secrets are shown.';
