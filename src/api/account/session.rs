//! Sign in, sign out, who am I, and the form flash a post leaves for its page.

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::model::forms::{Form, FormFlash};
use leptos::prelude::*;

/// The signed-in user, if any (pages use it for navigation; it reveals nothing to strangers).
#[server(endpoint = "account/me")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::auth::guard::current_user()
}

/// Takes the form state left by the last post of `form` (one-shot).
#[server(endpoint = "account/flash")]
pub async fn take_form_flash(form: Form) -> Result<Option<FormFlash>, AppError> {
    let session = crate::auth::session::session().await?;
    crate::auth::session::take_flash(&session, form).await
}

#[server(endpoint = "account/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::auth::{guard, password as pw, session, throttle};
    use crate::domain::account::Email;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::account::AccountStatus;
    use crate::model::forms::{Field, Problem};
    use crate::model::learner::ActivityKind;
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let sess = session::session().await?;
    let back = |flash: FormFlash| session::back_to(&sess, "/signin", flash);
    let flash = FormFlash::new(Form::SignIn).with_value(Field::Email, email.trim());
    let email = match Email::parse(&email) {
        Ok(e) => e,
        Err(err) => return back(flash.with_error(Field::Email, err.into())).await,
    };
    if password.is_empty() {
        return back(flash.with_error(Field::Password, Problem::PasswordMissing)).await;
    }
    let pool = guard::pool()?;
    // The attempt is counted before the password is checked, so parallel guesses each use one
    // of the account's tries, and one address cannot spray a password across many accounts.
    let address = throttle::client_address();
    throttle::charge(&pool, &[(ThrottleScope::SignInAccount, email.as_str()), (ThrottleScope::SignInAddress, &address)]).await?;
    let found = db::users::find_credentials(&pool, email.as_str()).await?;
    let matches = pw::verify(&password, found.as_ref().map(|c| c.password_hash.clone())).await;
    // Unknown e-mail and wrong password get the same words, after the same work.
    let Some(user) = found.as_ref().filter(|_| matches) else {
        let mut conn = pool.acquire().await?;
        let target = found.as_ref().map(|c| c.user_id);
        let detail = serde_json::json!({ "email": email.as_str(), "address": address });
        db::audit::record(&mut conn, None, AuditAction::SignInFailed, "app_user", target, detail).await?;
        return back(flash.with_error(Field::Whole, Problem::WrongCredentials)).await;
    };
    if user.status != AccountStatus::Active {
        return back(flash.with_error(Field::Whole, Problem::AccountDisabled)).await;
    }
    if !user.verified {
        return back(flash.with_error(Field::Whole, Problem::EmailNotVerified)).await;
    }
    // The owner proved who they are: their account's count starts again, and the address is not
    // charged for a sign-in that worked.
    db::throttle::clear(&pool, ThrottleScope::SignInAccount, email.as_str()).await?;
    db::throttle::refund(&pool, ThrottleScope::SignInAddress, &address).await?;
    session::begin(&sess, user.user_id).await?;
    let mut tx = pool.begin().await?;
    db::activity::record(&mut tx, user.user_id, ActivityKind::SignIn, chrono::Utc::now()).await?;
    db::audit::record(&mut tx, Some(user.user_id), AuditAction::SignIn, "app_user", Some(user.user_id), serde_json::json!({})).await?;
    tx.commit().await?;
    leptos_axum::redirect(user.role.home_path());
    Ok(())
}

#[server(endpoint = "account/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::session;
    use crate::model::forms::Notice;
    use crate::model::ops::AuditAction;
    let sess = session::session().await?;
    let pool = crate::auth::guard::pool()?;
    if let Some(me) = crate::auth::guard::current_user()? {
        let mut conn = pool.acquire().await?;
        let (actor, target) = (Some(me.user_id), Some(me.user_id));
        crate::server::db::audit::record(&mut conn, actor, AuditAction::SignOut, "app_user", target, serde_json::json!({})).await?;
    }
    session::end(&sess, &pool).await?;
    session::back_to(&sess, "/signin", FormFlash::new(Form::SignIn).with_notice(Notice::SignedOut)).await
}
