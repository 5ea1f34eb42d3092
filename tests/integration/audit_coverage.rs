//! Every server function that changes data leaves an audit entry. Each registered function is
//! either listed here as reading only (or as a deliberate exception, with the reason), or is
//! called below as someone allowed to, and must add an entry with the expected action.

use crate::common::*;
use ruralrise::auth::token;
use sqlx::PgPool;
use std::collections::BTreeSet;

/// Functions that change nothing an audit would record.
const READS: &[&str] = &[
    "/api/account/me",
    "/api/account/flash",
    "/api/account/link_works",
    "/api/account/overview",
    "/api/account/pin_code",
    "/api/account/pin_cohort",
    "/api/learner/dashboard",
    "/api/learner/paths",
    "/api/learner/path",
    "/api/learner/lesson",
    "/api/learner/assessment",
    "/api/learner/result",
    "/api/learner/progress",
    "/api/learner/achievements",
    "/api/learner/saved",
    "/api/learner/quiz_keys",
    "/api/learner/profile",
    "/api/trainer/console",
    "/api/trainer/pins",
    "/api/trainer/cohort_editor",
    "/api/trainer/cohort",
    "/api/trainer/queue",
    "/api/trainer/grading",
    "/api/trainer/at_risk",
    "/api/trainer/performance",
    "/api/trainer/learner",
    "/api/learner/inbox",
    "/api/ops/overview",
    "/api/ops/quality",
    "/api/ops/reports",
    "/api/ops/recommendations",
    "/api/ops/clients",
    "/api/ops/client",
    "/api/ops/client_editor",
    "/api/ops/trainers",
    "/api/ops/trainer",
    "/api/ops/redistribution",
    "/api/ops/risks",
    "/api/ops/risk",
    "/api/ops/risk_editor",
    "/api/ops/find_account",
    "/api/ops/audit",
    "/api/ops/health",
];

/// Functions that write, but on purpose without an entry of their own.
const NOT_AUDITED: &[(&str, &str)] = &[
    // Both answer the same whether or not the address has an account, and only store a link
    // token (in the background, for an existing account); the link's use is audited.
    ("/api/account/request_reset", "stores a link token; using it is audited as password_reset"),
    ("/api/account/resend_verification", "stores a link token; using it is audited as email_verified"),
    // A learner's own study is recorded, as it happens, in the append-only activity log
    // (activity_event: started, minutes studied, completed, achievement earned); an audit entry
    // per save would double every row of the busiest write in the app.
    ("/api/learner/save_progress", "the learner's own study, logged in activity_event"),
    ("/api/learner/complete_lesson", "the learner's own study, logged in activity_event"),
    ("/api/learner/answer_step", "the learner's own study, logged in activity_event"),
    // A submission is itself the record of who handed in what and when (with its form key).
    // The learner's own feedback on an insight, stored with its time in insight_dismissal.
    ("/api/learner/dismiss_insight", "the learner's own feedback, kept with its time in insight_dismissal"),
    // A trainer's own writing aid, seen by nobody else and about nobody.
    ("/api/trainer/forget_comment", "the trainer's own comment bank, not a record about anyone"),
    // Reading one's own messages: the time is kept on each message (read_at), seen by its sender.
    ("/api/learner/mark_inbox_read", "the learner's own inbox; the time is kept on each message as read_at"),
    ("/api/learner/submit_assessment", "the learner's own work, stored as the submission and logged in activity_event"),
    // What a phone did offline: the same study and work as the three above, each action also
    // kept with both its times as a receipt (sync_receipt).
    ("/api/sync/v1", "the learner's own study and work, logged in activity_event and kept in sync_receipt"),
];

async fn last_action(pool: &PgPool) -> (i64, String) {
    sqlx::query_as("select audit_log_id, action from audit_log order by audit_log_id desc limit 1").fetch_one(pool).await.unwrap()
}

/// A link token for `email`, inserted as the mail would have carried it.
async fn link(pool: &PgPool, email: &str, purpose: &str) -> String {
    let (t, hash) = token::issue();
    sqlx::query("insert into account_token (token_hash, user_id, purpose, expires_at) values ($1, $2, $3::token_purpose, now() + interval '1 hour')")
        .bind(hash)
        .bind(user_id(pool, email).await)
        .bind(purpose)
        .execute(pool)
        .await
        .unwrap();
    t
}

#[sqlx::test(migrations = "./migrations")]
async fn every_function_that_changes_data_writes_an_audit_entry(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    let mut called: BTreeSet<&str> = BTreeSet::new();
    // Calls `path` with `fields` in `b` and expects a new entry with `action`.
    macro_rules! audited {
        ($b:expr, $path:expr, $fields:expr, $action:expr) => {{
            let (before, _) = last_action(&pool).await;
            let r = $b.post_form($path, $fields).await;
            assert!(r.status.is_redirection() || r.status.is_success(), "{}: {} {}", $path, r.status, r.body);
            let (after, action) = last_action(&pool).await;
            assert!(after > before && action == $action, "{} should write '{}', last entry is '{}'", $path, $action, action);
            called.insert($path);
        }};
    }

    let mut visitor = Browser::new(&app);
    audited!(
        visitor,
        "/api/account/sign_up",
        &[("name", "Neema Otieno"), ("email", "neema@example.org"), ("password", "a long new password")],
        "sign_up"
    );
    let verify = link(&pool, "neema@example.org", "verify_email").await;
    audited!(visitor, "/api/account/verify_email", &[("token", verify.as_str())], "email_verified");
    let mut learner = Browser::new(&app);
    audited!(learner, "/api/account/sign_in", &[("email", LEARNER), ("password", PASSWORD)], "sign_in");
    audited!(learner, "/api/account/set_language", &[("language", "sw"), ("return_to", "/learn")], "set_language");
    let open_path: i64 = sqlx::query_scalar("select learning_path_id from learning_path where open_enrolment order by 1 limit 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    audited!(learner, "/api/learner/enrol", &[("path", open_path.to_string().as_str())], "enrolled");
    audited!(
        learner,
        "/api/learner/save_profile",
        &[("name", "Amina Wanjiru"), ("weekly_goal", "150"), ("time_zone", "Africa/Nairobi"), ("language", "sw")],
        "profile_updated"
    );
    let mut other = signed_in(&app, LEARNER).await;
    audited!(learner, "/api/account/end_other_sessions", &[], "sessions_ended");
    audited!(learner, "/api/account/end_session", &[("key", "not-one-of-mine")], "sessions_ended");
    audited!(
        learner,
        "/api/account/change_password",
        &[("current_password", PASSWORD), ("password", "another long password")],
        "password_changed"
    );
    let reset = link(&pool, LEARNER, "reset_password").await;
    audited!(other, "/api/account/reset_password", &[("token", reset.as_str()), ("password", "a third long password")], "password_reset");
    // The reset signed every other session out; the browser that used the link is signed in.
    audited!(other, "/api/account/sign_out", &[], "sign_out");

    let mut trainer = signed_in(&app, TRAINER).await;
    let (cohort, member): (i64, i64) = sqlx::query_as(
        "select c.cohort_id, cm.learner_id from cohort c join app_user t on t.user_id = c.trainer_id join cohort_member cm using (cohort_id)
          where t.email = $1 order by 1, 2 limit 1",
    )
    .bind(TRAINER)
    .fetch_one(&pool)
    .await
    .unwrap();
    let (cohort_s, member_s) = (cohort.to_string(), member.to_string());
    audited!(trainer, "/api/trainer/new_sign_in_code", &[("cohort", cohort_s.as_str())], "sign_in_code_created");
    audited!(
        trainer,
        "/api/trainer/set_pin",
        &[("cohort", cohort_s.as_str()), ("learner", member_s.as_str()), ("pin", "4829"), ("picture", "cow")],
        "pin_set"
    );
    let code: String =
        sqlx::query_scalar("select sign_in_code from cohort where cohort_id = $1").bind(cohort).fetch_one(&pool).await.unwrap();
    let mut phone = Browser::new(&app);
    audited!(phone, "/api/account/pin_sign_in", &[("code", code.as_str()), ("learner", member_s.as_str()), ("pin", "4829")], "sign_in");
    audited!(trainer, "/api/trainer/remove_pin", &[("cohort", cohort_s.as_str()), ("learner", member_s.as_str())], "pin_removed");
    let (client, path): (i64, i64) = sqlx::query_as(
        "select (select min(client_org_id) from client_org where status = 'active'), (select min(learning_path_id) from learning_path)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (client_s, path_s) = (client.to_string(), path.to_string());
    let cohort_form = |status: &'static str| {
        [
            ("name", "Audit cohort"),
            ("client", client_s.as_str()),
            ("path", path_s.as_str()),
            ("starts_on", "2027-01-04"),
            ("ends_on", "2027-02-26"),
            ("status", status),
        ]
    };
    audited!(trainer, "/api/trainer/create_cohort", &cohort_form("planned"), "cohort_created");
    let new_cohort: i64 = sqlx::query_scalar("select cohort_id from cohort where name = 'Audit cohort'").fetch_one(&pool).await.unwrap();
    let new_s = new_cohort.to_string();
    let mut update = vec![("cohort", new_s.as_str())];
    update.extend(cohort_form("active"));
    audited!(trainer, "/api/trainer/update_cohort", &update, "cohort_updated");
    audited!(trainer, "/api/trainer/add_member", &[("cohort", new_s.as_str()), ("learner", member_s.as_str())], "cohort_member_added");
    audited!(trainer, "/api/trainer/remove_member", &[("cohort", new_s.as_str()), ("learner", member_s.as_str())], "cohort_member_removed");
    let (pending, version): (i64, i32) = sqlx::query_as(
        "select s.submission_id, s.version from submission s join cohort c using (cohort_id) join app_user t on t.user_id = c.trainer_id
          where t.email = $1 and s.status = 'pending' order by 1 limit 1",
    )
    .bind(TRAINER)
    .fetch_one(&pool)
    .await
    .unwrap();
    let (pending_s, version_s) = (pending.to_string(), version.to_string());
    audited!(trainer, "/api/trainer/flag_submission", &[("submission", pending_s.as_str()), ("reason", "check")], "submission_flagged");
    audited!(trainer, "/api/trainer/flag_submission", &[("submission", pending_s.as_str()), ("clear", "1")], "submission_unflagged");
    let grade = |mode: &'static str, version: &str| {
        vec![
            ("submission", pending_s.clone()),
            ("version", version.to_owned()),
            ("mode", mode.to_owned()),
            ("levels[p3-c0]", "1".to_owned()),
            ("levels[p3-c1]", "1".to_owned()),
            ("levels[p3-c2]", "1".to_owned()),
        ]
    };
    let first = grade("grade", &version_s);
    let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    audited!(trainer, "/api/trainer/grade_submission", &first, "submission_graded");
    let again = grade("regrade", &(version + 1).to_string());
    let again: Vec<(&str, &str)> = again.iter().map(|(k, v)| (*k, v.as_str())).collect();
    audited!(trainer, "/api/trainer/grade_submission", &again, "submission_regraded");

    // Follow-up: a listed learner marked not useful, an intervention recorded and closed, messages.
    sqlx::query("update learner_risk set at_risk = true, score = 0.9 where learner_id = $1").bind(member).execute(&pool).await.unwrap();
    audited!(trainer, "/api/trainer/dismiss_risk", &[("learner", member_s.as_str())], "risk_dismissed");
    audited!(
        trainer,
        "/api/trainer/record_intervention",
        &[("learner", member_s.as_str()), ("kind", "call"), ("note", "Call about the missed week"), ("due_on", "")],
        "intervention_recorded"
    );
    let intervention: i64 = sqlx::query_scalar("select max(intervention_id) from intervention where learner_id = $1")
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
    let intervention_s = intervention.to_string();
    audited!(
        trainer,
        "/api/trainer/complete_intervention",
        &[("learner", member_s.as_str()), ("intervention", intervention_s.as_str()), ("outcome", "Back on Monday")],
        "intervention_completed"
    );
    audited!(trainer, "/api/trainer/send_message", &[("learner", member_s.as_str()), ("body", "See you Monday")], "message_sent");
    audited!(
        trainer,
        "/api/trainer/send_group_message",
        &[("cohort", cohort_s.as_str()), ("group", "everyone"), ("body", "Session moved to 10:00")],
        "message_sent"
    );

    let mut ops = signed_in(&app, OPS).await;
    audited!(
        ops,
        "/api/ops/create_trainer",
        &[("name", "Baraka Mwangi"), ("email", "baraka@example.org"), ("password", "a long new password")],
        "create_account"
    );
    let target = user_id(&pool, "baraka@example.org").await.to_string();
    audited!(ops, "/api/ops/set_account_status", &[("user_id", target.as_str()), ("enabled", "false")], "account_disabled");
    let learner_id = user_id(&pool, LEARNER).await.to_string();
    audited!(ops, "/api/ops/anonymise_account", &[("user_id", learner_id.as_str()), ("confirm", "yes")], "account_anonymised");
    let client_form = |status: &'static str| {
        vec![
            ("name", "Audit Sponsor"),
            ("sector", "Tailoring"),
            ("region", "Mwanza"),
            ("contact_name", ""),
            ("email", ""),
            ("phone", ""),
            ("starts_on", ""),
            ("ends_on", ""),
            ("target", "40"),
            ("note", ""),
            ("status", status),
        ]
    };
    audited!(ops, "/api/ops/save_client", &client_form("active"), "client_created");
    let sponsor: i64 =
        sqlx::query_scalar("select client_org_id from client_org where name = 'Audit Sponsor'").fetch_one(&pool).await.unwrap();
    let sponsor_s = sponsor.to_string();
    let mut client_update = vec![("client", sponsor_s.as_str())];
    client_update.extend(client_form("paused"));
    audited!(ops, "/api/ops/save_client", &client_update, "client_updated");
    let newest = user_id(&pool, "trainer08@ruralrise.test").await.to_string();
    // An active cohort and another active trainer approved for its sponsor and path.
    let (moving, approved): (i64, i64) = sqlx::query_as(
        "select c.cohort_id, u.user_id from cohort c
           join trainer_client_approval a on a.client_org_id = c.client_org_id
           join trainer_path_approval p on p.learning_path_id = c.learning_path_id and p.trainer_id = a.trainer_id
           join app_user u on u.user_id = a.trainer_id and u.status = 'active' and u.user_id <> c.trainer_id
          where c.status = 'active' order by 1, 2 limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (moving, approved) = (moving.to_string(), approved.to_string());
    audited!(ops, "/api/ops/reassign_cohort", &[("cohort", moving.as_str()), ("trainer", approved.as_str())], "cohort_reassigned");
    // The trainer of the fullest running cohort can follow nobody, and another trainer is
    // approved for it: the optimiser has a move to propose.
    let (full, holder): (i64, i64) = sqlx::query_as(
        "select c.cohort_id, c.trainer_id from cohort c join kpi_cohort k using (cohort_id)
          where c.status in ('planned', 'active') and c.trainer_id is not null order by k.members desc, 1 limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let other: i64 = sqlx::query_scalar(
        "select user_id from app_user where role = 'trainer' and status = 'active' and user_id <> $1 order by 1 limit 1",
    )
    .bind(holder)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("insert into trainer_client_approval select $2, client_org_id from cohort where cohort_id = $1 on conflict do nothing;")
        .bind(full)
        .bind(other)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("insert into trainer_path_approval select $2, learning_path_id from cohort where cohort_id = $1 on conflict do nothing")
        .bind(full)
        .bind(other)
        .execute(&pool)
        .await
        .unwrap();
    let holder = holder.to_string();
    audited!(ops, "/api/ops/set_trainer_capacity", &[("trainer", holder.as_str()), ("capacity", "0")], "trainer_capacity_set");
    let page = ops.get("/ops/redistribute").await.body;
    let field = |name: &str| {
        let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("the apply form: {page}")) + name.len() + 15;
        page[at..at + page[at..].find('"').unwrap()].to_owned()
    };
    let (fingerprint, moves) = (field("fingerprint"), field("moves"));
    audited!(
        ops,
        "/api/ops/apply_redistribution",
        &[("fingerprint", fingerprint.as_str()), ("moves", moves.as_str())],
        "load_redistributed"
    );
    // The newest trainer runs no cohort, so their approvals may shrink to one path.
    audited!(ops, "/api/ops/set_trainer_approvals", &[("trainer", newest.as_str()), ("paths[p1]", "on")], "trainer_approvals_set");
    let ops_id = user_id(&pool, OPS).await.to_string();
    audited!(
        ops,
        "/api/ops/open_risk",
        &[
            ("title", "Attendance sheets missing"),
            ("kind", "compliance"),
            ("severity", "low"),
            ("action", "Collect them at the next session."),
            ("owner", ops_id.as_str())
        ],
        "risk_ticket_opened"
    );
    let ticket: i64 = sqlx::query_scalar("select max(risk_alert_id) from risk_alert").fetch_one(&pool).await.unwrap();
    let ticket = ticket.to_string();
    audited!(ops, "/api/ops/move_risk", &[("ticket", ticket.as_str()), ("to", "in_progress")], "risk_ticket_moved");
    // A demo ticket its cohort's trainer owns, handed to operations.
    let trainers: i64 = sqlx::query_scalar(
        "select min(risk_alert_id) from risk_alert where cohort_id is not null and status <> 'resolved' and owner_id <> $1",
    )
    .bind(user_id(&pool, OPS).await)
    .fetch_one(&pool)
    .await
    .unwrap();
    let trainers = trainers.to_string();
    audited!(ops, "/api/ops/assign_risk", &[("ticket", trainers.as_str()), ("owner", ops_id.as_str())], "risk_ticket_assigned");
    // The newest trainer runs no cohort, so they may be switched off.
    audited!(ops, "/api/ops/set_trainer_active", &[("trainer", newest.as_str()), ("enabled", "false")], "account_disabled");
    let mut leaving = signed_in(&app, "learner000002@ruralrise.test").await;
    audited!(leaving, "/api/account/delete_account", &[("confirm", "yes")], "account_anonymised");

    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    let classified: BTreeSet<&str> =
        READS.iter().copied().chain(NOT_AUDITED.iter().map(|(p, _)| *p)).chain(called.iter().copied()).collect();
    let unclassified: Vec<_> = registered.difference(&classified).collect();
    assert!(unclassified.is_empty(), "server functions neither listed as reading nor shown to write an audit entry: {unclassified:?}");
}
