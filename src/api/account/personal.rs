//! A learner deleting their own account: after the confirmation box, the account is anonymised
//! (see `auth::accounts::anonymise`), audited, and this browser is signed out. The data download
//! is a file, not a server function: `server::exports`.

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/delete_account")]
pub async fn delete_account(confirm: Option<String>) -> Result<(), AppError> {
    use crate::auth::accounts::{Anonymised, anonymise};
    use crate::auth::{guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};

    let me = guard::require_user()?;
    let sess = session::session().await?;
    let flash = FormFlash::new(Form::Account);
    if confirm.as_deref() != Some("yes") {
        return session::back_to(&sess, "/account#delete-heading", flash.with_error(Field::Confirm, Problem::ConfirmDeletion)).await;
    }
    let pool = guard::pool()?;
    match anonymise(&pool, me.user_id, me.user_id).await? {
        Anonymised::Done => {
            session::end(&sess, &pool).await?;
            session::back_to(&sess, "/signin", FormFlash::new(Form::SignIn).with_notice(Notice::AccountDeleted)).await
        }
        Anonymised::NotALearner => {
            session::back_to(&sess, "/account#delete-heading", flash.with_error(Field::Confirm, Problem::OnlyLearnersErased)).await
        }
        // Anonymised by operations a moment ago: this session is already over.
        Anonymised::NoSuchAccount => Err(AppError::Unauthenticated),
    }
}
