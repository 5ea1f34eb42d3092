//! The language switcher's post: remember the choice (cookie, and profile when signed in) and go
//! back to the page it came from.

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/set_language")]
pub async fn set_language(language: String, return_to: String) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::language::Language;
    use crate::model::forms::{Field, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::{db, request, security};
    use axum::http::{HeaderValue, header};

    // Anyone may choose a language; a signed-in user's choice is also saved on their profile.
    let me = guard::current_user()?;
    // Only our own languages, by exact code: anything else is a tampered form.
    let Some(chosen) = Language::all().find(|l| l.code() == language) else {
        return Err(AppError::invalid(Field::Whole, Problem::UnknownLanguage));
    };
    if let Some(user) = &me {
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        db::users::set_language(&mut tx, user.user_id, chosen).await?;
        let detail = serde_json::json!({ "language": chosen.code() });
        db::audit::record(&mut tx, Some(user.user_id), AuditAction::SetLanguage, "app_user", Some(user.user_id), detail).await?;
        tx.commit().await?;
    }
    let secure = use_context::<crate::server::state::AppState>().is_some_and(|s| s.cookie_secure);
    let cookie = security::preference_cookie(request::LANGUAGE_COOKIE, chosen.code(), secure);
    if let (Some(res), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie)) {
        res.append_header(header::SET_COOKIE, value);
    }
    leptos_axum::redirect(security::local_path(&return_to).unwrap_or("/"));
    Ok(())
}
