//! Trainers as operations manages them: a page of the list with each one's load and performance
//! (set-based: one query per figure for the whole page), one trainer's record, weeks and cohorts,
//! and the writes (capacity, approvals, moving a cohort to another trainer).

use crate::model::ops::{ApprovalChoice, TrainerApprovals, TrainerChoice, TrainerRecord, TrainerWeek};
use crate::model::trainer::CohortStatus;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// A trainer's capacity when operations never set one (the column's default).
pub const DEFAULT_CAPACITY: i32 = 150;

pub struct LoadRow {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    pub capacity: i32,
    pub cohorts: i64,
    pub learners: i64,
    pub pending: i64,
}

/// Trainers by name, `limit` from `offset`, with what is on their plate now.
pub async fn page(pool: &PgPool, offset: i64, limit: i64) -> Result<Vec<LoadRow>, sqlx::Error> {
    sqlx::query_as!(
        LoadRow,
        r#"select u.user_id, p.display_name, u.email, u.status = 'active' as "active!",
                  coalesce(tp.capacity, $3) as "capacity!",
                  (select count(*) from cohort c
                    where c.trainer_id = u.user_id and c.status in ('planned', 'active')) as "cohorts!",
                  (select coalesce(sum(k.members), 0) from cohort c join kpi_cohort k using (cohort_id)
                    where c.trainer_id = u.user_id and c.status = 'active')::int8 as "learners!",
                  (select count(*) from trainer_pending_submission t where t.trainer_id = u.user_id) as "pending!"
             from app_user u join profile p using (user_id)
             left join trainer_profile tp on tp.trainer_id = u.user_id
            where u.role = 'trainer' and u.anonymised_at is null
            order by p.display_name, u.user_id
            offset $1 limit $2"#,
        offset,
        limit,
        DEFAULT_CAPACITY
    )
    .fetch_all(pool)
    .await
}

pub async fn count(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from app_user where role = 'trainer' and anonymised_at is null"#).fetch_one(pool).await
}

pub struct TurnaroundRow {
    pub trainer_id: i64,
    pub median_hours: Option<f64>,
}

/// Median hand-in to grade since `since`, for each of `ids` that graded anything.
pub async fn turnaround(pool: &PgPool, ids: &[i64], since: DateTime<Utc>) -> Result<Vec<TurnaroundRow>, sqlx::Error> {
    sqlx::query_as!(
        TurnaroundRow,
        r#"select graded_by as "trainer_id!",
                  percentile_cont(0.5) within group (order by extract(epoch from graded_at - submitted_at) / 3600) as median_hours
             from submission
            where graded_by = any($1) and status <> 'pending' and graded_at >= $2
            group by graded_by"#,
        ids,
        since as DateTime<Utc>
    )
    .fetch_all(pool)
    .await
}

pub struct AgreementRow {
    pub trainer_id: i64,
    pub pairs: i64,
    pub exact: i64,
}

/// Criterion by criterion, how often the pre-score's level equalled the trainer's, over the open
/// answers each graded since `since` (the view `graded_level_pair`, which `server::db::quality`
/// counts for the whole programme; `server::performance` counts the same pairs).
pub async fn agreement(pool: &PgPool, ids: &[i64], since: DateTime<Utc>) -> Result<Vec<AgreementRow>, sqlx::Error> {
    sqlx::query_as!(
        AgreementRow,
        r#"select graded_by as "trainer_id!", count(*) as "pairs!", count(*) filter (where ai = trainer) as "exact!"
             from graded_level_pair
            where graded_by = any($1) and graded_at >= $2
            group by graded_by"#,
        ids,
        since as DateTime<Utc>
    )
    .fetch_all(pool)
    .await
}

pub struct RecoveryRow {
    pub trainer_id: i64,
    pub settled: i64,
    pub recovered: i64,
}

/// Learners each trainer followed up since `since` whose 14 days are over, and how many of them
/// learned again within those 14 days (the definition `server::db::performance` uses).
pub async fn recovery(pool: &PgPool, ids: &[i64], since: DateTime<Utc>) -> Result<Vec<RecoveryRow>, sqlx::Error> {
    sqlx::query_as!(
        RecoveryRow,
        r#"with settled as (
               select i.trainer_id, i.learner_id,
                      bool_or(exists (select 1 from activity_event e where e.user_id = i.learner_id
                                        and e.kind not in ('sign_in', 'achievement_earned')
                                        and e.occurred_at > i.created_at and e.occurred_at <= i.created_at + interval '14 days')) as back
                 from intervention i
                where i.trainer_id = any($1) and i.created_at >= $2 and i.created_at <= now() - interval '14 days'
                group by i.trainer_id, i.learner_id
           )
           select trainer_id as "trainer_id!", count(*) as "settled!", count(*) filter (where back) as "recovered!"
             from settled group by trainer_id"#,
        ids,
        since as DateTime<Utc>
    )
    .fetch_all(pool)
    .await
}

/// The trainer (an account with the trainer role that was not erased), or none.
pub async fn record(pool: &PgPool, trainer_id: i64) -> Result<Option<TrainerRecord>, sqlx::Error> {
    sqlx::query_as!(
        TrainerRecord,
        r#"select u.user_id, p.display_name, u.email, u.status = 'active' as "active!",
                  coalesce(tp.capacity, $2) as "capacity!",
                  (select coalesce(sum(k.members), 0) from cohort c join kpi_cohort k using (cohort_id)
                    where c.trainer_id = u.user_id and c.status = 'active')::int8 as "learners!",
                  (u.created_at at time zone 'UTC')::date as "joined_on!: NaiveDate"
             from app_user u join profile p using (user_id)
             left join trainer_profile tp on tp.trainer_id = u.user_id
            where u.user_id = $1 and u.role = 'trainer' and u.anonymised_at is null"#,
        trainer_id,
        DEFAULT_CAPACITY
    )
    .fetch_optional(pool)
    .await
}

/// Work graded per week for the `weeks` weeks ending with the one holding `today` (Monday-based),
/// every week present, empty ones with nothing graded.
pub async fn weeks(pool: &PgPool, trainer_id: i64, today: NaiveDate, weeks: i32) -> Result<Vec<TrainerWeek>, sqlx::Error> {
    sqlx::query_as!(
        TrainerWeek,
        r#"with w as (
               select generate_series(date_trunc('week', $2::date) - make_interval(weeks => $3 - 1),
                                      date_trunc('week', $2::date), interval '1 week')::date as starts_on
           )
           select w.starts_on as "starts_on!: NaiveDate",
                  count(s.submission_id) as "graded!",
                  percentile_cont(0.5) within group (order by extract(epoch from s.graded_at - s.submitted_at) / 3600) as median_hours
             from w left join submission s
               on s.graded_by = $1 and s.status <> 'pending'
              and s.graded_at >= w.starts_on::timestamp at time zone 'UTC'
              and s.graded_at < (w.starts_on + 7)::timestamp at time zone 'UTC'
            group by w.starts_on order by w.starts_on"#,
        trainer_id,
        today as NaiveDate,
        weeks
    )
    .fetch_all(pool)
    .await
}

pub async fn cohort_count(pool: &PgPool, trainer_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from cohort where trainer_id = $1"#, trainer_id).fetch_one(pool).await
}

/// Up to `limit` active trainers approved for the cohort's client and path, other than its own,
/// most room first (a full trainer can still take it; they come last).
pub async fn destinations(pool: &PgPool, cohort_id: i64, limit: i64) -> Result<Vec<TrainerChoice>, sqlx::Error> {
    sqlx::query_as!(
        TrainerChoice,
        r#"select u.user_id, p.display_name, coalesce(tp.capacity, $2) as "capacity!", l.learners as "learners!"
             from cohort c
             join trainer_client_approval ac on ac.client_org_id = c.client_org_id
             join trainer_path_approval ap on ap.learning_path_id = c.learning_path_id and ap.trainer_id = ac.trainer_id
             join app_user u on u.user_id = ac.trainer_id
             join profile p on p.user_id = u.user_id
             left join trainer_profile tp on tp.trainer_id = u.user_id
             cross join lateral (select coalesce(sum(k.members), 0)::int8 as learners
                                   from cohort o join kpi_cohort k using (cohort_id)
                                  where o.trainer_id = u.user_id and o.status = 'active') l
            where c.cohort_id = $1 and u.role = 'trainer' and u.status = 'active' and u.user_id is distinct from c.trainer_id
            order by l.learners - coalesce(tp.capacity, $2), p.display_name, u.user_id
            limit $3"#,
        cohort_id,
        DEFAULT_CAPACITY,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Locks the trainer's row and counts their planned and running cohorts, so a deactivation and a
/// cohort given to them meanwhile cannot cross. `None` when the account is not a trainer.
pub async fn lock_running(conn: &mut PgConnection, trainer_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let found = sqlx::query_scalar!(
        "select user_id from app_user where user_id = $1 and role = 'trainer' and anonymised_at is null for update",
        trainer_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if found.is_none() {
        return Ok(None);
    }
    let n =
        sqlx::query_scalar!(r#"select count(*) as "n!" from cohort where trainer_id = $1 and status in ('planned', 'active')"#, trainer_id)
            .fetch_one(conn)
            .await?;
    Ok(Some(n))
}

/// Sets the capacity, returning the one it replaces.
pub async fn set_capacity(conn: &mut PgConnection, trainer_id: i64, capacity: i32) -> Result<i32, sqlx::Error> {
    let before = sqlx::query_scalar!("select capacity from trainer_profile where trainer_id = $1 for update", trainer_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(DEFAULT_CAPACITY);
    sqlx::query!(
        "insert into trainer_profile (trainer_id, capacity) values ($1, $2)
         on conflict (trainer_id) do update set capacity = excluded.capacity, updated_at = now()",
        trainer_id,
        capacity
    )
    .execute(conn)
    .await?;
    Ok(before)
}

pub struct Movable {
    pub name: String,
    pub trainer_id: Option<i64>,
    pub status: CohortStatus,
}

/// The cohort, locked for the move.
pub async fn cohort_for_move(conn: &mut PgConnection, cohort_id: i64) -> Result<Option<Movable>, sqlx::Error> {
    sqlx::query_as!(
        Movable,
        r#"select name, trainer_id, status as "status: CohortStatus" from cohort where cohort_id = $1 for update"#,
        cohort_id
    )
    .fetch_optional(conn)
    .await
}

/// The trainer's name when they are an active trainer, locked so they stay one until commit.
pub async fn active_trainer(conn: &mut PgConnection, trainer_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select p.display_name from app_user u join profile p using (user_id)
          where u.user_id = $1 and u.role = 'trainer' and u.status = 'active' for update of u",
        trainer_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn set_cohort_trainer(conn: &mut PgConnection, cohort_id: i64, trainer_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("update cohort set trainer_id = $2, updated_at = now() where cohort_id = $1", cohort_id, trainer_id).execute(conn).await?;
    Ok(())
}

pub struct LoadTrainer {
    pub user_id: i64,
    pub display_name: String,
    pub capacity: i32,
    pub active: bool,
}

/// Trainers who take part in a redistribution: every active trainer, and any other who still
/// holds a planned or running cohort (as someone to move work away from).
pub async fn load_trainers(conn: &mut PgConnection) -> Result<Vec<LoadTrainer>, sqlx::Error> {
    sqlx::query_as!(
        LoadTrainer,
        r#"select u.user_id, p.display_name, coalesce(tp.capacity, $1) as "capacity!", u.status = 'active' as "active!"
             from app_user u join profile p using (user_id)
             left join trainer_profile tp on tp.trainer_id = u.user_id
            where u.role = 'trainer'
              and (u.status = 'active'
                   or exists (select 1 from cohort c where c.trainer_id = u.user_id and c.status in ('planned', 'active')))
            order by u.user_id"#,
        DEFAULT_CAPACITY
    )
    .fetch_all(conn)
    .await
}

pub struct LoadCohort {
    pub cohort_id: i64,
    pub name: String,
    pub trainer_id: i64,
    pub client_org_id: i64,
    pub learning_path_id: i64,
    pub learners: i64,
}

/// Planned and running cohorts with a trainer, and their learners.
pub async fn load_cohorts(conn: &mut PgConnection) -> Result<Vec<LoadCohort>, sqlx::Error> {
    sqlx::query_as!(
        LoadCohort,
        r#"select c.cohort_id, c.name, c.trainer_id as "trainer_id!", c.client_org_id, c.learning_path_id,
                  coalesce(k.members, 0)::int8 as "learners!"
             from cohort c left join kpi_cohort k using (cohort_id)
            where c.status in ('planned', 'active') and c.trainer_id is not null
            order by c.cohort_id"#
    )
    .fetch_all(conn)
    .await
}

/// Waits until no other redistribution is being applied, then holds the turn until commit.
pub async fn take_redistribution_turn(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query!("select pg_advisory_xact_lock(hashtext('ruralrise:redistribute'))").execute(conn).await?;
    Ok(())
}

/// Locks the cohorts about to move (for update) and the trainers receiving them (for share,
/// so they cannot be switched off meanwhile), each in id order so two writers cannot deadlock.
pub async fn lock_for_moves(conn: &mut PgConnection, cohorts: &[i64], trainers: &[i64]) -> Result<(), sqlx::Error> {
    sqlx::query!("select cohort_id from cohort where cohort_id = any($1) order by cohort_id for update", cohorts)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query!("select user_id from app_user where user_id = any($1) order by user_id for share", trainers).fetch_all(conn).await?;
    Ok(())
}

/// Every (trainer, sponsor) and every (trainer, path) approval.
pub async fn approvals(conn: &mut PgConnection) -> Result<(Vec<(i64, i64)>, Vec<(i64, i64)>), sqlx::Error> {
    let clients = sqlx::query!("select trainer_id, client_org_id from trainer_client_approval order by 1, 2")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.trainer_id, r.client_org_id))
        .collect();
    let paths = sqlx::query!("select trainer_id, learning_path_id from trainer_path_approval order by 1, 2")
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|r| (r.trainer_id, r.learning_path_id))
        .collect();
    Ok((clients, paths))
}

/// Whether `trainer_id` is approved for the cohort's sponsor and its path.
pub async fn approved_for(conn: &mut PgConnection, trainer_id: i64, cohort_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from cohort c
                            join trainer_client_approval a on a.client_org_id = c.client_org_id and a.trainer_id = $1
                            join trainer_path_approval p on p.learning_path_id = c.learning_path_id and p.trainer_id = $1
                           where c.cohort_id = $2) as "ok!""#,
        trainer_id,
        cohort_id
    )
    .fetch_one(conn)
    .await
}

/// Every sponsor and every path a trainer could be approved for, with whether they are, by name.
pub async fn approval_choices(pool: &PgPool, trainer_id: i64) -> Result<TrainerApprovals, sqlx::Error> {
    let clients = sqlx::query_as!(
        ApprovalChoice,
        r#"select o.client_org_id as id, o.name,
                  exists (select 1 from trainer_client_approval a where a.trainer_id = $1 and a.client_org_id = o.client_org_id) as "approved!"
             from client_org o
            where o.status = 'active' or exists (select 1 from trainer_client_approval a where a.trainer_id = $1 and a.client_org_id = o.client_org_id)
            order by o.name, o.client_org_id"#,
        trainer_id
    )
    .fetch_all(pool)
    .await?;
    let paths = sqlx::query_as!(
        ApprovalChoice,
        r#"select p.learning_path_id as id, p.title as name,
                  exists (select 1 from trainer_path_approval a where a.trainer_id = $1 and a.learning_path_id = p.learning_path_id) as "approved!"
             from learning_path p
            order by p.title, p.learning_path_id"#,
        trainer_id
    )
    .fetch_all(pool)
    .await?;
    Ok(TrainerApprovals { clients, paths })
}

/// Of `clients` and `paths`, the ids that exist (and, for sponsors, may still be chosen).
pub async fn known_choices(
    conn: &mut PgConnection,
    trainer_id: i64,
    clients: &[i64],
    paths: &[i64],
) -> Result<(usize, usize), sqlx::Error> {
    let c = sqlx::query_scalar!(
        r#"select count(*) as "n!" from client_org o
            where o.client_org_id = any($2)
              and (o.status = 'active' or exists (select 1 from trainer_client_approval a where a.trainer_id = $1 and a.client_org_id = o.client_org_id))"#,
        trainer_id,
        clients
    )
    .fetch_one(&mut *conn)
    .await?;
    let p = sqlx::query_scalar!(r#"select count(*) as "n!" from learning_path where learning_path_id = any($1)"#, paths)
        .fetch_one(conn)
        .await?;
    Ok((c as usize, p as usize))
}

/// The trainer's planned and running cohorts whose sponsor or path `clients` and `paths` leave
/// out: cohorts that would lose the approval they run under.
pub async fn cohorts_needing(conn: &mut PgConnection, trainer_id: i64, clients: &[i64], paths: &[i64]) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from cohort
            where trainer_id = $1 and status in ('planned', 'active')
              and (client_org_id <> all($2) or learning_path_id <> all($3))"#,
        trainer_id,
        clients,
        paths
    )
    .fetch_one(conn)
    .await
}

/// What replacing a trainer's approvals changed, by id.
#[derive(Debug, Default, serde::Serialize)]
pub struct ApprovalChanges {
    pub clients_added: Vec<i64>,
    pub clients_removed: Vec<i64>,
    pub paths_added: Vec<i64>,
    pub paths_removed: Vec<i64>,
}

impl ApprovalChanges {
    pub fn is_empty(&self) -> bool {
        self.clients_added.is_empty() && self.clients_removed.is_empty() && self.paths_added.is_empty() && self.paths_removed.is_empty()
    }
}

/// Makes the trainer's approvals exactly `clients` and `paths`.
pub async fn set_approvals(
    conn: &mut PgConnection,
    trainer_id: i64,
    clients: &[i64],
    paths: &[i64],
) -> Result<ApprovalChanges, sqlx::Error> {
    let clients_removed = sqlx::query_scalar!(
        "delete from trainer_client_approval where trainer_id = $1 and client_org_id <> all($2) returning client_org_id",
        trainer_id,
        clients
    )
    .fetch_all(&mut *conn)
    .await?;
    let clients_added = sqlx::query_scalar!(
        "insert into trainer_client_approval (trainer_id, client_org_id) select $1, unnest($2::int8[])
         on conflict do nothing returning client_org_id",
        trainer_id,
        clients
    )
    .fetch_all(&mut *conn)
    .await?;
    let paths_removed = sqlx::query_scalar!(
        "delete from trainer_path_approval where trainer_id = $1 and learning_path_id <> all($2) returning learning_path_id",
        trainer_id,
        paths
    )
    .fetch_all(&mut *conn)
    .await?;
    let paths_added = sqlx::query_scalar!(
        "insert into trainer_path_approval (trainer_id, learning_path_id) select $1, unnest($2::int8[])
         on conflict do nothing returning learning_path_id",
        trainer_id,
        paths
    )
    .fetch_all(conn)
    .await?;
    Ok(ApprovalChanges { clients_added, clients_removed, paths_added, paths_removed })
}
