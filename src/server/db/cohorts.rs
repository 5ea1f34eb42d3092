//! Cohorts: a trainer's cohorts and their members' progress, who runs a cohort, trainer load.

use crate::model::ops::TrainerLoad;
use crate::model::trainer::CohortStatus;
use sqlx::PgPool;

pub struct CohortRow {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: CohortStatus,
}

/// Cohorts the trainer runs, running ones first.
pub async fn for_trainer(pool: &PgPool, trainer_id: i64) -> Result<Vec<CohortRow>, sqlx::Error> {
    sqlx::query_as!(
        CohortRow,
        r#"select c.cohort_id, c.name, o.name as client_name, lp.title as path_title, c.status as "status: CohortStatus"
             from cohort c join client_org o using (client_org_id) join learning_path lp using (learning_path_id)
            where c.trainer_id = $1
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

/// Every trainer account with the cohorts, learners and ungraded work on their plate.
pub async fn trainer_loads(pool: &PgPool) -> Result<Vec<TrainerLoad>, sqlx::Error> {
    sqlx::query_as!(
        TrainerLoad,
        r#"select u.user_id, p.display_name, u.email, u.status = 'active' as "active!",
                  (select count(*) from cohort c
                    where c.trainer_id = u.user_id and c.status in ('planned', 'active')) as "cohorts!",
                  (select count(distinct cm.learner_id) from cohort c join cohort_member cm using (cohort_id)
                    where c.trainer_id = u.user_id and c.status = 'active') as "learners!",
                  (select count(*) from trainer_pending_submission t where t.trainer_id = u.user_id) as "pending!"
             from app_user u join profile p using (user_id)
            where u.role = 'trainer'
            order by p.display_name, u.user_id"#
    )
    .fetch_all(pool)
    .await
}
