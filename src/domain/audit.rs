//! Reading the audit log's filters: text from an address bar becomes typed bounds, and what cannot
//! be read is dropped and reported rather than failing the page.

use crate::model::ops::AuditQuery;
use chrono::NaiveDate;

/// Filters ready for the query. Dates are whole UTC days: `to` includes its own day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub before: Option<i64>,
    /// At least one non-empty filter could not be read.
    pub unreadable: bool,
}

/// Entries per page.
pub const AUDIT_PAGE: i64 = 50;
/// Rows in one CSV export at most; narrower filters get the rest.
pub const AUDIT_EXPORT_MAX: i64 = 100_000;

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AuditFilter {
    /// `known_action` says whether a name is an action the log knows.
    pub fn read(q: &AuditQuery, known_action: impl Fn(&str) -> bool) -> Self {
        let AuditQuery { actor, action, target_kind, target_id, from, to, before } = q;
        let mut unreadable = false;
        let actor = given(actor).filter(|a| a.len() <= 254).map(str::to_lowercase);
        let action = match given(action) {
            Some(a) if known_action(a) => Some(a.to_owned()),
            Some(_) => {
                unreadable = true;
                None
            }
            None => None,
        };
        let target_kind = match given(target_kind) {
            Some(k) if k.len() <= 40 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => Some(k.to_owned()),
            Some(_) => {
                unreadable = true;
                None
            }
            None => None,
        };
        let number = |v: &Option<String>| given(v).map(|t| t.parse::<i64>().ok().filter(|n| *n > 0));
        let date = |v: &Option<String>| given(v).map(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
        let mut read_some = |v: Option<Option<i64>>| match v {
            Some(None) => {
                unreadable = true;
                None
            }
            other => other.flatten(),
        };
        let target_id = read_some(number(target_id));
        let before = read_some(number(before));
        let mut read_day = |v: Option<Option<NaiveDate>>| match v {
            Some(None) => {
                unreadable = true;
                None
            }
            other => other.flatten(),
        };
        let from = read_day(date(from));
        let to = read_day(date(to));
        AuditFilter { actor, action, target_kind, target_id, from, to, before, unreadable }
    }
}

/// A CSV cell that a spreadsheet will show as text: a leading `=`, `+`, `-`, `@`, tab or carriage
/// return would make it a formula (CSV injection), so such cells get a leading apostrophe.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[allow(clippy::too_many_arguments)]
    fn q(
        actor: Option<String>,
        action: Option<String>,
        target_kind: Option<String>,
        target_id: Option<String>,
        from: Option<String>,
        to: Option<String>,
        before: Option<String>,
    ) -> AuditQuery {
        AuditQuery { actor, action, target_kind, target_id, from, to, before }
    }

    #[test]
    fn readable_filters_are_kept_and_unreadable_ones_dropped_and_reported() {
        let known = |a: &str| a == "sign_in";
        let f =
            AuditFilter::read(&q(s(" Ops@X.org "), s("sign_in"), s("app_user"), s("42"), s("2026-11-01"), s("2026-11-30"), None), known);
        assert_eq!(f.actor.as_deref(), Some("ops@x.org"));
        assert_eq!(f.action.as_deref(), Some("sign_in"));
        assert_eq!(f.target_kind.as_deref(), Some("app_user"));
        assert_eq!(f.target_id, Some(42));
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert!(!f.unreadable);

        let f = AuditFilter::read(&q(None, s("drop table"), s("App User"), s("-3"), s("31/11/2026"), s(""), s("x")), known);
        assert_eq!(f, AuditFilter { unreadable: true, ..AuditFilter::default() });
        let f = AuditFilter::read(&q(s(""), s("  "), None, None, None, None, None), known);
        assert!(!f.unreadable, "empty fields are simply not filters");
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_get_an_apostrophe() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-1+2"), "'-1+2");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("Amina"), "Amina");
        assert_eq!(csv_safe(""), "");
    }
}
