//! The rows of operations' CSV reports (`/ops/reports`), each read as a stream inside the
//! transaction that counted it first, so the count the download's progress is measured against
//! and the rows written come from one snapshot. Every query is set-based: no subquery per row.

use crate::model::ops::{RiskKind, RiskSeverity, RiskStatus};
use chrono::{DateTime, NaiveDate, Utc};
use futures::stream::BoxStream;
use sqlx::PgConnection;

/// Counts and streams see one snapshot (and the stream no newer rows than the count).
pub async fn snapshot(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query!("set transaction isolation level repeatable read, read only").execute(conn).await.map(drop)
}

/// One learner in one of the sponsor's cohorts.
pub struct LearnerLine {
    pub learner_id: i64,
    pub name: String,
    pub email: String,
    pub cohort: String,
    pub path: String,
    pub joined_at: DateTime<Utc>,
    pub lessons_completed: i64,
    pub lessons_total: i64,
    pub path_completed_at: Option<DateTime<Utc>>,
    pub last_active: Option<NaiveDate>,
    pub average_score: Option<f64>,
    pub at_risk: bool,
}

pub async fn learners_count(conn: &mut PgConnection, client: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from cohort_member cm join cohort c using (cohort_id) where c.client_org_id = $1"#,
        client
    )
    .fetch_one(conn)
    .await
}

/// Every learner of every cohort the sponsor has, cohort by cohort: lessons done, scores and last
/// active day are each counted once per learner over the sponsor's learners, then joined.
pub fn learners(conn: &mut PgConnection, client: i64) -> BoxStream<'_, Result<LearnerLine, sqlx::Error>> {
    sqlx::query_as!(
        LearnerLine,
        r#"with m as (select cm.learner_id, c.cohort_id, c.name as cohort, c.learning_path_id, cm.joined_at
                        from cohort c join cohort_member cm using (cohort_id) where c.client_org_id = $1),
                who as (select distinct learner_id from m),
                size as (select mo.learning_path_id, count(*) as lessons from lesson l join module mo using (module_id)
                          where mo.learning_path_id in (select learning_path_id from m) group by 1),
                done as (select lp.learner_id, mo.learning_path_id, count(*) as n
                           from lesson_progress lp join lesson l using (lesson_id) join module mo using (module_id)
                          where lp.status = 'completed' and lp.learner_id in (select learner_id from who) group by 1, 2),
                scores as (select s.learner_id, mo.learning_path_id, avg(s.score)::float8 as average
                             from submission s join assessment a using (assessment_id) join module mo using (module_id)
                            where s.score is not null and s.learner_id in (select learner_id from who) group by 1, 2),
                seen as (select d.learner_id, max(d.day) as last_day from learner_day d
                          where d.learner_id in (select learner_id from who) group by 1)
           select m.learner_id as "learner_id!", coalesce(pr.display_name, u.email) as "name!", u.email as "email!",
                  m.cohort as "cohort!", p.title as "path!", m.joined_at as "joined_at!: DateTime<Utc>",
                  coalesce(done.n, 0) as "lessons_completed!", coalesce(size.lessons, 0) as "lessons_total!",
                  e.completed_at as "path_completed_at: DateTime<Utc>", seen.last_day as "last_active: NaiveDate",
                  scores.average as "average_score", coalesce(r.at_risk, false) as "at_risk!"
             from m
             join app_user u on u.user_id = m.learner_id
             left join profile pr on pr.user_id = m.learner_id
             join learning_path p on p.learning_path_id = m.learning_path_id
             left join size on size.learning_path_id = m.learning_path_id
             left join done on done.learner_id = m.learner_id and done.learning_path_id = m.learning_path_id
             left join scores on scores.learner_id = m.learner_id and scores.learning_path_id = m.learning_path_id
             left join seen on seen.learner_id = m.learner_id
             left join enrolment e on e.learner_id = m.learner_id and e.learning_path_id = m.learning_path_id
             left join learner_risk r on r.learner_id = m.learner_id
            order by m.cohort_id, m.learner_id"#,
        client
    )
    .fetch(conn)
}

/// One cohort with its figures now.
pub struct CohortLine {
    pub cohort_id: i64,
    pub name: String,
    pub client: String,
    pub path: String,
    pub trainer: Option<String>,
    pub status: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub members: i64,
    pub unfinished: i64,
    pub at_risk: i64,
    pub waiting: i64,
    pub average_score: Option<f64>,
}

pub async fn cohorts_count(conn: &mut PgConnection, client: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from cohort where ($1::int8 = 0 or client_org_id = $1)"#, client).fetch_one(conn).await
}

/// Every cohort (of one sponsor, or of all with `client` 0): members and those who have not
/// completed the path (`cohort_completion`), learners at risk and work waiting (the KPI rollup's
/// levels per cohort), and the average score of the work handed in through it.
pub fn cohorts(conn: &mut PgConnection, client: i64) -> BoxStream<'_, Result<CohortLine, sqlx::Error>> {
    sqlx::query_as!(
        CohortLine,
        r#"with scores as (select s.cohort_id, avg(s.score)::float8 as average from submission s
                             join cohort c on c.cohort_id = s.cohort_id
                            where s.score is not null and ($1::int8 = 0 or c.client_org_id = $1) group by 1)
           select c.cohort_id, c.name, o.name as client, p.title as path, coalesce(tp.display_name, tu.email) as "trainer?",
                  c.status::text as "status!", c.starts_on as "starts_on: NaiveDate", c.ends_on as "ends_on: NaiveDate", k.members as "members!", k.unfinished as "unfinished!",
                  coalesce(r.at_risk, 0)::int8 as "at_risk!", coalesce(r.backlog, 0)::int8 as "waiting!", scores.average as "average_score"
             from cohort c
             join cohort_completion k on k.cohort_id = c.cohort_id
             join client_org o on o.client_org_id = c.client_org_id
             join learning_path p on p.learning_path_id = c.learning_path_id
             left join app_user tu on tu.user_id = c.trainer_id
             left join profile tp on tp.user_id = c.trainer_id
             left join kpi_cohort r on r.cohort_id = c.cohort_id
             left join scores on scores.cohort_id = c.cohort_id
            where ($1::int8 = 0 or k.client_org_id = $1)
            order by o.name, c.starts_on, c.cohort_id"#,
        client
    )
    .fetch(conn)
}

/// One piece of work a trainer graded.
pub struct GradingLine {
    pub submission_id: i64,
    pub submitted_at: DateTime<Utc>,
    pub graded_at: DateTime<Utc>,
    pub trainer: Option<String>,
    pub cohort: Option<String>,
    pub client: Option<String>,
    pub assessment: String,
    pub score: Option<i32>,
    pub ai_score: Option<i32>,
    pub feedback_given: bool,
    pub flagged: bool,
}

pub async fn grading_count(conn: &mut PgConnection, client: i64, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from submission s left join cohort c on c.cohort_id = s.cohort_id
            where s.graded_by is not null and s.graded_at >= $2 and s.graded_at < $3 and ($1::int8 = 0 or c.client_org_id = $1)"#,
        client,
        from as DateTime<Utc>,
        until as DateTime<Utc>
    )
    .fetch_one(conn)
    .await
}

/// The work trainers graded from `from` until `until`, in the order it was graded.
pub fn grading(
    conn: &mut PgConnection,
    client: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> BoxStream<'_, Result<GradingLine, sqlx::Error>> {
    sqlx::query_as!(
        GradingLine,
        r#"select s.submission_id, s.submitted_at as "submitted_at: DateTime<Utc>", s.graded_at as "graded_at!: DateTime<Utc>",
                  coalesce(gp.display_name, gu.email) as "trainer?", c.name as "cohort?", o.name as "client?", a.title as assessment,
                  s.score, s.ai_score, length(btrim(coalesce(s.feedback, ''))) > 0 as "feedback_given!", s.flagged
             from submission s
             join assessment a on a.assessment_id = s.assessment_id
             left join cohort c on c.cohort_id = s.cohort_id
             left join client_org o on o.client_org_id = c.client_org_id
             left join app_user gu on gu.user_id = s.graded_by
             left join profile gp on gp.user_id = s.graded_by
            where s.graded_by is not null and s.graded_at >= $2 and s.graded_at < $3 and ($1::int8 = 0 or c.client_org_id = $1)
            order by s.graded_at, s.submission_id"#,
        client,
        from as DateTime<Utc>,
        until as DateTime<Utc>
    )
    .fetch(conn)
}

/// One risk ticket.
pub struct TicketLine {
    pub ticket_id: i64,
    pub title: String,
    pub kind: RiskKind,
    pub severity: RiskSeverity,
    pub status: RiskStatus,
    pub client: Option<String>,
    pub cohort: Option<String>,
    pub owner: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub learners: i64,
    pub action: String,
    pub note: Option<String>,
}

pub async fn tickets_count(conn: &mut PgConnection, status: Option<RiskStatus>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from risk_alert where ($1::risk_status is null or status = $1)"#,
        status as Option<RiskStatus>
    )
    .fetch_one(conn)
    .await
}

/// Every ticket (or those of one status), oldest first, with how many learners it is about.
pub fn tickets(conn: &mut PgConnection, status: Option<RiskStatus>) -> BoxStream<'_, Result<TicketLine, sqlx::Error>> {
    sqlx::query_as!(
        TicketLine,
        r#"with affected as (select risk_alert_id, count(*) as n from risk_alert_learner group by 1)
           select a.risk_alert_id as ticket_id, a.title, a.kind as "kind: RiskKind", a.severity as "severity: RiskSeverity",
                  a.status as "status: RiskStatus", o.name as "client?", c.name as "cohort?",
                  coalesce(op.display_name, ou.email) as "owner?", a.created_at as "opened_at: DateTime<Utc>",
                  a.due_at as "due_at: DateTime<Utc>", a.started_at as "started_at: DateTime<Utc>",
                  a.resolved_at as "resolved_at: DateTime<Utc>", coalesce(affected.n, 0) as "learners!",
                  a.recommended_action as action, a.resolution_note as note
             from risk_alert a
             left join cohort c on c.cohort_id = a.cohort_id
             left join client_org o on o.client_org_id = coalesce(a.client_org_id, c.client_org_id)
             left join app_user ou on ou.user_id = a.owner_id
             left join profile op on op.user_id = a.owner_id
             left join affected on affected.risk_alert_id = a.risk_alert_id
            where ($1::risk_status is null or a.status = $1)
            order by a.created_at, a.risk_alert_id"#,
        status as Option<RiskStatus>
    )
    .fetch(conn)
}
