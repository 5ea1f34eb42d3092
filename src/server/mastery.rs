//! The mastery engine: traces each scored answer into the learner's mastery of the item's
//! skills (inside the submission's transaction), refits every skill's BKT parameters from the
//! stored history, and fits a CSV for analysts (`ruralrise mastery fit FILE.csv`).

use crate::domain::bkt::{self, DEFAULTS, Evaluation, Fit, Params};
use crate::server::db::mastery;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use std::collections::BTreeMap;

/// Traces scored answers (each with its item's skills, oldest first) into the learner's mastery.
pub async fn trace(
    conn: &mut PgConnection,
    learner_id: i64,
    submission_id: i64,
    answers: &[(Vec<String>, bool)],
) -> Result<(), sqlx::Error> {
    let mut skills: Vec<String> = answers.iter().flat_map(|(s, _)| s.iter().cloned()).collect();
    skills.sort();
    skills.dedup();
    if skills.is_empty() {
        return Ok(());
    }
    let params: BTreeMap<String, Params> = mastery::params_for(conn, &skills).await?.into_iter().collect();
    let mut known: BTreeMap<String, f64> =
        mastery::hold_for(conn, learner_id, &skills).await?.into_iter().map(|m| (m.skill, m.p_known)).collect();
    for (item_skills, correct) in answers {
        for skill in item_skills {
            let p = params.get(skill).copied().unwrap_or(DEFAULTS);
            let before = known.get(skill).copied().unwrap_or(p.prior);
            let after = p.update(before, *correct);
            known.insert(skill.clone(), after);
            mastery::record_answer(conn, learner_id, skill, *correct, after, submission_id).await?;
        }
    }
    Ok(())
}

/// What a refit did, per skill.
#[derive(Debug, Serialize)]
pub struct Refit {
    pub skill: String,
    pub fit: Fit,
}

/// Fits every skill from the stored answers and re-traces every learner's mastery with the new
/// parameters, skill by skill (each in its own transaction).
pub async fn refit_all(pool: &PgPool) -> Result<Vec<Refit>, sqlx::Error> {
    let mut out = Vec::new();
    for skill in mastery::skills_answered(pool).await? {
        let by_learner = sequences_of(pool, &skill).await?;
        let sequences: Vec<Vec<bool>> = by_learner.iter().map(|(_, s)| s.clone()).collect();
        let fit = bkt::fit(&sequences);
        let learners: Vec<i64> = by_learner.iter().map(|(id, _)| *id).collect();
        let p_known: Vec<f64> = sequences.iter().map(|s| fit.params.trace(s.iter().copied())).collect();
        let answers: Vec<i32> = sequences.iter().map(|s| s.len() as i32).collect();
        let correct: Vec<i32> = sequences.iter().map(|s| s.iter().filter(|c| **c).count() as i32).collect();
        let mut tx = pool.begin().await?;
        mastery::store_fit(&mut tx, &skill, &fit, &learners, &p_known, &answers, &correct).await?;
        tx.commit().await?;
        out.push(Refit { skill, fit });
    }
    Ok(out)
}

/// Each learner's stored answers on `skill`, oldest first, learners in id order.
async fn sequences_of(pool: &PgPool, skill: &str) -> Result<Vec<(i64, Vec<bool>)>, sqlx::Error> {
    let mut by_learner: Vec<(i64, Vec<bool>)> = Vec::new();
    for r in mastery::answers_for_skill(pool, skill).await? {
        match by_learner.last_mut() {
            Some((id, seq)) if *id == r.learner_id => seq.push(r.correct),
            _ => by_learner.push((r.learner_id, vec![r.correct])),
        }
    }
    Ok(by_learner)
}

/// The CLI's answer: parameters per skill, each user's final mastery per skill, and how BKT and
/// the constant-rate baseline predict the answers of users held out of the fit.
#[derive(Debug, Serialize)]
pub struct CsvFit {
    pub model: &'static str,
    pub defaults: Params,
    pub skills: BTreeMap<String, Fit>,
    pub mastery: BTreeMap<String, BTreeMap<String, f64>>,
    pub held_out: HeldOut,
}

/// One user in five (by sorted id) is held out of a second fit and predicted one answer ahead.
#[derive(Debug, Default, Serialize)]
pub struct HeldOut {
    pub users: usize,
    pub evaluation: Evaluation,
}

const HOLD_OUT_EVERY: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("cannot read the CSV: {0}")]
    Read(#[from] csv::Error),
    #[error("the CSV needs the columns order_id,user_id,skill_name,correct (missing: {0})")]
    Missing(&'static str),
    #[error("line {line}: {problem}")]
    Row { line: u64, problem: String },
}

/// Fits BKT per skill from `order_id,user_id,skill_name,correct` rows (the layout of the
/// ASSISTments data sets pyBKT reads): answers are ordered by `order_id` within each user and
/// skill; `correct` is 1/0 (or true/false). Rows without a skill are skipped.
pub fn fit_csv(reader: impl std::io::Read) -> Result<CsvFit, CsvError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(reader);
    let headers = csv.headers()?.clone();
    let col = |name: &'static str| headers.iter().position(|h| h.eq_ignore_ascii_case(name)).ok_or(CsvError::Missing(name));
    let (order, user, skill, correct) = (col("order_id")?, col("user_id")?, col("skill_name")?, col("correct")?);
    // skill → user → (order, correct)
    let mut data: BTreeMap<String, BTreeMap<String, Vec<(f64, bool)>>> = BTreeMap::new();
    for row in csv.records() {
        let row = row?;
        let line = row.position().map_or(0, |p| p.line());
        let get = |i: usize| row.get(i).unwrap_or("");
        let skill_name = get(skill);
        if skill_name.is_empty() {
            continue;
        }
        let order_id: f64 =
            get(order).parse().map_err(|_| CsvError::Row { line, problem: format!("order_id {:?} is not a number", get(order)) })?;
        let right = match get(correct).to_ascii_lowercase().as_str() {
            "1" | "1.0" | "true" => true,
            "0" | "0.0" | "false" => false,
            other => return Err(CsvError::Row { line, problem: format!("correct must be 1 or 0, not {other:?}") }),
        };
        data.entry(skill_name.to_owned()).or_default().entry(get(user).to_owned()).or_default().push((order_id, right));
    }
    let data = data
        .into_iter()
        .map(|(skill, users)| {
            let mut ordered: Vec<(String, Vec<bool>)> = users
                .into_iter()
                .map(|(u, mut answers)| {
                    answers.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (u, answers.into_iter().map(|(_, c)| c).collect())
                })
                .collect();
            ordered.sort_by(|a, b| a.0.cmp(&b.0));
            (skill, ordered)
        })
        .collect();
    Ok(fit_all(data))
}

/// Fits every skill (each user's answers oldest first), traces each user's mastery, and predicts
/// the held-out users' answers with a second fit that did not see them.
pub fn fit_all(data: BTreeMap<String, Vec<(String, Vec<bool>)>>) -> CsvFit {
    let mut skills = BTreeMap::new();
    let mut mastery: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut held_users = std::collections::BTreeSet::new();
    let (mut n, mut bkt_loss, mut base_loss, mut bkt_hits, mut base_hits) = (0usize, 0.0, 0.0, 0.0, 0.0);
    for (skill_name, ordered) in data {
        let sequences: Vec<Vec<bool>> = ordered.iter().map(|(_, s)| s.clone()).collect();
        let fit = bkt::fit(&sequences);
        let (held, kept): (Vec<_>, Vec<_>) = ordered.iter().enumerate().partition(|(i, _)| i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1);
        let train: Vec<Vec<bool>> = kept.iter().map(|(_, (_, s))| s.clone()).collect();
        let test: Vec<Vec<bool>> = held.iter().map(|(_, (_, s))| s.clone()).collect();
        if !test.is_empty() && !train.is_empty() {
            let rate = train.iter().flatten().filter(|c| **c).count() as f64 / train.iter().flatten().count().max(1) as f64;
            let e = bkt::evaluate(&bkt::fit(&train).params, rate, &test);
            let w = e.answers as f64;
            n += e.answers;
            bkt_loss += e.bkt_log_loss * w;
            base_loss += e.baseline_log_loss * w;
            bkt_hits += e.bkt_accuracy * w;
            base_hits += e.baseline_accuracy * w;
            held_users.extend(held.iter().map(|(_, (u, _))| u.clone()));
        }
        for (u, seq) in &ordered {
            mastery.entry(u.clone()).or_default().insert(skill_name.clone(), fit.params.trace(seq.iter().copied()));
        }
        skills.insert(skill_name, fit);
    }
    let nf = (n as f64).max(1.0);
    let evaluation = Evaluation {
        answers: n,
        bkt_log_loss: bkt_loss / nf,
        baseline_log_loss: base_loss / nf,
        bkt_accuracy: bkt_hits / nf,
        baseline_accuracy: base_hits / nf,
    };
    CsvFit { model: bkt::MODEL_VERSION, defaults: DEFAULTS, skills, mastery, held_out: HeldOut { users: held_users.len(), evaluation } }
}

/// `ruralrise mastery report`: the models on this database's own data against their baselines:
/// BKT against the constant rate on held-out learners, and the recommender's next step against
/// "the next lesson in the path" (how often they differ, and the mastery each is expected to add
/// per minute).
#[derive(Debug, Serialize)]
pub struct Report {
    pub model: &'static str,
    pub skills: usize,
    pub answers: usize,
    pub held_out: HeldOut,
    pub recommendations: RecommendationReport,
}

#[derive(Debug, Default, Serialize)]
pub struct RecommendationReport {
    pub learners: usize,
    /// Learners whose suggestion is not simply the next lesson in the path.
    pub differs_from_baseline: usize,
    pub reviews_or_retakes: usize,
    /// Mean expected mastery gain per minute of the suggestion, and of the baseline's lesson.
    pub model_gain_per_minute: f64,
    pub baseline_gain_per_minute: f64,
}

pub async fn report(pool: &PgPool) -> Result<Report, sqlx::Error> {
    use crate::domain::recommend::{self, Kind};
    use crate::server::db::lessons;
    use crate::server::recommendations;

    let mut data = BTreeMap::new();
    let mut answers = 0;
    for skill in mastery::skills_answered(pool).await? {
        let by_learner = sequences_of(pool, &skill).await?;
        answers += by_learner.iter().map(|(_, s)| s.len()).sum::<usize>();
        data.insert(skill, by_learner.into_iter().map(|(id, s)| (id.to_string(), s)).collect());
    }
    let fitted = fit_all(data);
    let mut rec = RecommendationReport::default();
    let (mut model_gain, mut base_gain) = (0.0, 0.0);
    for (learner_id, path_id) in mastery::enrolled_learners(pool).await? {
        let lessons = lessons::outline(pool, learner_id, path_id).await?;
        let known = mastery::for_learner(pool, learner_id).await?;
        let states = recommendations::skill_states(known, |skill| fitted.skills.get(skill).map_or(DEFAULTS, |f| f.params));
        let candidates = recommendations::candidates(&lessons);
        let (Some(pick), Some(base)) = (recommend::recommend(&candidates, &states, 60), recommend::baseline(&candidates)) else { continue };
        let per_minute = |id: i64| {
            candidates
                .iter()
                .find(|c| c.lesson_id == id)
                .map_or(0.0, |c| recommend::expected_gain(&c.skills, &states) / f64::from(c.minutes.max(1)))
        };
        rec.learners += 1;
        rec.differs_from_baseline += usize::from(pick.lesson_id != base);
        rec.reviews_or_retakes += usize::from(pick.kind != Kind::Next);
        model_gain += per_minute(pick.lesson_id);
        base_gain += per_minute(base);
    }
    let n = rec.learners.max(1) as f64;
    rec.model_gain_per_minute = model_gain / n;
    rec.baseline_gain_per_minute = base_gain / n;
    Ok(Report { model: bkt::MODEL_VERSION, skills: fitted.skills.len(), answers, held_out: fitted.held_out, recommendations: rec })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_is_fitted_per_skill_with_each_users_mastery() {
        let mut csv = String::from("order_id,user_id,skill_name,correct\n");
        let mut order = 0;
        for user in 0..20 {
            for i in 0..6 {
                order += 1;
                // Users learn: wrong at first, right later; the later ones learn sooner.
                let right = i >= 4 - (user % 4);
                csv.push_str(&format!("{order},u{user},fractions,{}\n", u8::from(right)));
            }
        }
        csv.push_str("9999,u1,,1\n");
        let out = fit_csv(csv.as_bytes()).unwrap();
        let f = &out.skills["fractions"];
        assert!(f.fitted && f.answers == 120 && f.learners == 20);
        assert!(f.log_likelihood > f.baseline_log_likelihood);
        assert!(out.mastery["u3"]["fractions"] > 0.85, "ended with right answers: mastered");
        let json = serde_json::to_value(&out).unwrap();
        assert!(json["skills"]["fractions"]["params"]["learn"].as_f64().unwrap() > 0.0);
        assert_eq!(out.held_out.users, 4, "one user in five");
        assert_eq!(out.held_out.evaluation.answers, 24);
    }

    #[test]
    fn a_bad_csv_names_what_is_wrong() {
        let e = fit_csv("order_id,user_id,correct\n1,u,1\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("skill_name"), "{e}");
        let e = fit_csv("order_id,user_id,skill_name,correct\n1,u,s,maybe\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
