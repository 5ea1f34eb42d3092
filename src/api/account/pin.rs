//! Picture-and-PIN sign-in on a shared phone: the cohort's code (typed, or in its link) opens a
//! page of the learners who have a PIN there; a learner taps their picture and types their PIN.
//! A PIN works only through its cohort's code, only for a learner account, and locks after a few
//! wrong tries until the trainer sets a new one.

use crate::error::AppError;
use crate::model::account::PinCohort;
use leptos::prelude::*;

/// From the `/pin` form: goes to the cohort's page if the code is one. Look-ups are counted per
/// address, so codes cannot be tried one after another.
#[server(endpoint = "account/pin_code")]
pub async fn open_pin_code(code: String) -> Result<(), AppError> {
    use crate::auth::{guard, session, throttle};
    use crate::domain::pin::CohortCode;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::forms::{Field, Form, FormFlash, Problem};
    use crate::server::db;

    let sess = session::session().await?;
    let flash = FormFlash::new(Form::PinCode).with_value(Field::Code, code.trim());
    let Some(parsed) = CohortCode::parse(&code) else {
        let problem = if code.trim().is_empty() { Problem::CodeMissing } else { Problem::CodeUnknown };
        return session::back_to(&sess, "/pin", flash.with_error(Field::Code, problem)).await;
    };
    let pool = guard::pool()?;
    throttle::charge(&pool, &[(ThrottleScope::PinAddress, &throttle::client_address())]).await?;
    if db::pins::cohort_by_code(&pool, parsed.as_str()).await?.is_none() {
        return session::back_to(&sess, "/pin", flash.with_error(Field::Code, Problem::CodeUnknown)).await;
    }
    leptos_axum::redirect(&format!("/pin/{}", parsed.as_str()));
    Ok(())
}

/// The cohort behind a code and its learners with a PIN. Anyone holding the code may see them:
/// the code is handed out to the cohort, and the page is where they find themselves.
#[server(endpoint = "account/pin_cohort")]
pub async fn cohort_for_pin(code: String) -> Result<PinCohort, AppError> {
    use crate::auth::guard;
    use crate::domain::pin::CohortCode;
    use crate::server::db;

    let code = CohortCode::parse(&code).ok_or(AppError::NotFound)?;
    let pool = guard::pool()?;
    let cohort = db::pins::cohort_by_code(&pool, code.as_str()).await?.ok_or(AppError::NotFound)?;
    let learners = db::pins::learners_with_pin(&pool, cohort.cohort_id).await?;
    Ok(PinCohort { cohort_name: cohort.name, code: code.as_str().to_owned(), learners })
}

#[server(endpoint = "account/pin_sign_in")]
pub async fn pin_sign_in(code: String, learner: Option<String>, pin: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard, password as pw, session, throttle};
    use crate::domain::pin::{CohortCode, PIN_MAX_FAILURES, Pin, learner_subject, tries_left};
    use crate::domain::throttle::ThrottleScope;
    use crate::model::account::AccountStatus;
    use crate::model::forms::{Field, Form, FormFlash, Problem};
    use crate::model::learner::ActivityKind;
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let sess = session::session().await?;
    let Some(code) = CohortCode::parse(&code) else {
        let flash = FormFlash::new(Form::PinCode).with_error(Field::Code, Problem::CodeUnknown);
        return session::back_to(&sess, "/pin", flash).await;
    };
    let page = format!("/pin/{}", code.as_str());
    // Nobody picked: the browser sends no `learner` field at all.
    let learner = learner.unwrap_or_default();
    let flash = FormFlash::new(Form::PinSignIn).with_value(Field::Learner, learner.trim());
    let back = |flash: FormFlash| session::back_to(&sess, &page, flash);
    let Ok(learner_id) = learner.trim().parse::<i64>() else {
        return back(flash.with_error(Field::Learner, Problem::PickYourself)).await;
    };
    // A malformed PIN cannot be anyone's, so it costs no try and no hashing.
    let pin = match Pin::parse(&pin) {
        Ok(p) => p,
        Err(_) => {
            let problem = if pin.trim().is_empty() { Problem::PinMissing } else { Problem::PinShape };
            return back(flash.with_error(Field::Pin, problem)).await;
        }
    };
    let pool = guard::pool()?;
    let found = db::pins::credential(&pool, code.as_str(), learner_id).await?;
    // A locked PIN is said to be locked (no try is spent on it): only the trainer can help.
    if found.as_ref().is_some_and(|c| c.locked) {
        return back(flash.with_error(Field::Whole, Problem::PinLocked)).await;
    }
    let address = throttle::client_address();
    let learner_key = learner_subject(&code, learner_id);
    throttle::charge(
        &pool,
        &[(ThrottleScope::PinLearner, &learner_key), (ThrottleScope::PinCohort, code.as_str()), (ThrottleScope::PinAddress, &address)],
    )
    .await?;
    let matches = pw::verify(pin.expose(), found.as_ref().map(|c| c.pin_hash.clone())).await;
    // The learners with a PIN are listed on the page, so saying "not one of them" reveals nothing.
    let Some(cred) = found else {
        return back(flash.with_error(Field::Learner, Problem::PickYourself)).await;
    };
    if !matches {
        let (failures, locked) = db::pins::record_failure(&pool, cred.cohort_id, cred.learner_id, PIN_MAX_FAILURES).await?;
        let mut conn = pool.acquire().await?;
        let detail = serde_json::json!({ "cohort_id": cred.cohort_id, "address": address, "locked": locked });
        db::audit::record(&mut conn, None, AuditAction::PinSignInFailed, "app_user", Some(cred.learner_id), detail).await?;
        let problem = if locked { Problem::PinLocked } else { Problem::WrongPin { tries_left: tries_left(failures) } };
        return back(flash.with_error(Field::Pin, problem)).await;
    }
    // A PIN is a learner's key and nothing more, whatever the account became since.
    if cred.role != Role::Learner || cred.status != AccountStatus::Active {
        return back(flash.with_error(Field::Whole, Problem::AccountDisabled)).await;
    }
    let mut tx = pool.begin().await?;
    if !db::pins::record_success(&mut tx, cred.cohort_id, cred.learner_id).await? {
        // Locked by a parallel wrong guess between the check and now.
        tx.rollback().await?;
        return back(flash.with_error(Field::Whole, Problem::PinLocked)).await;
    }
    db::activity::record(&mut tx, cred.learner_id, ActivityKind::SignIn, chrono::Utc::now()).await?;
    let detail = serde_json::json!({ "method": "pin", "cohort_id": cred.cohort_id });
    db::audit::record(&mut tx, Some(cred.learner_id), AuditAction::SignIn, "app_user", Some(cred.learner_id), detail).await?;
    tx.commit().await?;
    db::throttle::clear(&pool, ThrottleScope::PinLearner, &learner_key).await?;
    db::throttle::refund(&pool, ThrottleScope::PinCohort, code.as_str()).await?;
    db::throttle::refund(&pool, ThrottleScope::PinAddress, &address).await?;
    session::begin(&sess, cred.learner_id).await?;
    leptos_axum::redirect(Role::Learner.home_path());
    Ok(())
}
