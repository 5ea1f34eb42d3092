-- Offline learning: actions a phone queued while offline arrive later through /api/sync/v1.
-- Each carries an id the phone made; the server applies an id once and keeps its receipt, written
-- in the same transaction as the change, so a chunk resent after a dropped link or a crash finds
-- the receipt instead of applying again.

create type sync_kind as enum ('saved', 'progress', 'complete', 'quiz');
create type sync_outcome as enum ('applied', 'refused');
-- How the device's clock was used: as given, or moved to the nearest time the server accepts.
create type sync_clock as enum ('as_given', 'future', 'before_saved', 'too_old');

create table sync_receipt (
    action_id   uuid primary key,
    learner_id  bigint not null references app_user (user_id) on delete cascade,
    kind        sync_kind not null,
    -- Both times are kept: what the phone said, and what the server counted (the streak, the
    -- weekly goal and the activity log use the counted time).
    device_at   timestamptz not null,
    counted_at  timestamptz not null,
    clock       sync_clock not null,
    received_at timestamptz not null default now(),
    outcome     sync_outcome not null,
    -- What the phone is told again when it sends the action a second time.
    result      jsonb not null,
    check (counted_at <= received_at + interval '1 minute')
);
create index sync_receipt_learner_idx on sync_receipt (learner_id, received_at desc);

-- When a learner first saved a lesson to their phone: actions about it cannot have happened
-- before (a device clock set to last year is not believed). Removing the copy from the phone
-- keeps this row: actions taken while it was there still arrive.
create table offline_copy (
    learner_id bigint not null references app_user (user_id) on delete cascade,
    lesson_id  bigint not null references lesson (lesson_id) on delete cascade,
    saved_at   timestamptz not null,
    created_at timestamptz not null default now(),
    primary key (learner_id, lesson_id)
);
