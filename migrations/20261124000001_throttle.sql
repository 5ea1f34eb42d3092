-- Attempt counters for every way into an account (sign-in, sign-up, resets, PINs), kept in the
-- database so every app instance shares them. One row per (scope, subject): a fixed window that
-- starts at the first attempt and is counted up atomically by INSERT … ON CONFLICT, so parallel
-- requests cannot all read the same old count.
create type throttle_scope as enum (
    'sign_in_account', 'sign_in_address', 'sign_up_address',
    'reset_account', 'reset_address', 'verify_account', 'verify_address'
);

create table throttle_counter (
    scope        throttle_scope not null,
    -- a normalised e-mail, a client address or an account id, as text
    subject      text not null check (length(subject) <= 320),
    window_start timestamptz not null,
    hits         integer not null check (hits >= 0),
    primary key (scope, subject)
);
create index throttle_counter_window_idx on throttle_counter (window_start);

-- Throttling now has its own counters; the audit index that served the old count is not needed.
drop index audit_log_failed_sign_in_idx;
