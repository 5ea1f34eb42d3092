//! Risk tickets for operations: the list with the cohorts the risk model proposes a ticket for,
//! one ticket, the new-ticket form (blank or from a proposal), and the status and owner changes.
//! Every change happens under the ticket's (or the cohort's) row lock and is audited.

use crate::error::AppError;
use crate::model::ops::{RiskEditor, RiskForm, RiskTicketDetail, RisksView};
use leptos::prelude::*;

/// Tickets one list shows (the rest are counted); proposals the page shows, most severe first.
pub const TICKETS_SHOWN: i64 = 100;
pub const PROPOSALS_SHOWN: usize = 20;
/// Learners a ticket's page lists, most at risk first.
pub const LEARNERS_SHOWN: i64 = 100;

#[server(endpoint = "ops/risks")]
pub async fn list_risks(status: Option<String>) -> Result<RisksView, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::ops::TicketFilter;
    use crate::server::db::tickets;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let filter = TicketFilter::from_query(status.as_deref());
    let (tickets, (tickets_total, overdue), flagged, flags_counted_at) = tokio::try_join!(
        tickets::list(&pool, filter, TICKETS_SHOWN),
        tickets::counts(&pool, filter),
        tickets::flagged(&pool, None),
        tickets::flags_counted_at(&pool),
    )?;
    let mut proposals = proposals::of(flagged);
    let proposals_total = proposals.len() as i64;
    proposals.truncate(PROPOSALS_SHOWN);
    Ok(RisksView {
        viewer_name: me.display_name,
        now: chrono::Utc::now(),
        filter,
        overdue,
        tickets,
        tickets_total,
        proposals,
        proposals_total,
        flags_counted_at,
    })
}

#[server(endpoint = "ops/risk")]
pub async fn get_risk(ticket: i64) -> Result<RiskTicketDetail, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::ticket::recovery_window_ends;
    use crate::server::db::tickets;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let mut conn = pool.acquire().await?;
    let t = tickets::ticket(&mut conn, ticket, false).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let now = chrono::Utc::now();
    let recovered = async {
        match t.resolved_at {
            Some(at) => tickets::active_between(&pool, ticket, at, recovery_window_ends(at)).await.map(Some),
            None => Ok(None),
        }
    };
    let ((learners, learners_total), owners, recovered) = tokio::try_join!(
        tickets::learners(&pool, ticket, LEARNERS_SHOWN),
        tickets::owner_choices(&pool, t.cohort.as_ref().map(|c| c.0)),
        recovered,
    )?;
    Ok(RiskTicketDetail { viewer_name: me.display_name, now, ticket: t, learners, learners_total, owners, recovered })
}

/// The new-ticket form; with `cohort`, filled from that cohort's proposal (or saying that the
/// model no longer proposes it).
#[server(endpoint = "ops/risk_editor")]
pub async fn get_risk_editor(cohort: Option<i64>) -> Result<RiskEditor, AppError> {
    use crate::auth::{Role, guard};
    use crate::server::db::tickets;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let proposal = match cohort {
        Some(id) => proposals::of(tickets::flagged(&pool, Some(id)).await?).into_iter().next(),
        None => None,
    };
    let cohort_gone = cohort.is_some() && proposal.is_none();
    let owners = tickets::owner_choices(&pool, proposal.as_ref().map(|p| p.cohort.cohort_id)).await?;
    Ok(RiskEditor { viewer_name: me.display_name, proposal, cohort_gone, owners, viewer_id: me.user_id })
}

#[server(endpoint = "ops/open_risk")]
pub async fn open_risk(cohort: Option<i64>, #[server(flatten)] form: RiskForm) -> Result<(), AppError> {
    write::open(cohort, form).await
}

/// Moves a ticket along its status machine (`domain::ticket::moves`); resolving needs a note.
#[server(endpoint = "ops/move_risk")]
pub async fn move_risk(ticket: i64, to: String, #[server(default)] note: String) -> Result<(), AppError> {
    write::move_to(ticket, &to, &note).await
}

/// Gives a ticket to an operations colleague or the cohort's trainer.
#[server(endpoint = "ops/assign_risk")]
pub async fn assign_risk(ticket: i64, owner: String) -> Result<(), AppError> {
    write::assign(ticket, &owner).await
}

#[cfg(feature = "ssr")]
mod proposals {
    //! The model's flags per cohort turned into proposals by `domain::ticket`'s rule.

    use crate::domain::ticket::{CohortFlags, proposed_severity, rank};
    use crate::model::ops::{FlaggedCohort, RiskProposal};

    /// Most severe first; then the larger share flagged; then by name, so the order is stable.
    pub fn of(flagged: Vec<FlaggedCohort>) -> Vec<RiskProposal> {
        let mut out: Vec<RiskProposal> = flagged
            .into_iter()
            .filter_map(|cohort| {
                let flags = CohortFlags { listed: cohort.listed, members: cohort.members, mean_score: cohort.mean_score };
                proposed_severity(flags).map(|severity| RiskProposal { cohort, severity })
            })
            .collect();
        out.sort_by(|a, b| {
            let share = |p: &RiskProposal| p.cohort.listed as f64 / p.cohort.members.max(1) as f64;
            rank(a.severity)
                .cmp(&rank(b.severity))
                .then(share(b).total_cmp(&share(a)))
                .then_with(|| a.cohort.cohort_name.cmp(&b.cohort.cohort_name))
        });
        out
    }
}

#[cfg(feature = "ssr")]
mod write {
    //! Opening, moving and assigning tickets: guard, parse, check against the database under a
    //! row lock, write, audit, and go back with the news or the problem.

    use crate::auth::{Role, guard, session};
    use crate::domain::ticket::{self, ACTION_MAX_CHARS, MoveError, NOTE_MAX_CHARS, RawTicket, TITLE_MAX_CHARS, Ticket, TicketError};
    use crate::error::AppError;
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::{AuditAction, RiskForm, RiskStatus};
    use crate::server::db;

    fn problem(e: TicketError) -> (Field, Problem) {
        match e {
            TicketError::TitleMissing => (Field::Title, Problem::TextMissing),
            TicketError::TitleTooLong => (Field::Title, Problem::TextTooLong { max: TITLE_MAX_CHARS }),
            TicketError::TitleControlChars => (Field::Title, Problem::ControlChars),
            TicketError::KindUnknown => (Field::Kind, Problem::KindUnknown),
            TicketError::SeverityUnknown => (Field::Severity, Problem::SeverityUnknown),
            TicketError::ActionMissing => (Field::Action, Problem::TextMissing),
            TicketError::ActionTooLong => (Field::Action, Problem::TextTooLong { max: ACTION_MAX_CHARS }),
        }
    }

    pub async fn open(cohort: Option<i64>, form: RiskForm) -> Result<(), AppError> {
        let me = guard::require_role(Role::Operations)?;
        let sess = session::session().await?;
        let page = match cohort {
            Some(c) => format!("/ops/risks/new?cohort={c}"),
            None => "/ops/risks/new".to_owned(),
        };
        let typed = FormFlash::new(Form::Risk)
            .with_value(Field::Title, &form.title)
            .with_value(Field::Kind, &form.kind)
            .with_value(Field::Severity, &form.severity)
            .with_value(Field::Owner, &form.owner)
            .with_answers([(&Field::Action.as_str().to_owned(), &form.action)]);
        let refuse = |problems: Vec<(Field, Problem)>| {
            let flash = problems.into_iter().fold(typed.clone(), |f, (field, p)| f.with_error(field, p));
            let (sess, page) = (sess.clone(), page.clone());
            async move { session::back_to(&sess, &page, flash).await }
        };
        let raw = RawTicket { title: &form.title, kind: &form.kind, severity: &form.severity, action: &form.action };
        let parsed = Ticket::parse(&raw);
        let owner = form.owner.trim().parse::<i64>().ok();
        let mut problems: Vec<(Field, Problem)> = match &parsed {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().copied().map(problem).collect(),
        };
        if owner.is_none() {
            problems.push((Field::Owner, Problem::OwnerUnavailable));
        }
        let (Ok(parsed), Some(owner), true) = (parsed, owner, problems.is_empty()) else {
            return refuse(problems).await;
        };

        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let client = match cohort {
            Some(cohort) => {
                let Some(client) = db::tickets::running_cohort(&mut tx, cohort).await? else {
                    tx.rollback().await?;
                    return refuse(vec![(Field::Whole, Problem::CohortNotRunning)]).await;
                };
                if db::tickets::has_unresolved(&mut tx, cohort).await? {
                    tx.rollback().await?;
                    return refuse(vec![(Field::Whole, Problem::CohortHasTicket)]).await;
                }
                Some(client)
            }
            None => None,
        };
        let Some(owner_name) = db::tickets::owner_allowed(&mut tx, owner, cohort).await? else {
            tx.rollback().await?;
            return refuse(vec![(Field::Owner, Problem::OwnerUnavailable)]).await;
        };
        let opened_at = chrono::Utc::now();
        let new = db::tickets::NewTicket {
            ticket: &parsed,
            cohort,
            client,
            owner,
            opened_by: me.user_id,
            opened_at,
            due_at: ticket::due_at(parsed.severity, opened_at),
        };
        let (id, learners) = db::tickets::insert(&mut tx, &new).await?;
        let detail = serde_json::json!({
            "severity": parsed.severity.as_str(),
            "kind": parsed.kind.as_str(),
            "cohort": cohort,
            "owner": owner,
            "learners": learners,
        });
        db::audit::record(&mut tx, Some(me.user_id), AuditAction::RiskTicketOpened, "risk_alert", Some(id), detail).await?;
        tx.commit().await?;
        let notice = Notice::TicketOpened { owner: owner_name, learners };
        session::back_to(&sess, &format!("/ops/risks/{id}"), FormFlash::new(Form::Risk).with_notice(notice)).await
    }

    pub async fn move_to(id: i64, to: &str, note: &str) -> Result<(), AppError> {
        let me = guard::require_role(Role::Operations)?;
        let sess = session::session().await?;
        // Only the page's buttons send a status; anything else is not a form of ours.
        let to = to.trim().parse::<RiskStatus>().map_err(|_| AppError::BadRequest)?;
        let page = format!("/ops/risks/{id}");
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let current = db::tickets::ticket(&mut tx, id, true).await?.ok_or(AppError::NotFound)?;
        // A move the machine refuses is said above the page (its form may not be on the page);
        // a missing or long note at the note, with what was typed kept.
        let refuse = |field: Field, p: Problem| {
            FormFlash::new(Form::Risk).with_answers([(&Field::Note.as_str().to_owned(), &note.to_owned())]).with_error(field, p)
        };
        let note = match ticket::check_move(current.status, to, note) {
            Ok(n) => n,
            Err(e) => {
                tx.rollback().await?;
                let (field, p) = match e {
                    MoveError::NotAllowed => (Field::Whole, Problem::TicketMove { from: current.status, to }),
                    MoveError::NoteMissing => (Field::Note, Problem::ResolutionNoteMissing),
                    MoveError::NoteTooLong => (Field::Note, Problem::TextTooLong { max: NOTE_MAX_CHARS }),
                };
                return session::back_to(&sess, &page, refuse(field, p)).await;
            }
        };
        db::tickets::set_status(&mut tx, id, to, note.as_deref()).await?;
        let detail = serde_json::json!({
            "status": { "from": current.status.as_str(), "to": to.as_str() },
            "note_chars": note.as_ref().map(|n| n.chars().count()),
        });
        db::audit::record(&mut tx, Some(me.user_id), AuditAction::RiskTicketMoved, "risk_alert", Some(id), detail).await?;
        tx.commit().await?;
        session::back_to(&sess, &page, FormFlash::new(Form::Risk).with_notice(Notice::TicketMoved { status: to })).await
    }

    pub async fn assign(id: i64, owner: &str) -> Result<(), AppError> {
        let me = guard::require_role(Role::Operations)?;
        let sess = session::session().await?;
        let page = format!("/ops/risks/{id}");
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let current = db::tickets::ticket(&mut tx, id, true).await?.ok_or(AppError::NotFound)?;
        let refuse = |p: Problem| FormFlash::new(Form::Risk).with_error(Field::Owner, p);
        if current.status == RiskStatus::Resolved {
            tx.rollback().await?;
            // A resolved ticket's page has no owner form: the problem goes above the page.
            let flash = FormFlash::new(Form::Risk).with_error(Field::Whole, Problem::TicketResolved);
            return session::back_to(&sess, &page, flash).await;
        }
        let cohort = current.cohort.as_ref().map(|c| c.0);
        let allowed = match owner.trim().parse::<i64>() {
            Ok(o) => db::tickets::owner_allowed(&mut tx, o, cohort).await?.map(|name| (o, name)),
            Err(_) => None,
        };
        let Some((owner, name)) = allowed else {
            tx.rollback().await?;
            return session::back_to(&sess, &page, refuse(Problem::OwnerUnavailable)).await;
        };
        if current.owner.as_ref().map(|o| o.0) == Some(owner) {
            tx.rollback().await?;
            return session::back_to(&sess, &page, FormFlash::new(Form::Risk).with_notice(Notice::TicketAssigned { name })).await;
        }
        db::tickets::set_owner(&mut tx, id, owner).await?;
        let detail = serde_json::json!({ "owner": { "from": current.owner.map(|o| o.0), "to": owner } });
        db::audit::record(&mut tx, Some(me.user_id), AuditAction::RiskTicketAssigned, "risk_alert", Some(id), detail).await?;
        tx.commit().await?;
        session::back_to(&sess, &page, FormFlash::new(Form::Risk).with_notice(Notice::TicketAssigned { name })).await
    }
}
