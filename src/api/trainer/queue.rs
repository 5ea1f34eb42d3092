//! `/train/queue`: the pending work of the trainer's cohorts, narrowed by cohort, assessment or
//! flag, oldest first or least certain pre-score first, in keyset pages (no OFFSET: page 500 costs
//! what page 1 does).

use crate::error::AppError;
use crate::model::trainer::GradingQueue;
use leptos::prelude::*;

/// Submissions per page of the queue.
pub const QUEUE_PAGE: i64 = 25;

#[server(endpoint = "trainer/queue")]
pub async fn get_queue(
    cohort: Option<i64>,
    assessment: Option<i64>,
    flagged: Option<bool>,
    sort: Option<String>,
    after: Option<i64>,
) -> Result<GradingQueue, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::trainer::{Choice, QueueItem, QueueSort, QueueView};
    use crate::server::db::{cohorts, submissions};

    let me = guard::require_role(Role::Trainer)?;
    if let Some(id) = cohort {
        guard::require_own_cohort(&me, id).await?;
    }
    let pool = guard::pool()?;
    let sort = sort.and_then(|s| s.parse::<QueueSort>().ok()).unwrap_or(QueueSort::Oldest);
    let view = QueueView { cohort, assessment, flagged_only: flagged == Some(true), sort };
    let filter = submissions::QueueFilter {
        trainer_id: me.user_id,
        cohort_id: cohort,
        assessment_id: assessment,
        flagged_only: flagged == Some(true),
    };
    let page = submissions::queue_page(&pool, &filter, sort, after, QUEUE_PAGE + 1);
    let (rows, total, mine, assessments) = tokio::try_join!(
        page,
        submissions::queue_count(&pool, &filter),
        cohorts::for_trainer(&pool, me.user_id),
        submissions::queue_assessments(&pool, me.user_id),
    )?;
    let now = chrono::Utc::now();
    let more = rows.len() as i64 > QUEUE_PAGE;
    let items: Vec<QueueItem> = rows
        .into_iter()
        .take(QUEUE_PAGE as usize)
        .map(|r| QueueItem {
            submission_id: r.submission_id,
            learner_name: r.learner_name,
            assessment_title: r.assessment_title,
            cohort_name: r.cohort_name,
            ai_score: r.ai_score,
            ai_confidence: r.ai_confidence.map(|c| crate::domain::progress::share_percent(f64::from(c))),
            flagged: r.flagged,
            waiting_days: (now - r.submitted_at).num_days().max(0),
        })
        .collect();
    Ok(GradingQueue {
        viewer_name: me.display_name,
        view,
        after,
        next_after: if more { items.last().map(|i| i.submission_id) } else { None },
        total,
        items,
        cohorts: mine.into_iter().map(|c| Choice { id: c.cohort_id, label: c.name }).collect(),
        assessments,
    })
}
