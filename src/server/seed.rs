//! The deterministic demo world: organisations, trainers, cohorts and learners with weeks of
//! believable activity (some thriving, some drifting away). The same seed gives the same world
//! relative to the moment it is generated; `--learners` scales it for benchmarks.

pub mod content;

use crate::domain::calendar::{local_date, zone_or_utc};
use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use content::{ACHIEVEMENTS, AI_FEEDBACK, FIRST_NAMES, LAST_NAMES, ORGS, PATHS};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use sqlx::PgPool;

pub const DEMO_PASSWORD: &str = "ruralrise-demo";
pub const DEMO_ACCOUNTS: &[(&str, &str)] =
    &[("learner@ruralrise.test", "learner"), ("trainer@ruralrise.test", "trainer"), ("ops@ruralrise.test", "operations")];

/// Days of history the demo world has.
const HISTORY_DAYS: u64 = 42;
/// Trainers in the demo-size world; bigger worlds add one for every three extra cohorts.
const TRAINERS: usize = 8;
const COHORT_SIZE: usize = 22;
/// Which trainer gets each successive cohort: uneven on purpose, and the last trainer is new.
const TRAINER_PATTERN: &[usize] = &[0, 1, 0, 2, 3, 0, 1, 4, 5, 2, 6, 0, 1, 3];

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

pub async fn run(pool: &PgPool, options: &SeedOptions) -> Result<SeedReport, String> {
    let hash = tokio::task::spawn_blocking(|| crate::auth::password::hash_blocking(DEMO_PASSWORD))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let world = generate(options, &hash);
    let report = SeedReport {
        learners: options.learners,
        trainers: trainers_for(options.learners),
        cohorts: world.cohorts.id.len(),
        events: world.events.user_id.len(),
        submissions: world.submissions.learner_id.len(),
    };
    crate::server::db::demo::insert_world(pool, &world).await.map_err(|e| e.to_string())?;
    Ok(report)
}

// Column-oriented tables, ready to bind as arrays.
#[derive(Default)]
pub struct Users {
    pub id: Vec<i64>,
    pub email: Vec<String>,
    pub role: Vec<String>,
    pub name: Vec<String>,
    pub level: Vec<String>,
    pub weekly_goal: Vec<i32>,
    pub time_zone: Vec<String>,
    pub created_at: Vec<DateTime<Utc>>,
}

#[derive(Default)]
pub struct Lessons {
    pub id: Vec<i64>,
    pub module_id: Vec<i64>,
    pub position: Vec<i32>,
    pub title: Vec<String>,
    pub kind: Vec<String>,
    pub difficulty: Vec<i16>,
    pub minutes: Vec<i32>,
    pub content: Vec<serde_json::Value>,
    pub offline: Vec<bool>,
    pub size_bytes: Vec<i64>,
}

#[derive(Default)]
pub struct Cohorts {
    pub id: Vec<i64>,
    pub client_org_id: Vec<i64>,
    pub trainer_id: Vec<i64>,
    pub learning_path_id: Vec<i64>,
    pub name: Vec<String>,
    pub starts_on: Vec<chrono::NaiveDate>,
    pub ends_on: Vec<chrono::NaiveDate>,
    pub status: Vec<String>,
}

#[derive(Default)]
pub struct Progress {
    pub learner_id: Vec<i64>,
    pub lesson_id: Vec<i64>,
    pub minutes: Vec<i32>,
    pub points: Vec<i32>,
    pub started_at: Vec<DateTime<Utc>>,
    /// None for a lesson started and not finished.
    pub completed_at: Vec<Option<DateTime<Utc>>>,
    pub downloaded_at: Vec<Option<DateTime<Utc>>>,
}

#[derive(Default)]
pub struct Events {
    pub user_id: Vec<i64>,
    pub kind: Vec<String>,
    pub lesson_id: Vec<Option<i64>>,
    pub minutes: Vec<i32>,
    pub occurred_at: Vec<DateTime<Utc>>,
}

#[derive(Default)]
pub struct Submissions {
    pub assessment_id: Vec<i64>,
    pub learner_id: Vec<i64>,
    pub answers: Vec<serde_json::Value>,
    pub ai_score: Vec<i32>,
    pub ai_feedback: Vec<String>,
    pub trainer_score: Vec<Option<i32>>,
    pub feedback: Vec<Option<String>>,
    pub flagged: Vec<bool>,
    pub flag_reason: Vec<Option<String>>,
    pub status: Vec<String>,
    pub graded_by: Vec<Option<i64>>,
    pub submitted_at: Vec<DateTime<Utc>>,
    pub graded_at: Vec<Option<DateTime<Utc>>>,
}

pub struct RiskAlert {
    pub kind: &'static str,
    pub severity: &'static str,
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

/// (assessment id, position, kind, prompt, options, answer key, rubric, points)
pub type Item = (i64, i32, &'static str, &'static str, serde_json::Value, serde_json::Value, serde_json::Value, i32);
/// (learner id, path id, enrolled at, completed at)
pub type Enrolment = (i64, i64, DateTime<Utc>, Option<DateTime<Utc>>);

pub struct World {
    pub password_hash: String,
    pub now: DateTime<Utc>,
    pub users: Users,
    pub orgs: Vec<(i64, &'static str, &'static str, &'static str)>,
    /// (id, slug, title, summary, trade)
    pub paths: Vec<(i64, &'static str, &'static str, &'static str, &'static str)>,
    /// (id, path id, position, title, summary)
    pub modules: Vec<(i64, i64, i32, &'static str, &'static str)>,
    pub lessons: Lessons,
    /// (assessment id = module id, title)
    pub assessments: Vec<(i64, String)>,
    pub items: Vec<Item>,
    pub achievements: Vec<(i64, &'static str, &'static str, &'static str, i32)>,
    pub cohorts: Cohorts,
    /// (cohort id, learner id, joined at)
    pub members: Vec<(i64, i64, DateTime<Utc>)>,
    pub enrolments: Vec<Enrolment>,
    pub progress: Progress,
    pub events: Events,
    pub submissions: Submissions,
    /// (learner id, achievement id, earned at)
    pub earned: Vec<(i64, i64, DateTime<Utc>)>,
    pub alerts: Vec<RiskAlert>,
    pub insights: Vec<Insight>,
    /// (learner id, trainer id, kind, note, created at)
    pub interventions: Vec<(i64, i64, &'static str, String, DateTime<Utc>)>,
    /// (sender, recipient, body, created at)
    pub messages: Vec<(i64, i64, String, DateTime<Utc>)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Persona {
    Thriving,
    Steady,
    Drifting { stopped_days_ago: u64 },
    Barely,
}

struct LessonInfo {
    id: i64,
    module_id: i64,
    last_in_module: bool,
    minutes: i32,
    difficulty: i16,
    offline: bool,
}

const OPS_ID: i64 = 1;
const FIRST_TRAINER_ID: i64 = 2;

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
    let now = options.now;
    let today = now.date_naive();
    let mut w = World {
        password_hash: password_hash.to_owned(),
        now,
        users: Users::default(),
        orgs: Vec::new(),
        paths: Vec::new(),
        modules: Vec::new(),
        lessons: Lessons::default(),
        assessments: Vec::new(),
        items: Vec::new(),
        achievements: Vec::new(),
        cohorts: Cohorts::default(),
        members: Vec::new(),
        enrolments: Vec::new(),
        progress: Progress::default(),
        events: Events::default(),
        submissions: Submissions::default(),
        earned: Vec::new(),
        alerts: Vec::new(),
        insights: Vec::new(),
        interventions: Vec::new(),
        messages: Vec::new(),
    };
    let history_start = now - chrono::Duration::days(HISTORY_DAYS as i64 + 14);

    // Curriculum.
    let mut path_lessons: Vec<Vec<LessonInfo>> = Vec::new();
    let (mut module_id, mut lesson_id) = (0i64, 0i64);
    for (pi, path) in PATHS.iter().enumerate() {
        let path_id = pi as i64 + 1;
        w.paths.push((path_id, path.slug, path.title, path.summary, path.trade));
        let mut infos = Vec::new();
        for (mi, module) in path.modules.iter().enumerate() {
            module_id += 1;
            w.modules.push((module_id, path_id, mi as i32 + 1, module.title, module.summary));
            for (li, &(title, kind, difficulty, minutes)) in module.lessons.iter().enumerate() {
                lesson_id += 1;
                let offline = kind != "video" || li % 2 == 0;
                let size_bytes: i64 = match kind {
                    "video" => 6_000_000 + (lesson_id * 1_234_567) % 9_000_000,
                    "interactive" => 180_000 + (lesson_id * 7_919) % 120_000,
                    _ => 12_000 + (lesson_id * 733) % 20_000,
                };
                w.lessons.id.push(lesson_id);
                w.lessons.module_id.push(module_id);
                w.lessons.position.push(li as i32 + 1);
                w.lessons.title.push(title.to_owned());
                w.lessons.kind.push(kind.to_owned());
                w.lessons.difficulty.push(difficulty);
                w.lessons.minutes.push(minutes);
                w.lessons.content.push(lesson_content(kind, title, module.summary));
                w.lessons.offline.push(offline);
                w.lessons.size_bytes.push(size_bytes);
                infos.push(LessonInfo {
                    id: lesson_id,
                    module_id,
                    last_in_module: li + 1 == module.lessons.len(),
                    minutes,
                    difficulty,
                    offline,
                });
            }
            let (mc, options_list, correct, fill, fill_answer, open) = module.check;
            w.assessments.push((module_id, format!("{} check", module.title)));
            w.items.push((module_id, 1, "multiple_choice", mc, json!(options_list), json!(correct), json!([]), 2));
            w.items.push((module_id, 2, "fill_in", fill, json!([]), json!(fill_answer), json!([]), 2));
            w.items.push((
                module_id,
                3,
                "open",
                open,
                json!([]),
                serde_json::Value::Null,
                json!([
                    {"criterion": "Accurate: matches what the lessons teach", "points": 3},
                    {"criterion": "Practical: a concrete step or example from real work", "points": 2},
                    {"criterion": "Clear: a customer or peer could follow it", "points": 1}
                ]),
                6,
            ));
        }
        path_lessons.push(infos);
    }
    for (i, &(code, title, description, points)) in ACHIEVEMENTS.iter().enumerate() {
        w.achievements.push((i as i64 + 1, code, title, description, points));
    }
    let achievement = |code: &str| ACHIEVEMENTS.iter().position(|a| a.0 == code).unwrap() as i64 + 1;

    // Organisations.
    for (i, org) in ORGS.iter().enumerate() {
        w.orgs.push((i as i64 + 1, org.name, org.sector, org.region));
    }

    // Staff.
    push_user(&mut w.users, OPS_ID, "ops@ruralrise.test", "operations", "Nadia Okafor", "UTC", history_start);
    let trainer_names =
        ["Joyce Achieng", "Rahul Patil", "Sarah Namutebi", "Miguel Quispe", "Daniel Kiptoo", "Anita Deshmukh", "Ruth Mukasa", "Carlos Mamani"];
    let trainers = trainers_for(options.learners);
    for t in 0..trainers {
        let email = if t == 0 { "trainer@ruralrise.test".to_owned() } else { format!("trainer{:02}@ruralrise.test", t + 1) };
        let zone = ORGS[t % ORGS.len()].time_zone;
        let name = match trainer_names.get(t) {
            Some(n) => (*n).to_owned(),
            None => format!("{} {}", FIRST_NAMES[t % FIRST_NAMES.len()], LAST_NAMES[(t / FIRST_NAMES.len() + t) % LAST_NAMES.len()]),
        };
        push_user(&mut w.users, FIRST_TRAINER_ID + t as i64, &email, "trainer", &name, zone, history_start);
    }
    let first_learner_id = FIRST_TRAINER_ID + trainers as i64;

    // Cohorts: one more than the learners need, the last one planned and still empty.
    let active_cohorts = active_cohorts_for(options.learners);
    let total_cohorts = active_cohorts + 1;
    for c in 0..total_cohorts {
        let org = c % ORGS.len();
        let planned = c == total_cohorts - 1;
        let start_offset = 44 + (c as u64 * 3) % 8;
        let starts_on = if planned { today + Days::new(14) } else { today - Days::new(start_offset) };
        let trainer = trainer_for_cohort(c, trainers);
        w.cohorts.id.push(c as i64 + 1);
        w.cohorts.client_org_id.push(org as i64 + 1);
        w.cohorts.trainer_id.push(FIRST_TRAINER_ID + trainer as i64);
        w.cohorts.learning_path_id.push(ORGS[org].path as i64 + 1);
        w.cohorts.name.push(format!("{} {} {}", ORGS[org].place, PATHS[ORGS[org].path].trade, c / ORGS.len() + 1));
        w.cohorts.starts_on.push(starts_on);
        w.cohorts.ends_on.push(starts_on + Days::new(16 * 7));
        w.cohorts.status.push(if planned { "planned" } else { "active" }.to_owned());
    }

    // Learners and their weeks.
    let mut last_active: Vec<(i64, usize, DateTime<Utc>)> = Vec::new();
    let mut scores_by_cohort: Vec<Vec<i32>> = vec![Vec::new(); total_cohorts];
    for i in 0..options.learners {
        let learner_id = first_learner_id + i as i64;
        let cohort = i % active_cohorts;
        let org = &ORGS[cohort % ORGS.len()];
        let zone = zone_or_utc(org.time_zone);
        let path = cohort_path(&w.cohorts, cohort);
        let lessons = &path_lessons[path];
        let trainer_id = w.cohorts.trainer_id[cohort];
        let demo = i == 0;
        let name = if demo {
            "Amina Wanjiru".to_owned()
        } else {
            format!("{} {}", FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())], LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())])
        };
        let email = if demo { "learner@ruralrise.test".to_owned() } else { format!("learner{:06}@ruralrise.test", i + 1) };
        let starts_on = w.cohorts.starts_on[cohort];
        let joined = zone.from_local_datetime(&starts_on.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap())).earliest().unwrap().with_timezone(&Utc);
        push_user(&mut w.users, learner_id, &email, "learner", &name, org.time_zone, joined - chrono::Duration::days(3));
        w.users.weekly_goal[w.users.id.len() - 1] = [60, 90, 120, 150, 180][rng.gen_range(0..5)];
        w.members.push((cohort as i64 + 1, learner_id, joined));

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
        let local_today = local_date(now, zone);
        let days_enrolled = (local_today - starts_on).num_days().max(1) as u64;
        let mut next = 0usize;
        let mut completed_at = None;
        let mut run = 0u32;
        let mut earned_streak = false;
        let mut last_seen = None;
        let mut first_done = false;
        let mut module_done = false;
        let mut offline_done = false;
        let mut aced = false;
        for days_ago in (1..days_enrolled.min(HISTORY_DAYS + 10)).rev() {
            // Chances of learning on a given day: paths are 10-16 lessons long and meant to take a
            // term, so even thriving learners are part-way through after six weeks.
            let p_active = match persona {
                Persona::Thriving => 0.3,
                Persona::Steady => 0.17,
                Persona::Drifting { stopped_days_ago } => {
                    if days_ago > stopped_days_ago { 0.25 } else { 0.0 }
                }
                Persona::Barely => 0.05,
            };
            // The demo learner's last week is fixed (six days running, a gap before) and she stays
            // mid-path, so her dashboard tells the same story on any day.
            let active = if demo { days_ago <= 6 || (days_ago > 7 && next < 7 && rng.gen_bool(0.3)) } else { rng.gen_bool(p_active) };
            if !active || next >= lessons.len() {
                run = 0;
                continue;
            }
            run += 1;
            let day = local_today - Days::new(days_ago);
            let mut at = zone
                .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(rng.gen_range(6..19), rng.gen_range(0..60), 0).unwrap()))
                .earliest()
                .unwrap()
                .with_timezone(&Utc);
            let lessons_today = if !demo && matches!(persona, Persona::Thriving) && rng.gen_bool(0.15) { 2 } else { 1 };
            for _ in 0..lessons_today {
                let Some(lesson) = lessons.get(next) else { break };
                next += 1;
                let minutes = (lesson.minutes as f64 * rng.gen_range(0.8..1.5)).round() as i32;
                let done = at + chrono::Duration::minutes(minutes as i64);
                let downloaded = (lesson.offline && rng.gen_bool(0.3)).then(|| at - chrono::Duration::hours(rng.gen_range(2..30)));
                w.progress.learner_id.push(learner_id);
                w.progress.lesson_id.push(lesson.id);
                w.progress.minutes.push(minutes);
                w.progress.points.push(10 * lesson.difficulty as i32);
                w.progress.started_at.push(at);
                w.progress.completed_at.push(Some(done));
                w.progress.downloaded_at.push(downloaded);
                if let Some(d) = downloaded {
                    push_event(&mut w.events, learner_id, "lesson_downloaded", Some(lesson.id), 0, d);
                }
                push_event(&mut w.events, learner_id, "lesson_started", Some(lesson.id), 0, at);
                push_event(&mut w.events, learner_id, "lesson_completed", Some(lesson.id), minutes, done);
                if !first_done {
                    first_done = true;
                    w.earned.push((learner_id, achievement("first_lesson"), done));
                }
                if downloaded.is_some() && !offline_done {
                    offline_done = true;
                    w.earned.push((learner_id, achievement("offline_learner"), done));
                }
                if lesson.last_in_module {
                    if !module_done {
                        module_done = true;
                        w.earned.push((learner_id, achievement("module_complete"), done));
                    }
                    let submitted = done + chrono::Duration::minutes(rng.gen_range(5..90));
                    let score = match persona {
                        Persona::Thriving => rng.gen_range(72..=100),
                        Persona::Steady => rng.gen_range(55..=92),
                        _ => rng.gen_range(30..=78),
                    };
                    scores_by_cohort[cohort].push(score);
                    if score >= 90 && !aced {
                        aced = true;
                        w.earned.push((learner_id, achievement("quiz_ace"), submitted));
                    }
                    push_submission(&mut w.submissions, &mut rng, lesson.module_id, learner_id, trainer_id, score, submitted, now);
                    w.events.user_id.push(learner_id);
                    w.events.kind.push("submission_made".into());
                    w.events.lesson_id.push(None);
                    w.events.minutes.push(0);
                    w.events.occurred_at.push(submitted);
                }
                if next == lessons.len() {
                    completed_at = Some(done);
                }
                at = done + chrono::Duration::minutes(rng.gen_range(10..120));
            }
            if run == 7 && !earned_streak {
                earned_streak = true;
                w.earned.push((learner_id, achievement("streak_7"), at));
            }
            last_seen = Some(at);
        }
        // Where a learner stopped, the next lesson is often opened but not finished.
        if let (Some(seen), Some(lesson)) = (last_seen, lessons.get(next))
            && !demo
            && rng.gen_bool(0.6)
        {
            let opened = seen + chrono::Duration::minutes(rng.gen_range(5..60));
            if opened < now {
                w.progress.learner_id.push(learner_id);
                w.progress.lesson_id.push(lesson.id);
                w.progress.minutes.push(rng.gen_range(1..lesson.minutes.max(2)));
                w.progress.points.push(0);
                w.progress.started_at.push(opened);
                w.progress.completed_at.push(None);
                w.progress.downloaded_at.push(None);
                push_event(&mut w.events, learner_id, "lesson_started", Some(lesson.id), 0, opened);
            }
        }
        w.enrolments.push((learner_id, path as i64 + 1, joined, completed_at));
        last_active.push((learner_id, cohort, last_seen.unwrap_or(joined)));
    }

    add_risk_and_follow_up(&mut w, &last_active, &scores_by_cohort, &mut rng);
    w
}

fn cohort_path(cohorts: &Cohorts, cohort: usize) -> usize {
    (cohorts.learning_path_id[cohort] - 1) as usize
}

fn push_user(users: &mut Users, id: i64, email: &str, role: &str, name: &str, zone: &str, created_at: DateTime<Utc>) {
    users.id.push(id);
    users.email.push(email.to_owned());
    users.role.push(role.to_owned());
    users.name.push(name.to_owned());
    users.level.push("beginner".to_owned());
    users.weekly_goal.push(120);
    users.time_zone.push(zone.to_owned());
    users.created_at.push(created_at);
}

fn push_event(events: &mut Events, user_id: i64, kind: &str, lesson_id: Option<i64>, minutes: i32, at: DateTime<Utc>) {
    events.user_id.push(user_id);
    events.kind.push(kind.to_owned());
    events.lesson_id.push(lesson_id);
    events.minutes.push(minutes);
    events.occurred_at.push(at);
}

#[allow(clippy::too_many_arguments)]
fn push_submission(
    s: &mut Submissions,
    rng: &mut ChaCha8Rng,
    assessment_id: i64,
    learner_id: i64,
    trainer_id: i64,
    score: i32,
    submitted: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let age_days = (now - submitted).num_days();
    // Trainers fall behind: recent work waits, and the older a piece is, the likelier it was graded.
    let graded = age_days > 3 && rng.gen_bool((0.55 + age_days as f64 * 0.03).min(0.98));
    let flagged = score < 45 || rng.gen_bool(0.04);
    s.assessment_id.push(assessment_id);
    s.learner_id.push(learner_id);
    s.answers.push(json!({
        "1": if score > 60 { "correct" } else { "wrong" },
        "2": if score > 50 { "correct" } else { "wrong" },
        "3": "I would first check the connections, then explain to the customer what I found and what it costs."
    }));
    s.ai_score.push(score);
    s.ai_feedback.push(AI_FEEDBACK[(score as usize + assessment_id as usize) % AI_FEEDBACK.len()].to_owned());
    s.flagged.push(flagged);
    s.flag_reason.push(flagged.then(|| if score < 45 { "Low score: check understanding".to_owned() } else { "Open answer looks copied".to_owned() }));
    s.submitted_at.push(submitted);
    if graded {
        let trainer_score = (score + rng.gen_range(-6..=6)).clamp(0, 100);
        s.trainer_score.push(Some(trainer_score));
        s.feedback.push(Some(if trainer_score >= 60 {
            "Good work. Keep your answers practical, as you did here.".to_owned()
        } else {
            "Let's go over this module together at the next session.".to_owned()
        }));
        s.status.push("graded".to_owned());
        s.graded_by.push(Some(trainer_id));
        s.graded_at.push(Some((submitted + chrono::Duration::hours(rng.gen_range(20..96))).min(now)));
    } else {
        s.trainer_score.push(None);
        s.feedback.push(None);
        s.status.push("pending".to_owned());
        s.graded_by.push(None);
        s.graded_at.push(None);
    }
}

fn add_risk_and_follow_up(w: &mut World, last_active: &[(i64, usize, DateTime<Utc>)], scores: &[Vec<i32>], rng: &mut ChaCha8Rng) {
    let now = w.now;
    let week_ago = now - chrono::Duration::days(7);
    for (cohort, cohort_scores) in scores.iter().enumerate().take(w.cohorts.id.len()) {
        let idle: Vec<(i64, DateTime<Utc>)> =
            last_active.iter().filter(|(_, c, last)| *c == cohort && *last < week_ago).map(|(l, _, last)| (*l, *last)).collect();
        let trainer_id = w.cohorts.trainer_id[cohort];
        let cohort_id = w.cohorts.id[cohort];
        let org_id = w.cohorts.client_org_id[cohort];
        if idle.len() >= 2 {
            w.alerts.push(RiskAlert {
                kind: "disengagement",
                severity: if idle.len() >= 5 { "high" } else { "medium" },
                title: format!("{} learners in {} have not learned for over a week", idle.len(), w.cohorts.name[cohort]),
                cohort_id: Some(cohort_id),
                client_org_id: Some(org_id),
                action: "Call each learner this week and offer a catch-up session at the training centre.".into(),
                owner_id: Some(trainer_id),
                resolved_at: None,
                resolution_note: None,
                created_at: now - chrono::Duration::days(rng.gen_range(1..4)),
                learners: idle.iter().map(|(l, _)| *l).collect(),
            });
        }
        for (n, (learner, last)) in idle.iter().enumerate() {
            let days = (now - *last).num_days();
            w.insights.push(Insight {
                learner_id: *learner,
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
                w.interventions.push((*learner, trainer_id, "call", "Phoned: busy with harvest, plans to return next week.".into(), now - chrono::Duration::days(2)));
                w.messages.push((
                    trainer_id,
                    *learner,
                    "We missed you this week. The next lesson takes about 15 minutes, and it works offline too.".into(),
                    now - chrono::Duration::days(2),
                ));
            }
        }
        let s = cohort_scores;
        if s.len() >= 4 {
            let mean = s.iter().sum::<i32>() / s.len() as i32;
            if mean < 68 {
                w.alerts.push(RiskAlert {
                    kind: "low_scores",
                    severity: "medium",
                    title: format!("Module check scores in {} average {mean}", w.cohorts.name[cohort]),
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
        kind: "trainer_overload",
        severity: "high",
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
        kind: "compliance",
        severity: "low",
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

fn lesson_content(kind: &str, title: &str, summary: &str) -> serde_json::Value {
    match kind {
        "video" => json!({
            "summary": summary,
            "transcript": format!("In this video: {title}. Watch once, then try it with your own tools."),
            "low_bandwidth_variant": true
        }),
        "interactive" => json!({
            "summary": summary,
            "steps": ["Read the situation", "Choose what you would do", "Compare with the worked answer"]
        }),
        "quiz" => json!({ "summary": summary, "questions": 5 }),
        _ => json!({ "summary": summary, "body": format!("{title}. {summary}") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(learners: usize) -> SeedOptions {
        SeedOptions { learners, seed: 7, now: "2026-11-22T10:00:00Z".parse().unwrap() }
    }

    #[test]
    fn same_seed_same_world() {
        let a = generate(&options(60), "h");
        let b = generate(&options(60), "h");
        assert_eq!(a.users.email, b.users.email);
        assert_eq!(a.events.occurred_at, b.events.occurred_at);
        assert_eq!(a.submissions.ai_score, b.submissions.ai_score);
    }

    #[test]
    fn world_has_the_promised_shape() {
        let w = generate(&options(200), "h");
        assert_eq!(w.users.role.iter().filter(|r| *r == "learner").count(), 200);
        assert_eq!(w.users.role.iter().filter(|r| *r == "trainer").count(), TRAINERS);
        for (email, _) in DEMO_ACCOUNTS {
            assert!(w.users.email.iter().any(|e| e == email), "{email} missing");
        }
        assert!(w.submissions.status.iter().any(|s| s == "pending"), "something waits for grading");
        assert!(w.alerts.iter().any(|a| a.resolved_at.is_none()), "open risk alerts exist");
        // Uneven loads: the busiest trainer has more cohorts than the quietest.
        let load = |t: i64| w.cohorts.trainer_id.iter().filter(|&&x| x == t).count();
        assert!(load(FIRST_TRAINER_ID) >= 3);
        assert_eq!(load(FIRST_TRAINER_ID + TRAINERS as i64 - 1), 0);
        // Nothing happens in the future.
        assert!(w.events.occurred_at.iter().all(|t| *t <= w.now));
        assert!(w.submissions.graded_at.iter().flatten().all(|t| *t <= w.now));
    }

    #[test]
    fn trainers_scale_with_cohorts_and_keep_the_demo_world() {
        assert_eq!(trainers_for(200), TRAINERS, "the demo world keeps its eight trainers");
        let big = generate(&options(2_000), "h");
        let trainers = trainers_for(2_000);
        assert!(trainers > TRAINERS);
        for t in 0..trainers {
            let cohorts = big.cohorts.trainer_id.iter().filter(|&&x| x == FIRST_TRAINER_ID + t as i64).count();
            assert!(cohorts <= 4, "trainer {t} has {cohorts} cohorts");
        }
    }

    #[test]
    fn demo_learner_has_a_six_day_streak_in_her_own_time_zone() {
        let w = generate(&options(200), "h");
        let zone = zone_or_utc("Africa/Nairobi");
        let days = w
            .events
            .user_id
            .iter()
            .zip(&w.events.occurred_at)
            .zip(&w.events.kind)
            .filter(|((u, _), k)| **u == FIRST_TRAINER_ID + TRAINERS as i64 && *k != "sign_in")
            .map(|((_, t), _)| local_date(*t, zone));
        assert_eq!(crate::domain::calendar::streak(days, local_date(w.now, zone)), 6);
    }
}
