//! Test harness: a seeded database, the real router on an ephemeral port, and a cookie-carrying client.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use ruralrise::server::embedded_pg::EmbeddedPostgres;
use ruralrise::server::{config, demo, router, seed_demo, state::AppState};
use sqlx::PgPool;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
pub const LEARNER: &str = "learner@ruralrise.test";
pub const TRAINER: &str = "trainer@ruralrise.test";
pub const OPS: &str = "ops@ruralrise.test";

pub struct TestApp {
    pub base: String,
    pub pool: PgPool,
    /// Where this app's letters land (no SMTP server in these tests: see the browser tests).
    pub outbox: std::path::PathBuf,
}

/// A fresh folder per app, so each test reads only its own letters.
pub fn scratch_dir() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("ruralrise-it-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

impl TestApp {
    /// The letters sent to `to` so far, as raw messages, waiting a little for background sends.
    pub async fn letters_to(&self, to: &str, at_least: usize) -> Vec<String> {
        for _ in 0..100 {
            let mut found: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&self.outbox)
                .map(|d| d.flatten().collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, std::fs::read_to_string(e.path()).ok()?)))
                .filter(|(_, text)| {
                    text.lines().any(|l| l.to_lowercase().starts_with("to:") && l.to_lowercase().contains(&to.to_lowercase()))
                })
                .collect();
            if found.len() >= at_least {
                found.sort();
                return found.into_iter().map(|(_, t)| t).collect();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Vec::new()
    }
}

/// The first link into the site in a letter's plain-text part, as a path and query.
pub fn link_in(letter: &str, base_path: &str) -> Option<String> {
    let text = letter.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    let start = text.find(&format!("{base_path}?token="))?;
    let rest = &text[start..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '"' || c == '<').unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

/// Seeds a small demo world into `pool` and serves the app over it.
pub async fn spawn(pool: PgPool) -> TestApp {
    // Tests stand behind a pretend proxy, so each test can say which address a request comes from.
    spawn_with(pool, config::Config { trust_proxy: true, ..config::Config::plain(scratch_dir()) }).await
}

/// As `spawn`, with the given configuration.
pub async fn spawn_with(pool: PgPool, cfg: config::Config) -> TestApp {
    spawn_supervising(pool, cfg, None).await
}

/// As `spawn_with`, with the app watching (and restarting) an embedded cluster of its own.
pub async fn spawn_supervising(pool: PgPool, cfg: config::Config, embedded: Option<EmbeddedPostgres>) -> TestApp {
    let options = demo::SeedOptions { learners: 12, seed: 11, now: chrono::Utc::now() };
    seed_demo(&pool, &options).await.expect("seed");
    let mut leptos_options = config::parse_leptos_toml(include_str!("../../Leptos.toml")).expect("Leptos.toml");
    // Tests run without a cargo-leptos build beside them, so there is no hash file to read.
    leptos_options.hash_files = false;
    let mail = cfg.mail(leptos_options.site_addr).expect("mail");
    let media = std::sync::Arc::new(cfg.media());
    media.install_demo().expect("demo media");
    let prescoring = cfg.prescoring(&pool);
    let state = AppState {
        leptos_options,
        pool: pool.clone(),
        cookie_secure: cfg.cookie_secure,
        trust_proxy: cfg.trust_proxy,
        mail,
        media,
        prescoring,
        health: ruralrise::server::health::Health::start(pool.clone(), embedded),
        metrics: std::sync::Arc::new(ruralrise::server::metrics::Metrics::new()),
        metrics_token: cfg.metrics_token.as_deref().map(std::sync::Arc::from),
    };
    let app = router::build(state, &cfg).await.expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    TestApp { base: format!("http://{addr}"), pool, outbox: cfg.data_dir.join("outbox") }
}

/// A browser stand-in that keeps the session cookie in view so tests can look at it.
pub struct Browser {
    http: reqwest::Client,
    base: String,
    pub session: Option<String>,
    /// The language cookie, as the server last set it.
    pub language: Option<String>,
    /// What the browser says it reads (Accept-Language).
    pub accept_language: Option<String>,
    /// The client address the (pretend) proxy in front of the app reports for this browser.
    pub address: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub headers: HeaderMap,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { http, base: app.base.clone(), session: None, language: None, accept_language: None, address: None }
    }

    /// A browser whose user reads `accept_language` first.
    /// Another tab of the same browser: same session and address, its own requests.
    pub fn another_tab(&self) -> Self {
        Browser {
            http: self.http.clone(),
            base: self.base.clone(),
            session: self.session.clone(),
            language: self.language.clone(),
            accept_language: self.accept_language.clone(),
            address: self.address.clone(),
        }
    }

    pub fn reading(app: &TestApp, accept_language: &str) -> Self {
        Browser { accept_language: Some(accept_language.to_owned()), ..Browser::new(app) }
    }

    /// A browser on another connection, as the proxy reports it.
    pub fn from_address(app: &TestApp, address: &str) -> Self {
        Browser { address: Some(address.to_owned()), ..Browser::new(app) }
    }

    pub fn headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        let mut cookies = Vec::new();
        if let Some(s) = &self.session {
            cookies.push(format!("rr_session={s}"));
        }
        if let Some(l) = &self.language {
            cookies.push(format!("rr_lang={l}"));
        }
        if !cookies.is_empty() {
            h.insert("cookie", HeaderValue::from_str(&cookies.join("; ")).unwrap());
        }
        if let Some(l) = &self.accept_language {
            h.insert("accept-language", HeaderValue::from_str(l).unwrap());
        }
        if let Some(a) = &self.address {
            h.insert("x-forwarded-for", HeaderValue::from_str(a).unwrap());
        }
        h
    }

    async fn finish(&mut self, res: reqwest::Response) -> Reply {
        for value in res.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            if let Some(rest) = text.strip_prefix("rr_session=") {
                let id = rest.split(';').next().unwrap_or("");
                self.session = if id.is_empty() || text.contains("Max-Age=0") { None } else { Some(id.to_owned()) };
            }
            if let Some(rest) = text.strip_prefix("rr_lang=") {
                self.language = rest.split(';').next().map(str::to_owned);
            }
        }
        let status = res.status();
        let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
        let headers = res.headers().clone();
        Reply { status, location, headers, body: res.text().await.unwrap() }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        let res = self.http.get(format!("{}{path}", self.base)).headers(self.headers()).send().await.unwrap();
        self.finish(res).await
    }

    /// A plain HTML form post, as the browser sends it from our pages.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .headers(self.headers())
            .header("accept", "text/html")
            .header("origin", &self.base)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// A server-function call as an island would make it (JSON answer).
    pub async fn call(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .headers(self.headers())
            .header("accept", "application/json")
            .form(fields)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// A server-function call with a JSON body (the sync endpoint), as a same-origin script makes it.
    pub async fn call_json(&mut self, path: &str, body: &serde_json::Value) -> Reply {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .headers(self.headers())
            .header("accept", "application/json")
            .json(body)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// Any request, shaped by `build`, with this browser's cookies and address.
    pub async fn send(&mut self, build: impl FnOnce(&reqwest::Client, &str) -> reqwest::RequestBuilder) -> Reply {
        let res = build(&self.http, &self.base).headers(self.headers()).send().await.unwrap();
        self.finish(res).await
    }

    /// A same-origin form post whose answer is a file: status, headers and the raw bytes.
    pub async fn download(&mut self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .headers(self.headers())
            .header("origin", &self.base)
            .form(fields)
            .send()
            .await
            .unwrap();
        (res.status(), res.headers().clone(), res.bytes().await.unwrap().to_vec())
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Reply {
        self.post_form("/api/account/sign_in", &[("email", email), ("password", password)]).await
    }
}

/// The value of `<html lang>` on a page.
pub fn page_language(body: &str) -> Option<&str> {
    body.split("<html lang=\"").nth(1)?.split('"').next()
}

pub async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let mut b = Browser::new(app);
    let r = b.sign_in(email, PASSWORD).await;
    assert_eq!(r.status, StatusCode::FOUND, "sign-in of {email} should redirect");
    b
}

pub async fn user_id(pool: &PgPool, email: &str) -> i64 {
    sqlx::query_scalar("select user_id from app_user where email = $1").bind(email).fetch_one(pool).await.unwrap()
}

pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// A page with its per-request nonces blanked, to compare two answers for sameness.
pub fn without_nonces(page: &str) -> String {
    page.split("nonce=\"")
        .enumerate()
        .map(|(i, part)| if i == 0 { part.to_owned() } else { part.split_once('"').map(|(_, rest)| rest.to_owned()).unwrap_or_default() })
        .collect::<Vec<_>>()
        .join("nonce=\"N\"")
}

/// Signs up through the form, then opens the confirmation letter's link and presses its button,
/// as a new learner does; returns the answer to that last post.
pub async fn sign_up_and_confirm(app: &TestApp, b: &mut Browser, name: &str, email: &str, password: &str) -> Reply {
    let r = b.post_form("/api/account/sign_up", &[("name", name), ("email", email), ("password", password)]).await;
    assert_eq!(r.location.as_deref(), Some("/signin"), "sign-up of {email}");
    let letters = app.letters_to(email, 1).await;
    let link = letters.first().and_then(|l| link_in(l, "/verify")).expect("a confirmation letter with a link");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    b.post_form("/api/account/verify_email", &[("token", &token)]).await
}

/// The figure shown in the tile with `id` (its `class="value"` text).
pub fn tile_value<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let rest = &page[at..];
    let start = rest.find("class=\"value\">").expect("a value") + "class=\"value\">".len();
    &rest[start..start + rest[start..].find('<').unwrap()]
}

/// Gives one graded open answer of `trainer` (graded within 80 days, so inside every 90-day
/// window) a pre-score with exactly the trainer's levels: agreement figures then have something
/// to count.
pub async fn agreeing_prescore(pool: &PgPool, trainer: i64) {
    let (submission, position, levels): (i64, i32, serde_json::Value) = sqlx::query_as(
        "select s.submission_id, (e ->> 'position')::int, e -> 'levels'
           from submission s join cohort c on c.cohort_id = s.cohort_id cross join jsonb_array_elements(s.item_results) e
          where c.trainer_id = $1 and s.status = 'graded' and s.graded_at > now() - interval '80 days'
            and jsonb_typeof(e -> 'levels') = 'array' limit 1",
    )
    .bind(trainer)
    .fetch_one(pool)
    .await
    .expect("the demo trainer has graded an open answer");
    let ai: Vec<i16> = serde_json::from_value(levels).unwrap();
    sqlx::query(
        "insert into prescore (submission_id, position, model_version, basis, levels, confidence, reasons, features)
         values ($1, $2, 'test', md5('x'), $3, 0.8, '[]', '{}')",
    )
    .bind(submission)
    .bind(position)
    .bind(&ai)
    .execute(pool)
    .await
    .unwrap();
}
