//! What a progress save may claim and how much of it counts: share done, where the learner was,
//! time studied (capped, so a lesson left open overnight is not eight hours of learning), and
//! when each kind of lesson counts as completed.

use crate::model::learner::LessonKind;

/// A save may report at most a day since the previous one; more is not a duration we believe.
pub const MAX_REPORTED_SECONDS: i32 = 86_400;
/// One save counts at most ten minutes: pages in use save about every minute, so a longer gap
/// was time away from the lesson.
pub const SAVE_CAP_SECONDS: i32 = 600;
/// A lesson absorbs at most three times its stated length (and at least a quarter of an hour).
pub fn lesson_cap_seconds(lesson_minutes: i32) -> i32 {
    lesson_minutes.max(5).saturating_mul(3 * 60)
}
/// The furthest position (seconds into a video, step of a scenario) a save may name.
pub const MAX_POSITION: i32 = 86_400;
/// A video counts as watched at this share.
pub const VIDEO_COMPLETE_PERCENT: u8 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StudyError {
    #[error("percent outside 0..=100")]
    Percent,
    #[error("position outside 0..=86400")]
    Position,
    #[error("duration outside 0..=86400 seconds")]
    Duration,
}

/// A save's figures, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Save {
    pub percent: u8,
    pub position: i32,
    pub seconds: i32,
}

impl Save {
    pub fn parse(percent: i32, position: i32, seconds: i32) -> Result<Save, StudyError> {
        let percent = u8::try_from(percent).ok().filter(|p| *p <= 100).ok_or(StudyError::Percent)?;
        if !(0..=MAX_POSITION).contains(&position) {
            return Err(StudyError::Position);
        }
        if !(0..=MAX_REPORTED_SECONDS).contains(&seconds) {
            return Err(StudyError::Duration);
        }
        Ok(Save { percent, position, seconds })
    }
}

/// Seconds of a report that count, given what the lesson has already absorbed.
pub fn counted_seconds(reported: i32, already_spent: i32, lesson_minutes: i32) -> i32 {
    let room = (lesson_cap_seconds(lesson_minutes) - already_spent.max(0)).max(0);
    reported.clamp(0, SAVE_CAP_SECONDS).min(room)
}

/// Whole minutes gained going from `before` to `after` seconds: the minutes the activity log
/// gets, so many small saves add up to the right total without an event per save.
pub fn minutes_gained(before: i32, after: i32) -> i32 {
    (after.max(0) / 60 - before.max(0) / 60).max(0)
}

/// Whether a save at `percent` completes a lesson of this kind by itself: only a video. Text is
/// completed by the learner saying so, a scenario by its last right answer, a quiz by a pass.
pub fn completes(kind: LessonKind, percent: u8) -> bool {
    match kind {
        LessonKind::Video => percent >= VIDEO_COMPLETE_PERCENT,
        LessonKind::Text | LessonKind::Interactive | LessonKind::Quiz => false,
    }
}

/// Whether the page measures a lesson's share done (scrolling a text, playing a video). A
/// scenario's steps and a quiz's score are decided on the server, never by a save.
pub fn page_reports_share(kind: LessonKind) -> bool {
    matches!(kind, LessonKind::Text | LessonKind::Video)
}

/// Why a learner's own "finished" does not complete a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandFinish {
    /// This kind completes only by its own rule (a scenario's steps, a quiz's pass).
    NotByHand,
    /// The page has not been open for 90 % of the video yet: this many seconds to go.
    TooSoon { seconds_left: i32 },
}

/// Whether the learner may mark a lesson done themselves, `open_seconds` after opening it. A text
/// lesson may be; a video only after the page was open for 90 % of its length (how a page with
/// no script can tell the video was watched).
pub fn finish_by_hand(kind: LessonKind, open_seconds: i64, video_seconds: i32) -> Result<(), HandFinish> {
    match kind {
        LessonKind::Text => Ok(()),
        LessonKind::Video => {
            let needed = (i64::from(video_seconds.max(0)) * i64::from(VIDEO_COMPLETE_PERCENT)).div_euclid(100);
            if open_seconds >= needed {
                Ok(())
            } else {
                Err(HandFinish::TooSoon { seconds_left: i32::try_from(needed - open_seconds.max(0)).unwrap_or(i32::MAX) })
            }
        }
        LessonKind::Interactive | LessonKind::Quiz => Err(HandFinish::NotByHand),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_outside_the_ranges_are_refused() {
        assert_eq!(Save::parse(0, 0, 0), Ok(Save { percent: 0, position: 0, seconds: 0 }));
        assert_eq!(Save::parse(100, 86_400, 86_400).map(|s| s.percent), Ok(100));
        assert_eq!(Save::parse(101, 0, 0), Err(StudyError::Percent));
        assert_eq!(Save::parse(-1, 0, 0), Err(StudyError::Percent));
        assert_eq!(Save::parse(50, -3, 0), Err(StudyError::Position));
        assert_eq!(Save::parse(50, 86_401, 0), Err(StudyError::Position));
        assert_eq!(Save::parse(50, 0, -60), Err(StudyError::Duration));
        assert_eq!(Save::parse(50, 0, 8 * 86_400), Err(StudyError::Duration));
    }

    #[test]
    fn a_lesson_left_open_overnight_counts_minutes_not_hours() {
        // Eight hours reported in one save: ten minutes count.
        assert_eq!(counted_seconds(8 * 3600, 0, 15), SAVE_CAP_SECONDS);
        // Many saves cannot push a 15-minute lesson past 45 minutes.
        let mut spent = 0;
        for _ in 0..100 {
            spent += counted_seconds(600, spent, 15);
        }
        assert_eq!(spent, 45 * 60);
        // A very short lesson still absorbs a quarter of an hour.
        assert_eq!(lesson_cap_seconds(2), 15 * 60);
        assert_eq!(counted_seconds(45, 0, 15), 45);
        assert_eq!(counted_seconds(-5, 0, 15), 0);
    }

    #[test]
    fn minutes_reach_the_log_once_each() {
        assert_eq!(minutes_gained(0, 59), 0);
        assert_eq!(minutes_gained(59, 61), 1);
        assert_eq!(minutes_gained(61, 119), 0);
        assert_eq!(minutes_gained(100, 700), 10);
        let (mut total, mut spent) = (0, 0);
        for _ in 0..30 {
            let next = spent + 45;
            total += minutes_gained(spent, next);
            spent = next;
        }
        assert_eq!(total, spent / 60);
    }

    #[test]
    fn each_kind_completes_by_its_own_rule() {
        assert!(!completes(LessonKind::Video, 89));
        assert!(completes(LessonKind::Video, 90));
        assert!(!completes(LessonKind::Interactive, 100), "only its answers complete a scenario");
        assert!(page_reports_share(LessonKind::Video) && page_reports_share(LessonKind::Text));
        assert!(!page_reports_share(LessonKind::Interactive) && !page_reports_share(LessonKind::Quiz));
        assert!(!completes(LessonKind::Text, 100));
        assert!(!completes(LessonKind::Quiz, 100));
        assert_eq!(finish_by_hand(LessonKind::Text, 0, 0), Ok(()));
        assert_eq!(finish_by_hand(LessonKind::Interactive, 9999, 0), Err(HandFinish::NotByHand));
        assert_eq!(finish_by_hand(LessonKind::Quiz, 9999, 0), Err(HandFinish::NotByHand));
        // A 24-second video: 21.6 s, rounded down to 21 s, must have passed.
        assert_eq!(finish_by_hand(LessonKind::Video, 5, 24), Err(HandFinish::TooSoon { seconds_left: 16 }));
        assert_eq!(finish_by_hand(LessonKind::Video, 21, 24), Ok(()));
        assert_eq!(finish_by_hand(LessonKind::Video, 0, 0), Ok(()), "a video of unknown length cannot be held back");
    }
}
