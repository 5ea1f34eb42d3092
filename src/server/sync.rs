//! Applying a chunk of actions a phone queued offline (`/api/sync/v1`): each action id once, its
//! receipt written in the same transaction as its change, its device time held to the bounds the
//! server believes (`domain/sync.rs`). One action's refusal does not hold up the others; a
//! database that fails stops the chunk, and the phone sends it again.

use crate::domain::study::{MAX_REPORTED_SECONDS, Save};
use crate::domain::sync as rules;
use crate::error::AppError;
use crate::model::forms::{Field, Problem};
use crate::model::sync::{ActionResult, Receipt, Refusal, SyncClock, SyncKind, SyncOutcome};
use crate::server::db::{progress, sync as db};
use crate::server::learning::{self, Finish};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::{PgConnection, PgPool};
use std::collections::BTreeMap;

/// One queued action as the phone sends it: `{"id", "at", "kind", ...the kind's fields}`.
#[derive(Deserialize)]
struct Action {
    id: uuid::Uuid,
    at: DateTime<Utc>,
    #[serde(flatten)]
    body: Body,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Body {
    /// The lesson was saved to the phone.
    Saved { lesson: i64 },
    /// Progress, like the lesson page's own save: share done, position, seconds since the last.
    Progress { lesson: i64, percent: i32, position: i32, seconds: i32 },
    /// "I have finished this lesson", with the seconds the lesson was open.
    Complete { lesson: i64, seconds: i32 },
    /// A quiz handed in: the answers as the assessment form names them (`q1`, `q2-0`, …).
    Quiz { assessment: i64, answers: BTreeMap<String, String> },
}

impl Body {
    fn kind(&self) -> SyncKind {
        match self {
            Body::Saved { .. } => SyncKind::Saved,
            Body::Progress { .. } => SyncKind::Progress,
            Body::Complete { .. } => SyncKind::Complete,
            Body::Quiz { .. } => SyncKind::Quiz,
        }
    }
}

/// What a chunk did: a receipt per action, and whether a quiz went in (open answers then wait for
/// their pre-score).
pub struct Applied {
    pub receipts: Vec<Receipt>,
    pub quizzes: usize,
}

/// Applies the actions in order for `learner_id`. `describe` words a refusal in the learner's
/// language. An error is the database's (or ours): nothing after the failing action was tried,
/// and what was applied before it keeps its receipts.
pub async fn apply(
    pool: &PgPool,
    learner_id: i64,
    actions: &[serde_json::Value],
    describe: &(dyn Fn(Problem) -> String + Sync),
) -> Result<Applied, AppError> {
    if actions.len() > rules::MAX_ACTIONS {
        return Err(AppError::invalid(Field::Action, Problem::SyncTooMany { max: rules::MAX_ACTIONS }));
    }
    let mut receipts = Vec::with_capacity(actions.len());
    let mut quizzes = 0;
    for (index, value) in actions.iter().enumerate() {
        let action = match Action::deserialize(value) {
            Ok(action) => action,
            Err(_) => {
                // Nothing to apply and nothing to remember: the same bytes get the same answer.
                let id = value.get("id").and_then(|v| v.as_str()).map(str::to_owned);
                receipts.push(refused(index, id, None, Problem::SyncActionUnreadable, Field::Action, describe));
                continue;
            }
        };
        quizzes += usize::from(action.body.kind() == SyncKind::Quiz);
        receipts.push(apply_one(pool, learner_id, index, action, describe).await?);
    }
    Ok(Applied { receipts, quizzes })
}

async fn apply_one(
    pool: &PgPool,
    learner_id: i64,
    index: usize,
    action: Action,
    describe: &(dyn Fn(Problem) -> String + Sync),
) -> Result<Receipt, AppError> {
    let received_at = Utc::now();
    let kind = action.body.kind();
    let mut tx = pool.begin().await?;
    let floor = match &action.body {
        Body::Saved { lesson } | Body::Progress { lesson, .. } | Body::Complete { lesson, .. } => {
            db::lesson_floor(&mut tx, learner_id, *lesson).await?
        }
        Body::Quiz { assessment, .. } => db::assessment_floor(&mut tx, learner_id, *assessment).await?,
    };
    let (counted_at, clock) = rules::counted_at(action.at, received_at, floor);
    let mut receipt = db::NewReceipt {
        action_id: action.id,
        learner_id,
        kind,
        device_at: action.at,
        counted_at,
        clock,
        received_at,
        outcome: SyncOutcome::Applied,
        result: serde_json::Value::Null,
    };
    if !db::claim(&mut tx, &receipt).await? {
        drop(tx);
        return replayed(pool, learner_id, index, &receipt, describe).await;
    }
    match act(&mut tx, learner_id, action.id, &action.body, counted_at).await {
        Ok(result) => {
            let json = serde_json::to_value(&result).map_err(|_| AppError::Internal)?;
            db::settle(&mut tx, action.id, &json).await?;
            tx.commit().await?;
            Ok(Receipt {
                index,
                id: Some(action.id.to_string()),
                outcome: SyncOutcome::Applied,
                replayed: false,
                counted_at: Some(counted_at),
                clock: Some(clock),
                result: Some(result),
                refusal: None,
            })
        }
        Err(refusal) => {
            let (field, problem) = match refusal {
                AppError::Invalid { field, problem } => (field, problem),
                AppError::NotFound | AppError::Forbidden => (Field::Lesson, Problem::SyncNotOpen),
                other => return Err(other),
            };
            // The change is undone; the refusal is remembered, so the same action sent again
            // gets the same answer instead of being tried against whatever has changed since.
            tx.rollback().await?;
            receipt.outcome = SyncOutcome::Refused;
            receipt.result = serde_json::json!({ "field": field, "problem": problem });
            let mut conn = pool.acquire().await?;
            if !db::claim(&mut conn, &receipt).await? {
                return replayed(pool, learner_id, index, &receipt, describe).await;
            }
            Ok(refused(index, Some(action.id.to_string()), Some((counted_at, clock)), problem, field, describe))
        }
    }
}

/// Does what the action says, inside the transaction that holds its receipt.
async fn act(tx: &mut PgConnection, learner_id: i64, id: uuid::Uuid, body: &Body, at: DateTime<Utc>) -> Result<ActionResult, AppError> {
    match body {
        Body::Saved { lesson } => {
            let gate = progress::gate(tx, learner_id, *lesson).await?.ok_or(AppError::NotFound)?;
            if !gate.enrolled && !gate.open_enrolment {
                return Err(AppError::Forbidden);
            }
            if !gate.offline_available {
                return Err(AppError::invalid(Field::Lesson, Problem::LessonNotOffline));
            }
            db::note_copy(tx, learner_id, *lesson, at).await?;
            Ok(ActionResult::Saved { lesson_id: *lesson })
        }
        Body::Progress { lesson, percent, position, seconds } => {
            let save = Save::parse(*percent, *position, *seconds).map_err(learning::save_problem)?;
            let s = learning::record_in(tx, learner_id, *lesson, save, Finish::ByRule, at).await?;
            Ok(lesson_result(*lesson, s))
        }
        Body::Complete { lesson, seconds } => {
            if !(0..=MAX_REPORTED_SECONDS).contains(seconds) {
                return Err(AppError::invalid(Field::Seconds, Problem::DurationOutOfRange));
            }
            let save = Save { percent: 100, position: 0, seconds: *seconds };
            let s = learning::record_in(tx, learner_id, *lesson, save, Finish::ByLearner, at).await?;
            Ok(lesson_result(*lesson, s))
        }
        Body::Quiz { assessment, answers } => {
            // The action's id is the submission's key, so the same hand-in through the online
            // form (with this key) and through the queue is one submission.
            let done = crate::server::assessments::submit_in(tx, learner_id, *assessment, id, answers, at).await?;
            Ok(ActionResult::Quiz {
                assessment_id: done.assessment_id,
                submission_id: done.submission_id,
                score: done.score,
                points: done.points,
                earned: done.earned,
            })
        }
    }
}

fn lesson_result(lesson_id: i64, s: learning::Studied) -> ActionResult {
    ActionResult::Lesson {
        lesson_id,
        percent: s.percent,
        completed: s.completed,
        counted_seconds: s.counted_seconds,
        points: s.points,
        earned: s.earned,
    }
}

/// The receipt of an id received before. Another learner's id, or one sent before for another
/// kind of action, is not this action: it is refused and nothing is revealed about the other.
async fn replayed(
    pool: &PgPool,
    learner_id: i64,
    index: usize,
    receipt: &db::NewReceipt,
    describe: &(dyn Fn(Problem) -> String + Sync),
) -> Result<Receipt, AppError> {
    let mut conn = pool.acquire().await?;
    let id = Some(receipt.action_id.to_string());
    let Some(stored) = db::stored(&mut conn, receipt.action_id).await? else {
        // Claimed by a transaction that then rolled back, and no refusal stored: the phone will
        // send it again.
        return Err(AppError::Unavailable);
    };
    if stored.learner_id != learner_id || stored.kind != receipt.kind {
        return Ok(refused(index, id, None, Problem::SyncIdTaken, Field::Action, describe));
    }
    let at = Some((stored.counted_at, stored.clock));
    match stored.outcome {
        SyncOutcome::Applied => {
            let result = serde_json::from_value(stored.result).map_err(|err| {
                tracing::error!(error = %err, "a stored sync receipt cannot be read");
                AppError::Internal
            })?;
            Ok(Receipt {
                index,
                id,
                outcome: SyncOutcome::Applied,
                replayed: true,
                counted_at: Some(stored.counted_at),
                clock: Some(stored.clock),
                result: Some(result),
                refusal: None,
            })
        }
        SyncOutcome::Refused => {
            #[derive(Deserialize)]
            struct Stored {
                field: Field,
                problem: Problem,
            }
            let why: Stored = serde_json::from_value(stored.result).map_err(|_| AppError::Internal)?;
            let mut r = refused(index, id, at, why.problem, why.field, describe);
            r.replayed = true;
            Ok(r)
        }
    }
}

fn refused(
    index: usize,
    id: Option<String>,
    at: Option<(DateTime<Utc>, SyncClock)>,
    problem: Problem,
    field: Field,
    describe: &(dyn Fn(Problem) -> String + Sync),
) -> Receipt {
    Receipt {
        index,
        id,
        outcome: SyncOutcome::Refused,
        replayed: false,
        counted_at: at.map(|(t, _)| t),
        clock: at.map(|(_, c)| c),
        result: None,
        refusal: Some(Refusal { field, problem, message: describe(problem) }),
    }
}
