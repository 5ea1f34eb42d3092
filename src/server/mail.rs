//! E-mail: over SMTP (lettre) when RURALRISE_SMTP_URL is set, otherwise into an outbox folder of
//! `.eml` files under the data folder, so a machine with no mail server still shows what would
//! have been sent. Letters are written in the recipient's language with a plain-text part first
//! and the same words as HTML.

use crate::domain::language::Language;
use crate::i18n::td_string;
use crate::ui::text;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>),
}

/// How letters leave, from whom, and the site address their links point at.
#[derive(Clone)]
pub struct Mail {
    transport: Transport,
    from: Mailbox,
    /// e.g. https://learn.example.org, without a trailing slash.
    pub public_url: String,
    /// Where letters go when there is no SMTP server.
    pub outbox: Option<PathBuf>,
}

impl Mail {
    /// `smtp_url` as lettre reads it (smtp://, smtps://, with user:password@ when needed).
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf, from: &str, public_url: String) -> Result<Arc<Self>, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("RURALRISE_MAIL_FROM {from:?} is not a mailbox: {e}"))?;
        let (transport, outbox) = match smtp_url {
            Some(url) => {
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("RURALRISE_SMTP_URL cannot be used: {e}"))?
                    .build();
                (Transport::Smtp(smtp), None)
            }
            None => {
                std::fs::create_dir_all(&outbox).map_err(|e| format!("cannot create the outbox {}: {e}", outbox.display()))?;
                (Transport::Outbox(AsyncFileTransport::new(&outbox)), Some(outbox))
            }
        };
        Ok(Arc::new(Mail { transport, from, public_url, outbox }))
    }

    /// A link into the site.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.public_url)
    }

    pub async fn send(&self, to: &str, letter: Letter) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .map_err(|e| format!("cannot build the message: {e}"))?;
        match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}")),
            Transport::Outbox(t) => t.send(message).await.map(|_| ()).map_err(|e| format!("outbox: {e}")),
        }
    }

    /// Sends in the background: the request that asked for it answers at once and in the same
    /// time whether or not a letter goes out, so timing reveals nothing about accounts.
    pub fn send_later(self: &Arc<Self>, to: String, letter: Letter) {
        let mail = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(err) = mail.send(&to, letter).await {
                tracing::error!(error = %err, "a letter could not be sent");
            }
        });
    }
}

/// One message, already in its reader's language.
pub struct Letter {
    pub language: Language,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Paragraphs, then one link with its words, then a closing line: the plain text and the HTML
/// carry the same words.
fn letter(language: Language, subject: String, paragraphs: &[String], action: &str, url: &str, closing: String) -> Letter {
    let mut text = String::new();
    let mut html = format!("<!DOCTYPE html><html lang=\"{}\"><body>", language.code());
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(p)));
    }
    text.push_str(&format!("{action}:\n{url}\n\n{closing}\n"));
    html.push_str(&format!("<p><a href=\"{}\">{}</a></p><p>{}</p></body></html>", escape(url), escape(action), escape(&closing)));
    Letter { language, subject, text, html }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn reset_letter(language: Language, url: &str, minutes: i64) -> Letter {
    let l = text::locale(language);
    letter(
        language,
        td_string!(l, mail.reset_subject).to_string(),
        &[td_string!(l, mail.reset_body, count = minutes).to_string()],
        td_string!(l, mail.reset_action),
        url,
        td_string!(l, mail.not_you).to_string(),
    )
}

pub fn verify_letter(language: Language, url: &str) -> Letter {
    let l = text::locale(language);
    letter(
        language,
        td_string!(l, mail.verify_subject).to_string(),
        &[td_string!(l, mail.verify_body).to_string()],
        td_string!(l, mail.verify_action),
        url,
        td_string!(l, mail.not_you).to_string(),
    )
}

/// For the owner of an address someone tried to sign up with: sign-up answers the same either
/// way, and the owner learns of it here instead.
pub fn already_registered_letter(language: Language, reset_url: &str) -> Letter {
    let l = text::locale(language);
    letter(
        language,
        td_string!(l, mail.exists_subject).to_string(),
        &[td_string!(l, mail.exists_body).to_string()],
        td_string!(l, mail.exists_action),
        reset_url,
        td_string!(l, mail.not_you).to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_carry_the_same_link_and_the_html_is_escaped() {
        let l = reset_letter(Language::Fr, "https://x.test/reset/new?token=a&b", 30);
        assert!(l.text.contains("https://x.test/reset/new?token=a&b"));
        assert!(l.html.contains("href=\"https://x.test/reset/new?token=a&amp;b\""));
        assert!(l.text.contains("30 minutes"), "{}", l.text);
        assert!(l.html.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    }

    #[test]
    fn every_letter_reads_in_every_language() {
        for language in Language::all() {
            for letter in [reset_letter(language, "u", 30), verify_letter(language, "u"), already_registered_letter(language, "u")] {
                assert!(!letter.subject.is_empty() && letter.text.len() > 60, "{language}");
            }
        }
    }
}
