-- The insert triggers of migration 0024 (an inserted invitation or message moves its user's
-- stored onboarding stage) read `users` and `invitations` joined to the transition table.
-- PL/pgSQL plans such a statement once per connection and keeps the plan: planned at the
-- first batch of a bulk import, when the organization had a thousand users, it is a
-- sequential scan of both tables hashed against the batch, and every later batch of the
-- same connection scanned every user and invitation imported before it (a 100,000-user
-- import with invitations: about 4 s of the database's 19.6 s of CPU went to these two
-- statements, growing with the square of the file). Inside these two functions only, the
-- planner may reach those tables only through their indexes from the transition rows
-- (nested loops, no sequential scan): the work is then the batch's, whatever the table's
-- size or its statistics at planning time. The statements themselves are unchanged.
alter function invitations_onboarding_inserted() set enable_seqscan = off;
alter function invitations_onboarding_inserted() set enable_hashjoin = off;
alter function invitations_onboarding_inserted() set enable_mergejoin = off;
alter function outbox_onboarding_inserted() set enable_seqscan = off;
alter function outbox_onboarding_inserted() set enable_hashjoin = off;
alter function outbox_onboarding_inserted() set enable_mergejoin = off;
