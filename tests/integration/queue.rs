//! The grading queue: only the trainer's own cohorts' pending work, narrowed by cohort, assessment
//! and flag, in two orders, in keyset pages that together list each submission once.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

/// The submission ids of every queue page, following the "next" links from `url`.
async fn walk(b: &mut Browser, mut url: String) -> Vec<i64> {
    let mut seen = Vec::new();
    for _ in 0..200 {
        let page = b.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        seen.extend(page.body.split(r#"<tr data-submission=""#).skip(1).map(|r| r.split('"').next().unwrap().parse::<i64>().unwrap()));
        match page.body.split(r#"id="next-page" href=""#).nth(1) {
            Some(rest) => url = rest.split('"').next().unwrap().replace("&amp;", "&"),
            None => return seen,
        }
    }
    panic!("the queue never ended");
}

async fn ids(pool: &PgPool, sql: &str, trainer: i64) -> Vec<i64> {
    sqlx::query_scalar(sql).bind(trainer).fetch_all(pool).await.unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn the_queue_lists_the_trainers_pending_work_once_in_either_order(pool: PgPool) {
    let app = spawn(pool).await;
    let trainer = user_id(&app.pool, TRAINER).await;
    // Enough work for several pages, some flagged, some pre-scored with a confidence, some not.
    sqlx::query(
        "insert into submission (assessment_id, learner_id, answers, submitted_at, ai_score, ai_confidence, flagged)
         select s.assessment_id, s.learner_id, s.answers, s.submitted_at - (g * interval '1 hour'),
                case when g % 3 = 0 then null else 50 + g % 40 end,
                case when g % 3 = 0 then null else (g % 10) / 10.0 end,
                g % 7 = 0
           from submission s join cohort c on c.cohort_id = s.cohort_id, generate_series(1, 30) g
          where c.trainer_id = $1 and s.status = 'pending'",
    )
    .bind(trainer)
    .execute(&app.pool)
    .await
    .unwrap();
    let mut b = signed_in(&app, TRAINER).await;

    let oldest = ids(
        &app.pool,
        "select s.submission_id from submission s join cohort c on c.cohort_id = s.cohort_id
          where c.trainer_id = $1 and s.status = 'pending' order by s.submitted_at, s.submission_id",
        trainer,
    )
    .await;
    assert!(oldest.len() > 60, "several pages: {}", oldest.len());
    assert_eq!(walk(&mut b, "/train/queue".into()).await, oldest);

    let uncertain = ids(
        &app.pool,
        "select s.submission_id from submission s join cohort c on c.cohort_id = s.cohort_id
          where c.trainer_id = $1 and s.status = 'pending' order by coalesce(s.ai_confidence, -1), s.submission_id",
        trainer,
    )
    .await;
    assert_eq!(walk(&mut b, "/train/queue?sort=uncertain".into()).await, uncertain);

    let flagged = ids(
        &app.pool,
        "select s.submission_id from submission s join cohort c on c.cohort_id = s.cohort_id
          where c.trainer_id = $1 and s.status = 'pending' and s.flagged order by s.submitted_at, s.submission_id",
        trainer,
    )
    .await;
    assert!(!flagged.is_empty());
    assert_eq!(walk(&mut b, "/train/queue?flagged=1".into()).await, flagged);
    let page = b.get("/train/queue?flagged=1").await.body;
    assert!(page.contains(&format!("{} submissions", flagged.len())), "the count follows the filter");
}

#[sqlx::test(migrations = "./migrations")]
async fn the_queue_narrows_to_one_of_the_trainers_cohorts_and_no_one_elses(pool: PgPool) {
    let app = spawn(pool).await;
    let trainer = user_id(&app.pool, TRAINER).await;
    let (mine, assessment): (i64, i64) = sqlx::query_as(
        "select s.cohort_id, s.assessment_id from submission s join cohort c on c.cohort_id = s.cohort_id
          where c.trainer_id = $1 and s.status = 'pending' order by 1, 2 limit 1",
    )
    .bind(trainer)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let theirs: i64 = sqlx::query_scalar("select cohort_id from cohort where trainer_id <> $1 order by 1 limit 1")
        .bind(trainer)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut b = signed_in(&app, TRAINER).await;
    let expected: Vec<i64> = sqlx::query_scalar(
        "select submission_id from submission where cohort_id = $1 and assessment_id = $2 and status = 'pending'
          order by submitted_at, submission_id",
    )
    .bind(mine)
    .bind(assessment)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(walk(&mut b, format!("/train/queue?cohort={mine}&assessment={assessment}")).await, expected);
    assert_eq!(b.get(&format!("/train/queue?cohort={theirs}")).await.status, StatusCode::FORBIDDEN);
    // A cursor that is no submission at all, and garbage in the filters, serve something sensible.
    assert!(b.get("/train/queue?after=999999999").await.body.contains("This page of the queue is out of date"));
    assert_eq!(b.get("/train/queue?cohort=x&sort=sideways").await.status, StatusCode::OK);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_new_submission_is_queued_through_the_learners_cohort(pool: PgPool) {
    let app = spawn(pool).await;
    let (learner, assessment, cohort): (i64, i64, i64) = sqlx::query_as(
        "select cm.learner_id, a.assessment_id, c.cohort_id
           from cohort_member cm join cohort c using (cohort_id) join module m on m.learning_path_id = c.learning_path_id
           join assessment a on a.module_id = m.module_id
          where not exists (select 1 from cohort_member o join cohort oc using (cohort_id)
                             where o.learner_id = cm.learner_id and oc.learning_path_id = c.learning_path_id and oc.cohort_id <> c.cohort_id)
          order by 1, 2 limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let through: Option<i64> =
        sqlx::query_scalar("insert into submission (assessment_id, learner_id, answers) values ($1, $2, '{}') returning cohort_id")
            .bind(assessment)
            .bind(learner)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(through, Some(cohort));
}
