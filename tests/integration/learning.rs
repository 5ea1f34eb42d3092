//! Learners learn: paths (their own and open ones), joining, the lesson player, progress saves
//! with their limits, completion with points and achievements, and who may touch what.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

async fn path_id(pool: &PgPool, slug: &str) -> i64 {
    sqlx::query_scalar("select learning_path_id from learning_path where slug = $1").bind(slug).fetch_one(pool).await.unwrap()
}

/// The path's lessons of `kind` in course order.
async fn lessons_of(pool: &PgPool, path: i64, kind: &str) -> Vec<i64> {
    sqlx::query_scalar(
        "select l.lesson_id from lesson l join module m using (module_id)
          where m.learning_path_id = $1 and l.kind = $2::lesson_kind order by m.position, l.position",
    )
    .bind(path)
    .bind(kind)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The `value` of the hidden input `name` on a page.
fn hidden(body: &str, name: &str) -> String {
    let at = body.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no {name} field"));
    body[at..].split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

async fn progress_row(pool: &PgPool, learner: i64, lesson: i64) -> Option<(String, i32, i16, i32)> {
    sqlx::query_as(
        "select status::text, seconds_spent, percent, points_awarded from lesson_progress where learner_id = $1 and lesson_id = $2",
    )
    .bind(learner)
    .bind(lesson)
    .fetch_optional(pool)
    .await
    .unwrap()
}

async fn events(pool: &PgPool, learner: i64, kind: &str) -> (i64, i64) {
    sqlx::query_as("select count(*), coalesce(sum(minutes), 0)::bigint from activity_event where user_id = $1 and kind = $2::activity_kind")
        .bind(learner)
        .bind(kind)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn learners_see_their_paths_and_open_ones_and_join_open_ones_once(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let (solar, agri, books) = (
        path_id(&pool, "solar-home-systems").await,
        path_id(&pool, "agri-business-basics").await,
        path_id(&pool, "digital-bookkeeping").await,
    );
    let mut b = signed_in(&app, LEARNER).await;

    let page = b.get("/learn/paths").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Solar Home Systems: Install and Maintain"));
    assert!(page.body.contains("Digital Bookkeeping for Small Shops"), "an open path is offered");
    assert!(!page.body.contains("Agri-Business Basics"), "a cohort-only path of others is not listed");
    assert!(page.body.contains("Join this path"));

    // An open path can be looked into before joining; its lessons can be read but not saved.
    let outline = b.get(&format!("/learn/paths/{books}")).await;
    assert_eq!(outline.status, StatusCode::OK);
    assert!(outline.body.contains("Join it to save your progress"));
    let first_book = lessons_of(&pool, books, "text").await[0];
    assert_eq!(b.get(&format!("/learn/lessons/{first_book}")).await.status, StatusCode::OK);
    let r = b
        .call("/api/learner/save_progress", &[("lesson", &first_book.to_string()), ("percent", "10"), ("position", "0"), ("seconds", "30")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(progress_row(&pool, me, first_book).await.is_none(), "nothing stored before joining");

    // Joining twice makes one enrolment and one audit entry.
    for _ in 0..2 {
        let r = b.post_form("/api/learner/enrol", &[("path", &books.to_string())]).await;
        assert_eq!(r.location.as_deref(), Some(format!("/learn/paths/{books}").as_str()));
    }
    let enrolments = count(&pool, &format!("select count(*) from enrolment where learner_id = {me} and learning_path_id = {books}")).await;
    assert_eq!(enrolments, 1);
    let audited =
        count(&pool, &format!("select count(*) from audit_log where action = 'enrolled' and actor_id = {me} and target_id = {books}"))
            .await;
    assert_eq!(audited, 1);
    let outline = b.get(&format!("/learn/paths/{books}")).await;
    assert!(outline.body.contains("You joined this path"), "the notice comes once");
    assert!(outline.body.contains("id=\"resume\""), "and a way to start");

    // A cohort-only path: not joinable, not readable, and nothing is stored.
    let r = b.post_form("/api/learner/enrol", &[("path", &agri.to_string())]).await;
    assert_eq!(r.location.as_deref(), Some("/learn/paths"));
    assert!(b.get("/learn/paths").await.body.contains("takes learners through a cohort"));
    assert_eq!(count(&pool, &format!("select count(*) from enrolment where learner_id = {me} and learning_path_id = {agri}")).await, 0);
    assert_eq!(b.get(&format!("/learn/paths/{agri}")).await.status, StatusCode::FORBIDDEN);
    let agri_lesson = lessons_of(&pool, agri, "text").await[0];
    assert_eq!(b.get(&format!("/learn/lessons/{agri_lesson}")).await.status, StatusCode::FORBIDDEN);
    let r = b
        .call(
            "/api/learner/save_progress",
            &[("lesson", &agri_lesson.to_string()), ("percent", "10"), ("position", "0"), ("seconds", "30")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b.call("/api/learner/complete_lesson", &[("lesson", &agri_lesson.to_string()), ("opened_at", "0")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(progress_row(&pool, me, agri_lesson).await.is_none());
    assert_eq!(b.get("/learn/paths/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.get("/learn/lessons/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.get("/learn/lessons/abc").await.status, StatusCode::NOT_FOUND);

    // The path page shows each lesson's kind, length, status and, for media, its size.
    let outline = b.get(&format!("/learn/paths/{solar}")).await.body;
    assert!(outline.contains("Safety and Tools") && outline.contains("status done") && outline.contains("to download"), "{outline}");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_text_lesson_is_read_and_finished_once_with_its_time_points_and_first_achievement(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let mut b = Browser::new(&app);
    sign_up_and_confirm(&app, &mut b, "Zawadi Mrema", "zawadi@example.org", "a long new password").await;
    b.sign_in("zawadi@example.org", "a long new password").await;
    let me = user_id(&pool, "zawadi@example.org").await;
    let books = path_id(&pool, "digital-bookkeeping").await;
    b.post_form("/api/learner/enrol", &[("path", &books.to_string())]).await;
    let texts = lessons_of(&pool, books, "text").await;
    let first = texts[0];

    let page = b.get(&format!("/learn/lessons/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h2>What records tell you</h2>") && page.body.contains("<table>"), "Markdown rendered on the server");
    assert!(page.body.contains("src=\"/lesson.js\""), "progress is saved as the learner goes");
    assert!(page.body.contains("rel=\"next\""));
    // The learner read for five minutes.
    let opened = hidden(&page.body, "opened_at").parse::<i64>().unwrap() - 300;

    // Two tabs finish two lessons at once: the first achievement is still awarded once.
    let (r1, r2) = tokio::join!(
        async {
            let mut b1 = b.another_tab();
            b1.post_form("/api/learner/complete_lesson", &[("lesson", &first.to_string()), ("opened_at", &opened.to_string())]).await
        },
        async {
            let mut b2 = b.another_tab();
            b2.post_form("/api/learner/complete_lesson", &[("lesson", &texts[1].to_string()), ("opened_at", &opened.to_string())]).await
        }
    );
    assert!(r1.status.is_redirection() && r2.status.is_redirection(), "{} {}", r1.status, r2.status);
    let next = lessons_of(&pool, books, "video").await.into_iter().chain(lessons_of(&pool, books, "interactive").await).min().unwrap();
    assert!(r1.location.as_deref().unwrap().starts_with("/learn/lessons/"), "goes on to the next lesson: {:?} (next {next})", r1.location);

    let (status, seconds, percent, points) = progress_row(&pool, me, first).await.unwrap();
    assert_eq!((status.as_str(), percent, points), ("completed", 100, 10));
    assert!((300..=305).contains(&seconds), "{seconds} s counted");
    assert_eq!(count(&pool, &format!("select count(*) from earned_achievement where learner_id = {me}")).await, 1);
    assert_eq!(events(&pool, me, "achievement_earned").await.0, 1);
    assert_eq!(events(&pool, me, "lesson_completed").await.0, 2);
    assert_eq!(events(&pool, me, "lesson_started").await.0, 2);
    assert_eq!(events(&pool, me, "lesson_studied").await, (2, 10), "five minutes each, in the activity log");

    // Finishing it again changes neither points nor achievements.
    b.post_form("/api/learner/complete_lesson", &[("lesson", &first.to_string()), ("opened_at", &opened.to_string())]).await;
    assert_eq!(progress_row(&pool, me, first).await.unwrap().3, 10);
    assert_eq!(events(&pool, me, "achievement_earned").await.0, 1);

    // The dashboard counts it: 2 lessons of 10 points (difficulty 1) + 10 for the achievement.
    let dash = b.get("/learn").await.body;
    let lesson_points: i64 = count(&pool, &format!("select sum(points_awarded) from lesson_progress where learner_id = {me}")).await;
    assert_eq!(lesson_points, 10 + crate::learning::lesson_points(&pool, texts[1]).await);
    let total = lesson_points + 10;
    assert!(dash.contains(&format!("<p class=\"value\">{total}</p>")), "points {total} on the dashboard: {dash}");
    assert!(dash.contains("15 / "), "weekly minutes include the study, and the second finish's 5 more: {dash}");

    // The achievements page: earned with its date, the rest with progress by the same facts.
    let page = b.get("/learn/achievements").await.body;
    let (earned, locked) = page.split_once("id=\"locked-achievements\"").unwrap();
    assert!(earned.contains("First step"), "{earned}");
    assert!(locked.contains("Five-day streak") && locked.contains("1 of 5 days in a row"), "{locked}");
    assert!(locked.contains("0 of 1 modules completed") && !locked.contains("First step"), "{locked}");
}

pub async fn lesson_points(pool: &PgPool, lesson: i64) -> i64 {
    let d: i16 = sqlx::query_scalar("select difficulty from lesson where lesson_id = $1").bind(lesson).fetch_one(pool).await.unwrap();
    i64::from(ruralrise::domain::points::lesson(d))
}

#[sqlx::test(migrations = "./migrations")]
async fn progress_saves_are_checked_capped_serialised_and_complete_by_the_kinds_rule(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let solar = path_id(&pool, "solar-home-systems").await;
    // A video the demo learner has not opened.
    let video: i64 = sqlx::query_scalar(
        "select l.lesson_id from lesson l join module m using (module_id)
          where m.learning_path_id = $1 and l.kind = 'video'
            and not exists (select 1 from lesson_progress p where p.lesson_id = l.lesson_id and p.learner_id = $2)
          order by m.position desc limit 1",
    )
    .bind(solar)
    .bind(me)
    .fetch_one(&pool)
    .await
    .unwrap();
    let v = video.to_string();
    let mut b = signed_in(&app, LEARNER).await;
    let save = |percent: &'static str, position: &'static str, seconds: &'static str| {
        [("lesson", v.clone()), ("percent", percent.to_owned()), ("position", position.to_owned()), ("seconds", seconds.to_owned())]
    };
    macro_rules! call {
        ($fields:expr) => {{
            let f = $fields;
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.call("/api/learner/save_progress", &f).await
        }};
    }

    // Malformed or out of range: a clear 4xx, nothing stored.
    for (fields, want) in [
        (save("101", "0", "10"), StatusCode::UNPROCESSABLE_ENTITY),
        (save("-1", "0", "10"), StatusCode::UNPROCESSABLE_ENTITY),
        (save("50", "-1", "10"), StatusCode::UNPROCESSABLE_ENTITY),
        (save("50", "0", "-5"), StatusCode::UNPROCESSABLE_ENTITY),
        (save("50", "0", "100000"), StatusCode::UNPROCESSABLE_ENTITY),
        (save("fifty", "0", "10"), StatusCode::BAD_REQUEST),
    ] {
        let r = call!(fields.clone());
        assert_eq!(r.status, want, "{fields:?}: {}", r.body);
        assert!(r.body.len() < 200 && !r.body.contains("sqlx"), "{}", r.body);
    }
    assert!(progress_row(&pool, me, video).await.is_none());

    let r = call!(save("40", "200", "60"));
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        (saved["percent"].as_u64(), saved["completed"].as_bool(), saved["counted_seconds"].as_i64()),
        (Some(40), Some(false), Some(60))
    );
    // Scrolling back does not undo progress; the position is where the learner is now.
    call!(save("10", "30", "0"));
    let position: i32 = sqlx::query_scalar("select position from lesson_progress where learner_id = $1 and lesson_id = $2")
        .bind(me)
        .bind(video)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((progress_row(&pool, me, video).await.unwrap().2, position), (40, 30));

    // A tab left open overnight reports eight hours: ten minutes count.
    let r = call!(save("40", "200", "28800"));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["counted_seconds"], 600);
    // Ten saves at once apply one after another: every second is counted exactly once.
    let before = progress_row(&pool, me, video).await.unwrap().1;
    let mut tabs = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let mut tab = b.another_tab();
        let v = v.clone();
        tabs.spawn(async move {
            tab.call("/api/learner/save_progress", &[("lesson", &v), ("percent", "45"), ("position", "210"), ("seconds", "30")])
                .await
                .status
        });
    }
    assert!(tabs.join_all().await.iter().all(|s| *s == StatusCode::OK));
    assert_eq!(progress_row(&pool, me, video).await.unwrap().1, before + 300);
    // However many saves come, a lesson absorbs at most three times its length.
    let minutes: i32 = sqlx::query_scalar("select minutes from lesson where lesson_id = $1").bind(video).fetch_one(&pool).await.unwrap();
    for _ in 0..(minutes * 3 * 60 / 600 + 2) {
        call!(save("45", "210", "600"));
    }
    assert_eq!(progress_row(&pool, me, video).await.unwrap().1, minutes * 3 * 60);

    // "I have watched the video" (the form a page without script shows) is refused until the page
    // has been open for 90 % of the video's length.
    let now = chrono::Utc::now().timestamp().to_string();
    let r = b.post_form("/api/learner/complete_lesson", &[("lesson", &v), ("opened_at", &now)]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/learn/lessons/{video}").as_str()));
    assert!(b.get(&format!("/learn/lessons/{video}")).await.body.contains("Watch the whole video first"));
    assert_eq!(progress_row(&pool, me, video).await.unwrap().0, "started");
    // The player reports 90 % watched: complete, once.
    let r = call!(save("90", "500", "5"));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["completed"], true);
    let (status, _, percent, points) = progress_row(&pool, me, video).await.unwrap();
    assert_eq!((status.as_str(), percent), ("completed", 100));
    assert!(points > 0);
    call!(save("100", "600", "5"));
    assert_eq!(progress_row(&pool, me, video).await.unwrap().3, points, "points once");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_video_is_served_in_ranges_to_those_who_may_see_its_lesson_and_finishes_without_a_script(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let clip = "/media/demo/charge-controller-lights.mp4";
    let size = ruralrise::server::media::demo_size("demo/charge-controller-lights.mp4");
    let mut b = signed_in(&app, LEARNER).await;

    // A download cut off after 100 bytes resumes from there.
    let first = b.send(|c, base| c.get(format!("{base}{clip}")).header("range", "bytes=0-99")).await;
    assert_eq!(first.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(first.headers["content-range"], format!("bytes 0-99/{size}").as_str());
    assert!(first.headers.get("content-encoding").is_none(), "video is sent as it is");
    let rest = b.send(|c, base| c.get(format!("{base}{clip}")).header("range", "bytes=100-")).await;
    assert_eq!(rest.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(rest.headers["content-length"], (size - 100).to_string().as_str());
    let whole = b.get(clip).await;
    assert_eq!((whole.status, whole.headers["content-type"].to_str().unwrap()), (StatusCode::OK, "video/mp4"));
    assert!(whole.headers["cache-control"].to_str().unwrap().starts_with("private"));

    // Whose media: a visitor none, a learner only their own or open paths' lessons, staff all.
    assert_eq!(Browser::new(&app).get(clip).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(b.get("/media/demo/hermetic-storage.mp4").await.status, StatusCode::FORBIDDEN, "a cohort-only path of others");
    assert_eq!(b.get("/media/demo/cash-book.jpg").await.status, StatusCode::OK, "an open path");
    assert_eq!(signed_in(&app, TRAINER).await.get("/media/demo/hermetic-storage.mp4").await.status, StatusCode::OK);
    for bad in ["/media/demo/nothing.mp4", "/media/demo/..%2f..%2fCargo.toml", "/media/.hidden", "/media/Demo/X.mp4"] {
        assert_eq!(b.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }

    // The lesson page: a player that fetches nothing until asked, its poster and size, resuming
    // where the learner stopped.
    let video: i64 = sqlx::query_scalar(
        "select l.lesson_id from lesson l join module m using (module_id)
          where m.learning_path_id = (select learning_path_id from learning_path where slug = 'solar-home-systems')
            and l.kind = 'video' and not exists (select 1 from lesson_progress p where p.lesson_id = l.lesson_id and p.learner_id = $1)
          order by m.position limit 1",
    )
    .bind(me)
    .fetch_one(&pool)
    .await
    .unwrap();
    let v = video.to_string();
    b.call("/api/learner/save_progress", &[("lesson", &v), ("percent", "20"), ("position", "7"), ("seconds", "7")]).await;
    let page = b.get(&format!("/learn/lessons/{video}")).await.body;
    assert!(page.contains("preload=\"none\"") && page.contains("poster=\"/media/demo/charge-controller-lights.jpg\""), "{page}");
    assert!(page.contains(&format!("src=\"{clip}#t=7\"")), "resumes at 7 s");
    assert!(page.contains(&format!("Download the video ({} KB)", (size + 999) / 1000)));
    assert!(page.contains("What the video says"));

    // Without a script: "I have watched the video" once the page was open for 90 % of its 24 s.
    let opened = (chrono::Utc::now().timestamp() - 23).to_string();
    let r = b.post_form("/api/learner/complete_lesson", &[("lesson", &v), ("opened_at", &opened)]).await;
    assert!(r.location.as_deref().unwrap().starts_with("/learn/"), "{:?}", r.location);
    assert_eq!(progress_row(&pool, me, video).await.unwrap().0, "completed");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_scenario_moves_on_by_right_answers_shows_feedback_and_cannot_be_skipped(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let solar = path_id(&pool, "solar-home-systems").await;
    // "Sizing a battery bank": two steps; the right answers are the second and the second.
    let lesson: i64 =
        sqlx::query_scalar("select lesson_id from lesson where title = 'Sizing a battery bank'").fetch_one(&pool).await.unwrap();
    assert!(lessons_of(&pool, solar, "interactive").await.contains(&lesson));
    sqlx::query("delete from lesson_progress where learner_id = $1 and lesson_id = $2").bind(me).bind(lesson).execute(&pool).await.unwrap();
    let l = lesson.to_string();
    let mut b = signed_in(&app, LEARNER).await;
    let page = b.get(&format!("/learn/lessons/{l}")).await.body;
    assert!(page.contains("Step 1 of 2") && page.contains("How much energy do they use each night?"), "{page}");
    assert!(page.contains(r#"id="step-box-1" aria-labelledby="step-1" hidden"#), "later steps are not shown yet: {page}");
    let answer = |step: &'static str, choice: &'static str| {
        let l = l.clone();
        [("lesson", l), ("step", step.to_owned()), ("choice", choice.to_owned()), ("opened_at", chrono::Utc::now().timestamp().to_string())]
    };
    macro_rules! post {
        ($fields:expr) => {{
            let f = $fields;
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post_form("/api/learner/answer_step", &f).await
        }};
    }
    let position = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i32>("select position from lesson_progress where learner_id = $1 and lesson_id = $2")
            .bind(me)
            .bind(lesson)
            .fetch_optional(&pool)
            .await
            .unwrap()
    };

    // A wrong answer: its own feedback, and the learner stays on the step.
    let r = post!(answer("0", "1"));
    assert_eq!(r.location.as_deref(), Some(format!("/learn/lessons/{l}#scenario").as_str()));
    let page = b.get(&format!("/learn/lessons/{l}")).await.body;
    assert!(page.contains("Not quite") && page.contains("That misses the hours for the lamps"), "{page}");
    assert_eq!(position(pool.clone()).await, Some(0));
    // A save from the page cannot move a scenario on or complete it.
    b.call("/api/learner/save_progress", &[("lesson", &l), ("percent", "100"), ("position", "2"), ("seconds", "5")]).await;
    assert_eq!(progress_row(&pool, me, lesson).await.unwrap().2, 0);
    assert_eq!(position(pool.clone()).await, Some(0));

    // No choice, a choice that does not exist, a step ahead: a message each, nothing moves.
    let none = [("lesson", l.clone()), ("step", "0".to_owned()), ("opened_at", "0".to_owned())];
    post!(none);
    assert!(b.get(&format!("/learn/lessons/{l}")).await.body.contains("Choose one of the answers"));
    post!(answer("0", "9"));
    post!(answer("1", "1"));
    assert!(b.get(&format!("/learn/lessons/{l}")).await.body.contains("already answered"));
    assert_eq!(position(pool.clone()).await, Some(0));

    // Right: on to step 2, with the first step's right answer shown.
    post!(answer("0", "0"));
    let page = b.get(&format!("/learn/lessons/{l}")).await.body;
    assert!(page.contains("Right.") && page.contains("Right answer: <span lang=\"en\">110 Wh</span>"), "{page}");
    assert!(page.contains("Step 2 of 2") && !page.contains(r#"id="step-box-1" aria-labelledby="step-1" hidden"#), "{page}");
    // The same right answer sent again (a double click) changes nothing.
    post!(answer("0", "0"));
    assert_eq!(position(pool.clone()).await, Some(1));
    assert_eq!(progress_row(&pool, me, lesson).await.unwrap().2, 50);

    // The last right answer completes the lesson, with its points.
    post!(answer("1", "1"));
    let (status, _, percent, points) = progress_row(&pool, me, lesson).await.unwrap();
    assert_eq!((status.as_str(), percent, points), ("completed", 100, 40));
    let page = b.get(&format!("/learn/lessons/{l}")).await.body;
    assert!(page.contains("the scenario is done: +40 points") && page.contains("every step of this scenario"), "{page}");
}

#[sqlx::test(migrations = "./migrations")]
async fn the_scenario_island_gets_each_outcome_as_json_without_the_answer_ahead_and_claims_no_time(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let lesson: i64 =
        sqlx::query_scalar("select lesson_id from lesson where title = 'Sizing a battery bank'").fetch_one(&pool).await.unwrap();
    sqlx::query("delete from lesson_progress where learner_id = $1 and lesson_id = $2").bind(me).bind(lesson).execute(&pool).await.unwrap();
    let l = lesson.to_string();
    let mut b = signed_in(&app, LEARNER).await;
    let page = b.get(&format!("/learn/lessons/{l}")).await.body;
    assert!(page.contains("<leptos-island") && page.contains("ScenarioPlayer"), "the scenario is an island: {page}");
    let json = |r: &Reply| serde_json::from_str::<serde_json::Value>(&r.body).unwrap_or_else(|_| panic!("{} {}", r.status, r.body));

    // A wrong answer: the outcome itself (no page, no flash), and the learner stays on the step.
    let r = b.call("/api/learner/answer_step", &[("lesson", &l), ("step", "0"), ("choice", "1")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let o = json(&r);
    assert_eq!((o["correct"].as_bool(), o["passed"].as_u64(), o["total"].as_u64()), (Some(false), Some(0), Some(2)));
    assert!(o["notice"].as_str().unwrap().contains("Not quite"), "{o}");
    assert!(o["feedback"].as_str().unwrap().contains("That misses the hours for the lamps"), "{o}");
    assert!(o["next"].is_null());
    assert!(!b.get(&format!("/learn/lessons/{l}")).await.body.contains("Not quite"), "no flash is left for the next page");

    // A step ahead is refused as such (422), and moves nothing.
    let r = b.call("/api/learner/answer_step", &[("lesson", &l), ("step", "1"), ("choice", "1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Right: the next step comes with the outcome, without its own answer.
    let o = json(&b.call("/api/learner/answer_step", &[("lesson", &l), ("step", "0"), ("choice", "0")]).await);
    assert_eq!((o["correct"].as_bool(), o["passed"].as_u64()), (Some(true), Some(1)));
    assert!(o["next"]["situation"].as_str().unwrap().contains("They want a 12 V lead-acid battery"), "{o}");
    assert!(o["next"]["right"].is_null(), "the answer to the step ahead is not given away: {o}");

    // The last right answer completes the lesson; the island claimed no reading time (the page's
    // script reports it), so none was counted twice.
    let o = json(&b.call("/api/learner/answer_step", &[("lesson", &l), ("step", "1"), ("choice", "1")]).await);
    assert!(o["notice"].as_str().unwrap().contains("+40 points") && o["next"].is_null(), "{o}");
    let (status, seconds, percent, points) = progress_row(&pool, me, lesson).await.unwrap();
    assert_eq!((status.as_str(), seconds, percent, points), ("completed", 0, 100, 40));
}

#[sqlx::test(migrations = "./migrations")]
async fn settings_are_checked_together_kept_on_error_and_saved_whole(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let me = user_id(&pool, LEARNER).await;
    let stored = || async {
        sqlx::query_as::<_, (String, i32, String, Option<String>)>(
            "select display_name, weekly_goal_minutes, time_zone, language::text from profile where user_id = $1",
        )
        .bind(me)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = stored().await;
    let mut b = signed_in(&app, LEARNER).await;
    let page = b.get("/learn/profile").await.body;
    assert!(page.contains("value=\"Amina Wanjiru\"") && page.contains("<option value=\"Africa/Nairobi\" selected"), "{page}");

    // Three problems at once: each said next to its field, what was typed kept, nothing saved.
    let r = b
        .post_form(
            "/api/learner/save_profile",
            &[("name", "Amina W."), ("weekly_goal", "2 hours"), ("time_zone", "Mars/Olympus"), ("language", "xx")],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/learn/profile"));
    let page = b.get("/learn/profile").await.body;
    for words in ["whole number of minutes", "Choose your time zone from the list", "value=\"2 hours\"", "value=\"Amina W.\""] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(page.contains("aria-invalid=\"true\""));
    assert_eq!(stored().await, before);
    b.post_form(
        "/api/learner/save_profile",
        &[("name", "Amina"), ("weekly_goal", "5000"), ("time_zone", "Africa/Nairobi"), ("language", "")],
    )
    .await;
    assert!(b.get("/learn/profile").await.body.contains("from 0 to 1,200 minutes"));
    assert_eq!(stored().await, before);

    // All right: saved together, audited, and the pages follow.
    let r = b
        .post_form(
            "/api/learner/save_profile",
            &[("name", " Amina Njeri "), ("weekly_goal", "45"), ("time_zone", "Africa/Kampala"), ("language", "fr")],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/learn/profile"));
    assert_eq!(stored().await, ("Amina Njeri".to_owned(), 45, "Africa/Kampala".to_owned(), Some("fr".to_owned())));
    assert_eq!(count(&pool, &format!("select count(*) from audit_log where action = 'profile_updated' and actor_id = {me}")).await, 1);
    let page = b.get("/learn/profile").await.body;
    assert_eq!(page_language(&page), Some("fr"));
    assert!(page.contains("Vos réglages sont enregistrés."));
    assert!(b.get("/learn").await.body.contains("/ 45 min"), "the dashboard counts toward the new goal");
    // Back to the browser's choice.
    b.post_form(
        "/api/learner/save_profile",
        &[("name", "Amina Njeri"), ("weekly_goal", "45"), ("time_zone", "Africa/Kampala"), ("language", "")],
    )
    .await;
    assert_eq!(stored().await.3, None);
}

#[sqlx::test(migrations = "./migrations")]
async fn author_html_in_a_lesson_never_reaches_the_page(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let solar = path_id(&pool, "solar-home-systems").await;
    let lesson = lessons_of(&pool, solar, "text").await[0];
    let body =
        "## Fine\n\n<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))<iframe src=https://evil.test></iframe>";
    sqlx::query("update lesson set content = jsonb_set(content, '{body}', to_jsonb($2::text)) where lesson_id = $1")
        .bind(lesson)
        .bind(body)
        .execute(&pool)
        .await
        .unwrap();
    let mut b = signed_in(&app, LEARNER).await;
    let page = b.get(&format!("/learn/lessons/{lesson}")).await.body;
    let article = page.split("class=\"lesson-text\"").nth(1).unwrap().split("</article>").next().unwrap();
    assert!(article.contains("<h2>Fine</h2>"));
    // What is left of the HTML block is plain text: no element, attribute or link made from it.
    for bad in ["<script", "<img src=\"x\" onerror", "href=\"javascript", "<iframe"] {
        assert!(!article.contains(bad), "{bad} reached the page: {article}");
    }
}
