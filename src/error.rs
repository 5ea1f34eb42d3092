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
    /// The request could not be read (a missing or malformed field, a body that is not a form).
    #[error("bad request")]
    BadRequest,
    /// The request body was larger than the route accepts.
    #[error("request too large")]
    TooLarge,
    /// Too many attempts; the caller may try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// The browser could not reach the server or read its answer (only ever made in the browser).
    #[error("request not completed")]
    Transport,
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
            AppError::BadRequest => 400,
            AppError::TooLarge => 413,
            AppError::TooManyRequests { .. } => 429,
            AppError::Transport => 503,
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

impl From<crate::domain::pin::PinError> for Problem {
    fn from(err: crate::domain::pin::PinError) -> Self {
        use crate::domain::pin::PinError;
        match err {
            PinError::Missing => Problem::PinMissing,
            PinError::Shape => Problem::PinShape,
            PinError::Guessable => Problem::PinGuessable,
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

    /// The framework's own failures. What the caller got wrong (an argument missing or
    /// malformed, a wrong method) is a 400 without the deserialiser's words; the browser failing
    /// to reach us is `Transport`; anything else is ours. Details go to the log, never the caller.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match &value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) if cfg!(feature = "hydrate") => AppError::Transport,
            // On the server a request that cannot be read is the caller's (a body cut short).
            ServerFnErrorErr::Request(_) => AppError::BadRequest,
            _ => AppError::Internal,
        };
        report_framework_error(&value, &error);
        error
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
                // Class 08 (connection lost) and 57 (the server shutting down, crashed or still
                // recovering): the database is away, not wrong; the caller may try again shortly.
                sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57")) => {
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

    /// Logs a framework error and gives the response the status that matches what it became
    /// (server functions otherwise answer every error with 500).
    pub(super) fn report_framework_error(raw: &leptos::server_fn::error::ServerFnErrorErr, error: &AppError) {
        if *error == AppError::Internal {
            tracing::error!(error = %raw, "server function failed in the framework");
        } else {
            tracing::info!(error = %raw, "server function refused a request it could not read");
        }
        set_status(error);
    }

    /// Sets the response status for `error` on the server function or page being answered.
    pub fn set_status(error: &AppError) {
        use axum::http::{HeaderValue, StatusCode, header};
        let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            res.set_status(status);
        }
        if let AppError::TooManyRequests { retry_after_secs } = error {
            res.insert_header(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
    }

    /// The name of the constraint a database error broke, so callers can map it to a message
    /// without matching on error text.
    pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
        err.as_database_error().and_then(|e| e.constraint())
    }
}

#[cfg(feature = "ssr")]
pub use server_side::{set_status, violated_constraint};

#[cfg(feature = "ssr")]
use server_side::report_framework_error;

#[cfg(not(feature = "ssr"))]
fn report_framework_error(_: &ServerFnErrorErr, _: &AppError) {}
