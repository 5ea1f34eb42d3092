//! Test harness: a seeded database, the real router on an ephemeral port, and a cookie-carrying client.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use ruralrise::server::{config, demo, router, seed_demo, state::AppState};
use sqlx::PgPool;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
pub const LEARNER: &str = "learner@ruralrise.test";
pub const TRAINER: &str = "trainer@ruralrise.test";
pub const OPS: &str = "ops@ruralrise.test";

pub struct TestApp {
    pub base: String,
    pub pool: PgPool,
}

/// Seeds a small demo world into `pool` and serves the app over it.
pub async fn spawn(pool: PgPool) -> TestApp {
    // Tests stand behind a pretend proxy, so each test can say which address a request comes from.
    spawn_with(pool, config::Config { trust_proxy: true, ..config::Config::plain("unused".into()) }).await
}

/// As `spawn`, with the given configuration.
pub async fn spawn_with(pool: PgPool, cfg: config::Config) -> TestApp {
    let options = demo::SeedOptions { learners: 12, seed: 11, now: chrono::Utc::now() };
    seed_demo(&pool, &options).await.expect("seed");
    let mut leptos_options = config::parse_leptos_toml(include_str!("../../Leptos.toml")).expect("Leptos.toml");
    // Tests run without a cargo-leptos build beside them, so there is no hash file to read.
    leptos_options.hash_files = false;
    let state = AppState { leptos_options, pool: pool.clone(), cookie_secure: cfg.cookie_secure, trust_proxy: cfg.trust_proxy };
    let app = router::build(state, &cfg).await.expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    TestApp { base: format!("http://{addr}"), pool }
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

    /// Any request, shaped by `build`, with this browser's cookies and address.
    pub async fn send(&mut self, build: impl FnOnce(&reqwest::Client, &str) -> reqwest::RequestBuilder) -> Reply {
        let res = build(&self.http, &self.base).headers(self.headers()).send().await.unwrap();
        self.finish(res).await
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

pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}
