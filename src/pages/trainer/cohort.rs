//! `/train/cohorts/{id}`: a cohort's facts, its learners one page at a time (`?sort=`, `?after=`:
//! keyset pages), and finding learners to add (`?q=`). Every change is a plain form post.

use crate::api::account::session::take_form_flash;
use crate::api::trainer::cohorts::{AddMember, CANDIDATES_SHOWN, QUERY_MIN_CHARS, RemoveMember, get_cohort_page};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::trainer::{Candidate, CohortMember, CohortPage, MemberSort};
use crate::server::request::query_param;
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CohortDetailPage() -> impl IntoView {
    let Some(cohort) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    // A cursor that is not a number is an edited link: the first page serves it.
    let after = query_param("after").and_then(|a| a.parse::<i64>().ok());
    let load = async move {
        let page = get_cohort_page(cohort, query_param("sort"), after, query_param("q")).await?;
        let flash = take_form_flash(Form::CohortMembers).await?;
        Ok::<_, AppError>((page, flash))
    };
    data_page(load, |(page, flash)| view! { <Cohort page flash/> }).into_any()
}

fn sort_label(l: crate::i18n::Locale, s: MemberSort) -> String {
    match s {
        MemberSort::Name => td_string!(l, cohort.sort_name),
        MemberSort::ProgressLow => td_string!(l, cohort.sort_progress_low),
        MemberSort::ProgressHigh => td_string!(l, cohort.sort_progress_high),
        MemberSort::LongestAway => td_string!(l, cohort.sort_longest_away),
        MemberSort::RecentlyActive => td_string!(l, cohort.sort_recently_active),
    }
    .to_string()
}

#[component]
fn Cohort(page: CohortPage, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let flash = flash.unwrap_or_else(|| FormFlash::new(Form::CohortMembers));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let id = page.cohort_id;
    let base = format!("/train/cohorts/{id}");
    let sort = page.sort;
    let sorts = MemberSort::all()
        .map(|s| view! { <option value=s.as_str() selected=(s == sort).then_some(true)>{sort_label(l, s)}</option> })
        .collect_view();
    let (lessons_total, skills_total, open, archived) = (page.lessons_total, page.skills_total, page.open, page.archived);
    let members = if page.members.is_empty() && page.after.is_some() {
        view! { <p class="empty">{td_string!(l, cohort.page_gone)}" "<a href=format!("{base}?sort={}#members", sort.as_str())>{td_string!(l, cohort.first_page)}</a></p> }.into_any()
    } else if page.members.is_empty() {
        view! { <p class="empty">{td_string!(l, cohort.empty)}</p> }.into_any()
    } else {
        let rows = page
            .members
            .into_iter()
            .map(|m| view! { <MemberRow m cohort_id=id lessons_total skills_total removable=!archived/> })
            .collect_view();
        view! {
            <TableFrame label=td_string!(l, cohort.members).to_string()>
                <table id="members">
                    <thead><tr>
                        <th scope="col">{td_string!(l, cohort.col_learner)}</th>
                        <th scope="col" class="num">{td_string!(l, cohort.col_progress)}</th>
                        <th scope="col">{td_string!(l, cohort.col_last_active)}</th>
                        <th scope="col" class="num">{td_string!(l, cohort.col_mastery)}</th>
                        <th scope="col" class="num">{td_string!(l, cohort.col_risk)}</th>
                        {(!archived).then(|| view! { <th scope="col">{td_string!(l, cohort.col_action)}</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let pager = {
        let first = page.after.map(|_| view! { <a class="button secondary" href=format!("{base}?sort={}#members", sort.as_str())>{td_string!(l, cohort.first_page)}</a> });
        let next = page.next_after.map(|n| {
            view! { <a class="button secondary" id="next-members" href=format!("{base}?sort={}&after={n}#members", sort.as_str())>{td_string!(l, cohort.next_page)}</a> }
        });
        (first.is_some() || next.is_some()).then(|| view! { <p class="pager">{first}" "{next}</p> })
    };
    let add = if open {
        view! { <AddLearners cohort_id=id query=page.query candidates=page.candidates/> }.into_any()
    } else {
        view! { <p class="empty">{td_string!(l, cohort.closed_note)}</p> }.into_any()
    };
    let name = page.name.clone();
    view! {
        <AppLayout title=td_string!(l, cohort.title).to_string() user=(Role::Trainer, page.viewer_name.clone())>
            <h1 translate="no">{name}</h1>
            <FormMessage error notice/>
            <section class="panel">
                <h2>{td_string!(l, cohort.facts)}</h2>
                <dl class="facts">
                    <dt>{td_string!(l, train.col_sponsor)}</dt><dd translate="no">{page.client_name}</dd>
                    <dt>{td_string!(l, train.col_path)}</dt><dd lang=CONTENT_LANGUAGE.code()>{page.path_title}</dd>
                    <dt>{td_string!(l, cohort.dates)}</dt>
                    <dd>{td_string!(l, cohort.date_range, from = text::date(l, page.starts_on), to = text::date(l, page.ends_on))}</dd>
                    <dt>{td_string!(l, cohort.status)}</dt><dd id="cohort-status">{text::cohort_status(l, page.status)}</dd>
                </dl>
                <p class="actions">
                    {(!archived).then(|| view! { <a class="button secondary" id="edit-cohort" href=format!("{base}/edit")>{td_string!(l, cohort.edit)}</a> })}" "
                    <a class="button secondary" href=format!("{base}/pins")>{td_string!(l, cohort.pins)}</a>" "
                    <a class="button secondary" href=format!("/train/queue?cohort={id}")>{td_string!(l, cohort.queue)}</a>
                </p>
            </section>
            <section class="panel" id="members-section">
                <h2 id="members">{td_string!(l, cohort.members)}</h2>
                <p class="value" id="member-count">{td_string!(l, cohort.member_count, count = page.member_count)}</p>
                <form method="get" action=base.clone() class="filters">
                    <div class="field">
                        <label for="sort">{td_string!(l, cohort.order)}</label>
                        <select id="sort" name="sort">{sorts}</select>
                    </div>
                    <div class="actions"><button type="submit" class="button secondary">{td_string!(l, cohort.apply)}</button></div>
                </form>
                {members}
                {pager}
            </section>
            <section class="panel" id="add">
                <h2>{td_string!(l, cohort.add_heading)}</h2>
                {add}
            </section>
            <p><a href="/train">{td_string!(l, cohort.back_to_cohorts)}</a></p>
        </AppLayout>
    }
}

#[component]
fn MemberRow(m: CohortMember, cohort_id: i64, lessons_total: i64, skills_total: i64, removable: bool) -> impl IntoView {
    let l = use_locale();
    let away = match m.away_days {
        None => td_string!(l, cohort.never).to_string(),
        Some(0) => td_string!(l, cohort.today).to_string(),
        Some(d) => td_string!(l, cohort.days_ago, count = d).to_string(),
    };
    let remove = removable.then(|| {
        let name = m.name.clone();
        view! {
            <td>
                <form method="post" action=RemoveMember::PATH class="inline">
                    <input type="hidden" name="cohort" value=cohort_id.to_string()/>
                    <input type="hidden" name="learner" value=m.learner_id.to_string()/>
                    <button type="submit" class="button secondary">
                        {td_string!(l, cohort.remove)}<span class="visually-hidden" translate="no">" "{name}</span>
                    </button>
                </form>
            </td>
        }
    });
    view! {
        <tr data-learner=m.learner_id.to_string()>
            <th scope="row"><a class="row-link" href=format!("/train/learners/{}", m.learner_id) translate="no">{m.name}</a><br/><span class="meta" translate="no">{m.email}</span></th>
            <td class="num">
                {text::percent(l, m.percent)}<br/>
                <span class="meta">{td_string!(l, cohort.lessons_done, done = m.completed, total = lessons_total)}</span>
            </td>
            <td>{away}</td>
            <td class="num">{td_string!(l, cohort.skills_of, mastered = m.skills_mastered, total = skills_total)}</td>
            <td class="num">
                {m.risk_percent.map(|p| text::percent(l, p)).unwrap_or_default()}
                {m.at_risk.then(|| view! { <br/><a class="cell-link" href=format!("/train/learners/{}", m.learner_id)>{td_string!(l, cohort.at_risk)}</a> })}
            </td>
            {remove}
        </tr>
    }
}

/// The search form (a GET, so the results are a page of their own) and what it found, each with an
/// "Add" button.
#[component]
fn AddLearners(cohort_id: i64, query: String, candidates: Option<Vec<Candidate>>) -> impl IntoView {
    let l = use_locale();
    let min = QUERY_MIN_CHARS as i64;
    let results = match candidates {
        None if !query.is_empty() => {
            Some(view! { <p class="empty" role="status">{td_string!(l, cohort.search_short, min = min)}</p> }.into_any())
        }
        None => None,
        Some(found) if found.is_empty() => Some(
            view! { <p class="empty" role="status" id="no-match">{td_string!(l, cohort.no_match, query = query.clone())}</p> }.into_any(),
        ),
        Some(found) => {
            let capped = (found.len() as i64 >= CANDIDATES_SHOWN)
                .then(|| view! { <p class="meta">{td_string!(l, cohort.found_capped, count = CANDIDATES_SHOWN)}</p> });
            let rows = found
                .into_iter()
                .map(|c| {
                    let name = c.name.clone();
                    view! {
                        <li data-learner=c.learner_id.to_string()>
                            <span translate="no">{c.name}</span>" "<span class="meta" translate="no">{c.email}</span>
                            <form method="post" action=AddMember::PATH class="inline">
                                <input type="hidden" name="cohort" value=cohort_id.to_string()/>
                                <input type="hidden" name="learner" value=c.learner_id.to_string()/>
                                <button type="submit" class="button">
                                    {td_string!(l, cohort.add)}<span class="visually-hidden" translate="no">" "{name}</span>
                                </button>
                            </form>
                        </li>
                    }
                })
                .collect_view();
            Some(
                view! {
                    <h3>{td_string!(l, cohort.found)}</h3>
                    <ul class="candidates" id="candidates">{rows}</ul>
                    {capped}
                }
                .into_any(),
            )
        }
    };
    view! {
        <form method="get" action=format!("/train/cohorts/{cohort_id}#add") class="filters" role="search">
            <div class="field">
                <label for="q">{td_string!(l, cohort.search)}</label>
                <input id="q" name="q" type="search" value=query minlength=min.to_string() maxlength="80" autocomplete="off"
                    aria-describedby="q-hint"/>
                <p class="hint" id="q-hint">{td_string!(l, cohort.search_hint, min = min)}</p>
            </div>
            <div class="actions"><button type="submit" class="button secondary">{td_string!(l, cohort.search_button)}</button></div>
        </form>
        {results}
    }
}
