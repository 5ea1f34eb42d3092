//! `/learn/assessments/{id}`: an assessment taken as a plain form, scored the moment it is handed
//! in (the result page follows).

use crate::api::account::session::take_form_flash;
use crate::api::learner::assessments::get_assessment;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::AssessmentView;
use crate::ui::components::announce::LearnFlash;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::quiz::QuizForm;
use crate::ui::text::use_locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let Some(id) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let view = get_assessment(id).await?;
        let flash = take_form_flash(Form::Learn).await?.unwrap_or_else(|| FormFlash::new(Form::Learn));
        Ok::<_, AppError>((view, flash))
    };
    data_page(load, |(assessment, flash)| view! { <Assessment assessment flash/> }).into_any()
}

#[component]
fn Assessment(assessment: AssessmentView, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let path_href = format!("/learn/paths/{}", assessment.learning_path_id);
    let title = assessment.title.clone();
    view! {
        <AppLayout title=title.clone() user=(Role::Learner, assessment.display_name.clone())>
            <nav class="crumbs" aria-label=td_string!(l, lesson.breadcrumbs)>
                <a href=path_href lang=content>{assessment.path_title.clone()}</a>" › "<span lang=content>{assessment.module_title.clone()}</span>
            </nav>
            <LearnFlash flash=FormFlash { answers: Vec::new(), ..flash.clone() }/>
            <article class="panel" aria-labelledby="assessment-title">
                <h1 id="assessment-title" lang=content>{title}</h1>
                <QuizForm assessment flash/>
            </article>
        </AppLayout>
    }
}
