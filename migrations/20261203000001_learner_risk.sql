-- Learners at risk of stopping (domain/risk.rs, server/risk.rs). `risk_model` keeps each fitted
-- model (or the documented defaults) with its coefficients, so any stored score can be explained
-- by the model that made it. `learner_risk` is each learner's latest score, its reasons, and the
-- score the same model gives what was known a week earlier (the trend). New evidence (learning,
-- work handed in or graded) marks the learner in `learner_risk_due` for a prompt recompute;
-- everyone is recomputed daily.
create table risk_model (
    risk_model_id bigint generated always as identity primary key,
    version       text not null unique check (length(version) between 1 and 80),
    model         jsonb not null check (jsonb_typeof(model) = 'object'),
    trained_on    integer not null check (trained_on >= 0),
    -- The held-out comparison with the simple rule, measured when it was fitted.
    evaluation    jsonb not null default '{}'::jsonb check (jsonb_typeof(evaluation) = 'object'),
    fitted_at     timestamptz not null default now()
);
create index risk_model_recent_idx on risk_model (fitted_at desc);

create table learner_risk (
    learner_id    bigint primary key references app_user (user_id) on delete cascade,
    score         real not null check (score between 0 and 1),
    week_ago      real check (week_ago between 0 and 1),
    at_risk       boolean not null,
    features      jsonb not null check (jsonb_typeof(features) = 'object'),
    reasons       jsonb not null check (jsonb_typeof(reasons) = 'array'),
    model_version text not null check (length(model_version) between 1 and 80),
    computed_at   timestamptz not null default now()
);
create index learner_risk_at_risk_idx on learner_risk (score desc) where at_risk;

create table learner_risk_due (
    learner_id bigint primary key references app_user (user_id) on delete cascade,
    marked_at  timestamptz not null default now()
);

-- A trainer's "not useful" on a listed learner: kept with the score and model it was about, so the
-- model's precision as trainers judge it can be counted, and the learner comes back to the list
-- only when the risk rises again.
create table risk_dismissal (
    learner_id    bigint not null references app_user (user_id) on delete cascade,
    trainer_id    bigint not null references app_user (user_id) on delete cascade,
    score         real not null check (score between 0 and 1),
    model_version text not null check (length(model_version) between 1 and 80),
    created_at    timestamptz not null default now(),
    primary key (learner_id, trainer_id)
);

create function mark_risk_due_from_activity() returns trigger language plpgsql as $$
begin
    insert into learner_risk_due (learner_id)
    select distinct user_id from inserted where kind not in ('sign_in', 'achievement_earned')
    on conflict (learner_id) do update set marked_at = now();
    return null;
end $$;
create trigger activity_marks_risk_due after insert on activity_event
    referencing new table as inserted for each statement execute function mark_risk_due_from_activity();

-- Work handed in (statement by statement: a bulk insert marks each learner once) and graded or
-- returned (row by row: grading changes one submission at a time).
create function mark_risk_due_from_submissions() returns trigger language plpgsql as $$
begin
    insert into learner_risk_due (learner_id)
    select distinct learner_id from inserted
    on conflict (learner_id) do update set marked_at = now();
    return null;
end $$;
create trigger submission_insert_marks_risk_due after insert on submission
    referencing new table as inserted for each statement execute function mark_risk_due_from_submissions();

create function mark_risk_due_from_submission() returns trigger language plpgsql as $$
begin
    insert into learner_risk_due (learner_id) values (new.learner_id)
    on conflict (learner_id) do update set marked_at = now();
    return null;
end $$;
create trigger submission_status_marks_risk_due after update of status on submission
    for each row when (old.status is distinct from new.status) execute function mark_risk_due_from_submission();
