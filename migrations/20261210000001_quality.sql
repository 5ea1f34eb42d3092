-- Quality and compliance (/ops/quality, domain/quality.rs holds the definitions and thresholds).

-- Work a trainer graded, read by the day it was graded across every trainer.
create index submission_graded_at_idx on submission (graded_at) where graded_by is not null;

-- Each rubric criterion of an open answer a trainer graded that the model had pre-scored: the
-- level the model suggested and the level the trainer gave. "AI agreement" is the share of these
-- pairs on the same level, for one trainer (/ops/trainers) or the whole programme (/ops/quality).
create view graded_level_pair as
select s.submission_id, s.graded_by, s.graded_at, s.cohort_id, i.position, x.criterion, x.ai, x.trainer
  from submission s
  join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open'
  join prescore p on p.submission_id = s.submission_id and p.position = i.position
  cross join lateral (select e -> 'levels' as levels from jsonb_array_elements(s.item_results) e
                       where (e ->> 'position')::int = i.position and jsonb_typeof(e -> 'levels') = 'array'
                       limit 1) t
  cross join lateral unnest(p.levels, array(select v::int from jsonb_array_elements_text(t.levels) v))
       with ordinality as x(ai, trainer, criterion)
 where s.status = 'graded' and cardinality(p.levels) = jsonb_array_length(t.levels);

-- Each cohort's members and how many of them have not completed the cohort's path. The cohort's
-- own columns are grouped on, so a filter on them (end date, client, path) reaches the cohort
-- table before anything is counted.
create view cohort_completion as
select c.cohort_id, c.client_org_id, c.learning_path_id, c.trainer_id, c.status, c.ends_on,
       count(cm.learner_id) as members,
       count(cm.learner_id) filter (where e.completed_at is null) as unfinished
  from cohort c
  left join cohort_member cm on cm.cohort_id = c.cohort_id
  left join enrolment e on e.learner_id = cm.learner_id and e.learning_path_id = c.learning_path_id
 group by c.cohort_id, c.client_org_id, c.learning_path_id, c.trainer_id, c.status, c.ends_on;
