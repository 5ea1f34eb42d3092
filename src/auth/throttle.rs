//! Charging an attempt to its counters before the work it guards (a password hash, an e-mail),
//! and refusing with 429 and Retry-After once any counter is past its limit.

use crate::domain::throttle::{ThrottleScope, Verdict, combine, verdict};
use crate::error::AppError;
use crate::server::db;
use sqlx::PgPool;

/// Counts this attempt against every `(scope, subject)` first, then judges: so parallel attempts
/// each take a number and only the first `max` get through, whatever the others find.
pub async fn charge(pool: &PgPool, charges: &[(ThrottleScope, &str)]) -> Result<(), AppError> {
    let mut verdicts = Vec::with_capacity(charges.len());
    for (scope, subject) in charges {
        let limit = scope.limit();
        let count = db::throttle::hit(pool, *scope, subject, limit.window_secs).await?;
        verdicts.push(verdict(limit, count.hits, count.elapsed_secs));
    }
    match combine(verdicts) {
        Verdict::Allowed => Ok(()),
        Verdict::Refused { retry_after_secs } => {
            let scopes: Vec<&str> = charges.iter().map(|(s, _)| s.as_str()).collect();
            tracing::warn!(?scopes, retry_after_secs, "attempt refused by throttle");
            let error = AppError::TooManyRequests { retry_after_secs };
            crate::error::set_status(&error);
            Err(error)
        }
    }
}

/// Where the request being answered comes from (see `server::request::ClientAddress`).
pub fn client_address() -> String {
    crate::server::request::current_client_address()
}
