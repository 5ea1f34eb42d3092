//! Accounts: sign up, sign in, sign out, who am I, form flashes, and trainer accounts for operations.
//!
//! The form endpoints are plain HTML form posts that always answer with a redirect: on success to
//! where the user goes next, on bad input back to the form with the typed values and the errors
//! kept in the session. The same flow works with and without JavaScript.

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::model::FormFlash;
use leptos::prelude::*;

/// The signed-in user, if any (pages use it for navigation; it reveals nothing to strangers).
#[server(endpoint = "auth/me")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::auth::guard::current_user().await
}

/// Takes the form state left by the last post of `form` (one-shot).
#[server(endpoint = "auth/flash")]
pub async fn take_form_flash(form: String) -> Result<Option<FormFlash>, AppError> {
    let session = crate::auth::session::session().await?;
    crate::auth::session::take_flash(&session, &form).await
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::auth::{guard, password as pw, session};
    use crate::domain::account::{Email, SIGN_IN_WINDOW_MINUTES, sign_in_throttled};
    use crate::server::db;

    let sess = session::session().await?;
    let back = |flash: FormFlash| session::back_to(&sess, "/signin", flash);
    let flash = FormFlash::new("signin").with_value("email", email.trim());
    let email = match Email::parse(&email) {
        Ok(e) => e,
        Err(AppError::Invalid { message, .. }) => return back(flash.with_error("email", message)).await,
        Err(e) => return Err(e),
    };
    if password.is_empty() {
        return back(flash.with_error("password", "Enter your password.")).await;
    }
    let pool = guard::pool()?;
    let window_start = chrono::Utc::now() - chrono::Duration::minutes(SIGN_IN_WINDOW_MINUTES);
    if sign_in_throttled(db::audit::failed_sign_ins_since(&pool, email.as_str(), window_start).await?) {
        return back(flash.with_error(
            "form",
            format!("Too many wrong passwords for this account. Wait {SIGN_IN_WINDOW_MINUTES} minutes and try again, or ask your trainer for help."),
        ))
        .await;
    }
    let found = db::users::find_credentials(&pool, email.as_str()).await?;
    let matches = pw::verify(&password, found.as_ref().map(|c| c.password_hash.clone())).await;
    // Unknown e-mail and wrong password get the same words, after the same work.
    let Some(user) = found.as_ref().filter(|_| matches) else {
        let mut conn = pool.acquire().await?;
        let target = found.as_ref().map(|c| c.user_id);
        db::audit::record(&mut conn, None, "sign_in_failed", "app_user", target, serde_json::json!({ "email": email.as_str() })).await?;
        return back(flash.with_error("form", "That e-mail and password do not match an account. Check both and try again.")).await;
    };
    if !user.active {
        return back(flash.with_error("form", "This account is switched off. Ask your programme coordinator to turn it back on.")).await;
    }
    session::begin(&sess, user.user_id).await?;
    let mut tx = pool.begin().await?;
    db::audit::activity(&mut tx, user.user_id, "sign_in").await?;
    db::audit::record(&mut tx, Some(user.user_id), "sign_in", "app_user", Some(user.user_id), serde_json::json!({})).await?;
    tx.commit().await?;
    leptos_axum::redirect(user.role.home_path());
    Ok(())
}

#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::auth::accounts::{create_account, parse_account_fields};
    use crate::auth::{Role, guard, password as pw, session};

    let sess = session::session().await?;
    let flash = FormFlash::new("signup").with_value("name", name.trim()).with_value("email", email.trim());
    let fields = match parse_account_fields(&name, &email, &password) {
        Ok(f) => f,
        Err(errors) => {
            let flash = errors.into_iter().fold(flash, |f, (field, msg)| f.with_error(&field, msg));
            return session::back_to(&sess, "/signup", flash).await;
        }
    };
    let pool = guard::pool()?;
    let hash = pw::hash(&fields.password).await?;
    let created = create_account(&pool, &fields, &hash, Role::Learner, None).await;
    match created {
        Ok(user_id) => {
            session::begin(&sess, user_id).await?;
            leptos_axum::redirect(Role::Learner.home_path());
            Ok(())
        }
        Err(AppError::Conflict(message)) => {
            session::back_to(&sess, "/signup", flash.with_error("email", message)).await
        }
        Err(e) => Err(e),
    }
}

#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::session;
    let sess = session::session().await?;
    session::end(&sess).await?;
    let mut flash = FormFlash::new("signin");
    flash.notice = Some("You are signed out.".into());
    session::back_to(&sess, "/signin", flash).await
}

/// Operations creates trainer accounts; trainers sign in with the password given to them.
#[server(endpoint = "auth/create_trainer")]
pub async fn create_trainer(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::auth::accounts::{create_account, parse_account_fields};
    use crate::auth::{Role, guard, password as pw, session};

    let actor = guard::require_role(Role::Operations).await?;
    let sess = session::session().await?;
    let flash = FormFlash::new("create_trainer").with_value("name", name.trim()).with_value("email", email.trim());
    let back = |flash: FormFlash| session::back_to(&sess, "/ops/trainers", flash);
    let fields = match parse_account_fields(&name, &email, &password) {
        Ok(f) => f,
        Err(errors) => return back(errors.into_iter().fold(flash, |f, (field, msg)| f.with_error(&field, msg))).await,
    };
    let pool = guard::pool()?;
    let hash = pw::hash(&fields.password).await?;
    match create_account(&pool, &fields, &hash, Role::Trainer, Some(actor.user_id)).await {
        Ok(_) => {
            let mut done = FormFlash::new("create_trainer");
            done.notice = Some(format!("Trainer account created for {}. Give them their password in person.", fields.email.as_str()));
            back(done).await
        }
        Err(AppError::Conflict(message)) => back(flash.with_error("email", message)).await,
        Err(e) => Err(e),
    }
}
