-- The grading queue at scale. A submission is graded through one cohort: the learner's cohort
-- whose path holds the assessment (the latest to start, if two do). Stored on the submission when
-- it is made, so a trainer's queue is an index range per cohort instead of a join over every
-- member's work (50,000 pending must open in under 100 ms). Work handed in before a learner
-- left a cohort stays in that cohort's queue: it was done there.
alter table submission add column cohort_id bigint references cohort (cohort_id) on delete set null;

create function submission_cohort(learner bigint, assessment bigint) returns bigint language sql stable as $$
    select c.cohort_id
      from cohort_member cm
      join cohort c on c.cohort_id = cm.cohort_id
      join module m on m.learning_path_id = c.learning_path_id
      join assessment a on a.module_id = m.module_id
     where cm.learner_id = learner and a.assessment_id = assessment
     order by c.starts_on desc, c.cohort_id
     limit 1
$$;

create function set_submission_cohort() returns trigger language plpgsql as $$
begin
    if new.cohort_id is null then
        new.cohort_id := submission_cohort(new.learner_id, new.assessment_id);
    end if;
    return new;
end;
$$;
create trigger submission_cohort before insert on submission
    for each row execute function set_submission_cohort();

update submission set cohort_id = submission_cohort(learner_id, assessment_id);

-- Two grading orders: oldest first, and least certain pre-score first (null: not pre-scored yet,
-- so nobody's work hides behind the model). `version` counts saves, so two trainers grading the
-- same work cannot overwrite each other unseen.
alter table submission
    add column ai_confidence real check (ai_confidence between 0 and 1),
    add column version integer not null default 1 check (version >= 1);
create index submission_queue_oldest_idx on submission (cohort_id, submitted_at, submission_id) where status = 'pending';
create index submission_queue_uncertain_idx on submission (cohort_id, coalesce(ai_confidence, -1), submission_id) where status = 'pending';

-- "Waiting for a trainer" has one definition again: the cohort the work was handed in through.
-- Same columns as before, so every reader of the view keeps working.
create or replace view trainer_pending_submission as
select c.trainer_id, c.cohort_id, c.name as cohort_name,
       s.submission_id, s.learner_id, s.assessment_id, s.ai_score, s.flagged, s.submitted_at
  from submission s
  join cohort c on c.cohort_id = s.cohort_id
 where s.status = 'pending' and c.trainer_id is not null;

-- Rubrics become criteria × levels, each level worth points and described in words (read by
-- domain/rubric.rs): {"criteria": [{"name": "...", "levels": [{"points": 0, "descriptor": "..."}, ...]}]}.
-- An old criterion worth w points becomes four levels worth 0, w, 2w and 3w.
update assessment_item
   set rubric = jsonb_build_object('criteria', coalesce((
           select jsonb_agg(jsonb_build_object(
                      'name', c ->> 'criterion',
                      'levels', jsonb_build_array(
                          jsonb_build_object('points', 0, 'descriptor', 'Missing or wrong'),
                          jsonb_build_object('points', (c ->> 'points')::int, 'descriptor', 'Partly there'),
                          jsonb_build_object('points', 2 * (c ->> 'points')::int, 'descriptor', 'Mostly there'),
                          jsonb_build_object('points', 3 * (c ->> 'points')::int, 'descriptor', 'Complete')))
                  order by ord)
             from jsonb_array_elements(rubric) with ordinality as e(c, ord)), '[]'::jsonb))
 where jsonb_typeof(rubric) = 'array';
-- An open answer with no rubric gets one overall criterion, so every open answer can be graded.
update assessment_item
   set rubric = jsonb_build_object('criteria', jsonb_build_array(jsonb_build_object(
           'name', 'Overall',
           'levels', jsonb_build_array(
               jsonb_build_object('points', 0, 'descriptor', 'Missing or wrong'),
               jsonb_build_object('points', 1, 'descriptor', 'Partly there'),
               jsonb_build_object('points', 2, 'descriptor', 'Mostly there'),
               jsonb_build_object('points', 3, 'descriptor', 'Complete')))))
 where kind = 'open' and jsonb_array_length(rubric -> 'criteria') = 0;
alter table assessment_item alter column rubric set default '{"criteria": []}'::jsonb;
alter table assessment_item add constraint assessment_item_rubric_check
    check (jsonb_typeof(rubric -> 'criteria') = 'array' and (kind <> 'open' or jsonb_array_length(rubric -> 'criteria') > 0));
