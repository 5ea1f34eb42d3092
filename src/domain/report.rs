//! What a report is asked for, read once for the download and for the page that says what to
//! fix: the sponsor (required for the learners' report), the grading report's period and the
//! tickets' status.

use crate::domain::kpi::{Period, read_filters};
use crate::model::forms::Problem;
use crate::model::ops::{ReportKind, ReportQuery, RiskStatus};
use chrono::NaiveDate;

/// A report's filters, read: a sponsor (0: every one), a period, a status (none: every one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub client: i64,
    pub period: Option<Period>,
    pub status: Option<RiskStatus>,
}

/// Reads `q` for `kind` against the sponsors there are. A problem comes with its field.
pub fn read(kind: ReportKind, q: &ReportQuery, clients: &[i64], today: NaiveDate) -> Result<Ask, (&'static str, Problem)> {
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let dates = |from, to| if kind == ReportKind::Grading { [from, to] } else { [None, None] };
    let [from, to] = dates(given(&q.from), given(&q.to));
    if kind == ReportKind::Learners && given(&q.client).is_none() {
        return Err(("client", Problem::ClientMissing));
    }
    let client = if kind == ReportKind::Risks { None } else { given(&q.client) };
    let filters = read_filters([client, None, from, to], clients, &[], today)?;
    let status = match (kind, given(&q.status)) {
        (ReportKind::Risks, Some(s)) => Some(s.parse::<RiskStatus>().map_err(|_| ("status", Problem::StatusUnknown))?),
        _ => None,
    };
    Ok(Ask { client: filters.client, period: (kind == ReportKind::Grading).then_some(filters.period), status })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(client: &str, from: &str, to: &str, status: &str) -> ReportQuery {
        let some = |v: &str| Some(v.to_owned());
        ReportQuery { client: some(client), from: some(from), to: some(to), status: some(status) }
    }

    #[test]
    fn each_report_reads_only_its_own_filters() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let read = |kind, query: &ReportQuery| read(kind, query, &[4], today);
        assert_eq!(read(ReportKind::Learners, &q("", "", "", "")), Err(("client", Problem::ClientMissing)));
        assert_eq!(read(ReportKind::Learners, &q("5", "", "", "")), Err(("client", Problem::NoSuchClient)));
        assert_eq!(read(ReportKind::Learners, &q("4", "junk", "", "junk")), Ok(Ask { client: 4, period: None, status: None }));
        assert_eq!(read(ReportKind::Cohorts, &q(" ", "", "", "")).map(|a| a.client), Ok(0));
        let grading = read(ReportKind::Grading, &q("", "", "", "")).unwrap();
        assert_eq!(grading.period.map(|p| (p.days(), p.to)), Some((28, today)), "the default period is the dashboard's");
        assert_eq!(read(ReportKind::Grading, &q("", "2026-11-10", "2026-11-01", "")), Err(("to", Problem::EndsBeforeStart)));
        assert_eq!(read(ReportKind::Risks, &q("9", "", "", "resolved")).map(|a| (a.client, a.status)), Ok((0, Some(RiskStatus::Resolved))));
        assert_eq!(read(ReportKind::Risks, &q("", "", "", "lost")), Err(("status", Problem::StatusUnknown)));
    }
}
