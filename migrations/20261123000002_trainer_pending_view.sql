-- One definition of "the submissions waiting for a trainer": work by members of the trainer's
-- cohorts on an assessment of the cohort's own path. A learner in two of a trainer's cohorts is
-- counted once, under the newer cohort. Filtering on trainer_id (a DISTINCT ON key) is pushed
-- into the view, so a query's cost follows the trainer's cohorts, not the organisation's size.
create view trainer_pending_submission as
select distinct on (c.trainer_id, s.submission_id)
       c.trainer_id, c.cohort_id, c.name as cohort_name,
       s.submission_id, s.learner_id, s.assessment_id, s.ai_score, s.flagged, s.submitted_at
  from cohort c
  join cohort_member cm using (cohort_id)
  join submission s on s.learner_id = cm.learner_id and s.status = 'pending'
  join assessment a on a.assessment_id = s.assessment_id
  join module m on m.module_id = a.module_id and m.learning_path_id = c.learning_path_id
 where c.trainer_id is not null
 order by c.trainer_id, s.submission_id, c.starts_on desc, c.cohort_id;
