//! Creating an account from a form post, for every form that does it (sign-up, operations
//! creating a trainer): every field checked at once, then account, profile and audit entry in
//! one transaction; bad input goes back to the form with what was typed.

use crate::auth::{Role, password, session};
use crate::domain::account::{AccountErrors, Email, NewAccount};
use crate::domain::language::Language;
use crate::error::AppError;
use crate::model::account::TokenPurpose;
use crate::model::forms::{Field, Form, FormFlash, Problem};
use crate::model::ops::AuditAction;
use crate::server::db;
use tower_sessions::Session;

/// What was typed into an account form.
pub struct AccountInput<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
}

/// Who the new account is for and where the form lives.
pub struct AccountRequest<'a> {
    pub form: Form,
    /// The form's page, where bad input returns.
    pub page: &'a str,
    pub role: Role,
    /// The signed-in user creating someone else's account; None for sign-up.
    pub actor: Option<i64>,
    /// The language the new account starts with (the one the form was filled in).
    pub language: Option<Language>,
    /// Self sign-up: the hash of the confirmation link's token, stored with the account; the
    /// address counts as unproved until the link is opened. None: staff made it, it is proved.
    pub verify_token: Option<&'a [u8]>,
}

pub enum Outcome {
    Created {
        user_id: i64,
        email: Email,
    },
    /// The form was sent back with its problems; the response is already a redirect.
    SentBack,
    /// The address already has an account; nothing was stored, the caller answers.
    Taken {
        email: Email,
    },
}

/// How long a confirmation link works: two days, since many learners read mail only when they
/// reach a connection.
pub const VERIFY_LINK_SECS: i64 = 2 * 24 * 60 * 60;

pub async fn create_from_form(sess: &Session, input: AccountInput<'_>, request: AccountRequest<'_>) -> Result<Outcome, AppError> {
    let flash = FormFlash::new(request.form).with_value(Field::Name, input.name.trim()).with_value(Field::Email, input.email.trim());
    let account = match NewAccount::parse(input.name, input.email, input.password) {
        Ok(account) => account,
        Err(errors) => {
            session::back_to(sess, request.page, with_problems(flash, errors)).await?;
            return Ok(Outcome::SentBack);
        }
    };
    let pool = crate::auth::guard::pool()?;
    let hash = password::hash(&account.password).await?;
    let mut tx = pool.begin().await?;
    let new = db::users::NewUser {
        email: account.email.as_str(),
        password_hash: &hash,
        role: request.role,
        display_name: account.name.as_str(),
        time_zone: "UTC",
        language: request.language,
        verified: request.verify_token.is_none(),
    };
    let user_id = match db::users::create(&mut tx, &new).await {
        Ok(id) => id,
        Err(err) if crate::error::violated_constraint(&err) == Some("app_user_email_key") => {
            return Ok(Outcome::Taken { email: account.email });
        }
        Err(err) => return Err(err.into()),
    };
    if let Some(hash) = request.verify_token {
        db::tokens::insert(&mut tx, user_id, TokenPurpose::VerifyEmail, hash, VERIFY_LINK_SECS).await?;
    }
    let action = if request.actor.is_some() { AuditAction::CreateAccount } else { AuditAction::SignUp };
    let detail = serde_json::json!({ "role": request.role.as_str() });
    db::audit::record(&mut tx, request.actor.or(Some(user_id)), action, "app_user", Some(user_id), detail).await?;
    tx.commit().await?;
    Ok(Outcome::Created { user_id, email: account.email })
}

fn with_problems(flash: FormFlash, errors: AccountErrors) -> FormFlash {
    let problems: [(Field, Option<Problem>); 3] = [
        (Field::Name, errors.name.map(Problem::from)),
        (Field::Email, errors.email.map(Problem::from)),
        (Field::Password, errors.password.map(Problem::from)),
    ];
    problems.into_iter().fold(flash, |f, (field, problem)| match problem {
        Some(p) => f.with_error(field, p),
        None => f,
    })
}

/// How a request to anonymise an account ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anonymised {
    Done,
    /// Only learner accounts are erased this way; staff records answer for grades and decisions.
    NotALearner,
    NoSuchAccount,
}

/// Erases the person from learner account `user_id` on their request, in one transaction with its
/// audit record (which holds counts, never a personal value). `actor` is the learner themselves or
/// the operations user acting for them. Irreversible: the old e-mail and name are not kept anywhere.
pub async fn anonymise(pool: &sqlx::PgPool, actor: i64, user_id: i64) -> Result<Anonymised, AppError> {
    // The slow hash is made before the row is locked.
    let unusable = password::unusable().await?;
    let mut tx = pool.begin().await?;
    match db::personal::subject(&mut tx, user_id).await? {
        None => return Ok(Anonymised::NoSuchAccount),
        Some(s) if s.anonymised => return Ok(Anonymised::NoSuchAccount),
        Some(s) if s.role != Role::Learner => return Ok(Anonymised::NotALearner),
        Some(_) => {}
    }
    let erased = db::personal::anonymise(&mut tx, user_id, &unusable).await?;
    let by = if actor == user_id { "self" } else { "operations" };
    let detail = serde_json::json!({ "by": by, "erased": erased });
    db::audit::record(&mut tx, Some(actor), AuditAction::AccountAnonymised, "app_user", Some(user_id), detail).await?;
    tx.commit().await?;
    Ok(Anonymised::Done)
}

/// How switching an account on or off ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusChange {
    Done {
        email: String,
        sessions_ended: u64,
    },
    NoSuchAccount,
    /// A trainer stays on while cohorts of theirs are planned or running: learners would be left
    /// with nobody to grade their work.
    TrainerHasCohorts {
        count: i64,
    },
}

/// Switches account `user_id` on or off for operations user `actor`, from whichever page asked:
/// switching off ends every session of it, refuses a trainer who still has cohorts, and is
/// audited, all in one transaction.
pub async fn set_enabled(pool: &sqlx::PgPool, actor: i64, user_id: i64, enabled: bool) -> Result<StatusChange, AppError> {
    use crate::model::account::AccountStatus;
    let mut tx = pool.begin().await?;
    if !enabled && let Some(count) = db::trainers::lock_running(&mut tx, user_id).await?.filter(|&n| n > 0) {
        return Ok(StatusChange::TrainerHasCohorts { count });
    }
    let status = if enabled { AccountStatus::Active } else { AccountStatus::Disabled };
    let Some(email) = db::users::set_status(&mut tx, user_id, status).await? else {
        return Ok(StatusChange::NoSuchAccount);
    };
    let sessions_ended = if enabled { 0 } else { db::sessions::delete_all_for_user(&mut tx, user_id, None).await? };
    let action = if enabled { AuditAction::AccountEnabled } else { AuditAction::AccountDisabled };
    db::audit::record(&mut tx, Some(actor), action, "app_user", Some(user_id), serde_json::json!({ "sessions_ended": sessions_ended }))
        .await?;
    tx.commit().await?;
    Ok(StatusChange::Done { email, sessions_ended })
}
