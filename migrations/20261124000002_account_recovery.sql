-- Recovering and proving an account: single-use e-mailed tokens (stored only as hashes), a row per
-- signed-in session so a password change or a disabled account ends them all, and whether the
-- account's e-mail address was proved.

create type token_purpose as enum ('reset_password', 'verify_email');

create table account_token (
    -- SHA-256 of the token in the e-mailed link; the token itself is never stored
    token_hash bytea primary key check (length(token_hash) = 32),
    user_id    bigint not null references app_user (user_id) on delete cascade,
    purpose    token_purpose not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz,
    check (expires_at > created_at)
);
create index account_token_user_idx on account_token (user_id, purpose);

create table user_session (
    -- random, kept inside the session; not the cookie's id, which changes at sign-in
    session_key  text primary key check (length(session_key) between 20 and 100),
    user_id      bigint not null references app_user (user_id) on delete cascade,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    user_agent   text not null default '' check (length(user_agent) <= 300)
);
create index user_session_user_idx on user_session (user_id);

-- Accounts made by staff, the command line or the demo world count as proved; self sign-up
-- inserts null and proves it by the e-mailed link. (now() is fixed per statement, so existing
-- rows get one time, not one lookup each.)
alter table app_user add column email_verified_at timestamptz default now();
