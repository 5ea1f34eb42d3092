//! Following a learner up: what an intervention's note, outcome and due date, and a message's text,
//! must be. Text is kept as typed (it is shown escaped, never as HTML), only trimmed.

use chrono::NaiveDate;

pub const NOTE_MAX_CHARS: usize = 2_000;
pub const MESSAGE_MAX_CHARS: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Missing,
    TooLong { max: usize },
}

/// Trimmed text of 1 to `max` characters.
pub fn text(raw: &str, max: usize) -> Result<String, TextError> {
    let t = raw.trim();
    match t.chars().count() {
        0 => Err(TextError::Missing),
        n if n > max => Err(TextError::TooLong { max }),
        _ => Ok(t.to_owned()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueError {
    Malformed,
    InThePast,
}

/// An optional due date (empty: none), today or later.
pub fn due(raw: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DueError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| DueError::Malformed)?;
    if date < today { Err(DueError::InThePast) } else { Ok(Some(date)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("  call on Monday ", 20), Ok("call on Monday".to_owned()));
        assert_eq!(text(" \n ", 20), Err(TextError::Missing));
        assert_eq!(text(&"é".repeat(21), 20), Err(TextError::TooLong { max: 20 }));
        assert_eq!(text(&"é".repeat(20), 20).map(|t| t.chars().count()), Ok(20), "characters, not bytes");
        assert_eq!(text("<b>hi</b>", 20), Ok("<b>hi</b>".to_owned()), "kept as typed; pages escape it");
    }

    #[test]
    fn due_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(due("", today), Ok(None));
        assert_eq!(due("2026-11-24", today), Ok(Some(today)));
        assert_eq!(due("2026-11-23", today), Err(DueError::InThePast));
        assert_eq!(due("24/11/2026", today), Err(DueError::Malformed));
    }
}
