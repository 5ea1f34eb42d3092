//! Proving an e-mail address: the link sent at sign-up (or sent again) confirms it and signs the
//! learner in. Opening the link shows a button; only its post changes anything.

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::auth::{guard, session, token as tokens};
    use crate::model::account::TokenPurpose;
    use crate::model::forms::{Field, Form, FormFlash, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let sess = session::session().await?;
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    let consumed =
        if token.len() > 100 { None } else { db::tokens::consume(&mut tx, TokenPurpose::VerifyEmail, &tokens::digest(&token)).await? };
    let Some(user_id) = consumed else {
        tx.rollback().await?;
        let flash = FormFlash::new(Form::VerifyResend).with_error(Field::Whole, Problem::LinkInvalid);
        return session::back_to(&sess, "/verify/resend", flash).await;
    };
    db::users::mark_verified(&mut tx, user_id).await?;
    db::audit::record(&mut tx, Some(user_id), AuditAction::EmailVerified, "app_user", Some(user_id), serde_json::json!({})).await?;
    let (role, _) = db::users::role_and_email(&mut tx, user_id).await?;
    tx.commit().await?;
    session::begin(&sess, user_id).await?;
    leptos_axum::redirect(role.home_path());
    Ok(())
}

#[server(endpoint = "account/resend_verification")]
pub async fn resend_verification(email: String) -> Result<(), AppError> {
    use crate::auth::accounts::VERIFY_LINK_SECS;
    use crate::auth::{guard, session, throttle, token};
    use crate::domain::account::Email;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::account::{AccountStatus, TokenPurpose};
    use crate::model::forms::{Field, Form, FormFlash, Notice};
    use crate::server::{db, mail};

    let sess = session::session().await?;
    let flash = FormFlash::new(Form::VerifyResend).with_value(Field::Email, email.trim());
    let email = match Email::parse(&email) {
        Ok(e) => e,
        Err(err) => return session::back_to(&sess, "/verify/resend", flash.with_error(Field::Email, err.into())).await,
    };
    let pool = guard::pool()?;
    let address = throttle::client_address();
    throttle::charge(&pool, &[(ThrottleScope::VerifyAccount, email.as_str()), (ThrottleScope::VerifyAddress, &address)]).await?;
    let mail = guard::mail()?;
    let reader = crate::ui::text::use_language();
    let to = email.as_str().to_owned();
    tokio::spawn(async move {
        let outcome: Result<(), AppError> = async {
            let Some(owner) = db::users::find_recipient(&pool, &to).await? else { return Ok(()) };
            if owner.verified || owner.status != AccountStatus::Active {
                return Ok(());
            }
            let (link_token, hash) = token::issue();
            let mut tx = pool.begin().await?;
            db::tokens::revoke_all(&mut tx, owner.user_id, TokenPurpose::VerifyEmail).await?;
            db::tokens::insert(&mut tx, owner.user_id, TokenPurpose::VerifyEmail, &hash, VERIFY_LINK_SECS).await?;
            tx.commit().await?;
            let link = mail.link(&format!("/verify?token={link_token}"));
            mail.send_later(owner.email, mail::verify_letter(owner.language.unwrap_or(reader), &link));
            Ok(())
        }
        .await;
        if let Err(err) = outcome {
            tracing::error!(error = %err, "preparing a confirmation letter");
        }
    });
    let notice = Notice::VerifySent { email: email.as_str().to_owned() };
    session::back_to(&sess, "/verify/resend", FormFlash::new(Form::VerifyResend).with_notice(notice)).await
}
