//! Accounts: signing in and out, signing up and confirming the address, password reset and change, the
//! language choice, and one-shot form flashes.
//!
//! The form endpoints are plain HTML form posts that always answer with a redirect: on success to
//! where the user goes next, on bad input back to the form with the typed values and the problems
//! kept in the session. The same flow works with and without JavaScript.

pub mod devices;
pub mod language;
pub mod password;
pub mod personal;
pub mod pin;
pub mod recovery;
pub mod session;
pub mod signup;
pub mod verification;
