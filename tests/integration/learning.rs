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

    // A video cannot be marked done by hand; it completes at 90 % watched, once.
    let r = b.post_form("/api/learner/complete_lesson", &[("lesson", &v), ("opened_at", "0")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/learn/lessons/{video}").as_str()));
    assert!(b.get(&format!("/learn/lessons/{video}")).await.body.contains("completes by itself"));
    assert_eq!(progress_row(&pool, me, video).await.unwrap().0, "started");
    let r = call!(save("90", "500", "5"));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["completed"], true);
    let (status, _, percent, points) = progress_row(&pool, me, video).await.unwrap();
    assert_eq!((status.as_str(), percent), ("completed", 100));
    assert!(points > 0);
    call!(save("100", "600", "5"));
    assert_eq!(progress_row(&pool, me, video).await.unwrap().3, points, "points once");
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
