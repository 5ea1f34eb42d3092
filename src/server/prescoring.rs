//! Pre-scoring open answers in the background: a task that wakes when work is handed in (and
//! every minute), measures each open answer against its item's reference with the embedding model,
//! turns that into a suggested level per criterion with `domain::prescore`, and stores it with the
//! model's version. The learner never waits for it; a server without the model files simply has no
//! pre-scores, and the grading page says so.

use crate::domain::calibration::{self, Calibration};
use crate::domain::prescore::{self, Estimate, Measured};
use crate::domain::rubric::Rubric;
use crate::error::AppError;
use crate::server::calibration as fitting;
use crate::server::db::prescores::{self, Work};
use crate::server::embed::{self, Embedder};
use sqlx::PgPool;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

/// Submissions taken per round: small enough that a round's writes are short transactions.
const BATCH: i64 = 32;
/// A round also runs this often without being woken (work left by a crash, a rubric edited in SQL).
const IDLE: std::time::Duration = std::time::Duration::from_secs(60);
/// How often an idle pre-scorer looks for items whose grades call for a new calibration (at start,
/// then this often: the look scans graded work).
const REFIT_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// The handle the app keeps: wakes the pre-scorer and tells whether it runs.
pub struct Prescoring {
    wake: Notify,
    running: AtomicBool,
}

impl Prescoring {
    /// No pre-scoring (tests that do not need the model, tools).
    pub fn off() -> Arc<Self> {
        Arc::new(Prescoring { wake: Notify::new(), running: AtomicBool::new(false) })
    }

    /// Loads the model from `dir` and starts the background task. If the model cannot be loaded
    /// the app runs on without pre-scores, and says why in the log.
    pub fn start(pool: PgPool, dir: PathBuf) -> Arc<Self> {
        let handle = Arc::new(Prescoring { wake: Notify::new(), running: AtomicBool::new(false) });
        let me = handle.clone();
        tokio::spawn(async move {
            if let Some(embedder) = load(dir).await {
                me.run(pool, embedder).await;
            }
        });
        handle
    }

    /// Starts the background task with a model already loaded.
    pub fn start_loaded(pool: PgPool, embedder: Arc<Embedder>) -> Arc<Self> {
        let handle = Arc::new(Prescoring { wake: Notify::new(), running: AtomicBool::new(false) });
        let me = handle.clone();
        tokio::spawn(async move { me.run(pool, embedder).await });
        handle
    }

    async fn run(self: Arc<Self>, pool: PgPool, embedder: Arc<Embedder>) {
        self.running.store(true, Ordering::Relaxed);
        match prescores::mark_other_models_due(&pool, embed::MODEL_VERSION).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(submissions = n, "pre-scoring again with a new model"),
            Err(err) => tracing::error!(error = %err, "cannot look for pre-scores of an older model"),
        }
        let mut cache = Cache::default();
        let mut refit_checked: Option<std::time::Instant> = None;
        loop {
            match run_due(&pool, &embedder, &mut cache).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(err) => tracing::error!(error = ?err, "a pre-scoring round failed; retrying later"),
            }
            // Idle: time to see whether trainers' grades call for a new calibration.
            if refit_checked.is_none_or(|t| t.elapsed() >= REFIT_EVERY) {
                refit_checked = Some(std::time::Instant::now());
                match fitting::refit_due(&pool).await {
                    Ok(0) => {}
                    Ok(_) => {
                        // Cached pre-scores predate the new calibration.
                        cache = Cache::default();
                        continue;
                    }
                    Err(err) => tracing::error!(error = ?err, "refitting the pre-score calibrations failed"),
                }
            }
            let _ = tokio::time::timeout(IDLE, self.wake.notified()).await;
        }
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn running(&self) -> bool {
        self.running.load(Ordering::Relaxed)
    }
}

/// Loads the model off the async runtime; `None` (and the reason in the log) when it cannot.
pub async fn load(dir: PathBuf) -> Option<Arc<Embedder>> {
    match tokio::task::spawn_blocking(move || Embedder::load(&dir)).await {
        Ok(Ok(e)) => Some(Arc::new(e)),
        Ok(Err(message)) => {
            tracing::warn!(%message, "pre-scoring is off");
            None
        }
        Err(err) => {
            tracing::error!(error = %err, "pre-scoring is off: loading the model failed");
            None
        }
    }
}

/// Pre-scores everything due, calibrates what trainers' grades allow, and pre-scores what that
/// changed: what a freshly seeded demo does before it serves, so its first queue is in order.
pub async fn catch_up(pool: &PgPool, embedder: &Arc<Embedder>) -> Result<(), AppError> {
    let mut cache = Cache::default();
    while run_due(pool, embedder, &mut cache).await? > 0 {}
    if fitting::refit_due(pool).await? > 0 {
        let mut cache = Cache::default();
        while run_due(pool, embedder, &mut cache).await? > 0 {}
    }
    Ok(())
}

/// What the pre-scorer keeps between rounds: each item's basis, and the pre-score of each answer
/// text already measured against it (the same few words come back often, and the demo's learners
/// write from a fixed set). Keyed by the basis digest too, so a changed rubric starts afresh.
#[derive(Default)]
pub struct Cache {
    bases: HashMap<(i64, String), Result<Arc<Basis>, String>>,
    answers: HashMap<(i64, String, String), Scored>,
}

/// Entries kept before the cache starts again (bounds the memory a long run can take).
const CACHE_ENTRIES: usize = 20_000;

/// One round: pre-scores the open answers of up to one batch of due submissions; returns how many
/// submissions it settled.
pub async fn run_due(pool: &PgPool, embedder: &Arc<Embedder>, cache: &mut Cache) -> Result<usize, AppError> {
    let work = prescores::due(pool, BATCH).await?;
    if work.is_empty() {
        return Ok(0);
    }
    let calibrations = calibrations_for(pool, &work).await?;
    let model = embedder.clone();
    let mut taken = std::mem::take(cache);
    if taken.answers.len() > CACHE_ENTRIES {
        taken = Cache::default();
    }
    let (work, estimates, taken) = tokio::task::spawn_blocking(move || {
        let estimates = score_all(&model, &work, &calibrations, &mut taken);
        (work, estimates, taken)
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "the pre-scoring task panicked");
        AppError::Internal
    })?;
    *cache = taken;
    let mut settled = 0;
    let mut i = 0;
    while i < work.len() {
        let submission_id = work[i].submission_id;
        let end = work[i..].iter().position(|w| w.submission_id != submission_id).map_or(work.len(), |n| i + n);
        let mut tx = pool.begin().await?;
        let (mut earned, mut max, mut least, mut complete) = (work[i].auto_points, work[i].auto_max, None::<f32>, true);
        for (w, scored) in work[i..end].iter().zip(&estimates[i..end]) {
            let failed = (prescore::failed(), None);
            let (estimate, measured) = match scored {
                Ok(pair) => pair,
                Err(message) => {
                    tracing::error!(submission = w.submission_id, position = w.position, %message, "an open answer could not be pre-scored");
                    complete = false;
                    &failed
                }
            };
            let levels: Vec<i16> = estimate.levels.iter().map(|l| *l as i16).collect();
            let reasons = serde_json::to_value(&estimate.reasons).map_err(|_| AppError::Internal)?;
            let features = measured.as_ref().map_or(serde_json::json!({}), |m| serde_json::to_value(m).unwrap_or_default());
            let write = prescores::Write {
                submission_id: w.submission_id,
                position: w.position,
                basis: &w.basis,
                levels: &levels,
                confidence: estimate.confidence,
                reasons: &reasons,
                features: &features,
            };
            prescores::write(&mut tx, embed::MODEL_VERSION, &write).await?;
            least = Some(least.map_or(estimate.confidence, |c| c.min(estimate.confidence)));
            max += w.points;
            match Rubric::from_json(&w.rubric).ok().and_then(|r| r.score(&estimate.levels).ok().map(|s| s.item_points(w.points))) {
                Some(points) => earned += points,
                None => complete = false,
            }
        }
        let ai_score = complete.then(|| crate::domain::assessment::percent(earned, max));
        prescores::settle(&mut tx, submission_id, ai_score, least).await?;
        tx.commit().await?;
        settled += 1;
        i = end;
    }
    Ok(settled)
}

/// One answer's pre-score, with what was measured when there was something to measure.
type Scored = Result<(Estimate, Option<Measured>), String>;

/// Each item's calibration per criterion, for the rubric and reference it was fitted under.
type Calibrations = HashMap<(i64, String), Vec<Option<Calibration>>>;

async fn calibrations_for(pool: &PgPool, work: &[Work]) -> Result<Calibrations, AppError> {
    let mut ids: Vec<i64> = work.iter().map(|w| w.assessment_item_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out: Calibrations = HashMap::new();
    for stored in prescores::calibrations(pool, &ids, embed::MODEL_VERSION).await? {
        let Ok(model) = serde_json::from_value::<Calibration>(stored.model) else { continue };
        let slots = out.entry((stored.assessment_item_id, stored.basis)).or_default();
        let c = stored.criterion.max(0) as usize;
        if slots.len() <= c {
            slots.resize(c + 1, None);
        }
        slots[c] = Some(model);
    }
    Ok(out)
}

/// The pre-score of each piece of work (calibrated where its item has a calibration for its
/// current rubric and reference), measuring only what the cache does not hold.
fn score_all(embedder: &Embedder, work: &[Work], calibrations: &Calibrations, cache: &mut Cache) -> Vec<Scored> {
    work.iter()
        .map(|w| {
            let key = (w.assessment_item_id, w.basis.clone(), w.answer.clone());
            if let Some(done) = cache.answers.get(&key) {
                return done.clone();
            }
            let basis = cache
                .bases
                .entry((w.assessment_item_id, w.basis.clone()))
                .or_insert_with(|| Basis::new(embedder, &w.rubric, &w.reference, &w.prompt).map(Arc::new));
            let scored = match basis {
                Err(message) => Err(message.clone()),
                Ok(basis) if basis.points.is_empty() => Ok((prescore::no_reference(), None)),
                Ok(basis) => basis.measure(embedder, &w.answer).map(|m| {
                    let raw = prescore::estimate(&basis.rubric, &m);
                    let estimate = match calibrations.get(&(w.assessment_item_id, w.basis.clone())) {
                        Some(fitted) => calibration::calibrate(&basis.rubric, &m, &raw, fitted),
                        None => raw,
                    };
                    (estimate, Some(m))
                }),
            };
            cache.answers.insert(key, scored.clone());
            scored
        })
        .collect()
}

/// What an item's answers are measured against: its rubric, and its reference's key points
/// embedded, each assigned to the criterion it is most like.
pub struct Basis {
    pub rubric: Rubric,
    /// The reference's key points, as text (reasons name them) and as vectors.
    pub points: Vec<String>,
    point_vectors: Vec<Vec<f32>>,
    point_criterion: Vec<usize>,
    reference: Vec<f32>,
    prompt: Vec<f32>,
}

impl Basis {
    pub fn new(embedder: &Embedder, rubric: &serde_json::Value, reference: &str, prompt: &str) -> Result<Basis, String> {
        let rubric = Rubric::from_json(rubric).map_err(|e| format!("the rubric does not read: {e}"))?;
        let points = key_points(reference);
        if points.is_empty() {
            let (point_vectors, point_criterion, reference, prompt) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            return Ok(Basis { rubric, points, point_vectors, point_criterion, reference, prompt });
        }
        // A criterion is described by its name and what its top level asks for.
        let criteria: Vec<String> =
            rubric.criteria().iter().map(|c| format!("{}: {}", c.name, c.levels.last().map_or("", |l| l.descriptor.as_str()))).collect();
        let mut texts: Vec<&str> = points.iter().map(String::as_str).collect();
        texts.extend(criteria.iter().map(String::as_str));
        texts.push(reference);
        texts.push(prompt);
        let mut vectors = embedder.embed(&texts)?;
        let prompt_vector = vectors.pop().unwrap_or_default();
        let reference_vector = vectors.pop().unwrap_or_default();
        let criterion_vectors = vectors.split_off(points.len());
        let point_criterion = vectors
            .iter()
            .map(|p| {
                criterion_vectors
                    .iter()
                    .enumerate()
                    .map(|(c, v)| (c, embed::similarity(p, v)))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or(0, |(c, _)| c)
            })
            .collect();
        Ok(Basis { rubric, points, point_vectors: vectors, point_criterion, reference: reference_vector, prompt: prompt_vector })
    }

    /// Measures one answer: each key point's best similarity to a sentence of the answer (or to
    /// the whole of it), and the whole answer's similarity to the whole reference and to the
    /// question.
    pub fn measure(&self, embedder: &Embedder, answer: &str) -> Result<Measured, String> {
        let words = answer.split_whitespace().count();
        if words == 0 {
            return Ok(Measured {
                point_criterion: self.point_criterion.clone(),
                point_similarity: vec![0.0; self.points.len()],
                overall: 0.0,
                prompt: 0.0,
                words: 0,
                unfamiliar: 0.0,
            });
        }
        let mut parts = prescore::sentences(answer);
        parts.push(answer.to_owned());
        let texts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let vectors = embedder.embed(&texts)?;
        let whole = vectors.last().cloned().unwrap_or_default();
        let point_similarity =
            self.point_vectors.iter().map(|p| vectors.iter().map(|v| embed::similarity(p, v)).fold(f32::MIN, f32::max)).collect();
        Ok(Measured {
            point_criterion: self.point_criterion.clone(),
            point_similarity,
            overall: embed::similarity(&whole, &self.reference),
            prompt: embed::similarity(&whole, &self.prompt),
            words,
            unfamiliar: embedder.unfamiliar_share(answer),
        })
    }
}

/// The key points of a reference answer: its sentences and clauses, or the whole of it when it is
/// one short phrase.
pub fn key_points(reference: &str) -> Vec<String> {
    let points = prescore::sentences(reference);
    if points.is_empty() && !reference.trim().is_empty() { vec![reference.trim().to_owned()] } else { points }
}

/// What `ruralrise prescore bench` prints.
#[derive(Debug, serde::Serialize)]
pub struct BenchFigures {
    pub model_version: &'static str,
    pub load_ms: f64,
    pub answers: usize,
    /// Each answer measured against its item's key points (the cache off), one after another.
    pub ms_per_answer: f64,
    pub slowest_ms: f64,
    /// Resident memory of the process after loading and scoring (VmRSS), and before loading.
    pub rss_mb: Option<f64>,
    pub rss_before_load_mb: Option<f64>,
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Loads the model and pre-scores every open answer of the demo (each quality of each check) the
/// way the background task does, timing each.
pub fn bench(dir: &std::path::Path) -> Result<BenchFigures, String> {
    let before = rss_mb();
    let started = std::time::Instant::now();
    let embedder = Embedder::load(dir)?;
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    let rubric = crate::server::demo::check_rubric();
    let mut times = Vec::new();
    for m in crate::server::demo::content::open_materials() {
        let basis = Basis::new(&embedder, &rubric, &m.reference, &m.prompt)?;
        for answer in [&m.complete, &m.paraphrase, &m.partial, &m.off_topic, &m.kiswahili] {
            let t = std::time::Instant::now();
            let measured = basis.measure(&embedder, answer)?;
            std::hint::black_box(prescore::estimate(&basis.rubric, &measured));
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(BenchFigures {
        model_version: embed::MODEL_VERSION,
        load_ms,
        answers: times.len(),
        ms_per_answer: times.iter().sum::<f64>() / times.len().max(1) as f64,
        slowest_ms: times.iter().copied().fold(0.0, f64::max),
        rss_mb: rss_mb(),
        rss_before_load_mb: before,
    })
}
