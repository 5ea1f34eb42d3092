//! Account inputs parsed into types that cannot hold invalid values: e-mail, password, display
//! name. Each parser answers with its own small error; the web layer turns those into messages.

/// Why an e-mail address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("no e-mail address given")]
    Missing,
    #[error("e-mail address longer than {EMAIL_MAX_CHARS} characters")]
    TooLong,
    #[error("not an e-mail address")]
    Malformed,
}

pub const EMAIL_MAX_CHARS: usize = 254;

/// A syntactically valid e-mail address, trimmed and lower-cased (addresses are compared without case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim().to_lowercase();
        if trimmed.is_empty() {
            return Err(EmailError::Missing);
        }
        if trimmed.len() > EMAIL_MAX_CHARS {
            return Err(EmailError::TooLong);
        }
        match email_address::EmailAddress::parse_with_options(&trimmed, email_address::Options::default().with_required_tld()) {
            Ok(_) => Ok(Email(trimmed)),
            Err(_) => Err(EmailError::Malformed),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password shorter than {PASSWORD_MIN_CHARS} characters")]
    TooShort,
    #[error("password longer than {PASSWORD_MAX_CHARS} characters")]
    TooLong,
}

/// A password that meets the policy: 10 to 128 characters (NIST SP 800-63B; the upper bound
/// keeps hashing cost bounded).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let n = input.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(PasswordError::TooLong);
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

/// Why a display name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("no name given")]
    Missing,
    #[error("name longer than {NAME_MAX_CHARS} characters")]
    TooLong,
    #[error("name holds control characters")]
    ControlCharacters,
}

pub const NAME_MAX_CHARS: usize = 80;

/// The name shown to trainers and peers: trimmed, 1 to 80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(NameError::Missing);
        }
        if trimmed.chars().count() > NAME_MAX_CHARS {
            return Err(NameError::TooLong);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(NameError::ControlCharacters);
        }
        Ok(DisplayName(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new account's fields, every one of them valid.
#[derive(Debug)]
pub struct NewAccount {
    pub name: DisplayName,
    pub email: Email,
    pub password: Password,
}

/// Everything wrong with a new account's fields at once, so the user fixes them in one go.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AccountErrors {
    pub name: Option<NameError>,
    pub email: Option<EmailError>,
    pub password: Option<PasswordError>,
}

impl NewAccount {
    pub fn parse(name: &str, email: &str, password: &str) -> Result<Self, AccountErrors> {
        match (DisplayName::parse(name), Email::parse(email), Password::parse(password)) {
            (Ok(name), Ok(email), Ok(password)) => Ok(NewAccount { name, email, password }),
            (name, email, password) => Err(AccountErrors { name: name.err(), email: email.err(), password: password.err() }),
        }
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
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn email_errors_say_what_is_wrong() {
        assert_eq!(Email::parse("  "), Err(EmailError::Missing));
        assert_eq!(Email::parse("amina@"), Err(EmailError::Malformed));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
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
        assert_eq!(Password::parse(&"x".repeat(129)), Err(PasswordError::TooLong));
        assert_eq!(Password::parse(""), Err(PasswordError::TooShort));
    }

    #[test]
    fn password_debug_never_shows_the_secret() {
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(DisplayName::parse("  Grace Wanjiru ").unwrap().as_str(), "Grace Wanjiru");
        assert_eq!(DisplayName::parse("   "), Err(NameError::Missing));
        assert_eq!(DisplayName::parse(&"n".repeat(81)), Err(NameError::TooLong));
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok(), "80 characters, 160 bytes");
        assert_eq!(DisplayName::parse("bad\u{0007}name"), Err(NameError::ControlCharacters));
        assert!(DisplayName::parse("<b>Joseph</b>").is_ok(), "markup is stored as text and escaped on output");
    }

    #[test]
    fn new_account_reports_every_field_at_once() {
        let errors = NewAccount::parse(" ", "nope", "short").unwrap_err();
        assert_eq!(
            errors,
            AccountErrors { name: Some(NameError::Missing), email: Some(EmailError::Malformed), password: Some(PasswordError::TooShort) }
        );
        let errors = NewAccount::parse("Grace", "grace@example.org", "short").unwrap_err();
        assert_eq!(errors, AccountErrors { password: Some(PasswordError::TooShort), ..Default::default() });
        let ok = NewAccount::parse(" Grace ", "Grace@Example.org", "long enough secret").unwrap();
        assert_eq!((ok.name.as_str(), ok.email.as_str()), ("Grace", "grace@example.org"));
    }
}
