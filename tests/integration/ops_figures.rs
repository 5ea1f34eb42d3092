//! The KPI rollups stay equal to the facts they summarise, whatever happens in whatever order,
//! and the dashboard shows them for the filters in its address.

use crate::common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::PgPool;

/// Every rollup row that is not all zeros, levels summed per segment (the rebuild counts the
/// levels that have no history from today, the triggers from the day they moved).
async fn snapshot(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select format('%s/%s/%s/%s %s %s %s %s %s %s %s %s %s %s %s %s', client_org_id, learning_path_id, cohort_id, day,
                       d_active_1, d_active_7, d_active_30, d_backlog, lessons_completed, enrolments, paths_completed,
                       submitted, graded, scored, score_sum, passed)
           from kpi_day
          where (d_active_1, d_active_7, d_active_30, d_backlog, lessons_completed, enrolments, paths_completed,
                 submitted, graded, scored, score_sum, passed) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
         union all
         select format('level %s/%s/%s %s %s', client_org_id, learning_path_id, cohort_id, sum(d_members), sum(d_at_risk))
           from kpi_day group by client_org_id, learning_path_id, cohort_id
         having sum(d_members) <> 0 or sum(d_at_risk) <> 0
         union all
         select format('turnaround %s/%s/%s/%s/%s %s %s %s %s %s %s', client_org_id, learning_path_id, cohort_id, day, hours, n,
                       feedback, open_answers, open_rubric, ai_pairs, ai_agree)
           from kpi_turnaround where (n, feedback, open_answers, open_rubric, ai_pairs, ai_agree) <> (0, 0, 0, 0, 0, 0)
         union all
         select format('cohort %s %s %s %s', cohort_id, members, at_risk, backlog) from kpi_cohort
          where (members, at_risk, backlog) <> (0, 0, 0)
         order by 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// One random change of a kind the app makes (or an import could), run through the triggers.
async fn random_change(pool: &PgPool, rng: &mut ChaCha8Rng, learners: &[i64], cohorts: &[i64]) {
    let learner = learners[rng.gen_range(0..learners.len())];
    let cohort = cohorts[rng.gen_range(0..cohorts.len())];
    let days_ago: i32 = rng.gen_range(0..90);
    let sql = match rng.gen_range(0..13) {
        // Learning on any day, backdated as an offline sync would be; several at once.
        0 | 1 => format!(
            "insert into activity_event (user_id, kind, lesson_id, minutes, occurred_at)
             select {learner}, k, (select min(lesson_id) + {} from lesson), 3, now() - make_interval(days => ({days_ago} + g % 3)::int)
               from unnest(array['lesson_started', 'lesson_completed', 'sign_in']::activity_kind[]) with ordinality as t(k, g)",
            rng.gen_range(0..10)
        ),
        2 => format!("insert into cohort_member (cohort_id, learner_id) values ({cohort}, {learner}) on conflict do nothing"),
        3 => format!(
            "delete from cohort_member where (cohort_id, learner_id) =
               (select cohort_id, learner_id from cohort_member where learner_id = {learner} order by cohort_id limit 1)"
        ),
        4 => "update submission set status = 'graded', score = (submission_id * 7) % 101, graded_at = now(), graded_by =
                (select min(user_id) from app_user where role = 'trainer'), feedback = case when submission_id % 2 = 0 then 'Good.' end
               where submission_id = (select min(submission_id) from submission where status = 'pending')"
            .to_owned(),
        5 => format!(
            "insert into submission (assessment_id, learner_id, answers, submitted_at)
             values ((select min(assessment_id) from assessment), {learner}, '{{}}', now() - make_interval(days => {days_ago}))"
        ),
        6 => format!("update learner_risk set at_risk = not at_risk where learner_id = {learner}"),
        7 => format!(
            "update enrolment set completed_at = case when completed_at is null then greatest(enrolled_at, now() - make_interval(days => {days_ago})) end
              where enrolment_id = (select min(enrolment_id) from enrolment where learner_id = {learner})"
        ),
        // Feedback written, blanked or taken away after grading.
        8 => format!(
            "update submission set feedback = (array['Well argued.', '  ', null])[1 + {} % 3]
              where submission_id = (select submission_id from submission where graded_by is not null order by submission_id limit 1 offset {})",
            rng.gen_range(0..3),
            rng.gen_range(0..20)
        ),
        // An open item's rubric cut to one criterion, or grown back by repeating its first.
        9 => format!(
            "update assessment_item set rubric = jsonb_set(rubric, '{{criteria}}',
                    case when {} = 0 then jsonb_build_array(rubric -> 'criteria' -> 0)
                         else (rubric -> 'criteria') || jsonb_build_array(rubric -> 'criteria' -> 0) end)
              where (assessment_id, position) = (select assessment_id, position from assessment_item where kind = 'open'
                                                  order by assessment_id, position limit 1 offset {})",
            rng.gen_range(0..2),
            rng.gen_range(0..3)
        ),
        // The pre-scorer writing (or rewriting) a pre-score of work already graded.
        10 => format!(
            "insert into prescore (submission_id, position, model_version, basis, levels, confidence, reasons, features)
             select s.submission_id, i.position, 'test', md5('x'), array_fill({}::smallint, array[jsonb_array_length(i.rubric -> 'criteria')]),
                    0.5, '[]', '{{}}'
               from submission s join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open'
              where s.status = 'graded' and s.graded_by is not null
              order by s.submission_id, i.position limit 1 offset {}
             on conflict (submission_id, position) do update set levels = excluded.levels",
            rng.gen_range(0..3),
            rng.gen_range(0..15)
        ),
        // Graded work removed, with its pre-scores.
        11 => format!(
            "delete from submission where submission_id =
               (select submission_id from submission where graded_by is not null order by submission_id desc limit 1 offset {})",
            rng.gen_range(0..10)
        ),
        _ => format!(
            "update cohort set learning_path_id = (select min(learning_path_id) from learning_path where learning_path_id <> cohort.learning_path_id)
              where cohort_id = {cohort}"
        ),
    };
    sqlx::query(&sql).execute(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[sqlx::test(migrations = "./migrations")]
async fn rollups_kept_by_triggers_equal_a_rebuild_from_the_facts(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let learners: Vec<i64> =
        sqlx::query_scalar("select user_id from app_user where role = 'learner' order by user_id").fetch_all(pool).await.unwrap();
    let cohorts: Vec<i64> = sqlx::query_scalar("select cohort_id from cohort order by cohort_id").fetch_all(pool).await.unwrap();
    // The seed rebuilt the rollups; the triggers must keep them where a rebuild would put them.
    let mut rng = ChaCha8Rng::seed_from_u64(20261124);
    for round in 0..4 {
        for _ in 0..60 {
            random_change(pool, &mut rng, &learners, &cohorts).await;
        }
        let kept = snapshot(pool).await;
        sqlx::query("select kpi_rebuild()").execute(pool).await.unwrap();
        let rebuilt = snapshot(pool).await;
        let only_kept: Vec<_> = kept.iter().filter(|k| !rebuilt.contains(k)).take(5).collect();
        let only_rebuilt: Vec<_> = rebuilt.iter().filter(|k| !kept.contains(k)).take(5).collect();
        assert!(
            only_kept.is_empty() && only_rebuilt.is_empty(),
            "round {round}: triggers and rebuild disagree\nkept only: {only_kept:?}\nrebuilt only: {only_rebuilt:?}"
        );
        assert!(kept.len() > 100, "the demo world fills the rollups");
    }
    let with_pairs: i64 = sqlx::query_scalar("select count(*) from kpi_turnaround where ai_pairs > 0").fetch_one(pool).await.unwrap();
    assert!(with_pairs > 0, "pre-scores of graded work were among the changes");
}

#[sqlx::test(migrations = "./migrations")]
async fn rollups_count_what_the_raw_facts_say(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let learners: Vec<i64> =
        sqlx::query_scalar("select user_id from app_user where role = 'learner' order by user_id").fetch_all(pool).await.unwrap();
    let cohorts: Vec<i64> = sqlx::query_scalar("select cohort_id from cohort order by cohort_id").fetch_all(pool).await.unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..80 {
        random_change(pool, &mut rng, &learners, &cohorts).await;
    }
    let client: i64 = sqlx::query_scalar("select min(client_org_id) from client_org").fetch_one(pool).await.unwrap();
    // Learners active in the W days to a day, counted straight from the events, for everyone and
    // for one client's learners, against the running sums of the rollup.
    let mismatches: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "with ends as (select (current_date - g)::date as e from generate_series(0, 84, 3) g),
              w as (select unnest(array[7, 30]) as w)
         select format('%s over %s days', e, w),
                (select coalesce(sum(case w when 7 then d_active_7 else d_active_30 end), 0)::int8 from kpi_day
                  where (client_org_id, learning_path_id, cohort_id) = (0, 0, 0) and day <= e),
                (select count(distinct a.user_id) from activity_event a join app_user u on u.user_id = a.user_id and u.role = 'learner'
                  where a.kind <> 'sign_in' and (a.occurred_at at time zone 'UTC')::date between e - w + 1 and e),
                (select coalesce(sum(case w when 7 then d_active_7 else d_active_30 end), 0)::int8 from kpi_day
                  where (client_org_id, learning_path_id, cohort_id) = ($1, 0, 0) and day <= e),
                (select count(distinct a.user_id) from activity_event a
                   join cohort_member m on m.learner_id = a.user_id join cohort c on c.cohort_id = m.cohort_id and c.client_org_id = $1
                  where a.kind <> 'sign_in' and (a.occurred_at at time zone 'UTC')::date between e - w + 1 and e)
           from ends, w",
    )
    .bind(client)
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .filter(|(_, a, b, c, d)| a != b || c != d)
    .collect();
    assert!(mismatches.is_empty(), "{mismatches:?}");
    let (rolled, raw): (i64, i64) = sqlx::query_as(
        "select (select sum(d_backlog)::int8 from kpi_day where (client_org_id, learning_path_id, cohort_id) = (0, 0, 0)),
                (select count(*) from submission where status = 'pending')",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(rolled, raw, "work waiting for a grade");
    let (rolled, raw): (i64, i64) = sqlx::query_as(
        "select (select sum(lessons_completed)::int8 from kpi_day where (client_org_id, learning_path_id, cohort_id) = (0, 0, 0)),
                (select count(*) from activity_event a join app_user u on u.user_id = a.user_id and u.role = 'learner'
                  where a.kind = 'lesson_completed')",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(rolled, raw, "lessons completed");
    let (rolled, raw): (i64, i64) = sqlx::query_as(
        "select (select sum(d_at_risk)::int8 from kpi_day where (client_org_id, learning_path_id, cohort_id) = (0, 0, 0)),
                (select count(*) from learner_risk where at_risk)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(rolled, raw, "learners at risk");
}

/// The text of the element with `id`'s `.value` paragraph.
#[sqlx::test(migrations = "./migrations")]
async fn the_dashboard_filters_by_client_and_refuses_what_it_cannot_show(pool: PgPool) {
    let app = spawn(pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops").await;
    assert_eq!(page.status, 200);
    let pending = count(&app.pool, "select count(*) from submission where status = 'pending'").await;
    assert_eq!(tile_value(&page.body, "kpi-backlog"), pending.to_string());
    let active = count(
        &app.pool,
        "select count(distinct a.user_id) from activity_event a join app_user u on u.user_id = a.user_id and u.role = 'learner'
          where a.kind <> 'sign_in' and (a.occurred_at at time zone 'UTC')::date > current_date - 7",
    )
    .await;
    assert_eq!(tile_value(&page.body, "kpi-active"), active.to_string());
    assert!(page.body.matches("<tr>").count() >= 12, "twelve weeks of trend");

    let (client, name): (i64, String) =
        sqlx::query_as("select client_org_id, name from client_org order by client_org_id limit 1").fetch_one(&app.pool).await.unwrap();
    let page = ops.get(&format!("/ops?client={client}&from=&to=")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("<strong translate=\"no\">{name}</strong>")), "the view says whose figures these are");
    let theirs = count(
        &app.pool,
        &format!(
            "select count(*) from submission s where s.status = 'pending' and exists (
               select 1 from cohort_member m join cohort c using (cohort_id) where m.learner_id = s.learner_id and c.client_org_id = {client})"
        ),
    )
    .await;
    assert!(theirs <= pending);
    assert_eq!(tile_value(&page.body, "kpi-backlog"), theirs.to_string());

    for (query, message) in [
        ("from=2026-02-30", "Enter the date as year-month-day"),
        ("from=2026-11-10&to=2026-11-01", "The end date is before the start date."),
        ("to=2999-01-01", "That day has not come yet."),
        ("from=2020-01-01&to=2022-01-01", "A view covers at most 366 days."),
        ("client=999999", "There is no such client organisation."),
        ("path=abc", "This learning path no longer exists."),
    ] {
        let page = ops.get(&format!("/ops?{query}")).await;
        assert_eq!(page.status, 200, "{query}");
        assert!(page.body.contains(message), "{query}: {message}");
        assert!(page.body.contains("aria-invalid=\"true\""), "{query}: the field is marked");
        assert!(!page.body.contains("id=\"kpi-backlog\""), "{query}: no figures for a view that cannot be shown");
    }
}
