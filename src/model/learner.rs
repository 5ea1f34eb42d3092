//! The learner's side: lesson and activity vocabulary, and what the dashboard shows.

use crate::vocabulary::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary! {
    pub enum LessonKind {
        Text,
        Video,
        Interactive,
        Quiz,
    }
}

vocabulary! {
    /// Which attempt's score counts for an assessment.
    pub enum ScorePolicy {
        Best,
        Latest,
    }
}

vocabulary! {
    pub enum ProgressStatus {
        Started,
        Completed,
    }
}

vocabulary! {
    /// What a learning event records; sign-ins are events but not learning.
    pub enum ActivityKind {
        SignIn,
        LessonStarted,
        LessonCompleted,
        LessonDownloaded,
        SubmissionMade,
        AchievementEarned,
        /// Minutes of study recorded while a lesson is open.
        LessonStudied,
    }
}

vocabulary! {
    /// The achievements the platform awards; their names and descriptions are translated.
    pub enum AchievementCode {
        FirstLesson,
        ModuleComplete,
        #[strum(serialize = "streak_7")]
        #[serde(rename = "streak_7")]
        Streak7,
        OfflineLearner,
        QuizAce,
        #[strum(serialize = "streak_5")]
        #[serde(rename = "streak_5")]
        Streak5,
        PerfectScore,
        #[strum(serialize = "goal_3_weeks")]
        #[serde(rename = "goal_3_weeks")]
        Goal3Weeks,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextLesson {
    pub lesson_id: i64,
    pub title: String,
    pub module_title: String,
    pub kind: LessonKind,
    pub minutes: i32,
    pub offline_available: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathProgress {
    pub learning_path_id: i64,
    pub title: String,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub percent: u8,
    pub next_lesson: Option<NextLesson>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarnedAchievement {
    pub code: AchievementCode,
    pub points: i32,
    /// The learner's local date when it was earned.
    pub earned_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerDashboard {
    pub display_name: String,
    pub path: Option<PathProgress>,
    pub overall_percent: u8,
    pub weekly_goal_minutes: i32,
    pub minutes_this_week: i32,
    pub weekly_goal_percent: u8,
    pub streak_days: u32,
    pub points: i64,
    pub recent_achievements: Vec<EarnedAchievement>,
    /// What to do next by the learner's mastery, with its reasons.
    pub next_step: Option<NextStep>,
    /// What the learner's answers show (those they dismissed left out).
    pub insights: Vec<crate::domain::recommend::Insight>,
}

vocabulary! {
    /// Where a learner is with one lesson, as the path page shows it.
    pub enum LessonStatus {
        NotStarted,
        InProgress,
        Done,
    }
}

impl LessonStatus {
    /// From the stored progress row, if the learner has one.
    pub fn of(progress: Option<ProgressStatus>) -> Self {
        match progress {
            Some(ProgressStatus::Completed) => LessonStatus::Done,
            Some(ProgressStatus::Started) => LessonStatus::InProgress,
            None => LessonStatus::NotStarted,
        }
    }
}

/// A path on `/learn/paths`: one of the learner's, or an open one they may join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathCard {
    pub learning_path_id: i64,
    pub title: String,
    pub summary: String,
    pub trade: String,
    pub enrolled: bool,
    pub open_enrolment: bool,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub total_minutes: i64,
    pub percent: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerPaths {
    pub display_name: String,
    /// Paths the learner is enrolled in, the one in progress first.
    pub mine: Vec<PathCard>,
    /// Open paths the learner has not joined.
    pub open: Vec<PathCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineLesson {
    pub lesson_id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: i32,
    /// Bytes fetched to open or save the lesson (its media), shown before anything is fetched.
    pub size_bytes: i64,
    pub offline_available: bool,
    pub status: LessonStatus,
    pub percent: u8,
    /// The media the lesson plays (`/media/...` addresses), saved with it for offline use.
    pub media: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineModule {
    pub module_id: i64,
    pub position: i32,
    pub title: String,
    pub summary: String,
    pub lessons: Vec<OutlineLesson>,
}

/// `/learn/paths/{id}`: modules and lessons with the learner's status in each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathOutline {
    pub display_name: String,
    pub learning_path_id: i64,
    pub title: String,
    pub summary: String,
    pub enrolled: bool,
    pub open_enrolment: bool,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub percent: u8,
    /// The lesson to carry on with: the first in progress, else the first not done.
    pub resume: Option<i64>,
    pub modules: Vec<OutlineModule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonLink {
    pub lesson_id: i64,
    pub title: String,
}

/// What the player shows for each kind of lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LessonBody {
    /// Markdown rendered on the server and sanitised.
    Text { html: String },
    /// A video from the media store, with its poster, size and what it says.
    Video { src: String, poster: Option<String>, width: u32, height: u32, duration_seconds: i32, transcript: String },
    /// A practice scenario: every step, with the right answers of those passed.
    Interactive { steps: Vec<StepView>, passed: usize, total: usize },
    /// A quiz: the assessment it embeds, taken on the lesson page.
    Quiz { assessment: Box<AssessmentView> },
    /// A lesson whose content cannot be shown (a malformed scenario, a missing video) shows its
    /// summary only.
    Summary,
}

/// One step of a scenario as the page shows it. Which choice is right is sent only for steps
/// already passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub situation: String,
    pub question: String,
    pub choices: Vec<String>,
    pub right: Option<usize>,
}

/// What an answer to a scenario step did, for the page's island (a plain form is sent back to
/// the page instead). `notice` is in the learner's language, `feedback` in the content's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepOutcome {
    pub step: usize,
    pub correct: bool,
    pub feedback: String,
    pub notice: String,
    /// Steps passed after this answer, of `total`.
    pub passed: usize,
    pub total: usize,
    /// The step to show next, after a right answer that did not finish the scenario.
    pub next: Option<StepView>,
    /// Achievements this answer brought, as (title, text) in the learner's language.
    pub earned: Vec<(String, String)>,
}

/// `/learn/lessons/{id}`: the lesson player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonView {
    pub display_name: String,
    pub lesson_id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: i32,
    pub size_bytes: i64,
    pub offline_available: bool,
    pub learning_path_id: i64,
    pub path_title: String,
    pub module_title: String,
    pub summary: String,
    pub body: LessonBody,
    /// Whether progress is saved: the learner is enrolled in the path (an open path can be read first).
    pub enrolled: bool,
    pub open_enrolment: bool,
    pub status: LessonStatus,
    pub percent: u8,
    pub position: i32,
    /// Server time the page was made (Unix seconds): the "done" form sends it back, so time spent
    /// reading counts without a script.
    pub opened_at: i64,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
}

/// The answer to a progress save from the page's script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedProgress {
    pub percent: u8,
    pub completed: bool,
    /// Seconds of the report that counted (after the caps).
    pub counted_seconds: i32,
    pub earned: Vec<AchievementCode>,
}

/// An achievement not earned yet, with how far the learner is toward it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockedAchievement {
    pub code: AchievementCode,
    pub points: i32,
    pub criterion: crate::domain::achievements::Criterion,
    pub toward: crate::domain::achievements::Toward,
}

/// `/learn/saved`: the page's frame; the list itself is on the phone and drawn there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPage {
    pub display_name: String,
}

/// `/learn/achievements`: earned (newest first) and still to earn (closest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerAchievements {
    pub display_name: String,
    pub earned: Vec<EarnedAchievement>,
    pub locked: Vec<LockedAchievement>,
}

/// `/learn/profile`: the learner's own settings as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerSettings {
    pub display_name: String,
    pub weekly_goal_minutes: i32,
    pub time_zone: String,
    /// None: the browser's language decides.
    pub language: Option<crate::domain::language::Language>,
}

/// `/learn/assessments/{id}` (and a quiz lesson): an assessment to take, with the learner's
/// attempts so far. Answer keys never leave the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub display_name: String,
    pub assessment_id: i64,
    pub title: String,
    pub module_title: String,
    pub learning_path_id: i64,
    pub path_title: String,
    pub pass_score: i32,
    pub max_attempts: Option<i32>,
    pub policy: ScorePolicy,
    pub attempts: Vec<AttemptView>,
    /// The score that counts, by the policy (None before any scored attempt).
    pub counted: Option<i32>,
    /// None: no limit.
    pub attempts_left: Option<i64>,
    pub enrolled: bool,
    pub open_enrolment: bool,
    pub quiz_lesson_id: Option<i64>,
    pub items: Vec<ItemView>,
    /// A fresh key for this form: sending it twice stores one submission.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptView {
    pub submission_id: i64,
    pub attempt: i32,
    pub score: Option<i32>,
    pub pending: bool,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub position: i32,
    pub kind: crate::model::trainer::ItemKind,
    pub prompt: String,
    pub options: Vec<String>,
    /// A fill-in item that takes a number.
    pub numeric: bool,
}

/// `/learn/assessments/{id}/result/{submission}`: one attempt, item by item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub display_name: String,
    pub assessment_id: i64,
    pub title: String,
    pub learning_path_id: i64,
    pub path_title: String,
    pub submission_id: i64,
    pub attempt: i32,
    pub pass_score: i32,
    /// None while an open answer waits for the trainer.
    pub score: Option<i32>,
    pub auto_points: i32,
    pub auto_max: i32,
    pub waits_for_trainer: bool,
    pub points_awarded: i32,
    pub feedback: Option<String>,
    pub counted: Option<i32>,
    pub policy: ScorePolicy,
    pub attempts_left: Option<i64>,
    pub quiz_lesson_id: Option<i64>,
    pub next_lesson: Option<LessonLink>,
    pub items: Vec<ItemOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemOutcome {
    pub position: i32,
    pub prompt: String,
    /// The learner's answer as they gave it (option texts for choices).
    pub answer: String,
    /// None: read by a trainer.
    pub correct: Option<bool>,
    pub right_answer: Option<String>,
    pub explanation: String,
    pub points: i32,
    pub max: i32,
    /// An open answer a trainer graded: per criterion, the level they picked.
    pub rubric: Vec<RubricLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricLine {
    pub criterion: String,
    pub descriptor: String,
    pub points: i32,
    pub max: i32,
}

/// `/learn/progress`: the learner's weeks, modules, scores and skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressView {
    pub display_name: String,
    pub weekly_goal_minutes: i32,
    /// The last 8 weeks, oldest first, each Monday with its minutes and its days' minutes.
    pub weeks: Vec<WeekMinutes>,
    pub modules: Vec<ModuleDone>,
    pub scores: Vec<ScoreAt>,
    pub skills: Vec<SkillMastery>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekMinutes {
    pub monday: NaiveDate,
    pub minutes: i64,
    /// Monday to Sunday.
    pub days: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleDone {
    pub title: String,
    pub path_title: String,
    pub done: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreAt {
    pub title: String,
    pub score: i32,
    pub pass_score: i32,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillMastery {
    pub skill: String,
    pub p_known: f64,
    pub band: crate::domain::bkt::Band,
    pub correct: i32,
    pub answers: i32,
}

/// The dashboard's suggested next step, with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextStep {
    pub lesson_id: i64,
    pub title: String,
    pub minutes: i32,
    pub kind: crate::domain::recommend::Kind,
    pub reasons: Vec<crate::domain::recommend::Reason>,
    /// The plain next lesson in the path, when the suggestion is something else.
    pub instead_of: Option<LessonLink>,
}

/// `/learn/inbox`: messages from the learner's trainers, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub display_name: String,
    pub messages: Vec<InboxMessage>,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub message_id: i64,
    pub sender_name: String,
    pub body: String,
    pub sent_at: chrono::DateTime<chrono::Utc>,
    pub unread: bool,
}
