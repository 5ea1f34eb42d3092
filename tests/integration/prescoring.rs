//! Pre-scoring with the real embedding model (fetched by scripts/setup.sh): meaning counts over
//! shared words, unfamiliar language lowers the confidence, and in the running app an open answer
//! handed in is pre-scored in the background, shown to its trainer with reasons and a draft, and
//! scored again when its rubric changes.

use crate::common::*;
use ruralrise::domain::prescore::{self, Reason};
use ruralrise::server::config;
use ruralrise::server::embed::{self, Embedder};
use ruralrise::server::prescoring::{self, Basis};
use sqlx::PgPool;
use std::sync::{Arc, OnceLock};

fn model() -> &'static Arc<Embedder> {
    static MODEL: OnceLock<Arc<Embedder>> = OnceLock::new();
    MODEL.get_or_init(|| Arc::new(Embedder::load(&Embedder::default_dir()).expect("the model from scripts/setup.sh")))
}

/// Runs the pre-scorer by hand until nothing is due.
async fn prescore_all(pool: &PgPool) {
    let mut cache = prescoring::Cache::default();
    while prescoring::run_due(pool, model(), &mut cache).await.unwrap() > 0 {}
}

const PROMPT: &str = "Describe how you would make a customer's home safe before starting a repair.";
const REFERENCE: &str = "Switch off the loads and the charge controller before touching anything. Disconnect the panel so no power \
    comes from the roof. Cover or disconnect the battery terminals and keep metal tools away from them.";
/// The same steps in other words: hardly a shared word of four letters or more.
const PARAPHRASE: &str = "Before any repair I cut every source of electricity: the lamps go off, the regulator box goes off, and \
    the cable from the roof module is unplugged. The accumulator poles get rubber caps so a spanner cannot short them.";
/// The reference's words, without answering.
const KEYWORDS: &str = "Safety matters. The home has a panel, a battery with terminals, a charge controller, loads and metal \
    tools on the roof. Power is important.";

fn rubric() -> serde_json::Value {
    let levels = |d: &str| {
        serde_json::json!([
            {"points": 0, "descriptor": "Missing"}, {"points": 1, "descriptor": "Partly"},
            {"points": 2, "descriptor": "Mostly"}, {"points": 3, "descriptor": d}
        ])
    };
    serde_json::json!({"criteria": [
        {"name": "Accurate: matches what the lessons teach", "levels": levels("Right and complete")},
        {"name": "Clear: a customer could follow it", "levels": levels("Clear and in order")}
    ]})
}

fn mean(v: &[f32]) -> f32 {
    v.iter().sum::<f32>() / v.len() as f32
}

#[test]
fn a_paraphrase_scores_nearer_the_reference_than_keywords_without_meaning() {
    let basis = Basis::new(model(), &rubric(), REFERENCE, PROMPT).unwrap();
    assert_eq!(basis.points.len(), 3, "one key point per sentence");
    let paraphrase = basis.measure(model(), PARAPHRASE).unwrap();
    let keywords = basis.measure(model(), KEYWORDS).unwrap();
    let (p, k) = (mean(&paraphrase.point_similarity), mean(&keywords.point_similarity));
    let (rp, rk) = (prescore::relevance(&paraphrase), prescore::relevance(&keywords));
    println!("mean key-point similarity: paraphrase {p:.2}, keyword list {k:.2}; relevance {rp:.2} vs {rk:.2}");
    println!(
        "nearer the reference than the question by: paraphrase {:+.2}, keyword list {:+.2}",
        paraphrase.overall - paraphrase.prompt,
        keywords.overall - keywords.prompt
    );
    assert!(rp > rk, "the paraphrase answers, the keyword list restates the topic: {rp} vs {rk}");
    let (p_levels, k_levels) = (prescore::estimate(&basis.rubric, &paraphrase).levels, prescore::estimate(&basis.rubric, &keywords).levels);
    assert!(p_levels.iter().sum::<usize>() > k_levels.iter().sum::<usize>(), "{p_levels:?} vs {k_levels:?}");

    // The keyword baseline is fooled the other way round.
    let (bp, bk) = (prescore::keyword_overlap(REFERENCE, PARAPHRASE), prescore::keyword_overlap(REFERENCE, KEYWORDS));
    println!("keyword overlap: paraphrase {bp:.2}, keyword list {bk:.2}");
    assert!(bk > bp, "the baseline prefers the keyword list: {bk} vs {bp}");
}

/// Every open answer of the demo, by quality: what the model measures and what it suggests (the
/// figures behind `domain::prescore`'s thresholds, printed for the closing note).
#[test]
fn the_demo_answers_rank_by_quality() {
    use ruralrise::server::demo::{check_rubric, content::open_materials};
    let rubric = check_rubric();
    /// Per quality: key-point similarity, whole-answer similarity and levels summed, per item.
    type Row = (&'static str, Vec<f32>, Vec<f32>, Vec<usize>);
    let mut rows: Vec<Row> = ["complete", "paraphrase", "partial", "off_topic", "kiswahili"]
        .into_iter()
        .map(|q| (q, Vec::new(), Vec::new(), Vec::new()))
        .collect();
    for m in open_materials() {
        let basis = Basis::new(model(), &rubric, &m.reference, &m.prompt).unwrap();
        for (row, answer) in rows.iter_mut().zip([&m.complete, &m.paraphrase, &m.partial, &m.off_topic, &m.kiswahili]) {
            let measured = basis.measure(model(), answer).unwrap();
            row.1.push(mean(&measured.point_similarity));
            row.2.push(measured.overall);
            row.3.push(prescore::estimate(&basis.rubric, &measured).levels.iter().sum());
        }
    }
    for (quality, points, overall, levels) in &rows {
        let levels = levels.iter().sum::<usize>() as f32 / levels.len() as f32;
        println!("{quality:>10}: key points {:.2}  whole answer {:.2}  levels summed {levels:.1}", mean(points), mean(overall));
    }
    let level = |i: usize| rows[i].3.iter().sum::<usize>();
    assert!(level(0) > level(2) && level(1) > level(2), "complete answers and paraphrases above partial ones");
    assert!(level(1) > level(3), "a paraphrase above keywords without meaning");
    assert!(level(2) >= level(3), "a partial answer at least as high as an off-topic one");
}

#[test]
fn an_answer_in_another_language_is_not_trusted() {
    let basis = Basis::new(model(), &rubric(), REFERENCE, PROMPT).unwrap();
    let english = basis.measure(model(), PARAPHRASE).unwrap();
    let kiswahili = basis
        .measure(
            model(),
            "Kwanza nazima vifaa vyote na kidhibiti cha chaji. Kisha natoa waya wa paneli ili paa lisitoe umeme. \
             Nafunika vituo vya betri na kuweka vifaa vya chuma mbali.",
        )
        .unwrap();
    println!("unfamiliar words: English {:.2}, Kiswahili {:.2}", english.unfamiliar, kiswahili.unfamiliar);
    assert!(english.unfamiliar < prescore::UNFAMILIAR && kiswahili.unfamiliar > prescore::UNFAMILIAR);
    let e = prescore::estimate(&basis.rubric, &kiswahili);
    assert!(e.reasons.contains(&Reason::UnfamiliarLanguage));
    assert!(e.confidence < prescore::estimate(&basis.rubric, &english).confidence);
    // Vectors are unit length, so similarity is a cosine.
    let v = model().embed(&["one", "two words"]).unwrap();
    assert!(v.iter().all(|x| (embed::similarity(x, x) - 1.0).abs() < 1e-4));
}

/// Waits until the pre-scorer has nothing left to do (or a minute passed).
async fn drained(pool: &PgPool) -> bool {
    for _ in 0..600 {
        if count(pool, "select count(*) from submission where prescore_due").await == 0 {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[sqlx::test(migrations = "./migrations")]
async fn work_handed_in_is_pre_scored_in_the_background_and_shown_to_its_trainer(pool: PgPool) {
    let cfg = config::Config { trust_proxy: true, model_dir: Some(Embedder::default_dir()), ..config::Config::plain(scratch_dir()) };
    let app = spawn_with(pool, cfg).await;
    let pool = app.pool.clone();
    assert!(drained(&pool).await, "the demo's open answers are pre-scored at start");
    let stored = count(&pool, "select count(*) from prescore").await;
    let open_answers =
        count(&pool, "select count(*) from submission s join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open'")
            .await;
    assert_eq!(stored, open_answers, "every open answer has its pre-score");
    assert_eq!(
        count(&pool, "select count(*) from submission where status = 'pending' and prescore_due = false and ai_confidence is null").await,
        0,
        "pending work carries its confidence for the queue's order"
    );

    // Amina hands in a module check; the learner is answered at once, the pre-score follows.
    let me = user_id(&pool, LEARNER).await;
    let check: i64 = sqlx::query_scalar(
        "select a.assessment_id from assessment a join assessment_item i on i.assessment_id = a.assessment_id and i.kind = 'open'
           join module m on m.module_id = a.module_id join cohort c on c.learning_path_id = m.learning_path_id
           join cohort_member cm on cm.cohort_id = c.cohort_id and cm.learner_id = $1 order by a.assessment_id limit 1",
    )
    .bind(me)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("update assessment set max_attempts = null where assessment_id = $1").bind(check).execute(&pool).await.unwrap();
    let mut learner = signed_in(&app, LEARNER).await;
    let (a, key) = (check.to_string(), uuid::Uuid::new_v4().to_string());
    let form =
        [("assessment", a.as_str()), ("key", key.as_str()), ("answers[q1]", "1"), ("answers[q2]", "voltage"), ("answers[q3]", PARAPHRASE)];
    let r = learner.call("/api/learner/submit_assessment", &form).await;
    assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
    let submission: i64 = r.body.trim().parse().unwrap();
    assert!(drained(&pool).await, "woken by the submission");
    let (levels, confidence, model): (Vec<i16>, f32, String) =
        sqlx::query_as("select levels, confidence, model_version from prescore where submission_id = $1 and position = 3")
            .bind(submission)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(levels.len(), 3, "a level per criterion");
    assert!((0.0..=1.0).contains(&confidence));
    assert_eq!(model, embed::MODEL_VERSION);
    let (ai_score, ai_confidence): (Option<i32>, Option<f32>) =
        sqlx::query_as("select ai_score, ai_confidence from submission where submission_id = $1")
            .bind(submission)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(ai_score.is_some() && ai_confidence == Some(confidence));

    // The trainer sees the suggestion, why, and feedback drafted from it.
    let mut trainer = signed_in(&app, TRAINER).await;
    let page = trainer.get(&format!("/train/submissions/{submission}?sort=uncertain")).await;
    assert_eq!(page.status, reqwest::StatusCode::OK);
    assert!(page.body.contains("Pre-score") && page.body.contains("Confidence:"), "{}", page.body);
    assert!(page.body.contains("(suggested)"), "the suggested level is marked");
    assert!(page.body.contains("Covers:") || page.body.contains("Misses:"), "reasons name key points");
    assert!(page.body.contains("id=\"draft-hint\""), "the draft is offered");
    let textarea = page.body.split("id=\"feedback\"").nth(1).unwrap().split("</textarea>").next().unwrap();
    assert!(textarea.contains(" — "), "the draft quotes the rubric's levels: {textarea}");

    // A changed rubric makes the pre-score stale; it is scored again.
    sqlx::query(
        "update assessment_item set rubric = jsonb_set(rubric, '{criteria,0,name}', '\"Accurate and safe\"')
          where assessment_id = $1 and position = 3",
    )
    .bind(check)
    .execute(&pool)
    .await
    .unwrap();
    assert!(count(&pool, &format!("select count(*) from submission where submission_id = {submission} and prescore_due")).await == 1);
    let page = trainer.get(&format!("/train/submissions/{submission}")).await;
    assert!(page.body.contains("a new pre-score is on its way"), "a stale pre-score says so until it is redone");
    // Woken by the next hand-in (or within the minute).
    let key = uuid::Uuid::new_v4().to_string();
    let form =
        [("assessment", a.as_str()), ("key", key.as_str()), ("answers[q1]", "1"), ("answers[q2]", "voltage"), ("answers[q3]", "Not sure.")];
    assert_eq!(learner.call("/api/learner/submit_assessment", &form).await.status, reqwest::StatusCode::OK);
    assert!(drained(&pool).await);
    let current: bool = sqlx::query_scalar(
        "select p.basis = prescore_basis(i.rubric, i.answer_key) from prescore p
           join assessment_item i on i.assessment_id = $2 and i.position = p.position where p.submission_id = $1",
    )
    .bind(submission)
    .bind(check)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(current, "scored again against the new rubric");
}

#[test]
fn a_calibration_learns_the_levels_trainers_give_and_says_how_sure_it_is() {
    use ruralrise::domain::calibration::{Calibration, FEATURES};
    use ruralrise::server::calibration::fit;
    // Trainers give 3 above 0.7 coverage, 1 between 0.3 and 0.7 and 0 below, whatever the length.
    let samples: Vec<([f64; FEATURES], usize)> = (0..60)
        .map(|i| {
            let coverage = f64::from(i) / 59.0;
            let level = if coverage > 0.7 {
                3
            } else if coverage > 0.3 {
                1
            } else {
                0
            };
            ([coverage, coverage * 0.8, 0.5 + f64::from(i % 3) / 10.0, 0.05], level)
        })
        .collect();
    let model: Calibration = fit(&samples).expect("three levels to tell apart");
    assert_eq!(model.levels, vec![0, 1, 3], "the levels trainers used, weakest first");
    assert_eq!(model.trained_on, 60);
    let right = samples.iter().filter(|(x, level)| model.predict(x).0 == *level).count();
    assert!(right >= 50, "{right} of 60 on its own training data");
    let (level, sure) = model.predict(&[0.95, 0.8, 0.6, 0.05]);
    let (_, unsure) = model.predict(&[0.7, 0.56, 0.6, 0.05]);
    assert_eq!(level, 3);
    assert!(sure > unsure, "surer far from a boundary ({sure}) than on one ({unsure})");
    // One level only: nothing to learn.
    let same: Vec<_> = samples.iter().map(|(x, _)| (*x, 2)).collect();
    assert!(fit(&same).is_none());
}

#[sqlx::test(migrations = "./migrations")]
async fn items_with_enough_trainer_grades_are_calibrated_and_reported_against_a_held_out_fifth(pool: PgPool) {
    use ruralrise::server::calibration;
    // The pre-scorer is driven by hand here, so nothing runs behind the test's back.
    let app = spawn(pool).await;
    let pool = app.pool.clone();
    prescore_all(&pool).await;
    // The test world is small: make one item's graded answers enough by copying them (same
    // answers, same grades), as a busy cohort would.
    let item: (i64, i64) = sqlx::query_as(
        "select i.assessment_item_id, i.assessment_id from assessment_item i join submission s on s.assessment_id = i.assessment_id
          where i.kind = 'open' and s.status = 'graded' group by i.assessment_item_id order by count(*) desc limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    for _ in 0..12 {
        sqlx::query(
            "with copied as (
                insert into submission (assessment_id, learner_id, answers, status, graded_at, score, item_results, auto_points, auto_max, cohort_id)
                select assessment_id, learner_id, answers, status, graded_at, score, item_results, auto_points, auto_max, cohort_id
                  from submission where assessment_id = $1 and status = 'graded' and submission_id in (select submission_id from prescore)
                returning submission_id, answers)
             select count(*) from copied",
        )
        .bind(item.1)
        .execute(&pool)
        .await
        .unwrap();
        if count(&pool, &format!("select count(*) from submission where assessment_id = {} and status = 'graded'", item.1)).await >= 40 {
            break;
        }
    }
    prescore_all(&pool).await;
    assert_eq!(calibration::refit_due(&pool).await.unwrap(), 1, "the item with enough grades is calibrated");
    assert!(count(&pool, &format!("select count(*) from prescore_calibration where assessment_item_id = {}", item.0)).await >= 1);
    assert_eq!(calibration::refit_due(&pool).await.unwrap(), 0, "not again until grades grow");

    let report = calibration::report(&pool).await.unwrap();
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    let it = report.items.iter().find(|r| r.assessment_item_id == item.0).expect("the item is reported");
    assert!(it.compared.held_out_answers > 0 && it.compared.calibrated.pairs == it.compared.raw.pairs);
    assert!(report.overall.keyword_baseline.pairs > 0);
}
