//! The operations side: sponsor and risk vocabulary, the KPI dashboard, trainer load, audit and health.

use crate::vocabulary::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary! {
    pub enum ClientStatus {
        Active,
        Paused,
        Ended,
    }
}

vocabulary! {
    pub enum RiskKind {
        Disengagement,
        LowScores,
        TrainerOverload,
        CohortBehind,
        Compliance,
    }
}

vocabulary! {
    pub enum RiskSeverity {
        Low,
        Medium,
        High,
        Critical,
    }
}

vocabulary! {
    pub enum RiskStatus {
        Open,
        InProgress,
        Resolved,
    }
}

vocabulary! {
    /// What an audit log entry records.
    pub enum AuditAction {
        SignIn,
        SignOut,
        SignInFailed,
        SignUp,
        CreateAccount,
        SetLanguage,
        DemoDataSeeded,
        PasswordReset,
        EmailVerified,
        SessionsEnded,
        AccountDisabled,
        AccountEnabled,
        PasswordChanged,
        PinSignInFailed,
        PinSet,
        PinRemoved,
        SignInCodeCreated,
        DataExported,
        AccountAnonymised,
        /// A learner joined an open path by themselves.
        Enrolled,
        /// A learner changed their own name, weekly goal, time zone or language.
        ProfileUpdated,
        CohortCreated,
        /// A cohort's name, sponsor, path, dates or status changed (the detail says which).
        CohortUpdated,
        ClientCreated,
        /// A sponsor's details or status changed (the detail says what, from what to what).
        ClientUpdated,
        /// Operations changed how many learners a trainer can follow (the detail has from and to).
        TrainerCapacitySet,
        /// Operations moved a cohort, with its learners and their work to grade, to another trainer.
        CohortReassigned,
        /// Operations changed which sponsors and paths a trainer is approved for (the detail
        /// lists what was added and removed).
        TrainerApprovalsSet,
        /// Operations applied the load optimiser's proposal (the detail lists every move).
        LoadRedistributed,
        CohortMemberAdded,
        CohortMemberRemoved,
        /// A trainer graded a submission, or changed an earlier grade (the detail holds both).
        SubmissionGraded,
        SubmissionRegraded,
        SubmissionFlagged,
        SubmissionUnflagged,
        /// A trainer marked a learner the risk model listed as "not useful".
        RiskDismissed,
        InterventionRecorded,
        InterventionCompleted,
        /// A trainer sent a message to one learner or a group (the detail says how many).
        MessageSent,
        /// Operations opened a risk ticket (from the model's flags in a cohort, or by hand).
        RiskTicketOpened,
        /// A risk ticket changed status (the detail has from, to and any resolution note's length).
        RiskTicketMoved,
        /// A risk ticket changed owner (the detail has from and to).
        RiskTicketAssigned,
    }
}

/// The dashboard's filters as the address carries them (a bookmarkable view); empty means "all"
/// or the default period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiQuery {
    pub client: Option<String>,
    pub path: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The figures on the dashboard, each defined in `domain::kpi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KpiKind {
    Active7,
    Active30,
    Enrolments,
    LessonsCompleted,
    CompletionRate,
    AverageScore,
    PassRate,
    AtRisk,
    Backlog,
    MedianTurnaround,
    Utilisation,
}

impl KpiKind {
    /// Whether a rise is good news (more learners at risk is not).
    pub fn higher_is_better(self) -> bool {
        !matches!(self, KpiKind::AtRisk | KpiKind::Backlog | KpiKind::MedianTurnaround)
    }

    /// Shares shown in percent (the value is already 0..=100).
    pub fn is_percent(self) -> bool {
        matches!(self, KpiKind::CompletionRate | KpiKind::PassRate | KpiKind::Utilisation)
    }
}

/// The quality and compliance metrics, each defined in `domain::quality`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QualityMetric {
    GradedInTime,
    FeedbackGiven,
    RubricUse,
    AiAgreement,
    OverdueWork,
    EndedUnfinished,
    Inactive,
}

impl QualityMetric {
    pub const ALL: [QualityMetric; 7] = [
        QualityMetric::GradedInTime,
        QualityMetric::FeedbackGiven,
        QualityMetric::RubricUse,
        QualityMetric::AiAgreement,
        QualityMetric::OverdueWork,
        QualityMetric::EndedUnfinished,
        QualityMetric::Inactive,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Met,
    Missed,
    NoData,
}

/// One metric: `part` of `whole` counted, its share, its target and whether it is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityFigure {
    pub metric: QualityMetric,
    pub part: i64,
    pub whole: i64,
    pub percent: Option<u8>,
    /// True when the metric is good at or above `target` percent, false when at or below it.
    pub at_least: bool,
    pub target: u8,
    pub verdict: Verdict,
    pub over_period: bool,
}

/// A cohort that ended in the period with learners who have not completed its path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndedCohort {
    pub cohort_id: i64,
    pub name: String,
    pub client_id: i64,
    pub client_name: String,
    pub trainer_id: Option<i64>,
    pub trainer_name: Option<String>,
    pub ends_on: NaiveDate,
    pub members: i64,
    pub unfinished: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityView {
    pub viewer_name: String,
    /// The filters as asked, and why they could not be shown (the field, the problem).
    pub query: KpiQuery,
    pub problem: Option<(String, crate::model::forms::Problem)>,
    pub clients: Vec<KpiChoice>,
    pub paths: Vec<KpiChoice>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub client_name: Option<String>,
    pub path_name: Option<String>,
    pub figures: Vec<QualityFigure>,
    /// The median whole hours trainer-graded work waited in the period.
    pub median_wait_hours: Option<i64>,
    /// Learners left unfinished in the cohorts that ended in the period.
    pub unfinished_learners: i64,
    /// When the background task last counted inactive learners (none: not yet).
    pub inactive_counted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Those cohorts with the most unfinished learners first.
    pub ended: Vec<EndedCohort>,
    /// The thresholds the definitions quote.
    pub sla_hours: i64,
    pub inactive_days: i64,
    pub rubric_criteria: i32,
}

/// Operations' CSV reports, each at `/ops/reports/{slug}.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportKind {
    /// Every learner of one sponsor's cohorts with their progress.
    Learners,
    /// Every cohort (of one sponsor or all) with its figures now.
    Cohorts,
    /// The work trainers graded in a period.
    Grading,
    /// Every risk ticket, or those of one status.
    Risks,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [ReportKind::Learners, ReportKind::Cohorts, ReportKind::Grading, ReportKind::Risks];

    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::Learners => "learners",
            ReportKind::Cohorts => "cohorts",
            ReportKind::Grading => "grading",
            ReportKind::Risks => "risks",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn path(self) -> String {
        format!("/ops/reports/{}.csv", self.slug())
    }
}

/// What a report was asked for, as typed (the download's query and the page's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportQuery {
    pub client: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportsView {
    pub viewer_name: String,
    pub clients: Vec<KpiChoice>,
    /// The report a download was refused for, what was asked and why (the field, the problem).
    pub asked: Option<ReportKind>,
    pub query: ReportQuery,
    pub problem: Option<(String, crate::model::forms::Problem)>,
    /// The grading report's default period.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sla_hours: i64,
}

/// A sponsor's trainers a month ahead: learners now, the trend's and the naive forecast, the
/// trainers the trend needs and those serving it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingRow {
    pub client_id: i64,
    pub client_name: String,
    pub learners_now: i64,
    /// The fitted line's change per week.
    pub per_week: f64,
    pub trend: i64,
    pub naive: i64,
    pub needed: i64,
    pub serving: i64,
}

/// What to do with a running cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CohortAdvice {
    /// Merge with the named cohort of the same sponsor and path.
    Merge { with_id: i64, with_name: String, with_members: i64 },
    /// Split between two trainers.
    Split,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapeRow {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_name: String,
    pub trainer_name: Option<String>,
    pub members: i64,
    pub advice: CohortAdvice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverloadRow {
    pub trainer_id: i64,
    pub name: String,
    pub learners: i64,
    pub capacity: i32,
    pub cohorts: i64,
}

/// How the two forecasts did when made four weeks ago, over the sponsors with enough history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    pub sponsors: i64,
    pub trend_error: f64,
    pub naive_error: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationsView {
    pub viewer_name: String,
    pub per_trainer: i64,
    pub history_weeks: i64,
    pub horizon_weeks: i64,
    pub merge_below: i64,
    pub split_above: i64,
    pub staffing: Vec<StaffingRow>,
    pub backtest: Option<Backtest>,
    /// Splits first, then merges, largest first; how many there are in all.
    pub shapes: Vec<ShapeRow>,
    pub shapes_total: i64,
    /// Most over first; how many are over in all.
    pub overloaded: Vec<OverloadRow>,
    pub overloaded_total: i64,
}

/// A figure for the period and for the period before (None: nothing to measure it on).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KpiFigure {
    pub kind: KpiKind,
    pub now: Option<f64>,
    pub before: Option<f64>,
}

/// One week of the trends: levels at its last day, lessons over its seven days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiWeek {
    pub last_day: NaiveDate,
    pub active_7: i64,
    pub lessons_completed: i64,
    pub at_risk: i64,
    pub backlog: i64,
}

/// A client, path or cohort in a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiSegment {
    pub id: i64,
    pub name: String,
    pub learners: i64,
    pub active_7: i64,
    pub lessons_completed: i64,
    pub completion_percent: Option<u8>,
    pub average_score: Option<u8>,
    pub at_risk: i64,
    pub backlog: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiChoice {
    pub id: i64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiView {
    pub viewer_name: String,
    /// The filters as asked, to show in the form again.
    pub query: KpiQuery,
    /// Why the filters could not be shown, and which one ("client", "path", "from" or "to").
    pub problem: Option<(String, crate::model::forms::Problem)>,
    pub clients: Vec<KpiChoice>,
    pub paths: Vec<KpiChoice>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
    pub client_name: Option<String>,
    pub path_name: Option<String>,
    pub figures: Vec<KpiFigure>,
    /// Oldest week first.
    pub weeks: Vec<KpiWeek>,
    pub by_client: Vec<KpiSegment>,
    pub by_path: Vec<KpiSegment>,
    /// The cohorts in the view with the most learners at risk, and how many cohorts there are.
    pub cohorts: Vec<KpiSegment>,
    pub cohorts_total: i64,
}

/// One trainer in operations' list: their load against capacity and how their work goes, each
/// figure over the same window as their own performance page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerSummary {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    /// Learners in running cohorts the trainer can follow well.
    pub capacity: i32,
    /// Planned and running cohorts.
    pub cohorts: i64,
    /// Learners in running cohorts.
    pub learners: i64,
    /// Submissions waiting for this trainer's grading.
    pub pending: i64,
    /// Hand-in to grade, median, over the window.
    pub median_hours: Option<f64>,
    /// Criteria where the pre-score's level equals the trainer's, over open answers graded in the window.
    pub agreement_pairs: i64,
    pub agreement_exact: i64,
    /// Learners followed up in the window whose 14 days are over, and those who learned again in them.
    pub settled: i64,
    pub recovered: i64,
}

/// `/ops/trainers`: a page of trainers (by name) and how many there are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainersView {
    pub viewer_name: String,
    pub since_days: i64,
    pub trainers: Vec<TrainerSummary>,
    /// 1-based page number shown, and how many trainers there are in all.
    pub page: i64,
    pub page_size: i64,
    pub total: i64,
}

/// A trainer as operations manages them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerRecord {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    pub capacity: i32,
    pub learners: i64,
    pub joined_on: NaiveDate,
}

/// One week of a trainer's grading: how much, how fast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerWeek {
    pub starts_on: NaiveDate,
    pub graded: i64,
    pub median_hours: Option<f64>,
}

/// A trainer a cohort can move to, with their load now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerChoice {
    pub user_id: i64,
    pub display_name: String,
    pub learners: i64,
    pub capacity: i32,
}

/// The trainers a cohort can move to: active, approved for its client and path, most room first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortDestinations {
    pub cohort_id: i64,
    pub name: String,
    pub choices: Vec<TrainerChoice>,
}

/// A cohort as operations lists it on a sponsor's or a trainer's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpsCohort {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub trainer_name: Option<String>,
    pub path_title: String,
    pub status: crate::model::trainer::CohortStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub members: i64,
    pub at_risk: i64,
    pub backlog: i64,
}

/// `/ops/trainers/{id}`: the trainer, their cohorts, 12 weeks of grading and their performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerDetail {
    pub viewer_name: String,
    pub record: TrainerRecord,
    pub performance: crate::model::trainer::TrainerPerformance,
    pub weeks: Vec<TrainerWeek>,
    /// Planned and running first.
    pub cohorts: Vec<OpsCohort>,
    pub cohorts_total: i64,
    /// Where each planned or running cohort of theirs can go.
    pub destinations: Vec<CohortDestinations>,
    pub approvals: TrainerApprovals,
}

/// A sponsor or a path a trainer may be approved to teach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalChoice {
    pub id: i64,
    pub name: String,
    pub approved: bool,
}

/// The sponsors (active ones, and any the trainer is still approved for) and paths a trainer
/// could teach, each marked when they are approved for it: a cohort goes to a trainer only
/// when both its sponsor and its path are approved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainerApprovals {
    pub clients: Vec<ApprovalChoice>,
    pub paths: Vec<ApprovalChoice>,
}

/// The audit log's filters as they arrive in the page's address (all text, all optional), so a
/// filtered view can be bookmarked and the CSV export takes the very same query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// The acting account's e-mail.
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    /// First and last day (UTC) to show, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Keyset cursor: show entries older than this id.
    pub before: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// None: the system, or a visitor not signed in.
    pub actor: Option<String>,
    /// The action's name (the log may hold names this build no longer has).
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    /// The entry's detail as JSON text.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    pub viewer_name: String,
    pub query: AuditQuery,
    pub entries: Vec<AuditEntry>,
    /// The cursor of the next (older) page, when there is one.
    pub older: Option<i64>,
    /// Some filters could not be read and were left out.
    pub unreadable: bool,
}

/// Something that happened to the database connection, as the health watcher saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DbEventKind {
    /// The database stopped answering.
    Lost,
    /// It answered again after this many milliseconds.
    Back { down_ms: u64 },
    /// The app started its embedded cluster again (PostgreSQL recovered from its log).
    ClusterRestarted,
    /// Starting it again failed; the watcher keeps trying.
    RestartFailed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbEvent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub kind: DbEventKind,
}

/// How many requests a route answered and how fast, since the process started.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteFigures {
    pub route: String,
    pub requests: u64,
    pub errors: u64,
    pub mean_ms: f64,
}

/// `/ops/health`: the database, the work waiting, and this process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemHealth {
    pub viewer_name: String,
    pub database_up: bool,
    /// One `select 1` timed now, in milliseconds (None when it did not answer).
    pub database_ms: Option<f64>,
    pub embedded_database: bool,
    pub pool_size: u32,
    pub pool_idle: u32,
    pub pool_max: u32,
    /// The newest migration applied to the database, and the newest this build carries.
    pub migration_applied: Option<i64>,
    pub migration_expected: i64,
    pub pending_grading: i64,
    pub pending_prescoring: i64,
    pub risk_due: i64,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub uptime_secs: u64,
    pub version: String,
    pub outages: u64,
    pub restarts: u64,
    pub events: Vec<DbEvent>,
    /// The busiest routes, most requests first.
    pub routes: Vec<RouteFigures>,
}

/// One sponsor in `/ops/clients`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub client_id: i64,
    pub name: String,
    pub sector: String,
    pub region: String,
    pub status: ClientStatus,
    pub contact_name: Option<String>,
    pub contract_ends_on: Option<NaiveDate>,
    pub target_learners: Option<i32>,
    /// Learners in its cohorts now, and its planned or running cohorts.
    pub learners: i64,
    pub running_cohorts: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientsView {
    pub viewer_name: String,
    pub today: NaiveDate,
    pub clients: Vec<ClientSummary>,
}

/// The client form as posted, every field as typed (the names are the form's field names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientForm {
    pub name: String,
    pub sector: String,
    pub region: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub target: String,
    pub note: String,
    pub status: String,
}

/// What the client form shows: a new sponsor's blanks or one as stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientRecord {
    pub name: String,
    pub sector: String,
    pub region: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contract_starts_on: Option<NaiveDate>,
    pub contract_ends_on: Option<NaiveDate>,
    pub target_learners: Option<i32>,
    pub notes: String,
    pub status: Option<ClientStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientEditor {
    pub viewer_name: String,
    pub client_id: Option<i64>,
    pub record: ClientRecord,
}

/// A sponsor's outcomes to date, from the rollups and its learners' follow-up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientOutcomes {
    pub learners: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub scored: i64,
    pub average_score: Option<f64>,
    pub pass_rate: Option<f64>,
    pub at_risk: i64,
    /// Learners a trainer followed up (an intervention done), and how many of them are not at risk now.
    pub followed_up: i64,
    pub recovered: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub viewer_name: String,
    pub client_id: i64,
    pub today: NaiveDate,
    pub record: ClientRecord,
    pub outcomes: ClientOutcomes,
    /// Running cohorts first, then the latest to start; at most `shown` of `cohorts_total`.
    pub cohorts: Vec<OpsCohort>,
    pub cohorts_total: i64,
}

vocabulary! {
    /// How the load optimiser reached its proposal.
    pub enum LoadMethod {
        /// The exact programme, proven optimal.
        Exact,
        /// The linear relaxation over candidate trainers, rounded and improved move by move.
        Relaxed,
        /// The programme found nothing better than the greedy baseline, which is proposed.
        Greedy,
        /// Too many cohorts could move for the programme to be solved in time: the greedy
        /// baseline is proposed.
        TooLarge,
    }
}

/// One trainer in a redistribution: load before, in the proposal and in the greedy baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadRow {
    pub trainer_id: i64,
    pub name: String,
    pub capacity: i32,
    /// Learners in their planned and running cohorts, now.
    pub before: i64,
    pub after: i64,
    pub greedy_after: i64,
    /// Their fair share: capacity × (all learners / all capacity).
    pub fair: f64,
}

/// One cohort changing trainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortMove {
    pub cohort_id: i64,
    pub cohort: String,
    pub learners: i64,
    pub from_id: i64,
    pub from: String,
    pub to_id: i64,
    pub to: String,
}

/// An assignment's figures (see `domain::redistribute::Score`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LoadScore {
    /// Σ |load − fair share|, in learners.
    pub imbalance: f64,
    /// Learners above capacity, in all.
    pub over: f64,
    pub moves: usize,
    /// The highest load against capacity, in percent.
    pub max_utilisation_percent: Option<i64>,
    pub objective: f64,
}

/// The optimiser's proposal, as `/ops/redistribute` previews it and `ruralrise redistribute
/// --dry-run` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// A digest of the data the proposal was made from; applying it is refused once that changed.
    pub fingerprint: String,
    pub method: LoadMethod,
    pub solve_ms: u64,
    pub cohorts: usize,
    pub learners: i64,
    pub trainers: Vec<LoadRow>,
    pub moves: Vec<CohortMove>,
    pub greedy_moves: usize,
    pub before: LoadScore,
    pub after: LoadScore,
    pub greedy: LoadScore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedistributeView {
    pub viewer_name: String,
    pub proposal: Proposal,
}

/// Which tickets `/ops/risks` lists: unresolved ones (open and in progress) by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TicketFilter {
    #[default]
    Unresolved,
    Only(RiskStatus),
}

impl TicketFilter {
    /// The `?status=` value: none, or a status's name ("all" is not offered: resolved tickets
    /// pile up, and each list is read by its own index).
    pub fn from_query(status: Option<&str>) -> TicketFilter {
        match status.and_then(|s| s.parse::<RiskStatus>().ok()) {
            Some(s) => TicketFilter::Only(s),
            None => TicketFilter::Unresolved,
        }
    }
}

/// A risk ticket as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskTicketRow {
    pub ticket_id: i64,
    pub title: String,
    pub kind: RiskKind,
    pub severity: RiskSeverity,
    pub status: RiskStatus,
    pub cohort_name: Option<String>,
    pub client_name: Option<String>,
    pub owner_name: Option<String>,
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub affected: i64,
}

/// A running cohort with no unresolved ticket, and what the risk model flags in it: the learners
/// listed at risk (not marked "not useful" by its trainer) out of its members, their mean score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedCohort {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub client_name: String,
    pub trainer_name: Option<String>,
    pub listed: i64,
    pub members: i64,
    pub mean_score: f64,
    /// The strongest reason the model gives most often among the flagged learners, and for how many.
    pub top_reason: Option<(crate::model::trainer::RiskFactor, i64)>,
    pub counted_at: chrono::DateTime<chrono::Utc>,
}

/// A flagged cohort that calls for a ticket, at the severity `domain::ticket::proposed_severity` gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskProposal {
    pub cohort: FlaggedCohort,
    pub severity: RiskSeverity,
}

/// `/ops/risks`: the tickets of one filter, soonest due first, and the proposals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RisksView {
    pub viewer_name: String,
    pub now: chrono::DateTime<chrono::Utc>,
    pub filter: TicketFilter,
    /// Unresolved tickets past due, whatever the filter.
    pub overdue: i64,
    pub tickets: Vec<RiskTicketRow>,
    pub tickets_total: i64,
    pub proposals: Vec<RiskProposal>,
    pub proposals_total: i64,
    /// When the risk task last counted the flags per cohort.
    pub flags_counted_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Someone a ticket can be given to: operations staff and the cohort's trainer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChoice {
    pub user_id: i64,
    pub name: String,
    pub trainer: bool,
}

/// A learner a ticket is about: their risk now and when they last learned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedLearner {
    pub learner_id: i64,
    pub name: String,
    pub score: Option<f32>,
    pub at_risk: bool,
    pub last_active: Option<chrono::DateTime<chrono::Utc>>,
}

/// One ticket as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskTicket {
    pub ticket_id: i64,
    pub title: String,
    pub kind: RiskKind,
    pub severity: RiskSeverity,
    pub status: RiskStatus,
    pub cohort: Option<(i64, String)>,
    pub client: Option<(i64, String)>,
    pub trainer_id: Option<i64>,
    pub action: String,
    pub owner: Option<(i64, String)>,
    pub opened_by: Option<String>,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    pub resolved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub resolution_note: Option<String>,
}

/// `/ops/risks/{id}`: the ticket, its learners, who may own it and, once resolved, how many of
/// its learners came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskTicketDetail {
    pub viewer_name: String,
    pub now: chrono::DateTime<chrono::Utc>,
    pub ticket: RiskTicket,
    pub learners: Vec<AffectedLearner>,
    pub learners_total: i64,
    pub owners: Vec<OwnerChoice>,
    /// Of the affected learners, how many learned within `domain::ticket::RECOVERY_DAYS` of the
    /// resolution (only for resolved tickets).
    pub recovered: Option<i64>,
}

/// `/ops/risks/new`: the form, blank or filled from a cohort's proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskEditor {
    pub viewer_name: String,
    pub proposal: Option<RiskProposal>,
    /// A cohort was asked for but the model no longer proposes it (ticketed meanwhile, or its
    /// learners are no longer flagged, or it stopped running).
    pub cohort_gone: bool,
    pub owners: Vec<OwnerChoice>,
    pub viewer_id: i64,
}

/// The ticket form as posted (the names are the form's field names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskForm {
    pub title: String,
    pub kind: String,
    pub severity: String,
    pub action: String,
    pub owner: String,
}
