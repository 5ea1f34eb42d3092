//! In the browser pages are never re-rendered (islands mode), so these have nothing to do.

pub fn set_status(_code: u16) {}

pub fn redirect(_path: &str) {}
