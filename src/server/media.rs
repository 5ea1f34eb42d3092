//! Lesson media (videos and their posters): where they are kept and how they are served.
//!
//! Media live in a store addressed by key (`demo/cash-book.mp4`); pages link to `/media/{key}`.
//! Today the store is a folder (`RURALRISE_MEDIA_DIR`, default `media/` in the data folder) served
//! with HTTP Range requests by tower-http, so a download cut off on a slow link resumes where it
//! stopped. An S3-compatible store can replace the folder behind the same keys and route (the
//! handler would answer with a short-lived presigned redirect instead of the bytes); nothing
//! outside this module knows where the bytes are.

use crate::auth::Role;
use crate::server::request::Caller;
use crate::server::state::AppState;
use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// A week: a key names one file for good (a changed video gets a new key).
const CACHE: &str = "private, max-age=604800";

#[derive(Debug, Clone)]
pub enum MediaStore {
    Folder(PathBuf),
}

/// The demo world's videos and posters, made by `scripts/make-demo-videos.sh` and kept in the
/// binary, so a demo start needs no download and no ffmpeg.
pub const DEMO_MEDIA: &[(&str, &[u8])] = &[
    ("demo/charge-controller-lights.mp4", include_bytes!("demo/media/charge-controller-lights.mp4")),
    ("demo/charge-controller-lights.jpg", include_bytes!("demo/media/charge-controller-lights.jpg")),
    ("demo/hermetic-storage.mp4", include_bytes!("demo/media/hermetic-storage.mp4")),
    ("demo/hermetic-storage.jpg", include_bytes!("demo/media/hermetic-storage.jpg")),
    ("demo/cash-book.mp4", include_bytes!("demo/media/cash-book.mp4")),
    ("demo/cash-book.jpg", include_bytes!("demo/media/cash-book.jpg")),
];

/// The size of a demo file, for the lesson that shows it.
pub fn demo_size(key: &str) -> i64 {
    DEMO_MEDIA.iter().find(|(k, _)| *k == key).map_or(0, |(_, bytes)| bytes.len() as i64)
}

impl MediaStore {
    pub fn folder(dir: PathBuf) -> Self {
        MediaStore::Folder(dir)
    }

    /// Writes the demo files that are missing or differ; run at every demo start.
    pub fn install_demo(&self) -> std::io::Result<()> {
        let MediaStore::Folder(root) = self;
        for (key, bytes) in DEMO_MEDIA {
            let path = root.join(key);
            if std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
                continue;
            }
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, bytes)?;
        }
        Ok(())
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        let MediaStore::Folder(root) = self;
        valid_key(key).then(|| root.join(key))
    }
}

/// Keys are lower-case path segments of letters, digits, dashes and dots, never `..`: nothing a
/// request names can reach outside the store.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 200
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('.')
                && seg.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
        })
}

/// GET `/media/{*key}`: staff may fetch any lesson's media; a learner only media of lessons on a
/// path they are enrolled in or that is open. Range, If-Range and If-Modified-Since are answered
/// by tower-http's file service.
pub async fn serve(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(key): Path<String>, req: Request) -> Response {
    let me = match caller.0 {
        Ok(Some(user)) => user,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let Some(path) = state.media.path(&key) else { return StatusCode::NOT_FOUND.into_response() };
    if me.role == Role::Learner {
        match crate::server::db::lessons::media_readable_by(&state.pool, me.user_id, &key).await {
            Ok(Some(true)) => {}
            Ok(Some(false)) => return StatusCode::FORBIDDEN.into_response(),
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(err) => {
                tracing::error!(error = %err, "media access");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    let mut res = match ServeFile::new(path).oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_store() {
        assert!(valid_key("demo/cash-book.mp4"));
        assert!(valid_key("org-12/lesson_3/v2.webm"));
        for bad in
            ["", "../etc/passwd", "demo/../../x", "/abs.mp4", "demo//x.mp4", "demo/.hidden", "Demo/X.mp4", "demo/x y.mp4", "demo\\x.mp4"]
        {
            assert!(!valid_key(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn demo_files_are_real_and_small() {
        for (key, bytes) in DEMO_MEDIA {
            assert!(valid_key(key));
            assert!(bytes.len() > 1_000 && bytes.len() <= 300_000, "{key}: {} bytes", bytes.len());
        }
        assert_eq!(&DEMO_MEDIA[0].1[4..8], b"ftyp", "an MP4 file");
    }
}
