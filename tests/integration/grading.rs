//! Grading one submission: the rubric's levels make the open answer's points and the score, the
//! learner sees grade and feedback, a save from an older page is refused with the saved grade
//! shown, bad levels and work that is not pending change nothing, flags need a reason, and
//! "Save and next" follows the queue's order. Another trainer, a learner and operations reach none
//! of it.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

/// Amina's latest module check (a single-choice, a fill-in and an open item worth 6), made to
/// wait for a grade again, with the cohort and assessment it belongs to.
async fn amina_waiting(pool: &PgPool) -> (i64, i64) {
    let learner = user_id(pool, LEARNER).await;
    let (submission, assessment): (i64, i64) = sqlx::query_as(
        "select s.submission_id, s.assessment_id from submission s
          where s.learner_id = $1 and exists (select 1 from assessment_item i where i.assessment_id = s.assessment_id and i.kind = 'open')
          order by s.submitted_at desc limit 1",
    )
    .bind(learner)
    .fetch_one(pool)
    .await
    .expect("the demo learner handed in a module check");
    sqlx::query(
        "update submission set status = 'pending', score = null, trainer_score = null, graded_at = null, graded_by = null,
                feedback = null, points_awarded = 0,
                item_results = (select jsonb_agg(e - 'levels' || case when (e->>'position')::int = 3
                                   then jsonb_build_object('points', 0, 'correct', null) else '{}'::jsonb end order by (e->>'position')::int)
                                  from jsonb_array_elements(item_results) e)
          where submission_id = $1",
    )
    .bind(submission)
    .execute(pool)
    .await
    .unwrap();
    (submission, assessment)
}

fn levels(p: i32, picks: &[usize]) -> Vec<(String, String)> {
    picks.iter().enumerate().map(|(c, l)| (format!("levels[p{p}-c{c}]"), l.to_string())).collect()
}

async fn grade(b: &mut Browser, submission: i64, version: i32, mode: &str, picks: &[usize], feedback: &str, then: &str) -> Reply {
    grade_with(b, submission, version, mode, picks, feedback, &[("then", then)]).await
}

async fn grade_with(
    b: &mut Browser,
    submission: i64,
    version: i32,
    mode: &str,
    picks: &[usize],
    feedback: &str,
    extra: &[(&str, &str)],
) -> Reply {
    let (s, v) = (submission.to_string(), version.to_string());
    let owned = levels(3, picks);
    let mut form: Vec<(&str, &str)> = vec![("submission", &s), ("version", &v), ("mode", mode), ("feedback", feedback)];
    form.extend(owned.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    form.extend_from_slice(extra);
    form.push(("sort", "oldest"));
    b.post_form("/api/trainer/grade_submission", &form).await
}

async fn stored(pool: &PgPool, submission: i64) -> (String, Option<i32>, i32, Option<String>, serde_json::Value) {
    sqlx::query_as("select status::text, score, version, feedback, item_results from submission where submission_id = $1")
        .bind(submission)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn a_grade_turns_rubric_levels_into_points_and_the_learner_reads_it(pool: PgPool) {
    let app = spawn(pool).await;
    let (submission, assessment) = amina_waiting(&app.pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let page = trainer.get(&format!("/train/submissions/{submission}?sort=uncertain")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Right and complete: everything the lessons teach on this"), "the rubric's descriptors show");
    assert!(page.body.contains(r#"name="levels[p3-c2]""#) && page.body.contains(r#"name="sort" value="uncertain""#));

    let (auto_points, auto_max): (i32, i32) = sqlx::query_as("select auto_points, auto_max from submission where submission_id = $1")
        .bind(submission)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // Levels 3, 2 and 1 of three 0–3 criteria: 6 of 9, so 4 of the item's 6 points.
    let r = grade(&mut trainer, submission, 1, "grade", &[3, 2, 1], "Good: <b>check the fuse</b> first.", "stay").await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/submissions/{submission}?sort=oldest").as_str()));
    let (status, score, version, feedback, results) = stored(&app.pool, submission).await;
    let expected = (auto_points + 4) * 100 / (auto_max + 6);
    assert_eq!((status.as_str(), score, version), ("graded", Some(expected), 2));
    assert_eq!(feedback.as_deref(), Some("Good: <b>check the fuse</b> first."));
    let open = results.as_array().unwrap().iter().find(|x| x["position"] == 3).unwrap();
    assert_eq!((open["points"].as_i64(), open["levels"].clone()), (Some(4), serde_json::json!([3, 2, 1])));
    assert_eq!(open["correct"], true, "4 of 6 is at least half");
    let audit =
        count(&app.pool, &format!("select count(*) from audit_log where action = 'submission_graded' and target_id = {submission}")).await;
    assert_eq!(audit, 1);
    let back = trainer.get(&format!("/train/submissions/{submission}")).await.body;
    assert!(back.contains(&format!("scored {expected}%")), "the notice names the score");

    let mut learner = signed_in(&app, LEARNER).await;
    let result = learner.get(&format!("/learn/assessments/{assessment}/result/{submission}")).await.body;
    assert!(result.contains("Good: &lt;b&gt;check the fuse&lt;/b&gt; first."), "feedback shows, escaped");
    assert!(result.contains("Graded by your trainer: 4 of 6 points"), "{result}");
    assert!(
        result.contains("Hard to follow: the order or the words confuse") && !result.contains("Mostly clear; one part needs reading twice")
    );
    assert!(result.contains("Right and complete: everything the lessons teach on this"), "the level picked per criterion shows");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_save_from_an_older_page_is_refused_and_shows_the_saved_grade(pool: PgPool) {
    let app = spawn(pool).await;
    let (submission, _) = amina_waiting(&app.pool).await;
    let mut first = signed_in(&app, TRAINER).await;
    let mut second = signed_in(&app, TRAINER).await;
    // Both open the page at version 1; the first saves.
    grade(&mut first, submission, 1, "grade", &[3, 3, 3], "Excellent.", "stay").await;
    let r = grade(&mut second, submission, 1, "grade", &[0, 0, 0], "Not there yet, my words", "stay").await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/submissions/{submission}?sort=oldest").as_str()));
    let (_, score, version, feedback, _) = stored(&app.pool, submission).await;
    assert_eq!((version, feedback.as_deref()), (2, Some("Excellent.")), "the first grade stands");
    assert!(score.is_some());
    let page = second.get(&format!("/train/submissions/{submission}")).await.body;
    assert!(page.contains("Someone saved a grade for this work while you were grading it"), "{page}");
    assert!(page.contains("Excellent."), "the saved grade shows");
    let saved = page.split(r#"id="saved-feedback""#).nth(1).unwrap_or_default();
    assert!(saved.split("</dd>").next().unwrap_or_default().contains("Excellent."), "the saved feedback: {saved}");
    assert!(page.contains("Not there yet, my words"), "what the second trainer typed is kept");
    assert!(page.contains(r#"name="mode" value="regrade""#) && page.contains(r#"name="version" value="2""#));
    assert_eq!(
        count(&app.pool, &format!("select count(*) from audit_log where target_id = {submission} and action like 'submission_%'")).await,
        1
    );

    // Saving again on purpose replaces it, audited as a regrade with both scores.
    grade(&mut second, submission, 2, "regrade", &[0, 0, 0], "Not there yet, my words", "stay").await;
    let (_, new_score, version, feedback, _) = stored(&app.pool, submission).await;
    assert_eq!((version, feedback.as_deref()), (3, Some("Not there yet, my words")));
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'submission_regraded' and target_id = $1")
            .bind(submission)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((detail["from"].as_i64(), detail["to"].as_i64()), (score.map(i64::from), new_score.map(i64::from)));
}

async fn page(b: &mut Browser, submission: i64) -> String {
    b.get(&format!("/train/submissions/{submission}")).await.body
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_grades_are_refused_with_a_message_and_change_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let (submission, _) = amina_waiting(&app.pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let before = stored(&app.pool, submission).await;
    // A level the rubric does not have, a criterion left out, feedback too long, a regrade of
    // ungraded work: each named, nothing stored.
    grade(&mut trainer, submission, 1, "grade", &[3, 9, 1], "Kept feedback", "stay").await;
    let body = page(&mut trainer, submission).await;
    assert!(body.contains("Question 3: criterion 2 has no such level") && body.contains("Kept feedback"), "{body}");
    grade(&mut trainer, submission, 1, "grade", &[3, 2], "", "stay").await;
    assert!(page(&mut trainer, submission).await.contains("Question 3: pick a level for criterion 3."));
    grade(&mut trainer, submission, 1, "grade", &[3, 2, 1], &"x".repeat(4_001), "stay").await;
    assert!(page(&mut trainer, submission).await.contains("Keep the feedback to 4,000 characters."));
    grade(&mut trainer, submission, 1, "regrade", &[3, 2, 1], "", "stay").await;
    assert!(page(&mut trainer, submission).await.contains("This work has not been graded yet"));
    assert_eq!(stored(&app.pool, submission).await, before);

    // Graded work is not graded again by a plain grade.
    grade(&mut trainer, submission, 1, "grade", &[1, 1, 1], "", "stay").await;
    let after = stored(&app.pool, submission).await;
    grade(&mut trainer, submission, 2, "grade", &[2, 2, 2], "", "stay").await;
    assert!(page(&mut trainer, submission).await.contains("This work is no longer waiting for a grade (it is graded)"));
    assert_eq!(stored(&app.pool, submission).await, after);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_flag_needs_a_reason_and_shows_in_the_queue(pool: PgPool) {
    let app = spawn(pool).await;
    let (submission, _) = amina_waiting(&app.pool).await;
    sqlx::query("update submission set flagged = false, flag_reason = null where submission_id = $1")
        .bind(submission)
        .execute(&app.pool)
        .await
        .unwrap();
    let mut trainer = signed_in(&app, TRAINER).await;
    let s = submission.to_string();
    trainer.post_form("/api/trainer/flag_submission", &[("submission", &s), ("reason", "  ")]).await;
    assert!(trainer.get(&format!("/train/submissions/{s}")).await.body.contains("Say why you flag this work"));
    let flagged: bool =
        sqlx::query_scalar("select flagged from submission where submission_id = $1").bind(submission).fetch_one(&app.pool).await.unwrap();
    assert!(!flagged);

    let r = trainer
        .post_form(
            "/api/trainer/flag_submission",
            &[("submission", &s), ("reason", "Answer matches <i>another</i> learner's"), ("flagged", "1")],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/submissions/{s}?sort=oldest&flagged=1#flag").as_str()));
    let page = trainer.get(&format!("/train/submissions/{s}")).await.body;
    assert!(
        page.contains("Answer matches &lt;i&gt;another&lt;/i&gt; learner&#x27;s")
            || page.contains("Answer matches &lt;i&gt;another&lt;/i&gt; learner's")
    );
    let queue = trainer.get("/train/queue?flagged=1").await.body;
    assert!(queue.contains(&format!(r#"data-submission="{s}""#)), "flagged work is in the flagged view");
    trainer.post_form("/api/trainer/flag_submission", &[("submission", &s), ("clear", "1")]).await;
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_log where target_id = $1 and action like 'submission_%' order by audit_log_id")
            .bind(submission)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(actions, ["submission_flagged", "submission_unflagged"]);
}

#[sqlx::test(migrations = "./migrations")]
async fn save_and_next_follows_the_queue_order_and_ends_at_the_queue(pool: PgPool) {
    let app = spawn(pool).await;
    let trainer_id = user_id(&app.pool, TRAINER).await;
    let order: Vec<(i64, i32)> = sqlx::query_as(
        "select s.submission_id, s.version from submission s join cohort c on c.cohort_id = s.cohort_id
          where c.trainer_id = $1 and s.status = 'pending' order by coalesce(s.ai_confidence, -1), s.submission_id",
    )
    .bind(trainer_id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(order.len() >= 2);
    let mut trainer = signed_in(&app, TRAINER).await;
    // "Save and next" from the least-certain view, levels 2, 2, 2 (the open items all have three criteria).
    let save_next = |(id, version): (i64, i32)| {
        let (s, v) = (id.to_string(), version.to_string());
        let mut b = trainer.another_tab();
        async move {
            let form = [
                ("submission", s.as_str()),
                ("version", &v),
                ("mode", "grade"),
                ("then", "next"),
                ("sort", "uncertain"),
                ("levels[p3-c0]", "2"),
                ("levels[p3-c1]", "2"),
                ("levels[p3-c2]", "2"),
            ];
            b.post_form("/api/trainer/grade_submission", &form).await
        }
    };
    let r = save_next(order[0]).await;
    assert_eq!(r.location, Some(format!("/train/submissions/{}?sort=uncertain", order[1].0)));

    // From the last one, "next" ends at the queue with a notice.
    let r = save_next(*order.last().unwrap()).await;
    assert_eq!(r.location.as_deref(), Some("/train/queue?sort=uncertain"));
    assert!(trainer.get("/train/queue?sort=uncertain").await.body.contains("Nothing else waits after that one in this order"));
}

#[sqlx::test(migrations = "./migrations")]
async fn no_one_but_the_cohorts_trainer_reaches_a_submission(pool: PgPool) {
    let app = spawn(pool).await;
    let (submission, _) = amina_waiting(&app.pool).await;
    let other: String =
        sqlx::query_scalar("select u.email from app_user u where u.role = 'trainer' and u.email <> $1 order by u.user_id limit 1")
            .bind(TRAINER)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let before = stored(&app.pool, submission).await;
    let s = submission.to_string();
    for who in [other.as_str(), LEARNER, OPS] {
        let mut b = signed_in(&app, who).await;
        assert_eq!(b.get(&format!("/train/submissions/{s}")).await.status, StatusCode::FORBIDDEN, "{who} reads it");
        let r = grade(&mut b, submission, 1, "grade", &[3, 3, 3], "mine now", "stay").await;
        assert!(matches!(r.status, StatusCode::FORBIDDEN), "{who} grades it: {}", r.status);
        let r = b.post_form("/api/trainer/flag_submission", &[("submission", &s), ("reason", "x")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} flags it");
    }
    assert_eq!(stored(&app.pool, submission).await, before);
    // A submission that does not exist is refused the same way.
    let mut trainer = signed_in(&app, TRAINER).await;
    assert_eq!(trainer.get("/train/submissions/999999999").await.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrations = "./migrations")]
async fn feedback_kept_in_the_bank_is_offered_again_and_added_with_a_tick(pool: PgPool) {
    let app = spawn(pool).await;
    let (first, _) = amina_waiting(&app.pool).await;
    let trainer_id = user_id(&app.pool, TRAINER).await;
    let mut trainer = signed_in(&app, TRAINER).await;

    // Nothing typed to keep: refused, nothing graded.
    grade_with(&mut trainer, first, 1, "grade", &[2, 2, 2], "", &[("keep", "1")]).await;
    assert!(page(&mut trainer, first).await.contains("Type the feedback you want to keep"));
    assert_eq!(stored(&app.pool, first).await.0, "pending");

    grade_with(&mut trainer, first, 1, "grade", &[2, 2, 2], "Check the fuse before the panel.", &[("keep", "1")]).await;
    let kept: Vec<(i64, i32)> = sqlx::query_as("select comment_bank_id, uses from comment_bank where trainer_id = $1 and body = $2")
        .bind(trainer_id)
        .bind("Check the fuse before the panel.")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    let mine = kept[0].0;
    // Another trainer's comment, ticked by an edited form, is not borrowed.
    let theirs: i64 = sqlx::query_scalar(
        "insert into comment_bank (trainer_id, body) select user_id, 'Not yours' from app_user
          where role = 'trainer' and user_id <> $1 order by user_id limit 1 returning comment_bank_id",
    )
    .bind(trainer_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();

    let (second, version): (i64, i32) = sqlx::query_as(
        "select s.submission_id, s.version from submission s join cohort c using (cohort_id)
          where c.trainer_id = $1 and s.status = 'pending' order by 1 limit 1",
    )
    .bind(trainer_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let offered = page(&mut trainer, second).await;
    assert!(offered.contains(&format!(r#"name="bank[c{mine}]""#)) && !offered.contains("Not yours"), "the bank is offered, mine only");
    let (tick_mine, tick_theirs) = (format!("bank[c{mine}]"), format!("bank[c{theirs}]"));
    grade_with(&mut trainer, second, version, "grade", &[2, 2, 2], "Well done.", &[(&tick_mine, "on"), (&tick_theirs, "on")]).await;
    assert_eq!(stored(&app.pool, second).await.3.as_deref(), Some("Well done.\nCheck the fuse before the panel."));
    let uses: i32 =
        sqlx::query_scalar("select uses from comment_bank where comment_bank_id = $1").bind(mine).fetch_one(&app.pool).await.unwrap();
    assert_eq!(uses, 1);

    // Only its owner takes a comment out of the bank.
    let other: String = sqlx::query_scalar("select email from app_user where role = 'trainer' and user_id <> $1 order by user_id limit 1")
        .bind(trainer_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (m, s) = (mine.to_string(), second.to_string());
    let mut them = signed_in(&app, &other).await;
    assert_eq!(them.post_form("/api/trainer/forget_comment", &[("comment", &m), ("submission", &s)]).await.status, StatusCode::FORBIDDEN);
    let r = trainer.post_form("/api/trainer/forget_comment", &[("comment", &m), ("submission", &s)]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/submissions/{s}?sort=oldest#bank").as_str()));
    assert_eq!(count(&app.pool, &format!("select count(*) from comment_bank where comment_bank_id = {mine}")).await, 0);
}
