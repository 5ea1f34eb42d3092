//! The audit log for operations: filtered by actor, action, target and dates, newest first, a
//! keyset page at a time (the same filters drive the CSV export in `server/exports.rs`).

use crate::error::AppError;
use crate::model::ops::{AuditQuery, AuditView};
use leptos::prelude::*;

#[server(endpoint = "ops/audit")]
pub async fn audit_log(query: AuditQuery) -> Result<AuditView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::audit::{AUDIT_PAGE, AuditFilter};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Operations)?;
    let filter = AuditFilter::read(&query, |a| a.parse::<AuditAction>().is_ok());
    // One more than a page says whether an older page exists.
    let mut entries = db::audit::list(&guard::pool()?, &filter, AUDIT_PAGE + 1).await?;
    let older = (entries.len() as i64 > AUDIT_PAGE).then(|| {
        entries.truncate(AUDIT_PAGE as usize);
        entries.last().map(|e| e.id)
    });
    Ok(AuditView { viewer_name: me.display_name, query, entries, older: older.flatten(), unreadable: filter.unreadable })
}
