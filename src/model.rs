//! Serde types that cross the wire between server functions and pages, one file per area (no
//! SQL, no Leptos, no glob re-exports).

pub mod account;
pub mod forms;
pub mod learner;
pub mod ops;
pub mod sync;
pub mod trainer;

use crate::domain::language::Language;

/// The language of authored content (path, module, lesson and assessment titles). Every page
/// marks such text with this `lang`, so a Kiswahili page that quotes an English title says so to
/// screen readers; per-language content variants come with authoring.
pub const CONTENT_LANGUAGE: Language = Language::En;
