-- Pre-scores of open answers, one per submission and open item, written in the background by
-- server/prescoring.rs. `basis` is a digest of what the score was computed from (the item's rubric
-- and reference answer): with `model_version` it tells a stale pre-score from a current one, so a
-- changed rubric or model is scored again. `features` keeps what the model measured, for the
-- per-item calibration fitted on trainers' grades later.
create table prescore (
    submission_id bigint not null references submission (submission_id) on delete cascade,
    position      integer not null check (position >= 1),
    model_version text not null check (length(model_version) between 1 and 80),
    basis         text not null check (length(basis) = 32),
    levels        smallint[] not null check (array_position(levels, null) is null),
    confidence    real not null check (confidence between 0 and 1),
    reasons       jsonb not null check (jsonb_typeof(reasons) = 'array'),
    features      jsonb not null check (jsonb_typeof(features) = 'object'),
    created_at    timestamptz not null default now(),
    primary key (submission_id, position)
);

-- What an item's pre-scores are computed from. One definition, used when writing a pre-score and
-- when looking for stale ones.
create function prescore_basis(rubric jsonb, answer_key jsonb) returns text
    language sql immutable parallel safe
    as $$ select md5(rubric::text || '|' || coalesce(answer_key ->> 'reference', '')) $$;

-- Work for the pre-scorer: set when work with an open answer is handed in, when an item's rubric or
-- reference changes, and when the model changes (at the pre-scorer's start); cleared once every
-- open answer of the submission has a current pre-score. The partial index keeps finding work
-- cheap however many submissions there are.
alter table submission add column prescore_due boolean not null default false;
update submission s set prescore_due = exists (
    select 1 from assessment_item i where i.assessment_id = s.assessment_id and i.kind = 'open');
create index submission_prescore_due_idx on submission (submitted_at, submission_id) where prescore_due;

create function set_submission_prescore_due() returns trigger language plpgsql as $$
begin
    new.prescore_due := exists (
        select 1 from assessment_item i where i.assessment_id = new.assessment_id and i.kind = 'open');
    return new;
end;
$$;
create trigger submission_prescore_due before insert on submission
    for each row execute function set_submission_prescore_due();

create function item_prescore_stale() returns trigger language plpgsql as $$
begin
    if new.kind = 'open' and prescore_basis(new.rubric, new.answer_key) is distinct from prescore_basis(old.rubric, old.answer_key) then
        update submission set prescore_due = true where assessment_id = new.assessment_id and not prescore_due;
    end if;
    return new;
end;
$$;
create trigger assessment_item_prescore_stale after update of rubric, answer_key, kind on assessment_item
    for each row execute function item_prescore_stale();

-- The demo's old made-up "AI" scores and feedback go: pre-scores now come from the model, and
-- a submission not yet pre-scored says so.
update submission set ai_score = null, ai_feedback = null, ai_confidence = null;
