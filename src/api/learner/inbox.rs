//! `/learn/inbox`: messages from the learner's trainers, newest first, and "mark all as read" (a
//! post: opening the page changes nothing).

use crate::error::AppError;
use crate::model::learner::Inbox;
use leptos::prelude::*;

/// Messages the inbox shows.
pub const INBOX_SHOWN: i64 = 50;

#[server(endpoint = "learner/inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::learner::InboxMessage;
    use crate::server::db::follow_up;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let (rows, unread) = tokio::try_join!(follow_up::inbox(&pool, me.user_id, INBOX_SHOWN), follow_up::unread_count(&pool, me.user_id))?;
    Ok(Inbox {
        display_name: me.display_name,
        unread,
        messages: rows
            .into_iter()
            .map(|m| InboxMessage {
                message_id: m.message_id,
                sender_name: m.sender_name,
                body: m.body,
                sent_at: m.created_at,
                unread: m.read_at.is_none(),
            })
            .collect(),
    })
}

#[server(endpoint = "learner/mark_inbox_read")]
pub async fn mark_inbox_read() -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Form, FormFlash, Notice};
    use crate::server::db::follow_up;

    let me = guard::require_role(Role::Learner)?;
    let sess = session::session().await?;
    let mut tx = guard::pool()?.begin().await?;
    follow_up::mark_read(&mut tx, me.user_id).await?;
    tx.commit().await?;
    session::back_to(&sess, "/learn/inbox", FormFlash::new(Form::Inbox).with_notice(Notice::MessagesRead)).await
}
