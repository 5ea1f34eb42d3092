-- Following learners up: an intervention gets a due date and an outcome (status planned is shown as
-- "open"); unread messages are found by an index of their own, since every learner page counts them.
alter table intervention
    add column due_on  date,
    add column outcome text check (length(outcome) <= 2000);
create index intervention_trainer_idx on intervention (trainer_id, created_at desc);
create index message_unread_idx on message (recipient_id) where read_at is null;
