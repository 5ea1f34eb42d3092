//! "Save for offline" on a path or a lesson, with its cost first ("3 lessons, 1.2 MB"). Saving
//! needs the offline layer's script (`public/offline.js`), so the box is hidden until that script
//! shows it; the button's `data-lessons` says what to fetch.

use crate::i18n::td_string;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use serde::Serialize;

/// One lesson as the offline layer saves it: its page, its media and what they weigh.
#[derive(Serialize)]
pub struct OfflineLesson {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub media: Vec<String>,
    pub bytes: i64,
    /// A quiz lesson: where the phone asks for its keys, to score it offline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiz: Option<&'static str>,
}

impl OfflineLesson {
    /// The keys' address for a quiz lesson (the learner's `get_quiz_keys`).
    pub fn quiz_keys(kind: crate::model::learner::LessonKind) -> Option<&'static str> {
        use leptos::server_fn::ServerFn;
        (kind == crate::model::learner::LessonKind::Quiz).then_some(crate::api::learner::saved::GetQuizKeys::PATH)
    }
}

#[component]
pub fn SaveForOffline(
    lessons: Vec<OfflineLesson>,
    /// The page the button is on, saved with the lessons when it is their path.
    #[prop(optional)]
    page: Option<String>,
) -> impl IntoView {
    let l = use_locale();
    if lessons.is_empty() {
        return None;
    }
    let total: i64 = lessons.iter().map(|x| x.bytes).sum();
    let label = td_string!(l, offline.save_button, count = lessons.len() as i64, size = text::bytes(l, total)).to_string();
    let data = serde_json::to_string(&lessons).unwrap_or_else(|_| "[]".to_owned());
    Some(view! {
        <section class="panel offline-save" id="offline-save" hidden=true aria-labelledby="offline-save-heading">
            <h2 id="offline-save-heading">{td_string!(l, offline.save_heading)}</h2>
            <p>{td_string!(l, offline.save_intro)}</p>
            <button type="button" class="button" data-lessons=data data-page=page aria-controls="offline-save-live">{label}</button>
            <p id="offline-save-live" class="meta" role="status"></p>
        </section>
    })
}
