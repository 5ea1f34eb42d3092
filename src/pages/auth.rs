//! Sign-in and sign-up pages.

pub mod signin;
pub mod signup;
