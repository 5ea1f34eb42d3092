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
    use crate::model::forms::{Form, FormFlash, Notice};

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
    };
    if let Outcome::Created { email, .. } = create_from_form(&sess, input, request).await? {
        let done = FormFlash::new(Form::CreateTrainer).with_notice(Notice::TrainerCreated { email: email.as_str().to_owned() });
        session::back_to(&sess, "/ops/trainers", done).await?;
    }
    Ok(())
}
