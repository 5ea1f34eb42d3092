//! Every #[island]: the only parts of a page that ship code to the browser. Keep them small.

pub mod password_field;
