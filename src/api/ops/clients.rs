//! Client organisations for operations: the list, one sponsor's page (cohorts and outcomes), and
//! the new/edit form. A sponsor is never deleted: its cohorts and their records point at it, so
//! it ends (or pauses) instead, and ends only once no cohort of it is planned or running.

use crate::error::AppError;
use crate::model::ops::{ClientDetail, ClientEditor, ClientForm, ClientsView};
use leptos::prelude::*;

/// Cohorts a sponsor's page lists (running ones first); the CSV export has every learner.
pub const COHORTS_SHOWN: i64 = 50;

#[server(endpoint = "ops/clients")]
pub async fn list_clients() -> Result<ClientsView, AppError> {
    use crate::auth::{Role, guard};
    let me = guard::require_role(Role::Operations)?;
    let clients = crate::server::db::clients::list(&guard::pool()?).await?;
    Ok(ClientsView { viewer_name: me.display_name, today: chrono::Utc::now().date_naive(), clients })
}

#[server(endpoint = "ops/client")]
pub async fn get_client(client: i64) -> Result<ClientDetail, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::kpi::{Figures, Period};
    use crate::model::ops::ClientOutcomes;
    use crate::server::db::cohorts::{CohortsOf, for_ops};
    use crate::server::db::{clients, kpi};
    use chrono::NaiveDate;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let today = chrono::Utc::now().date_naive();
    let record = clients::record(&pool, client).await?.ok_or(AppError::NotFound)?;
    // Outcomes to date: every day the rollups hold, so the period starts before any of them.
    let since = NaiveDate::from_ymd_opt(2000, 1, 1).ok_or(AppError::Internal)?;
    let segment = [(client, 0, 0)];
    let (rows, cohorts, cohorts_total, (followed_up, recovered)) = tokio::try_join!(
        kpi::rows(&pool, &segment, since, today),
        for_ops(&pool, CohortsOf::Client(client), COHORTS_SHOWN),
        clients::cohort_count(&pool, client),
        clients::follow_up(&pool, client),
    )?;
    let rows: Vec<_> = rows.into_iter().map(|(_, r)| r).collect();
    let f = Figures::of(&rows, Period { from: since, to: today });
    let outcomes = ClientOutcomes {
        learners: f.learners,
        enrolled: f.enrolled_to_date,
        completed: f.completed_to_date,
        scored: f.scored,
        average_score: f.average_score(),
        pass_rate: f.pass_rate(),
        at_risk: f.at_risk,
        followed_up,
        recovered,
    };
    Ok(ClientDetail { viewer_name: me.display_name, client_id: client, today, record, outcomes, cohorts, cohorts_total })
}

/// The form: blanks for a new sponsor (`client` none), or the sponsor as stored.
#[server(endpoint = "ops/client_editor")]
pub async fn get_client_editor(client: Option<i64>) -> Result<ClientEditor, AppError> {
    use crate::auth::{Role, guard};
    use crate::model::ops::ClientRecord;

    let me = guard::require_role(Role::Operations)?;
    let record = match client {
        Some(id) => crate::server::db::clients::record(&guard::pool()?, id).await?.ok_or(AppError::NotFound)?,
        None => ClientRecord::default(),
    };
    Ok(ClientEditor { viewer_name: me.display_name, client_id: client, record })
}

/// Both forms post here: a new sponsor when `client` is absent, else that sponsor's edit.
#[server(endpoint = "ops/save_client")]
pub async fn save_client(client: Option<i64>, #[server(flatten)] form: ClientForm) -> Result<(), AppError> {
    use crate::domain::client::RawClient;
    let raw = RawClient {
        name: &form.name,
        sector: &form.sector,
        region: &form.region,
        contact_name: &form.contact_name,
        contact_email: &form.email,
        contact_phone: &form.phone,
        contract_starts_on: &form.starts_on,
        contract_ends_on: &form.ends_on,
        target_learners: &form.target,
        notes: &form.note,
        status: &form.status,
    };
    save::save(client, &raw).await
}

#[cfg(feature = "ssr")]
mod save {
    //! Saving a sponsor: guard, parse every field, check the database's side
    //! (the name, running cohorts before ending) in one transaction, audit what changed, and go
    //! back with the news.

    use crate::auth::{Role, guard, session};
    use crate::domain::account::EmailError;
    use crate::domain::client::{
        Client, ClientError, ClientField, LABEL_MAX_CHARS, NAME_MAX_CHARS, NOTES_MAX_CHARS, PHONE_MAX_CHARS, RawClient, TARGET_MAX,
    };
    use crate::error::{AppError, violated_constraint};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::{AuditAction, ClientRecord, ClientStatus};
    use crate::server::db;

    fn field(f: ClientField) -> Field {
        match f {
            ClientField::Name => Field::Name,
            ClientField::Sector => Field::Sector,
            ClientField::Region => Field::Region,
            ClientField::ContactName => Field::ContactName,
            ClientField::ContactPhone => Field::Phone,
            ClientField::ContractStartsOn => Field::StartsOn,
            ClientField::ContractEndsOn => Field::EndsOn,
            ClientField::Notes => Field::Note,
        }
    }

    fn problem(e: ClientError) -> (Field, Problem) {
        match e {
            ClientError::NameMissing => (Field::Name, Problem::ClientNameMissing),
            ClientError::NameTooLong => (Field::Name, Problem::NameTooLong { max: NAME_MAX_CHARS }),
            ClientError::ControlChars(f) => (field(f), Problem::ControlChars),
            ClientError::SectorMissing => (Field::Sector, Problem::SectorMissing),
            ClientError::RegionMissing => (Field::Region, Problem::RegionMissing),
            ClientError::TooLong(f) => {
                let max = if f == ClientField::ContactPhone { PHONE_MAX_CHARS } else { LABEL_MAX_CHARS };
                (field(f), Problem::TextTooLong { max })
            }
            ClientError::Email(EmailError::TooLong) => (Field::Email, Problem::EmailTooLong),
            ClientError::Email(_) => (Field::Email, Problem::EmailMalformed),
            ClientError::PhoneMalformed => (Field::Phone, Problem::PhoneMalformed),
            ClientError::DateMalformed(f) => (field(f), Problem::DateMalformed),
            ClientError::EndsBeforeStart => (Field::EndsOn, Problem::EndsBeforeStart),
            ClientError::TargetMalformed => (Field::Target, Problem::NotAWholeNumber),
            ClientError::TargetOutOfRange => (Field::Target, Problem::TargetOutOfRange { max: TARGET_MAX }),
            ClientError::NotesTooLong => (Field::Note, Problem::NotesTooLong { max: NOTES_MAX_CHARS }),
            ClientError::StatusUnknown => (Field::Status, Problem::StatusUnknown),
        }
    }

    /// What an audit entry says changed, field by field, from what to what.
    fn changes(before: &ClientRecord, after: &Client) -> serde_json::Value {
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let pairs = [
            ("name", before.name.clone(), after.name.clone()),
            ("sector", before.sector.clone(), after.sector.clone()),
            ("region", before.region.clone(), after.region.clone()),
            ("contact_name", text(&before.contact_name), text(&after.contact_name)),
            ("contact_email", text(&before.contact_email), text(&after.contact_email)),
            ("contact_phone", text(&before.contact_phone), text(&after.contact_phone)),
            ("contract_starts_on", date(before.contract_starts_on), date(after.contract_starts_on)),
            ("contract_ends_on", date(before.contract_ends_on), date(after.contract_ends_on)),
            (
                "target_learners",
                before.target_learners.map(|t| t.to_string()).unwrap_or_default(),
                after.target_learners.map(|t| t.to_string()).unwrap_or_default(),
            ),
            ("status", before.status.map(|s| s.as_str().to_owned()).unwrap_or_default(), after.status.as_str().to_owned()),
        ];
        let mut changed: serde_json::Map<String, serde_json::Value> = pairs
            .into_iter()
            .filter(|(_, from, to)| from != to)
            .map(|(k, from, to)| (k.to_owned(), serde_json::json!({ "from": from, "to": to })))
            .collect();
        // Notes can be long and personal: the entry says they changed, not what they say.
        if before.notes != after.notes {
            changed.insert("notes".to_owned(), serde_json::json!("changed"));
        }
        serde_json::Value::Object(changed)
    }

    pub async fn save(client: Option<i64>, raw: &RawClient<'_>) -> Result<(), AppError> {
        let me = guard::require_role(Role::Operations)?;
        let sess = session::session().await?;
        let form_page = match client {
            Some(id) => format!("/ops/clients/{id}/edit"),
            None => "/ops/clients/new".to_owned(),
        };
        let note = raw.notes.to_owned();
        let typed = FormFlash::new(Form::Client)
            .with_value(Field::Name, raw.name)
            .with_value(Field::Sector, raw.sector)
            .with_value(Field::Region, raw.region)
            .with_value(Field::ContactName, raw.contact_name)
            .with_value(Field::Email, raw.contact_email)
            .with_value(Field::Phone, raw.contact_phone)
            .with_value(Field::StartsOn, raw.contract_starts_on)
            .with_value(Field::EndsOn, raw.contract_ends_on)
            .with_value(Field::Target, raw.target_learners)
            .with_value(Field::Status, raw.status)
            .with_answers([(&Field::Note.as_str().to_owned(), &note)]);
        let refuse = |problems: Vec<(Field, Problem)>| {
            let flash = problems.into_iter().fold(typed.clone(), |f, (field, p)| f.with_error(field, p));
            let sess = sess.clone();
            let page = form_page.clone();
            async move { session::back_to(&sess, &page, flash).await }
        };
        let parsed = match Client::parse(raw) {
            Ok(c) => c,
            Err(errors) => return refuse(errors.into_iter().map(problem).collect()).await,
        };

        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let before = match client {
            Some(id) => Some(db::clients::record_for_update(&mut tx, id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        if parsed.status == ClientStatus::Ended && before.as_ref().is_none_or(|b| b.status != Some(ClientStatus::Ended)) {
            let running = match client {
                Some(id) => db::clients::running_cohorts(&mut tx, id).await?,
                None => 0,
            };
            if running > 0 {
                tx.rollback().await?;
                return refuse(vec![(Field::Status, Problem::ClientHasRunningCohorts { count: running })]).await;
            }
        }
        let written = match client {
            Some(id) => db::clients::update(&mut tx, id, &parsed).await.map(|()| id),
            None => db::clients::insert(&mut tx, &parsed).await,
        };
        let id = match written {
            Err(err) if violated_constraint(&err) == Some("client_org_name_key") => {
                tx.rollback().await?;
                return refuse(vec![(Field::Name, Problem::ClientNameTaken)]).await;
            }
            other => other?,
        };
        let (action, detail) = match &before {
            None => (AuditAction::ClientCreated, serde_json::json!({ "name": parsed.name, "status": parsed.status.as_str() })),
            Some(b) => (AuditAction::ClientUpdated, changes(b, &parsed)),
        };
        db::audit::record(&mut tx, Some(me.user_id), action, "client_org", Some(id), detail).await?;
        tx.commit().await?;
        let notice = match client {
            None => Notice::ClientCreated { name: parsed.name },
            Some(_) => Notice::ClientSaved { name: parsed.name },
        };
        session::back_to(&sess, &format!("/ops/clients/{id}"), FormFlash::new(Form::Client).with_notice(notice)).await
    }
}
