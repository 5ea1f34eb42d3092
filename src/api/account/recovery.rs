//! Password reset: ask for a link (the answer never says whether the address has an account), then
//! choose a new password through it; that ends every other session and clears the sign-in limit,
//! so a locked-out owner gets back in.

use crate::error::AppError;
use crate::model::account::TokenPurpose;
use leptos::prelude::*;

/// How long a reset link works.
pub const RESET_LINK_MINUTES: i64 = 30;

#[server(endpoint = "account/request_reset")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    use crate::auth::{guard, session, throttle, token};
    use crate::domain::account::Email;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::account::AccountStatus;
    use crate::model::forms::{Field, Form, FormFlash, Notice};
    use crate::server::{db, mail};

    let sess = session::session().await?;
    let flash = FormFlash::new(Form::ResetRequest).with_value(Field::Email, email.trim());
    let email = match Email::parse(&email) {
        Ok(e) => e,
        Err(err) => return session::back_to(&sess, "/reset", flash.with_error(Field::Email, err.into())).await,
    };
    let pool = guard::pool()?;
    let address = throttle::client_address();
    throttle::charge(&pool, &[(ThrottleScope::ResetAccount, email.as_str()), (ThrottleScope::ResetAddress, &address)]).await?;
    let mail = guard::mail()?;
    let reader = crate::ui::text::use_language();
    // Everything that depends on whether the account exists happens after the answer has gone.
    let to = email.as_str().to_owned();
    tokio::spawn(async move {
        let outcome: Result<(), AppError> = async {
            let Some(owner) = db::users::find_recipient(&pool, &to).await? else { return Ok(()) };
            if owner.status != AccountStatus::Active {
                return Ok(());
            }
            let (link_token, hash) = token::issue();
            let mut tx = pool.begin().await?;
            db::tokens::revoke_all(&mut tx, owner.user_id, TokenPurpose::ResetPassword).await?;
            db::tokens::insert(&mut tx, owner.user_id, TokenPurpose::ResetPassword, &hash, RESET_LINK_MINUTES * 60).await?;
            tx.commit().await?;
            let link = mail.link(&format!("/reset/new?token={link_token}"));
            mail.send_later(owner.email, mail::reset_letter(owner.language.unwrap_or(reader), &link, RESET_LINK_MINUTES));
            Ok(())
        }
        .await;
        if let Err(err) = outcome {
            tracing::error!(error = %err, "preparing a reset letter");
        }
    });
    let notice = Notice::ResetSent { email: email.as_str().to_owned() };
    session::back_to(&sess, "/reset", FormFlash::new(Form::ResetRequest).with_notice(notice)).await
}

/// Whether an e-mailed link still works, without using it (its page shows the form or says to ask
/// again). Tokens are 256 random bits, so asking reveals nothing.
#[server(endpoint = "account/link_works")]
pub async fn link_works(purpose: TokenPurpose, token: String) -> Result<bool, AppError> {
    use crate::server::db;
    if token.len() > 100 {
        return Ok(false);
    }
    let pool = crate::auth::guard::pool()?;
    let mut conn = pool.acquire().await?;
    Ok(db::tokens::usable(&mut conn, purpose, &crate::auth::token::digest(&token)).await?)
}

#[server(endpoint = "account/reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::auth::{guard, password as pw, session, token as tokens};
    use crate::domain::account::Password;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::forms::{Field, Form, FormFlash, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let sess = session::session().await?;
    let invalid_link =
        || session::back_to(&sess, "/reset", FormFlash::new(Form::ResetRequest).with_error(Field::Whole, Problem::LinkInvalid));
    if token.len() > 100 {
        return invalid_link().await;
    }
    let password = match Password::parse(&password) {
        Ok(p) => p,
        Err(err) => {
            let back = format!("/reset/new?token={}", token.trim());
            return session::back_to(&sess, &back, FormFlash::new(Form::ResetPassword).with_error(Field::Password, err.into())).await;
        }
    };
    let hash = pw::hash(&password).await?;
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    let Some(user_id) = db::tokens::consume(&mut tx, TokenPurpose::ResetPassword, &tokens::digest(&token)).await? else {
        tx.rollback().await?;
        return invalid_link().await;
    };
    db::users::set_password(&mut tx, user_id, &hash).await?;
    let ended = db::sessions::delete_all_for_user(&mut tx, user_id, None).await?;
    let detail = serde_json::json!({ "sessions_ended": ended });
    db::audit::record(&mut tx, Some(user_id), AuditAction::PasswordReset, "app_user", Some(user_id), detail).await?;
    let (role, email) = db::users::role_and_email(&mut tx, user_id).await?;
    tx.commit().await?;
    db::throttle::clear(&pool, ThrottleScope::SignInAccount, &email).await?;
    session::begin(&sess, user_id).await?;
    leptos_axum::redirect(role.home_path());
    Ok(())
}
