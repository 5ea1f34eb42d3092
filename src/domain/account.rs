//! Account inputs parsed into types that cannot hold invalid values: e-mail, password, display name.

use crate::error::AppError;

/// A syntactically valid e-mail address, trimmed and lower-cased (addresses are compared without case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let trimmed = input.trim().to_lowercase();
        if trimmed.is_empty() {
            return Err(AppError::invalid("email", "Enter your e-mail address."));
        }
        if trimmed.len() > 254 {
            return Err(AppError::invalid("email", "That e-mail address is too long."));
        }
        match email_address::EmailAddress::parse_with_options(&trimmed, email_address::Options::default().with_required_tld()) {
            Ok(_) => Ok(Email(trimmed)),
            Err(_) => Err(AppError::invalid("email", "Enter an e-mail address like name@example.org.")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Failed sign-ins allowed per account within `SIGN_IN_WINDOW_MINUTES` before further attempts
/// are refused. Counted per account, not per address: a whole training centre often shares one IP.
pub const SIGN_IN_MAX_FAILURES: i64 = 10;
pub const SIGN_IN_WINDOW_MINUTES: i64 = 15;

pub fn sign_in_throttled(recent_failures: i64) -> bool {
    recent_failures >= SIGN_IN_MAX_FAILURES
}

/// A password that meets the policy: 10 to 128 characters (NIST SP 800-63B; the upper bound
/// keeps hashing cost bounded).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

impl Password {
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let n = input.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(AppError::invalid(
                "password",
                format!("Use at least {PASSWORD_MIN_CHARS} characters for your password."),
            ));
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(AppError::invalid(
                "password",
                format!("Use at most {PASSWORD_MAX_CHARS} characters for your password."),
            ));
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The name shown to trainers and peers: trimmed, 1 to 80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(AppError::invalid("name", "Enter your name."));
        }
        if trimmed.chars().count() > 80 {
            return Err(AppError::invalid("name", "Use at most 80 characters for your name."));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(AppError::invalid("name", "Your name cannot contain control characters."));
        }
        Ok(DisplayName(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(Email::parse("  Amina@Example.ORG ").unwrap().as_str(), "amina@example.org");
    }

    #[test]
    fn email_rejects_malformed_addresses() {
        for bad in ["", "   ", "amina", "amina@", "@example.org", "amina@example", "a b@example.org"] {
            let err = Email::parse(bad).unwrap_err();
            assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "email"), "{bad:?} gave {err:?}");
        }
    }

    #[test]
    fn email_rejects_overlong_addresses() {
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn password_length_bounds_count_characters_not_bytes() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("123456789").is_err());
        assert!(Password::parse("1234567890").is_ok());
        // Ten multi-byte characters are ten characters.
        assert!(Password::parse("ééééééééé").is_err());
        assert!(Password::parse("éééééééééé").is_ok());
        assert!(Password::parse(&"x".repeat(128)).is_ok());
        assert!(Password::parse(&"x".repeat(129)).is_err());
    }

    #[test]
    fn password_debug_never_shows_the_secret() {
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn throttle_starts_at_the_limit() {
        assert!(!sign_in_throttled(0));
        assert!(!sign_in_throttled(SIGN_IN_MAX_FAILURES - 1));
        assert!(sign_in_throttled(SIGN_IN_MAX_FAILURES));
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(DisplayName::parse("  Grace Wanjiru ").unwrap().as_str(), "Grace Wanjiru");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"n".repeat(81)).is_err());
        assert!(DisplayName::parse("bad\u{0007}name").is_err());
        assert!(DisplayName::parse("<b>Joseph</b>").is_ok(), "markup is stored as text and escaped on output");
    }
}
