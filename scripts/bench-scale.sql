-- Scales a seeded demo world up by whole copies of its learners, for scripts/bench.sh's
-- national-scale run: each copy gets new accounts, its own cohorts (the same sponsors, paths and
-- trainers) and the same learning history, so 100,000 seeded learners become 1,000,000 in
-- minutes, set by set inside PostgreSQL, instead of a world held in the seeder's memory.
-- Usage: psql -v copies=9 -f scripts/bench-scale.sql (the rollups are rebuilt at the end).
\set ON_ERROR_STOP on
begin;
select set_config('ruralrise.bulk', 'on', true);
create temp table copy_no on commit drop as select generate_series(1, :copies)::bigint as k;
create temp table span on commit drop as
select (select max(user_id) from app_user) as users, (select max(cohort_id) from cohort) as cohorts;

insert into app_user (user_id, email, password_hash, role, status, created_at, updated_at, email_verified_at, anonymised_at)
overriding system value
select u.user_id + c.k * s.users, 'copy' || c.k || '.' || u.email, u.password_hash, u.role, u.status, u.created_at,
       u.updated_at, u.email_verified_at, u.anonymised_at
  from app_user u, copy_no c, span s
 where u.role = 'learner' and u.user_id <= s.users;

insert into profile (user_id, display_name, level, weekly_goal_minutes, time_zone, language, created_at, updated_at)
select p.user_id + c.k * s.users, p.display_name, p.level, p.weekly_goal_minutes, p.time_zone, p.language, p.created_at, p.updated_at
  from profile p join app_user u on u.user_id = p.user_id and u.role = 'learner', copy_no c, span s
 where p.user_id <= s.users;

insert into cohort (cohort_id, client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status, created_at, updated_at)
overriding system value
select k0.cohort_id + c.k * s.cohorts, k0.client_org_id, k0.trainer_id, k0.learning_path_id, k0.name || ' ' || (c.k + 1),
       k0.starts_on, k0.ends_on, k0.status, k0.created_at, k0.updated_at
  from cohort k0, copy_no c, span s
 where k0.cohort_id <= s.cohorts;

insert into cohort_member (cohort_id, learner_id, joined_at)
select m.cohort_id + c.k * s.cohorts, m.learner_id + c.k * s.users, m.joined_at
  from cohort_member m, copy_no c, span s
 where m.learner_id <= s.users;

insert into enrolment (learner_id, learning_path_id, enrolled_at, completed_at, created_at, updated_at)
select e.learner_id + c.k * s.users, e.learning_path_id, e.enrolled_at, e.completed_at, e.created_at, e.updated_at
  from enrolment e, copy_no c, span s
 where e.learner_id <= s.users;

insert into lesson_progress (learner_id, lesson_id, status, points_awarded, started_at, completed_at, downloaded_at, created_at,
                             updated_at, percent, position, seconds_spent)
select p.learner_id + c.k * s.users, p.lesson_id, p.status, p.points_awarded, p.started_at, p.completed_at, p.downloaded_at,
       p.created_at, p.updated_at, p.percent, p.position, p.seconds_spent
  from lesson_progress p, copy_no c, span s
 where p.learner_id <= s.users;

insert into activity_event (user_id, kind, lesson_id, minutes, occurred_at, detail)
select e.user_id + c.k * s.users, e.kind, e.lesson_id, e.minutes, e.occurred_at, e.detail
  from activity_event e join app_user u on u.user_id = e.user_id and u.role = 'learner', copy_no c, span s
 where e.user_id <= s.users;

-- Copies were pre-scored as their originals were: the pre-scorer has nothing to do for them.
alter table submission disable trigger submission_prescore_due;
insert into submission (assessment_id, learner_id, answers, ai_score, ai_feedback, trainer_score, feedback, flagged, flag_reason, status,
                        graded_by, submitted_at, graded_at, created_at, updated_at, attempt, auto_points, auto_max, score, item_results,
                        points_awarded, cohort_id, ai_confidence, version, prescore_due)
select x.assessment_id, x.learner_id + c.k * s.users, x.answers, x.ai_score, x.ai_feedback, x.trainer_score, x.feedback, x.flagged,
       x.flag_reason, x.status, x.graded_by, x.submitted_at, x.graded_at, x.created_at, x.updated_at, x.attempt, x.auto_points,
       x.auto_max, x.score, x.item_results, x.points_awarded, x.cohort_id + c.k * s.cohorts, x.ai_confidence, x.version, false
  from submission x, copy_no c, span s
 where x.learner_id <= s.users;

insert into learner_risk (learner_id, score, week_ago, at_risk, features, reasons, model_version, computed_at)
select r.learner_id + c.k * s.users, r.score, r.week_ago, r.at_risk, r.features, r.reasons, r.model_version, r.computed_at
  from learner_risk r, copy_no c, span s
 where r.learner_id <= s.users;

alter table submission enable trigger submission_prescore_due;

-- Risk scores were copied too: nobody is due a recompute because of the copying.
delete from learner_risk_due where learner_id > (select users from span);

select setval(pg_get_serial_sequence('app_user', 'user_id'), (select max(user_id) from app_user));
select setval(pg_get_serial_sequence('cohort', 'cohort_id'), (select max(cohort_id) from cohort));
commit;

\timing on
select kpi_rebuild();
analyze;
