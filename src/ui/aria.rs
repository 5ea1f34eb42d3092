//! The ids and ARIA values that tie a form field's input to its hint and error message, shared by
//! server-rendered fields and the password island.

pub struct FieldAria {
    pub id: String,
    pub error_id: String,
    pub hint_id: String,
    pub described_by: Option<String>,
    pub invalid: Option<&'static str>,
}

impl FieldAria {
    pub fn new(name: &str, has_error: bool, has_hint: bool) -> Self {
        let id = format!("field-{name}");
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        // Screen readers announce the error first, then the hint that says how to fix it.
        let described_by = match (has_error, has_hint) {
            (true, true) => Some(format!("{error_id} {hint_id}")),
            (true, false) => Some(error_id.clone()),
            (false, true) => Some(hint_id.clone()),
            (false, false) => None,
        };
        FieldAria { id, error_id, hint_id, described_by, invalid: has_error.then_some("true") }
    }
}

#[cfg(test)]
mod tests {
    use super::FieldAria;

    #[test]
    fn error_comes_before_hint_and_marks_the_field_invalid() {
        let a = FieldAria::new("email", true, true);
        assert_eq!(a.described_by.as_deref(), Some("field-email-error field-email-hint"));
        assert_eq!(a.invalid, Some("true"));
        let b = FieldAria::new("email", false, false);
        assert_eq!((b.described_by, b.invalid), (None, None));
    }
}
