//! The languages RuralRise speaks, and the rule that picks one for a request.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// A language every page is translated into. Adding one means a locale file, a PostgreSQL
    /// enum label and a variant here; the compiler finds every `match` that must learn it.
    pub enum Language {
        En,
        Sw,
        Fr,
    }
}

impl Language {
    /// The BCP 47 code, as used in `<html lang>` and the language cookie.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// Reads a language tag such as `sw-KE`, `fr` or `EN-gb` by its primary subtag.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        primary.parse().ok()
    }
}

/// The language a request is served in: the signed-in user's saved choice, then the language
/// cookie, then the browser's `Accept-Language` in its order of preference, then English.
/// A cookie or header naming a language we do not speak is passed over, not an error.
pub fn choose(saved: Option<Language>, cookie: Option<&str>, accept_language: Option<&str>) -> Language {
    saved.or_else(|| cookie.and_then(Language::from_tag)).or_else(|| accept_language.and_then(preferred)).unwrap_or(Language::En)
}

/// The first language in an `Accept-Language` header that we speak, by the header's q-values.
fn preferred(header: &str) -> Option<Language> {
    accept_language::parse(header).iter().find_map(|tag| Language::from_tag(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_choice_beats_cookie_and_browser() {
        assert_eq!(choose(Some(Language::Fr), Some("sw"), Some("en-GB")), Language::Fr);
    }

    #[test]
    fn cookie_beats_browser() {
        assert_eq!(choose(None, Some("sw"), Some("fr-FR,fr;q=0.9")), Language::Sw);
    }

    #[test]
    fn browser_preference_follows_q_values_and_skips_languages_we_lack() {
        assert_eq!(choose(None, None, Some("de-DE,de;q=0.9,fr;q=0.8,sw;q=0.7")), Language::Fr);
        assert_eq!(choose(None, None, Some("en;q=0.2, sw-KE;q=0.9")), Language::Sw);
        assert_eq!(choose(None, None, Some("*")), Language::En);
    }

    #[test]
    fn nonsense_falls_back_to_english() {
        assert_eq!(choose(None, Some("klingon"), Some(";;;q=abc")), Language::En);
        assert_eq!(choose(None, Some(""), None), Language::En);
        assert_eq!(choose(None, None, None), Language::En);
    }

    #[test]
    fn tags_are_read_by_primary_subtag_without_case() {
        assert_eq!(Language::from_tag("SW-ke"), Some(Language::Sw));
        assert_eq!(Language::from_tag("fr_CA"), Some(Language::Fr));
        assert_eq!(Language::from_tag("eng"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn codes_round_trip() {
        for language in Language::all() {
            assert_eq!(Language::from_tag(language.code()), Some(language));
        }
    }
}
