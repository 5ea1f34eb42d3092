//! A person's data as one download: a .zip with `data.json` (everything, nested) and one CSV per
//! section for spreadsheets, plus a README saying what each file holds.

use crate::domain::audit::csv_safe;
use crate::server::db::personal::PersonalData;
use serde::Serialize;
use std::io::Write;
use zip::write::SimpleFileOptions;

/// The CSV files and the columns each one has, in order. The names are the JSON field names of the
/// rows, so the two formats say the same thing (a test checks every column exists).
pub const SECTIONS: &[(&str, &[&str])] = &[
    (
        "profile",
        &[
            "user_id",
            "email",
            "display_name",
            "role",
            "status",
            "level",
            "weekly_goal_minutes",
            "time_zone",
            "language",
            "created_at",
            "email_verified_at",
        ],
    ),
    ("cohorts", &["cohort", "learning_path", "trainer", "joined_at"]),
    ("enrolments", &["learning_path", "enrolled_at", "completed_at"]),
    ("progress", &["lesson_id", "lesson", "status", "minutes_spent", "points_awarded", "started_at", "completed_at", "downloaded_at"]),
    (
        "submissions",
        &[
            "submission_id",
            "assessment",
            "answers",
            "status",
            "ai_score",
            "ai_feedback",
            "trainer_score",
            "score",
            "feedback",
            "submitted_at",
            "graded_at",
        ],
    ),
    ("messages", &["message_id", "direction", "with", "body", "created_at", "read_at"]),
    ("achievements", &["code", "title", "points", "earned_at"]),
    ("activity", &["kind", "lesson_id", "minutes", "occurred_at"]),
    ("devices", &["device", "signed_in_at", "last_seen_at"]),
    ("mastery", &["skill", "p_known", "answers", "correct", "updated_at"]),
    ("saved_offline", &["lesson_id", "lesson", "saved_at"]),
    ("synced", &["action_id", "kind", "device_at", "counted_at", "clock", "received_at", "outcome"]),
];

const README: &str = "RuralRise: all the data held about your account\n\
\n\
data.json         everything below in one file (JSON)\n\
profile.csv       your account and profile\n\
cohorts.csv       the cohorts (classes) you belong to\n\
enrolments.csv    the learning paths you are enrolled in\n\
progress.csv      every lesson you started or completed\n\
submissions.csv   your assessment answers, scores and feedback\n\
messages.csv      messages you sent and received\n\
achievements.csv  achievements you earned\n\
activity.csv      your activity log (sign-ins, lessons, submissions)\n\
devices.csv       the devices you are signed in on\n\
mastery.csv       how well the system estimates you know each skill (0 to 1), from your answers\n\
saved_offline.csv lessons you saved on a phone to use offline, and when\n\
synced.csv        what your phone sent after working offline: the phone's time, the time it\n\
                  counted at, when it arrived, and whether it was accepted\n\
\n\
Times are UTC (ISO 8601). In the CSV files, a cell that would start with = + - or @ starts with '\n\
so that a spreadsheet shows it as text instead of running it.\n";

/// The archive's bytes. Built in memory: one person's data is small (kilobytes to a few megabytes).
pub fn archive(data: &PersonalData, exported_at: chrono::DateTime<chrono::Utc>) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Export<'a> {
        format: &'static str,
        exported_at: chrono::DateTime<chrono::Utc>,
        #[serde(flatten)]
        data: &'a PersonalData,
    }
    let tree = serde_json::to_value(Export { format: "ruralrise-personal-data/1", exported_at, data }).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), String> {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())
    };
    add("README.txt", README.as_bytes())?;
    add("data.json", &serde_json::to_vec_pretty(&tree).map_err(|e| e.to_string())?)?;
    for (section, columns) in SECTIONS {
        add(&format!("{section}.csv"), &section_csv(&tree[*section], columns)?)?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

/// One section as CSV: `rows` is a JSON object (one row) or an array of objects.
fn section_csv(rows: &serde_json::Value, columns: &[&str]) -> Result<Vec<u8>, String> {
    let rows: Vec<&serde_json::Value> = match rows {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Null => Vec::new(),
        one => vec![one],
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(columns).map_err(|e| e.to_string())?;
    for row in rows {
        let cells = columns.iter().map(|c| cell(&row[*c]));
        out.write_record(cells).map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => csv_safe(s).into_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::personal::*;
    use chrono::TimeZone;

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc.with_ymd_and_hms(2026, 11, 1, 8, 30, 0).unwrap()
    }

    fn sample() -> PersonalData {
        PersonalData {
            profile: ProfileRow {
                user_id: 7,
                email: "amina@example.test".into(),
                display_name: "=Amina, \"the\" welder".into(),
                role: "learner".into(),
                status: "active".into(),
                level: "beginner".into(),
                weekly_goal_minutes: 120,
                time_zone: "Africa/Nairobi".into(),
                language: Some("sw".into()),
                created_at: at(),
                email_verified_at: None,
            },
            cohorts: vec![CohortRow { cohort: "Solar A".into(), learning_path: "Solar".into(), trainer: None, joined_at: at() }],
            enrolments: vec![EnrolmentRow { learning_path: "Solar".into(), enrolled_at: at(), completed_at: None }],
            progress: vec![ProgressRow {
                lesson_id: 3,
                lesson: "Panels".into(),
                status: "completed".into(),
                minutes_spent: 12,
                points_awarded: 10,
                started_at: at(),
                completed_at: Some(at()),
                downloaded_at: None,
            }],
            submissions: vec![SubmissionRow {
                submission_id: 9,
                assessment: "Check".into(),
                answers: r#"[{"item":1,"text":"isolate\nthe panel"}]"#.into(),
                status: "graded".into(),
                ai_score: Some(70),
                ai_feedback: None,
                trainer_score: Some(80),
                score: Some(80),
                feedback: Some("Good".into()),
                submitted_at: at(),
                graded_at: Some(at()),
            }],
            messages: vec![],
            achievements: vec![AchievementRow { code: "first_lesson".into(), title: "First".into(), points: 10, earned_at: at() }],
            activity: vec![ActivityRow { kind: "sign_in".into(), lesson_id: None, minutes: 0, occurred_at: at() }],
            devices: vec![DeviceRow { device: "Firefox".into(), signed_in_at: at(), last_seen_at: at() }],
            mastery: vec![MasteryRow { skill: "dc-safety".into(), p_known: 0.8, answers: 4, correct: 3, updated_at: at() }],
            saved_offline: vec![SavedOfflineRow { lesson_id: 3, lesson: "Panels".into(), saved_at: at() }],
            synced: vec![SyncedRow {
                action_id: "6f1d3c1e-0000-4000-8000-000000000001".into(),
                kind: "complete".into(),
                device_at: at(),
                counted_at: at(),
                clock: "as_given".into(),
                received_at: at(),
                outcome: "applied".into(),
            }],
        }
    }

    fn files(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut s = String::new();
                std::io::Read::read_to_string(&mut f, &mut s).unwrap();
                (f.name().unwrap().to_string(), s)
            })
            .collect()
    }

    #[test]
    fn every_column_is_a_field_of_its_rows_and_every_field_has_a_column() {
        let tree = serde_json::to_value(sample()).unwrap();
        for (section, columns) in SECTIONS {
            let row = match &tree[*section] {
                serde_json::Value::Array(items) if items.is_empty() => continue,
                serde_json::Value::Array(items) => &items[0],
                one => one,
            };
            let fields: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
            let mut sorted: Vec<&str> = columns.to_vec();
            sorted.sort_unstable();
            let mut fields_sorted = fields.clone();
            fields_sorted.sort_unstable();
            assert_eq!(sorted, fields_sorted, "{section}.csv columns");
        }
        let object = tree.as_object().unwrap();
        assert_eq!(object.len(), SECTIONS.len(), "every section of the data has a CSV file");
    }

    #[test]
    fn the_archive_holds_json_csv_and_readme_that_agree() {
        let files = files(&archive(&sample(), at()).unwrap());
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert!(names.contains(&"README.txt") && names.contains(&"data.json") && names.contains(&"messages.csv"));
        assert_eq!(names.len(), SECTIONS.len() + 2);
        let json: serde_json::Value = serde_json::from_str(&files["data.json"]).unwrap();
        assert_eq!(json["format"], "ruralrise-personal-data/1");
        assert_eq!(json["profile"]["email"], "amina@example.test");
        assert_eq!(json["submissions"][0]["trainer_score"], 80);
        // CSV: quoted by the writer, formula-looking text defused, empty sections keep their header.
        let profile = &files["profile.csv"];
        assert!(profile.starts_with("user_id,email,display_name,"), "{profile}");
        assert!(profile.contains(r#""'=Amina, ""the"" welder""#), "{profile}");
        assert_eq!(files["messages.csv"].trim(), "message_id,direction,with,body,created_at,read_at");
        let mut reader = csv::Reader::from_reader(files["submissions.csv"].as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[2], r#"[{"item":1,"text":"isolate\nthe panel"}]"#);
        assert_eq!(&row[6], "80");
    }
}
