//! Form state carried across a plain HTML form post: which form, the values typed, the problems
//! found and any notice. Problems and notices are typed, so the page that shows them translates
//! them into the reader's language.

use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// The forms whose posts come back to their page with a flash.
    pub enum Form {
        SignIn,
        SignUp,
        CreateTrainer,
        ResetRequest,
        ResetPassword,
        VerifyResend,
        Account,
        OpsAccounts,
        /// `/pin`: typing a cohort's sign-in code.
        PinCode,
        /// `/pin/{code}`: picking oneself and typing the PIN.
        PinSignIn,
        /// Operations' new-sponsor and edit-sponsor form.
        Client,
        /// Operations' page of one trainer: capacity, moving a cohort, switching off.
        Trainer,
        /// Applying the load optimiser's proposal.
        Redistribute,
        /// The trainer's PIN page for a cohort.
        Pins,
        /// The learner's pages: joining a path, finishing a lesson.
        Learn,
        /// The learner's own settings at `/learn/profile`.
        Profile,
        /// A trainer's new-cohort and edit-cohort form.
        Cohort,
        /// A cohort's members: adding and removing learners.
        CohortMembers,
        /// Grading one submission, and flagging it.
        Grading,
        /// The at-risk list: marking a listed learner "not useful".
        AtRisk,
        /// A learner's follow-up page: interventions and messages.
        FollowUp,
        /// A group message to a cohort (from the at-risk list).
        GroupMessage,
        /// The learner's inbox.
        Inbox,
        /// Operations' risk tickets: opening one, moving it along, giving it to someone.
        Risk,
    }
}

vocabulary! {
    /// A form field a problem can be attached to; `Whole` is the form as a whole.
    pub enum Field {
        Name,
        Email,
        Password,
        /// The password asked again before it is changed.
        CurrentPassword,
        /// A cohort's sign-in code.
        Code,
        /// Which learner (by id) a PIN form is about.
        Learner,
        Pin,
        Picture,
        /// The box ticked to confirm something that cannot be undone.
        Confirm,
        /// A learning path (by id) a learner form is about.
        Path,
        /// A lesson (by id) a learner form is about.
        Lesson,
        /// An assessment (by id), its answers and the form's key.
        Assessment,
        Answer,
        /// A progress save's share done, position and seconds studied.
        Percent,
        Position,
        Seconds,
        WeeklyGoal,
        TimeZone,
        Language,
        /// A cohort's sponsor (client organisation, by id), dates and status.
        Client,
        /// A sponsor's own details (beside its name, e-mail, dates, status and notes).
        Sector,
        Region,
        ContactName,
        Phone,
        Target,
        Capacity,
        Trainer,
        Cohort,
        StartsOn,
        EndsOn,
        Status,
        /// A grade's rubric levels, its feedback to the learner, and a flag's reason.
        Levels,
        Feedback,
        FlagReason,
        /// An intervention's kind, note, due date and outcome; a message's text.
        Kind,
        Note,
        DueOn,
        Outcome,
        Body,
        /// A risk ticket's title, severity, owner and recommended action.
        Title,
        Severity,
        Owner,
        Action,
        Whole,
    }
}

/// Something wrong with what was sent, in words the page chooses for the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    NameMissing,
    NameTooLong {
        max: usize,
    },
    NameControlChars,
    EmailMissing,
    EmailTooLong,
    EmailMalformed,
    EmailTaken,
    PasswordMissing,
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    WrongCredentials,
    AccountDisabled,
    UnknownLanguage,
    /// The account's address was never confirmed (self sign-up, link not opened yet).
    EmailNotVerified,
    /// An e-mailed link that is unknown, used or expired.
    LinkInvalid,
    /// Operations may not disable their own account (nobody would be left to undo it).
    CannotDisableSelf,
    /// The account a form was about is gone.
    NoSuchAccount,
    /// Changing a password: the one typed as the current password is not it.
    WrongCurrentPassword,
    CodeMissing,
    /// Not a sign-in code of any cohort (mistyped, or replaced by a newer one).
    CodeUnknown,
    /// No learner (or one without a PIN here) was picked on the PIN page.
    PickYourself,
    PinMissing,
    /// Not 4 to 6 digits.
    PinShape,
    /// All one digit or a straight run: refused when a trainer sets it.
    PinGuessable,
    WrongPin {
        tries_left: i16,
    },
    /// Too many wrong PINs in a row: the trainer must set a new one.
    PinLocked,
    /// The learner a trainer's form named is not in the cohort.
    NotInCohort,
    /// Deleting an account: the confirmation box was not ticked.
    ConfirmDeletion,
    /// Only learner accounts are deleted by anonymisation.
    OnlyLearnersErased,
    /// A share done outside 0 to 100 percent.
    PercentOutOfRange,
    /// A position before the start or past a day's worth of seconds.
    PositionOutOfRange,
    /// Time studied that is negative or longer than a day.
    DurationOutOfRange,
    /// Progress on a path the learner has not joined.
    NotEnrolled,
    /// Joining a path that takes learners only through a cohort.
    PathNotOpen,
    /// Marking done a lesson that completes by its own rule (a scenario's steps, a quiz passed).
    NotMarkedByHand,
    /// An answer to a scenario step the learner is not on (sent twice, or from an old page).
    StepOutOfOrder,
    /// No such choice on this step (or no scenario in this lesson).
    NoSuchChoice,
    GoalNotANumber,
    GoalOutOfRange {
        max: i32,
    },
    ZoneUnknown,
    /// "I have watched the video" sooner than the video could have been watched.
    VideoNotWatched {
        seconds_left: i32,
    },
    /// An answer to a question the assessment does not have (a stale or altered form).
    NoSuchItem {
        position: i32,
    },
    AnswerMissing {
        position: i32,
    },
    AnswerUnreadable {
        position: i32,
    },
    AnswerTooLong {
        position: i32,
        max: usize,
    },
    /// Every attempt the assessment allows has been used.
    NoAttemptsLeft {
        max: i32,
    },
    /// The form's key is missing or not a key this server makes (reload the page).
    FormKeyInvalid,
    /// A queued action that cannot be read (no id, an unknown kind, a field missing).
    SyncActionUnreadable,
    /// A queued action's id was already used by another learner or for another action.
    SyncIdTaken,
    /// A sync request in a format version this server does not speak.
    SyncVersion {
        expected: u16,
    },
    /// More actions in one request than a chunk may carry.
    SyncTooMany {
        max: usize,
    },
    /// A queued action about a lesson or quiz the learner may not (or no longer) use.
    SyncNotOpen,
    /// Saving a lesson to the phone that its authors keep online only.
    LessonNotOffline,
    /// Another cohort already has this name.
    CohortNameTaken,
    CohortNameMissing,
    CohortNameTooLong {
        max: usize,
    },
    CohortNameControlChars,
    DateMissing,
    DateMalformed,
    EndsBeforeStart,
    /// A view's end date after today: there are no figures for it yet.
    DateInFuture,
    PeriodTooLong {
        max_days: i64,
    },
    /// A filter names a sponsor that does not exist.
    NoSuchClient,
    /// Another sponsor already has this name.
    ClientNameTaken,
    ClientNameMissing,
    SectorMissing,
    RegionMissing,
    /// Control characters (pasted from elsewhere) in a text field.
    ControlChars,
    PhoneMalformed,
    /// Not a whole number (learners to fund).
    NotAWholeNumber,
    TargetOutOfRange {
        max: i32,
    },
    NotesTooLong {
        max: usize,
    },
    /// A sponsor with planned or running cohorts cannot end: they must finish or move first.
    ClientHasRunningCohorts {
        count: i64,
    },
    /// Learners a trainer can follow, outside 0..=max.
    CapacityOutOfRange {
        max: i32,
    },
    /// A trainer with planned or running cohorts stays active until those move to someone else.
    TrainerHasCohorts {
        count: i64,
    },
    /// The trainer chosen is not an active trainer (any more).
    TrainerUnavailable,
    /// The cohort already has the trainer chosen.
    SameTrainer,
    /// Only planned and running cohorts change trainer; finished ones keep who ran them.
    CohortNotMovable {
        status: crate::model::trainer::CohortStatus,
    },
    NoSuchCohort,
    /// The trainer is not approved for the cohort's client or path.
    TrainerNotApproved,
    /// Removing these approvals would leave `cohorts` planned or running cohorts of the trainer
    /// with a sponsor or path they are not approved for.
    ApprovalStillNeeded {
        cohorts: i64,
    },
    /// A sponsor or path ticked is not one the form offered (gone, or never there).
    ApprovalUnknown,
    /// Cohorts, trainers, capacities or approvals changed since the proposal was previewed.
    ProposalStale,
    /// The moves posted are not a proposal this page made.
    ProposalMalformed,
    CohortTooLong {
        max_days: i64,
    },
    ClientMissing,
    /// The sponsor chosen is gone or no longer takes cohorts.
    ClientUnavailable,
    PathMissing,
    NoSuchPath,
    StatusUnknown,
    /// A status move the cohort's life does not allow (the page lists where it may go).
    StatusMove {
        from: crate::model::trainer::CohortStatus,
        to: crate::model::trainer::CohortStatus,
    },
    /// The path of a cohort that has started stays as it is (its learners are working on it).
    PathFixed,
    /// An archived cohort is a record: nothing in it changes.
    CohortArchived,
    /// Learners join only a planned or running cohort.
    CohortClosed {
        status: crate::model::trainer::CohortStatus,
    },
    /// Only learner accounts (active ones) join cohorts.
    NotALearner,
    AlreadyInCohort,
    /// A grade with no level picked for a criterion of an open answer (criterion counts from 1).
    LevelMissing {
        position: i32,
        criterion: usize,
    },
    /// A level the criterion does not have (an altered form).
    LevelOutsideRubric {
        position: i32,
        criterion: usize,
    },
    FeedbackTooLong {
        max: usize,
    },
    /// Grading work that is already graded (a regrade says so) or was returned.
    NotPending {
        status: crate::model::trainer::SubmissionStatus,
    },
    /// Regrading work nobody has graded yet.
    NotGradedYet,
    /// Someone saved a grade since this page was drawn; the page shows that grade.
    GradedMeanwhile,
    FlagReasonMissing,
    FlagReasonTooLong {
        max: usize,
    },
    /// "Keep in my comment bank" with no feedback typed.
    NothingToKeep,
    CommentTooLong {
        max: usize,
    },
    /// "Not useful" on a learner the risk model no longer lists.
    NotListed,
    TextMissing,
    TextTooLong {
        max: usize,
    },
    KindUnknown,
    DateInPast,
    /// Closing an intervention that is not open (done already, or not this learner's).
    InterventionNotOpen,
    /// A group message to a group with nobody in it.
    NobodyToMessage,
    SeverityUnknown,
    /// The owner chosen is not operations staff or the cohort's trainer (or is switched off).
    OwnerUnavailable,
    /// A ticket from the model's flags is for a running cohort; this one has ended or gone.
    CohortNotRunning,
    /// The cohort already has an unresolved ticket (someone accepted the proposal first).
    CohortHasTicket,
    /// A status move the ticket's machine does not allow (the page shows where it may go).
    TicketMove {
        from: crate::model::ops::RiskStatus,
        to: crate::model::ops::RiskStatus,
    },
    ResolutionNoteMissing,
    /// A resolved ticket is a record: it keeps its owner.
    TicketResolved,
}

/// Good news for the page a post returns to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    SignedOut,
    TrainerCreated {
        email: String,
    },
    /// After sign-up, new address or taken alike: a link was sent there.
    CheckEmail {
        email: String,
    },
    /// A reset link was sent, if the address has an account.
    ResetSent {
        email: String,
    },
    /// A new confirmation link was sent, if the address has an unconfirmed account.
    VerifySent {
        email: String,
    },
    /// Sessions on other devices were signed out (how many).
    SessionsEnded {
        count: u64,
    },
    /// Operations disabled or re-enabled an account.
    AccountDisabled {
        email: String,
    },
    AccountEnabled {
        email: String,
    },
    /// The password was changed; this many other sessions were signed out.
    PasswordChanged {
        count: u64,
    },
    /// A trainer set a learner's PIN (and unlocked it).
    PinSet {
        name: String,
    },
    PinRemoved {
        name: String,
    },
    /// A cohort got a new sign-in code; the old one stopped working.
    CodeCreated,
    /// The learner's own account was deleted (anonymised) and they are signed out.
    AccountDeleted,
    /// Operations anonymised an account on the learner's request.
    AccountAnonymised,
    /// The learner joined an open path.
    Enrolled,
    /// The learner's settings were saved.
    ProfileSaved,
    /// A lesson was completed: the points it earned and any achievements it brought.
    LessonDone {
        points: i32,
        earned: Vec<crate::model::learner::AchievementCode>,
    },
    /// A scenario step was answered: right or not, the chosen answer's feedback (authored text),
    /// and, when it finished the scenario, the points and achievements it brought.
    StepAnswered {
        step: usize,
        correct: bool,
        feedback: String,
        points: i32,
        earned: Vec<crate::model::learner::AchievementCode>,
    },
    /// An assessment was submitted: the points it (and a quiz lesson it finished) earned, and
    /// the achievements it brought. The result page says the rest.
    Submitted {
        points: i32,
        earned: Vec<crate::model::learner::AchievementCode>,
    },
    CohortCreated {
        name: String,
    },
    CohortSaved {
        name: String,
    },
    ClientCreated {
        name: String,
    },
    ClientSaved {
        name: String,
    },
    CapacitySaved {
        name: String,
        capacity: i32,
    },
    TrainerDeactivated {
        name: String,
    },
    TrainerReactivated {
        name: String,
    },
    /// The load optimiser's proposal was applied: `moved` cohorts changed trainer.
    LoadRedistributed {
        moved: i64,
    },
    /// A risk ticket was opened, given to `owner`, about `learners` flagged learners.
    TicketOpened {
        owner: String,
        learners: i64,
    },
    TicketMoved {
        status: crate::model::ops::RiskStatus,
    },
    TicketAssigned {
        name: String,
    },
    /// A trainer's approved sponsors and paths were saved.
    ApprovalsSaved {
        name: String,
    },
    /// A cohort moved to another trainer, with its learners and their work to grade.
    CohortReassigned {
        cohort: String,
        trainer: String,
    },
    MemberAdded {
        name: String,
    },
    MemberRemoved {
        name: String,
    },
    /// A grade was saved (`regraded`: it replaced an earlier one).
    Graded {
        name: String,
        score: i32,
        regraded: bool,
    },
    Flagged,
    Unflagged,
    /// "Save and next" found nothing after this one in the queue's order.
    QueueDone,
    CommentForgotten,
    /// A listed learner was marked "not useful"; they return if their risk rises.
    RiskDismissed {
        name: String,
    },
    InterventionRecorded,
    InterventionDone,
    MessageSent {
        count: u64,
    },
    MessagesRead,
}

/// What a form post leaves behind for the page it returns to, so nothing typed is lost.
/// Passwords are never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFlash {
    pub form: Form,
    pub values: Vec<(Field, String)>,
    pub errors: Vec<(Field, Problem)>,
    pub notice: Option<Notice>,
    /// An assessment's answers from a refused post, by field name, so none is typed twice.
    #[serde(default)]
    pub answers: Vec<(String, String)>,
}

impl FormFlash {
    /// Longer than any field we accept (e-mail 254, name 80), short enough to keep sessions small.
    pub const VALUE_MAX_CHARS: usize = 320;

    pub fn new(form: Form) -> Self {
        FormFlash { form, values: Vec::new(), errors: Vec::new(), notice: None, answers: Vec::new() }
    }

    pub fn value(&self, field: Field) -> String {
        self.values.iter().find(|(k, _)| *k == field).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn error(&self, field: Field) -> Option<Problem> {
        self.errors.iter().find(|(k, _)| *k == field).map(|(_, p)| *p)
    }

    /// Keeps what was typed, cut to `VALUE_MAX_CHARS`: the flash is stored in the session before
    /// any check, so an oversized post must not become an oversized session row.
    pub fn with_value(mut self, field: Field, value: &str) -> Self {
        let kept = match value.char_indices().nth(Self::VALUE_MAX_CHARS) {
            Some((cut, _)) => &value[..cut],
            None => value,
        };
        self.values.push((field, kept.to_owned()));
        self
    }

    pub fn with_error(mut self, field: Field, problem: Problem) -> Self {
        self.errors.push((field, problem));
        self
    }

    /// Keeps an assessment's answers (each cut to the longest answer accepted, at most 100).
    pub fn with_answers<'a>(mut self, answers: impl IntoIterator<Item = (&'a String, &'a String)>) -> Self {
        let max = crate::domain::assessment::MAX_ANSWER_CHARS;
        self.answers = answers
            .into_iter()
            .take(100)
            .map(|(k, v)| {
                let cut = v.char_indices().nth(max).map_or(v.as_str(), |(i, _)| &v[..i]);
                (k.chars().take(16).collect(), cut.to_owned())
            })
            .collect();
        self
    }

    pub fn with_notice(mut self, notice: Notice) -> Self {
        self.notice = Some(notice);
        self
    }

    /// The field a returning form puts the cursor in: the first one with a problem, so a screen
    /// reader starts by reading that field and its error. A problem with the whole form (a wrong
    /// password) starts again at the e-mail, or at the PIN on the PIN page.
    pub fn focus(&self) -> Option<Field> {
        self.errors.first().map(|(field, _)| match (field, self.form) {
            (Field::Whole, Form::PinSignIn) => Field::Pin,
            (Field::Whole, Form::Cohort | Form::Client) => Field::Name,
            (Field::Whole, Form::Grading) => Field::Levels,
            (Field::Whole, _) => Field::Email,
            (field, _) => *field,
        })
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_field_with_a_problem_takes_the_cursor() {
        let flash = FormFlash::new(Form::SignUp)
            .with_error(Field::Email, Problem::EmailMalformed)
            .with_error(Field::Password, Problem::PasswordTooShort { min: 10 });
        assert_eq!(flash.focus(), Some(Field::Email));
        assert_eq!(FormFlash::new(Form::SignIn).with_error(Field::Whole, Problem::WrongCredentials).focus(), Some(Field::Email));
        assert_eq!(FormFlash::new(Form::SignIn).focus(), None);
    }

    #[test]
    fn a_flash_keeps_values_and_problems_by_field() {
        let flash = FormFlash::new(Form::SignUp).with_value(Field::Name, "Amina").with_error(Field::Name, Problem::NameMissing);
        assert_eq!(flash.value(Field::Name), "Amina");
        assert_eq!(flash.value(Field::Email), "");
        assert_eq!(flash.error(Field::Name), Some(Problem::NameMissing));
        assert!(flash.has_errors());
    }

    #[test]
    fn typed_values_are_kept_only_up_to_a_bound() {
        let long = "é".repeat(100_000);
        let flash = FormFlash::new(Form::SignUp).with_value(Field::Name, &long);
        assert_eq!(flash.value(Field::Name).chars().count(), FormFlash::VALUE_MAX_CHARS);
    }
}
