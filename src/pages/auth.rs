//! The pages every learner meets first: sign-in, sign-up, password reset, e-mail confirmation,
//! and picture-and-PIN sign-in on a shared phone.

pub mod pin;
pub mod reset;
pub mod signin;
pub mod signup;
pub mod verify;
