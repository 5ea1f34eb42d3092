//! Sign-up: anyone may create a learner account for themselves.

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/sign_up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::auth::accounts::{AccountInput, AccountRequest, Outcome, create_from_form};
    use crate::auth::{Role, session};
    use crate::domain::language::Language;
    use crate::model::forms::Form;

    // Counted before anything is checked or hashed: each post from an address uses one try.
    let address = crate::auth::throttle::client_address();
    let pool = crate::auth::guard::pool()?;
    crate::auth::throttle::charge(&pool, &[(crate::domain::throttle::ThrottleScope::SignUpAddress, &address)]).await?;
    let sess = session::session().await?;
    let input = AccountInput { name: &name, email: &email, password: &password };
    // A language picked with the switcher before signing up is a choice worth keeping; one that
    // only came from the browser's settings is left for the browser to keep deciding.
    let language = use_context::<axum::http::request::Parts>()
        .and_then(|parts| crate::server::request::language_cookie(&parts.headers))
        .and_then(|code| Language::from_tag(&code));
    let request = AccountRequest { form: Form::SignUp, page: "/signup", role: Role::Learner, actor: None, language };
    if let Outcome::Created { user_id, .. } = create_from_form(&sess, input, request).await? {
        session::begin(&sess, user_id).await?;
        leptos_axum::redirect(Role::Learner.home_path());
    }
    Ok(())
}
