//! Writes a generated demo world in one transaction, with chunked UNNEST inserts so 100k learners
//! take seconds, and explicit ids so the world is the same on every run.

use crate::server::seed::World;
use sqlx::{PgConnection, PgPool};

const CHUNK: usize = 20_000;

fn chunks(len: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..len).step_by(CHUNK).map(move |start| start..(start + CHUNK).min(len))
}

pub async fn insert_world(pool: &PgPool, w: &World) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    insert_people(&mut tx, w).await?;
    insert_catalogue(&mut tx, w).await?;
    insert_cohorts(&mut tx, w).await?;
    insert_learning(&mut tx, w).await?;
    insert_risk(&mut tx, w).await?;
    sqlx::query("insert into audit_log (actor_id, action, target_kind, detail) values (null, 'demo_data_seeded', 'system', $1)")
        .bind(serde_json::json!({ "learners": w.users.role.iter().filter(|r| *r == "learner").count() }))
        .execute(&mut *tx)
        .await?;
    // Explicit ids were used above; move each identity past them so new rows do not collide.
    for (table, column) in [
        ("app_user", "user_id"),
        ("client_org", "client_org_id"),
        ("learning_path", "learning_path_id"),
        ("module", "module_id"),
        ("lesson", "lesson_id"),
        ("assessment", "assessment_id"),
        ("achievement", "achievement_id"),
        ("cohort", "cohort_id"),
    ] {
        sqlx::query(&format!(
            "select setval(pg_get_serial_sequence('{table}', '{column}'), coalesce((select max({column}) from {table}), 0) + 1, false)"
        ))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("analyze").execute(pool).await?;
    Ok(())
}

async fn insert_people(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    let u = &w.users;
    for r in chunks(u.id.len()) {
        sqlx::query(
            "insert into app_user (user_id, email, password_hash, role, created_at, updated_at)
             overriding system value
             select id, email, $3, role, created_at, created_at
               from unnest($1::bigint[], $2::text[], $4::text[], $5::timestamptz[]) as t(id, email, role, created_at)",
        )
        .bind(&u.id[r.clone()])
        .bind(&u.email[r.clone()])
        .bind(&w.password_hash)
        .bind(&u.role[r.clone()])
        .bind(&u.created_at[r.clone()])
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into profile (user_id, display_name, level, weekly_goal_minutes, time_zone, created_at, updated_at)
             select id, name, level, goal, zone, created_at, created_at
               from unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])
                 as t(id, name, level, goal, zone, created_at)",
        )
        .bind(&u.id[r.clone()])
        .bind(&u.name[r.clone()])
        .bind(&u.level[r.clone()])
        .bind(&u.weekly_goal[r.clone()])
        .bind(&u.time_zone[r.clone()])
        .bind(&u.created_at[r.clone()])
        .execute(&mut *tx)
        .await?;
    }
    for &(id, name, sector, region) in &w.orgs {
        sqlx::query(
            "insert into client_org (client_org_id, name, sector, region, contact_email) overriding system value
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(name)
        .bind(sector)
        .bind(region)
        .bind(format!("programmes{id}@sponsor.example"))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_catalogue(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    for &(id, slug, title, summary, trade) in &w.paths {
        sqlx::query(
            "insert into learning_path (learning_path_id, slug, title, summary, trade) overriding system value
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(slug)
        .bind(title)
        .bind(summary)
        .bind(trade)
        .execute(&mut *tx)
        .await?;
    }
    for &(id, path_id, position, title, summary) in &w.modules {
        sqlx::query(
            "insert into module (module_id, learning_path_id, position, title, summary) overriding system value
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(path_id)
        .bind(position)
        .bind(title)
        .bind(summary)
        .execute(&mut *tx)
        .await?;
    }
    let l = &w.lessons;
    sqlx::query(
        "insert into lesson (lesson_id, module_id, position, title, kind, difficulty, minutes, content, offline_available, size_bytes)
         overriding system value
         select id, module, pos, title, kind, difficulty, minutes, content, offline, size
           from unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::smallint[], $7::int[],
                       $8::jsonb[], $9::bool[], $10::bigint[])
             as t(id, module, pos, title, kind, difficulty, minutes, content, offline, size)",
    )
    .bind(&l.id)
    .bind(&l.module_id)
    .bind(&l.position)
    .bind(&l.title)
    .bind(&l.kind)
    .bind(&l.difficulty)
    .bind(&l.minutes)
    .bind(&l.content)
    .bind(&l.offline)
    .bind(&l.size_bytes)
    .execute(&mut *tx)
    .await?;
    for (id, title) in &w.assessments {
        sqlx::query("insert into assessment (assessment_id, module_id, title) overriding system value values ($1, $1, $2)")
            .bind(id)
            .bind(title)
            .execute(&mut *tx)
            .await?;
    }
    for (assessment_id, position, kind, prompt, options, answer_key, rubric, points) in &w.items {
        sqlx::query(
            "insert into assessment_item (assessment_id, position, kind, prompt, options, answer_key, rubric, points)
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(assessment_id)
        .bind(position)
        .bind(kind)
        .bind(prompt)
        .bind(options)
        .bind(if answer_key.is_null() { None } else { Some(answer_key) })
        .bind(rubric)
        .bind(points)
        .execute(&mut *tx)
        .await?;
    }
    for &(id, code, title, description, points) in &w.achievements {
        sqlx::query(
            "insert into achievement (achievement_id, code, title, description, points) overriding system value
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(code)
        .bind(title)
        .bind(description)
        .bind(points)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_cohorts(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    let c = &w.cohorts;
    sqlx::query(
        "insert into cohort (cohort_id, client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
         overriding system value
         select id, org, trainer, path, name, starts, ends, status
           from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::date[], $7::date[], $8::text[])
             as t(id, org, trainer, path, name, starts, ends, status)",
    )
    .bind(&c.id)
    .bind(&c.client_org_id)
    .bind(&c.trainer_id)
    .bind(&c.learning_path_id)
    .bind(&c.name)
    .bind(&c.starts_on)
    .bind(&c.ends_on)
    .bind(&c.status)
    .execute(&mut *tx)
    .await?;
    for r in chunks(w.members.len()) {
        let rows = &w.members[r.clone()];
        sqlx::query("insert into cohort_member (cohort_id, learner_id, joined_at) select c, l, j from unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) as t(c, l, j)")
            .bind(rows.iter().map(|m| m.0).collect::<Vec<_>>())
            .bind(rows.iter().map(|m| m.1).collect::<Vec<_>>())
            .bind(rows.iter().map(|m| m.2).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        let rows = &w.enrolments[r];
        sqlx::query(
            "insert into enrolment (learner_id, learning_path_id, enrolled_at, completed_at)
             select l, p, e, c from unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[]) as t(l, p, e, c)",
        )
        .bind(rows.iter().map(|e| e.0).collect::<Vec<_>>())
        .bind(rows.iter().map(|e| e.1).collect::<Vec<_>>())
        .bind(rows.iter().map(|e| e.2).collect::<Vec<_>>())
        .bind(rows.iter().map(|e| e.3).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_learning(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    let p = &w.progress;
    for r in chunks(p.learner_id.len()) {
        sqlx::query(
            "insert into lesson_progress (learner_id, lesson_id, status, minutes_spent, points_awarded, started_at, completed_at, downloaded_at)
             select l, s, case when c is null then 'started' else 'completed' end, m, pts, st, c, d
               from unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
                 as t(l, s, m, pts, st, c, d)",
        )
        .bind(&p.learner_id[r.clone()])
        .bind(&p.lesson_id[r.clone()])
        .bind(&p.minutes[r.clone()])
        .bind(&p.points[r.clone()])
        .bind(&p.started_at[r.clone()])
        .bind(&p.completed_at[r.clone()])
        .bind(&p.downloaded_at[r])
        .execute(&mut *tx)
        .await?;
    }
    let e = &w.events;
    for r in chunks(e.user_id.len()) {
        sqlx::query(
            "insert into activity_event (user_id, kind, lesson_id, minutes, occurred_at)
             select u, k, l, m, t from unnest($1::bigint[], $2::text[], $3::bigint[], $4::int[], $5::timestamptz[]) as x(u, k, l, m, t)",
        )
        .bind(&e.user_id[r.clone()])
        .bind(&e.kind[r.clone()])
        .bind(&e.lesson_id[r.clone()])
        .bind(&e.minutes[r.clone()])
        .bind(&e.occurred_at[r])
        .execute(&mut *tx)
        .await?;
    }
    let s = &w.submissions;
    for r in chunks(s.learner_id.len()) {
        sqlx::query(
            "insert into submission (assessment_id, learner_id, answers, ai_score, ai_feedback, trainer_score, feedback, flagged,
                                     flag_reason, status, graded_by, submitted_at, graded_at)
             select a, l, ans, ai, aif, ts, fb, fl, fr, st, gb, sa, ga
               from unnest($1::bigint[], $2::bigint[], $3::jsonb[], $4::int[], $5::text[], $6::int[], $7::text[], $8::bool[],
                                  $9::text[], $10::text[], $11::bigint[], $12::timestamptz[], $13::timestamptz[])
                 as t(a, l, ans, ai, aif, ts, fb, fl, fr, st, gb, sa, ga)",
        )
        .bind(&s.assessment_id[r.clone()])
        .bind(&s.learner_id[r.clone()])
        .bind(&s.answers[r.clone()])
        .bind(&s.ai_score[r.clone()])
        .bind(&s.ai_feedback[r.clone()])
        .bind(&s.trainer_score[r.clone()])
        .bind(&s.feedback[r.clone()])
        .bind(&s.flagged[r.clone()])
        .bind(&s.flag_reason[r.clone()])
        .bind(&s.status[r.clone()])
        .bind(&s.graded_by[r.clone()])
        .bind(&s.submitted_at[r.clone()])
        .bind(&s.graded_at[r])
        .execute(&mut *tx)
        .await?;
    }
    for r in chunks(w.earned.len()) {
        let rows = &w.earned[r];
        sqlx::query(
            "insert into earned_achievement (learner_id, achievement_id, earned_at)
             select l, a, e from unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) as t(l, a, e)",
        )
        .bind(rows.iter().map(|x| x.0).collect::<Vec<_>>())
        .bind(rows.iter().map(|x| x.1).collect::<Vec<_>>())
        .bind(rows.iter().map(|x| x.2).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_risk(tx: &mut PgConnection, w: &World) -> Result<(), sqlx::Error> {
    for a in &w.alerts {
        let id: i64 = sqlx::query_scalar(
            "insert into risk_alert (kind, severity, title, cohort_id, client_org_id, recommended_action, owner_id, status,
                                     resolution_note, created_at, updated_at, resolved_at)
             values ($1, $2, $3, $4, $5, $6, $7, case when $9::timestamptz is null then 'open' else 'resolved' end, $8, $10, $10, $9)
             returning risk_alert_id",
        )
        .bind(a.kind)
        .bind(a.severity)
        .bind(&a.title)
        .bind(a.cohort_id)
        .bind(a.client_org_id)
        .bind(&a.action)
        .bind(a.owner_id)
        .bind(&a.resolution_note)
        .bind(a.resolved_at)
        .bind(a.created_at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("insert into risk_alert_learner (risk_alert_id, learner_id) select $1, unnest($2::bigint[])")
            .bind(id)
            .bind(&a.learners)
            .execute(&mut *tx)
            .await?;
    }
    for r in chunks(w.insights.len()) {
        let rows = &w.insights[r];
        sqlx::query(
            "insert into ai_insight (subject_kind, subject_id, kind, summary, reasons, confidence, created_at)
             select 'learner', l, 'dropout_risk', s, r, c, t
               from unnest($1::bigint[], $2::text[], $3::jsonb[], $4::real[], $5::timestamptz[]) as x(l, s, r, c, t)",
        )
        .bind(rows.iter().map(|x| x.learner_id).collect::<Vec<_>>())
        .bind(rows.iter().map(|x| x.summary.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|x| x.reasons.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|x| x.confidence).collect::<Vec<_>>())
        .bind(rows.iter().map(|x| x.created_at).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    for (learner, trainer, kind, note, at) in &w.interventions {
        sqlx::query(
            "insert into intervention (learner_id, trainer_id, kind, note, status, created_at, updated_at, completed_at)
             values ($1, $2, $3, $4, 'done', $5, $5, $5)",
        )
        .bind(learner)
        .bind(trainer)
        .bind(kind)
        .bind(note)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    for (sender, recipient, body, at) in &w.messages {
        sqlx::query("insert into message (sender_id, recipient_id, body, created_at) values ($1, $2, $3, $4)")
            .bind(sender)
            .bind(recipient)
            .bind(body)
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
