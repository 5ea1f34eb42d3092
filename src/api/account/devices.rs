//! "Signed in on": the viewer's own sessions, and signing out any of them (a phone left at the
//! training centre, a shared tablet) or all the others at once.

use crate::error::AppError;
use crate::model::account::AccountOverview;
use leptos::prelude::*;

#[server(endpoint = "account/overview")]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    use crate::auth::{guard, session};
    use crate::model::account::SessionInfo;
    use crate::server::db;

    let me = guard::require_user()?;
    let current = session::key(&session::session().await?).await?;
    let rows = db::sessions::list_for_user(&guard::pool()?, me.user_id).await?;
    let sessions = rows
        .into_iter()
        .map(|r| SessionInfo {
            current: current.as_deref() == Some(r.session_key.as_str()),
            key: r.session_key,
            started_on: r.created_at.date_naive(),
            last_seen_on: r.last_seen_at.date_naive(),
            device: r.user_agent.chars().take(90).collect(),
        })
        .collect();
    Ok(AccountOverview { display_name: me.display_name, email: me.email, role: me.role, sessions })
}

/// Signs out one of the viewer's sessions; a key that is not theirs ends nothing.
#[server(endpoint = "account/end_session")]
pub async fn end_session(key: String) -> Result<(), AppError> {
    use crate::auth::{guard, session};
    use crate::model::forms::{Form, FormFlash, Notice};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_user()?;
    let pool = guard::pool()?;
    let ended = u64::from(key.len() <= 100 && db::sessions::delete_own(&pool, me.user_id, &key).await?);
    let mut conn = pool.acquire().await?;
    db::audit::record(
        &mut conn,
        Some(me.user_id),
        AuditAction::SessionsEnded,
        "app_user",
        Some(me.user_id),
        serde_json::json!({ "count": ended }),
    )
    .await?;
    let sess = session::session().await?;
    session::back_to(&sess, "/account", FormFlash::new(Form::Account).with_notice(Notice::SessionsEnded { count: ended })).await
}

#[server(endpoint = "account/end_other_sessions")]
pub async fn end_other_sessions() -> Result<(), AppError> {
    use crate::auth::{guard, session};
    use crate::model::forms::{Form, FormFlash, Notice};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_user()?;
    let sess = session::session().await?;
    let keep = session::key(&sess).await?;
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    let ended = db::sessions::delete_all_for_user(&mut tx, me.user_id, keep.as_deref()).await?;
    db::audit::record(
        &mut tx,
        Some(me.user_id),
        AuditAction::SessionsEnded,
        "app_user",
        Some(me.user_id),
        serde_json::json!({ "count": ended }),
    )
    .await?;
    tx.commit().await?;
    session::back_to(&sess, "/account", FormFlash::new(Form::Account).with_notice(Notice::SessionsEnded { count: ended })).await
}
