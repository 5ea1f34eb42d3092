//! `/learn/saved`: lessons saved on this phone. What is saved lives on the phone (the offline
//! layer draws the list there); the server gives the page its frame.

use crate::error::AppError;
use crate::model::learner::SavedPage;
use leptos::prelude::*;

#[server(endpoint = "learner/saved")]
pub async fn get_saved_page() -> Result<SavedPage, AppError> {
    use crate::auth::{Role, guard};
    use crate::server::db::users;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let profile = users::learner_profile(&pool, me.user_id).await?;
    Ok(SavedPage { display_name: profile.display_name })
}
