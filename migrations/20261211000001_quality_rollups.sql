-- /ops/quality read every piece of work graded in its period (1.3 s at a million learners), every
-- pre-scored one (0.3 s with a twentieth pre-scored, growing as the pre-scorer reaches more) and
-- every member of a running cohort (4.4 s). Now graded work is rolled up with its turnaround, and
-- inactivity, a level "now", is counted per segment by the background task.

-- A rubric counts when it has at least this many criteria. domain::quality::RUBRIC_MIN_CRITERIA
-- is the definition; a test keeps the two equal.
create function rubric_min_criteria() returns integer language sql immutable as 'select 2';

-- Trainer-graded work also counts, per segment, day graded and hours waited: how much of it came
-- with written feedback, how many open answers it held and how many of those were under a
-- rubric (as the assessment's items are now: an item edit re-counts the work already graded),
-- and the criterion levels the model pre-scored and the trainer graded, and how many agree.
alter table kpi_turnaround
    add column feedback integer not null default 0,
    add column open_answers integer not null default 0,
    add column open_rubric integer not null default 0,
    add column ai_pairs integer not null default 0,
    add column ai_agree integer not null default 0;

alter table kpi_pending
    add column turnaround boolean not null default false,
    add column feedback integer not null default 0,
    add column open_answers integer not null default 0,
    add column open_rubric integer not null default 0,
    add column ai_pairs integer not null default 0,
    add column ai_agree integer not null default 0;

-- One pre-score's criterion levels against the levels a trainer gave the same item in `results`
-- (a submission's item_results), criterion by criterion; nothing when the two do not line up.
create function level_pairs(p_results jsonb, p_position integer, p_levels smallint[])
returns table (criterion bigint, ai smallint, trainer integer) language sql immutable as $$
    select x.criterion, x.ai, x.trainer
      from (select e -> 'levels' as levels from jsonb_array_elements(p_results) e
             where (e ->> 'position')::int = p_position and jsonb_typeof(e -> 'levels') = 'array' limit 1) t
      cross join lateral unnest(p_levels, array(select v::int from jsonb_array_elements_text(t.levels) v))
           with ordinality as x(ai, trainer, criterion)
     where cardinality(p_levels) = jsonb_array_length(t.levels)
$$;

-- The pairs of graded work, for /ops/trainers per trainer (and, rolled up, /ops/quality).
drop view graded_level_pair;
create view graded_level_pair as
select s.submission_id, s.graded_by, s.graded_at, s.cohort_id, i.position, x.criterion, x.ai, x.trainer
  from submission s
  join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open'
  join prescore p on p.submission_id = s.submission_id and p.position = i.position
  cross join lateral level_pairs(s.item_results, i.position, p.levels) x
 where s.status = 'graded';

-- A piece of work's pairs (as graded_level_pair counts them) and how many agree.
create function kpi_pairs(s submission, out pairs integer, out agree integer) language sql stable as $$
    select count(*)::integer, count(*) filter (where x.ai = x.trainer)::integer
      from prescore p
      join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open' and i.position = p.position
      cross join lateral level_pairs(s.item_results, p.position, p.levels) x
     where p.submission_id = s.submission_id and s.status = 'graded'
$$;

-- An assessment's open answers, and how many have a rubric that counts.
create function kpi_open_answers(assessment bigint, out open_answers integer, out open_rubric integer)
language sql stable as $$
    select count(*)::integer,
           count(*) filter (where jsonb_array_length(coalesce(rubric -> 'criteria', '[]')) >= rubric_min_criteria())::integer
      from assessment_item where assessment_id = assessment and kind = 'open'
$$;

drop function kpi_bump_turnaround(bigint, bigint, date, integer, integer);
create function kpi_bump_turnaround(learner bigint, path bigint, on_day date, hours integer, n integer,
                                    feedback integer, open_answers integer, open_rubric integer,
                                    ai_pairs integer, ai_agree integer)
returns void language sql as $$
    insert into kpi_pending (learner_id, path, day, turnaround, hours, waited, feedback, open_answers, open_rubric, ai_pairs, ai_agree)
    values (learner, path, on_day, true, hours, n, feedback, open_answers, open_rubric, ai_pairs, ai_agree)
$$;

create or replace function kpi_flush() returns void language plpgsql as $$
begin
    with gone as (delete from kpi_pending returning *),
    days as (
        insert into kpi_day as k (client_org_id, learning_path_id, cohort_id, day, d_active_1, d_active_7, d_active_30,
                                  d_members, d_at_risk, d_backlog, lessons_completed, enrolments, paths_completed,
                                  submitted, graded, scored, score_sum, passed)
        select s.client_org_id, s.learning_path_id, s.cohort_id, p.day, sum(p.a1), sum(p.a7), sum(p.a30), sum(p.members),
               sum(p.at_risk), sum(p.backlog), sum(p.lessons), sum(p.enrolled), sum(p.completed), sum(p.submitted),
               sum(p.graded), sum(p.scored), sum(p.score_sum), sum(p.passed)
          from gone p cross join lateral kpi_segments(p.learner_id, p.path) s
         where not p.turnaround
         group by 1, 2, 3, 4
         order by 1, 2, 3, 4
        on conflict (client_org_id, learning_path_id, cohort_id, day) do update set
            d_active_1 = k.d_active_1 + excluded.d_active_1,
            d_active_7 = k.d_active_7 + excluded.d_active_7,
            d_active_30 = k.d_active_30 + excluded.d_active_30,
            d_members = k.d_members + excluded.d_members,
            d_at_risk = k.d_at_risk + excluded.d_at_risk,
            d_backlog = k.d_backlog + excluded.d_backlog,
            lessons_completed = k.lessons_completed + excluded.lessons_completed,
            enrolments = k.enrolments + excluded.enrolments,
            paths_completed = k.paths_completed + excluded.paths_completed,
            submitted = k.submitted + excluded.submitted,
            graded = k.graded + excluded.graded,
            scored = k.scored + excluded.scored,
            score_sum = k.score_sum + excluded.score_sum,
            passed = k.passed + excluded.passed
        returning 1
    )
    insert into kpi_turnaround as t (client_org_id, learning_path_id, cohort_id, day, hours, n, feedback, open_answers, open_rubric,
                                     ai_pairs, ai_agree)
    select s.client_org_id, s.learning_path_id, s.cohort_id, p.day, p.hours, sum(p.waited), sum(p.feedback),
           sum(p.open_answers), sum(p.open_rubric), sum(p.ai_pairs), sum(p.ai_agree)
      from gone p cross join lateral kpi_segments(p.learner_id, p.path) s
     where p.turnaround
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (client_org_id, learning_path_id, cohort_id, day, hours) do update set
        n = t.n + excluded.n,
        feedback = t.feedback + excluded.feedback,
        open_answers = t.open_answers + excluded.open_answers,
        open_rubric = t.open_rubric + excluded.open_rubric,
        ai_pairs = t.ai_pairs + excluded.ai_pairs,
        ai_agree = t.ai_agree + excluded.ai_agree;
end $$;

-- Whole hours a piece of work waited for its grade.
create function kpi_hours_waited(submitted timestamptz, graded timestamptz) returns integer language sql immutable as $$
    select greatest(0, floor(extract(epoch from graded - submitted) / 3600))::integer
$$;

-- One submission's part in the rollups, with `sign` -1 to take it back; its AI pairs only when
-- `with_pairs` (a deleted submission's pre-scores may be gone by then: they are taken back before).
drop function kpi_submission(submission, integer);
create function kpi_submission(s submission, sign integer, with_pairs boolean) returns void language plpgsql as $$
declare
    path bigint;
    pass integer;
    items record;
    n_pairs integer := 0;
    n_agree integer := 0;
begin
    select m.learning_path_id, a.pass_score into path, pass
      from assessment a join module m on m.module_id = a.module_id where a.assessment_id = s.assessment_id;
    perform kpi_bump(s.learner_id, path, (s.submitted_at at time zone 'UTC')::date, submitted => sign, backlog => sign);
    if s.status <> 'pending' then
        perform kpi_bump(s.learner_id, path, (s.graded_at at time zone 'UTC')::date, backlog => -sign, graded => sign,
                         scored => sign * (s.score is not null)::int, score_sum => sign * coalesce(s.score, 0),
                         passed => sign * coalesce((s.score >= pass)::int, 0));
        if s.graded_by is not null then
            select * into items from kpi_open_answers(s.assessment_id);
            if with_pairs then
                select k.pairs, k.agree into n_pairs, n_agree from kpi_pairs(s) k;
            end if;
            perform kpi_bump_turnaround(s.learner_id, path, (s.graded_at at time zone 'UTC')::date,
                                        kpi_hours_waited(s.submitted_at, s.graded_at), sign,
                                        sign * (length(btrim(coalesce(s.feedback, ''))) > 0)::int,
                                        sign * items.open_answers, sign * items.open_rubric,
                                        sign * n_pairs, sign * n_agree);
        end if;
    end if;
end $$;

create or replace function kpi_on_submission() returns trigger language plpgsql as $$
begin
    if kpi_bulk() then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform kpi_submission(old, -1, tg_op = 'UPDATE');
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform kpi_submission(new, 1, true);
    end if;
    return null;
end $$;

-- Before a submission goes, its AI pairs are taken back while its pre-scores are still there
-- (the cascade that deletes them runs before the row triggers after the delete).
create function kpi_before_submission_delete() returns trigger language plpgsql as $$
declare
    path bigint;
    pairs record;
begin
    if kpi_bulk() or old.status = 'pending' or old.graded_by is null then
        return old;
    end if;
    select * into pairs from kpi_pairs(old);
    if pairs.pairs <> 0 then
        select m.learning_path_id into path
          from assessment a join module m on m.module_id = a.module_id where a.assessment_id = old.assessment_id;
        perform kpi_bump_turnaround(old.learner_id, path, (old.graded_at at time zone 'UTC')::date,
                                    kpi_hours_waited(old.submitted_at, old.graded_at), 0, 0, 0, 0, -pairs.pairs, -pairs.agree);
    end if;
    return old;
end $$;
create trigger submission_kpi_before_delete before delete on submission
    for each row execute function kpi_before_submission_delete();

-- A pre-score written, changed or removed after the work was graded moves its pairs.
create function kpi_on_prescore() returns trigger language plpgsql as $$
declare
    side record;
begin
    if kpi_bulk() then
        return null;
    end if;
    for side in
        select old.submission_id, old.position, old.levels, -1 as sign where tg_op in ('UPDATE', 'DELETE')
        union all
        select new.submission_id, new.position, new.levels, 1 where tg_op in ('INSERT', 'UPDATE')
    loop
        insert into kpi_pending (learner_id, path, day, turnaround, hours, waited, ai_pairs, ai_agree)
        select s.learner_id, m.learning_path_id, (s.graded_at at time zone 'UTC')::date, true,
               kpi_hours_waited(s.submitted_at, s.graded_at), 0,
               side.sign * count(*), side.sign * count(*) filter (where x.ai = x.trainer)
          from submission s
          join assessment a using (assessment_id)
          join module m on m.module_id = a.module_id
          join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open' and i.position = side.position
          cross join lateral level_pairs(s.item_results, side.position, side.levels) x
         where s.submission_id = side.submission_id and s.status = 'graded' and s.graded_by is not null
         group by s.learner_id, m.learning_path_id, s.graded_at, s.submitted_at;
    end loop;
    return null;
end $$;
create trigger prescore_kpi after insert or update or delete on prescore for each row execute function kpi_on_prescore();
create trigger prescore_kpi_apply after insert or update or delete on prescore
    for each statement execute function kpi_after_statement();

drop trigger submission_kpi_update on submission;
create trigger submission_kpi_update after update on submission for each row
    when (old.status is distinct from new.status or old.score is distinct from new.score or old.graded_at is distinct from new.graded_at
          or old.graded_by is distinct from new.graded_by or old.submitted_at is distinct from new.submitted_at
          or old.learner_id is distinct from new.learner_id or old.assessment_id is distinct from new.assessment_id
          or old.feedback is distinct from new.feedback)
    execute function kpi_on_submission();

-- An item added, removed or changed re-counts the open answers of the work already graded on its
-- assessment: the difference it makes, once per piece of trainer-graded work.
create function kpi_on_item() returns trigger language plpgsql as $$
declare
    side record;
begin
    if kpi_bulk() then
        return null;
    end if;
    for side in
        select o.assessment_id, o.position, o.sign * (o.kind = 'open')::int as open_answers,
               o.sign * (o.kind = 'open' and jsonb_array_length(coalesce(o.rubric -> 'criteria', '[]')) >= rubric_min_criteria())::int as open_rubric
          from (select old.assessment_id, old.position, old.kind, old.rubric, -1 as sign where tg_op in ('UPDATE', 'DELETE')
                union all
                select new.assessment_id, new.position, new.kind, new.rubric, 1 where tg_op in ('INSERT', 'UPDATE')) o
    loop
        if side.open_answers <> 0 or side.open_rubric <> 0 then
            -- An item that stops (or starts) being an open answer also takes (or gives) its pairs.
            insert into kpi_pending (learner_id, path, day, turnaround, hours, waited, open_answers, open_rubric, ai_pairs, ai_agree)
            select s.learner_id, m.learning_path_id, (s.graded_at at time zone 'UTC')::date, true,
                   kpi_hours_waited(s.submitted_at, s.graded_at), 0, side.open_answers, side.open_rubric,
                   side.open_answers * coalesce(x.pairs, 0), side.open_answers * coalesce(x.agree, 0)
              from submission s
              join assessment a using (assessment_id)
              join module m on m.module_id = a.module_id
              left join lateral (select count(*)::int as pairs, count(*) filter (where l.ai = l.trainer)::int as agree
                                   from prescore p cross join lateral level_pairs(s.item_results, p.position, p.levels) l
                                  where p.submission_id = s.submission_id and p.position = side.position and s.status = 'graded') x on true
             where s.assessment_id = side.assessment_id and s.status <> 'pending' and s.graded_by is not null;
        end if;
    end loop;
    return null;
end $$;
create trigger assessment_item_kpi after insert or update or delete on assessment_item
    for each row execute function kpi_on_item();
create trigger assessment_item_kpi_apply after insert or update or delete on assessment_item
    for each statement execute function kpi_after_statement();

-- The rebuild's share of trainer-graded work, with the new counts.
create or replace function kpi_apply_credits() returns void language plpgsql as $$
begin
    insert into kpi_day as k (client_org_id, learning_path_id, cohort_id, day, d_active_1, d_active_7, d_active_30,
                              d_members, d_at_risk, d_backlog, lessons_completed, enrolments, paths_completed,
                              submitted, graded, scored, score_sum, passed)
    with days as (
        select d.learner_id, d.day, lead(d.day) over (partition by d.learner_id order by d.day) as next_day
          from learner_day d where d.learner_id in (select learner_id from kpi_credit)
    ),
    facts (learner_id, path, day, a1, a7, a30, members, at_risk, backlog, lessons, enrolled, completed, submitted, graded, scored, score_sum, passed) as (
        select learner_id, null::bigint, day, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::bigint, 0 from days
        union all select learner_id, null, day + 1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from days
        union all select learner_id, null, least(day + 7, coalesce(next_day, day + 7)), 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from days
        union all select learner_id, null, least(day + 30, coalesce(next_day, day + 30)), 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from days
        union all
        select e.user_id, m.learning_path_id, (e.occurred_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0
          from activity_event e join lesson l using (lesson_id) join module m using (module_id)
         where e.kind = 'lesson_completed' and e.user_id in (select learner_id from kpi_credit)
        union all
        select learner_id, learning_path_id, (enrolled_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0
          from enrolment where learner_id in (select learner_id from kpi_credit)
        union all
        select learner_id, learning_path_id, (completed_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0
          from enrolment where completed_at is not null and learner_id in (select learner_id from kpi_credit)
        union all
        select s.learner_id, m.learning_path_id, (s.submitted_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0
          from submission s join assessment a using (assessment_id) join module m on m.module_id = a.module_id
         where s.learner_id in (select learner_id from kpi_credit)
        union all
        select s.learner_id, m.learning_path_id, (s.graded_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1,
               (s.score is not null)::int, coalesce(s.score, 0), (s.score >= a.pass_score)::int
          from submission s join assessment a using (assessment_id) join module m on m.module_id = a.module_id
         where s.status <> 'pending' and s.learner_id in (select learner_id from kpi_credit)
        union all
        select learner_id, null, current_date, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
          from learner_risk where at_risk and learner_id in (select learner_id from kpi_credit)
    ),
    credited as (
        select c.client_org_id, c.learning_path_id, c.cohort_id, c.sign, c.learner_id from kpi_credit c
    ),
    rows as (
        select c.client_org_id, c.learning_path_id, c.cohort_id, f.day,
               sum(c.sign * f.a1) as a1, sum(c.sign * f.a7) as a7, sum(c.sign * f.a30) as a30, 0::bigint as members,
               sum(c.sign * f.at_risk) as at_risk, sum(c.sign * f.backlog) as backlog, sum(c.sign * f.lessons) as lessons,
               sum(c.sign * f.enrolled) as enrolled, sum(c.sign * f.completed) as completed, sum(c.sign * f.submitted) as submitted,
               sum(c.sign * f.graded) as graded, sum(c.sign * f.scored) as scored, sum(c.sign * f.score_sum) as score_sum,
               sum(c.sign * f.passed) as passed
          from credited c join facts f
            on f.learner_id = c.learner_id and (f.path is null or c.learning_path_id = 0 or c.learning_path_id = f.path)
         group by 1, 2, 3, 4
        union all
        select client_org_id, learning_path_id, cohort_id, current_date, 0, 0, 0, sum(sign), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
          from credited group by 1, 2, 3
    )
    select client_org_id, learning_path_id, cohort_id, day, sum(a1), sum(a7), sum(a30), sum(members), sum(at_risk),
           sum(backlog), sum(lessons), sum(enrolled), sum(completed), sum(submitted), sum(graded), sum(scored),
           sum(score_sum), sum(passed)
      from rows
     group by 1, 2, 3, 4
     order by 1, 2, 3, 4
    on conflict (client_org_id, learning_path_id, cohort_id, day) do update set
        d_active_1 = k.d_active_1 + excluded.d_active_1,
        d_active_7 = k.d_active_7 + excluded.d_active_7,
        d_active_30 = k.d_active_30 + excluded.d_active_30,
        d_members = k.d_members + excluded.d_members,
        d_at_risk = k.d_at_risk + excluded.d_at_risk,
        d_backlog = k.d_backlog + excluded.d_backlog,
        lessons_completed = k.lessons_completed + excluded.lessons_completed,
        enrolments = k.enrolments + excluded.enrolments,
        paths_completed = k.paths_completed + excluded.paths_completed,
        submitted = k.submitted + excluded.submitted,
        graded = k.graded + excluded.graded,
        scored = k.scored + excluded.scored,
        score_sum = k.score_sum + excluded.score_sum,
        passed = k.passed + excluded.passed;

    insert into kpi_turnaround as t (client_org_id, learning_path_id, cohort_id, day, hours, n, feedback, open_answers, open_rubric,
                                     ai_pairs, ai_agree)
    select c.client_org_id, c.learning_path_id, c.cohort_id, (s.graded_at at time zone 'UTC')::date,
           kpi_hours_waited(s.submitted_at, s.graded_at), sum(c.sign),
           sum(c.sign * (length(btrim(coalesce(s.feedback, ''))) > 0)::int),
           sum(c.sign * coalesce(i.open_answers, 0)), sum(c.sign * coalesce(i.open_rubric, 0)),
           sum(c.sign * coalesce(x.pairs, 0)), sum(c.sign * coalesce(x.agree, 0))
      from kpi_credit c
      join submission s on s.learner_id = c.learner_id
      join assessment a using (assessment_id)
      join module m on m.module_id = a.module_id
      left join (select assessment_id, count(*)::integer as open_answers,
                        count(*) filter (where jsonb_array_length(coalesce(rubric -> 'criteria', '[]')) >= rubric_min_criteria())::integer as open_rubric
                   from assessment_item where kind = 'open' group by assessment_id) i on i.assessment_id = s.assessment_id
      left join (select submission_id, count(*)::int as pairs, count(*) filter (where ai = trainer)::int as agree
                   from graded_level_pair group by submission_id) x on x.submission_id = s.submission_id
     where s.status <> 'pending' and s.graded_by is not null
       and (c.learning_path_id = 0 or c.learning_path_id = m.learning_path_id)
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (client_org_id, learning_path_id, cohort_id, day, hours) do update set
        n = t.n + excluded.n,
        feedback = t.feedback + excluded.feedback,
        open_answers = t.open_answers + excluded.open_answers,
        open_rubric = t.open_rubric + excluded.open_rubric,
        ai_pairs = t.ai_pairs + excluded.ai_pairs,
        ai_agree = t.ai_agree + excluded.ai_agree;

    delete from kpi_credit;
end $$;

-- Learners who have been in a running cohort for a while, and how many of them did no learning
-- in that while, per segment of client and path (0: every), as the background task last
-- counted them (server/risk.rs; the window is domain::quality::INACTIVE_DAYS).
create table quality_inactive (
    client_org_id    bigint not null,
    learning_path_id bigint not null,
    members          bigint not null,
    inactive         bigint not null,
    counted_at       timestamptz not null,
    primary key (client_org_id, learning_path_id)
);

select kpi_rebuild();
