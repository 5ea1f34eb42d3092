//! Cohorts: a trainer's cohorts and their members' progress, creating and editing them, adding and
//! removing members, who runs a cohort, trainer load, and the cohorts operations lists on a
//! sponsor's or a trainer's page.

use crate::domain::cohort::Draft;
use crate::model::trainer::{Candidate, Choice, CohortStatus, MemberSort};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

pub struct CohortRow {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: CohortStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Cohorts the trainer runs, running ones first; archived ones are out of the list.
pub async fn for_trainer(pool: &PgPool, trainer_id: i64) -> Result<Vec<CohortRow>, sqlx::Error> {
    sqlx::query_as!(
        CohortRow,
        r#"select c.cohort_id, c.name, o.name as client_name, lp.title as path_title, c.status as "status: CohortStatus",
                  c.starts_on as "starts_on: NaiveDate", c.ends_on as "ends_on: NaiveDate"
             from cohort c join client_org o using (client_org_id) join learning_path lp using (learning_path_id)
            where c.trainer_id = $1 and c.status <> 'archived'
            order by case c.status when 'active' then 0 when 'planned' then 1 else 2 end, c.starts_on desc, c.cohort_id"#,
        trainer_id
    )
    .fetch_all(pool)
    .await
}

pub struct MemberProgress {
    pub cohort_id: i64,
    pub completed: i64,
    pub total: i64,
}

/// For each member of the trainer's cohorts: lessons of the cohort's path done, and in all.
pub async fn member_progress(pool: &PgPool, trainer_id: i64) -> Result<Vec<MemberProgress>, sqlx::Error> {
    sqlx::query_as!(
        MemberProgress,
        r#"with path_size as (
               select m.learning_path_id, count(*) as total from lesson l join module m using (module_id) group by 1
           )
           select cm.cohort_id,
                  (select count(*) from lesson_progress p join lesson l using (lesson_id) join module m using (module_id)
                    where p.learner_id = cm.learner_id and p.status = 'completed'
                      and m.learning_path_id = c.learning_path_id) as "completed!",
                  coalesce(ps.total, 0) as "total!"
             from cohort c join cohort_member cm using (cohort_id)
             left join path_size ps on ps.learning_path_id = c.learning_path_id
            where c.trainer_id = $1"#,
        trainer_id
    )
    .fetch_all(pool)
    .await
}

pub struct CohortOwner {
    pub name: String,
    pub trainer_id: Option<i64>,
}

/// The cohort's name and who runs it (nobody yet, for an unassigned cohort).
pub async fn owner(pool: &PgPool, cohort_id: i64) -> Result<Option<CohortOwner>, sqlx::Error> {
    sqlx::query_as!(CohortOwner, "select name, trainer_id from cohort where cohort_id = $1", cohort_id).fetch_optional(pool).await
}

/// Sponsors that take new cohorts, plus `keep` (a cohort's own sponsor, whatever its status).
pub async fn client_choices(pool: &PgPool, keep: Option<i64>) -> Result<Vec<Choice>, sqlx::Error> {
    sqlx::query_as!(
        Choice,
        r#"select client_org_id as id, name as label from client_org
            where status = 'active' or client_org_id = $1
            order by name, client_org_id"#,
        keep
    )
    .fetch_all(pool)
    .await
}

pub async fn path_choices(pool: &PgPool) -> Result<Vec<Choice>, sqlx::Error> {
    sqlx::query_as!(Choice, "select learning_path_id as id, title as label from learning_path order by title, learning_path_id")
        .fetch_all(pool)
        .await
}

pub struct Stored {
    pub name: String,
    pub client_org_id: i64,
    pub learning_path_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CohortStatus,
}

/// The trainer's own cohort as stored, locked for the rest of the transaction so two edits
/// cannot both pass the status check against the same old status.
pub async fn stored_for_update(tx: &mut PgConnection, cohort_id: i64, trainer_id: i64) -> Result<Option<Stored>, sqlx::Error> {
    sqlx::query_as!(
        Stored,
        r#"select name, client_org_id, learning_path_id, starts_on as "starts_on: NaiveDate", ends_on as "ends_on: NaiveDate", status as "status: CohortStatus"
             from cohort where cohort_id = $1 and trainer_id = $2 for update"#,
        cohort_id,
        trainer_id
    )
    .fetch_optional(&mut *tx)
    .await
}

pub async fn stored(pool: &PgPool, cohort_id: i64) -> Result<Option<Stored>, sqlx::Error> {
    sqlx::query_as!(
        Stored,
        r#"select name, client_org_id, learning_path_id, starts_on as "starts_on: NaiveDate", ends_on as "ends_on: NaiveDate", status as "status: CohortStatus"
             from cohort where cohort_id = $1"#,
        cohort_id
    )
    .fetch_optional(pool)
    .await
}

/// Whether the sponsor exists and takes new cohorts; and whether the path exists.
pub async fn references(tx: &mut PgConnection, client_org_id: i64, learning_path_id: i64) -> Result<(bool, bool), sqlx::Error> {
    let row = sqlx::query!(
        r#"select exists (select 1 from client_org where client_org_id = $1 and status = 'active') as "client!",
                  exists (select 1 from learning_path where learning_path_id = $2) as "path!""#,
        client_org_id,
        learning_path_id
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok((row.client, row.path))
}

/// A new cohort the trainer runs; its id.
pub async fn insert(tx: &mut PgConnection, trainer_id: i64, d: &Draft) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into cohort (client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
         values ($1, $2, $3, $4, $5, $6, $7) returning cohort_id",
        d.client_org_id,
        trainer_id,
        d.learning_path_id,
        d.name,
        d.starts_on as NaiveDate,
        d.ends_on as NaiveDate,
        d.status as CohortStatus
    )
    .fetch_one(&mut *tx)
    .await
}

pub async fn update(tx: &mut PgConnection, cohort_id: i64, d: &Draft) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update cohort set client_org_id = $2, learning_path_id = $3, name = $4, starts_on = $5, ends_on = $6, status = $7,
                updated_at = now()
          where cohort_id = $1",
        cohort_id,
        d.client_org_id,
        d.learning_path_id,
        d.name,
        d.starts_on as NaiveDate,
        d.ends_on as NaiveDate,
        d.status as CohortStatus
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub struct Header {
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: CohortStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub member_count: i64,
    pub lessons_total: i64,
    pub skills_total: i64,
}

/// The cohort's heading figures: names, dates, members, and the size of its path in lessons and
/// skills (the skills its lessons and assessment items teach).
pub async fn header(pool: &PgPool, cohort_id: i64) -> Result<Option<Header>, sqlx::Error> {
    sqlx::query_as!(
        Header,
        r#"select c.name, o.name as client_name, lp.title as path_title, c.status as "status: CohortStatus",
                  c.starts_on as "starts_on: NaiveDate", c.ends_on as "ends_on: NaiveDate",
                  (select count(*) from cohort_member cm where cm.cohort_id = c.cohort_id) as "member_count!",
                  (select count(*) from lesson l join module m using (module_id)
                    where m.learning_path_id = c.learning_path_id) as "lessons_total!",
                  (select count(*) from (
                       select unnest(l.skills) from lesson l join module m using (module_id)
                        where m.learning_path_id = c.learning_path_id
                       union
                       select unnest(i.skills) from assessment_item i join assessment a using (assessment_id)
                         join module m using (module_id) where m.learning_path_id = c.learning_path_id) s) as "skills_total!"
             from cohort c join client_org o using (client_org_id) join learning_path lp using (learning_path_id)
            where c.cohort_id = $1"#,
        cohort_id
    )
    .fetch_optional(pool)
    .await
}

pub struct MemberRow {
    pub learner_id: i64,
    pub name: String,
    pub email: String,
    pub completed: i64,
    pub last_active: Option<DateTime<Utc>>,
    pub skills_mastered: i64,
}

/// One page of the cohort's members in `sort` order, after learner `after` (keyset: the page
/// costs the same deep in a cohort of thousands as at its start). Ties break on the learner id.
pub async fn members_page(
    pool: &PgPool,
    cohort_id: i64,
    sort: MemberSort,
    after: Option<i64>,
    limit: i64,
    mastered: f64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as!(
        MemberRow,
        r#"with c as (select learning_path_id from cohort where cohort_id = $1),
           path_lesson as (
               select l.lesson_id from lesson l join module m using (module_id) join c using (learning_path_id)
           ),
           path_skill as (
               select unnest(l.skills) as skill from lesson l join module m using (module_id) join c using (learning_path_id)
               union
               select unnest(i.skills) from assessment_item i join assessment a using (assessment_id)
                 join module m using (module_id) join c using (learning_path_id)
           ),
           member as (
               select cm.learner_id, p.display_name as name, u.email,
                      (select count(*) from lesson_progress lp
                        where lp.learner_id = cm.learner_id and lp.status = 'completed'
                          and lp.lesson_id in (select lesson_id from path_lesson)) as completed,
                      (select max(e.occurred_at) from activity_event e
                        where e.user_id = cm.learner_id and e.kind <> 'sign_in') as last_active,
                      (select count(*) from skill_mastery s
                        where s.learner_id = cm.learner_id and s.p_known >= $5
                          and s.skill in (select skill from path_skill)) as mastered
                 from cohort_member cm join app_user u on u.user_id = cm.learner_id join profile p on p.user_id = cm.learner_id
                where cm.cohort_id = $1
           ),
           keyed as (
               select member.*,
                      (case $2::text
                           when 'progress_low' then completed
                           when 'progress_high' then -completed
                           when 'longest_away' then coalesce(extract(epoch from last_active), 0)
                           when 'recently_active' then -coalesce(extract(epoch from last_active), 0)
                           else 0 end)::float8 as key_num,
                      case when $2::text = 'name' then lower(name) else '' end as key_text
                 from member
           )
           select learner_id as "learner_id!", name as "name!", email as "email!", completed as "completed!",
                  last_active as "last_active: DateTime<Utc>", mastered as "skills_mastered!"
             from keyed
            where $3::bigint is null
               or (key_num, key_text, learner_id) > (select key_num, key_text, learner_id from keyed where learner_id = $3)
            order by key_num, key_text, learner_id
            limit $4"#,
        cohort_id,
        sort.as_str(),
        after,
        limit,
        mastered
    )
    .fetch_all(pool)
    .await
}

/// Active learner accounts not in the cohort whose name holds `query` or whose e-mail starts
/// with it (case ignored), by name.
pub async fn candidates(pool: &PgPool, cohort_id: i64, query: &str, limit: i64) -> Result<Vec<Candidate>, sqlx::Error> {
    let escaped = query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    sqlx::query_as!(
        Candidate,
        r#"select u.user_id as learner_id, p.display_name as name, u.email
             from app_user u join profile p using (user_id)
            where u.role = 'learner' and u.status = 'active'
              and (p.display_name ilike '%' || $2 || '%' or u.email ilike $2 || '%')
              and not exists (select 1 from cohort_member cm where cm.cohort_id = $1 and cm.learner_id = u.user_id)
            order by p.display_name, u.user_id
            limit $3"#,
        cohort_id,
        escaped,
        limit
    )
    .fetch_all(pool)
    .await
}

pub enum Joined {
    Added { name: String },
    NotALearner,
    AlreadyIn,
}

/// Adds an active learner account to the cohort and enrols them in its path (kept if they were
/// already enrolled).
pub async fn add_member(tx: &mut PgConnection, cohort_id: i64, learner_id: i64) -> Result<Joined, sqlx::Error> {
    let Some(name) = sqlx::query_scalar!(
        "select p.display_name from app_user u join profile p using (user_id)
          where u.user_id = $1 and u.role = 'learner' and u.status = 'active'",
        learner_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Joined::NotALearner);
    };
    let added =
        sqlx::query!("insert into cohort_member (cohort_id, learner_id) values ($1, $2) on conflict do nothing", cohort_id, learner_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if added == 0 {
        return Ok(Joined::AlreadyIn);
    }
    sqlx::query!(
        "insert into enrolment (learner_id, learning_path_id)
         select $2, learning_path_id from cohort where cohort_id = $1
         on conflict (learner_id, learning_path_id) do nothing",
        cohort_id,
        learner_id
    )
    .execute(&mut *tx)
    .await?;
    // Work on this path that waits in no cohort's queue (handed in before the learner had one)
    // joins this cohort's queue.
    sqlx::query!(
        "update submission s set cohort_id = $1
           from assessment a join module m on m.module_id = a.module_id join cohort c on c.learning_path_id = m.learning_path_id
          where c.cohort_id = $1 and a.assessment_id = s.assessment_id and s.learner_id = $2
            and s.cohort_id is null and s.status = 'pending'",
        cohort_id,
        learner_id
    )
    .execute(&mut *tx)
    .await?;
    Ok(Joined::Added { name })
}

/// Takes the learner out of the cohort (their PIN for it goes too; their progress stays theirs).
/// The learner's name, or none if they were not in it.
pub async fn remove_member(tx: &mut PgConnection, cohort_id: i64, learner_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "with gone as (delete from cohort_member where cohort_id = $1 and learner_id = $2 returning learner_id)
         select p.display_name from gone join profile p on p.user_id = gone.learner_id",
        cohort_id,
        learner_id
    )
    .fetch_optional(&mut *tx)
    .await
}

pub async fn status_for_update(tx: &mut PgConnection, cohort_id: i64) -> Result<Option<CohortStatus>, sqlx::Error> {
    sqlx::query_scalar!(r#"select status as "status: CohortStatus" from cohort where cohort_id = $1 for update"#, cohort_id)
        .fetch_optional(&mut *tx)
        .await
}

/// Whose cohorts operations is looking at.
#[derive(Debug, Clone, Copy)]
pub enum CohortsOf {
    Client(i64),
    Trainer(i64),
}

/// A sponsor's or a trainer's cohorts as operations lists them: planned and running first,
/// then the latest to start.
pub async fn for_ops(pool: &PgPool, of: CohortsOf, limit: i64) -> Result<Vec<crate::model::ops::OpsCohort>, sqlx::Error> {
    let (client, trainer) = match of {
        CohortsOf::Client(id) => (Some(id), None),
        CohortsOf::Trainer(id) => (None, Some(id)),
    };
    // One side is null and never matches, so each index serves its own side of the `or`.
    sqlx::query_as!(
        crate::model::ops::OpsCohort,
        r#"select c.cohort_id, c.name, o.name as client_name, t.display_name as "trainer_name?", p.title as path_title,
                  c.status as "status: CohortStatus", c.starts_on as "starts_on: NaiveDate", c.ends_on as "ends_on: NaiveDate",
                  coalesce(k.members, 0)::int8 as "members!", coalesce(k.at_risk, 0)::int8 as "at_risk!",
                  coalesce(k.backlog, 0)::int8 as "backlog!"
             from cohort c
             join learning_path p using (learning_path_id)
             join client_org o using (client_org_id)
             left join profile t on t.user_id = c.trainer_id
             left join kpi_cohort k using (cohort_id)
            where c.client_org_id = $1 or c.trainer_id = $2
            order by c.status not in ('planned', 'active'), c.starts_on desc, c.cohort_id desc
            limit $3"#,
        client,
        trainer,
        limit
    )
    .fetch_all(pool)
    .await
}
