//! Following learners up: a learner's page (`/train/learners/{id}`), recording an intervention and
//! closing it with its outcome, and messages to one learner or a whole group of a cohort. Every
//! function first checks that the learner (or cohort) is the caller's own.

use crate::error::AppError;
use crate::model::trainer::LearnerFollowUp;
use leptos::prelude::*;

/// Messages to a learner the page shows.
pub const MESSAGES_SHOWN: i64 = 20;

#[server(endpoint = "trainer/learner")]
pub async fn get_learner_follow_up(learner: i64) -> Result<LearnerFollowUp, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::trainer::{InterventionView, SentMessage};
    use crate::server::db::follow_up;
    use crate::server::risk;

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_learner(&me, learner).await?;
    let pool = guard::pool()?;
    let (facts, interventions, messages) = tokio::try_join!(
        follow_up::learner_facts(&pool, me.user_id, learner),
        follow_up::interventions_for(&pool, learner),
        follow_up::sent_to(&pool, me.user_id, learner, MESSAGES_SHOWN),
    )?;
    let facts = facts.ok_or(AppError::NotFound)?;
    let reasons = match (&facts.reasons, &facts.features) {
        (Some(r), Some(f)) => risk::reasons_in_figures(r, f),
        _ => Vec::new(),
    };
    Ok(LearnerFollowUp {
        viewer_name: me.display_name,
        learner_id: learner,
        name: facts.name,
        email: facts.email,
        cohorts: facts.cohorts,
        risk_percent: facts.score.map(|s| crate::domain::progress::share_percent(f64::from(s))),
        at_risk: facts.at_risk == Some(true),
        reasons,
        last_active: facts.last_active,
        interventions: interventions
            .into_iter()
            .map(|i| InterventionView {
                intervention_id: i.intervention_id,
                kind: i.kind,
                note: i.note,
                due_on: i.due_on,
                status: i.status,
                outcome: i.outcome,
                trainer_name: i.trainer_name,
                created_at: i.created_at,
                completed_at: i.completed_at,
                lessons_since: i.lessons_since,
                back_at: i.back_at,
            })
            .collect(),
        messages: messages.into_iter().map(|m| SentMessage { body: m.body, sent_at: m.created_at, read: m.read_at.is_some() }).collect(),
        today: chrono::Utc::now().date_naive(),
    })
}

#[server(endpoint = "trainer/record_intervention")]
pub async fn record_intervention(learner: i64, kind: String, note: String, due_on: String) -> Result<(), AppError> {
    use crate::domain::follow_up::{self, NOTE_MAX_CHARS};
    use crate::model::forms::{Field, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::InterventionKind;
    use crate::server::db;

    let mut change = change::Change::begin(learner, "#interventions").await?;
    change.keep("note", &note);
    let Ok(kind) = kind.parse::<InterventionKind>() else {
        return change.refuse(Field::Kind, Problem::KindUnknown).await;
    };
    let note = match follow_up::text(&note, NOTE_MAX_CHARS) {
        Ok(n) => n,
        Err(e) => return change.refuse(Field::Note, change::text_problem(e)).await,
    };
    let due_on = match follow_up::due(&due_on, chrono::Utc::now().date_naive()) {
        Ok(d) => d,
        Err(follow_up::DueError::Malformed) => return change.refuse(Field::DueOn, Problem::DateMalformed).await,
        Err(follow_up::DueError::InThePast) => return change.refuse(Field::DueOn, Problem::DateInPast).await,
    };
    let id = db::follow_up::insert_intervention(&mut change.tx, learner, change.trainer_id, kind, &note, due_on).await?;
    let detail = serde_json::json!({ "intervention_id": id, "kind": kind.as_str(), "due_on": due_on });
    change.done(AuditAction::InterventionRecorded, detail, Notice::InterventionRecorded).await
}

#[server(endpoint = "trainer/complete_intervention")]
pub async fn complete_intervention(learner: i64, intervention: i64, outcome: String) -> Result<(), AppError> {
    use crate::domain::follow_up::{self, NOTE_MAX_CHARS};
    use crate::model::forms::{Field, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let mut change = change::Change::begin(learner, &format!("#intervention-{intervention}")).await?;
    let outcome = match follow_up::text(&outcome, NOTE_MAX_CHARS) {
        Ok(o) => o,
        Err(e) => return change.refuse(Field::Outcome, change::text_problem(e)).await,
    };
    if !db::follow_up::complete_intervention(&mut change.tx, intervention, learner, &outcome).await? {
        return change.refuse(Field::Whole, Problem::InterventionNotOpen).await;
    }
    change.done(AuditAction::InterventionCompleted, serde_json::json!({ "intervention_id": intervention }), Notice::InterventionDone).await
}

#[server(endpoint = "trainer/send_message")]
pub async fn send_message(learner: i64, body: String) -> Result<(), AppError> {
    use crate::domain::follow_up::{self, MESSAGE_MAX_CHARS};
    use crate::model::forms::{Field, Notice};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let mut change = change::Change::begin(learner, "#messages").await?;
    change.keep("body", &body);
    let body = match follow_up::text(&body, MESSAGE_MAX_CHARS) {
        Ok(b) => b,
        Err(e) => return change.refuse(Field::Body, change::text_problem(e)).await,
    };
    let count = db::follow_up::send(&mut change.tx, change.trainer_id, &[learner], &body).await?;
    change.done(AuditAction::MessageSent, serde_json::json!({ "recipients": count }), Notice::MessageSent { count }).await
}

/// One message to each learner of a group in one of the trainer's cohorts (everyone, or those
/// listed at risk), from the at-risk list.
#[server(endpoint = "trainer/send_group_message")]
pub async fn send_group_message(cohort: i64, group: String, body: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::domain::follow_up::{self, MESSAGE_MAX_CHARS};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::MessageGroup;
    use crate::server::db;

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_cohort(&me, cohort).await?;
    let sess = session::session().await?;
    let page = format!("/train/at-risk?cohort={cohort}#group-message");
    let typed = FormFlash::new(Form::GroupMessage).with_answers([(&"body".to_owned(), &body)]);
    let refuse = |field: Field, problem: Problem| {
        let flash = typed.clone().with_error(field, problem);
        let (sess, page) = (sess.clone(), page.clone());
        async move { session::back_to(&sess, &page, flash).await }
    };
    let Ok(group) = group.parse::<MessageGroup>() else {
        return refuse(Field::Whole, Problem::NobodyToMessage).await;
    };
    let body = match follow_up::text(&body, MESSAGE_MAX_CHARS) {
        Ok(b) => b,
        Err(e) => return refuse(Field::Body, change::text_problem(e)).await,
    };
    let pool = guard::pool()?;
    let recipients = db::follow_up::group(&pool, me.user_id, cohort, group == MessageGroup::AtRisk).await?;
    if recipients.is_empty() {
        return refuse(Field::Whole, Problem::NobodyToMessage).await;
    }
    let mut tx = pool.begin().await?;
    let count = db::follow_up::send(&mut tx, me.user_id, &recipients, &body).await?;
    let detail = serde_json::json!({ "recipients": count, "group": group.as_str() });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::MessageSent, "cohort", Some(cohort), detail).await?;
    tx.commit().await?;
    session::back_to(&sess, &page, FormFlash::new(Form::GroupMessage).with_notice(Notice::MessageSent { count })).await
}

#[cfg(feature = "ssr")]
mod change {
    //! A change on a learner's follow-up page, from the guard to the page it returns to: refused
    //! with a problem and what was typed (rolled back), or done (audited in the same transaction).

    use crate::auth::{Role, guard, session};
    use crate::domain::follow_up::TextError;
    use crate::error::AppError;
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;
    use sqlx::{Postgres, Transaction};

    pub fn text_problem(e: TextError) -> Problem {
        match e {
            TextError::Missing => Problem::TextMissing,
            TextError::TooLong { max } => Problem::TextTooLong { max },
        }
    }

    pub struct Change {
        pub tx: Transaction<'static, Postgres>,
        pub trainer_id: i64,
        learner: i64,
        anchor: String,
        typed: Vec<(String, String)>,
        sess: tower_sessions::Session,
    }

    impl Change {
        /// The caller must be a trainer of one of the learner's cohorts.
        pub async fn begin(learner: i64, anchor: &str) -> Result<Change, AppError> {
            let me = guard::require_role(Role::Trainer)?;
            guard::require_own_learner(&me, learner).await?;
            let sess = session::session().await?;
            let tx = guard::pool()?.begin().await?;
            Ok(Change { tx, trainer_id: me.user_id, learner, anchor: anchor.to_owned(), typed: Vec::new(), sess })
        }

        /// Text to give back if the change is refused, so nothing typed is lost.
        pub fn keep(&mut self, name: &str, value: &str) {
            self.typed.push((name.to_owned(), value.to_owned()));
        }

        fn page(&self) -> String {
            format!("/train/learners/{}{}", self.learner, self.anchor)
        }

        pub async fn refuse(self, field: Field, problem: Problem) -> Result<(), AppError> {
            let page = self.page();
            self.tx.rollback().await?;
            let flash = FormFlash::new(Form::FollowUp).with_answers(self.typed.iter().map(|(k, v)| (k, v))).with_error(field, problem);
            session::back_to(&self.sess, &page, flash).await
        }

        pub async fn done(mut self, action: AuditAction, detail: serde_json::Value, notice: Notice) -> Result<(), AppError> {
            db::audit::record(&mut self.tx, Some(self.trainer_id), action, "app_user", Some(self.learner), detail).await?;
            let page = self.page();
            self.tx.commit().await?;
            session::back_to(&self.sess, &page, FormFlash::new(Form::FollowUp).with_notice(notice)).await
        }
    }
}
