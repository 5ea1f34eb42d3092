//! Assessments: instant scoring of every item kind, one submission per form key, attempts and
//! the score that counts, open answers waiting for the trainer, mastery traced from answers,
//! results only for their owner, and refused answers that change nothing.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

/// The learner's quiz in the last module of their path (one they have not reached), and its lesson.
pub async fn last_quiz(pool: &PgPool, learner: i64) -> (i64, i64) {
    sqlx::query_as(
        "select a.assessment_id, l.lesson_id from assessment a join module m using (module_id)
           join enrolment e on e.learning_path_id = m.learning_path_id
           join lesson l on l.module_id = m.module_id and l.kind = 'quiz'
          where e.learner_id = $1 and a.assessment_id > 1000 order by m.position desc limit 1",
    )
    .bind(learner)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Form fields answering every item of an assessment: right, or (for `wrong`) wrong.
pub async fn answers(pool: &PgPool, assessment: i64, wrong: &[i32]) -> Vec<(String, String)> {
    let items: Vec<(i32, serde_json::Value)> =
        sqlx::query_as("select position, answer_key from assessment_item where assessment_id = $1 order by position")
            .bind(assessment)
            .fetch_all(pool)
            .await
            .unwrap();
    let mut out = Vec::new();
    for (p, key) in items {
        let bad = wrong.contains(&p);
        match key["type"].as_str().unwrap() {
            "single" => {
                let c = key["correct"].as_u64().unwrap();
                out.push((format!("answers[q{p}]"), if bad { (c + 1) % 2 } else { c }.to_string()));
            }
            "multiple" => {
                let picked: Vec<u64> = key["correct"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
                let picked = if bad { &picked[..1] } else { &picked[..] };
                out.extend(picked.iter().map(|c| (format!("answers[q{p}-{c}]"), "on".to_owned())));
            }
            // Case, spacing and accents are not held against the learner.
            "text" => {
                let a = key["accepted"][0].as_str().unwrap().to_uppercase().replace('E', "É");
                out.push((format!("answers[q{p}]"), if bad { "something else".to_owned() } else { format!("  {a} ") }));
            }
            "number" => {
                let v = key["value"].as_f64().unwrap() + key["tolerance"].as_f64().unwrap();
                out.push((format!("answers[q{p}]"), if bad { (v * 3.0 + 7.0).to_string() } else { v.to_string() }));
            }
            _ => out.push((format!("answers[q{p}]"), "I switch everything off and isolate the panel first.".to_owned())),
        }
    }
    out
}

fn fields<'a>(assessment: &'a str, key: &'a str, answers: &'a [(String, String)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("assessment", assessment), ("key", key)];
    f.extend(answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    f
}

fn hidden(body: &str, name: &str) -> String {
    let at = body.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no {name} field"));
    body[at..].split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

pub async fn submissions(pool: &PgPool, learner: i64, assessment: i64) -> i64 {
    sqlx::query_scalar("select count(*) from submission where learner_id = $1 and assessment_id = $2")
        .bind(learner)
        .bind(assessment)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn a_quiz_scores_at_once_counts_once_per_key_and_completes_its_lesson(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let (quiz, lesson) = last_quiz(&pool, me).await;
    let mut b = signed_in(&app, LEARNER).await;
    let points_before: i64 = sqlx::query_scalar("select coalesce(sum(points_awarded), 0)::bigint from submission where learner_id = $1")
        .bind(me)
        .fetch_one(&pool)
        .await
        .unwrap();
    let mastery_before: i64 =
        count(&pool, &format!("select coalesce(sum(answers), 0)::bigint from skill_mastery where learner_id = {me}")).await;

    // The quiz lesson shows the quiz itself, with a fresh key per page.
    let page = b.get(&format!("/learn/lessons/{lesson}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Question 4 of 4") && page.body.contains("Tick every right answer."), "every item is shown");
    assert!(!page.body.contains("\"correct\""), "no answer key reaches the page");
    let key = hidden(&page.body, "key");
    assert_ne!(key, hidden(&b.get(&format!("/learn/assessments/{quiz}")).await.body, "key"), "each form has its own key");

    let right = answers(&pool, quiz, &[]).await;
    let q = quiz.to_string();
    let mut form = fields(&q, &key, &right);
    form.push(("back", "0"));
    let r = b.post_form("/api/learner/submit_assessment", &form).await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let to = r.location.unwrap();
    assert!(to.starts_with(&format!("/learn/assessments/{quiz}/result/")), "{to}");
    let (id, score, status, attempt, points): (i64, Option<i32>, String, i32, i32) = sqlx::query_as(
        "select submission_id, score, status::text, attempt, points_awarded from submission where learner_id = $1 and assessment_id = $2",
    )
    .bind(me)
    .bind(quiz)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((score, status.as_str(), attempt), (Some(100), "graded", 1), "scored exactly and at once");
    assert_eq!(points, 35, "a pass earns the points rule's reward: 20, and 5 for each full ten above the pass mark of 70");
    let lesson_done: String = sqlx::query_scalar("select status::text from lesson_progress where learner_id = $1 and lesson_id = $2")
        .bind(me)
        .bind(lesson)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(lesson_done, "completed", "passing its quiz completes the quiz lesson");
    let traced: i64 = count(&pool, &format!("select count(*) from skill_answer where submission_id = {id}")).await;
    assert_eq!(traced, 4, "each scored item's answer is traced into its skill");
    let mastery_after: i64 =
        count(&pool, &format!("select coalesce(sum(answers), 0)::bigint from skill_mastery where learner_id = {me}")).await;
    assert_eq!(mastery_after, mastery_before + 4);

    // The same form again (a double click, a retry, a replay) finds the same submission.
    let again = b.post_form("/api/learner/submit_assessment", &form).await;
    assert_eq!(again.location.as_deref(), Some(to.as_str()));
    let json = b.call("/api/learner/submit_assessment", &fields(&q, &key, &right)).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    assert_eq!(json.body.trim(), id.to_string());
    assert_eq!(submissions(&pool, me, quiz).await, 1, "one submission per key");
    let points_after: i64 = sqlx::query_scalar("select coalesce(sum(points_awarded), 0)::bigint from submission where learner_id = $1")
        .bind(me)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(points_after, points_before + 35, "points once");

    // The result: each item right, with its explanation; the achievements are announced once.
    let result = b.get(&to).await;
    assert_eq!(result.status, StatusCode::OK);
    assert!(result.body.contains("Passed with 100"), "{}", result.body);
    let explanation: String = sqlx::query_scalar("select explanation from assessment_item where assessment_id = $1 and position = 1")
        .bind(quiz)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(result.body.contains(&explanation.replace('\'', "&#x27;")), "explanations follow the answers");

    // A weaker second attempt: the best score still counts (the quiz's policy).
    let weaker = answers(&pool, quiz, &[1, 2]).await;
    let key2 = uuid();
    let r = b.call("/api/learner/submit_assessment", &fields(&q, &key2, &weaker)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = b.get(&format!("/learn/assessments/{quiz}")).await;
    assert!(page.body.contains("Your score for this assessment: 100"), "best counts");
    assert!(page.body.contains("1 attempt left"));
    let key3 = uuid();
    assert_eq!(b.call("/api/learner/submit_assessment", &fields(&q, &key3, &weaker)).await.status, StatusCode::OK);
    // Past the limit: refused in words, nothing stored.
    let r = b.call("/api/learner/submit_assessment", &fields(&q, &uuid(), &right)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("NoAttemptsLeft"), "{}", r.body);
    assert_eq!(submissions(&pool, me, quiz).await, 3);
    assert!(b.get(&format!("/learn/assessments/{quiz}")).await.body.contains("You have used every attempt"));

    // Someone else's result is not there for another learner; nor the quiz of a path not theirs.
    let other = "learner000002@ruralrise.test";
    let mut o = signed_in(&app, other).await;
    assert_eq!(o.get(&to).await.status, StatusCode::NOT_FOUND);
    let r = o.call("/api/learner/result", &[("assessment", &q), ("submission", &id.to_string())]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let other_id = user_id(&pool, other).await;
    let other_path: i64 = count(&pool, &format!("select learning_path_id from enrolment where learner_id = {other_id} limit 1")).await;
    let mine: i64 = count(&pool, &format!("select learning_path_id from enrolment where learner_id = {me} limit 1")).await;
    if other_path != mine {
        assert_eq!(o.get(&format!("/learn/assessments/{quiz}")).await.status, StatusCode::FORBIDDEN);
        let r = o.call("/api/learner/submit_assessment", &fields(&q, &uuid(), &right)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    // Staff do not take assessments.
    let mut t = signed_in(&app, TRAINER).await;
    assert_eq!(t.get(&format!("/learn/assessments/{quiz}")).await.status, StatusCode::FORBIDDEN);
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_answers_are_refused_in_words_and_store_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let (quiz, _) = last_quiz(&pool, me).await;
    let q = quiz.to_string();
    let mut b = signed_in(&app, LEARNER).await;
    let right = answers(&pool, quiz, &[]).await;
    let cases: Vec<(Vec<(String, String)>, &str)> = vec![
        (right.iter().filter(|(k, _)| k != "answers[q3]").cloned().collect(), "AnswerMissing"),
        (right.iter().cloned().chain([("answers[q9]".to_owned(), "1".to_owned())]).collect(), "NoSuchItem"),
        (
            right.iter().filter(|(k, _)| k != "answers[q1]").cloned().chain([("answers[q1]".to_owned(), "7".to_owned())]).collect(),
            "AnswerUnreadable",
        ),
        (
            right.iter().filter(|(k, _)| k != "answers[q3]").cloned().chain([("answers[q3]".to_owned(), "x".repeat(5000))]).collect(),
            "AnswerTooLong",
        ),
    ];
    for (answers, problem) in cases {
        let r = b.call("/api/learner/submit_assessment", &fields(&q, &uuid(), &answers)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}: {}", r.body);
        assert!(r.body.contains(problem), "{problem}: {}", r.body);
    }
    let r = b.call("/api/learner/submit_assessment", &fields(&q, "not-a-key", &right)).await;
    assert!(r.body.contains("FormKeyInvalid"), "{}", r.body);
    let r = b.call("/api/learner/submit_assessment", &fields("999999", &uuid(), &right)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(submissions(&pool, me, quiz).await, 0, "nothing stored");

    // From a plain form the learner goes back to the form with the problem named and every
    // answer kept.
    let key = uuid();
    let mut typed: Vec<(String, String)> = right.iter().filter(|(k, _)| k != "answers[q3]").cloned().collect();
    typed.push(("answers[q4]".to_owned(), "12345".to_owned()));
    typed.retain(|(k, v)| k != "answers[q4]" || v == "12345");
    let r = b.post_form("/api/learner/submit_assessment", &fields(&q, &key, &typed)).await;
    assert_eq!(r.location.as_deref(), Some(format!("/learn/assessments/{quiz}").as_str()));
    let page = b.get(&format!("/learn/assessments/{quiz}")).await;
    assert!(page.body.contains("Answer question 3 before you hand in."), "{}", page.body);
    assert!(page.body.contains("value=\"12345\""), "typed answers are kept");
    assert_eq!(submissions(&pool, me, quiz).await, 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn an_open_answer_waits_for_the_trainer_with_the_scored_part_shown(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let (quiz, _) = last_quiz(&pool, me).await;
    let check = quiz - 1000;
    let mut b = signed_in(&app, LEARNER).await;
    let all = answers(&pool, check, &[2]).await;
    let key = uuid();
    let c = check.to_string();
    let r = b.call("/api/learner/submit_assessment", &fields(&c, &key, &all)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id: i64 = r.body.trim().parse().unwrap();
    let (score, status, auto, max): (Option<i32>, String, i32, i32) =
        sqlx::query_as("select score, status::text, auto_points, auto_max from submission where submission_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((score, status.as_str(), auto, max), (None, "pending", 2, 4), "the scored half now, the score when the trainer reads it");
    let queued: i64 = count(&pool, &format!("select count(*) from trainer_pending_submission where submission_id = {id}")).await;
    assert_eq!(queued, 1, "in the trainer's queue");
    let page = b.get(&format!("/learn/assessments/{check}/result/{id}")).await;
    assert!(page.body.contains("2 of 4 points on the questions scored at once"), "{}", page.body);
    assert!(page.body.contains("waits for your trainer"));
}

#[sqlx::test(migrations = "./migrations")]
async fn next_steps_and_insights_follow_the_learners_own_answers(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let mut b = signed_in(&app, LEARNER).await;

    // Mastery was fitted at seeding: every skill with enough answers has parameters and a fit at
    // least as likely as the constant-rate baseline.
    let (fitted, worse): (i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where log_likelihood < baseline_log_likelihood - 1e-6) from skill_model where answers >= 30",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(fitted >= 1, "skills fitted from the demo answers: {fitted}");
    assert_eq!(worse, 0, "BKT never explains the answers worse than the average rate");

    // Make one skill weak for her: wrong answers on it, traced like a real submission.
    let (quiz, _) = last_quiz(&pool, me).await;
    let weak: String = sqlx::query_scalar("select skills[1] from assessment_item where assessment_id = $1 and position = 1")
        .bind(quiz)
        .fetch_one(&pool)
        .await
        .unwrap();
    let wrong = answers(&pool, quiz, &[1, 2, 3, 4]).await;
    let q = quiz.to_string();
    for _ in 0..2 {
        assert_eq!(b.call("/api/learner/submit_assessment", &fields(&q, &uuid(), &wrong)).await.status, StatusCode::OK);
    }
    let p: f64 = sqlx::query_scalar("select p_known from skill_mastery where learner_id = $1 and skill = $2")
        .bind(me)
        .bind(&weak)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(p < 0.5, "wrong answers lower mastery: {p}");
    // The weakest of her skills is the first "needs work" insight.
    let weak: String = sqlx::query_scalar(
        "select skill from skill_mastery where learner_id = $1 and answers >= 2 and p_known < 0.5 order by p_known, skill limit 1",
    )
    .bind(me)
    .fetch_one(&pool)
    .await
    .unwrap();

    let page = b.get("/learn").await;
    assert_eq!(page.status, StatusCode::OK);
    let words = weak.replace('-', " ");
    // The skill's name is marked with the content's language.
    let insight = format!("Needs work: <span lang=\"en\">{words}</span>");
    assert!(page.body.contains(&insight), "an insight from her own answers names the skill: {}", page.body);
    assert!(page.body.contains("id=\"next-step\""), "a next step is suggested");
    assert!(page.body.contains("Why this"));

    // "Not useful" is recorded once and the insight stays away; a forged key stores nothing.
    let key = format!("needs_work:{weak}");
    let r = b.post_form("/api/learner/dismiss_insight", &[("key", &key)]).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    b.post_form("/api/learner/dismiss_insight", &[("key", &key)]).await;
    let kept: i64 = count(&pool, &format!("select count(*) from insight_dismissal where learner_id = {me}")).await;
    assert_eq!(kept, 1);
    assert!(!b.get("/learn").await.body.contains(&insight));
    let r = b.call("/api/learner/dismiss_insight", &[("key", "needs_work:<script>")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&pool, &format!("select count(*) from insight_dismissal where learner_id = {me}")).await, 1);

    // The progress page: her weeks, modules, scores and skills, drawn without a chart script.
    let page = b.get("/learn/progress").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("class=\"bar").count(), 8 + 56, "eight weeks and their days");
    let scored = count(&pool, &format!("select count(*) from submission where learner_id = {me} and score is not null")).await;
    assert_eq!(page.body.matches("<circle").count() as i64, scored, "one dot per scored attempt");
    assert!(page.body.contains(&words));
    assert!(!page.body.contains("echarts") && !page.body.contains("charts.js"));
}
