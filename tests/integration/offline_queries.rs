//! `.sqlx/`, the offline description of every checked query, against the schema the migrations make.
//!
//! Builds read `.sqlx/` instead of a database (SQLX_OFFLINE), so a build only proves each query has
//! a description. This test proves each description is still true: it asks PostgreSQL to describe
//! every stored query again, on a freshly migrated database, and compares columns, types,
//! nullability and parameters. It replaces `cargo sqlx prepare --check`, which compiled the crate
//! and all its dependencies once more just to do this.

use serde_json::Value;
use sqlx::{Either, Executor, PgPool, postgres::PgTypeInfo};

/// A stored type as `PgTypeInfo`'s Debug text prints it, minus the OID (not stored: it differs
/// between databases).
fn stored_type(v: &Value) -> String {
    format!("PgTypeInfo({})", type_body(v))
}

fn type_body(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.len() == 1 => {
            let (variant, inner) = o.iter().next().unwrap();
            match variant.as_str() {
                "Custom" => format!(
                    "Custom(PgCustomType {{ name: {}, kind: {} }})",
                    inner["name"].as_str().unwrap_or_default(),
                    kind(&inner["kind"])
                ),
                other => format!("{other}({})", type_body(inner)),
            }
        }
        other => format!("{other}"),
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.len() == 1 => {
            let (variant, inner) = o.iter().next().unwrap();
            match (variant.as_str(), inner) {
                ("Enum", Value::Array(labels)) => {
                    let labels: Vec<String> = labels.iter().map(|l| format!("{:?}", l.as_str().unwrap_or_default())).collect();
                    format!("Enum([{}])", labels.join(", "))
                }
                (other, inner) => format!("{other}({})", stored_type(inner)),
            }
        }
        other => format!("{other}"),
    }
}

fn live_type(t: &PgTypeInfo) -> String {
    let debug = format!("{t:?}");
    // "oid: Oid(16412), " inside a custom type: the number is this database's, not the type's.
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("oid: Oid(") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let close = after.find("), ").map(|i| i + 3).unwrap_or(after.len());
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

fn nullable(v: &Value) -> Option<bool> {
    v.as_bool()
}

#[sqlx::test(migrations = "./migrations")]
async fn every_stored_query_description_still_matches_the_migrated_schema(pool: PgPool) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".sqlx");
    let sources: String = source_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stored: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let sql = stored["query"].as_str().unwrap();
        // A description whose query no longer appears in the code is left over from an old query.
        if !sources.contains(sql) && !sources.contains(&sql.replace('"', "\\\"")) {
            problems.push(format!("{name}: its query is no longer in src/ (run scripts/sqlx-prepare.sh)"));
            continue;
        }
        let live = match pool.describe(sql).await {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("{name}: PostgreSQL no longer accepts the query: {e}"));
                continue;
            }
        };
        let want = &stored["describe"];
        let want_columns = want["columns"].as_array().unwrap();
        if want_columns.len() != live.columns().len() {
            problems.push(format!("{name}: {} columns stored, {} now", want_columns.len(), live.columns().len()));
            continue;
        }
        for (i, (w, c)) in want_columns.iter().zip(live.columns()).enumerate() {
            use sqlx::Column;
            if w["name"].as_str() != Some(c.name()) || stored_type(&w["type_info"]) != live_type(c.type_info()) {
                problems.push(format!(
                    "{name}: column {i} stored as {} {}, now {} {}",
                    w["name"],
                    stored_type(&w["type_info"]),
                    c.name(),
                    live_type(c.type_info())
                ));
            }
            let stored_null = want["nullable"].get(i).and_then(nullable);
            if stored_null != live.nullable(i) {
                problems.push(format!("{name}: column {i} nullable stored as {stored_null:?}, now {:?}", live.nullable(i)));
            }
        }
        let stored_params: Vec<String> =
            want["parameters"]["Left"].as_array().map(|ps| ps.iter().map(stored_type).collect()).unwrap_or_default();
        let live_params: Vec<String> = match live.parameters() {
            Some(Either::Left(ps)) => ps.iter().map(live_type).collect(),
            _ => Vec::new(),
        };
        if stored_params != live_params {
            problems.push(format!("{name}: parameters stored as {stored_params:?}, now {live_params:?}"));
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} stored queries were found in .sqlx/");
    assert!(problems.is_empty(), ".sqlx/ is out of date (run scripts/sqlx-prepare.sh):\n{}", problems.join("\n"));
}

fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(source_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out
}
