//! Writes a generated demo world in one transaction, with chunked UNNEST inserts so 100k learners
//! take seconds, and explicit ids so the world is the same on every run.

use crate::auth::Role;
use crate::domain::language::Language;
use crate::model::account::Level;
use crate::model::learner::{AchievementCode, ActivityKind, LessonKind, ScorePolicy};
use crate::model::ops::{AuditAction, RiskKind, RiskSeverity};
use crate::model::trainer::{CohortStatus, InterventionKind, ItemKind, SubmissionStatus};
use crate::server::demo::World;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

const CHUNK: usize = 20_000;

fn chunks(len: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..len).step_by(CHUNK).map(move |start| start..(start + CHUNK).min(len))
}

/// One column of a slice of row structs, ready to bind as an array.
fn column<R, T>(rows: &[R], f: impl Fn(&R) -> T) -> Vec<T> {
    rows.iter().map(f).collect()
}

pub async fn insert_world(pool: &PgPool, w: &World) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    // A bulk load: the KPI rollups are rebuilt once at the end instead of row by row.
    sqlx::query!("select set_config('ruralrise.bulk', 'on', true)").fetch_one(&mut *tx).await?;
    insert_people(&mut tx, w).await?;
    insert_catalogue(&mut tx, w).await?;
    insert_cohorts(&mut tx, w).await?;
    // Each submission's cohort is looked up as it is stored: the planner must know how big the
    // membership tables have just become, or a large world takes hours.
    sqlx::query!("analyze cohort, cohort_member, module, assessment").execute(&mut *tx).await?;
    insert_learning(&mut tx, w).await?;
    insert_risk(&mut tx, w).await?;
    crate::server::db::audit::record(
        &mut tx,
        None,
        AuditAction::DemoDataSeeded,
        "system",
        None,
        serde_json::json!({ "learners": w.report().learners }),
    )
    .await?;
    // Explicit ids were used above; move each identity past them so new rows do not collide.
    sqlx::query!(
        "select setval(pg_get_serial_sequence('app_user', 'user_id'), coalesce(max(user_id), 0) + 1, false) from app_user
         union all select setval(pg_get_serial_sequence('client_org', 'client_org_id'), coalesce(max(client_org_id), 0) + 1, false) from client_org
         union all select setval(pg_get_serial_sequence('learning_path', 'learning_path_id'), coalesce(max(learning_path_id), 0) + 1, false) from learning_path
         union all select setval(pg_get_serial_sequence('module', 'module_id'), coalesce(max(module_id), 0) + 1, false) from module
         union all select setval(pg_get_serial_sequence('lesson', 'lesson_id'), coalesce(max(lesson_id), 0) + 1, false) from lesson
         union all select setval(pg_get_serial_sequence('assessment', 'assessment_id'), coalesce(max(assessment_id), 0) + 1, false) from assessment
         union all select setval(pg_get_serial_sequence('achievement', 'achievement_id'), coalesce(max(achievement_id), 0) + 1, false) from achievement
         union all select setval(pg_get_serial_sequence('cohort', 'cohort_id'), coalesce(max(cohort_id), 0) + 1, false) from cohort"
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!("select set_config('ruralrise.bulk', 'off', true)").fetch_one(&mut *tx).await?;
    crate::server::db::kpi::rebuild(&mut tx).await?;
    tx.commit().await?;
    sqlx::query!("analyze").execute(pool).await?;
    Ok(())
}

async fn insert_people(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    let u = &w.users;
    for r in chunks(u.id.len()) {
        sqlx::query!(
            "insert into app_user (user_id, email, password_hash, role, created_at, updated_at)
             overriding system value
             select id, email, $3, role, created_at, created_at
               from unnest($1::bigint[], $2::text[], $4::user_role[], $5::timestamptz[]) as t(id, email, role, created_at)",
            &u.id[r.clone()],
            &u.email[r.clone()],
            &w.password_hash,
            &u.role[r.clone()] as &[Role],
            &u.created_at[r.clone()] as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "insert into profile (user_id, display_name, level, weekly_goal_minutes, time_zone, language, created_at, updated_at)
             select id, name, level, goal, zone, language, created_at, created_at
               from unnest($1::bigint[], $2::text[], $3::learner_level[], $4::int[], $5::text[], $6::app_language[],
                           $7::timestamptz[])
                 as t(id, name, level, goal, zone, language, created_at)",
            &u.id[r.clone()],
            &u.name[r.clone()],
            &u.level[r.clone()] as &[Level],
            &u.weekly_goal[r.clone()],
            &u.time_zone[r.clone()],
            &u.language[r.clone()] as &[Option<Language>],
            &u.created_at[r] as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "insert into client_org (client_org_id, name, sector, region, contact_email, contact_name, contact_phone,
                                 contract_starts_on, contract_ends_on, target_learners, notes) overriding system value
         select id, name, sector, region, 'programmes' || id || '@sponsor.example', contact, '+254 700 000 ' || lpad(id::text, 3, '0'),
                starts, ends, target, ''
           from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::int4[])
                as t(id, name, sector, region, contact, starts, ends, target)",
        &column(&w.orgs, |o| o.id),
        &column(&w.orgs, |o| o.name.to_owned()),
        &column(&w.orgs, |o| o.sector.to_owned()),
        &column(&w.orgs, |o| o.region.to_owned()),
        &column(&w.orgs, |o| o.contact_name.clone()),
        &column(&w.orgs, |o| o.contract_starts_on) as &[NaiveDate],
        &column(&w.orgs, |o| o.contract_ends_on) as &[NaiveDate],
        &column(&w.orgs, |o| o.target_learners),
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn insert_catalogue(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into learning_path (learning_path_id, slug, title, summary, trade, open_enrolment) overriding system value
         select learning_path_id, slug, title, summary, trade, open_enrolment
           from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[])
             as t(learning_path_id, slug, title, summary, trade, open_enrolment)",
        &column(&w.paths, |p| p.id),
        &column(&w.paths, |p| p.slug.to_owned()),
        &column(&w.paths, |p| p.title.to_owned()),
        &column(&w.paths, |p| p.summary.to_owned()),
        &column(&w.paths, |p| p.trade.to_owned()),
        &column(&w.paths, |p| p.open_enrolment),
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into module (module_id, learning_path_id, position, title, summary) overriding system value
         select module_id, learning_path_id, position, title, summary from unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[]) as t(module_id, learning_path_id, position, title, summary)",
        &column(&w.modules, |m| m.id),
        &column(&w.modules, |m| m.path_id),
        &column(&w.modules, |m| m.position),
        &column(&w.modules, |m| m.title.to_owned()),
        &column(&w.modules, |m| m.summary.to_owned()),
    )
    .execute(&mut *tx)
    .await?;
    let l = &w.lessons;
    sqlx::query!(
        "insert into lesson (lesson_id, module_id, position, title, kind, difficulty, minutes, content, offline_available, size_bytes, skills)
         overriding system value
         select lesson_id, module_id, position, title, kind, difficulty, minutes, content, offline_available, size_bytes, string_to_array(skills, ',')
           from unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::lesson_kind[], $6::smallint[], $7::int[],
                       $8::jsonb[], $9::bool[], $10::bigint[], $11::text[])
             as t(lesson_id, module_id, position, title, kind, difficulty, minutes, content, offline_available, size_bytes, skills)",
        &column(l, |x| x.id),
        &column(l, |x| x.module_id),
        &column(l, |x| x.position),
        &column(l, |x| x.title.to_owned()),
        &column(l, |x| x.kind) as &[LessonKind],
        &column(l, |x| x.difficulty),
        &column(l, |x| x.minutes),
        &column(l, |x| x.content.clone()),
        &column(l, |x| x.offline),
        &column(l, |x| x.size_bytes),
        &column(l, |x| x.skills.join(",")),
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into assessment (assessment_id, module_id, title, pass_score, max_attempts, score_policy) overriding system value
         select id, module_id, title, pass_score, max_attempts, score_policy
           from unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::int[], $6::score_policy[])
             as t(id, module_id, title, pass_score, max_attempts, score_policy)",
        &column(&w.assessments, |a| a.id),
        &column(&w.assessments, |a| a.module_id),
        &column(&w.assessments, |a| a.title.clone()),
        &column(&w.assessments, |a| a.pass_score),
        &column(&w.assessments, |a| a.max_attempts) as &[Option<i32>],
        &column(&w.assessments, |a| a.policy) as &[ScorePolicy],
    )
    .execute(&mut *tx)
    .await?;
    let i = &w.items;
    sqlx::query!(
        "insert into assessment_item (assessment_id, position, kind, prompt, options, answer_key, rubric, points, explanation, skills)
         select assessment_id, position, kind, prompt, options, answer_key, rubric, points, explanation, string_to_array(skills, ',')
           from unnest($1::bigint[], $2::int[], $3::item_kind[], $4::text[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::int[], $9::text[], $10::text[])
             as t(assessment_id, position, kind, prompt, options, answer_key, rubric, points, explanation, skills)",
        &column(i, |x| x.assessment_id),
        &column(i, |x| x.position),
        &column(i, |x| x.kind) as &[ItemKind],
        &column(i, |x| x.prompt.clone()),
        &column(i, |x| x.options.clone()),
        &column(i, |x| x.answer_key.clone()),
        &column(i, |x| x.rubric.clone()),
        &column(i, |x| x.points),
        &column(i, |x| x.explanation.clone()),
        &column(i, |x| x.skills.join(",")),
    )
    .execute(&mut *tx)
    .await?;
    let a = &w.achievements;
    sqlx::query!(
        "insert into achievement (achievement_id, code, title, description, points, criteria) overriding system value
         select achievement_id, code, title, description, points, criteria
           from unnest($1::bigint[], $2::achievement_code[], $3::text[], $4::text[], $5::int[], $6::jsonb[])
             as t(achievement_id, code, title, description, points, criteria)",
        &column(a, |x| x.id),
        &column(a, |x| x.code) as &[AchievementCode],
        &column(a, |x| x.title.to_owned()),
        &column(a, |x| x.description.to_owned()),
        &column(a, |x| x.points),
        &column(a, |x| x.criteria.clone()),
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn insert_cohorts(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    let c = &w.cohorts;
    sqlx::query!(
        "insert into cohort (cohort_id, client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
         overriding system value
         select cohort_id, client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::date[], $7::date[],
                              $8::cohort_status[]) as t(cohort_id, client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)",
        &column(c, |x| x.id),
        &column(c, |x| x.client_org_id),
        &column(c, |x| x.trainer_id),
        &column(c, |x| x.learning_path_id),
        &column(c, |x| x.name.clone()),
        &column(c, |x| x.starts_on) as &[NaiveDate],
        &column(c, |x| x.ends_on) as &[NaiveDate],
        &column(c, |x| x.status) as &[CohortStatus],
    )
    .execute(&mut *tx)
    .await?;
    // Trainers are approved for what they teach, for every path, and for two sponsors in three:
    // choice enough for the load optimiser, with limits it must keep to.
    sqlx::query!(
        "insert into trainer_client_approval (trainer_id, client_org_id)
         select trainer_id, client_org_id from cohort where trainer_id is not null
         union
         select u.user_id, o.client_org_id from app_user u cross join client_org o
          where u.role = 'trainer' and (u.user_id + o.client_org_id) % 3 <> 0"
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into trainer_path_approval (trainer_id, learning_path_id)
         select u.user_id, p.learning_path_id from app_user u cross join learning_path p where u.role = 'trainer'"
    )
    .execute(&mut *tx)
    .await?;
    for r in chunks(w.members.len()) {
        let rows = &w.members[r.clone()];
        sqlx::query!(
            "insert into cohort_member (cohort_id, learner_id, joined_at)
             select cohort_id, learner_id, joined_at from unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) as t(cohort_id, learner_id, joined_at)",
            &column(rows, |m| m.cohort_id),
            &column(rows, |m| m.learner_id),
            &column(rows, |m| m.joined_at) as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
        let rows = &w.enrolments[r];
        sqlx::query!(
            "insert into enrolment (learner_id, learning_path_id, enrolled_at, completed_at)
             select learner_id, learning_path_id, enrolled_at, completed_at from unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[]) as t(learner_id, learning_path_id, enrolled_at, completed_at)",
            &column(rows, |e| e.learner_id),
            &column(rows, |e| e.learning_path_id),
            &column(rows, |e| e.enrolled_at) as &[DateTime<Utc>],
            &column(rows, |e| e.completed_at) as &[Option<DateTime<Utc>>],
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_learning(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    let p = &w.progress;
    for r in chunks(p.learner_id.len()) {
        sqlx::query!(
            "insert into lesson_progress (learner_id, lesson_id, status, seconds_spent, percent, points_awarded, started_at, completed_at, downloaded_at)
             select l, s, case when c is null then 'started'::progress_status else 'completed' end, sec, pc, pts, st, c, d
               from unnest($1::bigint[], $2::bigint[], $3::int[], $4::smallint[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
                 as t(l, s, sec, pc, pts, st, c, d)",
            &p.learner_id[r.clone()],
            &p.lesson_id[r.clone()],
            &p.seconds[r.clone()],
            &p.percent[r.clone()],
            &p.points[r.clone()],
            &p.started_at[r.clone()] as &[DateTime<Utc>],
            &p.completed_at[r.clone()] as &[Option<DateTime<Utc>>],
            &p.downloaded_at[r] as &[Option<DateTime<Utc>>],
        )
        .execute(&mut *tx)
        .await?;
    }
    let e = &w.events;
    for r in chunks(e.user_id.len()) {
        sqlx::query!(
            "insert into activity_event (user_id, kind, lesson_id, minutes, occurred_at)
             select user_id, kind, lesson_id, minutes, occurred_at from unnest($1::bigint[], $2::activity_kind[], $3::bigint[], $4::int[], $5::timestamptz[]) as t(user_id, kind, lesson_id, minutes, occurred_at)",
            &e.user_id[r.clone()],
            &e.kind[r.clone()] as &[ActivityKind],
            &e.lesson_id[r.clone()] as &[Option<i64>],
            &e.minutes[r.clone()],
            &e.occurred_at[r] as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
    }
    let s = &w.submissions;
    for r in chunks(s.learner_id.len()) {
        sqlx::query!(
            "insert into submission (assessment_id, learner_id, answers, ai_score, ai_feedback, trainer_score, feedback, flagged,
                                     flag_reason, status, graded_by, submitted_at, graded_at, score, auto_points, auto_max, item_results, points_awarded)
             select assessment_id, learner_id, answers, ai_score, ai_feedback, trainer_score, feedback, flagged, flag_reason, status, graded_by, submitted_at, graded_at,
                    score, auto_points, auto_max, item_results, points_awarded
               from unnest($1::bigint[], $2::bigint[], $3::jsonb[], $4::int[], $5::text[], $6::int[], $7::text[], $8::bool[],
                           $9::text[], $10::submission_status[], $11::bigint[], $12::timestamptz[], $13::timestamptz[],
                           $14::int[], $15::int[], $16::int[], $17::jsonb[], $18::int[])
                 as t(assessment_id, learner_id, answers, ai_score, ai_feedback, trainer_score, feedback, flagged, flag_reason, status, graded_by, submitted_at, graded_at,
                      score, auto_points, auto_max, item_results, points_awarded)",
            &s.assessment_id[r.clone()],
            &s.learner_id[r.clone()],
            &s.answers[r.clone()],
            &s.ai_score[r.clone()] as &[Option<i32>],
            &s.ai_feedback[r.clone()] as &[Option<String>],
            &s.trainer_score[r.clone()] as &[Option<i32>],
            &s.feedback[r.clone()] as &[Option<String>],
            &s.flagged[r.clone()],
            &s.flag_reason[r.clone()] as &[Option<String>],
            &s.status[r.clone()] as &[SubmissionStatus],
            &s.graded_by[r.clone()] as &[Option<i64>],
            &s.submitted_at[r.clone()] as &[DateTime<Utc>],
            &s.graded_at[r.clone()] as &[Option<DateTime<Utc>>],
            &s.score[r.clone()] as &[Option<i32>],
            &s.auto_points[r.clone()],
            &s.auto_max[r.clone()],
            &s.item_results[r.clone()],
            &s.points_awarded[r],
        )
        .execute(&mut *tx)
        .await?;
    }
    let a = &w.skill_answers;
    for r in chunks(a.learner_id.len()) {
        sqlx::query!(
            "insert into skill_answer (learner_id, skill, correct, answered_at)
             select learner_id, skill, correct, answered_at from unnest($1::bigint[], $2::text[], $3::bool[], $4::timestamptz[])
               as t(learner_id, skill, correct, answered_at)",
            &a.learner_id[r.clone()],
            &a.skill[r.clone()],
            &a.correct[r.clone()],
            &a.answered_at[r] as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
    }
    for r in chunks(w.earned.len()) {
        let rows = &w.earned[r];
        sqlx::query!(
            "insert into earned_achievement (learner_id, achievement_id, earned_at)
             select learner_id, achievement_id, earned_at from unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) as t(learner_id, achievement_id, earned_at)",
            &column(rows, |x| x.learner_id),
            &column(rows, |x| x.achievement_id),
            &column(rows, |x| x.earned_at) as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_risk(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    for a in &w.alerts {
        let id = sqlx::query_scalar!(
            "insert into risk_alert (kind, severity, title, cohort_id, client_org_id, recommended_action, owner_id, status,
                                     resolution_note, created_at, updated_at, resolved_at, started_at, due_at)
             values ($1, $2, $3, $4, $5, $6, $7, case when $9::timestamptz is null then 'open'::risk_status else 'resolved' end,
                     $8, $10, $10, $9, $9, $11)
             returning risk_alert_id",
            a.kind as RiskKind,
            a.severity as RiskSeverity,
            &a.title,
            a.cohort_id,
            a.client_org_id,
            &a.action,
            a.owner_id,
            a.resolution_note.as_deref(),
            a.resolved_at as Option<DateTime<Utc>>,
            a.created_at as DateTime<Utc>,
            crate::domain::ticket::due_at(a.severity, a.created_at) as DateTime<Utc>,
        )
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query!("insert into risk_alert_learner (risk_alert_id, learner_id) select $1, unnest($2::bigint[])", id, &a.learners,)
            .execute(&mut *tx)
            .await?;
    }
    for r in chunks(w.insights.len()) {
        let rows = &w.insights[r];
        sqlx::query!(
            "insert into ai_insight (subject_kind, subject_id, kind, summary, reasons, confidence, created_at)
             select 'learner', l, 'dropout_risk', s, r, c, t
               from unnest($1::bigint[], $2::text[], $3::jsonb[], $4::real[], $5::timestamptz[]) as x(l, s, r, c, t)",
            &column(rows, |x| x.learner_id),
            &column(rows, |x| x.summary.clone()),
            &column(rows, |x| x.reasons.clone()),
            &column(rows, |x| x.confidence),
            &column(rows, |x| x.created_at) as &[DateTime<Utc>],
        )
        .execute(&mut *tx)
        .await?;
    }
    let i = &w.interventions;
    sqlx::query!(
        "insert into intervention (learner_id, trainer_id, kind, note, status, created_at, updated_at, completed_at)
         select l, t, k, n, 'done', at, at, at
           from unnest($1::bigint[], $2::bigint[], $3::intervention_kind[], $4::text[], $5::timestamptz[]) as x(l, t, k, n, at)",
        &column(i, |x| x.learner_id),
        &column(i, |x| x.trainer_id),
        &column(i, |x| x.kind) as &[InterventionKind],
        &column(i, |x| x.note.clone()),
        &column(i, |x| x.at) as &[DateTime<Utc>],
    )
    .execute(&mut *tx)
    .await?;
    let m = &w.messages;
    sqlx::query!(
        "insert into message (sender_id, recipient_id, body, created_at)
         select sender_id, recipient_id, body, created_at from unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[]) as t(sender_id, recipient_id, body, created_at)",
        &column(m, |x| x.sender_id),
        &column(m, |x| x.recipient_id),
        &column(m, |x| x.body.clone()),
        &column(m, |x| x.at) as &[DateTime<Utc>],
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// True when the demo world was ever stored here: its accounts' password is published.
pub async fn holds_demo_world(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(r#"select exists (select 1 from audit_log where action = 'demo_data_seeded') as "held!""#).fetch_one(pool).await
}
