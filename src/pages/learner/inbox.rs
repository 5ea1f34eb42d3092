//! `/learn/inbox`: messages from the learner's trainers, newest first, unread ones marked; "Mark
//! all as read" is a plain form post. Messages are plain text, shown escaped with their line breaks.

use crate::api::account::session::take_form_flash;
use crate::api::learner::inbox::{MarkInboxRead, get_inbox};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::Inbox;
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn InboxPage() -> impl IntoView {
    let load = async move {
        let inbox = get_inbox().await?;
        let flash = take_form_flash(Form::Inbox).await?;
        Ok::<_, AppError>((inbox, flash))
    };
    data_page(load, |(inbox, flash)| view! { <InboxView inbox flash/> })
}

#[component]
fn InboxView(inbox: Inbox, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let notice = flash.and_then(|f| f.notice).map(|n| text::notice(l, &n));
    let list = if inbox.messages.is_empty() {
        view! { <p class="empty" id="inbox-empty">{td_string!(l, inbox.empty)}</p> }.into_any()
    } else {
        let items = inbox
            .messages
            .into_iter()
            .map(|m| {
                view! {
                    <li class=if m.unread { "message unread" } else { "message" } data-message=m.message_id.to_string()>
                        <p class="meta">
                            <span translate="no">{m.sender_name}</span>" · "{text::date(l, m.sent_at.date_naive())}
                            {m.unread.then(|| view! { " · "<strong>{td_string!(l, inbox.unread_badge)}</strong> })}
                        </p>
                        <p class="message-body" translate="no">{m.body}</p>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="messages" id="inbox">{items}</ul> }.into_any()
    };
    let mark = (inbox.unread > 0).then(|| {
        view! {
            <form method="post" action=MarkInboxRead::PATH>
                <button type="submit" class="button secondary" id="mark-read">{td_string!(l, inbox.mark_read)}</button>
            </form>
        }
    });
    view! {
        <AppLayout title=td_string!(l, inbox.title).to_string() user=(Role::Learner, inbox.display_name)>
            <h1>{td_string!(l, inbox.title)}</h1>
            <FormMessage notice/>
            <p class="value" id="unread-count">{td_string!(l, inbox.unread, count = inbox.unread)}</p>
            {mark}
            {list}
        </AppLayout>
    }
}
