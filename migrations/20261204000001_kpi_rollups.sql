-- Operations' KPIs served from rollups the database keeps up to date, so the dashboard reads a few
-- hundred rows per view whatever the number of learners (domain/kpi.rs holds the definitions).
--
-- A segment is (client, path, cohort), 0 meaning "every": (0,0,0) is everybody; a learner in
-- cohort k of client c on path p also counts in (c,0,0), (0,p,0), (c,p,0) and (c,p,k). Segments
-- follow the learner's current cohorts: joining a cohort credits the segment with the learner's
-- whole history, leaving takes it back. Facts that belong to a path (enrolments, lessons,
-- assessments) count in a path's segments only when they are on that path. Days are UTC days.
--
-- `kpi_day` holds, per segment and day, flows (what happened that day) and `d_` deltas: a level
-- (learners active in the last 7 days, at risk, work waiting) on day e is the sum of its deltas
-- on days <= e. A learner active on day D, whose next active day is N, counts as active-in-W-days
-- on days D .. min(D+W, N)-1: +1 on D and -1 on min(D+W, N). Adding a day therefore touches a
-- handful of rows, and any window on any day is a running sum.
--
-- Bulk loads (the demo seed) set `ruralrise.bulk = on` for their transaction, skip the triggers
-- and call kpi_rebuild() at the end; a test keeps the triggers and the rebuild equal.

create table trainer_profile (
    trainer_id bigint primary key references app_user (user_id) on delete cascade,
    -- Learners in active cohorts the trainer can follow well.
    capacity   integer not null default 150 check (capacity between 0 and 100000),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- Learners in active cohorts against the capacity of the trainers on duty, once a day (a level
-- with no facts behind it to roll up, so it is recorded as it was).
create table kpi_capacity_day (
    day      date primary key,
    learners integer not null check (learners >= 0),
    capacity integer not null check (capacity >= 0)
);

-- Which cohorts a learner's segments were credited through (kept apart from cohort_member, so a
-- cohort's segment is known even while its rows are being deleted).
create table kpi_membership (
    learner_id       bigint not null,
    cohort_id        bigint not null,
    client_org_id    bigint not null,
    learning_path_id bigint not null,
    primary key (learner_id, cohort_id)
);
create index kpi_membership_cohort_idx on kpi_membership (cohort_id);

-- The days each learner did any learning (anything but signing in).
create table learner_day (
    learner_id bigint not null,
    day        date not null,
    primary key (learner_id, day)
);

create table kpi_day (
    client_org_id     bigint not null,
    learning_path_id  bigint not null,
    cohort_id         bigint not null,
    day               date not null,
    d_active_1        integer not null default 0,
    d_active_7        integer not null default 0,
    d_active_30       integer not null default 0,
    d_members         integer not null default 0,
    d_at_risk         integer not null default 0,
    d_backlog         integer not null default 0,
    lessons_completed integer not null default 0,
    enrolments        integer not null default 0,
    paths_completed   integer not null default 0,
    submitted         integer not null default 0,
    graded            integer not null default 0,
    scored            integer not null default 0,
    score_sum         bigint not null default 0,
    passed            integer not null default 0,
    primary key (client_org_id, learning_path_id, cohort_id, day)
);

-- Trainer-graded work per segment, day graded and whole hours it waited: medians without
-- reading the submissions.
create table kpi_turnaround (
    client_org_id    bigint not null,
    learning_path_id bigint not null,
    cohort_id        bigint not null,
    day              date not null,
    hours            integer not null check (hours >= 0),
    n                integer not null,
    primary key (client_org_id, learning_path_id, cohort_id, day, hours)
);

-- Each cohort's levels now (the running sums of its segment), to rank cohorts at a glance.
create table kpi_cohort (
    cohort_id bigint primary key,
    members   integer not null default 0,
    at_risk   integer not null default 0,
    backlog   integer not null default 0
);
create index kpi_cohort_rank_idx on kpi_cohort (at_risk desc, members desc);

-- What a segment is credited with or debited, set by set (joins, leaves, rebuilds).
create unlogged table kpi_credit (
    learner_id       bigint not null,
    client_org_id    bigint not null,
    learning_path_id bigint not null,
    cohort_id        bigint not null,
    sign             integer not null check (sign in (-1, 1))
);

create function kpi_bulk() returns boolean language sql stable as $$
    select coalesce(current_setting('ruralrise.bulk', true), '') = 'on'
$$;

-- The segments a learner's fact counts in; `path` null for facts of no path (activity, risk).
-- (plpgsql, not sql: its plan is kept for the session instead of made again on every call.)
create function kpi_segments(learner bigint, on_path bigint)
returns table (client_org_id bigint, learning_path_id bigint, cohort_id bigint) language plpgsql stable as $$
begin
    return query
    select 0::bigint, 0::bigint, 0::bigint
    union select m.client_org_id, 0::bigint, 0::bigint from kpi_membership m where m.learner_id = learner
    union select 0::bigint, m.learning_path_id, 0::bigint from kpi_membership m
           where m.learner_id = learner and (on_path is null or m.learning_path_id = on_path)
    union select m.client_org_id, m.learning_path_id, 0::bigint from kpi_membership m
           where m.learner_id = learner and (on_path is null or m.learning_path_id = on_path)
    union select m.client_org_id, m.learning_path_id, m.cohort_id from kpi_membership m
           where m.learner_id = learner and (on_path is null or m.learning_path_id = on_path);
end $$;

-- Facts waiting for the end of the statement that made them. Row triggers only add here; one
-- statement trigger per table applies them all at once (kpi_flush), so a statement touching
-- thousands of rows updates each rollup row once, instead of stacking thousands of versions of
-- the same row in one transaction. A row is applied by whoever deletes it, exactly once.
create unlogged table kpi_pending (
    learner_id bigint not null,
    path       bigint,
    day        date not null,
    a1 integer not null default 0, a7 integer not null default 0, a30 integer not null default 0,
    members integer not null default 0, at_risk integer not null default 0, backlog integer not null default 0,
    lessons integer not null default 0, enrolled integer not null default 0, completed integer not null default 0,
    submitted integer not null default 0, graded integer not null default 0, scored integer not null default 0,
    score_sum bigint not null default 0, passed integer not null default 0,
    -- Trainer-graded work: whole hours waited, and how many pieces (0 for other facts).
    hours integer not null default 0, waited integer not null default 0
);

-- One fact for every segment of the learner it counts in, applied at the statement's end.
create function kpi_bump(learner bigint, path bigint, on_day date,
    a1 integer default 0, a7 integer default 0, a30 integer default 0, members integer default 0,
    at_risk integer default 0, backlog integer default 0, lessons integer default 0, enrolled integer default 0,
    completed integer default 0, submitted integer default 0, graded integer default 0, scored integer default 0,
    score_sum integer default 0, passed integer default 0)
returns void language sql as $$
    insert into kpi_pending (learner_id, path, day, a1, a7, a30, members, at_risk, backlog, lessons, enrolled, completed,
                             submitted, graded, scored, score_sum, passed)
    values (learner, path, on_day, a1, a7, a30, members, at_risk, backlog, lessons, enrolled, completed, submitted, graded,
            scored, score_sum, passed)
$$;

create function kpi_bump_turnaround(learner bigint, path bigint, on_day date, hours integer, n integer)
returns void language sql as $$
    insert into kpi_pending (learner_id, path, day, hours, waited) values (learner, path, on_day, hours, n)
$$;

-- Applies the statement's facts: summed per segment and day, rows locked in key order (so two
-- writers never wait on each other in a circle).
create function kpi_flush() returns void language plpgsql as $$
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
         where p.waited = 0
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
    insert into kpi_turnaround as t (client_org_id, learning_path_id, cohort_id, day, hours, n)
    select s.client_org_id, s.learning_path_id, s.cohort_id, p.day, p.hours, sum(p.waited)
      from gone p cross join lateral kpi_segments(p.learner_id, p.path) s
     where p.waited <> 0
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (client_org_id, learning_path_id, cohort_id, day, hours) do update set n = t.n + excluded.n;
end $$;

-- The statement trigger of every table whose rows feed the rollups: staged cohort changes, then
-- staged facts.
create function kpi_after_statement() returns trigger language plpgsql as $$
begin
    if kpi_bulk() then
        return null;
    end if;
    if exists (select 1 from kpi_credit) then
        perform kpi_apply_credits();
    end if;
    if exists (select 1 from kpi_pending) then
        perform kpi_flush();
    end if;
    return null;
end $$;

-- A cohort's levels follow its segment's deltas.
create function kpi_follow_cohort() returns trigger language plpgsql as $$
declare
    dm integer := new.d_members;
    dr integer := new.d_at_risk;
    db integer := new.d_backlog;
begin
    if new.cohort_id = 0 then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        dm := dm - old.d_members;
        dr := dr - old.d_at_risk;
        db := db - old.d_backlog;
    end if;
    if dm <> 0 or dr <> 0 or db <> 0 then
        insert into kpi_cohort as c (cohort_id, members, at_risk, backlog) values (new.cohort_id, dm, dr, db)
        on conflict (cohort_id) do update set members = c.members + dm, at_risk = c.at_risk + dr, backlog = c.backlog + db;
    end if;
    return null;
end $$;
create trigger kpi_day_follow_cohort after insert or update on kpi_day
    for each row execute function kpi_follow_cohort();

-- Credits (or debits) every segment in kpi_credit with its learner's whole history, set-based,
-- then empties kpi_credit. Levels that have no history (members, at risk) count from today.
create function kpi_apply_credits() returns void language plpgsql as $$
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

    insert into kpi_turnaround as t (client_org_id, learning_path_id, cohort_id, day, hours, n)
    select c.client_org_id, c.learning_path_id, c.cohort_id, (s.graded_at at time zone 'UTC')::date,
           greatest(0, floor(extract(epoch from s.graded_at - s.submitted_at) / 3600))::integer, sum(c.sign)
      from kpi_credit c
      join submission s on s.learner_id = c.learner_id
      join assessment a using (assessment_id)
      join module m on m.module_id = a.module_id
     where s.status <> 'pending' and s.graded_by is not null
       and (c.learning_path_id = 0 or c.learning_path_id = m.learning_path_id)
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (client_org_id, learning_path_id, cohort_id, day, hours) do update set n = t.n + excluded.n;

    delete from kpi_credit;
end $$;

-- A learner's segments change with their cohorts: credit what is gained, debit what is lost.
create function kpi_membership_change(p_learner bigint, p_cohort bigint, p_client bigint, p_path bigint, p_sign integer)
returns void language plpgsql as $$
begin
    if p_sign > 0 then
        if not exists (select 1 from app_user where user_id = p_learner and role = 'learner') then
            return;
        end if;
        insert into kpi_membership (learner_id, cohort_id, client_org_id, learning_path_id)
        values (p_learner, p_cohort, p_client, p_path) on conflict do nothing;
    else
        delete from kpi_membership where learner_id = p_learner and cohort_id = p_cohort;
    end if;
    if not found then
        return;
    end if;
    -- Segments the learner's other cohorts do not already give.
    insert into kpi_credit (learner_id, client_org_id, learning_path_id, cohort_id, sign)
    select p_learner, s.c, s.p, s.k, p_sign
      from (values (p_client, 0::bigint, 0::bigint), (0::bigint, p_path, 0::bigint), (p_client, p_path, 0::bigint),
                   (p_client, p_path, p_cohort)) s (c, p, k)
     where not exists (
         select 1 from kpi_membership m
          where m.learner_id = p_learner and m.cohort_id <> p_cohort
            and (s.c = 0 or m.client_org_id = s.c) and (s.p = 0 or m.learning_path_id = s.p) and (s.k = 0 or m.cohort_id = s.k));
end $$;

create function kpi_on_member() returns trigger language plpgsql as $$
declare
    c record;
begin
    if kpi_bulk() then
        return null;
    end if;
    if tg_op = 'INSERT' then
        select client_org_id, learning_path_id into c from cohort where cohort_id = new.cohort_id;
        perform kpi_membership_change(new.learner_id, new.cohort_id, c.client_org_id, c.learning_path_id, 1);
    else
        select client_org_id, learning_path_id into c from kpi_membership
         where learner_id = old.learner_id and cohort_id = old.cohort_id;
        if found then
            perform kpi_membership_change(old.learner_id, old.cohort_id, c.client_org_id, c.learning_path_id, -1);
        end if;
    end if;
    return null;
end $$;
create trigger cohort_member_kpi after insert or delete on cohort_member
    for each row execute function kpi_on_member();
create trigger cohort_member_kpi_apply after insert or delete on cohort_member
    for each statement execute function kpi_after_statement();

-- A cohort moved to another client or path: its learners leave the old segments for the new.
create function kpi_on_cohort_change() returns trigger language plpgsql as $$
declare
    m record;
begin
    if kpi_bulk() then
        return null;
    end if;
    for m in select learner_id from kpi_membership where cohort_id = new.cohort_id order by learner_id loop
        perform kpi_membership_change(m.learner_id, new.cohort_id, old.client_org_id, old.learning_path_id, -1);
        perform kpi_membership_change(m.learner_id, new.cohort_id, new.client_org_id, new.learning_path_id, 1);
    end loop;
    return null;
end $$;
create trigger cohort_kpi after update of client_org_id, learning_path_id on cohort
    for each row when (old.client_org_id is distinct from new.client_org_id or old.learning_path_id is distinct from new.learning_path_id)
    execute function kpi_on_cohort_change();
create trigger cohort_kpi_apply after update of client_org_id, learning_path_id on cohort
    for each statement execute function kpi_after_statement();

create function kpi_on_learner() returns trigger language plpgsql as $$
begin
    if not kpi_bulk() and new.role = 'learner' then
        perform kpi_bump(new.user_id, null, current_date, members => 1);
    end if;
    return null;
end $$;
create trigger app_user_kpi after insert on app_user for each row execute function kpi_on_learner();
create trigger app_user_kpi_apply after insert on app_user for each statement execute function kpi_after_statement();

-- Learning events: lessons completed, and each new learning day moves the activity windows.
create function kpi_on_activity() returns trigger language plpgsql as $$
declare
    r record;
    prev_day date;
    next_day date;
    w integer;
begin
    if kpi_bulk() then
        return null;
    end if;
    for r in
        select e.user_id, (e.occurred_at at time zone 'UTC')::date as day, m.learning_path_id as path, count(*)::integer as n
          from inserted e join lesson l using (lesson_id) join module m using (module_id)
         where e.kind = 'lesson_completed'
         group by 1, 2, 3 order by 1, 2, 3
    loop
        perform kpi_bump(r.user_id, r.path, r.day, lessons => r.n);
    end loop;
    for r in
        select distinct e.user_id, (e.occurred_at at time zone 'UTC')::date as day
          from inserted e join app_user u on u.user_id = e.user_id and u.role = 'learner'
         where e.kind <> 'sign_in'
         order by 1, 2
    loop
        insert into learner_day (learner_id, day) values (r.user_id, r.day) on conflict do nothing;
        if found then
            select max(day) into prev_day from learner_day where learner_id = r.user_id and day < r.day;
            select min(day) into next_day from learner_day where learner_id = r.user_id and day > r.day;
            -- The new day counts from itself until the next day or the window's end; the previous
            -- day's count now stops at the new day instead of the next one.
            perform kpi_bump(r.user_id, null, r.day, a1 => 1, a7 => 1, a30 => 1);
            foreach w in array array[1, 7, 30] loop
                perform kpi_bump(r.user_id, null, least(r.day + w, coalesce(next_day, r.day + w)),
                                 a1 => -(w = 1)::int, a7 => -(w = 7)::int, a30 => -(w = 30)::int);
                if prev_day is not null and prev_day + w > r.day then
                    perform kpi_bump(r.user_id, null, least(prev_day + w, coalesce(next_day, prev_day + w)),
                                     a1 => (w = 1)::int, a7 => (w = 7)::int, a30 => (w = 30)::int);
                    perform kpi_bump(r.user_id, null, r.day,
                                     a1 => -(w = 1)::int, a7 => -(w = 7)::int, a30 => -(w = 30)::int);
                end if;
            end loop;
        end if;
    end loop;
    perform kpi_flush();
    return null;
end $$;
create trigger activity_event_kpi after insert on activity_event
    referencing new table as inserted for each statement execute function kpi_on_activity();

create function kpi_on_enrolment() returns trigger language plpgsql as $$
begin
    if kpi_bulk() then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform kpi_bump(old.learner_id, old.learning_path_id, (old.enrolled_at at time zone 'UTC')::date, enrolled => -1);
        if old.completed_at is not null then
            perform kpi_bump(old.learner_id, old.learning_path_id, (old.completed_at at time zone 'UTC')::date, completed => -1);
        end if;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform kpi_bump(new.learner_id, new.learning_path_id, (new.enrolled_at at time zone 'UTC')::date, enrolled => 1);
        if new.completed_at is not null then
            perform kpi_bump(new.learner_id, new.learning_path_id, (new.completed_at at time zone 'UTC')::date, completed => 1);
        end if;
    end if;
    return null;
end $$;
create trigger enrolment_kpi after insert or delete on enrolment for each row execute function kpi_on_enrolment();
create trigger enrolment_kpi_apply after insert or update or delete on enrolment
    for each statement execute function kpi_after_statement();
create trigger enrolment_kpi_update after update on enrolment for each row
    when (old.learner_id is distinct from new.learner_id or old.learning_path_id is distinct from new.learning_path_id
          or old.enrolled_at is distinct from new.enrolled_at or old.completed_at is distinct from new.completed_at)
    execute function kpi_on_enrolment();

-- One submission's part in the rollups, with `sign` -1 to take it back.
create function kpi_submission(s submission, sign integer) returns void language plpgsql as $$
declare
    path bigint;
    pass integer;
begin
    select m.learning_path_id, a.pass_score into path, pass
      from assessment a join module m on m.module_id = a.module_id where a.assessment_id = s.assessment_id;
    perform kpi_bump(s.learner_id, path, (s.submitted_at at time zone 'UTC')::date, submitted => sign, backlog => sign);
    if s.status <> 'pending' then
        perform kpi_bump(s.learner_id, path, (s.graded_at at time zone 'UTC')::date, backlog => -sign, graded => sign,
                         scored => sign * (s.score is not null)::int, score_sum => sign * coalesce(s.score, 0),
                         passed => sign * coalesce((s.score >= pass)::int, 0));
        if s.graded_by is not null then
            perform kpi_bump_turnaround(s.learner_id, path, (s.graded_at at time zone 'UTC')::date,
                                        greatest(0, floor(extract(epoch from s.graded_at - s.submitted_at) / 3600))::integer, sign);
        end if;
    end if;
end $$;

create function kpi_on_submission() returns trigger language plpgsql as $$
begin
    if kpi_bulk() then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform kpi_submission(old, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform kpi_submission(new, 1);
    end if;
    return null;
end $$;
create trigger submission_kpi after insert or delete on submission for each row execute function kpi_on_submission();
create trigger submission_kpi_apply after insert or update or delete on submission
    for each statement execute function kpi_after_statement();
create trigger submission_kpi_update after update on submission for each row
    when (old.status is distinct from new.status or old.score is distinct from new.score or old.graded_at is distinct from new.graded_at
          or old.graded_by is distinct from new.graded_by or old.submitted_at is distinct from new.submitted_at
          or old.learner_id is distinct from new.learner_id or old.assessment_id is distinct from new.assessment_id)
    execute function kpi_on_submission();

create function kpi_on_risk() returns trigger language plpgsql as $$
declare
    was boolean := case when tg_op = 'INSERT' then false else old.at_risk end;
    now_at boolean := case when tg_op = 'DELETE' then false else new.at_risk end;
begin
    if kpi_bulk() or was = now_at then
        return null;
    end if;
    perform kpi_bump(coalesce(new.learner_id, old.learner_id), null, current_date, at_risk => case when now_at then 1 else -1 end);
    return null;
end $$;
create trigger learner_risk_kpi after insert or delete on learner_risk for each row execute function kpi_on_risk();
create trigger learner_risk_kpi_apply after insert or update or delete on learner_risk
    for each statement execute function kpi_after_statement();
-- The daily rescore rewrites every learner's row: only a change of verdict reaches the rollups.
create trigger learner_risk_kpi_update after update of at_risk on learner_risk for each row
    when (old.at_risk is distinct from new.at_risk) execute function kpi_on_risk();

-- Everything again from the facts: after a bulk load, and as the reference the triggers are
-- tested against.
create function kpi_rebuild() returns void language plpgsql as $$
begin
    lock table kpi_day, kpi_turnaround, kpi_cohort, kpi_membership, learner_day in exclusive mode;
    -- A national-scale rebuild groups hundreds of millions of rows: in memory, not on disk.
    perform set_config('work_mem', '512MB', true);
    truncate kpi_day, kpi_turnaround, kpi_cohort, kpi_membership, learner_day, kpi_credit, kpi_pending;
    insert into learner_day (learner_id, day)
    select distinct e.user_id, (e.occurred_at at time zone 'UTC')::date
      from activity_event e join app_user u on u.user_id = e.user_id and u.role = 'learner'
     where e.kind <> 'sign_in';
    insert into kpi_membership (learner_id, cohort_id, client_org_id, learning_path_id)
    select cm.learner_id, c.cohort_id, c.client_org_id, c.learning_path_id
      from cohort_member cm join cohort c using (cohort_id) join app_user u on u.user_id = cm.learner_id and u.role = 'learner';
    insert into kpi_credit (learner_id, client_org_id, learning_path_id, cohort_id, sign)
    select user_id, 0, 0, 0, 1 from app_user where role = 'learner'
    union all select distinct learner_id, client_org_id, 0, 0, 1 from kpi_membership
    union all select distinct learner_id, 0, learning_path_id, 0, 1 from kpi_membership
    union all select distinct learner_id, client_org_id, learning_path_id, 0, 1 from kpi_membership
    union all select learner_id, client_org_id, learning_path_id, cohort_id, 1 from kpi_membership;
    analyze learner_day, kpi_membership, kpi_credit;
    perform kpi_apply_credits();
end $$;

-- The weekly rollup the first dashboard read is superseded by kpi_day.
drop trigger activity_event_roll_up on activity_event;
drop function roll_up_activity();
drop table weekly_activity;

select kpi_rebuild();
