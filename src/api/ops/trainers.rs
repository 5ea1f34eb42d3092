//! Trainers for operations: the list with each one's load and performance, one trainer's page
//! (cohorts, weeks of grading, the performance figures the trainer sees), their capacity, moving a
//! cohort to another trainer, the sponsors and paths they are approved for, switching a trainer
//! off once their cohorts have moved, and creating trainer accounts.

use crate::error::AppError;
use crate::model::ops::{TrainerDetail, TrainersView};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Trainers per page of the list.
pub const PAGE_SIZE: i64 = 50;
/// Cohorts a trainer's page lists (planned and running first).
pub const COHORTS_SHOWN: i64 = 50;
/// Weeks of grading a trainer's page charts.
pub const WEEKS: i32 = 12;
/// Trainers offered as a cohort's new trainer: the approved ones with the most room.
pub const CHOICES_SHOWN: i64 = 10;

#[server(endpoint = "ops/trainers")]
pub async fn list_trainers(page: Option<i64>) -> Result<TrainersView, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::ops::TrainerSummary;
    use crate::server::db::trainers;
    use crate::server::performance::SINCE_DAYS;
    use std::collections::HashMap;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let since = chrono::Utc::now() - chrono::Duration::days(SINCE_DAYS);
    let (rows, total) = tokio::try_join!(trainers::page(&pool, (page - 1) * PAGE_SIZE, PAGE_SIZE), trainers::count(&pool))?;
    let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    let (turnaround, agreement, recovery) = tokio::try_join!(
        trainers::turnaround(&pool, &ids, since),
        trainers::agreement(&pool, &ids, since),
        trainers::recovery(&pool, &ids, since),
    )?;
    let turnaround: HashMap<i64, Option<f64>> = turnaround.into_iter().map(|t| (t.trainer_id, t.median_hours)).collect();
    let agreement: HashMap<i64, (i64, i64)> = agreement.into_iter().map(|a| (a.trainer_id, (a.pairs, a.exact))).collect();
    let recovery: HashMap<i64, (i64, i64)> = recovery.into_iter().map(|r| (r.trainer_id, (r.settled, r.recovered))).collect();
    let trainers = rows
        .into_iter()
        .map(|r| {
            let (agreement_pairs, agreement_exact) = agreement.get(&r.user_id).copied().unwrap_or_default();
            let (settled, recovered) = recovery.get(&r.user_id).copied().unwrap_or_default();
            TrainerSummary {
                median_hours: turnaround.get(&r.user_id).copied().flatten(),
                agreement_pairs,
                agreement_exact,
                settled,
                recovered,
                user_id: r.user_id,
                display_name: r.display_name,
                email: r.email,
                active: r.active,
                capacity: r.capacity,
                cohorts: r.cohorts,
                learners: r.learners,
                pending: r.pending,
            }
        })
        .collect();
    Ok(TrainersView { viewer_name: me.display_name, since_days: SINCE_DAYS, trainers, page, page_size: PAGE_SIZE, total })
}

#[server(endpoint = "ops/trainer")]
pub async fn get_trainer(trainer: i64) -> Result<TrainerDetail, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::ops::CohortDestinations;
    use crate::model::trainer::CohortStatus;
    use crate::server::db::cohorts::{CohortsOf, for_ops};
    use crate::server::db::trainers;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let now = chrono::Utc::now();
    let record = trainers::record(&pool, trainer).await?.ok_or(AppError::NotFound)?;
    let (performance, weeks, cohorts, cohorts_total, approvals) = tokio::try_join!(
        crate::server::performance::of(&pool, trainer, now),
        trainers::weeks(&pool, trainer, now.date_naive(), WEEKS),
        for_ops(&pool, CohortsOf::Trainer(trainer), COHORTS_SHOWN),
        trainers::cohort_count(&pool, trainer),
        trainers::approval_choices(&pool, trainer),
    )?;
    let movable = cohorts.iter().filter(|c| matches!(c.status, CohortStatus::Planned | CohortStatus::Active));
    let destinations = futures::future::try_join_all(movable.map(|c| {
        let pool = pool.clone();
        async move {
            let choices = trainers::destinations(&pool, c.cohort_id, CHOICES_SHOWN).await?;
            Ok::<_, sqlx::Error>(CohortDestinations { cohort_id: c.cohort_id, name: c.name.clone(), choices })
        }
    }))
    .await?;
    Ok(TrainerDetail { viewer_name: me.display_name, record, performance, weeks, cohorts, cohorts_total, destinations, approvals })
}

/// Makes the trainer's approvals exactly the sponsors (`clients`: "c{id}") and paths (`paths`:
/// "p{id}") ticked. Refused, changing nothing, when a planned or running cohort of theirs would
/// be left with a sponsor or path they are not approved for, or when a box is not one offered.
#[server(endpoint = "ops/set_trainer_approvals")]
pub async fn set_trainer_approvals(
    trainer: i64,
    #[server(default)] clients: BTreeMap<String, String>,
    #[server(default)] paths: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Operations)?;
    // Ticked boxes arrive as "{prefix}{id}" → "on"; any other key is a forged form.
    let ticked = |boxes: &BTreeMap<String, String>, prefix: char| -> Result<Vec<i64>, AppError> {
        boxes.keys().map(|k| k.strip_prefix(prefix).and_then(|id| id.parse::<i64>().ok()).ok_or(AppError::BadRequest)).collect()
    };
    let (clients, paths) = (ticked(&clients, 'c')?, ticked(&paths, 'p')?);
    let sess = session::session().await?;
    let back = format!("/ops/trainers/{trainer}");
    let flash = FormFlash::new(Form::Trainer);
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    // The trainer's row is held so a cohort cannot be moved to them while this decides.
    if db::trainers::lock_running(&mut tx, trainer).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if db::trainers::known_choices(&mut tx, trainer, &clients, &paths).await? != (clients.len(), paths.len()) {
        return session::back_to(&sess, &back, flash.with_error(Field::Whole, Problem::ApprovalUnknown)).await;
    }
    let cohorts = db::trainers::cohorts_needing(&mut tx, trainer, &clients, &paths).await?;
    if cohorts > 0 {
        return session::back_to(&sess, &back, flash.with_error(Field::Whole, Problem::ApprovalStillNeeded { cohorts })).await;
    }
    let changes = db::trainers::set_approvals(&mut tx, trainer, &clients, &paths).await?;
    if !changes.is_empty() {
        let detail = serde_json::to_value(&changes).map_err(|_| AppError::Internal)?;
        db::audit::record(&mut tx, Some(me.user_id), AuditAction::TrainerApprovalsSet, "app_user", Some(trainer), detail).await?;
    }
    tx.commit().await?;
    let name = db::trainers::record(&pool, trainer).await?.map(|r| r.display_name).unwrap_or_default();
    session::back_to(&sess, &back, flash.with_notice(Notice::ApprovalsSaved { name })).await
}

#[server(endpoint = "ops/set_trainer_capacity")]
pub async fn set_trainer_capacity(trainer: i64, capacity: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::domain::load::{CAPACITY_MAX, CapacityError, parse_capacity};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let back = format!("/ops/trainers/{trainer}");
    let flash = FormFlash::new(Form::Trainer);
    let value = match parse_capacity(&capacity) {
        Ok(v) => v,
        Err(e) => {
            let problem = match e {
                CapacityError::NotAWholeNumber => Problem::NotAWholeNumber,
                CapacityError::OutOfRange => Problem::CapacityOutOfRange { max: CAPACITY_MAX },
            };
            let flash = flash.with_value(Field::Capacity, capacity.trim()).with_error(Field::Capacity, problem);
            return session::back_to(&sess, &back, flash).await;
        }
    };
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    if db::trainers::lock_running(&mut tx, trainer).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let before = db::trainers::set_capacity(&mut tx, trainer, value).await?;
    if before != value {
        let detail = serde_json::json!({ "capacity": { "from": before, "to": value } });
        db::audit::record(&mut tx, Some(me.user_id), AuditAction::TrainerCapacitySet, "app_user", Some(trainer), detail).await?;
    }
    tx.commit().await?;
    let name = db::trainers::record(&pool, trainer).await?.map(|r| r.display_name).unwrap_or_default();
    session::back_to(&sess, &back, flash.with_notice(Notice::CapacitySaved { name, capacity: value })).await
}

/// Switches a trainer off (refused while cohorts of theirs are planned or running) or back on.
#[server(endpoint = "ops/set_trainer_active")]
pub async fn set_trainer_active(trainer: i64, enabled: bool) -> Result<(), AppError> {
    use crate::auth::accounts::{StatusChange, set_enabled};
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::server::db;

    let me = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let pool = guard::pool()?;
    // Only trainers are switched off here; other accounts have their own page.
    let record = db::trainers::record(&pool, trainer).await?.ok_or(AppError::NotFound)?;
    let flash = FormFlash::new(Form::Trainer);
    let flash = match set_enabled(&pool, me.user_id, trainer, enabled).await? {
        StatusChange::Done { .. } if enabled => flash.with_notice(Notice::TrainerReactivated { name: record.display_name }),
        StatusChange::Done { .. } => flash.with_notice(Notice::TrainerDeactivated { name: record.display_name }),
        StatusChange::NoSuchAccount => return Err(AppError::NotFound),
        StatusChange::TrainerHasCohorts { count } => flash.with_error(Field::Whole, Problem::TrainerHasCohorts { count }),
    };
    session::back_to(&sess, &format!("/ops/trainers/{trainer}"), flash).await
}

/// Moves a planned or running cohort, with its learners and their work waiting for a grade, to
/// another active trainer approved for its client and path. Returns to the page of the trainer
/// it left.
#[server(endpoint = "ops/reassign_cohort")]
pub async fn reassign_cohort(cohort: i64, trainer: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::CohortStatus;
    use crate::server::db;

    let me = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    let Some(moving) = db::trainers::cohort_for_move(&mut tx, cohort).await? else {
        return session::back_to(&sess, "/ops/trainers", FormFlash::new(Form::Trainer).with_error(Field::Whole, Problem::NoSuchCohort))
            .await;
    };
    let to = trainer.trim().parse::<i64>().ok();
    let back = moving.trainer_id.or(to).map_or_else(|| "/ops/trainers".to_owned(), |id| format!("/ops/trainers/{id}"));
    // Every cohort row has its own form, so the problem shows above them all.
    let refuse = |problem: Problem| FormFlash::new(Form::Trainer).with_error(Field::Whole, problem);
    if !matches!(moving.status, CohortStatus::Planned | CohortStatus::Active) {
        return session::back_to(&sess, &back, refuse(Problem::CohortNotMovable { status: moving.status })).await;
    }
    let Some(to) = to else {
        return session::back_to(&sess, &back, refuse(Problem::TrainerUnavailable)).await;
    };
    if moving.trainer_id == Some(to) {
        return session::back_to(&sess, &back, refuse(Problem::SameTrainer)).await;
    }
    let Some(to_name) = db::trainers::active_trainer(&mut tx, to).await? else {
        return session::back_to(&sess, &back, refuse(Problem::TrainerUnavailable)).await;
    };
    if !db::trainers::approved_for(&mut tx, to, cohort).await? {
        return session::back_to(&sess, &back, refuse(Problem::TrainerNotApproved)).await;
    }
    db::trainers::set_cohort_trainer(&mut tx, cohort, to).await?;
    let detail = serde_json::json!({ "trainer": { "from": moving.trainer_id, "to": to } });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::CohortReassigned, "cohort", Some(cohort), detail).await?;
    tx.commit().await?;
    let notice = Notice::CohortReassigned { cohort: moving.name, trainer: to_name };
    session::back_to(&sess, &back, FormFlash::new(Form::Trainer).with_notice(notice)).await
}

/// Operations creates trainer accounts; trainers sign in with the password given to them.
#[server(endpoint = "ops/create_trainer")]
pub async fn create_trainer(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::auth::accounts::{AccountInput, AccountRequest, Outcome, create_from_form};
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};

    let actor = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let input = AccountInput { name: &name, email: &email, password: &password };
    // The trainer picks their own language when they first sign in.
    let request = AccountRequest {
        form: Form::CreateTrainer,
        page: "/ops/trainers",
        role: Role::Trainer,
        actor: Some(actor.user_id),
        language: None,
        verify_token: None,
    };
    match create_from_form(&sess, input, request).await? {
        Outcome::Created { email, .. } => {
            let done = FormFlash::new(Form::CreateTrainer).with_notice(Notice::TrainerCreated { email: email.as_str().to_owned() });
            session::back_to(&sess, "/ops/trainers", done).await
        }
        // Staff may learn that an address is taken: they are creating accounts, not probing.
        Outcome::Taken { email } => {
            let flash = FormFlash::new(Form::CreateTrainer)
                .with_value(Field::Name, name.trim())
                .with_value(Field::Email, email.as_str())
                .with_error(Field::Email, Problem::EmailTaken);
            session::back_to(&sess, "/ops/trainers", flash).await
        }
        Outcome::SentBack => Ok(()),
    }
}
