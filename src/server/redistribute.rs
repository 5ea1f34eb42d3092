//! Trainer load redistribution against the database: the instance read from it (trainers and
//! their capacity, planned and running cohorts with their learners, approvals), the optimiser's
//! proposal with the greedy baseline beside it, a fingerprint of the data it was made from, and
//! applying a previewed proposal in one transaction — refused once that data changed.

use crate::domain::redistribute::{self as model, Instance, Score};
use crate::model::ops::{AuditAction, CohortMove, LoadRow, LoadScore, Proposal};
use crate::server::db::{self, trainers::LoadCohort, trainers::LoadTrainer};
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// Solver time the web page and the CLI allow (the relaxed programme usually needs far less).
pub const SOLVE_SECONDS: f64 = 0.8;

/// What the data says, read in one go.
pub struct World {
    trainers: Vec<LoadTrainer>,
    cohorts: Vec<LoadCohort>,
    clients: HashSet<(i64, i64)>,
    paths: HashSet<(i64, i64)>,
}

impl World {
    pub async fn read(conn: &mut PgConnection) -> Result<World, sqlx::Error> {
        let cohorts = db::trainers::load_cohorts(conn).await?;
        let trainers = db::trainers::load_trainers(conn).await?;
        let (clients, paths) = db::trainers::approvals(conn).await?;
        Ok(World { trainers, cohorts, clients: clients.into_iter().collect(), paths: paths.into_iter().collect() })
    }

    /// A digest of everything a proposal depends on: who holds which cohort, its learners, each
    /// trainer's capacity and status, and the approvals.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        for c in &self.cohorts {
            h.update(format!("c{}:{}:{}:{}:{};", c.cohort_id, c.trainer_id, c.learners, c.client_org_id, c.learning_path_id));
        }
        for t in &self.trainers {
            h.update(format!("t{}:{}:{};", t.user_id, t.capacity, t.active));
        }
        let mut approvals: Vec<_> =
            self.clients.iter().map(|&(t, c)| (0, t, c)).chain(self.paths.iter().map(|&(t, p)| (1, t, p))).collect();
        approvals.sort_unstable();
        for (kind, t, x) in approvals {
            h.update(format!("a{kind}:{t}:{x};"));
        }
        h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    fn allowed(&self, trainer: &LoadTrainer, client: i64, path: i64) -> bool {
        trainer.active && self.clients.contains(&(trainer.user_id, client)) && self.paths.contains(&(trainer.user_id, path))
    }

    /// Index of each trainer by user id.
    fn index(&self) -> HashMap<i64, usize> {
        self.trainers.iter().enumerate().map(|(i, t)| (t.user_id, i)).collect()
    }

    /// The cohorts the optimiser sees: those whose trainer is among the trainers read.
    fn placed(&self) -> Vec<&LoadCohort> {
        let index = self.index();
        self.cohorts.iter().filter(|c| index.contains_key(&c.trainer_id)).collect()
    }

    fn instance(&self) -> Instance {
        let index = self.index();
        let mut group_of: HashMap<(i64, i64), usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let cohorts = self
            .placed()
            .into_iter()
            .map(|c| {
                let group = *group_of.entry((c.client_org_id, c.learning_path_id)).or_insert_with(|| {
                    let approved = self.trainers.iter().enumerate();
                    groups.push(approved.filter(|(_, t)| self.allowed(t, c.client_org_id, c.learning_path_id)).map(|(i, _)| i).collect());
                    groups.len() - 1
                });
                model::Cohort { learners: c.learners as f64, current: index[&c.trainer_id], group }
            })
            .collect();
        Instance {
            // A switched-off trainer can hold nobody: capacity 0 moves their cohorts away.
            trainers: self
                .trainers
                .iter()
                .map(|t| model::Trainer { capacity: if t.active { f64::from(t.capacity) } else { 0.0 } })
                .collect(),
            groups,
            cohorts,
        }
    }
}

fn load_score(s: Score) -> LoadScore {
    LoadScore {
        imbalance: (s.imbalance * 10.0).round() / 10.0,
        over: s.over,
        moves: s.moves,
        max_utilisation_percent: s.max_utilisation.is_finite().then(|| (s.max_utilisation * 100.0).round() as i64),
        objective: (s.objective * 10.0).round() / 10.0,
    }
}

/// The proposal for `world`: solved off the async threads (it is CPU work).
pub async fn propose(world: World) -> Proposal {
    tokio::task::spawn_blocking(move || proposal(&world)).await.unwrap_or_else(|_| empty())
}

fn empty() -> Proposal {
    let zero = LoadScore { imbalance: 0.0, over: 0.0, moves: 0, max_utilisation_percent: None, objective: 0.0 };
    Proposal {
        fingerprint: String::new(),
        method: model::Method::Greedy,
        solve_ms: 0,
        cohorts: 0,
        learners: 0,
        trainers: Vec::new(),
        moves: Vec::new(),
        greedy_moves: 0,
        before: zero,
        after: zero,
        greedy: zero,
    }
}

pub fn proposal(world: &World) -> Proposal {
    let inst = world.instance();
    let started = Instant::now();
    let greedy = model::greedy(&inst);
    let plan = model::optimise(&inst, &greedy, SOLVE_SECONDS);
    let solve_ms = started.elapsed().as_millis() as u64;
    let (before, after, by_greedy) = (inst.loads(&inst.current()), inst.loads(&plan.assignment), inst.loads(&greedy));
    // Cohorts whose trainer is not in the instance stayed out of it: they are neither moved nor counted.
    let placed = world.placed();
    let moves = placed
        .iter()
        .zip(&plan.assignment)
        .zip(&inst.cohorts)
        .filter(|((_, to), c)| c.current != **to)
        .map(|((cohort, &to), c)| CohortMove {
            cohort_id: cohort.cohort_id,
            cohort: cohort.name.clone(),
            learners: cohort.learners,
            from_id: world.trainers[c.current].user_id,
            from: world.trainers[c.current].display_name.clone(),
            to_id: world.trainers[to].user_id,
            to: world.trainers[to].display_name.clone(),
        })
        .collect();
    let fairs = inst.fairs();
    let trainers = world
        .trainers
        .iter()
        .enumerate()
        .map(|(i, t)| LoadRow {
            trainer_id: t.user_id,
            name: t.display_name.clone(),
            capacity: if t.active { t.capacity } else { 0 },
            before: before[i].round() as i64,
            after: after[i].round() as i64,
            greedy_after: by_greedy[i].round() as i64,
            fair: (fairs[i] * 10.0).round() / 10.0,
        })
        .collect();
    Proposal {
        fingerprint: world.fingerprint(),
        method: plan.method,
        solve_ms,
        cohorts: inst.cohorts.len(),
        learners: placed.iter().map(|c| c.learners).sum(),
        trainers,
        moves,
        greedy_moves: inst.score(&greedy).moves,
        before: load_score(inst.score(&inst.current())),
        after: load_score(plan.score),
        greedy: load_score(inst.score(&greedy)),
    }
}

/// Reads the data and proposes, without changing anything.
pub async fn preview(pool: &PgPool) -> Result<Proposal, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let world = World::read(&mut conn).await?;
    drop(conn);
    Ok(propose(world).await)
}

/// How applying a previewed proposal ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Done {
        moved: usize,
    },
    /// Cohorts, trainers, capacities or approvals changed since the preview.
    Stale,
    /// The moves sent are not the preview's (tampered with, or unreadable).
    Malformed,
}

/// Applies `moves` (cohort → trainer) previewed from data with `fingerprint`: every move in one
/// transaction, each still allowed, audited as one entry; refused as a whole when the data changed
/// since. Applies take turns (a transaction-scoped advisory lock); the cohorts that move and the
/// trainers receiving them are locked before the data is read again, in the order a single
/// reassignment takes them, so neither a reassignment nor a trainer being switched off can cross
/// an apply — and the thousands of cohorts that stay put are not locked at all.
pub async fn apply(pool: &PgPool, actor: i64, fingerprint: &str, moves: &[(i64, i64)]) -> Result<Applied, sqlx::Error> {
    let mut tx = pool.begin().await?;
    db::trainers::take_redistribution_turn(&mut tx).await?;
    let mut cohort_ids: Vec<i64> = moves.iter().map(|&(c, _)| c).collect();
    let mut trainer_ids: Vec<i64> = moves.iter().map(|&(_, t)| t).collect();
    cohort_ids.sort_unstable();
    trainer_ids.sort_unstable();
    trainer_ids.dedup();
    if cohort_ids.windows(2).any(|w| w[0] == w[1]) {
        return Ok(Applied::Malformed);
    }
    db::trainers::lock_for_moves(&mut tx, &cohort_ids, &trainer_ids).await?;
    let world = World::read(&mut tx).await?;
    if world.fingerprint() != fingerprint {
        return Ok(Applied::Stale);
    }
    let cohorts: HashMap<i64, &LoadCohort> = world.cohorts.iter().map(|c| (c.cohort_id, c)).collect();
    let trainers: HashMap<i64, &LoadTrainer> = world.trainers.iter().map(|t| (t.user_id, t)).collect();
    let mut detail = Vec::new();
    for &(cohort_id, to) in moves {
        let (Some(cohort), Some(trainer)) = (cohorts.get(&cohort_id), trainers.get(&to)) else { return Ok(Applied::Malformed) };
        if cohort.trainer_id == to || !world.allowed(trainer, cohort.client_org_id, cohort.learning_path_id) {
            return Ok(Applied::Malformed);
        }
        db::trainers::set_cohort_trainer(&mut tx, cohort_id, to).await?;
        detail.push(serde_json::json!({ "cohort": cohort_id, "from": cohort.trainer_id, "to": to, "learners": cohort.learners }));
    }
    if detail.is_empty() {
        return Ok(Applied::Done { moved: 0 });
    }
    let inst = world.instance();
    let before = inst.score(&inst.current());
    let entry = serde_json::json!({ "moves": detail, "imbalance_before": (before.imbalance * 10.0).round() / 10.0 });
    db::audit::record(&mut tx, Some(actor), AuditAction::LoadRedistributed, "cohort", None, entry).await?;
    tx.commit().await?;
    Ok(Applied::Done { moved: moves.len() })
}
