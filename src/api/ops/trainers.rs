//! Trainer accounts: their load, and creating new ones (operations only).

use crate::error::AppError;
use crate::model::ops::TrainerLoad;
use leptos::prelude::*;

#[server(endpoint = "ops/trainers")]
pub async fn list_trainers() -> Result<Vec<TrainerLoad>, AppError> {
    use crate::auth::{Role, guard};
    guard::require_role(Role::Operations)?;
    Ok(crate::server::db::cohorts::trainer_loads(&guard::pool()?).await?)
}

/// Operations creates trainer accounts; trainers sign in with the password given to them.
#[server(endpoint = "ops/create_trainer")]
pub async fn create_trainer(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::auth::accounts::{AccountInput, AccountRequest, Outcome, create_from_form};
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};

    let actor = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let input = AccountInput { name: &name, email: &email, password: &password };
    // The trainer picks their own language when they first sign in.
    let request = AccountRequest {
        form: Form::CreateTrainer,
        page: "/ops/trainers",
        role: Role::Trainer,
        actor: Some(actor.user_id),
        language: None,
        verify_token: None,
    };
    match create_from_form(&sess, input, request).await? {
        Outcome::Created { email, .. } => {
            let done = FormFlash::new(Form::CreateTrainer).with_notice(Notice::TrainerCreated { email: email.as_str().to_owned() });
            session::back_to(&sess, "/ops/trainers", done).await
        }
        // Staff may learn that an address is taken: they are creating accounts, not probing.
        Outcome::Taken { email } => {
            let flash = FormFlash::new(Form::CreateTrainer)
                .with_value(Field::Name, name.trim())
                .with_value(Field::Email, email.as_str())
                .with_error(Field::Email, Problem::EmailTaken);
            session::back_to(&sess, "/ops/trainers", flash).await
        }
        Outcome::SentBack => Ok(()),
    }
}
