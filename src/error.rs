//! AppError: the one error type every server function returns, safe to show to the caller.
//!
//! Policy: a variant says what kind of failure happened and nothing about how; pages turn it into
//! words in the reader's language. Database and infrastructure errors are logged here with their
//! details and reach the caller only as `Internal` or `Unavailable`. Constraint violations are
//! matched by constraint name, never by error text. Domain rules answer with their own small
//! errors, converted here at the edge.

use crate::domain::account::{EmailError, NAME_MAX_CHARS, NameError, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, PasswordError};
use crate::model::forms::{Field, Problem};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid {field}: {problem:?}")]
    Invalid { field: Field, problem: Problem },
    #[error("conflict: {0:?}")]
    Conflict(Problem),
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// Transport problems between the browser and the server (no network, bad request body).
    #[error("request not completed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: Field, problem: Problem) -> Self {
        AppError::Invalid { field, problem }
    }

    /// HTTP status that matches the error, for pages rendered on the server.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }
}

impl From<NameError> for Problem {
    fn from(err: NameError) -> Self {
        match err {
            NameError::Missing => Problem::NameMissing,
            NameError::TooLong => Problem::NameTooLong { max: NAME_MAX_CHARS },
            NameError::ControlCharacters => Problem::NameControlChars,
        }
    }
}

impl From<EmailError> for Problem {
    fn from(err: EmailError) -> Self {
        match err {
            EmailError::Missing => Problem::EmailMissing,
            EmailError::TooLong => Problem::EmailTooLong,
            EmailError::Malformed => Problem::EmailMalformed,
        }
    }
}

impl From<PasswordError> for Problem {
    fn from(err: PasswordError) -> Self {
        match err {
            PasswordError::TooShort => Problem::PasswordTooShort { min: PASSWORD_MIN_CHARS },
            PasswordError::TooLong => Problem::PasswordTooLong { max: PASSWORD_MAX_CHARS },
        }
    }
}

impl From<NameError> for AppError {
    fn from(err: NameError) -> Self {
        AppError::invalid(Field::Name, err.into())
    }
}

impl From<EmailError> for AppError {
    fn from(err: EmailError) -> Self {
        AppError::invalid(Field::Email, err.into())
    }
}

impl From<PasswordError> for AppError {
    fn from(err: PasswordError) -> Self {
        AppError::invalid(Field::Password, err.into())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::ServerError(_) => AppError::Internal,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server_side {
    use super::AppError;

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            match &err {
                sqlx::Error::RowNotFound => AppError::NotFound,
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                    tracing::error!(error = %err, "database unavailable");
                    AppError::Unavailable
                }
                _ => {
                    tracing::error!(error = %err, "database error");
                    AppError::Internal
                }
            }
        }
    }

    impl From<tower_sessions::session::Error> for AppError {
        fn from(err: tower_sessions::session::Error) -> Self {
            tracing::error!(error = %err, "session store error");
            AppError::Internal
        }
    }

    /// The name of the constraint a database error broke, so callers can map it to a message
    /// without matching on error text.
    pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
        err.as_database_error().and_then(|e| e.constraint())
    }
}

#[cfg(feature = "ssr")]
pub use server_side::violated_constraint;
