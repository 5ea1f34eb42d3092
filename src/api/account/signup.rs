//! Sign-up: anyone may create a learner account for themselves.

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/sign_up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::auth::accounts::{AccountInput, AccountRequest, Outcome, create_from_form};
    use crate::auth::{Role, guard, session, throttle, token};
    use crate::domain::language::Language;
    use crate::domain::throttle::ThrottleScope;
    use crate::model::forms::{Form, FormFlash, Notice};
    use crate::server::mail;

    // Counted before anything is checked or hashed: each post from an address uses one try.
    let pool = guard::pool()?;
    throttle::charge(&pool, &[(ThrottleScope::SignUpAddress, &throttle::client_address())]).await?;
    let sess = session::session().await?;
    let input = AccountInput { name: &name, email: &email, password: &password };
    // A language picked with the switcher before signing up is a choice worth keeping; one that
    // only came from the browser's settings is left for the browser to keep deciding.
    let language = use_context::<axum::http::request::Parts>()
        .and_then(|parts| crate::server::request::language_cookie(&parts.headers))
        .and_then(|code| Language::from_tag(&code));
    let reader = crate::ui::text::use_language();
    let (link_token, hash) = token::issue();
    let request =
        AccountRequest { form: Form::SignUp, page: "/signup", role: Role::Learner, actor: None, language, verify_token: Some(&hash) };
    let mail = guard::mail()?;
    // New address or taken, the answer is the same page and the same words, after the same work
    // (the password is hashed either way); the address's owner learns the difference by e-mail.
    let sent_to = match create_from_form(&sess, input, request).await? {
        Outcome::SentBack => return Ok(()),
        Outcome::Created { email, .. } => {
            let link = mail.link(&format!("/verify?token={link_token}"));
            mail.send_later(email.as_str().to_owned(), mail::verify_letter(reader, &link));
            email
        }
        Outcome::Taken { email } => {
            let owner = crate::server::db::users::find_recipient(&pool, email.as_str()).await?;
            let language = owner.and_then(|o| o.language).unwrap_or(reader);
            mail.send_later(email.as_str().to_owned(), mail::already_registered_letter(language, &mail.link("/reset")));
            email
        }
    };
    let notice = Notice::CheckEmail { email: sent_to.as_str().to_owned() };
    session::back_to(&sess, "/signin", FormFlash::new(Form::SignIn).with_notice(notice)).await
}
