//! Client organisations (the sponsors of cohorts): the list with their size now, one sponsor's
//! record and outcomes, and writing a sponsor (its learners' CSV is `server::db::reports`).

use crate::domain::client::Client;
use crate::model::ops::{ClientRecord, ClientStatus, ClientSummary};
use chrono::NaiveDate;
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

/// Whether the sponsor exists (the export's 404).
pub async fn exists(pool: &PgPool, client_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(r#"select exists (select 1 from client_org where client_org_id = $1) as "e!""#, client_id).fetch_one(pool).await
}
