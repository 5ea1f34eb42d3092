-- Assessments that score themselves: item kinds with their answer keys, explanations and skill
-- tags, attempts and a scoring policy per assessment, idempotent submissions with their scored
-- items, and mastery per learner and skill (Bayesian Knowledge Tracing) fitted per skill.

-- The old "multiple_choice" items had exactly one right option: they are single-choice items.
-- "multiple_choice" now means several options may be right, and all of them must be picked.
alter type item_kind rename value 'multiple_choice' to 'single_choice';
alter type item_kind add value 'multiple_choice';

create type score_policy as enum ('best', 'latest');

-- max_attempts null: as many attempts as the learner wants.
alter table assessment
    add column max_attempts integer check (max_attempts between 1 and 100),
    add column score_policy score_policy not null default 'best';

-- Answer keys become one tagged shape, read by domain/assessment.rs:
--   {"type": "single", "correct": 1}            {"type": "multiple", "correct": [0, 2]}
--   {"type": "text", "accepted": ["voltage"]}   {"type": "number", "value": 50, "tolerance": 0}
--   {"type": "open", "reference": "..."}
update assessment_item set answer_key = case
    when kind = 'single_choice' then jsonb_build_object('type', 'single', 'correct', answer_key)
    when kind = 'fill_in' then jsonb_build_object('type', 'text', 'accepted', jsonb_build_array(answer_key))
    else jsonb_build_object('type', 'open', 'reference', '')
end;
alter table assessment_item alter column answer_key set not null;
alter table assessment_item add constraint assessment_item_answer_key_check check (answer_key ? 'type');
alter table assessment_item
    add column explanation text not null default '' check (length(explanation) <= 2000),
    add column skills text[] not null default '{}';
alter table lesson add column skills text[] not null default '{}';

-- A submission carries the key its form was made with, so a double click, a retry or a replay
-- finds the submission already stored instead of making a second one. The score is the share
-- of points earned in percent: set at once when every item scores itself, and by the trainer
-- when an open answer waits (until then it is null).
alter table submission
    add column idempotency_key uuid,
    add column attempt integer not null default 1 check (attempt >= 1),
    add column auto_points integer not null default 0 check (auto_points >= 0),
    add column auto_max integer not null default 0 check (auto_max >= 0),
    add column score integer check (score between 0 and 100),
    add column item_results jsonb not null default '[]'::jsonb,
    add column points_awarded integer not null default 0 check (points_awarded >= 0);
update submission set score = trainer_score where status <> 'pending';
create unique index submission_idempotency_idx on submission (learner_id, idempotency_key) where idempotency_key is not null;
create index submission_learner_assessment_idx on submission (learner_id, assessment_id, submitted_at);

-- Every scored answer to an item tagged with a skill, once per skill: the history BKT is fitted
-- on and the learner's mastery is traced through.
create table skill_answer (
    skill_answer_id bigint generated always as identity primary key,
    learner_id      bigint not null references app_user (user_id) on delete cascade,
    skill           text not null check (skill ~ '^[a-z0-9-]{1,60}$'),
    correct         boolean not null,
    submission_id   bigint references submission (submission_id) on delete cascade,
    answered_at     timestamptz not null default now()
);
create index skill_answer_skill_idx on skill_answer (skill, learner_id, skill_answer_id);
create index skill_answer_learner_idx on skill_answer (learner_id, answered_at);

-- BKT parameters per skill, fitted from skill_answer (`ruralrise mastery fit`, and at demo
-- start); a skill without a row uses the defaults in domain/bkt.rs.
create table skill_model (
    skill           text primary key check (skill ~ '^[a-z0-9-]{1,60}$'),
    prior           double precision not null check (prior between 0 and 1),
    learn           double precision not null check (learn between 0 and 1),
    guess           double precision not null check (guess between 0 and 0.5),
    slip            double precision not null check (slip between 0 and 0.5),
    answers         integer not null check (answers >= 0),
    learners        integer not null check (learners >= 0),
    log_likelihood  double precision not null,
    baseline_log_likelihood double precision not null,
    model_version   text not null,
    fitted_at       timestamptz not null default now()
);

-- The learner's current mastery per skill: the probability the skill is known, after every
-- scored answer so far.
create table skill_mastery (
    learner_id bigint not null references app_user (user_id) on delete cascade,
    skill      text not null check (skill ~ '^[a-z0-9-]{1,60}$'),
    p_known    double precision not null check (p_known between 0 and 1),
    answers    integer not null default 0 check (answers >= 0),
    correct    integer not null default 0 check (correct between 0 and answers),
    updated_at timestamptz not null default now(),
    primary key (learner_id, skill)
);

-- Insights a learner marked "not useful": kept (with when) so they stay away and so the insight
-- rules can be judged by how often each kind is dismissed.
create table insight_dismissal (
    learner_id   bigint not null references app_user (user_id) on delete cascade,
    insight_key  text not null check (insight_key ~ '^[a-z_]+:[a-z0-9-]{1,60}$'),
    dismissed_at timestamptz not null default now(),
    primary key (learner_id, insight_key)
);
