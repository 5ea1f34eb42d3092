//! Form state carried across a plain HTML form post: the values typed and the errors found.

use serde::{Deserialize, Serialize};

/// What a form post leaves behind for the page it returns to, so nothing typed is lost.
/// Passwords are never kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormFlash {
    pub form: String,
    pub values: Vec<(String, String)>,
    pub errors: Vec<(String, String)>,
    pub notice: Option<String>,
}

impl FormFlash {
    pub fn new(form: &str) -> Self {
        FormFlash { form: form.to_owned(), ..Default::default() }
    }

    pub fn value(&self, field: &str) -> String {
        self.values.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone())
    }

    pub fn with_value(mut self, field: &str, value: &str) -> Self {
        self.values.push((field.to_owned(), value.to_owned()));
        self
    }

    pub fn with_error(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors.push((field.to_owned(), message.into()));
        self
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}
