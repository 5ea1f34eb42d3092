//! The deterministic demo world: organisations, trainers, cohorts and learners with weeks of
//! believable activity (some thriving, some drifting away). The same seed gives the same world
//! relative to the moment it is generated; `--learners` scales it for benchmarks.
//!
//! This module only generates; `server/db/demo.rs` stores a `World`, and `server::seed_demo`
//! joins the two. Tables that grow with the number of learners (users, progress, events,
//! submissions) are kept column by column, ready to bind as arrays, so a world of a million
//! learners does not hold twenty million row structs.

pub mod content;

use crate::auth::Role;
use crate::domain::assessment::{self, Answer, AnswerKey};
use crate::domain::calendar::{local_date, zone_or_utc};
use crate::domain::language::Language;
use crate::model::account::Level;
use crate::model::learner::{AchievementCode, ActivityKind, LessonKind, ScorePolicy};
use crate::model::ops::{RiskKind, RiskSeverity};
use crate::model::trainer::{CohortStatus, InterventionKind, ItemKind, SubmissionStatus};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use content::{ACHIEVEMENTS, FIRST_NAMES, LAST_NAMES, ORGS, OrgSpec, PATHS};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;

pub const DEMO_PASSWORD: &str = "ruralrise-demo";
pub const DEMO_ACCOUNTS: &[(&str, Role)] =
    &[("learner@ruralrise.test", Role::Learner), ("trainer@ruralrise.test", Role::Trainer), ("ops@ruralrise.test", Role::Operations)];

/// Days of history the demo world has.
const HISTORY_DAYS: u64 = 42;
/// Trainers in the demo-size world; bigger worlds add one for every three extra cohorts.
const TRAINERS: usize = 8;
const COHORT_SIZE: usize = 22;
/// Which trainer gets each successive cohort: uneven on purpose, and the last trainer is new.
const TRAINER_PATTERN: &[usize] = &[0, 1, 0, 2, 3, 0, 1, 4, 5, 2, 6, 0, 1, 3];
const OPS_ID: i64 = 1;
const FIRST_TRAINER_ID: i64 = 2;

pub struct SeedOptions {
    pub learners: usize,
    pub seed: u64,
    pub now: DateTime<Utc>,
}

impl SeedOptions {
    pub fn demo() -> Self {
        SeedOptions { learners: 200, seed: 2026, now: Utc::now() }
    }
}

pub struct SeedReport {
    pub learners: usize,
    pub trainers: usize,
    pub cohorts: usize,
    pub events: usize,
    pub submissions: usize,
}

impl World {
    pub fn report(&self) -> SeedReport {
        SeedReport {
            learners: self.users.role.iter().filter(|r| **r == Role::Learner).count(),
            trainers: self.users.role.iter().filter(|r| **r == Role::Trainer).count(),
            cohorts: self.cohorts.len(),
            events: self.events.user_id.len(),
            submissions: self.submissions.learner_id.len(),
        }
    }
}

#[derive(Default)]
pub struct Users {
    pub id: Vec<i64>,
    pub email: Vec<String>,
    pub role: Vec<Role>,
    pub name: Vec<String>,
    pub level: Vec<Level>,
    pub weekly_goal: Vec<i32>,
    pub time_zone: Vec<String>,
    pub language: Vec<Option<Language>>,
    pub created_at: Vec<DateTime<Utc>>,
}

pub struct Org {
    pub id: i64,
    pub name: &'static str,
    pub sector: &'static str,
    pub region: &'static str,
    pub contact_name: String,
    pub contract_starts_on: NaiveDate,
    pub contract_ends_on: NaiveDate,
    pub target_learners: i32,
}

pub struct Path {
    pub id: i64,
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub trade: &'static str,
    pub open_enrolment: bool,
}

pub struct Module {
    pub id: i64,
    pub path_id: i64,
    pub position: i32,
    pub title: &'static str,
    pub summary: &'static str,
}

pub struct Lesson {
    pub id: i64,
    pub module_id: i64,
    pub position: i32,
    pub title: &'static str,
    pub kind: LessonKind,
    pub difficulty: i16,
    pub minutes: i32,
    pub content: serde_json::Value,
    pub offline: bool,
    pub size_bytes: i64,
    pub skills: Vec<String>,
}

/// Each module has a check, with the module's id, and a quiz (its quiz lesson), with the
/// module's id plus [`QUIZ_ID_BASE`].
pub struct Assessment {
    pub id: i64,
    pub module_id: i64,
    pub title: String,
    pub pass_score: i32,
    pub max_attempts: Option<i32>,
    pub policy: ScorePolicy,
}

pub const QUIZ_ID_BASE: i64 = 1000;

pub struct Item {
    pub assessment_id: i64,
    pub position: i32,
    pub kind: ItemKind,
    pub prompt: String,
    pub options: serde_json::Value,
    pub answer_key: serde_json::Value,
    pub rubric: serde_json::Value,
    pub points: i32,
    pub explanation: String,
    pub skills: Vec<String>,
}

pub struct Achievement {
    pub id: i64,
    pub code: AchievementCode,
    pub title: &'static str,
    pub description: &'static str,
    pub points: i32,
    pub criteria: serde_json::Value,
}

pub struct Cohort {
    pub id: i64,
    pub client_org_id: i64,
    pub trainer_id: i64,
    pub learning_path_id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CohortStatus,
}

pub struct Member {
    pub cohort_id: i64,
    pub learner_id: i64,
    pub joined_at: DateTime<Utc>,
}

pub struct Enrolment {
    pub learner_id: i64,
    pub learning_path_id: i64,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct Progress {
    pub learner_id: Vec<i64>,
    pub lesson_id: Vec<i64>,
    pub seconds: Vec<i32>,
    /// Share done: 100 for a completed lesson.
    pub percent: Vec<i16>,
    pub points: Vec<i32>,
    pub started_at: Vec<DateTime<Utc>>,
    /// None for a lesson started and not finished.
    pub completed_at: Vec<Option<DateTime<Utc>>>,
    pub downloaded_at: Vec<Option<DateTime<Utc>>>,
}

#[derive(Default)]
pub struct Events {
    pub user_id: Vec<i64>,
    pub kind: Vec<ActivityKind>,
    pub lesson_id: Vec<Option<i64>>,
    pub minutes: Vec<i32>,
    pub occurred_at: Vec<DateTime<Utc>>,
}

#[derive(Default)]
pub struct Submissions {
    pub assessment_id: Vec<i64>,
    pub learner_id: Vec<i64>,
    pub answers: Vec<serde_json::Value>,
    pub ai_score: Vec<Option<i32>>,
    pub ai_feedback: Vec<Option<String>>,
    /// The score that counts: set for work that scored itself and for graded work.
    pub score: Vec<Option<i32>>,
    pub auto_points: Vec<i32>,
    pub auto_max: Vec<i32>,
    pub item_results: Vec<serde_json::Value>,
    pub points_awarded: Vec<i32>,
    pub trainer_score: Vec<Option<i32>>,
    pub feedback: Vec<Option<String>>,
    pub flagged: Vec<bool>,
    pub flag_reason: Vec<Option<String>>,
    pub status: Vec<SubmissionStatus>,
    pub graded_by: Vec<Option<i64>>,
    pub submitted_at: Vec<DateTime<Utc>>,
    pub graded_at: Vec<Option<DateTime<Utc>>>,
}

/// Every scored answer to a skill-tagged item, once per skill: the history BKT is fitted on.
#[derive(Default)]
pub struct SkillAnswers {
    pub learner_id: Vec<i64>,
    pub skill: Vec<String>,
    pub correct: Vec<bool>,
    pub answered_at: Vec<DateTime<Utc>>,
}

pub struct Earned {
    pub learner_id: i64,
    pub achievement_id: i64,
    pub earned_at: DateTime<Utc>,
}

pub struct RiskAlert {
    pub kind: RiskKind,
    pub severity: RiskSeverity,
    pub title: String,
    pub cohort_id: Option<i64>,
    pub client_org_id: Option<i64>,
    pub action: String,
    pub owner_id: Option<i64>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub learners: Vec<i64>,
}

pub struct Insight {
    pub learner_id: i64,
    pub summary: String,
    pub reasons: serde_json::Value,
    pub confidence: f32,
    pub created_at: DateTime<Utc>,
}

pub struct Intervention {
    pub learner_id: i64,
    pub trainer_id: i64,
    pub kind: InterventionKind,
    pub note: String,
    pub at: DateTime<Utc>,
}

pub struct Message {
    pub sender_id: i64,
    pub recipient_id: i64,
    pub body: String,
    pub at: DateTime<Utc>,
}

pub struct World {
    pub password_hash: String,
    pub now: DateTime<Utc>,
    pub users: Users,
    pub orgs: Vec<Org>,
    pub paths: Vec<Path>,
    pub modules: Vec<Module>,
    pub lessons: Vec<Lesson>,
    pub assessments: Vec<Assessment>,
    pub items: Vec<Item>,
    pub achievements: Vec<Achievement>,
    pub cohorts: Vec<Cohort>,
    pub members: Vec<Member>,
    pub enrolments: Vec<Enrolment>,
    pub progress: Progress,
    pub events: Events,
    pub submissions: Submissions,
    pub skill_answers: SkillAnswers,
    pub earned: Vec<Earned>,
    pub alerts: Vec<RiskAlert>,
    pub insights: Vec<Insight>,
    pub interventions: Vec<Intervention>,
    pub messages: Vec<Message>,
}

#[derive(Clone, Copy, PartialEq)]
enum Persona {
    Thriving,
    Steady,
    Drifting { stopped_days_ago: u64 },
    Barely,
}

/// What the simulation needs to know about a lesson of a path, in course order.
struct LessonInfo {
    id: i64,
    module_id: i64,
    last_in_module: bool,
    minutes: i32,
    difficulty: i16,
    offline: bool,
    /// For a quiz lesson: the quiz it embeds.
    quiz: Option<DemoQuiz>,
    /// The module check's scored items (single choice, fill-in), with their skills.
    check: Option<DemoQuiz>,
}

/// What a simulated learner needs to answer an assessment: the scorer's items and each one's
/// skill and wrong answer.
#[derive(Clone)]
struct DemoQuiz {
    assessment_id: i64,
    pass_score: i32,
    items: Vec<(assessment::Item, String)>,
    /// A module check's open item: what learners write, of every quality.
    open: Option<std::sync::Arc<content::OpenMaterial>>,
}

/// How well a demo learner's open answer answers the question.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Quality {
    Complete,
    Paraphrase,
    Partial,
    OffTopic,
    Empty,
    Kiswahili,
}

impl Quality {
    /// What a learner likely writes for an overall score (the check's other items agree with it).
    fn for_score(score: i32, writes_kiswahili: bool, r: &mut ChaCha8Rng) -> Quality {
        let roll = r.gen_range(0..100);
        let quality = match score {
            85.. => [Quality::Complete, Quality::Paraphrase][(roll % 2) as usize],
            65..85 => match roll {
                0..40 => Quality::Paraphrase,
                40..60 => Quality::Complete,
                _ => Quality::Partial,
            },
            45..65 => match roll {
                0..60 => Quality::Partial,
                60..85 => Quality::OffTopic,
                _ => Quality::Paraphrase,
            },
            _ => match roll {
                0..40 => Quality::OffTopic,
                40..70 => Quality::Empty,
                _ => Quality::Partial,
            },
        };
        if writes_kiswahili && quality != Quality::Empty && r.gen_bool(0.6) { Quality::Kiswahili } else { quality }
    }

    fn text(self, m: &content::OpenMaterial) -> &str {
        match self {
            Quality::Complete => &m.complete,
            Quality::Paraphrase => &m.paraphrase,
            Quality::Partial => &m.partial,
            Quality::OffTopic => &m.off_topic,
            Quality::Empty => "",
            Quality::Kiswahili => &m.kiswahili,
        }
    }

    /// The levels a trainer gives on the check's rubric (accurate, practical, clear), give or take
    /// one on a criterion now and then, as real graders differ.
    fn trainer_levels(self, r: &mut ChaCha8Rng) -> Vec<usize> {
        let mut levels: Vec<usize> = match self {
            Quality::Complete => vec![3, 3, 3],
            Quality::Paraphrase => vec![3, 3, 2],
            Quality::Kiswahili => vec![3, 2, 2],
            Quality::Partial => vec![1, 1, 2],
            Quality::OffTopic => vec![0, 0, 1],
            Quality::Empty => vec![0, 0, 0],
        };
        if self != Quality::Empty && r.gen_bool(0.35) {
            let c = r.gen_range(0..levels.len());
            levels[c] = if r.gen_bool(0.5) { levels[c].saturating_sub(1) } else { (levels[c] + 1).min(3) };
        }
        levels
    }
}

/// How a learner's weeks went, for the risk step that follows.
struct LearnerOutcome {
    learner_id: i64,
    cohort: usize,
    last_active: DateTime<Utc>,
}

fn active_cohorts_for(learners: usize) -> usize {
    learners.div_ceil(COHORT_SIZE).max(1)
}

fn trainers_for(learners: usize) -> usize {
    let extra_cohorts = active_cohorts_for(learners).saturating_sub(TRAINER_PATTERN.len());
    TRAINERS + extra_cohorts.div_ceil(3)
}

/// The pattern's uneven loads for the first cohorts, then the extra trainers take three each.
fn trainer_for_cohort(cohort: usize, trainers: usize) -> usize {
    if cohort < TRAINER_PATTERN.len() || trainers == TRAINERS {
        TRAINER_PATTERN[cohort % TRAINER_PATTERN.len()]
    } else {
        TRAINERS + (cohort - TRAINER_PATTERN.len()) / 3
    }
}

pub fn generate(options: &SeedOptions, password_hash: &str) -> World {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut w = World {
        password_hash: password_hash.to_owned(),
        now: options.now,
        users: Users::default(),
        orgs: Vec::new(),
        paths: Vec::new(),
        modules: Vec::new(),
        lessons: Vec::new(),
        assessments: Vec::new(),
        items: Vec::new(),
        achievements: Vec::new(),
        cohorts: Vec::new(),
        members: Vec::new(),
        enrolments: Vec::new(),
        progress: Progress::default(),
        events: Events::default(),
        submissions: Submissions::default(),
        skill_answers: SkillAnswers::default(),
        earned: Vec::new(),
        alerts: Vec::new(),
        insights: Vec::new(),
        interventions: Vec::new(),
        messages: Vec::new(),
    };
    let path_lessons = add_curriculum(&mut w);
    add_organisations(&mut w, options.learners);
    let trainers = add_staff(&mut w, options.learners);
    add_cohorts(&mut w, options.learners, trainers);
    let first_learner_id = FIRST_TRAINER_ID + trainers as i64;
    let active_cohorts = active_cohorts_for(options.learners);
    let mut outcomes = Vec::with_capacity(options.learners);
    let mut scores_by_cohort: Vec<Vec<i32>> = vec![Vec::new(); w.cohorts.len()];
    for i in 0..options.learners {
        let cohort = i % active_cohorts;
        let path = (w.cohorts[cohort].learning_path_id - 1) as usize;
        let outcome = add_learner(&mut w, &mut rng, first_learner_id + i as i64, i, cohort, &path_lessons[path]);
        scores_by_cohort[cohort].extend(outcome.1);
        outcomes.push(outcome.0);
    }
    add_risk_and_follow_up(&mut w, &outcomes, &scores_by_cohort, &mut rng);
    w
}

/// Paths, modules, lessons, module checks and achievements; returns each path's lessons in order.
fn add_curriculum(w: &mut World) -> Vec<Vec<LessonInfo>> {
    let mut path_lessons = Vec::new();
    let (mut module_id, mut lesson_id) = (0i64, 0i64);
    for (pi, path) in PATHS.iter().enumerate() {
        let path_id = pi as i64 + 1;
        w.paths.push(Path {
            id: path_id,
            slug: path.slug,
            title: path.title,
            summary: path.summary,
            trade: path.trade,
            open_enrolment: path.open_enrolment,
        });
        let mut infos = Vec::new();
        for (mi, module) in path.modules.iter().enumerate() {
            module_id += 1;
            w.modules.push(Module { id: module_id, path_id, position: mi as i32 + 1, title: module.title, summary: module.summary });
            let material = content::module_quiz(module.title);
            let quiz = add_module_quiz(w, module_id, module, &material);
            let check = add_module_check(w, module_id, module, &material);
            for (li, spec) in module.lessons.iter().enumerate() {
                lesson_id += 1;
                let offline = spec.kind != LessonKind::Video || li % 2 == 0;
                let size_bytes: i64 = match spec.kind {
                    LessonKind::Video => crate::server::media::demo_size(&format!("demo/{}.mp4", content::demo_clip(path.slug).name)),
                    LessonKind::Interactive => 180_000 + (lesson_id * 7_919) % 120_000,
                    LessonKind::Text | LessonKind::Quiz => 12_000 + (lesson_id * 733) % 20_000,
                };
                let mut content = lesson_content(spec.kind, spec.title, module.summary, path.slug);
                if spec.kind == LessonKind::Quiz {
                    content["assessment_id"] = json!(quiz.assessment_id);
                }
                w.lessons.push(Lesson {
                    id: lesson_id,
                    module_id,
                    position: li as i32 + 1,
                    title: spec.title,
                    kind: spec.kind,
                    difficulty: spec.difficulty,
                    minutes: spec.minutes,
                    content,
                    offline,
                    size_bytes,
                    skills: material.skills.clone(),
                });
                let last_in_module = li + 1 == module.lessons.len();
                infos.push(LessonInfo {
                    id: lesson_id,
                    module_id,
                    last_in_module,
                    minutes: spec.minutes,
                    difficulty: spec.difficulty,
                    offline,
                    quiz: (spec.kind == LessonKind::Quiz).then(|| quiz.clone()),
                    check: last_in_module.then(|| check.clone()),
                });
            }
        }
        path_lessons.push(infos);
    }
    for (i, a) in ACHIEVEMENTS.iter().enumerate() {
        w.achievements.push(Achievement {
            id: i as i64 + 1,
            code: a.code,
            title: a.title,
            description: a.description,
            points: a.points,
            criteria: serde_json::to_value(a.criterion).expect("a criterion is plain data"),
        });
    }
    path_lessons
}

/// The module's check: a single-choice, a fill-in and an open item (read by a trainer), two
/// attempts, the latest counting. Returns its scored items for the simulation.
fn add_module_check(w: &mut World, module_id: i64, module: &content::ModuleSpec, material: &content::ModuleQuiz) -> DemoQuiz {
    let check = &module.check;
    let pass_score = 60;
    w.assessments.push(Assessment {
        id: module_id,
        module_id,
        title: format!("{} check", module.title),
        pass_score,
        max_attempts: Some(2),
        policy: ScorePolicy::Latest,
    });
    let skill = |i: usize| material.skills.get(i).or(material.skills.first()).cloned().into_iter().collect::<Vec<_>>();
    let single = AnswerKey::Single { correct: check.correct };
    let text = AnswerKey::Text { accepted: vec![check.fill_answer.to_owned()] };
    let material_open = content::open_material(check.open_prompt);
    let open = AnswerKey::Open { reference: material_open.reference.clone() };
    let item = |position, kind, prompt: &str, options, key: &AnswerKey, rubric, points, explanation: &str, skills| Item {
        assessment_id: module_id,
        position,
        kind,
        prompt: prompt.to_owned(),
        options,
        answer_key: serde_json::to_value(key).expect("a key is plain data"),
        rubric,
        points,
        explanation: explanation.to_owned(),
        skills,
    };
    let [e1, e2] = &material.check_explanations;
    w.items.push(item(
        1,
        ItemKind::SingleChoice,
        check.choice_prompt,
        json!(check.choices),
        &single,
        json!({"criteria": []}),
        2,
        e1,
        skill(0),
    ));
    w.items.push(item(2, ItemKind::FillIn, check.fill_prompt, json!([]), &text, json!({"criteria": []}), 2, e2, skill(1)));
    w.items.push(item(3, ItemKind::Open, check.open_prompt, json!([]), &open, check_rubric(), 6, "", material.skills.clone()));
    DemoQuiz {
        assessment_id: module_id,
        pass_score,
        items: vec![
            (assessment::Item { position: 1, key: single, options: check.choices.len(), points: 2 }, skill(0).concat()),
            (assessment::Item { position: 2, key: text, options: 0, points: 2 }, skill(1).concat()),
        ],
        open: Some(std::sync::Arc::new(material_open)),
    }
}

/// The rubric of every module check's open item (6 points).
pub fn check_rubric() -> serde_json::Value {
    json!({"criteria": [
        {"name": "Accurate: matches what the lessons teach", "levels": [
            {"points": 0, "descriptor": "Wrong or missing: contradicts the lessons or says nothing about the question"},
            {"points": 1, "descriptor": "Partly right, with a mistake that would matter on the job"},
            {"points": 2, "descriptor": "Right, with a small gap or an imprecise word"},
            {"points": 3, "descriptor": "Right and complete: everything the lessons teach on this"}
        ]},
        {"name": "Practical: a concrete step or example from real work", "levels": [
            {"points": 0, "descriptor": "No step and no example"},
            {"points": 1, "descriptor": "A vague step nobody could act on"},
            {"points": 2, "descriptor": "A concrete step, but not for the situation asked about"},
            {"points": 3, "descriptor": "Concrete steps or an example that fit the situation"}
        ]},
        {"name": "Clear: a customer or peer could follow it", "levels": [
            {"points": 0, "descriptor": "Cannot be followed"},
            {"points": 1, "descriptor": "Hard to follow: the order or the words confuse"},
            {"points": 2, "descriptor": "Mostly clear; one part needs reading twice"},
            {"points": 3, "descriptor": "Clear and in order, in plain words"}
        ]}
    ]})
}

/// The module's quiz, embedded in its quiz lesson: items of every kind that scores itself, three
/// attempts, the best counting.
fn add_module_quiz(w: &mut World, module_id: i64, module: &content::ModuleSpec, material: &content::ModuleQuiz) -> DemoQuiz {
    let id = QUIZ_ID_BASE + module_id;
    let title = module.lessons.iter().find(|l| l.kind == LessonKind::Quiz).map_or(module.title, |l| l.title);
    let pass_score = 70;
    w.assessments.push(Assessment { id, module_id, title: title.to_owned(), pass_score, max_attempts: Some(3), policy: ScorePolicy::Best });
    let mut items = Vec::new();
    for (i, q) in material.quiz.iter().enumerate() {
        let position = i as i32 + 1;
        w.items.push(Item {
            assessment_id: id,
            position,
            kind: q.kind,
            prompt: q.prompt.clone(),
            options: json!(q.options),
            answer_key: serde_json::to_value(&q.key).expect("a key is plain data"),
            rubric: json!({"criteria": []}),
            points: 1,
            explanation: q.explanation.clone(),
            skills: q.skills.clone(),
        });
        let skill = q.skills.first().cloned().unwrap_or_default();
        items.push((assessment::Item { position, key: q.key.clone(), options: q.options.len(), points: 1 }, skill));
    }
    DemoQuiz { assessment_id: id, pass_score, items, open: None }
}

/// The sponsors, each with a programme lead from its own region, a two-year contract started in
/// a different month, and a target a little above its share of learners. The last contract ended
/// last month while the sponsor is still active: the client list points such lapses out.
fn add_organisations(w: &mut World, learners: usize) {
    let today = w.now.date_naive();
    let share = (learners / ORGS.len()).max(1) as i32;
    for (i, org) in ORGS.iter().enumerate() {
        let starts = today - chrono::Duration::days(120 + 45 * i as i64);
        let ends = if i + 1 == ORGS.len() { today - chrono::Duration::days(20) } else { starts + chrono::Duration::days(2 * 365) };
        w.orgs.push(Org {
            id: i as i64 + 1,
            name: org.name,
            sector: org.sector,
            region: org.region,
            contact_name: format!("{} {}", org.first_names[i % org.first_names.len()], org.last_names[(i + 1) % org.last_names.len()]),
            contract_starts_on: starts,
            contract_ends_on: ends,
            target_learners: share + share / 5,
        });
    }
}

/// The operations account and the trainers; returns how many trainers there are.
fn add_staff(w: &mut World, learners: usize) -> usize {
    let history_start = w.now - chrono::Duration::days(HISTORY_DAYS as i64 + 14);
    let ops = NewDemoUser { id: OPS_ID, email: "ops@ruralrise.test", role: Role::Operations, name: "Nadia Okafor", zone: "UTC" };
    push_user(&mut w.users, &ops, None, history_start);
    let trainer_names = [
        "Joyce Achieng",
        "Rahul Patil",
        "Sarah Namutebi",
        "Miguel Quispe",
        "Daniel Kiptoo",
        "Anita Deshmukh",
        "Ruth Mukasa",
        "Carlos Mamani",
    ];
    let trainers = trainers_for(learners);
    for t in 0..trainers {
        let email = if t == 0 { "trainer@ruralrise.test".to_owned() } else { format!("trainer{:02}@ruralrise.test", t + 1) };
        let name = match trainer_names.get(t) {
            Some(n) => (*n).to_owned(),
            None => format!("{} {}", FIRST_NAMES[t % FIRST_NAMES.len()], LAST_NAMES[(t / FIRST_NAMES.len() + t) % LAST_NAMES.len()]),
        };
        let trainer = NewDemoUser {
            id: FIRST_TRAINER_ID + t as i64,
            email: &email,
            role: Role::Trainer,
            name: &name,
            zone: ORGS[t % ORGS.len()].time_zone,
        };
        push_user(&mut w.users, &trainer, None, history_start);
    }
    trainers
}

/// One more cohort than the learners need: the last one is planned and still empty.
fn add_cohorts(w: &mut World, learners: usize, trainers: usize) {
    let today = w.now.date_naive();
    let total = active_cohorts_for(learners) + 1;
    for c in 0..total {
        let org = c % ORGS.len();
        let planned = c == total - 1;
        let start_offset = 44 + (c as u64 * 3) % 8;
        let starts_on = if planned { today + Days::new(14) } else { today - Days::new(start_offset) };
        w.cohorts.push(Cohort {
            id: c as i64 + 1,
            client_org_id: org as i64 + 1,
            trainer_id: FIRST_TRAINER_ID + trainer_for_cohort(c, trainers) as i64,
            learning_path_id: ORGS[org].path as i64 + 1,
            name: format!("{} {} {}", ORGS[org].place, PATHS[ORGS[org].path].trade, c / ORGS.len() + 1),
            starts_on,
            ends_on: starts_on + Days::new(16 * 7),
            status: if planned { CohortStatus::Planned } else { CohortStatus::Active },
        });
    }
}

/// A learner, their enrolment and weeks of learning; returns how it went and the module-check
/// scores they got.
fn add_learner(
    w: &mut World,
    rng: &mut ChaCha8Rng,
    learner_id: i64,
    index: usize,
    cohort: usize,
    lessons: &[LessonInfo],
) -> (LearnerOutcome, Vec<i32>) {
    let org = &ORGS[cohort % ORGS.len()];
    let zone = zone_or_utc(org.time_zone);
    let demo = index == 0;
    let name = if demo { "Amina Wanjiru".to_owned() } else { learner_name(rng, org) };
    let email = if demo { "learner@ruralrise.test".to_owned() } else { format!("learner{:06}@ruralrise.test", index + 1) };
    // The demo accounts never chose a language, so the browser's language decides for them.
    let language = match org.local_language {
        Some(l) if !demo && rng.gen_range(0..100) < org.local_language_percent => Some(l),
        _ => None,
    };
    let starts_on = w.cohorts[cohort].starts_on;
    let joined =
        zone.from_local_datetime(&starts_on.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap())).earliest().unwrap().with_timezone(&Utc);
    let user = NewDemoUser { id: learner_id, email: &email, role: Role::Learner, name: &name, zone: org.time_zone };
    push_user(&mut w.users, &user, language, joined - chrono::Duration::days(3));
    w.users.weekly_goal[w.users.id.len() - 1] = [60, 90, 120, 150, 180][rng.gen_range(0..5)];
    w.members.push(Member { cohort_id: cohort as i64 + 1, learner_id, joined_at: joined });

    let persona = if demo {
        Persona::Thriving
    } else {
        match rng.gen_range(0..100) {
            0..=24 => Persona::Thriving,
            25..=64 => Persona::Steady,
            65..=89 => Persona::Drifting { stopped_days_ago: rng.gen_range(9..26) },
            _ => Persona::Barely,
        }
    };
    let trainer_id = w.cohorts[cohort].trainer_id;
    let mut sim = Simulation {
        learner_id,
        trainer_id,
        persona,
        next: 0,
        completed_at: None,
        scores: Vec::new(),
        earned: Vec::new(),
        // Answers draw from their own generator, so the rest of the world (names, languages,
        // days) is the same as before answers were simulated.
        answers_rng: ChaCha8Rng::seed_from_u64(0x5EED_A115 ^ learner_id as u64),
        open_rng: ChaCha8Rng::seed_from_u64(0x0FE4_A115 ^ learner_id as u64),
        known: BTreeMap::new(),
        writes_kiswahili: language == Some(Language::Sw),
    };
    let local_today = local_date(w.now, zone);
    let days_enrolled = (local_today - starts_on).num_days().max(1) as u64;
    let mut run = 0u32;
    let mut last_seen = None;
    for days_ago in (1..days_enrolled.min(HISTORY_DAYS + 10)).rev() {
        // Chances of learning on a given day: paths are 10-16 lessons long and meant to take a
        // term, so even thriving learners are part-way through after six weeks.
        let p_active = match persona {
            Persona::Thriving => 0.3,
            Persona::Steady => 0.17,
            Persona::Drifting { stopped_days_ago } => {
                if days_ago > stopped_days_ago {
                    0.25
                } else {
                    0.0
                }
            }
            Persona::Barely => 0.05,
        };
        // The demo learner's last week is fixed (six days running, a gap before) and she stays
        // mid-path, so her dashboard tells the same story on any day.
        let active = if demo { days_ago <= 6 || (days_ago > 7 && sim.next < 7 && rng.gen_bool(0.3)) } else { rng.gen_bool(p_active) };
        if !active || sim.next >= lessons.len() {
            run = 0;
            continue;
        }
        run += 1;
        let day = local_today - Days::new(days_ago);
        let start = NaiveTime::from_hms_opt(rng.gen_range(6..19), rng.gen_range(0..60), 0).unwrap();
        let at = zone.from_local_datetime(&day.and_time(start)).earliest().unwrap().with_timezone(&Utc);
        let lessons_today = if !demo && matches!(persona, Persona::Thriving) && rng.gen_bool(0.15) { 2 } else { 1 };
        let end = sim.learn_a_day(w, rng, lessons, at, lessons_today);
        if run >= 5 {
            sim.earn(AchievementCode::Streak5, end);
        }
        if run >= 7 {
            sim.earn(AchievementCode::Streak7, end);
        }
        last_seen = Some(end);
    }
    // Where a learner stopped, the next lesson is often opened but not finished.
    if let (Some(seen), Some(lesson)) = (last_seen, lessons.get(sim.next))
        && !demo
        && rng.gen_bool(0.6)
    {
        let opened = seen + chrono::Duration::minutes(rng.gen_range(5..60));
        if opened < w.now {
            let p = &mut w.progress;
            p.learner_id.push(learner_id);
            p.lesson_id.push(lesson.id);
            // Drawn as whole minutes, as before seconds were kept, so the seed's world is unchanged.
            let minutes = rng.gen_range(1..lesson.minutes.max(2));
            p.seconds.push(minutes * 60);
            p.percent.push((minutes * 100 / lesson.minutes.max(1)).clamp(5, 95) as i16);
            p.points.push(0);
            p.started_at.push(opened);
            p.completed_at.push(None);
            p.downloaded_at.push(None);
            push_event(&mut w.events, learner_id, ActivityKind::LessonStarted, Some(lesson.id), 0, opened);
        }
    }
    for (code, at) in &sim.earned {
        let achievement_id = ACHIEVEMENTS.iter().position(|a| a.code == *code).unwrap() as i64 + 1;
        w.earned.push(Earned { learner_id, achievement_id, earned_at: *at });
    }
    let path_id = w.cohorts[cohort].learning_path_id;
    w.enrolments.push(Enrolment { learner_id, learning_path_id: path_id, enrolled_at: joined, completed_at: sim.completed_at });
    (LearnerOutcome { learner_id, cohort, last_active: last_seen.unwrap_or(joined) }, sim.scores)
}

/// One learner's way through their path, a day at a time.
struct Simulation {
    learner_id: i64,
    trainer_id: i64,
    persona: Persona,
    /// Index of the next lesson to take.
    next: usize,
    completed_at: Option<DateTime<Utc>>,
    scores: Vec<i32>,
    /// Each achievement once, with when it was earned.
    earned: Vec<(AchievementCode, DateTime<Utc>)>,
    answers_rng: ChaCha8Rng,
    /// What open answers the learner writes and how their trainer grades them: a generator of its
    /// own, so the quizzes' answers stay as they were.
    open_rng: ChaCha8Rng,
    /// Whether the learner knows each skill by now (the hidden state BKT estimates).
    known: BTreeMap<String, bool>,
    /// Reads RuralRise in Kiswahili, and often writes open answers in it.
    writes_kiswahili: bool,
}

impl Simulation {
    fn earn(&mut self, code: AchievementCode, at: DateTime<Utc>) {
        if !self.earned.iter().any(|(c, _)| *c == code) {
            self.earned.push((code, at));
        }
    }

    /// Takes up to `count` lessons from `at` on; returns when the learner stopped.
    fn learn_a_day(
        &mut self,
        w: &mut World,
        rng: &mut ChaCha8Rng,
        lessons: &[LessonInfo],
        mut at: DateTime<Utc>,
        count: usize,
    ) -> DateTime<Utc> {
        for _ in 0..count {
            let Some(lesson) = lessons.get(self.next) else { break };
            self.next += 1;
            let minutes = (lesson.minutes as f64 * rng.gen_range(0.8..1.5)).round() as i32;
            let done = at + chrono::Duration::minutes(minutes as i64);
            let downloaded = (lesson.offline && rng.gen_bool(0.3)).then(|| at - chrono::Duration::hours(rng.gen_range(2..30)));
            let p = &mut w.progress;
            p.learner_id.push(self.learner_id);
            p.lesson_id.push(lesson.id);
            p.seconds.push(minutes * 60);
            p.percent.push(100);
            p.points.push(crate::domain::points::lesson(lesson.difficulty));
            p.started_at.push(at);
            p.completed_at.push(Some(done));
            p.downloaded_at.push(downloaded);
            if let Some(d) = downloaded {
                push_event(&mut w.events, self.learner_id, ActivityKind::LessonDownloaded, Some(lesson.id), 0, d);
                self.earn(AchievementCode::OfflineLearner, done);
            }
            push_event(&mut w.events, self.learner_id, ActivityKind::LessonStarted, Some(lesson.id), 0, at);
            push_event(&mut w.events, self.learner_id, ActivityKind::LessonCompleted, Some(lesson.id), minutes, done);
            self.earn(AchievementCode::FirstLesson, done);
            if let Some(quiz) = &lesson.quiz {
                self.take_quiz(w, quiz, done);
            }
            if lesson.last_in_module {
                self.earn(AchievementCode::ModuleComplete, done);
                self.take_module_check(w, rng, lesson.module_id, lesson.check.as_ref(), done);
            }
            if self.next == lessons.len() {
                self.completed_at = Some(done);
            }
            at = done + chrono::Duration::minutes(rng.gen_range(10..120));
        }
        at
    }

    /// Answers one item as someone who knows its skill (or not): right most of the time when
    /// known, by luck otherwise, and practice sometimes teaches it.
    fn answer(&mut self, item: &assessment::Item, skill: &str) -> Answer {
        let prior = match self.persona {
            Persona::Thriving => 0.55,
            Persona::Steady => 0.35,
            Persona::Drifting { .. } => 0.2,
            Persona::Barely => 0.15,
        };
        let r = &mut self.answers_rng;
        let known = *self.known.entry(skill.to_owned()).or_insert_with(|| r.gen_bool(prior));
        let guess = if matches!(item.key, AnswerKey::Single { .. } | AnswerKey::Multiple { .. }) { 0.25 } else { 0.08 };
        let right = if known { r.gen_bool(0.92) } else { r.gen_bool(guess) };
        if !known && r.gen_bool(0.3) {
            self.known.insert(skill.to_owned(), true);
        }
        let n = item.options.max(2);
        match &item.key {
            AnswerKey::Single { correct } => Answer::Choice(if right { *correct } else { (correct + 1) % n }),
            AnswerKey::Multiple { correct } => {
                let mut picked = correct.clone();
                picked.sort_unstable();
                if !right {
                    match picked.len() {
                        0 | 1 => picked.push((picked.first().copied().unwrap_or(0) + 1) % n),
                        _ => {
                            picked.pop();
                        }
                    }
                    picked.sort_unstable();
                    picked.dedup();
                }
                Answer::Choices(picked)
            }
            AnswerKey::Text { accepted } => {
                Answer::Text(if right { accepted.first().cloned().unwrap_or_default().to_uppercase() } else { "not sure".to_owned() })
            }
            AnswerKey::Number { value, tolerance } => {
                Answer::Text(if right { format!("{value}") } else { format!("{}", value * 1.5 + tolerance + 1.0) })
            }
            // Quizzes hold no open items; the checks write theirs in `take_module_check`.
            AnswerKey::Open { .. } => Answer::Text(String::new()),
        }
    }

    fn record_answers(&self, w: &mut World, quiz: &DemoQuiz, answers: &BTreeMap<i32, Answer>, at: DateTime<Utc>) -> assessment::Scored {
        let items: Vec<assessment::Item> = quiz.items.iter().map(|(i, _)| i.clone()).collect();
        let scored = assessment::score(&items, answers);
        for ((_, skill), result) in quiz.items.iter().zip(&scored.items) {
            if let Some(correct) = result.correct
                && !skill.is_empty()
            {
                let a = &mut w.skill_answers;
                a.learner_id.push(self.learner_id);
                a.skill.push(skill.clone());
                a.correct.push(correct);
                a.answered_at.push(at);
            }
        }
        scored
    }

    /// A module's quiz, scored at once like the live server scores it.
    fn take_quiz(&mut self, w: &mut World, quiz: &DemoQuiz, done: DateTime<Utc>) {
        let submitted = done - chrono::Duration::minutes(1);
        let answers: BTreeMap<i32, Answer> = quiz.items.iter().map(|(item, skill)| (item.position, self.answer(item, skill))).collect();
        let scored = self.record_answers(w, quiz, &answers, submitted);
        let score = scored.percent.unwrap_or(0);
        if score >= 90 {
            self.earn(AchievementCode::QuizAce, submitted);
        }
        if score == 100 {
            self.earn(AchievementCode::PerfectScore, submitted);
        }
        let s = &mut w.submissions;
        s.assessment_id.push(quiz.assessment_id);
        s.learner_id.push(self.learner_id);
        s.answers.push(serde_json::to_value(&answers).expect("answers are plain data"));
        s.ai_score.push(None);
        s.ai_feedback.push(None);
        s.score.push(Some(score));
        s.auto_points.push(scored.auto_points);
        s.auto_max.push(scored.auto_max);
        s.item_results.push(serde_json::to_value(&scored.items).expect("results are plain data"));
        s.points_awarded.push(crate::domain::points::assessment(score as u8, quiz.pass_score as u8));
        s.trainer_score.push(None);
        s.feedback.push(None);
        s.flagged.push(false);
        s.flag_reason.push(None);
        s.status.push(SubmissionStatus::Graded);
        s.graded_by.push(None);
        s.submitted_at.push(submitted);
        s.graded_at.push(Some(submitted));
        push_event(&mut w.events, self.learner_id, ActivityKind::SubmissionMade, None, 0, submitted);
    }

    fn take_module_check(&mut self, w: &mut World, rng: &mut ChaCha8Rng, module_id: i64, check: Option<&DemoQuiz>, done: DateTime<Utc>) {
        let submitted = done + chrono::Duration::minutes(rng.gen_range(5..90));
        let score = match self.persona {
            Persona::Thriving => rng.gen_range(72..=100),
            Persona::Steady => rng.gen_range(55..=92),
            Persona::Drifting { .. } | Persona::Barely => rng.gen_range(30..=78),
        };
        self.scores.push(score);
        if score >= 90 {
            self.earn(AchievementCode::QuizAce, submitted);
        }
        if score == 100 {
            self.earn(AchievementCode::PerfectScore, submitted);
        }
        // The scored items agree with the overall score; the open answer makes up the rest.
        let mut answers = BTreeMap::new();
        let mut scored = None;
        if let Some(check) = check {
            for (i, (item, _)) in check.items.iter().enumerate() {
                let right = score > if i == 0 { 60 } else { 50 };
                let answer = match &item.key {
                    AnswerKey::Single { correct } => Answer::Choice(if right { *correct } else { (correct + 1) % item.options.max(2) }),
                    AnswerKey::Text { accepted } if right => Answer::Text(accepted.first().cloned().unwrap_or_default()),
                    _ => Answer::Text("not sure".to_owned()),
                };
                answers.insert(item.position, answer);
            }
            scored = Some(self.record_answers(w, check, &answers, submitted));
        }
        let quality = Quality::for_score(score, self.writes_kiswahili, &mut self.open_rng);
        let written = check.and_then(|c| c.open.as_ref()).map_or("", |m| quality.text(m));
        answers.insert(3, Answer::Text(written.to_owned()));
        let (auto_points, auto_max, mut results) = scored.map_or((0, 0, Vec::new()), |s| (s.auto_points, s.auto_max, s.items));
        results.push(assessment::ItemResult { position: 3, correct: None, points: 0, max: 6, levels: None });
        let scored = Scored { answers, auto_points, auto_max, results };
        let levels = quality.trainer_levels(&mut self.open_rng);
        let who = (module_id, self.learner_id, self.trainer_id);
        push_submission(&mut w.submissions, rng, who, score, &scored, &levels, submitted, w.now);
        push_event(&mut w.events, self.learner_id, ActivityKind::SubmissionMade, None, 0, submitted);
    }
}

fn learner_name(rng: &mut ChaCha8Rng, org: &OrgSpec) -> String {
    let first = org.first_names[rng.gen_range(0..org.first_names.len())];
    let last = org.last_names[rng.gen_range(0..org.last_names.len())];
    format!("{first} {last}")
}

struct NewDemoUser<'a> {
    id: i64,
    email: &'a str,
    role: Role,
    name: &'a str,
    zone: &'a str,
}

fn push_user(users: &mut Users, user: &NewDemoUser<'_>, language: Option<Language>, created_at: DateTime<Utc>) {
    users.id.push(user.id);
    users.email.push(user.email.to_owned());
    users.role.push(user.role);
    users.name.push(user.name.to_owned());
    users.level.push(Level::Beginner);
    users.weekly_goal.push(120);
    users.time_zone.push(user.zone.to_owned());
    users.language.push(language);
    users.created_at.push(created_at);
}

fn push_event(events: &mut Events, user_id: i64, kind: ActivityKind, lesson_id: Option<i64>, minutes: i32, at: DateTime<Utc>) {
    events.user_id.push(user_id);
    events.kind.push(kind);
    events.lesson_id.push(lesson_id);
    events.minutes.push(minutes);
    events.occurred_at.push(at);
}

/// A module check's answers and what scored itself.
struct Scored {
    answers: BTreeMap<i32, Answer>,
    auto_points: i32,
    auto_max: i32,
    results: Vec<assessment::ItemResult>,
}

/// Stores a module check. `who` is (assessment, learner, trainer); `levels` are what the trainer
/// gives the open answer if they have graded it by now.
#[allow(clippy::too_many_arguments)]
fn push_submission(
    s: &mut Submissions,
    rng: &mut ChaCha8Rng,
    who: (i64, i64, i64),
    score: i32,
    scored: &Scored,
    levels: &[usize],
    submitted: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let (assessment_id, learner_id, trainer_id) = who;
    let age_days = (now - submitted).num_days();
    // Trainers fall behind: recent work waits, and the older a piece is, the likelier it was graded.
    let graded = age_days > 3 && rng.gen_bool((0.55 + age_days as f64 * 0.03).min(0.98));
    let flagged = score < 45 || rng.gen_bool(0.04);
    s.assessment_id.push(assessment_id);
    s.learner_id.push(learner_id);
    s.answers.push(serde_json::to_value(&scored.answers).expect("answers are plain data"));
    // Pre-scores come from the model once the world is stored (server/prescoring.rs).
    s.ai_score.push(None);
    s.ai_feedback.push(None);
    s.auto_points.push(scored.auto_points);
    s.auto_max.push(scored.auto_max);
    s.flagged.push(flagged);
    s.flag_reason.push(
        flagged.then(|| if score < 45 { "Low score: check understanding".to_owned() } else { "Open answer looks copied".to_owned() }),
    );
    s.submitted_at.push(submitted);
    if graded {
        // This draw once varied the trainer's score; kept so the draws after it, and with them
        // the rest of the demo world (names, languages, days), stay as they were.
        let _ = rng.gen_range(-6..=6);
        let rubric = crate::domain::rubric::Rubric::from_json(&check_rubric()).expect("the check rubric reads");
        let open_points = rubric.score(levels).expect("demo levels fit the rubric").item_points(6);
        let mut results = scored.results.clone();
        if let Some(open) = results.iter_mut().find(|r| r.position == 3) {
            *open = assessment::ItemResult {
                position: 3,
                correct: Some(open_points * 2 >= 6),
                points: open_points,
                max: 6,
                levels: Some(levels.to_vec()),
            };
        }
        let trainer_score = assessment::percent(scored.auto_points + open_points, scored.auto_max + 6);
        s.item_results.push(serde_json::to_value(&results).expect("results are plain data"));
        s.trainer_score.push(Some(trainer_score));
        s.feedback.push(Some(if trainer_score >= 60 {
            "Good work. Keep your answers practical, as you did here.".to_owned()
        } else {
            "Let's go over this module together at the next session.".to_owned()
        }));
        s.status.push(SubmissionStatus::Graded);
        s.score.push(Some(trainer_score));
        s.points_awarded.push(crate::domain::points::assessment(trainer_score.clamp(0, 100) as u8, 60));
        s.graded_by.push(Some(trainer_id));
        s.graded_at.push(Some((submitted + chrono::Duration::hours(rng.gen_range(20..96))).min(now)));
    } else {
        s.item_results.push(serde_json::to_value(&scored.results).expect("results are plain data"));
        s.trainer_score.push(None);
        s.feedback.push(None);
        s.status.push(SubmissionStatus::Pending);
        s.score.push(None);
        s.points_awarded.push(0);
        s.graded_by.push(None);
        s.graded_at.push(None);
    }
}

fn add_risk_and_follow_up(w: &mut World, outcomes: &[LearnerOutcome], scores: &[Vec<i32>], rng: &mut ChaCha8Rng) {
    let now = w.now;
    let week_ago = now - chrono::Duration::days(7);
    for (cohort, cohort_scores) in scores.iter().enumerate() {
        let idle: Vec<&LearnerOutcome> = outcomes.iter().filter(|o| o.cohort == cohort && o.last_active < week_ago).collect();
        let c = &w.cohorts[cohort];
        let (trainer_id, cohort_id, org_id, cohort_name) = (c.trainer_id, c.id, c.client_org_id, c.name.clone());
        if idle.len() >= 2 {
            w.alerts.push(RiskAlert {
                kind: RiskKind::Disengagement,
                severity: if idle.len() >= 5 { RiskSeverity::High } else { RiskSeverity::Medium },
                title: format!("{} learners in {cohort_name} have not learned for over a week", idle.len()),
                cohort_id: Some(cohort_id),
                client_org_id: Some(org_id),
                action: "Call each learner this week and offer a catch-up session at the training centre.".into(),
                owner_id: Some(trainer_id),
                resolved_at: None,
                resolution_note: None,
                created_at: now - chrono::Duration::days(rng.gen_range(1..4)),
                learners: idle.iter().map(|o| o.learner_id).collect(),
            });
        }
        for (n, o) in idle.iter().enumerate() {
            let days = (now - o.last_active).num_days();
            w.insights.push(Insight {
                learner_id: o.learner_id,
                summary: format!("At risk of dropping out: no learning for {days} days"),
                reasons: json!([
                    format!("No lesson completed in the last {days} days"),
                    "Weekly goal missed since then",
                    "Was active earlier in the course, so re-engagement is likely to work"
                ]),
                confidence: (0.55 + (days.min(30) as f32) / 80.0).min(0.95),
                created_at: now - chrono::Duration::days(1),
            });
            if n % 3 == 0 {
                let at = now - chrono::Duration::days(2);
                w.interventions.push(Intervention {
                    learner_id: o.learner_id,
                    trainer_id,
                    kind: InterventionKind::Call,
                    note: "Phoned: busy with harvest, plans to return next week.".into(),
                    at,
                });
                w.messages.push(Message {
                    sender_id: trainer_id,
                    recipient_id: o.learner_id,
                    body: "We missed you this week. The next lesson takes about 15 minutes, and it works offline too.".into(),
                    at,
                });
            }
        }
        if cohort_scores.len() >= 4 {
            let mean = cohort_scores.iter().sum::<i32>() / cohort_scores.len() as i32;
            if mean < 68 {
                w.alerts.push(RiskAlert {
                    kind: RiskKind::LowScores,
                    severity: RiskSeverity::Medium,
                    title: format!("Module check scores in {cohort_name} average {mean}"),
                    cohort_id: Some(cohort_id),
                    client_org_id: Some(org_id),
                    action: "Review the open answers together and repeat the hardest lesson in class.".into(),
                    owner_id: Some(trainer_id),
                    resolved_at: None,
                    resolution_note: None,
                    created_at: now - chrono::Duration::days(3),
                    learners: Vec::new(),
                });
            }
        }
    }
    w.alerts.push(RiskAlert {
        kind: RiskKind::TrainerOverload,
        severity: RiskSeverity::High,
        title: "Joyce Achieng runs more cohorts than any other trainer and her grading queue is growing".into(),
        cohort_id: None,
        client_org_id: None,
        action: "Move one cohort to a trainer with spare capacity (Carlos Mamani has none).".into(),
        owner_id: Some(OPS_ID),
        resolved_at: None,
        resolution_note: None,
        created_at: now - chrono::Duration::days(1),
        learners: Vec::new(),
    });
    w.alerts.push(RiskAlert {
        kind: RiskKind::Compliance,
        severity: RiskSeverity::Low,
        title: "Attendance sheets for Sunfield's first cohort were missing two signatures".into(),
        cohort_id: Some(1),
        client_org_id: Some(1),
        action: "Collect the signatures at the next session.".into(),
        owner_id: Some(OPS_ID),
        resolved_at: Some(now - chrono::Duration::days(10)),
        resolution_note: Some("Signatures collected and the sheets re-filed.".into()),
        created_at: now - chrono::Duration::days(20),
        learners: Vec::new(),
    });
}

fn lesson_content(kind: LessonKind, title: &str, summary: &str, path_slug: &str) -> serde_json::Value {
    match kind {
        LessonKind::Video => {
            let clip = content::demo_clip(path_slug);
            json!({
                "summary": summary,
                "media": format!("demo/{}.mp4", clip.name),
                "poster": format!("demo/{}.jpg", clip.name),
                "duration_seconds": clip.seconds,
                "width": 480,
                "height": 270,
                "transcript": clip.transcript,
            })
        }
        LessonKind::Interactive => json!({ "summary": summary, "steps": content::scenario(title) }),
        LessonKind::Quiz => json!({ "summary": summary }),
        LessonKind::Text => {
            let body = content::TEXT_BODIES.iter().find(|(t, _)| *t == title).map(|(_, b)| *b).unwrap_or(summary);
            json!({ "summary": summary, "body": body })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(learners: usize) -> SeedOptions {
        SeedOptions { learners, seed: 7, now: "2026-11-22T10:00:00Z".parse().unwrap() }
    }

    #[test]
    fn every_text_lesson_has_its_own_body() {
        let w = generate(&options(10), "h");
        let texts: Vec<_> = w.lessons.iter().filter(|l| l.kind == LessonKind::Text).collect();
        assert_eq!(texts.len(), content::TEXT_BODIES.len());
        for l in texts {
            let body = l.content["body"].as_str().unwrap();
            assert!(body.len() > 600 && body.contains("\n\n"), "{} has no real text", l.title);
        }
    }

    #[test]
    fn every_interactive_lesson_has_a_sound_scenario() {
        let w = generate(&options(10), "h");
        for l in w.lessons.iter().filter(|l| l.kind == LessonKind::Interactive) {
            let steps: Vec<crate::domain::scenario::Step> = serde_json::from_value(l.content["steps"].clone()).unwrap();
            assert!(crate::domain::scenario::Scenario::new(steps).is_ok(), "{} has no sound scenario", l.title);
        }
    }

    #[test]
    fn same_seed_same_world() {
        let a = generate(&options(60), "h");
        let b = generate(&options(60), "h");
        assert_eq!(a.users.email, b.users.email);
        assert_eq!(a.users.language, b.users.language);
        assert_eq!(a.events.occurred_at, b.events.occurred_at);
        assert_eq!(a.submissions.ai_score, b.submissions.ai_score);
    }

    #[test]
    fn world_has_the_promised_shape() {
        let w = generate(&options(200), "h");
        let report = w.report();
        assert_eq!((report.learners, report.trainers), (200, TRAINERS));
        for (email, role) in DEMO_ACCOUNTS {
            let i = w.users.email.iter().position(|e| e == email).unwrap_or_else(|| panic!("{email} missing"));
            assert_eq!(w.users.role[i], *role);
            assert_eq!(w.users.language[i], None, "{email} leaves the language to the browser");
        }
        assert!(w.submissions.status.contains(&SubmissionStatus::Pending), "something waits for grading");
        assert!(w.alerts.iter().any(|a| a.resolved_at.is_none()), "open risk alerts exist");
        // Uneven loads: the busiest trainer has more cohorts than the quietest.
        let load = |t: i64| w.cohorts.iter().filter(|c| c.trainer_id == t).count();
        assert!(load(FIRST_TRAINER_ID) >= 3);
        assert_eq!(load(FIRST_TRAINER_ID + TRAINERS as i64 - 1), 0);
        // Nothing happens in the future.
        assert!(w.events.occurred_at.iter().all(|t| *t <= w.now));
        assert!(w.submissions.graded_at.iter().flatten().all(|t| *t <= w.now));
        // Learners of the Kenyan, Ugandan and Burkinabè sponsors chose Kiswahili or French.
        for language in [Language::Sw, Language::Fr] {
            assert!(w.users.language.contains(&Some(language)), "someone reads {language}");
        }
    }

    #[test]
    fn each_achievement_is_earned_at_most_once_per_learner() {
        let w = generate(&options(200), "h");
        let mut seen = std::collections::HashSet::new();
        for e in &w.earned {
            assert!(seen.insert((e.learner_id, e.achievement_id)), "learner {} earned {} twice", e.learner_id, e.achievement_id);
        }
        assert!(!w.earned.is_empty());
    }

    #[test]
    fn trainers_scale_with_cohorts_and_keep_the_demo_world() {
        assert_eq!(trainers_for(200), TRAINERS, "the demo world keeps its eight trainers");
        let big = generate(&options(2_000), "h");
        let trainers = trainers_for(2_000);
        assert!(trainers > TRAINERS);
        for t in 0..trainers {
            let cohorts = big.cohorts.iter().filter(|c| c.trainer_id == FIRST_TRAINER_ID + t as i64).count();
            assert!(cohorts <= 4, "trainer {t} has {cohorts} cohorts");
        }
    }

    #[test]
    fn demo_learner_has_a_six_day_streak_in_her_own_time_zone() {
        let w = generate(&options(200), "h");
        let amina = w.users.email.iter().position(|e| e == "learner@ruralrise.test").map(|i| w.users.id[i]).unwrap();
        let zone = zone_or_utc("Africa/Nairobi");
        let days = (0..w.events.user_id.len())
            .filter(|&i| w.events.user_id[i] == amina && w.events.kind[i] != ActivityKind::SignIn)
            .map(|i| local_date(w.events.occurred_at[i], zone));
        assert_eq!(crate::domain::calendar::streak(days, local_date(w.now, zone)), 6);
    }
}
