//! Cohorts as their trainer runs them: creating one (every problem named at once, nothing stored
//! on bad input), editing it through the moves its life allows, adding learners found by name or
//! e-mail and removing them, and the member list in keyset pages. Other people change nothing.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

async fn ids(pool: &PgPool) -> (i64, i64) {
    let client: i64 = sqlx::query_scalar("select client_org_id from client_org where status = 'active' order by 1 limit 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let path: i64 = sqlx::query_scalar("select learning_path_id from learning_path order by 1 limit 1").fetch_one(pool).await.unwrap();
    (client, path)
}

fn form<'a>(name: &'a str, client: &'a str, path: &'a str, status: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![("name", name), ("client", client), ("path", path), ("starts_on", "2027-01-04"), ("ends_on", "2027-03-26"), ("status", status)]
}

async fn cohort_named(pool: &PgPool, name: &str) -> Option<(i64, String, i64)> {
    sqlx::query_as("select cohort_id, status::text, trainer_id from cohort where name = $1").bind(name).fetch_optional(pool).await.unwrap()
}

/// Creates a cohort as the demo trainer and returns its id.
async fn create(trainer: &mut Browser, pool: &PgPool, name: &str) -> i64 {
    let (client, path) = ids(pool).await;
    let (c, p) = (client.to_string(), path.to_string());
    let r = trainer.post_form("/api/trainer/create_cohort", &form(name, &c, &p, "planned")).await;
    let id = cohort_named(pool, name).await.expect("created").0;
    assert_eq!(r.location.as_deref(), Some(format!("/train/cohorts/{id}").as_str()));
    id
}

fn edit<'a>(cohort: &'a str, name: &'a str, client: &'a str, path: &'a str, status: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut f = form(name, client, path, status);
    f.insert(0, ("cohort", cohort));
    f
}

#[sqlx::test(migrations = "./migrations")]
async fn a_trainer_creates_a_cohort_and_finds_it_in_the_list(pool: PgPool) {
    let app = spawn(pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let form_page = trainer.get("/train/cohorts/new").await;
    assert_eq!(form_page.status, StatusCode::OK);
    assert!(form_page.body.contains("Choose a sponsor") && form_page.body.contains(r#"type="date""#), "{}", form_page.body);

    let id = create(&mut trainer, &app.pool, "Solar Kitui, January 2027").await;
    let (_, status, owner) = cohort_named(&app.pool, "Solar Kitui, January 2027").await.unwrap();
    assert_eq!((status.as_str(), owner), ("planned", user_id(&app.pool, TRAINER).await));
    let page = trainer.get(&format!("/train/cohorts/{id}")).await;
    assert!(page.body.contains("Cohort Solar Kitui, January 2027 created"), "{}", page.body);
    assert!(page.body.contains("No learners yet"));
    let list = trainer.get("/train").await.body;
    assert!(list.contains(&format!(r#"href="/train/cohorts/{id}""#)), "the console links the new cohort");
    let audited = count(&app.pool, &format!("select count(*) from audit_log where action = 'cohort_created' and target_id = {id}")).await;
    assert_eq!(audited, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_bad_form_names_every_problem_keeps_what_was_typed_and_stores_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let before = count(&app.pool, "select count(*) from cohort").await;
    let bad = [
        ("name", "Tailoring <b>Mbale</b>"),
        ("client", ""),
        ("path", "999999"),
        ("starts_on", "2027-02-30"),
        ("ends_on", "2027-01-01"),
        ("status", "completed"),
    ];
    let r = trainer.post_form("/api/trainer/create_cohort", &bad).await;
    assert_eq!(r.location.as_deref(), Some("/train/cohorts/new"));
    let page = trainer.get("/train/cohorts/new").await.body;
    assert!(page.contains("Choose the sponsor.") && page.contains("Enter the date as year-month-day"), "{page}");
    assert!(page.contains("Tailoring &lt;b&gt;Mbale&lt;/b&gt;"), "the name typed comes back, escaped");
    assert_eq!(count(&app.pool, "select count(*) from cohort").await, before);

    // The fields parse but the database says no: a path that does not exist, a status a new
    // cohort cannot start in, and (separately) a name another cohort has.
    let (client, _) = ids(&app.pool).await;
    let c = client.to_string();
    trainer.post_form("/api/trainer/create_cohort", &form("Fresh name", &c, "999999", "completed")).await;
    let page = trainer.get("/train/cohorts/new").await.body;
    assert!(page.contains("This learning path no longer exists"), "{page}");
    assert!(page.contains("cannot become “Completed”. It can become: Running, Cancelled."), "{page}");
    let taken: String = sqlx::query_scalar("select name from cohort order by cohort_id limit 1").fetch_one(&app.pool).await.unwrap();
    let (_, path) = ids(&app.pool).await;
    trainer.post_form("/api/trainer/create_cohort", &form(&taken, &c, &path.to_string(), "planned")).await;
    assert!(trainer.get("/train/cohorts/new").await.body.contains("Another cohort already has this name"));
    assert_eq!(count(&app.pool, "select count(*) from cohort").await, before);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_cohort_moves_only_as_its_life_allows(pool: PgPool) {
    let app = spawn(pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let name = "Agri-business Mbeya 2027";
    let id = create(&mut trainer, &app.pool, name).await;
    let (client, path) = ids(&app.pool).await;
    let (s, c, p) = (id.to_string(), client.to_string(), path.to_string());
    let status = |pool: PgPool| async move { cohort_named(&pool, name).await.unwrap().1 };

    // Planned → completed skips running: refused, with where it may go.
    let r = trainer.post_form("/api/trainer/update_cohort", &edit(&s, name, &c, &p, "completed")).await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/cohorts/{id}/edit").as_str()));
    let page = trainer.get(&format!("/train/cohorts/{id}/edit")).await.body;
    assert!(page.contains("A cohort that is “Planned” cannot become “Completed”. It can become: Running, Cancelled."), "{page}");
    assert_eq!(status(app.pool.clone()).await, "planned");

    let r = trainer.post_form("/api/trainer/update_cohort", &edit(&s, name, &c, &p, "active")).await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/cohorts/{id}").as_str()));
    assert_eq!(status(app.pool.clone()).await, "active");
    let moved = count(
        &app.pool,
        &format!(
            "select count(*) from audit_log where action = 'cohort_updated' and target_id = {id} and detail->'status'->>'to' = 'active'"
        ),
    )
    .await;
    assert_eq!(moved, 1, "the audit entry says what changed");

    // Running: no way back, and the path is fixed.
    trainer.post_form("/api/trainer/update_cohort", &edit(&s, name, &c, &p, "planned")).await;
    assert_eq!(status(app.pool.clone()).await, "active");
    let other_path: i64 = sqlx::query_scalar("select learning_path_id from learning_path where learning_path_id <> $1 limit 1")
        .bind(path)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    trainer.post_form("/api/trainer/update_cohort", &edit(&s, name, &c, &other_path.to_string(), "active")).await;
    assert!(
        trainer.get(&format!("/train/cohorts/{id}/edit")).await.body.contains("The learning path can change only before the cohort starts")
    );
    let kept: i64 =
        sqlx::query_scalar("select learning_path_id from cohort where cohort_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(kept, path);

    for step in ["completed", "archived"] {
        trainer.post_form("/api/trainer/update_cohort", &edit(&s, name, &c, &p, step)).await;
        assert_eq!(status(app.pool.clone()).await, step);
    }
    // Archived: a record; a rename is refused and the form is not offered.
    trainer.post_form("/api/trainer/update_cohort", &edit(&s, "Renamed", &c, &p, "archived")).await;
    assert!(cohort_named(&app.pool, name).await.is_some());
    assert!(trainer.get(&format!("/train/cohorts/{id}/edit")).await.body.contains("This cohort is archived"));
    assert!(!trainer.get("/train").await.body.contains(name), "archived cohorts leave the console");
}

#[sqlx::test(migrations = "./migrations")]
async fn learners_are_found_added_and_removed_and_nobody_else_can(pool: PgPool) {
    let app = spawn(pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let id = create(&mut trainer, &app.pool, "Bookkeeping Gulu 2027").await;
    let (learner, name, email): (i64, String, String) = sqlx::query_as(
        "select u.user_id, p.display_name, u.email from app_user u join profile p using (user_id)
          where u.role = 'learner' and u.status = 'active' order by u.user_id limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let first_name = name.split(' ').next().unwrap().to_lowercase();

    // Found by part of the name (any case) and by the start of the e-mail; wildcards are literal.
    let page = trainer.get(&format!("/train/cohorts/{id}?q={first_name}#add")).await.body;
    assert!(page.contains(&format!(r#"data-learner="{learner}""#)), "{page}");
    let by_email = trainer.get(&format!("/train/cohorts/{id}?q={}", &email[..8])).await.body;
    assert!(by_email.contains(&email));
    assert!(trainer.get(&format!("/train/cohorts/{id}?q=%25%25")).await.body.contains("No learner outside this cohort matches"));
    assert!(trainer.get(&format!("/train/cohorts/{id}?q=a")).await.body.contains("Type at least 2 characters"));

    let (s, l) = (id.to_string(), learner.to_string());
    let r = trainer.post_form("/api/trainer/add_member", &[("cohort", &s), ("learner", &l)]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/cohorts/{id}#members").as_str()));
    let page = trainer.get(&format!("/train/cohorts/{id}")).await.body;
    assert!(page.contains(&format!("{name} joined the cohort")), "{page}");
    assert!(page.contains("1 learner"));
    let enrolled = count(&app.pool, &format!(
        "select count(*) from enrolment e join cohort c on c.learning_path_id = e.learning_path_id where c.cohort_id = {id} and e.learner_id = {learner}")).await;
    assert_eq!(enrolled, 1, "joining the cohort enrols in its path");
    // No longer offered, and a second add is refused.
    assert!(!trainer.get(&format!("/train/cohorts/{id}?q={first_name}")).await.body.contains(&format!(r#"<li data-learner="{learner}""#)));
    trainer.post_form("/api/trainer/add_member", &[("cohort", &s), ("learner", &l)]).await;
    assert!(trainer.get(&format!("/train/cohorts/{id}")).await.body.contains("This learner is already in the cohort."));
    // A trainer is not a learner.
    let other = user_id(&app.pool, "trainer02@ruralrise.test").await.to_string();
    trainer.post_form("/api/trainer/add_member", &[("cohort", &s), ("learner", &other)]).await;
    assert!(trainer.get(&format!("/train/cohorts/{id}")).await.body.contains("Only active learner accounts can join a cohort."));
    assert_eq!(count(&app.pool, &format!("select count(*) from cohort_member where cohort_id = {id}")).await, 1);

    // Another trainer, the learner and operations change nothing.
    for who in ["trainer02@ruralrise.test", LEARNER, OPS] {
        let mut b = signed_in(&app, who).await;
        let r = b.post_form("/api/trainer/remove_member", &[("cohort", &s), ("learner", &l)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        let r = b.post_form("/api/trainer/update_cohort", &edit(&s, "Taken over", "1", "1", "active")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(b.get(&format!("/train/cohorts/{id}")).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(count(&app.pool, &format!("select count(*) from cohort_member where cohort_id = {id}")).await, 1);
    assert!(cohort_named(&app.pool, "Bookkeeping Gulu 2027").await.is_some());

    let r = trainer.post_form("/api/trainer/remove_member", &[("cohort", &s), ("learner", &l)]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/cohorts/{id}#members").as_str()));
    assert!(trainer.get(&format!("/train/cohorts/{id}")).await.body.contains(&format!("{name} left the cohort")));
    assert_eq!(count(&app.pool, &format!("select count(*) from cohort_member where cohort_id = {id}")).await, 0);
    assert!(
        count(&app.pool, &format!("select count(*) from enrolment where learner_id = {learner}")).await >= 1,
        "leaving the cohort keeps the enrolment and its progress"
    );
    let audited = count(
        &app.pool,
        &format!("select count(*) from audit_log where target_id = {id} and action in ('cohort_member_added', 'cohort_member_removed')"),
    )
    .await;
    assert_eq!(audited, 2);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_closed_cohort_takes_no_one(pool: PgPool) {
    let app = spawn(pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let id = create(&mut trainer, &app.pool, "Closed soon").await;
    let (client, path) = ids(&app.pool).await;
    let (s, c, p) = (id.to_string(), client.to_string(), path.to_string());
    for step in ["active", "completed"] {
        trainer.post_form("/api/trainer/update_cohort", &edit(&s, "Closed soon", &c, &p, step)).await;
    }
    let learner = user_id(&app.pool, LEARNER).await.to_string();
    trainer.post_form("/api/trainer/add_member", &[("cohort", &s), ("learner", &learner)]).await;
    let page = trainer.get(&format!("/train/cohorts/{id}")).await.body;
    assert!(page.contains("This cohort is “Completed”: learners join only a planned or running cohort."), "{page}");
    assert!(!page.contains(r#"name="q""#), "no search form on a closed cohort");
    assert_eq!(count(&app.pool, &format!("select count(*) from cohort_member where cohort_id = {id}")).await, 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn members_come_in_keyset_pages_in_every_order(pool: PgPool) {
    let app = spawn(pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let id = create(&mut trainer, &app.pool, "Big cohort").await;
    sqlx::query(
        "insert into cohort_member (cohort_id, learner_id)
         select $1, user_id from app_user where role = 'learner' order by user_id limit 120",
    )
    .bind(id)
    .execute(&app.pool)
    .await
    .unwrap();
    let expected = |order: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!(
                "select cm.learner_id from cohort_member cm join profile p on p.user_id = cm.learner_id
                   left join lateral (select count(*) as done from lesson_progress lp join lesson l using (lesson_id) join module m using (module_id)
                                       join cohort c on c.learning_path_id = m.learning_path_id
                                      where c.cohort_id = cm.cohort_id and lp.learner_id = cm.learner_id and lp.status = 'completed') d on true
                  where cm.cohort_id = {id} order by {order}"
            ))
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    for (sort, order) in [("name", "lower(p.display_name), cm.learner_id"), ("progress_high", "d.done desc, cm.learner_id")] {
        let mut seen = Vec::new();
        let mut url = format!("/train/cohorts/{id}?sort={sort}");
        for _ in 0..5 {
            let page = trainer.get(&url).await.body;
            let table = page.split(r#"<table id="members">"#).nth(1).unwrap().split("</table>").next().unwrap();
            seen.extend(table.split(r#"<tr data-learner=""#).skip(1).map(|r| r.split('"').next().unwrap().parse::<i64>().unwrap()));
            match page.split(r#"id="next-members" href=""#).nth(1) {
                Some(rest) => url = rest.split('"').next().unwrap().replace("&amp;", "&"),
                None => break,
            }
        }
        assert_eq!(seen, expected(order).await, "{sort}: every member once, in order, across pages of 50");
    }
    assert!(
        trainer.get(&format!("/train/cohorts/{id}?sort=nonsense&after=x")).await.status == StatusCode::OK,
        "a bad link serves the first page"
    );
}
