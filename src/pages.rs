//! One file per route, grouped by area. Pages render on the server only; every visible word comes
//! from locales/ through `td_string!`/`ui::text`.

pub mod account;
pub mod auth;
pub mod home;
pub mod learner;
pub mod not_found;
pub mod ops;
pub mod trainer;
