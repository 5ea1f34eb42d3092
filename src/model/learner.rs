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
}
