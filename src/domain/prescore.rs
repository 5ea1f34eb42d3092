//! Pre-scoring an open answer from sentence similarities: which key points of the reference answer
//! it covers, the rubric level that coverage suggests for each criterion, how sure that is (and
//! why not), and the words a draft of feedback is built from. The similarities come from the
//! sentence-embedding model; everything here is arithmetic on them, so it is tested without it.
//! A keyword-overlap baseline sits beside it, to show what meaning adds over shared words.

use crate::domain::rubric::Rubric;
use std::collections::BTreeSet;

/// Cosine similarity of a key point to the answer's closest sentence at or under which the point
/// counts as absent...
pub const ABSENT: f32 = 0.25;
/// ...and at or over which it counts as fully there; between the two it counts in part. Set from
/// the demo's answers with all-MiniLM-L6-v2 (`tests/integration/prescoring.rs` prints them): key
/// points average 0.71 in complete answers, 0.46 in paraphrases, 0.36 in partial answers.
pub const PRESENT: f32 = 0.55;
/// How much nearer the reference answer than the question an answer must be to count as answering
/// it: at or under `RELEVANT_FROM` it only restates the question's topic (off-topic answers that
/// repeat the keywords average −0.08), at `RELEVANT_AT` and over it answers (paraphrases +0.14,
/// complete answers +0.26). Similarity alone is fooled by shared words; this is what is not.
pub const RELEVANT_FROM: f32 = 0.0;
pub const RELEVANT_AT: f32 = 0.15;
/// Under this many words an answer is too short for similarities to mean much.
pub const SHORT_WORDS: usize = 4;
/// Over this share of words unknown to the model's vocabulary, the answer is likely in a language
/// the model was not trained on (English answers sit near 0.05, Kiswahili near 0.4).
pub const UNFAMILIAR: f32 = 0.3;

/// How much of a key point an answer covers, 0 to 1, from its best similarity to any of the
/// answer's sentences.
pub fn coverage(similarity: f32) -> f32 {
    ((similarity - ABSENT) / (PRESENT - ABSENT)).clamp(0.0, 1.0)
}

/// The key points of a reference answer (or the sentences of an answer): split at sentence ends,
/// semicolons and line breaks, list markers and blanks dropped.
pub fn sentences(text: &str) -> Vec<String> {
    text.split(['.', '!', '?', ';', '\n'])
        .map(|s| s.trim().trim_start_matches(['-', '*', '•', ' ']).trim())
        .filter(|s| s.split_whitespace().count() >= 2)
        .map(str::to_owned)
        .collect()
}

/// What the model measured for one answer to one item. Indices into `point_criterion` and
/// `point_similarity` are the reference's key points in order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Measured {
    /// For each key point, the criterion it belongs to (the criterion its text is most like).
    pub point_criterion: Vec<usize>,
    /// For each key point, its best similarity to any sentence of the answer.
    pub point_similarity: Vec<f32>,
    /// The whole answer against the whole reference (scores criteria no key point belongs to).
    pub overall: f32,
    /// The whole answer against the question: an answer nearer the question than the reference
    /// restates the topic instead of answering.
    #[serde(default)]
    pub prompt: f32,
    /// Words in the answer.
    pub words: usize,
    /// Share of the answer's words the model's vocabulary does not know as words (split into three
    /// or more pieces, or unknown): high for a language the model was not trained on.
    pub unfamiliar: f32,
}

/// Why a pre-score is what it is, or why it should not be trusted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The answer covers this key point of the reference.
    Covers { point: usize },
    /// The answer misses this key point.
    Misses { point: usize },
    /// Nothing was written.
    Empty,
    /// Too few words to judge by meaning.
    Short,
    /// Mostly words the model does not know: likely a language it was not trained on.
    UnfamiliarLanguage,
    /// Nearer the question than the reference answer: it restates the topic, it may not answer.
    OffTopic,
    /// The item has no reference answer to compare with: no suggestion.
    NoReference,
    /// Levels and confidence come from a model fitted on this many trainer grades of the item.
    Calibrated { grades: usize },
    /// The pre-scorer could not score it (the item's rubric does not read, or the model failed).
    Failed,
}

/// The pre-score of one open answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Estimate {
    /// The level suggested for each criterion (weakest 0).
    pub levels: Vec<usize>,
    /// 0 to 1: how far each criterion's evidence sits from the edge between two levels, lowered
    /// for short answers and unfamiliar language. The queue shows the least sure first.
    pub confidence: f32,
    pub reasons: Vec<Reason>,
}

/// 0 to 1: whether the answer answers (it is nearer the reference than the question) or only
/// restates the question's topic.
pub fn relevance(m: &Measured) -> f32 {
    ((m.overall - m.prompt - RELEVANT_FROM) / (RELEVANT_AT - RELEVANT_FROM)).clamp(0.0, 1.0)
}

/// How much of criterion `c` the answer covers, 0 to 1: the mean coverage of the key points that
/// belong to it (the whole answer's coverage when none does), scaled by its relevance.
pub fn criterion_share(m: &Measured, c: usize) -> f32 {
    let own: Vec<f32> = m.point_criterion.iter().zip(&m.point_similarity).filter(|(pc, _)| **pc == c).map(|(_, s)| coverage(*s)).collect();
    let share = if own.is_empty() { coverage(m.overall) } else { own.iter().sum::<f32>() / own.len() as f32 };
    share * relevance(m)
}

/// The pre-score the similarities suggest. Each criterion's level is its key points' mean
/// coverage scaled to its levels (criteria without key points go by the whole answer's
/// similarity), rounded to the nearest level.
pub fn estimate(rubric: &Rubric, m: &Measured) -> Estimate {
    let criteria = rubric.criteria();
    if m.words == 0 {
        return Estimate { levels: vec![0; criteria.len()], confidence: 0.95, reasons: vec![Reason::Empty] };
    }
    let mut levels = Vec::with_capacity(criteria.len());
    let mut margin = 1.0f32;
    for (c, criterion) in criteria.iter().enumerate() {
        let top = (criterion.levels.len() - 1) as f32;
        let raw = criterion_share(m, c) * top;
        let level = raw.round() as usize;
        levels.push(level.min(criterion.levels.len() - 1));
        // 1 on a level, 0 half-way between two.
        margin = margin.min(1.0 - 2.0 * (raw - raw.round()).abs());
    }
    let mut confidence = 0.5 + 0.5 * margin;
    let mut reasons = Vec::new();
    if m.words < SHORT_WORDS {
        confidence *= 0.5;
        reasons.push(Reason::Short);
    }
    if m.unfamiliar > UNFAMILIAR {
        confidence *= 0.3;
        reasons.push(Reason::UnfamiliarLanguage);
    }
    if relevance(m) < 0.5 {
        reasons.push(Reason::OffTopic);
    }
    for (point, s) in m.point_similarity.iter().enumerate() {
        reasons.push(if coverage(*s) >= 0.5 { Reason::Covers { point } } else { Reason::Misses { point } });
    }
    Estimate { levels, confidence: confidence.clamp(0.0, 1.0), reasons }
}

/// What an item whose reference answer is empty gets: nothing to suggest, and the trainer told why.
pub fn no_reference() -> Estimate {
    Estimate { levels: Vec::new(), confidence: 0.0, reasons: vec![Reason::NoReference] }
}

/// What an answer the pre-scorer could not score gets: nothing to suggest, stored so the work is
/// not retried in a loop (a new rubric, reference or model tries again).
pub fn failed() -> Estimate {
    Estimate { levels: Vec::new(), confidence: 0.0, reasons: vec![Reason::Failed] }
}

/// The baseline: the share of the reference's content words (four letters or more) that the
/// answer repeats. Blind to paraphrase, fooled by keyword lists.
pub fn keyword_overlap(reference: &str, answer: &str) -> f32 {
    let words = |t: &str| -> BTreeSet<String> {
        t.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4).map(str::to_lowercase).collect()
    };
    let reference = words(reference);
    if reference.is_empty() {
        return 0.0;
    }
    let answer = words(answer);
    reference.intersection(&answer).count() as f32 / reference.len() as f32
}

/// The level each criterion would get from keyword overlap alone, for comparison.
pub fn keyword_levels(rubric: &Rubric, overlap: f32) -> Vec<usize> {
    rubric.criteria().iter().map(|c| (overlap * (c.levels.len() - 1) as f32).round() as usize).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::rubric::{Criterion, Level};

    /// Two criteria of four levels each (shared with the calibration's tests).
    pub(crate) fn rubric() -> Rubric {
        let level = |p: i32| Level { points: p, descriptor: format!("level {p}") };
        Rubric::new(vec![
            Criterion { name: "Safety".into(), levels: (0..4).map(level).collect() },
            Criterion { name: "Clarity".into(), levels: (0..4).map(level).collect() },
        ])
        .unwrap()
    }

    fn measured(similarity: Vec<f32>, overall: f32) -> Measured {
        Measured {
            point_criterion: vec![0; similarity.len()],
            point_similarity: similarity,
            overall,
            prompt: 0.0,
            words: 20,
            unfamiliar: 0.0,
        }
    }

    #[test]
    fn key_points_are_the_sentences_and_clauses_of_the_reference() {
        let points = sentences("Switch off the panel. Check the fuse; then test the battery!\n- Wear gloves\nOk.");
        assert_eq!(points, ["Switch off the panel", "Check the fuse", "then test the battery", "Wear gloves"]);
    }

    #[test]
    fn coverage_rises_from_absent_to_present() {
        assert_eq!(coverage(0.1), 0.0);
        assert_eq!(coverage(ABSENT), 0.0);
        assert!((coverage((ABSENT + PRESENT) / 2.0) - 0.5).abs() < 1e-6);
        assert_eq!(coverage(0.9), 1.0);
    }

    #[test]
    fn an_answer_covering_every_key_point_gets_the_top_level_and_says_so() {
        let e = estimate(&rubric(), &measured(vec![0.8, 0.9], 0.8));
        assert_eq!(e.levels, [3, 3]);
        assert!(e.confidence > 0.9, "{}", e.confidence);
        assert!(e.reasons.contains(&Reason::Covers { point: 0 }) && e.reasons.contains(&Reason::Covers { point: 1 }));
    }

    #[test]
    fn a_missed_key_point_lowers_its_criterion_and_is_named() {
        let e = estimate(&rubric(), &measured(vec![0.8, 0.2], 0.6));
        // Safety: coverage (1 + 0) / 2 = 0.5 of 3 levels = 1.5, half-way: least sure.
        assert_eq!(e.levels[0], 2);
        assert!(e.confidence <= 0.51, "{}", e.confidence);
        assert!(e.reasons.contains(&Reason::Misses { point: 1 }));
    }

    #[test]
    fn criteria_without_key_points_go_by_the_whole_answer() {
        let e = estimate(&rubric(), &measured(vec![0.8], 0.2));
        assert_eq!(e.levels, [3, 0]);
    }

    #[test]
    fn an_empty_answer_is_the_weakest_level_for_sure() {
        let e = estimate(&rubric(), &Measured { words: 0, ..measured(vec![0.9], 0.9) });
        assert_eq!(e.levels, [0, 0]);
        assert_eq!(e.reasons, [Reason::Empty]);
        assert!(e.confidence > 0.9);
    }

    #[test]
    fn short_answers_and_unfamiliar_language_are_not_trusted() {
        let sure = estimate(&rubric(), &measured(vec![0.9], 0.9)).confidence;
        let short = estimate(&rubric(), &Measured { words: 2, ..measured(vec![0.9], 0.9) });
        let foreign = estimate(&rubric(), &Measured { unfamiliar: 0.8, ..measured(vec![0.9], 0.9) });
        assert!(short.confidence < sure && short.reasons.contains(&Reason::Short));
        assert!(foreign.confidence < short.confidence && foreign.reasons.contains(&Reason::UnfamiliarLanguage));
    }

    #[test]
    fn an_answer_nearer_the_question_than_the_reference_gets_no_credit_for_its_words() {
        // Keywords that match every key point, in an answer that only restates the question.
        let echo = Measured { prompt: 0.85, ..measured(vec![0.8, 0.8], 0.8) };
        let e = estimate(&rubric(), &echo);
        assert_eq!(e.levels, [0, 0]);
        assert!(e.reasons.contains(&Reason::OffTopic));
        // Half-way between restating and answering: half the credit.
        let between = Measured { prompt: 0.8 - (RELEVANT_FROM + RELEVANT_AT) / 2.0, ..echo };
        assert!((relevance(&between) - 0.5).abs() < 1e-5);
        assert!(!estimate(&rubric(), &measured(vec![0.8], 0.8)).reasons.contains(&Reason::OffTopic));
    }

    #[test]
    fn the_keyword_baseline_counts_shared_words_only() {
        let reference = "Disconnect the panel and check the fuse before touching the battery terminals.";
        assert_eq!(keyword_overlap(reference, ""), 0.0);
        assert!(keyword_overlap(reference, "panel fuse battery terminals disconnect check touching before") > 0.9);
        assert_eq!(keyword_overlap(reference, "Unplug the solar board and inspect its safety link first."), 0.0);
        assert_eq!(keyword_levels(&rubric(), 0.5), [2, 2]);
    }
}
