//! `/ops/redistribute`: the load optimiser's proposal (reading only), and applying the proposal
//! that was previewed, refused as a whole when the data changed since.

use crate::error::AppError;
use crate::model::ops::RedistributeView;
use leptos::prelude::*;

#[server(endpoint = "ops/redistribution")]
pub async fn get_redistribution() -> Result<RedistributeView, AppError> {
    use crate::auth::{Role, guard};
    let me = guard::require_role(Role::Operations)?;
    let proposal = crate::server::redistribute::preview(&guard::pool()?).await?;
    Ok(RedistributeView { viewer_name: me.display_name, proposal })
}

/// `moves` is the preview's list, `cohort:trainer` pairs separated by commas.
#[server(endpoint = "ops/apply_redistribution")]
pub async fn apply_redistribution(fingerprint: String, moves: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::server::redistribute::{Applied, apply};

    let me = guard::require_role(Role::Operations)?;
    let sess = session::session().await?;
    let flash = FormFlash::new(Form::Redistribute);
    let parsed: Option<Vec<(i64, i64)>> = moves
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| m.split_once(':').and_then(|(c, t)| Some((c.trim().parse().ok()?, t.trim().parse().ok()?))))
        .collect();
    let outcome = match parsed {
        Some(moves) if moves.len() <= 100_000 => apply(&guard::pool()?, me.user_id, fingerprint.trim(), &moves).await?,
        _ => Applied::Malformed,
    };
    let flash = match outcome {
        Applied::Done { moved } => flash.with_notice(Notice::LoadRedistributed { moved: moved as i64 }),
        Applied::Stale => flash.with_error(Field::Whole, Problem::ProposalStale),
        Applied::Malformed => flash.with_error(Field::Whole, Problem::ProposalMalformed),
    };
    session::back_to(&sess, "/ops/redistribute", flash).await
}
