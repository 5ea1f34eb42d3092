//! Creating accounts: every field checked at once, then account, profile and audit entry in one transaction.

use crate::error::AppError;

pub struct AccountFields {
    pub name: crate::domain::account::DisplayName,
    pub email: crate::domain::account::Email,
    pub password: crate::domain::account::Password,
}

/// Parses every field and reports every problem at once, so the user fixes them in one go.
pub fn parse_account_fields(name: &str, email: &str, password: &str) -> Result<AccountFields, Vec<(String, String)>> {
    use crate::domain::account::{DisplayName, Email, Password};
    let mut errors = Vec::new();
    let mut keep = |r: Result<(), AppError>| {
        if let Err(AppError::Invalid { field, message }) = r {
            errors.push((field, message));
        }
    };
    let n = DisplayName::parse(name);
    let e = Email::parse(email);
    let p = Password::parse(password);
    keep(n.as_ref().map(|_| ()).map_err(Clone::clone));
    keep(e.as_ref().map(|_| ()).map_err(Clone::clone));
    keep(p.as_ref().map(|_| ()).map_err(Clone::clone));
    match (n, e, p) {
        (Ok(name), Ok(email), Ok(password)) => Ok(AccountFields { name, email, password }),
        _ => Err(errors),
    }
}

/// Creates the account and its profile together, with an audit entry, in one transaction.
pub async fn create_account(
    pool: &sqlx::PgPool,
    fields: &AccountFields,
    hash: &str,
    role: crate::auth::Role,
    actor: Option<i64>,
) -> Result<i64, AppError> {
    use crate::server::db;
    let mut tx = pool.begin().await?;
    let new = db::users::NewUser {
        email: fields.email.as_str(),
        password_hash: hash,
        role,
        display_name: fields.name.as_str(),
        time_zone: "UTC",
    };
    let user_id = match db::users::create(&mut tx, &new).await {
        Ok(id) => id,
        Err(err) if crate::error::violated_constraint(&err) == Some("app_user_email_key") => {
            return Err(AppError::Conflict("An account with this e-mail already exists. Sign in instead, or use another address.".into()));
        }
        Err(err) => return Err(err.into()),
    };
    let action = if actor.is_some() { "create_account" } else { "sign_up" };
    db::audit::record(&mut tx, actor.or(Some(user_id)), action, "app_user", Some(user_id), serde_json::json!({ "role": role.as_str() }))
        .await?;
    tx.commit().await?;
    Ok(user_id)
}
