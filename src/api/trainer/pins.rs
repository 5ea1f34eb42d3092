//! A cohort's picture-and-PIN sign-in as its trainer runs it: the cohort's sign-in code (made or
//! replaced), and each learner's picture and PIN (set, reset after a lock, or taken away).

use crate::error::AppError;
use crate::model::trainer::PinRoster;
use leptos::prelude::*;

#[server(endpoint = "trainer/pins")]
pub async fn cohort_pins(cohort: i64) -> Result<PinRoster, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::pin::CohortCode;
    use crate::model::trainer::{PinMember, PinState};
    use crate::server::db;

    let me = guard::require_role(Role::Trainer)?;
    let cohort_name = guard::require_own_cohort(&me, cohort).await?;
    let pool = guard::pool()?;
    let (code, rows) = tokio::try_join!(db::pins::code_of(&pool, cohort), db::pins::roster(&pool, cohort))?;
    let code = code.as_deref().and_then(CohortCode::parse).map(|c| (c.display(), c.as_str().to_owned()));
    let members = rows
        .into_iter()
        .map(|r| PinMember {
            learner_id: r.learner_id,
            name: r.name,
            email: r.email,
            picture: r.picture,
            state: match r.locked {
                None => PinState::NotSet,
                Some(false) => PinState::Active,
                Some(true) => PinState::Locked,
            },
            set_on: r.set_at.map(|t| t.date_naive()),
        })
        .collect();
    Ok(PinRoster { viewer_name: me.display_name, cohort_id: cohort, cohort_name, code, members })
}

/// Makes the cohort's sign-in code, or replaces it (a code shared too widely stops working).
#[server(endpoint = "trainer/new_sign_in_code")]
pub async fn new_sign_in_code(cohort: i64) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session, token};
    use crate::model::forms::{Form, FormFlash, Notice};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_cohort(&me, cohort).await?;
    let pool = guard::pool()?;
    // 26^8 codes: a clash is all but impossible, and a second draw settles one.
    for _ in 0..3 {
        let code = token::cohort_code();
        let mut tx = pool.begin().await?;
        match db::pins::set_code(&mut tx, cohort, code.as_str()).await {
            Err(err) if crate::error::violated_constraint(&err) == Some("cohort_sign_in_code_key") => continue,
            other => other?,
        }
        db::audit::record(&mut tx, Some(me.user_id), AuditAction::SignInCodeCreated, "cohort", Some(cohort), serde_json::json!({})).await?;
        tx.commit().await?;
        let sess = session::session().await?;
        let flash = FormFlash::new(Form::Pins).with_notice(Notice::CodeCreated);
        return session::back_to(&sess, &format!("/train/cohorts/{cohort}/pins"), flash).await;
    }
    tracing::error!(cohort, "no free sign-in code in three draws");
    Err(AppError::Internal)
}

/// Sets a learner's PIN and picture in the cohort; also how a locked PIN is reset.
#[server(endpoint = "trainer/set_pin")]
pub async fn set_pin(cohort: i64, learner: i64, pin: String, picture: crate::model::account::PinPicture) -> Result<(), AppError> {
    use crate::auth::{Role, guard, password as pw, session};
    use crate::domain::pin::{CohortCode, Pin, learner_subject};
    use crate::domain::throttle::ThrottleScope;
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_cohort(&me, cohort).await?;
    let sess = session::session().await?;
    let page = format!("/train/cohorts/{cohort}/pins");
    let flash = FormFlash::new(Form::Pins).with_value(Field::Learner, &learner.to_string()).with_value(Field::Picture, picture.as_str());
    let pin = match Pin::parse(&pin) {
        Ok(p) => p,
        Err(err) => return session::back_to(&sess, &page, flash.with_error(Field::Pin, err.into())).await,
    };
    let hash = pw::hash_pin(&pin).await?;
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    let Some(name) = db::pins::upsert(&mut tx, cohort, learner, &hash, picture, me.user_id).await? else {
        tx.rollback().await?;
        return session::back_to(&sess, &page, flash.with_error(Field::Whole, Problem::NotInCohort)).await;
    };
    let detail = serde_json::json!({ "cohort_id": cohort, "picture": picture.as_str() });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::PinSet, "app_user", Some(learner), detail).await?;
    tx.commit().await?;
    // A new PIN is a fresh start: the tries used up on the old one no longer count.
    if let Some(code) = db::pins::code_of(&pool, cohort).await?.as_deref().and_then(CohortCode::parse) {
        db::throttle::clear(&pool, ThrottleScope::PinLearner, &learner_subject(&code, learner)).await?;
    }
    session::back_to(&sess, &page, FormFlash::new(Form::Pins).with_notice(Notice::PinSet { name })).await
}

#[server(endpoint = "trainer/remove_pin")]
pub async fn remove_pin(cohort: i64, learner: i64) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_cohort(&me, cohort).await?;
    let sess = session::session().await?;
    let page = format!("/train/cohorts/{cohort}/pins");
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    let Some(name) = db::pins::remove(&mut tx, cohort, learner).await? else {
        tx.rollback().await?;
        return session::back_to(&sess, &page, FormFlash::new(Form::Pins).with_error(Field::Whole, Problem::NotInCohort)).await;
    };
    let detail = serde_json::json!({ "cohort_id": cohort });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::PinRemoved, "app_user", Some(learner), detail).await?;
    tx.commit().await?;
    session::back_to(&sess, &page, FormFlash::new(Form::Pins).with_notice(Notice::PinRemoved { name })).await
}
