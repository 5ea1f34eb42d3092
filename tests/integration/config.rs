//! Leptos.toml (read by the server) and Cargo.toml's [package.metadata.leptos] (read by cargo-leptos)
//! must agree on every key they share.

#[test]
fn leptos_toml_matches_cargo_metadata() {
    let cargo: toml::Table = toml::from_str(include_str!("../../Cargo.toml")).unwrap();
    let meta = cargo["package"]["metadata"]["leptos"].as_table().expect("[package.metadata.leptos]");
    let runtime: toml::Table = toml::from_str(include_str!("../../Leptos.toml")).unwrap();
    assert!(!runtime.is_empty());
    for (key, value) in &runtime {
        assert_eq!(meta.get(key), Some(value), "Leptos.toml's {key} differs from Cargo.toml's [package.metadata.leptos]");
    }
    for key in ["output-name", "site-root", "site-pkg-dir", "site-addr", "env", "hash-files"] {
        assert!(runtime.contains_key(key), "Leptos.toml must set {key}");
    }
}

#[test]
fn server_reads_leptos_toml_through_leptos_loader() {
    let options = ruralrise::server::config::parse_leptos_toml(include_str!("../../Leptos.toml")).unwrap();
    assert_eq!(&*options.output_name, "ruralrise");
    assert_eq!(&*options.site_pkg_dir, "pkg");
    assert!(options.hash_files);
}

#[test]
fn pages_load_the_echarts_build_that_setup_installs() {
    let pins: serde_json::Value = serde_json::from_str(include_str!("../../scripts/node/package.json")).unwrap();
    let version = pins["dependencies"]["echarts"].as_str().expect("echarts pinned in scripts/node/package.json");
    assert_eq!(ruralrise::ui::components::chart::ECHARTS_PATH, format!("/vendor/echarts-common-{version}.min.js"));
}

#[test]
fn learner_pages_load_the_idb_build_that_setup_installs() {
    let pins: serde_json::Value = serde_json::from_str(include_str!("../../scripts/node/package.json")).unwrap();
    let version = pins["dependencies"]["idb"].as_str().expect("idb pinned in scripts/node/package.json");
    assert_eq!(ruralrise::ui::components::layout::IDB_PATH, format!("/vendor/idb-{version}.umd.js"));
}
