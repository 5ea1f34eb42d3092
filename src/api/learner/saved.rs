//! `/learn/saved`: lessons saved on this phone. What is saved lives on the phone (the offline
//! layer draws the list there); the server gives the page its frame, and a saved quiz its keys.

use crate::error::AppError;
use crate::model::learner::SavedPage;
use crate::model::sync::OfflineQuiz;
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

/// What the phone needs to score a saved quiz lesson provisionally while offline; the offline
/// layer asks for it when the learner saves the lesson.
#[server(endpoint = "learner/quiz_keys")]
pub async fn get_quiz_keys(lesson: i64) -> Result<OfflineQuiz, AppError> {
    use crate::auth::{Role, guard};

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    crate::server::assessments::offline_keys(&pool, me.user_id, lesson).await
}
