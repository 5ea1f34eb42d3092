//! Offline sync (`/api/sync/v1`): queued actions apply exactly once however often and however
//! concurrently they arrive, device times count within bounds (so days learned offline keep a
//! streak), a quiz handed in offline and again online is one submission, and a learner syncs
//! only their own actions.

use crate::assessments::{answers, last_quiz, submissions};
use crate::common::*;
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use std::collections::{BTreeMap, BTreeSet};

const SYNC: &str = "/api/sync/v1";
const OFFLINE_LEARNER: &str = "offline.learner@ruralrise.test";
const OFFLINE_PASSWORD: &str = "offline learner password";

/// A new learner who joined the open bookkeeping path ten days ago (so a week of offline times
/// is within bounds), with days counted in UTC; their browser and id.
async fn joined_learner(app: &TestApp) -> (Browser, i64, i64) {
    let mut b = Browser::new(app);
    sign_up_and_confirm(app, &mut b, "Amina Offline", OFFLINE_LEARNER, OFFLINE_PASSWORD).await;
    assert_eq!(b.sign_in(OFFLINE_LEARNER, OFFLINE_PASSWORD).await.status, StatusCode::FOUND);
    let me = user_id(&app.pool, OFFLINE_LEARNER).await;
    let path: i64 = sqlx::query_scalar("select learning_path_id from learning_path where slug = 'digital-bookkeeping'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    b.post_form("/api/learner/enrol", &[("path", &path.to_string())]).await;
    sqlx::query("update enrolment set enrolled_at = now() - interval '10 days' where learner_id = $1")
        .bind(me)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("update profile set time_zone = 'UTC' where user_id = $1").bind(me).execute(&app.pool).await.unwrap();
    (b, me, path)
}

/// The path's lessons that a page measures (text and video), with their minutes.
async fn measured_lessons(pool: &PgPool, path: i64) -> Vec<(i64, i32)> {
    sqlx::query_as(
        "select l.lesson_id, l.minutes from lesson l join module m using (module_id)
          where m.learning_path_id = $1 and l.kind in ('text', 'video') order by m.position, l.position",
    )
    .bind(path)
    .fetch_all(pool)
    .await
    .unwrap()
}

fn id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

async fn sync(b: &mut Browser, actions: &[Value]) -> Reply {
    b.call_json(SYNC, &json!({ "version": 1, "actions": actions })).await
}

/// The receipts of a successful sync.
fn receipts(r: &Reply) -> Vec<Value> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let reply: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(reply["version"], 1);
    reply["receipts"].as_array().unwrap().clone()
}

/// Everything the learner's study left behind, to compare before and after a replay.
async fn footprint(pool: &PgPool, learner: i64) -> (i64, i64, i64, i64, i64) {
    sqlx::query_as(
        "select (select count(*) from activity_event where user_id = $1),
                (select coalesce(sum(seconds_spent), 0)::bigint from lesson_progress where learner_id = $1),
                (select coalesce(sum(points_awarded), 0)::bigint from lesson_progress where learner_id = $1),
                (select count(*) from earned_achievement where learner_id = $1),
                (select count(*) from sync_receipt where learner_id = $1)",
    )
    .bind(learner)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn a_thousand_queued_actions_apply_once_however_often_and_concurrently_they_are_sent(pool: PgPool) {
    let app = spawn(pool).await;
    let (mut b, me, path) = joined_learner(&app).await;
    let lessons = measured_lessons(&app.pool, path).await;
    assert!(lessons.len() >= 3, "the path has lessons a page measures");
    let now = Utc::now();
    let actions: Vec<Value> = (0..1000)
        .map(|i| {
            let (lesson, _) = lessons[i % lessons.len()];
            json!({
                "id": id(), "at": at(now - Duration::minutes(5 * (1000 - i as i64))), "kind": "progress",
                "lesson": lesson, "percent": (i * 7) % 101, "position": 0, "seconds": 5 + (i % 11),
            })
        })
        .collect();
    let chunks: Vec<&[Value]> = actions.chunks(200).collect();

    // Three copies of the whole queue race each other, chunk by chunk.
    let started = std::time::Instant::now();
    let copies = futures::future::join_all((0..3).map(|_| {
        let mut tab = b.another_tab();
        let chunks = chunks.clone();
        async move {
            let mut all = Vec::new();
            for chunk in chunks {
                all.extend(receipts(&sync(&mut tab, chunk).await));
            }
            all
        }
    }))
    .await;
    println!("1,000 actions sent 3 times at once: {:.2} s", started.elapsed().as_secs_f64());

    let mut firsts: BTreeMap<String, usize> = BTreeMap::new();
    for copy in &copies {
        assert_eq!(copy.len(), 1000);
        for (i, r) in copy.iter().enumerate() {
            assert_eq!(r["id"], actions[i]["id"], "receipts come in the order sent");
            assert_eq!(r["outcome"], "applied", "{r}");
            assert_eq!(r["result"], copies[0][i]["result"], "every copy is told the same result");
            assert_eq!(r["clock"], "as_given");
            if r["replayed"] == false {
                *firsts.entry(r["id"].as_str().unwrap().to_owned()).or_default() += 1;
            }
        }
    }
    assert_eq!(firsts.len(), 1000, "each action was applied by one of the copies");
    assert!(firsts.values().all(|n| *n == 1), "and by only one");
    assert_eq!(count(&app.pool, &format!("select count(*) from sync_receipt where learner_id = {me} and outcome = 'applied'")).await, 1000);

    // Applied once means the time counted is what one pass allows, whatever the order: each
    // save capped at ten minutes, each lesson at its own cap.
    for &(lesson, minutes) in &lessons {
        let reported: i32 = (0..1000)
            .filter(|i| i % lessons.len() == lessons.iter().position(|l| l.0 == lesson).unwrap())
            .map(|i| 5 + (i % 11) as i32)
            .sum();
        let expected = reported.min(ruralrise::domain::study::lesson_cap_seconds(minutes));
        let (spent, studied): (i32, i64) = sqlx::query_as(
            "select p.seconds_spent, (select coalesce(sum(minutes), 0)::bigint from activity_event
                                        where user_id = $1 and lesson_id = $2 and kind = 'lesson_studied')
               from lesson_progress p where p.learner_id = $1 and p.lesson_id = $2",
        )
        .bind(me)
        .bind(lesson)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(spent, expected, "lesson {lesson}: seconds counted once");
        assert_eq!(studied, i64::from(spent / 60), "lesson {lesson}: whole minutes logged once");
        let told: i64 =
            copies[0].iter().filter(|r| r["result"]["lesson_id"] == lesson).map(|r| r["result"]["counted_seconds"].as_i64().unwrap()).sum();
        assert_eq!(told, i64::from(spent), "lesson {lesson}: the receipts add up to what was stored");
    }
    let completions =
        count(&app.pool, &format!("select count(*) from activity_event where user_id = {me} and kind = 'lesson_completed'")).await;
    let completed =
        count(&app.pool, &format!("select count(*) from lesson_progress where learner_id = {me} and status = 'completed'")).await;
    assert_eq!(completions, completed, "each completion logged once");

    // The whole queue once more, after the fact: nothing changes, every receipt says replayed.
    let before = footprint(&app.pool, me).await;
    for chunk in &chunks {
        for (r, sent) in receipts(&sync(&mut b, chunk).await).iter().zip(chunk.iter()) {
            assert_eq!(r["id"], sent["id"]);
            assert_eq!(r["replayed"], true);
        }
    }
    assert_eq!(footprint(&app.pool, me).await, before, "a replay changes nothing");
}

#[sqlx::test(migrations = "./migrations")]
async fn days_learned_offline_count_on_their_own_days_within_the_clocks_bounds(pool: PgPool) {
    let app = spawn(pool).await;
    let (mut b, me, path) = joined_learner(&app).await;
    let lesson: i64 = sqlx::query_scalar(
        "select l.lesson_id from lesson l join module m using (module_id)
          where m.learning_path_id = $1 and l.kind = 'text' and l.offline_available order by m.position, l.position limit 1",
    )
    .bind(path)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let today = Utc::now().date_naive();
    let day = |ago: u64, hour: u32| (today - chrono::Days::new(ago)).and_hms_opt(hour, 0, 0).unwrap().and_utc();
    let saved_at = day(4, 10);
    let actions = [
        json!({"id": id(), "at": at(saved_at), "kind": "saved", "lesson": lesson}),
        // A phone whose clock says it studied before it had the lesson.
        json!({"id": id(), "at": at(day(6, 9)), "kind": "progress", "lesson": lesson, "percent": 10, "position": 0, "seconds": 120}),
        json!({"id": id(), "at": at(day(3, 18)), "kind": "progress", "lesson": lesson, "percent": 30, "position": 0, "seconds": 120}),
        json!({"id": id(), "at": at(day(2, 7)), "kind": "progress", "lesson": lesson, "percent": 60, "position": 0, "seconds": 120}),
        json!({"id": id(), "at": at(day(1, 20)), "kind": "progress", "lesson": lesson, "percent": 100, "position": 0, "seconds": 120}),
        json!({"id": id(), "at": at(day(1, 21)), "kind": "complete", "lesson": lesson, "seconds": 0}),
    ];
    let sent = receipts(&sync(&mut b, &actions).await);
    assert!(sent.iter().all(|r| r["outcome"] == "applied"), "{sent:?}");
    let clocks: Vec<&str> = sent.iter().map(|r| r["clock"].as_str().unwrap()).collect();
    assert_eq!(clocks, ["as_given", "before_saved", "as_given", "as_given", "as_given", "as_given"]);
    let counted = |r: &Value| DateTime::parse_from_rfc3339(r["counted_at"].as_str().unwrap()).unwrap().with_timezone(&Utc);
    assert_eq!(counted(&sent[1]), saved_at, "moved to the moment the lesson was saved");
    assert_eq!(sent[5]["result"]["completed"], true);
    assert!(sent[5]["result"]["points"].as_i64().unwrap() > 0, "the lesson's points, once");

    // A clock a day ahead counts now (this one adds no time, so today stays without study).
    let ahead = receipts(
        &sync(
            &mut b,
            &[json!({"id": id(), "at": at(Utc::now() + Duration::days(1)), "kind": "progress",
        "lesson": lesson, "percent": 100, "position": 0, "seconds": 0})],
        )
        .await,
    );
    assert_eq!(ahead[0]["clock"], "future");
    assert!(counted(&ahead[0]) <= Utc::now());

    // Both times are kept.
    let (device, kept): (DateTime<Utc>, DateTime<Utc>) =
        sqlx::query_as("select device_at, counted_at from sync_receipt where action_id = $1::uuid")
            .bind(actions[1]["id"].as_str().unwrap())
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((device, kept), (day(6, 9), saved_at));

    // The activity log has each day the phone studied on, so the streak runs through them.
    let days: BTreeSet<chrono::NaiveDate> = sqlx::query_scalar(
        "select distinct (occurred_at at time zone 'UTC')::date from activity_event where user_id = $1 and kind = 'lesson_studied'",
    )
    .bind(me)
    .fetch_all(&app.pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let want: BTreeSet<_> = [4, 3, 2, 1].iter().map(|ago| today - chrono::Days::new(*ago)).collect();
    assert_eq!(days, want, "minutes on the days they were studied (the clamped one on the day the lesson was saved)");
    let (completed_at, downloaded_at): (DateTime<Utc>, Option<DateTime<Utc>>) =
        sqlx::query_as("select completed_at, downloaded_at from lesson_progress where learner_id = $1 and lesson_id = $2")
            .bind(me)
            .bind(lesson)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(completed_at, day(1, 21), "completed when the phone says");
    assert_eq!(downloaded_at, Some(saved_at), "and done from the saved copy");
    let dashboard = b.get("/learn").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert_eq!(tile_value(&dashboard.body, "streak").trim(), "4 days", "four offline days in a row, the last yesterday");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_quiz_handed_in_offline_and_again_online_is_one_submission(pool: PgPool) {
    let app = spawn(pool).await;
    let me = user_id(&app.pool, LEARNER).await;
    let (quiz, lesson) = last_quiz(&app.pool, me).await;
    let right = answers(&app.pool, quiz, &[]).await;
    let offline: BTreeMap<String, String> =
        right.iter().map(|(k, v)| (k.trim_start_matches("answers[").trim_end_matches(']').to_owned(), v.clone())).collect();
    let key = id();
    let mut b = signed_in(&app, LEARNER).await;
    let action = json!({"id": key, "at": at(Utc::now() - Duration::hours(2)), "kind": "quiz", "assessment": quiz, "answers": offline});
    let first = receipts(&sync(&mut b, std::slice::from_ref(&action)).await);
    assert_eq!(first[0]["outcome"], "applied", "{first:?}");
    assert_eq!(first[0]["result"]["score"], 100);
    let submission = first[0]["result"]["submission_id"].as_i64().unwrap();
    assert!(first[0]["result"]["points"].as_i64().unwrap() > 0);
    let done: String = sqlx::query_scalar("select status::text from lesson_progress where learner_id = $1 and lesson_id = $2")
        .bind(me)
        .bind(lesson)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(done, "completed", "passing the quiz offline completes its lesson");

    let again = receipts(&sync(&mut b, std::slice::from_ref(&action)).await);
    assert_eq!((again[0]["replayed"].clone(), again[0]["result"]["submission_id"].as_i64()), (json!(true), Some(submission)));
    // The page's own form, sent with the same key once the phone is back online.
    let q = quiz.to_string();
    let mut form = vec![("assessment", q.as_str()), ("key", key.as_str())];
    form.extend(right.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let r = b.post_form("/api/learner/submit_assessment", &form).await;
    assert_eq!(r.location.as_deref(), Some(format!("/learn/assessments/{quiz}/result/{submission}").as_str()));
    assert_eq!(submissions(&app.pool, me, quiz).await, 1, "one submission, however it arrived");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_learner_syncs_only_their_own_actions_and_bad_ones_are_refused_in_words(pool: PgPool) {
    let app = spawn(pool).await;
    let me = user_id(&app.pool, LEARNER).await;
    let mut b = signed_in(&app, LEARNER).await;
    let mine: i64 = sqlx::query_scalar(
        "select l.lesson_id from enrolment e join module m using (learning_path_id) join lesson l using (module_id)
          where e.learner_id = $1 and l.kind = 'text' order by m.position, l.position limit 1",
    )
    .bind(me)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let not_mine: i64 = sqlx::query_scalar(
        "select l.lesson_id from learning_path p join module m using (learning_path_id) join lesson l using (module_id)
          where not p.open_enrolment and not exists (select 1 from enrolment e where e.learner_id = $1 and e.learning_path_id = p.learning_path_id)
          order by 1 limit 1",
    )
    .bind(me)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("update lesson set offline_available = false where lesson_id = $1").bind(mine).execute(&app.pool).await.unwrap();
    let now = at(Utc::now());
    let good = json!({"id": id(), "at": now, "kind": "progress", "lesson": mine, "percent": 20, "position": 0, "seconds": 30});
    let chunk = [
        json!({"id": id(), "at": now, "kind": "progress", "lesson": not_mine, "percent": 20, "position": 0, "seconds": 30}),
        json!({"id": id(), "at": now, "kind": "progress", "lesson": mine, "percent": 150, "position": 0, "seconds": 30}),
        json!({"id": "not-a-uuid", "at": now, "kind": "progress", "lesson": mine}),
        json!({"id": id(), "at": now, "kind": "teleport", "lesson": mine}),
        json!({"id": id(), "at": now, "kind": "saved", "lesson": mine}),
        good.clone(),
    ];
    let r = receipts(&sync(&mut b, &chunk).await);
    let outcomes: Vec<&str> = r.iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["refused", "refused", "refused", "refused", "refused", "applied"], "one bad action does not hold up the rest");
    let problems: Vec<&Value> = r[..5].iter().map(|r| &r["refusal"]["problem"]).collect();
    assert_eq!(
        problems,
        [
            &json!("SyncNotOpen"),
            &json!("PercentOutOfRange"),
            &json!("SyncActionUnreadable"),
            &json!("SyncActionUnreadable"),
            &json!("LessonNotOffline")
        ]
    );
    assert_eq!(r[2]["id"], "not-a-uuid", "an unreadable action is named by what it sent");
    assert!(r[0]["refusal"]["message"].as_str().unwrap().contains("not open to you"), "{}", r[0]);
    assert!(r.iter().take(5).all(|r| !r["refusal"]["message"].as_str().unwrap().is_empty()), "each refusal says why");
    assert_eq!(
        count(&app.pool, &format!("select count(*) from lesson_progress where learner_id = {me} and lesson_id = {not_mine}")).await,
        0,
        "nothing stored for a lesson not open to the learner"
    );
    assert_eq!(count(&app.pool, &format!("select count(*) from offline_copy where learner_id = {me}")).await, 0);
    // A refusal is remembered: the same action again is told the same.
    let again = receipts(&sync(&mut b, &chunk[..1]).await);
    assert_eq!((again[0]["outcome"].as_str(), again[0]["replayed"].as_bool()), (Some("refused"), Some(true)));

    // Another learner sending this learner's action id (guessed, or a shared phone's leftover)
    // applies nothing and learns nothing about it.
    let mut other = signed_in(&app, "learner000002@ruralrise.test").await;
    let other_id = user_id(&app.pool, "learner000002@ruralrise.test").await;
    let before = footprint(&app.pool, other_id).await;
    let theirs = receipts(&sync(&mut other, std::slice::from_ref(&good)).await);
    assert_eq!(theirs[0]["refusal"]["problem"], "SyncIdTaken");
    assert!(theirs[0]["result"].is_null() && theirs[0]["counted_at"].is_null());
    assert_eq!(footprint(&app.pool, other_id).await, before);

    // Whole requests that are wrong change nothing.
    let mine_before = footprint(&app.pool, me).await;
    let v2 = b.call_json(SYNC, &json!({"version": 2, "actions": [good]})).await;
    assert_eq!(v2.status, StatusCode::UNPROCESSABLE_ENTITY);
    let many: Vec<Value> = (0..201)
        .map(|_| json!({"id": id(), "at": now, "kind": "progress", "lesson": mine, "percent": 1, "position": 0, "seconds": 1}))
        .collect();
    assert_eq!(sync(&mut b, &many).await.status, StatusCode::UNPROCESSABLE_ENTITY, "a chunk holds at most 200");
    let cross_site = b
        .send(|c, base| {
            c.post(format!("{base}{SYNC}"))
                .header("origin", "http://evil.test")
                .header("sec-fetch-site", "cross-site")
                .json(&json!({"version": 1, "actions": [many[0]]}))
        })
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN, "another site cannot sync for the learner");
    let mut trainer = signed_in(&app, TRAINER).await;
    assert_eq!(sync(&mut trainer, &many[..1]).await.status, StatusCode::FORBIDDEN, "only learners sync");
    let mut visitor = Browser::new(&app);
    assert_eq!(sync(&mut visitor, &many[..1]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(footprint(&app.pool, me).await, mine_before);
}

/// A chunk as a phone sends it where the browser can gzip.
async fn send_gzipped(b: &mut Browser, body: Vec<u8>) -> Reply {
    b.send(|c, base| {
        c.post(format!("{base}{SYNC}"))
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .header("accept", "application/json")
            .body(body)
    })
    .await
}

#[sqlx::test(migrations = "./migrations")]
async fn a_gzipped_chunk_is_read_and_a_gzip_bomb_is_refused(pool: PgPool) {
    use std::io::Write;
    let app = spawn(pool).await;
    let me = user_id(&app.pool, LEARNER).await;
    let mut b = signed_in(&app, LEARNER).await;
    let gzip = |bytes: &[u8]| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    };
    let lesson: i64 = sqlx::query_scalar(
        "select l.lesson_id from enrolment e join module m using (learning_path_id) join lesson l using (module_id)
          where e.learner_id = $1 and l.kind = 'text' order by m.position, l.position limit 1",
    )
    .bind(me)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let chunk = json!({"version": 1, "actions": [{"id": id(), "at": at(Utc::now()), "kind": "progress", "lesson": lesson,
        "percent": 5, "position": 0, "seconds": 10}]});
    let r = send_gzipped(&mut b, gzip(chunk.to_string().as_bytes())).await;
    assert_eq!(receipts(&r)[0]["outcome"], "applied", "a phone's gzipped chunk is read like plain JSON");
    // A few kilobytes that unpack to far more than a request may carry are refused unread.
    let before = footprint(&app.pool, me).await;
    let bomb = gzip(&vec![b' '; 64 * 1024 * 1024]);
    assert!(bomb.len() < 200_000);
    let r = send_gzipped(&mut b, bomb).await;
    assert!(r.status == StatusCode::PAYLOAD_TOO_LARGE || r.status == StatusCode::BAD_REQUEST, "{}", r.status);
    assert_eq!(footprint(&app.pool, me).await, before);
}

/// A saved quiz's keys reach the phone only for a learner on its path and only when the lesson
/// may be saved; an open answer's reference (the trainer's) never does; and the keys, scored
/// by the server's own rules, give the score the server then gives the same answers.
#[sqlx::test(migrations = "./migrations")]
async fn a_saved_quizs_keys_go_only_to_its_learners_and_score_as_the_server_does(pool: PgPool) {
    use ruralrise::domain::assessment::{self, AnswerKey, Item};
    use ruralrise::model::sync::OfflineQuiz;

    let app = spawn(pool).await;
    let me = user_id(&app.pool, LEARNER).await;
    let (quiz, lesson) = last_quiz(&app.pool, me).await;
    let keys = "/api/learner/quiz_keys";
    let offline = |allowed: bool| {
        sqlx::query("update lesson set offline_available = $2 where lesson_id = $1").bind(lesson).bind(allowed).execute(&app.pool)
    };
    offline(true).await.unwrap();
    let mut b = signed_in(&app, LEARNER).await;
    let l = lesson.to_string();
    let r = b.call(keys, &[("lesson", &l)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got: OfflineQuiz = serde_json::from_str(&r.body).unwrap();
    assert_eq!((got.lesson_id, got.assessment_id), (lesson, quiz));
    let stored: Vec<(i32, Value)> =
        sqlx::query_as("select position, answer_key from assessment_item where assessment_id = $1 order by position")
            .bind(quiz)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(got.items.iter().map(|i| i.position).collect::<Vec<_>>(), stored.iter().map(|(p, _)| *p).collect::<Vec<_>>());
    let mut opens = 0;
    for (item, (_, key)) in got.items.iter().zip(&stored) {
        if key["type"] == "open" {
            opens += 1;
            assert!(key["reference"].as_str().is_some_and(|r| !r.is_empty()), "the seed has a reference to keep back");
            assert_eq!(item.key, AnswerKey::Open { reference: String::new() }, "the trainer's reference stays on the server");
        } else {
            assert_eq!(serde_json::to_value(&item.key).unwrap(), *key);
        }
    }
    // Half right, scored with the phone's keys; then handed in: the server's score is the same.
    let half = answers(&app.pool, quiz, &[1, 3]).await;
    let form: BTreeMap<String, String> =
        half.iter().map(|(k, v)| (k.trim_start_matches("answers[").trim_end_matches(']').to_owned(), v.clone())).collect();
    let items: Vec<Item> =
        got.items.iter().map(|i| Item { position: i.position, key: i.key.clone(), options: i.options, points: i.points }).collect();
    let provisional = assessment::score(&items, &assessment::read_answers(&items, &form).unwrap());
    let action = json!({"id": id(), "at": at(Utc::now()), "kind": "quiz", "assessment": quiz, "answers": form});
    let receipt = receipts(&sync(&mut b, &[action]).await).remove(0);
    assert_eq!(receipt["outcome"], "applied", "{receipt:?}");
    assert_eq!(receipt["result"]["score"], json!(provisional.percent), "{provisional:?}");
    let auto: (i32, i32) = sqlx::query_as("select auto_points, auto_max from submission where learner_id = $1 and assessment_id = $2")
        .bind(me)
        .bind(quiz)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(auto, (provisional.auto_points, provisional.auto_max));
    assert!(provisional.auto_points < provisional.auto_max || opens > 0);

    // Kept online by its author: no keys, and the reason says so.
    offline(false).await.unwrap();
    let r = b.call(keys, &[("lesson", &l)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("LessonNotOffline"), "{}", r.body);
    offline(true).await.unwrap();
    // Not a quiz: nothing to give.
    let text: i64 = sqlx::query_scalar(
        "select l.lesson_id from lesson l join module m using (module_id) join lesson q on q.module_id = m.module_id
          where q.lesson_id = $1 and l.kind = 'text' limit 1",
    )
    .bind(lesson)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(b.call(keys, &[("lesson", &text.to_string())]).await.status, StatusCode::NOT_FOUND);
    // Another learner, not on the path: no keys.
    let mut other = Browser::new(&app);
    sign_up_and_confirm(&app, &mut other, "Amina Offline", OFFLINE_LEARNER, OFFLINE_PASSWORD).await;
    assert_eq!(other.sign_in(OFFLINE_LEARNER, OFFLINE_PASSWORD).await.status, StatusCode::FOUND);
    let r = other.call(keys, &[("lesson", &l)]).await;
    assert!(matches!(r.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::FORBIDDEN), "{}", r.status);
    assert!(!r.body.contains("\"correct\"") && !r.body.contains("accepted"), "{}", r.body);
}
