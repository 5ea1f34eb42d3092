//! `/train/cohorts/{id}/pins`: the cohort's sign-in code and link, and each learner's picture and
//! PIN, set, reset after a lock, or taken away.

use crate::api::account::session::take_form_flash;
use crate::api::trainer::pins::{NewSignInCode, RemovePin, SetPin, cohort_pins};
use crate::auth::Role;
use crate::domain::pin::{PIN_MAX_DIGITS, PIN_MAX_FAILURES, PIN_MIN_DIGITS};
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::account::PinPicture;
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::trainer::{PinMember, PinRoster, PinState};
use crate::ui::aria::FieldAria;
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PinsPage() -> impl IntoView {
    let Some(cohort) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let roster = cohort_pins(cohort).await?;
        let flash = take_form_flash(Form::Pins).await?.unwrap_or_else(|| FormFlash::new(Form::Pins));
        Ok::<_, AppError>((roster, flash))
    };
    data_page(load, |(roster, flash)| view! { <Pins roster flash/> }).into_any()
}

#[component]
fn Pins(roster: PinRoster, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let cohort_id = roster.cohort_id;
    let cohort_name = roster.cohort_name.clone();
    let code = match roster.code {
        Some((shown, raw)) => view! {
            <p>{td_string!(l, pins.code_is)}" "<strong class="code" id="sign-in-code" translate="no">{shown}</strong></p>
            <p>{td_string!(l, pins.link_is)}" "<a id="sign-in-link" href=format!("/pin/{raw}") translate="no">{format!("/pin/{raw}")}</a></p>
            <form method="post" action=NewSignInCode::PATH>
                <input type="hidden" name="cohort" value=cohort_id.to_string()/>
                <p class="hint">{td_string!(l, pins.new_code_note)}</p>
                <button type="submit" class="button secondary">{td_string!(l, pins.new_code)}</button>
            </form>
        }
        .into_any(),
        None => view! {
            <p class="empty">{td_string!(l, pins.no_code)}</p>
            <form method="post" action=NewSignInCode::PATH>
                <input type="hidden" name="cohort" value=cohort_id.to_string()/>
                <button type="submit" class="button">{td_string!(l, pins.make_code)}</button>
            </form>
        }
        .into_any(),
    };
    let members = if roster.members.is_empty() {
        view! { <p class="empty">{td_string!(l, pins.no_learners)}</p> }.into_any()
    } else {
        let rows = roster
            .members
            .into_iter()
            .enumerate()
            .map(|(n, m)| view! { <MemberRow m cohort_id suggested=PinPicture::all().nth(n % 12).unwrap_or(PinPicture::Sun) flash=flash.clone()/> })
            .collect_view();
        view! {
            <TableFrame label=td_string!(l, pins.learners).to_string()>
                <table id="pins">
                    <thead><tr>
                        <th scope="col">{td_string!(l, pins.col_learner)}</th>
                        <th scope="col">{td_string!(l, pins.col_state)}</th>
                        <th scope="col">{td_string!(l, pins.col_set)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, pins.title).to_string() user=(Role::Trainer, roster.viewer_name.clone())>
            <h1>{td!(l, pins.heading, cohort = move || view! { <span translate="no">{cohort_name.clone()}</span> })}</h1>
            <FormMessage error notice/>
            <p>{td_string!(l, pins.intro, failures = PIN_MAX_FAILURES)}</p>
            <section class="panel">
                <h2>{td_string!(l, pins.code_heading)}</h2>
                {code}
            </section>
            <section class="panel">
                <h2>{td_string!(l, pins.learners)}</h2>
                {members}
            </section>
            <p><a href="/train">{td_string!(l, pins.back)}</a></p>
        </AppLayout>
    }
}

/// One learner: their PIN's state, a form to set a new picture and PIN, and one to take it away.
/// Problems of the last post come back on the row they were about.
#[component]
fn MemberRow(m: PinMember, cohort_id: i64, suggested: PinPicture, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let mine = flash.value(Field::Learner) == m.learner_id.to_string();
    let error = if mine { flash.error(Field::Pin).map(|p| text::problem(l, p)) } else { None };
    let kept_picture = if mine { flash.value(Field::Picture).parse::<PinPicture>().ok() } else { None };
    let picture = kept_picture.or(m.picture).unwrap_or(suggested);
    let aria = FieldAria::new(&format!("pin-{}", m.learner_id), error.is_some(), true);
    let picture_id = format!("picture-{}", m.learner_id);
    let state = text::pin_state(l, m.state);
    let since = m.set_on.filter(|_| m.state != PinState::NotSet).map(|d| td_string!(l, pins.set_on, date = text::date(l, d)).to_string());
    let remove = (m.state != PinState::NotSet).then(|| {
        view! {
            <form method="post" action=RemovePin::PATH class="inline">
                <input type="hidden" name="cohort" value=cohort_id.to_string()/>
                <input type="hidden" name="learner" value=m.learner_id.to_string()/>
                <button type="submit" class="button secondary">{td_string!(l, pins.remove)}</button>
            </form>
        }
    });
    let options = PinPicture::all()
        .map(|p| view! { <option value=p.as_str() selected=p == picture>{format!("{} {}", p.emoji(), text::picture(l, p))}</option> })
        .collect_view();
    let shown_picture = m.picture.map(|p| view! { <span class="picture" aria-hidden="true">{p.emoji()}</span>" " });
    view! {
        <tr data-learner=m.learner_id.to_string()>
            <th scope="row">
                {shown_picture}<span translate="no">{m.name.clone()}</span>
                <br/><span class="meta" translate="no">{m.email}</span>
            </th>
            <td class=if m.state == PinState::Locked { "error" } else { "" }>{state}{since.map(|s| view! { <br/><span class="meta">{s}</span> })}</td>
            <td>
                <form method="post" action=SetPin::PATH class="pin-set">
                    <input type="hidden" name="cohort" value=cohort_id.to_string()/>
                    <input type="hidden" name="learner" value=m.learner_id.to_string()/>
                    <div class="field">
                        <label for=picture_id.clone()>{td_string!(l, pins.picture_for, name = m.name.clone())}</label>
                        <select id=picture_id name="picture">{options}</select>
                    </div>
                    <div class="field">
                        <label for=aria.id.clone()>{td_string!(l, pins.pin_for, name = m.name.clone())}</label>
                        <input id=aria.id name="pin" type="text" inputmode="numeric" autocomplete="off" maxlength="12" required=true
                            aria-invalid=aria.invalid aria-describedby=aria.described_by autofocus=error.is_some()/>
                        <p class="hint" id=aria.hint_id>{td_string!(l, pin.pin_hint, min = PIN_MIN_DIGITS, max = PIN_MAX_DIGITS)}</p>
                        {error.map(|e| view! { <p class="error" id=aria.error_id>{e}</p> })}
                    </div>
                    <button type="submit" class="button">{td_string!(l, pins.set)}</button>
                </form>
                {remove}
            </td>
        </tr>
    }
}
