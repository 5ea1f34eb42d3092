//! Changing the password while signed in: the current one is asked again (a phone left signed in
//! must not be enough to take the account), and every other session ends.

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/change_password")]
pub async fn change_password(current_password: String, password: String) -> Result<(), AppError> {
    use crate::auth::{guard, password as pw, session, throttle};
    use crate::domain::account::Password;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_user()?;
    let sess = session::session().await?;
    let back = |flash: FormFlash| session::back_to(&sess, "/account", flash);
    let flash = FormFlash::new(Form::Account);
    if current_password.is_empty() {
        return back(flash.with_error(Field::CurrentPassword, Problem::PasswordMissing)).await;
    }
    let new = match Password::parse(&password) {
        Ok(p) => p,
        Err(err) => return back(flash.with_error(Field::Password, err.into())).await,
    };
    let pool = guard::pool()?;
    // Guessing the current password from a borrowed session is guessing a sign-in: same counters.
    let address = throttle::client_address();
    throttle::charge(&pool, &[(ThrottleScope::SignInAccount, &me.email), (ThrottleScope::SignInAddress, &address)]).await?;
    let stored = db::users::find_credentials(&pool, &me.email).await?.map(|c| c.password_hash);
    if !pw::verify(&current_password, stored).await {
        return back(flash.with_error(Field::CurrentPassword, Problem::WrongCurrentPassword)).await;
    }
    let hash = pw::hash(&new).await?;
    let keep = session::key(&sess).await?;
    let mut tx = pool.begin().await?;
    db::users::set_password(&mut tx, me.user_id, &hash).await?;
    let ended = db::sessions::delete_all_for_user(&mut tx, me.user_id, keep.as_deref()).await?;
    let detail = serde_json::json!({ "sessions_ended": ended });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::PasswordChanged, "app_user", Some(me.user_id), detail).await?;
    tx.commit().await?;
    db::throttle::clear(&pool, ThrottleScope::SignInAccount, &me.email).await?;
    db::throttle::refund(&pool, ThrottleScope::SignInAddress, &address).await?;
    back(flash.with_notice(Notice::PasswordChanged { count: ended })).await
}
