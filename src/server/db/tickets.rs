//! Risk tickets: the list by status, the cohorts the risk model proposes a ticket for, one ticket
//! with its learners, and the writes (open, move, assign) under the ticket's row lock.

use crate::domain::ticket::{PROPOSE_MIN_LISTED, PROPOSE_MIN_SHARE, Ticket};
use crate::model::ops::{
    AffectedLearner, FlaggedCohort, OwnerChoice, RiskKind, RiskSeverity, RiskStatus, RiskTicket, RiskTicketRow, TicketFilter,
};
use crate::model::trainer::RiskFactor;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

fn status_of(filter: TicketFilter) -> Option<RiskStatus> {
    match filter {
        TicketFilter::Unresolved => None,
        TicketFilter::Only(s) => Some(s),
    }
}

/// The tickets of a filter: unresolved ones soonest due first, resolved ones latest first.
pub async fn list(pool: &PgPool, filter: TicketFilter, limit: i64) -> Result<Vec<RiskTicketRow>, sqlx::Error> {
    sqlx::query_as!(
        RiskTicketRow,
        r#"select a.risk_alert_id as ticket_id, a.title, a.kind as "kind: RiskKind", a.severity as "severity: RiskSeverity",
                  a.status as "status: RiskStatus", c.name as "cohort_name?", o.name as "client_name?",
                  coalesce(p.display_name, u.email) as "owner_name?", a.due_at as "due_at: DateTime<Utc>",
                  (select count(*) from risk_alert_learner l where l.risk_alert_id = a.risk_alert_id) as "affected!"
             from risk_alert a
             left join cohort c on c.cohort_id = a.cohort_id
             left join client_org o on o.client_org_id = coalesce(a.client_org_id, c.client_org_id)
             left join app_user u on u.user_id = a.owner_id
             left join profile p on p.user_id = a.owner_id
            where case when $1::risk_status is null then a.status <> 'resolved' else a.status = $1 end
            order by a.resolved_at desc nulls last, a.due_at, a.risk_alert_id
            limit $2"#,
        status_of(filter) as Option<RiskStatus>,
        limit,
    )
    .fetch_all(pool)
    .await
}

/// How many tickets the filter has, and how many unresolved ones are past due.
pub async fn counts(pool: &PgPool, filter: TicketFilter) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query!(
        r#"select count(*) filter (where case when $1::risk_status is null then status <> 'resolved' else status = $1 end) as "total!",
                  count(*) filter (where status <> 'resolved' and due_at < now()) as "overdue!"
             from risk_alert"#,
        status_of(filter) as Option<RiskStatus>,
    )
    .fetch_one(pool)
    .await?;
    Ok((row.total, row.overdue))
}

/// Running cohorts with no unresolved ticket where the model lists enough learners for a ticket
/// (`domain::ticket`'s thresholds, so a cohort is read here only if the rule could propose it):
/// every one from the copy the risk task refreshes, or `only` one, counted live.
pub async fn flagged(pool: &PgPool, only: Option<i64>) -> Result<Vec<FlaggedCohort>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select f.cohort_id as "cohort_id!", c.name as cohort_name, o.name as client_name,
                  coalesce(tp.display_name, tu.email) as "trainer_name?", f.listed as "listed!", f.mean_score as "mean_score!",
                  f.members as "members!", f.top_reason as "top_reason?", f.top_count as "top_count?",
                  f.counted_at as "counted_at!: DateTime<Utc>"
             from (select cohort_id, listed, mean_score, members, top_reason, top_count, counted_at
                     from cohort_flags where $3::bigint is null
                   union all
                   select cohort_id, listed, mean_score, members, top_reason, top_count, now()
                     from cohort_flags_live where cohort_id = $3) f
             join cohort c on c.cohort_id = f.cohort_id and c.status = 'active'
             join client_org o on o.client_org_id = c.client_org_id
             left join app_user tu on tu.user_id = c.trainer_id
             left join profile tp on tp.user_id = c.trainer_id
            where not exists (select 1 from risk_alert a where a.cohort_id = f.cohort_id and a.status <> 'resolved')
              and (f.listed >= $1 or f.listed >= $2::float8 * f.members)"#,
        PROPOSE_MIN_LISTED,
        PROPOSE_MIN_SHARE,
        only,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| FlaggedCohort {
            cohort_id: r.cohort_id,
            cohort_name: r.cohort_name,
            client_name: r.client_name,
            trainer_name: r.trainer_name,
            listed: r.listed,
            members: r.members,
            mean_score: r.mean_score,
            top_reason: r.top_reason.and_then(|code| code.parse::<RiskFactor>().ok()).zip(r.top_count),
            counted_at: r.counted_at,
        })
        .collect())
}

/// When the copy of the flags was last counted (none before the first count).
pub async fn flags_counted_at(pool: &PgPool) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(r#"select max(counted_at) as "at: DateTime<Utc>" from cohort_flags"#).fetch_one(pool).await
}

/// Counts the flags per cohort again (1.5 s at a million learners), while pages go on reading
/// the previous count.
pub async fn refresh_flags(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!("refresh materialized view concurrently cohort_flags").execute(pool).await?;
    Ok(())
}

/// Operations staff, and the cohort's trainer if there is one: who a ticket can be given to.
pub async fn owner_choices(pool: &PgPool, cohort: Option<i64>) -> Result<Vec<OwnerChoice>, sqlx::Error> {
    sqlx::query_as!(
        OwnerChoice,
        r#"select u.user_id, coalesce(p.display_name, u.email) as "name!", u.role = 'trainer' as "trainer!"
             from app_user u
             left join profile p on p.user_id = u.user_id
            where u.status = 'active'
              and (u.role = 'operations' or u.user_id = (select trainer_id from cohort where cohort_id = $1))
            order by u.role = 'trainer' desc, 2, u.user_id"#,
        cohort,
    )
    .fetch_all(pool)
    .await
}

/// Whether `owner` may own a ticket about `cohort` (the same rule as `owner_choices`).
pub async fn owner_allowed(conn: &mut PgConnection, owner: i64, cohort: Option<i64>) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select coalesce(p.display_name, u.email) as "name!"
             from app_user u left join profile p on p.user_id = u.user_id
            where u.user_id = $1 and u.status = 'active'
              and (u.role = 'operations' or u.user_id = (select trainer_id from cohort where cohort_id = $2))"#,
        owner,
        cohort,
    )
    .fetch_optional(conn)
    .await
}

/// A running cohort's sponsor, for a ticket about it; None when it is not running.
pub async fn running_cohort(conn: &mut PgConnection, cohort: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!("select client_org_id from cohort where cohort_id = $1 and status = 'active' for share", cohort)
        .fetch_optional(conn)
        .await
}

/// Whether the cohort already has an unresolved ticket (checked with the cohort row locked, so
/// two operators accepting the same proposal open one ticket).
pub async fn has_unresolved(conn: &mut PgConnection, cohort: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(r#"select exists (select 1 from risk_alert where cohort_id = $1 and status <> 'resolved') as "exists!""#, cohort)
        .fetch_one(conn)
        .await
}

pub struct NewTicket<'a> {
    pub ticket: &'a Ticket,
    pub cohort: Option<i64>,
    pub client: Option<i64>,
    pub owner: i64,
    pub opened_by: i64,
    pub opened_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// Inserts the ticket and, for a cohort, the learners the model lists in it now; returns the
/// ticket's id and how many learners it took.
pub async fn insert(conn: &mut PgConnection, t: &NewTicket<'_>) -> Result<(i64, i64), sqlx::Error> {
    let id = sqlx::query_scalar!(
        "insert into risk_alert (kind, severity, title, cohort_id, client_org_id, recommended_action, owner_id, opened_by,
                                 created_at, updated_at, due_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
         returning risk_alert_id",
        t.ticket.kind as RiskKind,
        t.ticket.severity as RiskSeverity,
        &t.ticket.title,
        t.cohort,
        t.client,
        &t.ticket.action,
        t.owner,
        t.opened_by,
        t.opened_at as DateTime<Utc>,
        t.due_at as DateTime<Utc>,
    )
    .fetch_one(&mut *conn)
    .await?;
    let taken = sqlx::query!(
        "insert into risk_alert_learner (risk_alert_id, learner_id)
         select $1, l.learner_id from listed_at_risk l where l.cohort_id = $2",
        id,
        t.cohort,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok((id, taken as i64))
}

/// The ticket as stored; `lock` takes its row for a change.
pub async fn ticket(conn: &mut PgConnection, id: i64, lock: bool) -> Result<Option<RiskTicket>, sqlx::Error> {
    if lock {
        sqlx::query!("select 1 as one from risk_alert where risk_alert_id = $1 for update", id).fetch_optional(&mut *conn).await?;
    }
    let row = sqlx::query!(
        r#"select a.risk_alert_id, a.title, a.kind as "kind: RiskKind", a.severity as "severity: RiskSeverity",
                  a.status as "status: RiskStatus", a.cohort_id, c.name as "cohort_name?", o.client_org_id as "client_id?",
                  o.name as "client_name?", c.trainer_id as "trainer_id?", a.recommended_action, a.owner_id,
                  coalesce(op.display_name, ou.email) as "owner_name?", coalesce(bp.display_name, bu.email) as "opened_by?",
                  a.created_at as "opened_at: DateTime<Utc>", a.due_at as "due_at: DateTime<Utc>",
                  a.started_at as "started_at: DateTime<Utc>", a.resolved_at as "resolved_at: DateTime<Utc>", a.resolution_note
             from risk_alert a
             left join cohort c on c.cohort_id = a.cohort_id
             left join client_org o on o.client_org_id = coalesce(a.client_org_id, c.client_org_id)
             left join app_user ou on ou.user_id = a.owner_id
             left join profile op on op.user_id = a.owner_id
             left join app_user bu on bu.user_id = a.opened_by
             left join profile bp on bp.user_id = a.opened_by
            where a.risk_alert_id = $1"#,
        id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| RiskTicket {
        ticket_id: r.risk_alert_id,
        title: r.title,
        kind: r.kind,
        severity: r.severity,
        status: r.status,
        cohort: r.cohort_id.zip(r.cohort_name),
        client: r.client_id.zip(r.client_name),
        trainer_id: r.trainer_id,
        action: r.recommended_action,
        owner: r.owner_id.zip(r.owner_name),
        opened_by: r.opened_by,
        opened_at: r.opened_at,
        due_at: r.due_at,
        started_at: r.started_at,
        resolved_at: r.resolved_at,
        resolution_note: r.resolution_note,
    }))
}

/// The ticket's learners (most at risk first, `limit` of them) and how many there are.
pub async fn learners(pool: &PgPool, id: i64, limit: i64) -> Result<(Vec<AffectedLearner>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        AffectedLearner,
        r#"select l.learner_id, coalesce(p.display_name, u.email) as "name!", r.score as "score?",
                  coalesce(r.at_risk, false) as "at_risk!",
                  (select max(e.occurred_at) from activity_event e where e.user_id = l.learner_id) as "last_active: DateTime<Utc>"
             from risk_alert_learner l
             join app_user u on u.user_id = l.learner_id
             left join profile p on p.user_id = l.learner_id
             left join learner_risk r on r.learner_id = l.learner_id
            where l.risk_alert_id = $1
            order by r.score desc nulls last, l.learner_id
            limit $2"#,
        id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    let total =
        sqlx::query_scalar!(r#"select count(*) as "n!" from risk_alert_learner where risk_alert_id = $1"#, id).fetch_one(pool).await?;
    Ok((rows, total))
}

/// Of a ticket's learners, how many learned between `from` and `to`.
pub async fn active_between(pool: &PgPool, id: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!"
             from risk_alert_learner l
            where l.risk_alert_id = $1
              and exists (select 1 from activity_event e where e.user_id = l.learner_id and e.occurred_at >= $2 and e.occurred_at < $3
                            and e.kind not in ('sign_in', 'achievement_earned'))"#,
        id,
        from as DateTime<Utc>,
        to as DateTime<Utc>,
    )
    .fetch_one(pool)
    .await
}

/// Moves a locked ticket to `to`, stamping when work started or the ticket was resolved.
pub async fn set_status(conn: &mut PgConnection, id: i64, to: RiskStatus, note: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update risk_alert
            set status = $2::risk_status,
                started_at = case when $2::risk_status = 'in_progress' then now() else started_at end,
                resolved_at = case when $2::risk_status = 'resolved' then now() end,
                resolution_note = case when $2::risk_status = 'resolved' then $3 else resolution_note end,
                updated_at = now()
          where risk_alert_id = $1",
        id,
        to as RiskStatus,
        note,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_owner(conn: &mut PgConnection, id: i64, owner: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("update risk_alert set owner_id = $2, updated_at = now() where risk_alert_id = $1", id, owner).execute(conn).await?;
    Ok(())
}
