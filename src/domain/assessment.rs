//! Instant scoring: answer keys per item kind, how a learner's answers are read and checked
//! (fill-in answers compared without case, spacing or diacritics; numbers within a tolerance),
//! the score of a submission, the pass mark, attempts and which attempt counts.

use crate::model::learner::ScorePolicy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What makes an answer right, stored with each item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AnswerKey {
    /// One option is right.
    Single { correct: usize },
    /// Every right option must be picked, and no other.
    Multiple { correct: Vec<usize> },
    /// Any of the accepted answers, read with [`normalise`].
    Text { accepted: Vec<String> },
    /// A number within `tolerance` of `value` (either side).
    Number { value: f64, tolerance: f64 },
    /// Read by a trainer; the reference answer helps them (and the pre-scorer).
    Open {
        #[serde(default)]
        reference: String,
    },
}

impl AnswerKey {
    pub fn is_open(&self) -> bool {
        matches!(self, AnswerKey::Open { .. })
    }
}

/// An item as the scorer needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub position: i32,
    pub key: AnswerKey,
    /// The options shown, for choice items.
    pub options: usize,
    pub points: i32,
}

/// A learner's answer to one item, once read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Choice(usize),
    Choices(Vec<usize>),
    Text(String),
}

/// Longest answer accepted for one item (an open answer is a paragraph or two, not an essay).
pub const MAX_ANSWER_CHARS: usize = 4_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("item {0} is not in this assessment")]
    UnknownItem(i32),
    #[error("item {0} has no answer")]
    Missing(i32),
    #[error("item {0}'s answer cannot be read")]
    Malformed(i32),
    #[error("item {0}'s answer is too long")]
    TooLong(i32),
}

/// Reads the form's answers: `"q{position}"` holds a single choice's index or a typed answer, and
/// `"q{position}-{option}"` is present for each option ticked on a multiple-choice item (which is
/// how checkboxes arrive from a plain form). The `q` keeps the names from looking like list
/// indexes to the form decoder. Every item must be answered; anything that names an
/// item the assessment does not have is refused, so a stale or forged form changes nothing.
pub fn read_answers(items: &[Item], form: &BTreeMap<String, String>) -> Result<BTreeMap<i32, Answer>, AnswerError> {
    let mut ticked: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    let mut plain: BTreeMap<i32, &str> = BTreeMap::new();
    for (name, value) in form {
        let (position, option) = match name.split_once('-') {
            Some((p, o)) => (p, Some(o)),
            None => (name.as_str(), None),
        };
        let position: i32 = position.strip_prefix('q').and_then(|p| p.parse().ok()).ok_or(AnswerError::UnknownItem(0))?;
        let item = items.iter().find(|i| i.position == position).ok_or(AnswerError::UnknownItem(position))?;
        match (option, &item.key) {
            (Some(o), AnswerKey::Multiple { .. }) => {
                let o: usize = o.parse().map_err(|_| AnswerError::Malformed(position))?;
                if o >= item.options {
                    return Err(AnswerError::Malformed(position));
                }
                ticked.entry(position).or_default().push(o);
            }
            (None, AnswerKey::Multiple { .. }) | (Some(_), _) => return Err(AnswerError::Malformed(position)),
            (None, _) => {
                if value.chars().count() > MAX_ANSWER_CHARS {
                    return Err(AnswerError::TooLong(position));
                }
                plain.insert(position, value.as_str());
            }
        }
    }
    let mut answers = BTreeMap::new();
    for item in items {
        let p = item.position;
        let answer = match &item.key {
            AnswerKey::Multiple { .. } => {
                let mut picked = ticked.remove(&p).ok_or(AnswerError::Missing(p))?;
                picked.sort_unstable();
                picked.dedup();
                Answer::Choices(picked)
            }
            AnswerKey::Single { .. } => {
                let raw = plain.get(&p).map(|s| s.trim()).filter(|s| !s.is_empty()).ok_or(AnswerError::Missing(p))?;
                let choice: usize = raw.parse().map_err(|_| AnswerError::Malformed(p))?;
                if choice >= item.options {
                    return Err(AnswerError::Malformed(p));
                }
                Answer::Choice(choice)
            }
            AnswerKey::Text { .. } | AnswerKey::Number { .. } | AnswerKey::Open { .. } => {
                let text = plain.get(&p).map(|s| s.trim()).filter(|s| !s.is_empty()).ok_or(AnswerError::Missing(p))?;
                Answer::Text(text.to_owned())
            }
        };
        answers.insert(p, answer);
    }
    Ok(answers)
}

/// A fill-in answer as compared: decomposed, accents and other combining marks dropped,
/// lower-cased, runs of spaces made one, and punctuation around it trimmed ("  Voltáge. " reads
/// as "voltage").
pub fn normalise(text: &str) -> String {
    let folded: String = text.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.join(" ").trim_matches(|c: char| c.is_ascii_punctuation() && c != '-' && c != '%').to_owned()
}

/// Reads a typed number: "50", " 50 % ", "1,5" (a decimal comma), "12 000" or "12,000.5".
pub fn read_number(text: &str) -> Option<f64> {
    let t: String = text.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace() && *c != '_').collect();
    let t = if t.contains('.') {
        t.replace(',', "")
    } else if t.matches(',').count() == 1 && t.split(',').nth(1).is_some_and(|d| d.len() != 3) {
        t.replace(',', ".")
    } else {
        t.replace(',', "")
    };
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Whether an answer is right: `None` for an open answer, which a trainer reads.
pub fn is_right(key: &AnswerKey, answer: &Answer) -> Option<bool> {
    Some(match (key, answer) {
        (AnswerKey::Single { correct }, Answer::Choice(c)) => c == correct,
        (AnswerKey::Multiple { correct }, Answer::Choices(picked)) => {
            let mut want = correct.clone();
            want.sort_unstable();
            want.dedup();
            *picked == want
        }
        (AnswerKey::Text { accepted }, Answer::Text(t)) => {
            let t = normalise(t);
            accepted.iter().any(|a| normalise(a) == t)
        }
        (AnswerKey::Number { value, tolerance }, Answer::Text(t)) => {
            read_number(t).is_some_and(|n| (n - value).abs() <= tolerance.abs() + f64::EPSILON * value.abs().max(1.0))
        }
        (AnswerKey::Open { .. }, _) => return None,
        _ => false,
    })
}

/// One item's result, kept with the submission and shown on the result page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub position: i32,
    /// None while a trainer has not read an open answer.
    pub correct: Option<bool>,
    pub points: i32,
    pub max: i32,
    /// An open answer's grade: the rubric level picked for each criterion, weakest 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub items: Vec<ItemResult>,
    pub auto_points: i32,
    pub auto_max: i32,
    /// Some open answer waits for a trainer.
    pub waits_for_trainer: bool,
    /// The score in percent, when every item scored itself.
    pub percent: Option<i32>,
}

/// Scores every item that scores itself; all or nothing per item (a multiple-choice item needs
/// exactly the right set).
pub fn score(items: &[Item], answers: &BTreeMap<i32, Answer>) -> Scored {
    let mut results = Vec::with_capacity(items.len());
    let (mut auto_points, mut auto_max, mut open) = (0, 0, false);
    for item in items {
        let correct = answers.get(&item.position).and_then(|a| is_right(&item.key, a));
        let points = if correct == Some(true) { item.points } else { 0 };
        if item.key.is_open() {
            open = true;
        } else {
            auto_points += points;
            auto_max += item.points;
        }
        results.push(ItemResult { position: item.position, correct, points, max: item.points, levels: None });
    }
    Scored { items: results, auto_points, auto_max, waits_for_trainer: open, percent: (!open).then(|| percent(auto_points, auto_max)) }
}

/// Points as a whole percent, rounded down so a pass is never granted by rounding.
pub fn percent(points: i32, max: i32) -> i32 {
    if max <= 0 { 100 } else { (i64::from(points.max(0)) * 100 / i64::from(max)).clamp(0, 100) as i32 }
}

/// The score that counts for the assessment from the scored attempts, oldest first.
pub fn counted(policy: ScorePolicy, scores: &[i32]) -> Option<i32> {
    match policy {
        ScorePolicy::Best => scores.iter().copied().max(),
        ScorePolicy::Latest => scores.last().copied(),
    }
}

/// Attempts still allowed (`None`: no limit).
pub fn attempts_left(max_attempts: Option<i32>, used: i64) -> Option<i64> {
    max_attempts.map(|m| (i64::from(m) - used).max(0))
}

pub fn passes(score: i32, pass_score: i32) -> bool {
    score >= pass_score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<Item> {
        vec![
            Item { position: 1, key: AnswerKey::Single { correct: 1 }, options: 3, points: 2 },
            Item { position: 2, key: AnswerKey::Multiple { correct: vec![0, 2] }, options: 4, points: 2 },
            Item { position: 3, key: AnswerKey::Text { accepted: vec!["voltage".into(), "volts".into()] }, options: 0, points: 1 },
            Item { position: 4, key: AnswerKey::Number { value: 50.0, tolerance: 5.0 }, options: 0, points: 1 },
        ]
    }

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn fill_in_ignores_case_spacing_and_diacritics() {
        assert_eq!(normalise("  Voltáge. "), "voltage");
        assert_eq!(normalise("WATT   hours"), "watt hours");
        assert_eq!(normalise("Ça coûte"), "ca coute");
        let key = AnswerKey::Text { accepted: vec!["watt-hours".into(), "watt hours".into()] };
        assert_eq!(is_right(&key, &Answer::Text("Watt  Hours".into())), Some(true));
        assert_eq!(is_right(&key, &Answer::Text("Wátt-hours".into())), Some(true));
        assert_eq!(is_right(&key, &Answer::Text("watts".into())), Some(false));
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(read_number("50"), Some(50.0));
        assert_eq!(read_number(" 50 % "), Some(50.0));
        assert_eq!(read_number("1,5"), Some(1.5));
        assert_eq!(read_number("12 000"), Some(12_000.0));
        assert_eq!(read_number("12,000"), Some(12_000.0));
        assert_eq!(read_number("12,000.5"), Some(12_000.5));
        assert_eq!(read_number("fifty"), None);
        assert_eq!(read_number("inf"), None);
    }

    #[test]
    fn numeric_answers_count_within_the_tolerance_on_either_side() {
        let key = AnswerKey::Number { value: 50.0, tolerance: 5.0 };
        for (typed, right) in [("45", true), ("55", true), ("55.1", false), ("44.9", false), ("50%", true), ("x", false)] {
            assert_eq!(is_right(&key, &Answer::Text(typed.into())), Some(right), "{typed}");
        }
        let exact = AnswerKey::Number { value: 0.1 + 0.2, tolerance: 0.0 };
        assert_eq!(is_right(&exact, &Answer::Text("0.3".into())), Some(true), "float error is not a wrong answer");
    }

    #[test]
    fn multiple_choice_needs_exactly_the_right_set() {
        let key = AnswerKey::Multiple { correct: vec![2, 0] };
        assert_eq!(is_right(&key, &Answer::Choices(vec![0, 2])), Some(true));
        assert_eq!(is_right(&key, &Answer::Choices(vec![0])), Some(false));
        assert_eq!(is_right(&key, &Answer::Choices(vec![0, 1, 2])), Some(false));
    }

    #[test]
    fn a_full_form_reads_and_scores() {
        let f = form(&[("q1", "1"), ("q2-0", "on"), ("q2-2", "on"), ("q3", "Volts"), ("q4", "52")]);
        let answers = read_answers(&items(), &f).unwrap();
        assert_eq!(answers[&2], Answer::Choices(vec![0, 2]));
        let s = score(&items(), &answers);
        assert_eq!((s.auto_points, s.auto_max, s.percent), (6, 6, Some(100)));
        let f = form(&[("q1", "0"), ("q2-0", "on"), ("q3", "current"), ("q4", "52")]);
        let s = score(&items(), &read_answers(&items(), &f).unwrap());
        assert_eq!((s.auto_points, s.percent), (1, Some(16)), "rounded down: 1 of 6 is 16 %");
        assert_eq!(s.items.iter().map(|r| r.correct).collect::<Vec<_>>(), vec![Some(false), Some(false), Some(false), Some(true)]);
    }

    #[test]
    fn bad_forms_are_refused_with_the_item_named() {
        let full = [("q1", "1"), ("q2-0", "on"), ("q3", "volts"), ("q4", "50")];
        let without = |name: &str| form(&full.iter().copied().filter(|(k, _)| *k != name).collect::<Vec<_>>());
        assert_eq!(read_answers(&items(), &without("q3")), Err(AnswerError::Missing(3)));
        assert_eq!(read_answers(&items(), &without("q2-0")), Err(AnswerError::Missing(2)));
        let mut extra = without("");
        extra.insert("q9".into(), "1".into());
        assert_eq!(read_answers(&items(), &extra), Err(AnswerError::UnknownItem(9)));
        let mut bad = without("");
        bad.insert("q1".into(), "7".into());
        assert_eq!(read_answers(&items(), &bad), Err(AnswerError::Malformed(1)));
        let mut bad = without("");
        bad.insert("q2-9".into(), "on".into());
        assert_eq!(read_answers(&items(), &bad), Err(AnswerError::Malformed(2)));
        let mut blank = without("");
        blank.insert("q3".into(), "   ".into());
        assert_eq!(read_answers(&items(), &blank), Err(AnswerError::Missing(3)));
        let mut long = without("");
        long.insert("q3".into(), "a".repeat(MAX_ANSWER_CHARS + 1));
        assert_eq!(read_answers(&items(), &long), Err(AnswerError::TooLong(3)));
    }

    #[test]
    fn open_answers_wait_and_leave_the_score_unset() {
        let mut with_open = items();
        with_open.push(Item { position: 5, key: AnswerKey::Open { reference: String::new() }, options: 0, points: 4 });
        let f = form(&[("q1", "1"), ("q2-0", "on"), ("q2-2", "on"), ("q3", "volts"), ("q4", "50"), ("q5", "I isolate the panel")]);
        let s = score(&with_open, &read_answers(&with_open, &f).unwrap());
        assert!(s.waits_for_trainer);
        assert_eq!((s.auto_points, s.auto_max, s.percent), (6, 6, None));
        assert_eq!(s.items[4].correct, None);
    }

    #[test]
    fn the_counted_score_follows_the_policy() {
        assert_eq!(counted(ScorePolicy::Best, &[40, 90, 70]), Some(90));
        assert_eq!(counted(ScorePolicy::Latest, &[40, 90, 70]), Some(70));
        assert_eq!(counted(ScorePolicy::Best, &[]), None);
        assert_eq!(attempts_left(Some(3), 1), Some(2));
        assert_eq!(attempts_left(Some(3), 5), Some(0));
        assert_eq!(attempts_left(None, 5), None);
        assert!(passes(60, 60) && !passes(59, 60));
        assert_eq!(percent(2, 3), 66);
    }

    /// The cases the phone's provisional scorer (public/offline.js) is held to as well, so the
    /// two agree on every rule written down there.
    #[test]
    fn the_shared_cases_score_as_written() {
        use serde_json::Value;
        let cases: Value = serde_json::from_str(include_str!("../../tests/fixtures/scoring-cases.json")).unwrap();
        let quiz = |name: &str| -> Vec<Item> {
            cases["quizzes"][name]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| Item {
                    position: i["position"].as_i64().unwrap() as i32,
                    key: serde_json::from_value(i["key"].clone()).unwrap(),
                    options: i["options"].as_u64().unwrap() as usize,
                    points: i["points"].as_i64().unwrap() as i32,
                })
                .collect()
        };
        let all = cases["cases"].as_array().unwrap();
        assert!(all.len() >= 15);
        for case in all {
            let name = case["name"].as_str().unwrap();
            let items = quiz(case["quiz"].as_str().unwrap());
            let form: BTreeMap<String, String> = case["form"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        v => v["repeat"].as_str().unwrap().repeat(v["times"].as_u64().unwrap() as usize),
                    };
                    (k.clone(), text)
                })
                .collect();
            let expect = &case["expect"];
            match read_answers(&items, &form) {
                Err(e) => {
                    let (kind, position) = match e {
                        AnswerError::UnknownItem(p) => ("unknown_item", p),
                        AnswerError::Missing(p) => ("missing", p),
                        AnswerError::Malformed(p) => ("malformed", p),
                        AnswerError::TooLong(p) => ("too_long", p),
                    };
                    assert_eq!((Some(kind), Some(i64::from(position))), (expect["error"].as_str(), expect["position"].as_i64()), "{name}");
                }
                Ok(answers) => {
                    let s = score(&items, &answers);
                    let correct: Vec<Value> = s.items.iter().map(|r| r.correct.map_or(Value::Null, Value::Bool)).collect();
                    let points: Vec<Value> = s.items.iter().map(|r| Value::from(r.points)).collect();
                    assert_eq!(Value::from(correct), expect["correct"], "{name}");
                    assert_eq!(Value::from(points), expect["points"], "{name}");
                    assert_eq!(Value::from(s.auto_points), expect["auto_points"], "{name}");
                    assert_eq!(Value::from(s.auto_max), expect["auto_max"], "{name}");
                    assert_eq!(Value::from(s.waits_for_trainer), expect["waits_for_trainer"], "{name}");
                    assert_eq!(s.percent.map_or(Value::Null, Value::from), expect["percent"], "{name}");
                }
            }
        }
    }

    #[test]
    fn answer_keys_read_their_stored_shape() {
        let k: AnswerKey = serde_json::from_str(r#"{"type": "number", "value": 50, "tolerance": 0}"#).unwrap();
        assert_eq!(k, AnswerKey::Number { value: 50.0, tolerance: 0.0 });
        let k: AnswerKey = serde_json::from_str(r#"{"type": "open"}"#).unwrap();
        assert!(k.is_open());
    }
}
