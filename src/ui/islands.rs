//! Every #[island]: the only parts of a page that ship wasm to the browser, loaded by
//! `layout::IslandsRuntime` on the pages that have one. Keep them small, and never put one on a
//! page a learner meets first over 2G (sign-in, sign-up, reset, PIN, a text lesson, the path):
//! those stay under 30 KB with plain scripts from `public/` instead.
//!
//! Islands take no props but their server-rendered children, and find their words in the
//! attributes the server left there in the reader's language: all islands share one wasm file,
//! and the first island prop costs every page that has one about 22 KB of JSON decoding
//! (measured with brotli), a quarter of a quiz page's budget.

mod dom;
pub mod grading;
pub mod quiz;
pub mod scenario;

/// The marker the server translates a sentence with in place of the value an island puts there,
/// then splits on (see [`gapped`]).
pub const GAP: &str = "\u{1}";

/// A translated sentence split around its gap, so an island can put a value there whatever the
/// language's word order: (before, after).
pub fn gapped(sentence: &str) -> (String, String) {
    match sentence.split_once(GAP) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (sentence.to_owned(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gapped_sentence_keeps_its_word_order() {
        assert_eq!(gapped(&format!("Jibu sahihi: {GAP}.")), ("Jibu sahihi: ".to_owned(), ".".to_owned()));
        assert_eq!(gapped(&format!("{GAP} is right")), (String::new(), " is right".to_owned()));
        assert_eq!(gapped("no gap"), ("no gap".to_owned(), String::new()));
    }
}
