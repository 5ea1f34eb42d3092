//! Operations looks up an account by e-mail and disables or re-enables it; disabling signs every
//! session of it out at once, and waits for a trainer's cohorts to move to someone else.

use crate::error::AppError;
use crate::model::account::AccountSummary;
use leptos::prelude::*;

#[server(endpoint = "ops/find_account")]
pub async fn find_account(email: String) -> Result<Option<AccountSummary>, AppError> {
    use crate::auth::{Role, guard};
    use crate::server::db;

    guard::require_role(Role::Operations)?;
    if email.trim().is_empty() || email.len() > 254 {
        return Ok(None);
    }
    let found = db::users::find_account(&guard::pool()?, email.trim()).await?;
    Ok(found.map(|a| AccountSummary {
        user_id: a.user_id,
        email: a.email,
        display_name: a.display_name,
        role: a.role,
        status: a.status,
        sessions: a.sessions,
    }))
}

#[server(endpoint = "ops/set_account_status")]
pub async fn set_account_status(user_id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::auth::accounts::{StatusChange, set_enabled};
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};

    let me = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    if user_id == me.user_id && !enabled {
        let flash = FormFlash::new(Form::OpsAccounts).with_error(Field::Whole, Problem::CannotDisableSelf);
        return session::back_to(&sess, "/ops/accounts", flash).await;
    }
    let flash = FormFlash::new(Form::OpsAccounts);
    let email = match set_enabled(&guard::pool()?, me.user_id, user_id, enabled).await? {
        StatusChange::Done { email, .. } => email,
        StatusChange::NoSuchAccount => {
            return session::back_to(&sess, "/ops/accounts", flash.with_error(Field::Whole, Problem::NoSuchAccount)).await;
        }
        StatusChange::TrainerHasCohorts { count } => {
            // Their page lists the cohorts and moves them.
            let flash = FormFlash::new(Form::Trainer).with_error(Field::Whole, Problem::TrainerHasCohorts { count });
            return session::back_to(&sess, &format!("/ops/trainers/{user_id}"), flash).await;
        }
    };
    let notice = if enabled { Notice::AccountEnabled { email: email.clone() } } else { Notice::AccountDisabled { email: email.clone() } };
    let back = format!("/ops/accounts?{}", form_urlencoded::Serializer::new(String::new()).append_pair("email", &email).finish());
    session::back_to(&sess, &back, flash.with_notice(notice)).await
}

/// Deletes a learner's account by anonymisation, on the learner's request (which reaches
/// operations outside the app: a phone call, a letter, a visit).
#[server(endpoint = "ops/anonymise_account")]
pub async fn anonymise_account(user_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::auth::accounts::{Anonymised, anonymise};
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};

    let me = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let flash = FormFlash::new(Form::OpsAccounts);
    if confirm.as_deref() != Some("yes") {
        // Back to the same account's card, where the box is.
        let mut conn = guard::pool()?.acquire().await?;
        let back = match crate::server::db::users::role_and_email(&mut conn, user_id).await {
            Ok((_, email)) => {
                format!("/ops/accounts?{}", form_urlencoded::Serializer::new(String::new()).append_pair("email", &email).finish())
            }
            Err(_) => "/ops/accounts".to_owned(),
        };
        return session::back_to(&sess, &back, flash.with_error(Field::Confirm, Problem::ConfirmDeletion)).await;
    }
    let outcome = anonymise(&guard::pool()?, me.user_id, user_id).await?;
    let flash = match outcome {
        Anonymised::Done => flash.with_notice(Notice::AccountAnonymised),
        Anonymised::NotALearner => flash.with_error(Field::Whole, Problem::OnlyLearnersErased),
        Anonymised::NoSuchAccount => flash.with_error(Field::Whole, Problem::NoSuchAccount),
    };
    session::back_to(&sess, "/ops/accounts", flash).await
}
