//! The pages every learner meets first: sign-in, sign-up, password reset, e-mail confirmation.

pub mod reset;
pub mod signin;
pub mod signup;
pub mod verify;
