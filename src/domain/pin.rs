//! Picture-and-PIN sign-in rules: which PINs a trainer may set, how a cohort's sign-in code is
//! written and read back, and when repeated wrong PINs lock a learner out.

/// Why a PIN was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("no PIN given")]
    Missing,
    #[error("a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")]
    Shape,
    /// All one digit, or a run up or down: the first PINs anyone tries.
    #[error("a PIN anyone would guess first")]
    Guessable,
}

pub const PIN_MIN_DIGITS: usize = 4;
pub const PIN_MAX_DIGITS: usize = 6;

/// Wrong PINs in a row after which the PIN stops working until the trainer sets a new one. With
/// 4 digits and the guessable ones refused, five tries find a PIN about once in 2,000 learners.
pub const PIN_MAX_FAILURES: i16 = 5;

/// A PIN of 4 to 6 digits that is not one of the first guesses.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(…)")
    }
}

impl Pin {
    /// Spaces a person may type between digits are ignored.
    pub fn parse(input: &str) -> Result<Self, PinError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(PinError::Missing);
        }
        if !(PIN_MIN_DIGITS..=PIN_MAX_DIGITS).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinError::Shape);
        }
        let steps: Vec<i16> = digits.as_bytes().windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
        let run = |step: i16| steps.iter().all(|s| *s == step || *s == step - 10 * step.signum());
        if run(0) || run(1) || run(-1) {
            return Err(PinError::Guessable);
        }
        Ok(Pin(digits))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Letters and digits that cannot be mistaken for each other when read aloud or off a board:
/// no 0/O, 1/I/L, 5/S, 8/B.
pub const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY234679";
pub const CODE_LEN: usize = 8;

/// A cohort's sign-in code, e.g. `KXM4-TP9Q`: the only way to reach its PIN sign-in. 26^8 codes,
/// so guessing one is hopeless even before the per-address limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortCode(String);

impl CohortCode {
    /// Reads a code as people type it: any case, with spaces or dashes anywhere.
    pub fn parse(input: &str) -> Option<Self> {
        let code: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(CohortCode(code))
    }

    /// A code from `CODE_LEN` random indexes into the alphabet (the caller brings the randomness).
    pub fn from_indexes(indexes: [u8; CODE_LEN]) -> Self {
        CohortCode(indexes.iter().map(|i| CODE_ALPHABET[usize::from(*i) % CODE_ALPHABET.len()] as char).collect())
    }

    /// As stored and in links.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown to people: two groups of four.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// The throttle subject for PIN tries at one learner through one code.
pub fn learner_subject(code: &CohortCode, learner_id: i64) -> String {
    format!("{}:{learner_id}", code.as_str())
}

/// Tries left before the lock, after `failures` wrong PINs in a row.
pub fn tries_left(failures: i16) -> i16 {
    (PIN_MAX_FAILURES - failures).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_six_digits_and_not_a_first_guess() {
        assert!(Pin::parse("4829").is_ok());
        assert_eq!(Pin::parse("48 29 17").unwrap().expose(), "482917");
        assert_eq!(Pin::parse(""), Err(PinError::Missing));
        assert_eq!(Pin::parse("482"), Err(PinError::Shape));
        assert_eq!(Pin::parse("4829170"), Err(PinError::Shape));
        assert_eq!(Pin::parse("48a9"), Err(PinError::Shape));
        assert_eq!(Pin::parse("٤٨٢٩"), Err(PinError::Shape), "only ASCII digits, as phone keypads type");
        for weak in ["0000", "1111", "1234", "4321", "123456", "654321", "7890", "9012", "3210"] {
            assert_eq!(Pin::parse(weak), Err(PinError::Guessable), "{weak}");
        }
        assert!(Pin::parse("1235").is_ok());
        assert!(!format!("{:?}", Pin::parse("4829").unwrap()).contains("4829"), "a PIN never reaches a log");
    }

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = CohortCode::parse("kxm4-tp9q").unwrap();
        assert_eq!(code.as_str(), "KXM4TP9Q");
        assert_eq!(code.display(), "KXM4-TP9Q");
        assert_eq!(CohortCode::parse(" KXM4 TP9Q "), Some(code));
        assert_eq!(CohortCode::parse("KXM4TP9"), None);
        assert_eq!(CohortCode::parse("KXM4TP0Q"), None, "0 is not in the alphabet");
        assert_eq!(CohortCode::parse("KXM4TP9QQ"), None);
        assert_eq!(CohortCode::parse("ÉXM4TP9Q"), None);
    }

    #[test]
    fn generated_codes_use_the_alphabet_only() {
        let code = CohortCode::from_indexes([0, 25, 26, 255, 7, 8, 9, 10]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert_eq!(CohortCode::parse(code.as_str()), Some(code));
    }

    #[test]
    fn tries_run_out_at_the_lock() {
        assert_eq!(tries_left(0), PIN_MAX_FAILURES);
        assert_eq!(tries_left(PIN_MAX_FAILURES - 1), 1);
        assert_eq!(tries_left(PIN_MAX_FAILURES + 4), 0);
    }
}
