//! `POST /api/sync/v1` (JSON): a chunk of the actions a learner's phone queued, each applied at
//! most once and answered with a receipt; the format is in the README ("Offline learning").

use crate::error::AppError;
use crate::model::sync::SyncReply;
use leptos::prelude::*;

/// `version` must be 1; `actions` holds up to 200 actions, each
/// `{"id": uuid, "at": RFC 3339 time, "kind": "saved" | "progress" | "complete" | "quiz", ...}`.
/// Only the signed-in learner's own actions are applied; a refused action gets a receipt saying
/// why, and a database failure answers 503 so the phone sends the chunk again.
#[server(endpoint = "sync/v1", input = leptos::server_fn::codec::Json)]
pub async fn sync_actions(version: u16, actions: Vec<serde_json::Value>) -> Result<SyncReply, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::sync::VERSION;
    use crate::model::forms::{Field, Problem};
    use crate::ui::text;

    let me = guard::require_role(Role::Learner)?;
    if version != VERSION {
        return Err(AppError::invalid(Field::Whole, Problem::SyncVersion { expected: VERSION }));
    }
    let pool = guard::pool()?;
    let l = text::use_locale();
    let applied = crate::server::sync::apply(&pool, me.user_id, &actions, &|p| text::problem(l, p)).await?;
    if applied.quizzes > 0 {
        // Open answers handed in offline wait for their pre-score; the phone does not.
        guard::prescoring()?.wake();
    }
    Ok(SyncReply { version: VERSION, server_time: chrono::Utc::now(), receipts: applied.receipts })
}
