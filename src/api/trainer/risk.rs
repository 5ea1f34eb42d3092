//! `/train/at-risk`: the learners the risk model lists in the trainer's running cohorts, each with
//! its reasons in figures, and the trainer's "not useful" on one of them (recorded, audited, and
//! counted against the model's precision).

use crate::error::AppError;
use crate::model::trainer::AtRiskPage;
use leptos::prelude::*;

#[server(endpoint = "trainer/at_risk")]
pub async fn get_at_risk(cohort: Option<i64>) -> Result<AtRiskPage, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::risk::{Model, ORDER};
    use crate::model::trainer::{AtRiskLearner, Choice, CohortStatus, RiskModelInfo};
    use crate::server::db::{cohorts, risk};
    use crate::server::risk as engine;

    let me = guard::require_role(Role::Trainer)?;
    if let Some(id) = cohort {
        guard::require_own_cohort(&me, id).await?;
    }
    let pool = guard::pool()?;
    let (rows, mine) = tokio::try_join!(risk::at_risk_for_trainer(&pool, me.user_id, cohort), cohorts::for_trainer(&pool, me.user_id))?;
    let model: Model = engine::current_model(&pool).await?;
    let percent = |p: f32| crate::domain::progress::share_percent(f64::from(p));
    let learners = rows
        .into_iter()
        .map(|r| AtRiskLearner {
            reasons: engine::reasons_in_figures(&r.reasons, &r.features),
            learner_id: r.learner_id,
            name: r.name,
            cohort_id: r.cohort_id,
            cohort_name: r.cohort_name,
            risk_percent: percent(r.score),
            week_ago_percent: r.week_ago.map(percent),
        })
        .collect();
    Ok(AtRiskPage {
        viewer_name: me.display_name,
        cohort,
        cohorts: mine.into_iter().filter(|c| c.status == CohortStatus::Active).map(|c| Choice { id: c.cohort_id, label: c.name }).collect(),
        learners,
        model: RiskModelInfo {
            version: model.version.clone(),
            trained_on: model.trained_on as i64,
            threshold_percent: (model.threshold * 100.0).round() as u8,
            coefficients: ORDER.iter().copied().zip(model.weights).collect(),
        },
    })
}

/// "Not useful" on a learner the list shows: kept with the score it was about, so the learner
/// returns only if their risk rises, and the model's precision counts the mark.
#[server(endpoint = "trainer/dismiss_risk")]
pub async fn dismiss_risk(learner: i64, cohort: Option<i64>) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_learner(&me, learner).await?;
    if let Some(id) = cohort {
        guard::require_own_cohort(&me, id).await?;
    }
    let sess = session::session().await?;
    let page = match cohort {
        Some(id) => format!("/train/at-risk?cohort={id}"),
        None => "/train/at-risk".to_owned(),
    };
    let mut tx = guard::pool()?.begin().await?;
    let Some(score) = db::risk::dismiss(&mut tx, learner, me.user_id).await? else {
        tx.rollback().await?;
        return session::back_to(&sess, &page, FormFlash::new(Form::AtRisk).with_error(Field::Whole, Problem::NotListed)).await;
    };
    let name = db::users::display_name(&mut tx, learner).await?.unwrap_or_default();
    let detail = serde_json::json!({ "score": score });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::RiskDismissed, "app_user", Some(learner), detail).await?;
    tx.commit().await?;
    session::back_to(&sess, &page, FormFlash::new(Form::AtRisk).with_notice(Notice::RiskDismissed { name })).await
}
