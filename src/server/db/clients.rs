//! Client organisations (the sponsors of cohorts): the list with their size now, one sponsor's
//! record and outcomes, writing a sponsor, and its learners row by row for the CSV.

use crate::domain::client::Client;
use crate::model::ops::{ClientRecord, ClientStatus, ClientSummary};
use chrono::{DateTime, NaiveDate, Utc};
use futures::stream::BoxStream;
use sqlx::{PgConnection, PgPool};

/// Every sponsor, those still sponsoring first, by name. Learners now come from the rollups (the
/// running sum of the sponsor's membership deltas), so the list costs the same at any size.
pub async fn list(pool: &PgPool) -> Result<Vec<ClientSummary>, sqlx::Error> {
    sqlx::query_as!(
        ClientSummary,
        r#"select o.client_org_id as client_id, o.name, o.sector, o.region, o.status as "status: ClientStatus", o.contact_name,
                  o.contract_ends_on as "contract_ends_on: NaiveDate", o.target_learners,
                  coalesce((select sum(k.d_members) from kpi_day k
                             where k.client_org_id = o.client_org_id and k.learning_path_id = 0 and k.cohort_id = 0), 0)::int8 as "learners!",
                  (select count(*) from cohort c
                    where c.client_org_id = o.client_org_id and c.status in ('planned', 'active')) as "running_cohorts!"
             from client_org o
            order by o.status = 'ended', lower(o.name), o.client_org_id"#
    )
    .fetch_all(pool)
    .await
}

pub async fn record(pool: &PgPool, client_id: i64) -> Result<Option<ClientRecord>, sqlx::Error> {
    sqlx::query_as!(
        ClientRecord,
        r#"select name, sector, region, contact_name, contact_email, contact_phone,
                  contract_starts_on as "contract_starts_on: NaiveDate", contract_ends_on as "contract_ends_on: NaiveDate",
                  target_learners, notes, status as "status?: ClientStatus"
             from client_org where client_org_id = $1"#,
        client_id
    )
    .fetch_optional(pool)
    .await
}

/// The sponsor as stored, locked until the transaction ends, so two edits cannot both pass the
/// checks against the same old record.
pub async fn record_for_update(tx: &mut PgConnection, client_id: i64) -> Result<Option<ClientRecord>, sqlx::Error> {
    sqlx::query_as!(
        ClientRecord,
        r#"select name, sector, region, contact_name, contact_email, contact_phone,
                  contract_starts_on as "contract_starts_on: NaiveDate", contract_ends_on as "contract_ends_on: NaiveDate",
                  target_learners, notes, status as "status?: ClientStatus"
             from client_org where client_org_id = $1 for update"#,
        client_id
    )
    .fetch_optional(&mut *tx)
    .await
}

/// The sponsor's planned and running cohorts.
pub async fn running_cohorts(tx: &mut PgConnection, client_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from cohort where client_org_id = $1 and status in ('planned', 'active')"#, client_id)
        .fetch_one(&mut *tx)
        .await
}

pub async fn insert(tx: &mut PgConnection, c: &Client) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into client_org (name, sector, region, contact_name, contact_email, contact_phone, contract_starts_on,
                                 contract_ends_on, target_learners, notes, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning client_org_id",
        c.name,
        c.sector,
        c.region,
        c.contact_name,
        c.contact_email,
        c.contact_phone,
        c.contract_starts_on as Option<NaiveDate>,
        c.contract_ends_on as Option<NaiveDate>,
        c.target_learners,
        c.notes,
        c.status as ClientStatus
    )
    .fetch_one(&mut *tx)
    .await
}

pub async fn update(tx: &mut PgConnection, client_id: i64, c: &Client) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update client_org set name = $2, sector = $3, region = $4, contact_name = $5, contact_email = $6, contact_phone = $7,
                contract_starts_on = $8, contract_ends_on = $9, target_learners = $10, notes = $11, status = $12, updated_at = now()
          where client_org_id = $1",
        client_id,
        c.name,
        c.sector,
        c.region,
        c.contact_name,
        c.contact_email,
        c.contact_phone,
        c.contract_starts_on as Option<NaiveDate>,
        c.contract_ends_on as Option<NaiveDate>,
        c.target_learners,
        c.notes,
        c.status as ClientStatus
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn cohort_count(pool: &PgPool, client_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from cohort where client_org_id = $1"#, client_id).fetch_one(pool).await
}

/// Learners in the sponsor's cohorts a trainer followed up (an intervention marked done), and how
/// many of them the risk model no longer lists.
pub async fn follow_up(pool: &PgPool, client_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let r = sqlx::query!(
        r#"with followed as (
               select distinct i.learner_id from intervention i
                where i.status = 'done'
                  and exists (select 1 from cohort_member m join cohort c using (cohort_id)
                               where m.learner_id = i.learner_id and c.client_org_id = $1)
           )
           select count(*) as "followed!",
                  count(*) filter (where not coalesce(r.at_risk, false)) as "recovered!"
             from followed f left join learner_risk r using (learner_id)"#,
        client_id
    )
    .fetch_one(pool)
    .await?;
    Ok((r.followed, r.recovered))
}

/// One learner in one of the sponsor's cohorts, as the CSV export writes it.
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

/// Every learner of every cohort the sponsor has, cohort by cohort, as a stream: the export never
/// holds more than a row at a time, whatever the sponsor's size.
pub fn learners(pool: &PgPool, client_id: i64) -> BoxStream<'_, Result<LearnerLine, sqlx::Error>> {
    sqlx::query_as!(
        LearnerLine,
        r#"with c as (select cohort_id, name, learning_path_id from cohort where client_org_id = $1),
                size as (select m.learning_path_id, count(*) as lessons from lesson l join module m using (module_id)
                          where m.learning_path_id in (select learning_path_id from c) group by 1)
           select cm.learner_id as "learner_id!", pr.display_name as "name!", u.email as "email!", c.name as "cohort!",
                  p.title as "path!", cm.joined_at as "joined_at!: DateTime<Utc>",
                  (select count(*) from lesson_progress lp join lesson l using (lesson_id) join module m using (module_id)
                    where lp.learner_id = cm.learner_id and lp.status = 'completed'
                      and m.learning_path_id = c.learning_path_id) as "lessons_completed!",
                  coalesce(size.lessons, 0) as "lessons_total!",
                  e.completed_at as "path_completed_at: DateTime<Utc>",
                  (select max(d.day) from learner_day d where d.learner_id = cm.learner_id) as "last_active: NaiveDate",
                  (select avg(s.score)::float8 from submission s join assessment a using (assessment_id) join module m using (module_id)
                    where s.learner_id = cm.learner_id and s.score is not null
                      and m.learning_path_id = c.learning_path_id) as "average_score",
                  coalesce(r.at_risk, false) as "at_risk!"
             from c
             join cohort_member cm using (cohort_id)
             join app_user u on u.user_id = cm.learner_id
             join profile pr on pr.user_id = cm.learner_id
             join learning_path p on p.learning_path_id = c.learning_path_id
             left join size on size.learning_path_id = c.learning_path_id
             left join enrolment e on e.learner_id = cm.learner_id and e.learning_path_id = c.learning_path_id
             left join learner_risk r on r.learner_id = cm.learner_id
            order by c.cohort_id, cm.learner_id"#,
        client_id
    )
    .fetch(pool)
}

/// Whether the sponsor exists (the export's 404).
pub async fn exists(pool: &PgPool, client_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(r#"select exists (select 1 from client_org where client_org_id = $1) as "e!""#, client_id).fetch_one(pool).await
}
