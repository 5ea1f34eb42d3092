//! What a learner form post left for the next page: problems, a notice, and achievements just
//! earned, announced once (the flash is taken when read) in a live region.

use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{FormFlash, Notice};
use crate::ui::components::form::FormMessage;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn LearnFlash(flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let error = flash.errors.first().map(|(_, p)| text::problem(l, *p));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let feedback = match &flash.notice {
        Some(Notice::StepAnswered { feedback, .. }) => Some(feedback.clone()),
        _ => None,
    };
    let earned = match flash.notice {
        Some(Notice::LessonDone { earned, .. } | Notice::StepAnswered { earned, .. } | Notice::Submitted { earned, .. })
            if !earned.is_empty() =>
        {
            Some(earned)
        }
        _ => None,
    };
    let earned = earned.map(|codes| {
        let items = codes
            .into_iter()
            .map(|code| {
                let (title, text) = text::achievement(l, code);
                view! { <li><strong>{title}</strong>" · "{text}</li> }
            })
            .collect_view();
        view! {
            <section class="banner earned" role="status" aria-labelledby="earned-heading" id="earned">
                <h2 id="earned-heading">{td_string!(l, lesson.earned)}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    // Authored feedback on the answer just given, in the content's language.
    let feedback = feedback.map(|f| view! { <p class="banner feedback" id="feedback" lang=CONTENT_LANGUAGE.code()>{f}</p> });
    view! {
        <FormMessage error notice/>
        {feedback}
        {earned}
    }
}
