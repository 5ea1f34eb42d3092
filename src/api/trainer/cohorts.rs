//! A trainer's cohorts: the new/edit form (its status moves checked against the cohort's life in
//! `domain/cohort.rs`), the cohort page with its members one keyset page at a time, and adding or
//! removing learners. Every function checks that the cohort is the caller's own first.

use crate::error::AppError;
use crate::model::trainer::{CohortEditor, CohortPage};
use leptos::prelude::*;

/// Members per page of `/train/cohorts/{id}`.
pub const MEMBERS_PAGE: i64 = 50;
/// Learners a search offers at most; a longer list means the search should be narrower.
pub const CANDIDATES_SHOWN: i64 = 20;
/// A search shorter than this finds too many to be useful (and lists the whole directory).
pub const QUERY_MIN_CHARS: usize = 2;

/// The cohort form: a new cohort's defaults (`cohort` none) or the trainer's own cohort as stored.
#[server(endpoint = "trainer/cohort_editor")]
pub async fn get_cohort_editor(cohort: Option<i64>) -> Result<CohortEditor, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::cohort;
    use crate::model::trainer::CohortStatus;
    use crate::server::db::cohorts;
    use chrono::{Datelike, Duration};

    let me = guard::require_role(Role::Trainer)?;
    if let Some(id) = cohort {
        guard::require_own_cohort(&me, id).await?;
    }
    let pool = guard::pool()?;
    let stored = match cohort {
        Some(id) => Some(cohorts::stored(&pool, id).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    let (clients, paths) =
        tokio::try_join!(cohorts::client_choices(&pool, stored.as_ref().map(|s| s.client_org_id)), cohorts::path_choices(&pool))?;
    Ok(match stored {
        Some(s) => CohortEditor {
            viewer_name: me.display_name,
            cohort_id: cohort,
            statuses: std::iter::once(s.status).chain(cohort::next(s.status)).collect(),
            path_fixed: s.status != CohortStatus::Planned,
            name: s.name,
            client_org_id: Some(s.client_org_id),
            learning_path_id: Some(s.learning_path_id),
            starts_on: s.starts_on,
            ends_on: s.ends_on,
            status: s.status,
            clients,
            paths,
        },
        None => {
            // Cohorts start on a Monday; the next one, twelve weeks long, is the usual plan.
            let today = chrono::Utc::now().date_naive();
            let monday = today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday()));
            CohortEditor {
                viewer_name: me.display_name,
                cohort_id: None,
                name: String::new(),
                client_org_id: None,
                learning_path_id: None,
                starts_on: monday,
                ends_on: monday + Duration::days(12 * 7 - 3),
                status: CohortStatus::Planned,
                statuses: cohort::STARTING.to_vec(),
                clients,
                paths,
                path_fixed: false,
            }
        }
    })
}

#[server(endpoint = "trainer/create_cohort")]
pub async fn create_cohort(
    name: String,
    client: String,
    path: String,
    starts_on: String,
    ends_on: String,
    status: String,
) -> Result<(), AppError> {
    use crate::domain::cohort::RawDraft;
    let raw = RawDraft { name: &name, client: &client, path: &path, starts_on: &starts_on, ends_on: &ends_on, status: &status };
    save::save(None, &raw).await
}

#[server(endpoint = "trainer/update_cohort")]
pub async fn update_cohort(
    cohort: i64,
    name: String,
    client: String,
    path: String,
    starts_on: String,
    ends_on: String,
    status: String,
) -> Result<(), AppError> {
    use crate::domain::cohort::RawDraft;
    let raw = RawDraft { name: &name, client: &client, path: &path, starts_on: &starts_on, ends_on: &ends_on, status: &status };
    save::save(Some(cohort), &raw).await
}

#[cfg(feature = "ssr")]
mod save {
    //! The one path both cohort forms take: guard, parse every field, check the database's side
    //! (sponsor, path, status move, name) in one transaction, audit, and go back with the news.

    use crate::auth::{Role, guard, session};
    use crate::domain::cohort::{self, Draft, DraftError, MAX_DAYS, NAME_MAX_CHARS, RawDraft, STARTING};
    use crate::error::{AppError, violated_constraint};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::CohortStatus;
    use crate::server::db;

    fn problem(e: DraftError) -> (Field, Problem) {
        match e {
            DraftError::NameMissing => (Field::Name, Problem::CohortNameMissing),
            DraftError::NameTooLong => (Field::Name, Problem::CohortNameTooLong { max: NAME_MAX_CHARS }),
            DraftError::NameControlChars => (Field::Name, Problem::CohortNameControlChars),
            DraftError::StartMissing => (Field::StartsOn, Problem::DateMissing),
            DraftError::StartMalformed => (Field::StartsOn, Problem::DateMalformed),
            DraftError::EndMissing => (Field::EndsOn, Problem::DateMissing),
            DraftError::EndMalformed => (Field::EndsOn, Problem::DateMalformed),
            DraftError::EndsBeforeStart => (Field::EndsOn, Problem::EndsBeforeStart),
            DraftError::TooLong => (Field::EndsOn, Problem::CohortTooLong { max_days: MAX_DAYS }),
            DraftError::ClientMissing => (Field::Client, Problem::ClientMissing),
            DraftError::PathMissing => (Field::Path, Problem::PathMissing),
            DraftError::StatusUnknown => (Field::Status, Problem::StatusUnknown),
        }
    }

    pub async fn save(cohort: Option<i64>, raw: &RawDraft<'_>) -> Result<(), AppError> {
        let me = guard::require_role(Role::Trainer)?;
        if let Some(id) = cohort {
            guard::require_own_cohort(&me, id).await?;
        }
        let sess = session::session().await?;
        let form_page = match cohort {
            Some(id) => format!("/train/cohorts/{id}/edit"),
            None => "/train/cohorts/new".to_owned(),
        };
        let typed = FormFlash::new(Form::Cohort)
            .with_value(Field::Name, raw.name)
            .with_value(Field::Client, raw.client)
            .with_value(Field::Path, raw.path)
            .with_value(Field::StartsOn, raw.starts_on)
            .with_value(Field::EndsOn, raw.ends_on)
            .with_value(Field::Status, raw.status);
        let refuse = |problems: Vec<(Field, Problem)>| {
            let flash = problems.into_iter().fold(typed.clone(), |f, (field, p)| f.with_error(field, p));
            let sess = sess.clone();
            let page = form_page.clone();
            async move { session::back_to(&sess, &page, flash).await }
        };
        let draft = match Draft::parse(raw) {
            Ok(d) => d,
            Err(errors) => return refuse(errors.into_iter().map(problem).collect()).await,
        };

        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let (client_ok, path_ok) = db::cohorts::references(&mut tx, draft.client_org_id, draft.learning_path_id).await?;
        let mut problems = Vec::new();
        let before = match cohort {
            Some(id) => {
                let Some(stored) = db::cohorts::stored_for_update(&mut tx, id, me.user_id).await? else {
                    return Err(AppError::Forbidden);
                };
                if stored.status == CohortStatus::Archived {
                    problems.push((Field::Whole, Problem::CohortArchived));
                }
                if let Err(m) = cohort::check(stored.status, draft.status) {
                    problems.push((Field::Status, Problem::StatusMove { from: m.from, to: m.to }));
                }
                // A sponsor that stopped taking cohorts still sponsors the ones it has.
                if !client_ok && stored.client_org_id != draft.client_org_id {
                    problems.push((Field::Client, Problem::ClientUnavailable));
                }
                if stored.learning_path_id != draft.learning_path_id && stored.status != CohortStatus::Planned {
                    problems.push((Field::Path, Problem::PathFixed));
                }
                Some(stored)
            }
            None => {
                if !STARTING.contains(&draft.status) {
                    problems.push((Field::Status, Problem::StatusMove { from: CohortStatus::Planned, to: draft.status }));
                }
                if !client_ok {
                    problems.push((Field::Client, Problem::ClientUnavailable));
                }
                None
            }
        };
        if !path_ok {
            problems.push((Field::Path, Problem::NoSuchPath));
        }
        if !problems.is_empty() {
            tx.rollback().await?;
            return refuse(problems).await;
        }
        let written = match (cohort, &before) {
            (Some(id), Some(_)) => db::cohorts::update(&mut tx, id, &draft).await.map(|()| id),
            _ => db::cohorts::insert(&mut tx, me.user_id, &draft).await,
        };
        let id = match written {
            Err(err) if violated_constraint(&err) == Some("cohort_name_key") => {
                tx.rollback().await?;
                return refuse(vec![(Field::Name, Problem::CohortNameTaken)]).await;
            }
            other => other?,
        };
        let (action, detail) = match before {
            None => (AuditAction::CohortCreated, serde_json::json!({ "name": draft.name, "status": draft.status.as_str() })),
            Some(b) => {
                // The detail names what changed, from what to what.
                let mut changed = serde_json::Map::new();
                let mut note = |k: &str, from: String, to: String| {
                    if from != to {
                        changed.insert(k.to_owned(), serde_json::json!({ "from": from, "to": to }));
                    }
                };
                note("name", b.name, draft.name.clone());
                note("client_org_id", b.client_org_id.to_string(), draft.client_org_id.to_string());
                note("learning_path_id", b.learning_path_id.to_string(), draft.learning_path_id.to_string());
                note("starts_on", b.starts_on.to_string(), draft.starts_on.to_string());
                note("ends_on", b.ends_on.to_string(), draft.ends_on.to_string());
                note("status", b.status.as_str().to_owned(), draft.status.as_str().to_owned());
                (AuditAction::CohortUpdated, serde_json::Value::Object(changed))
            }
        };
        db::audit::record(&mut tx, Some(me.user_id), action, "cohort", Some(id), detail).await?;
        tx.commit().await?;
        let notice = match cohort {
            None => Notice::CohortCreated { name: draft.name },
            Some(_) => Notice::CohortSaved { name: draft.name },
        };
        session::back_to(&sess, &format!("/train/cohorts/{id}"), FormFlash::new(Form::CohortMembers).with_notice(notice)).await
    }
}

/// The cohort page: heading figures, one page of members in the chosen order, and the learners a
/// search found (when one was typed).
#[server(endpoint = "trainer/cohort")]
pub async fn get_cohort_page(cohort: i64, sort: Option<String>, after: Option<i64>, query: Option<String>) -> Result<CohortPage, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::{bkt, progress};
    use crate::model::trainer::{CohortMember, CohortStatus, MemberSort};
    use crate::server::db::{cohorts, risk};

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_cohort(&me, cohort).await?;
    let pool = guard::pool()?;
    // An unknown order is a stale or edited link: the default order serves it.
    let sort = sort.and_then(|s| s.parse::<MemberSort>().ok()).unwrap_or(MemberSort::Name);
    let query: String = query.unwrap_or_default().trim().chars().take(80).collect();
    let search = async {
        if query.chars().count() >= QUERY_MIN_CHARS {
            cohorts::candidates(&pool, cohort, &query, CANDIDATES_SHOWN).await.map(Some)
        } else {
            Ok(None)
        }
    };
    let (header, rows, candidates) = tokio::try_join!(
        cohorts::header(&pool, cohort),
        cohorts::members_page(&pool, cohort, sort, after, MEMBERS_PAGE + 1, bkt::MASTERED),
        search,
    )?;
    let header = header.ok_or(AppError::NotFound)?;
    let now = chrono::Utc::now();
    let more = rows.len() as i64 > MEMBERS_PAGE;
    let ids: Vec<i64> = rows.iter().take(MEMBERS_PAGE as usize).map(|r| r.learner_id).collect();
    let risks = risk::scores_of(&pool, &ids).await?;
    let risk_of = |id: i64| risks.iter().find(|r| r.0 == id).map(|r| (progress::share_percent(f64::from(r.1)), r.2));
    let members: Vec<CohortMember> = rows
        .into_iter()
        .take(MEMBERS_PAGE as usize)
        .map(|r| CohortMember {
            learner_id: r.learner_id,
            name: r.name,
            email: r.email,
            percent: progress::percent(r.completed, header.lessons_total),
            completed: r.completed,
            away_days: r.last_active.map(|t| (now - t).num_days().max(0)),
            skills_mastered: r.skills_mastered,
            risk_percent: risk_of(r.learner_id).map(|r| r.0),
            at_risk: risk_of(r.learner_id).is_some_and(|r| r.1),
        })
        .collect();
    let next_after = if more { members.last().map(|m| m.learner_id) } else { None };
    Ok(CohortPage {
        viewer_name: me.display_name,
        cohort_id: cohort,
        open: matches!(header.status, CohortStatus::Planned | CohortStatus::Active),
        archived: header.status == CohortStatus::Archived,
        name: header.name,
        client_name: header.client_name,
        path_title: header.path_title,
        status: header.status,
        starts_on: header.starts_on,
        ends_on: header.ends_on,
        member_count: header.member_count,
        lessons_total: header.lessons_total,
        skills_total: header.skills_total,
        sort,
        after,
        next_after,
        members,
        query,
        candidates,
    })
}

/// Adds a learner to the cohort (and enrols them in its path).
#[server(endpoint = "trainer/add_member")]
pub async fn add_member(cohort: i64, learner: i64) -> Result<(), AppError> {
    use crate::model::forms::{Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::CohortStatus;
    use crate::server::db::cohorts::{self, Joined};

    let mut change = members::Change::begin(cohort).await?;
    let status = cohorts::status_for_update(&mut change.tx, cohort).await?.ok_or(AppError::NotFound)?;
    if !matches!(status, CohortStatus::Planned | CohortStatus::Active) {
        return change.refuse(Problem::CohortClosed { status }).await;
    }
    match cohorts::add_member(&mut change.tx, cohort, learner).await? {
        Joined::Added { name } => change.done(AuditAction::CohortMemberAdded, learner, Notice::MemberAdded { name }).await,
        Joined::AlreadyIn => change.refuse(Problem::AlreadyInCohort).await,
        Joined::NotALearner => change.refuse(Problem::NotALearner).await,
    }
}

/// Takes a learner out of the cohort; their progress stays theirs, their PIN for it goes.
#[server(endpoint = "trainer/remove_member")]
pub async fn remove_member(cohort: i64, learner: i64) -> Result<(), AppError> {
    use crate::model::forms::{Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::CohortStatus;
    use crate::server::db::cohorts;

    let mut change = members::Change::begin(cohort).await?;
    if cohorts::status_for_update(&mut change.tx, cohort).await? == Some(CohortStatus::Archived) {
        return change.refuse(Problem::CohortArchived).await;
    }
    match cohorts::remove_member(&mut change.tx, cohort, learner).await? {
        Some(name) => change.done(AuditAction::CohortMemberRemoved, learner, Notice::MemberRemoved { name }).await,
        None => change.refuse(Problem::NotInCohort).await,
    }
}

#[cfg(feature = "ssr")]
mod members {
    //! A change to a cohort's members, from the guard to the page it returns to: refused with a
    //! problem (rolled back), or done (audited in the same transaction).

    use crate::auth::{Role, guard, session};
    use crate::error::AppError;
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;
    use sqlx::{Postgres, Transaction};

    pub struct Change {
        pub tx: Transaction<'static, Postgres>,
        trainer_id: i64,
        cohort: i64,
        sess: tower_sessions::Session,
    }

    impl Change {
        /// The caller must run the cohort.
        pub async fn begin(cohort: i64) -> Result<Change, AppError> {
            let me = guard::require_role(Role::Trainer)?;
            guard::require_own_cohort(&me, cohort).await?;
            let sess = session::session().await?;
            let tx = guard::pool()?.begin().await?;
            Ok(Change { tx, trainer_id: me.user_id, cohort, sess })
        }

        fn page(&self) -> String {
            format!("/train/cohorts/{}#members", self.cohort)
        }

        pub async fn refuse(self, problem: Problem) -> Result<(), AppError> {
            let page = self.page();
            self.tx.rollback().await?;
            let flash = FormFlash::new(Form::CohortMembers).with_error(Field::Whole, problem);
            session::back_to(&self.sess, &page, flash).await
        }

        pub async fn done(mut self, action: AuditAction, learner: i64, notice: Notice) -> Result<(), AppError> {
            let detail = serde_json::json!({ "learner_id": learner });
            db::audit::record(&mut self.tx, Some(self.trainer_id), action, "cohort", Some(self.cohort), detail).await?;
            let page = self.page();
            self.tx.commit().await?;
            session::back_to(&self.sess, &page, FormFlash::new(Form::CohortMembers).with_notice(notice)).await
        }
    }
}
