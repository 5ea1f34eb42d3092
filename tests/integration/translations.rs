//! The translation files: every locale has every key English has (and no other), with the same
//! placeholders, and no value is left empty or copied from English by mistake.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const ENGLISH: &str = include_str!("../../locales/en.json");
const OTHERS: [(&str, &str); 2] = [("sw", include_str!("../../locales/sw.json")), ("fr", include_str!("../../locales/fr.json"))];
const PLURAL_FORMS: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

/// key (plural forms folded together) -> the placeholders its values use.
fn flatten(json: &str) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(prefix: &str, value: &Value, out: &mut BTreeMap<String, BTreeSet<String>>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    walk(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, v, out);
                }
            }
            Value::String(text) => {
                let key = PLURAL_FORMS.iter().find_map(|f| prefix.strip_suffix(f)).unwrap_or(prefix).to_owned();
                assert!(!text.trim().is_empty(), "{prefix} is empty");
                out.entry(key).or_default().extend(placeholders(text));
            }
            other => panic!("{prefix}: unexpected value {other}"),
        }
    }
    let mut out = BTreeMap::new();
    walk("", &serde_json::from_str(json).expect("valid JSON"), &mut out);
    out
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split("}}").next())
        .map(|p| p.split(',').next().unwrap_or("").trim().to_owned())
        .collect()
}

#[test]
fn every_locale_has_every_english_key_with_the_same_placeholders() {
    let english = flatten(ENGLISH);
    assert!(english.len() > 150, "the English file should hold every string of the app");
    for (name, json) in OTHERS {
        let other = flatten(json);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{name} has keys English lacks: {extra:?}");
        for (key, vars) in &english {
            assert_eq!(&other[key], vars, "{name}.{key} uses other placeholders than English");
        }
    }
}

#[test]
fn translations_are_not_english_copies() {
    fn strings(json: &str) -> BTreeMap<String, String> {
        fn walk(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
            match value {
                Value::Object(map) => map.iter().for_each(|(k, v)| walk(&format!("{prefix}.{k}"), v, out)),
                Value::String(s) => {
                    out.insert(prefix.to_owned(), s.clone());
                }
                _ => {}
            }
        }
        let mut out = BTreeMap::new();
        walk("", &serde_json::from_str(json).unwrap(), &mut out);
        out
    }
    let english = strings(ENGLISH);
    // Names of languages, formats and a few words that are the same in these languages.
    let same_on_purpose = [
        "language.",
        "format.",
        "layout.title",
        "kind.video",
        "kind.quiz",
        "learn.points",
        "learn.week_value",
        "learn.achievement_meta",
        "audit.nobody",
        "audit.action",
        "audit.col_action",
        "cohort.col_action",
        "grading.question",
        "grading.level_points",
        "cohort.dates",
        "train.col_dates",
        "perf.hours",
    ];
    for (name, json) in OTHERS {
        let copies: Vec<_> = strings(json)
            .into_iter()
            .filter(|(k, v)| english.get(k) == Some(v) && !same_on_purpose.iter().any(|p| k.trim_start_matches('.').starts_with(p)))
            .map(|(k, _)| k)
            .collect();
        assert!(copies.is_empty(), "{name} repeats English for {copies:?}");
    }
}
