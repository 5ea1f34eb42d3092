-- A trainer's comment bank: feedback they write again and again, kept to add to a grade with a
-- tick. Each trainer's own (nobody else sees it); used most first.
create table comment_bank (
    comment_bank_id bigint generated always as identity primary key,
    trainer_id      bigint not null references app_user (user_id) on delete cascade,
    body            text not null check (length(body) between 1 and 500),
    uses            integer not null default 0 check (uses >= 0),
    last_used_at    timestamptz,
    created_at      timestamptz not null default now(),
    unique (trainer_id, body)
);
create index comment_bank_trainer_idx on comment_bank (trainer_id, uses desc, comment_bank_id);
