//! Every status and kind is a PostgreSQL enum whose labels are exactly those of its Rust enum, so
//! neither side can hold a value the other cannot read.

use sqlx::PgPool;
use std::collections::BTreeSet;

#[sqlx::test(migrations = "./migrations")]
async fn rust_enums_and_postgres_enums_list_the_same_labels(pool: PgPool) {
    let rust = ruralrise::server::db::enums::rust_labels();
    for (pg_type, labels) in &rust {
        let in_db: Vec<String> =
            sqlx::query_scalar(&format!("select unnest(enum_range(null::{pg_type}))::text")).fetch_all(&pool).await.unwrap();
        assert_eq!(&in_db, labels, "{pg_type}: the database and the Rust enum disagree (order included)");
    }
    let db_types: BTreeSet<String> =
        sqlx::query_scalar("select typname::text from pg_type where typtype = 'e'").fetch_all(&pool).await.unwrap().into_iter().collect();
    let rust_types: BTreeSet<String> = rust.iter().map(|(t, _)| (*t).to_owned()).collect();
    assert_eq!(db_types, rust_types, "every PostgreSQL enum type has a Rust enum and the other way round");
}
