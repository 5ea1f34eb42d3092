//! The demo curriculum and organisations: three learning paths in rural trades.

use crate::domain::achievements::Criterion;
use crate::domain::language::Language;
use crate::model::learner::{AchievementCode, LessonKind};

pub struct PathSpec {
    pub slug: &'static str,
    pub title: &'static str,
    pub trade: &'static str,
    pub summary: &'static str,
    /// Whether any learner may join it by themselves (others come with a cohort).
    pub open_enrolment: bool,
    pub modules: &'static [ModuleSpec],
}

/// A module check: one multiple-choice, one fill-in and one open item.
pub struct CheckSpec {
    pub choice_prompt: &'static str,
    pub choices: &'static [&'static str],
    /// Index into `choices` of the right answer.
    pub correct: usize,
    pub fill_prompt: &'static str,
    pub fill_answer: &'static str,
    pub open_prompt: &'static str,
}

pub struct LessonSpec {
    pub title: &'static str,
    pub kind: LessonKind,
    /// 1 (first steps) to 5 (expert).
    pub difficulty: i16,
    pub minutes: i32,
}

pub struct ModuleSpec {
    pub title: &'static str,
    pub summary: &'static str,
    pub lessons: &'static [LessonSpec],
    pub check: CheckSpec,
}

pub const PATHS: &[PathSpec] = &[
    PathSpec {
        slug: "solar-home-systems",
        title: "Solar Home Systems: Install and Maintain",
        trade: "Solar maintenance",
        summary: "Install, service and repair the small solar systems that light rural homes and shops.",
        open_enrolment: false,
        modules: &[
            ModuleSpec {
                title: "Safety and Tools",
                summary: "Work safely with DC power and get to know your toolkit.",
                lessons: &[
                    LessonSpec { title: "Working safely with DC electricity", kind: LessonKind::Text, difficulty: 1, minutes: 15 },
                    LessonSpec {
                        title: "Your toolkit: multimeter, crimper, insulation tester",
                        kind: LessonKind::Video,
                        difficulty: 1,
                        minutes: 12,
                    },
                    LessonSpec { title: "Reading a panel's label", kind: LessonKind::Interactive, difficulty: 2, minutes: 20 },
                    LessonSpec { title: "Safety check", kind: LessonKind::Quiz, difficulty: 1, minutes: 10 },
                ],
                check: CheckSpec {
                    choice_prompt: "What do you do first before touching a battery terminal?",
                    choices: &["Put on gloves", "Switch off the charge controller and loads", "Tighten the terminal"],
                    correct: 1,
                    fill_prompt: "A multimeter set to DC volts reads the ____ of a battery.",
                    fill_answer: "voltage",
                    open_prompt: "Describe how you would make a customer's home safe before starting a repair.",
                },
            },
            ModuleSpec {
                title: "Panels and Mounting",
                summary: "Choose where a panel goes and mount it to last.",
                lessons: &[
                    LessonSpec { title: "How a solar panel makes power", kind: LessonKind::Text, difficulty: 2, minutes: 15 },
                    LessonSpec { title: "Choosing a roof or pole mount", kind: LessonKind::Video, difficulty: 2, minutes: 14 },
                    LessonSpec { title: "Angle and shading walk-through", kind: LessonKind::Interactive, difficulty: 3, minutes: 25 },
                    LessonSpec { title: "Mounting quiz", kind: LessonKind::Quiz, difficulty: 2, minutes: 10 },
                ],
                check: CheckSpec {
                    choice_prompt: "Near the equator, how should a fixed panel sit?",
                    choices: &["Tilted steeply north", "Nearly flat, with a small tilt to shed rain", "Straight up"],
                    correct: 1,
                    fill_prompt: "A tree that shades one cell can cut a panel's output by more than ____ percent.",
                    fill_answer: "50",
                    open_prompt: "A customer's panel sits under a mango tree. Explain the options you would offer.",
                },
            },
            ModuleSpec {
                title: "Batteries and Charge Controllers",
                summary: "Size, wire and look after the battery bank.",
                lessons: &[
                    LessonSpec {
                        title: "Lead-acid or lithium: what rural customers need",
                        kind: LessonKind::Text,
                        difficulty: 3,
                        minutes: 18,
                    },
                    LessonSpec { title: "Wiring a charge controller", kind: LessonKind::Video, difficulty: 3, minutes: 16 },
                    LessonSpec { title: "Sizing a battery bank", kind: LessonKind::Interactive, difficulty: 4, minutes: 30 },
                    LessonSpec { title: "Battery quiz", kind: LessonKind::Quiz, difficulty: 3, minutes: 12 },
                ],
                check: CheckSpec {
                    choice_prompt: "Which device stops a battery from being overcharged?",
                    choices: &["Inverter", "Charge controller", "Fuse"],
                    correct: 1,
                    fill_prompt: "Energy stored in a battery is measured in watt-____.",
                    fill_answer: "hours",
                    open_prompt: "Explain to a shop owner why a cheap car battery fails quickly in a solar system.",
                },
            },
            ModuleSpec {
                title: "Fault Finding and Customer Care",
                summary: "Find faults quickly and leave customers confident.",
                lessons: &[
                    LessonSpec { title: "The five most common faults", kind: LessonKind::Text, difficulty: 3, minutes: 15 },
                    LessonSpec { title: "Diagnosing with a multimeter", kind: LessonKind::Video, difficulty: 4, minutes: 18 },
                    LessonSpec { title: "Explaining a repair to a customer", kind: LessonKind::Interactive, difficulty: 2, minutes: 20 },
                    LessonSpec { title: "Final troubleshooting check", kind: LessonKind::Quiz, difficulty: 4, minutes: 15 },
                ],
                check: CheckSpec {
                    choice_prompt: "Lights work by day but not at night. What do you check first?",
                    choices: &["The panel", "The battery and its connections", "The light switches"],
                    correct: 1,
                    fill_prompt: "A blown ____ protects the wiring from a short circuit.",
                    fill_answer: "fuse",
                    open_prompt: "Write the three sentences you would say to a customer after replacing their charge controller.",
                },
            },
        ],
    },
    PathSpec {
        slug: "agri-business-basics",
        title: "Agri-Business Basics",
        trade: "Agri-business",
        summary: "Turn a good harvest into a good income: markets, costs, storage and selling together.",
        open_enrolment: false,
        modules: &[
            ModuleSpec {
                title: "Know Your Market",
                summary: "Find out who buys, when, and at what price.",
                lessons: &[
                    LessonSpec { title: "Who buys what you grow", kind: LessonKind::Text, difficulty: 1, minutes: 12 },
                    LessonSpec { title: "Visiting a market day", kind: LessonKind::Video, difficulty: 1, minutes: 10 },
                    LessonSpec { title: "Pricing your harvest", kind: LessonKind::Interactive, difficulty: 2, minutes: 20 },
                    LessonSpec { title: "Market quiz", kind: LessonKind::Quiz, difficulty: 1, minutes: 8 },
                ],
                check: CheckSpec {
                    choice_prompt: "When are maize prices usually lowest?",
                    choices: &["Just after harvest", "Just before planting", "In the rainy season"],
                    correct: 0,
                    fill_prompt: "The price a trader pays at the farm is called the farm-____ price.",
                    fill_answer: "gate",
                    open_prompt: "Name two buyers for your main crop and say what each one wants.",
                },
            },
            ModuleSpec {
                title: "Inputs and Costs",
                summary: "Know what a season really costs you.",
                lessons: &[
                    LessonSpec { title: "Seeds, fertiliser and hidden costs", kind: LessonKind::Text, difficulty: 2, minutes: 15 },
                    LessonSpec { title: "Keeping a cost diary", kind: LessonKind::Interactive, difficulty: 2, minutes: 20 },
                    LessonSpec { title: "Costing quiz", kind: LessonKind::Quiz, difficulty: 2, minutes: 10 },
                ],
                check: CheckSpec {
                    choice_prompt: "Which of these is a hidden cost?",
                    choices: &["Seed", "Your family's labour", "Fertiliser"],
                    correct: 1,
                    fill_prompt: "Income minus costs is your ____.",
                    fill_answer: "profit",
                    open_prompt: "List the costs of one season for one acre of your main crop.",
                },
            },
            ModuleSpec {
                title: "Storage and Selling",
                summary: "Lose less after harvest and sell at a better time.",
                lessons: &[
                    LessonSpec { title: "Cutting post-harvest losses", kind: LessonKind::Text, difficulty: 2, minutes: 15 },
                    LessonSpec { title: "Hermetic bags demonstration", kind: LessonKind::Video, difficulty: 2, minutes: 12 },
                    LessonSpec { title: "Group selling through a cooperative", kind: LessonKind::Text, difficulty: 3, minutes: 18 },
                    LessonSpec { title: "Selling quiz", kind: LessonKind::Quiz, difficulty: 3, minutes: 10 },
                ],
                check: CheckSpec {
                    choice_prompt: "Hermetic bags protect grain mainly by...",
                    choices: &["Keeping it cool", "Cutting off air so insects die", "Adding chemicals"],
                    correct: 1,
                    fill_prompt: "Selling together as a group gives more ____ power.",
                    fill_answer: "bargaining",
                    open_prompt: "Explain when you would store your harvest and when you would sell it at once.",
                },
            },
        ],
    },
    PathSpec {
        slug: "digital-bookkeeping",
        title: "Digital Bookkeeping for Small Shops",
        trade: "Digital bookkeeping",
        summary: "Keep simple, honest records on paper and phone, and plan with them.",
        open_enrolment: true,
        modules: &[
            ModuleSpec {
                title: "Money In, Money Out",
                summary: "Start a cash book and keep it every day.",
                lessons: &[
                    LessonSpec { title: "Why write it down", kind: LessonKind::Text, difficulty: 1, minutes: 10 },
                    LessonSpec { title: "Setting up a simple cash book", kind: LessonKind::Video, difficulty: 1, minutes: 12 },
                    LessonSpec { title: "Record a day of sales", kind: LessonKind::Interactive, difficulty: 2, minutes: 20 },
                    LessonSpec { title: "Cash book quiz", kind: LessonKind::Quiz, difficulty: 1, minutes: 8 },
                ],
                check: CheckSpec {
                    choice_prompt: "When should you write a sale in the cash book?",
                    choices: &["At the end of the month", "When it happens, or the same day", "Only for big sales"],
                    correct: 1,
                    fill_prompt: "Money coming into the business is called ____.",
                    fill_answer: "income",
                    open_prompt: "Describe how you would record a sale paid half in cash and half by mobile money.",
                },
            },
            ModuleSpec {
                title: "Mobile Money Records",
                summary: "Use your mobile money statement as a record.",
                lessons: &[
                    LessonSpec { title: "Reading your mobile money statement", kind: LessonKind::Text, difficulty: 2, minutes: 15 },
                    LessonSpec { title: "Matching statements to sales", kind: LessonKind::Interactive, difficulty: 3, minutes: 25 },
                    LessonSpec { title: "Mobile money quiz", kind: LessonKind::Quiz, difficulty: 2, minutes: 10 },
                ],
                check: CheckSpec {
                    choice_prompt: "A withdrawal fee on your statement is...",
                    choices: &["Income", "A business cost", "A loan"],
                    correct: 1,
                    fill_prompt: "Matching your records to the statement is called ____.",
                    fill_answer: "reconciliation",
                    open_prompt: "Your cash book and statement differ by 500. List the steps to find out why.",
                },
            },
            ModuleSpec {
                title: "Profit and Planning",
                summary: "Know your profit and plan for slow months.",
                lessons: &[
                    LessonSpec { title: "Profit is not cash", kind: LessonKind::Text, difficulty: 3, minutes: 15 },
                    LessonSpec { title: "A monthly profit sheet", kind: LessonKind::Video, difficulty: 3, minutes: 15 },
                    LessonSpec { title: "Planning for slow months", kind: LessonKind::Interactive, difficulty: 3, minutes: 25 },
                    LessonSpec { title: "Planning quiz", kind: LessonKind::Quiz, difficulty: 3, minutes: 12 },
                ],
                check: CheckSpec {
                    choice_prompt: "Stock you bought but have not sold yet is...",
                    choices: &["A cost this month", "Part of your assets", "Profit"],
                    correct: 1,
                    fill_prompt: "Money set aside for slow months is a ____ fund.",
                    fill_answer: "reserve",
                    open_prompt: "Make a short plan for your shop's three slowest months.",
                },
            },
        ],
    },
];

pub struct OrgSpec {
    pub name: &'static str,
    pub sector: &'static str,
    pub region: &'static str,
    pub time_zone: &'static str,
    pub path: usize,
    pub place: &'static str,
    /// The language some of its learners chose in RuralRise, besides English.
    pub local_language: Option<Language>,
    /// Share of its learners (percent) who chose `local_language`.
    pub local_language_percent: u32,
    /// Names its learners are drawn from.
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
}

pub const ORGS: &[OrgSpec] = &[
    OrgSpec {
        name: "Sunfield Energy Cooperative",
        sector: "Off-grid solar",
        region: "Kisumu, Kenya",
        time_zone: "Africa/Nairobi",
        path: 0,
        place: "Kisumu",
        local_language: Some(Language::Sw),
        local_language_percent: 40,
        first_names: &["Amina", "Joseph", "Grace", "Peter", "Wanjiru", "Otieno", "Fatuma", "Samuel", "Achieng", "Brian", "Mercy", "Daniel"],
        last_names: &["Odhiambo", "Wambui", "Mutua", "Kiptoo", "Njeri", "Achieng", "Omondi", "Chebet"],
    },
    OrgSpec {
        name: "Green Valley Agri-Business Trust",
        sector: "Agriculture",
        region: "Nashik, India",
        time_zone: "Asia/Kolkata",
        path: 1,
        place: "Nashik",
        local_language: None,
        local_language_percent: 0,
        first_names: &["Priya", "Ravi", "Sunita", "Arjun", "Lakshmi", "Vikram", "Kavita", "Suresh"],
        last_names: &["Patil", "Deshmukh", "Jadhav", "Kulkarni", "Pawar", "Shinde"],
    },
    OrgSpec {
        name: "Lakeside Microfinance",
        sector: "Microfinance",
        region: "Jinja, Uganda",
        time_zone: "Africa/Kampala",
        path: 2,
        place: "Jinja",
        local_language: Some(Language::Sw),
        local_language_percent: 40,
        first_names: &["Nakato", "Okello", "Sarah", "Moses", "Esther", "David", "Ruth", "Emmanuel", "Halima", "Ibrahim"],
        last_names: &["Nabirye", "Mukasa", "Namutebi", "Ssempala", "Kato", "Nansubuga"],
    },
    OrgSpec {
        name: "Andes Tailoring Collective",
        sector: "Tailoring and garments",
        region: "Cusco, Peru",
        time_zone: "America/Lima",
        path: 2,
        place: "Cusco",
        local_language: None,
        local_language_percent: 0,
        first_names: &["Rosa", "Luis", "Carmen", "José", "Lucía", "Mateo", "Juana", "Wilber"],
        last_names: &["Quispe", "Mamani", "Huaman", "Condori", "Ccahuana"],
    },
    OrgSpec {
        name: "Coopérative des Femmes du Karité",
        sector: "Shea processing",
        region: "Bobo-Dioulasso, Burkina Faso",
        time_zone: "Africa/Ouagadougou",
        path: 1,
        place: "Bobo-Dioulasso",
        local_language: Some(Language::Fr),
        local_language_percent: 70,
        first_names: &["Aminata", "Salif", "Mariam", "Ousmane", "Fatoumata", "Issouf", "Awa", "Boukary"],
        last_names: &["Ouédraogo", "Sawadogo", "Traoré", "Compaoré", "Kaboré", "Zongo"],
    },
];

pub const FIRST_NAMES: &[&str] = &[
    "Amina", "Joseph", "Grace", "Peter", "Wanjiru", "Otieno", "Fatuma", "Samuel", "Achieng", "Brian", "Mercy", "Daniel", "Priya", "Ravi",
    "Sunita", "Arjun", "Lakshmi", "Vikram", "Kavita", "Suresh", "Nakato", "Okello", "Sarah", "Moses", "Rosa", "Luis", "Carmen", "José",
    "Lucía", "Mateo", "Esther", "David", "Halima", "Ibrahim", "Ruth", "Emmanuel",
];

pub const LAST_NAMES: &[&str] = &[
    "Odhiambo", "Wambui", "Mutua", "Kiptoo", "Njeri", "Patil", "Deshmukh", "Jadhav", "Kulkarni", "Pawar", "Nabirye", "Mukasa", "Namutebi",
    "Ssempala", "Quispe", "Mamani", "Huaman", "Condori", "Achieng", "Omondi", "Chebet", "Shinde",
];

pub struct AchievementSpec {
    pub code: AchievementCode,
    /// The English reference text kept in the database; pages show the translation of `code`.
    pub title: &'static str,
    pub description: &'static str,
    pub points: i32,
    pub criterion: Criterion,
}

pub const ACHIEVEMENTS: &[AchievementSpec] = &[
    AchievementSpec {
        code: AchievementCode::FirstLesson,
        title: "First step",
        description: "Completed your first lesson.",
        points: 10,
        criterion: Criterion::LessonsCompleted { count: 1 },
    },
    AchievementSpec {
        code: AchievementCode::ModuleComplete,
        title: "Module finished",
        description: "Completed every lesson in a module.",
        points: 50,
        criterion: Criterion::ModulesCompleted { count: 1 },
    },
    AchievementSpec {
        code: AchievementCode::Streak5,
        title: "Five-day streak",
        description: "Learned on five days in a row.",
        points: 30,
        criterion: Criterion::StreakDays { days: 5 },
    },
    AchievementSpec {
        code: AchievementCode::Streak7,
        title: "Seven-day streak",
        description: "Learned on seven days in a row.",
        points: 70,
        criterion: Criterion::StreakDays { days: 7 },
    },
    AchievementSpec {
        code: AchievementCode::OfflineLearner,
        title: "Learning anywhere",
        description: "Completed a lesson you downloaded for offline use.",
        points: 20,
        criterion: Criterion::OfflineLessons { count: 1 },
    },
    AchievementSpec {
        code: AchievementCode::QuizAce,
        title: "Quiz ace",
        description: "Scored 90 or more on a module check.",
        points: 40,
        criterion: Criterion::BestScore { at_least: 90 },
    },
    AchievementSpec {
        code: AchievementCode::PerfectScore,
        title: "Perfect score",
        description: "Scored 100 on an assessment.",
        points: 60,
        criterion: Criterion::BestScore { at_least: 100 },
    },
    AchievementSpec {
        code: AchievementCode::Goal3Weeks,
        title: "Goal keeper",
        description: "Met your weekly goal three weeks running.",
        points: 60,
        criterion: Criterion::GoalWeeksRunning { weeks: 3 },
    },
];

/// The demo's text lessons, by title: Markdown kept in `lessons/` so authors edit prose, not Rust.
pub const TEXT_BODIES: &[(&str, &str)] = &[
    ("Working safely with DC electricity", include_str!("lessons/dc-safety.md")),
    ("How a solar panel makes power", include_str!("lessons/panel-power.md")),
    ("Lead-acid or lithium: what rural customers need", include_str!("lessons/battery-choice.md")),
    ("The five most common faults", include_str!("lessons/common-faults.md")),
    ("Who buys what you grow", include_str!("lessons/who-buys.md")),
    ("Seeds, fertiliser and hidden costs", include_str!("lessons/hidden-costs.md")),
    ("Cutting post-harvest losses", include_str!("lessons/post-harvest.md")),
    ("Group selling through a cooperative", include_str!("lessons/group-selling.md")),
    ("Why write it down", include_str!("lessons/why-write.md")),
    ("Reading your mobile money statement", include_str!("lessons/mobile-money.md")),
    ("Profit is not cash", include_str!("lessons/profit-not-cash.md")),
];

/// A demo lesson video (see `scripts/make-demo-videos.sh`): its file name and length, and what it
/// says, for learners who cannot play it.
pub struct Clip {
    pub name: &'static str,
    pub seconds: i32,
    pub transcript: &'static str,
}

/// The clip the video lessons of a path show.
pub fn demo_clip(path_slug: &str) -> Clip {
    match path_slug {
        "solar-home-systems" => Clip {
            name: "charge-controller-lights",
            seconds: 24,
            transcript: "Reading the lights. Switch nothing yet: look first. Green: the panel is charging. \
                         Yellow: the battery is half full, so use less tonight. Red: the battery is low or overloaded; \
                         switch the loads off, then check the wiring.",
        },
        "agri-business-basics" => Clip {
            name: "hermetic-storage",
            seconds: 24,
            transcript: "Storing grain safely. Dry grain snaps between the teeth. Step 1: fill the inner bag full. \
                         Step 2: press the air out and tie it. Step 3: keep bags off the floor and away from walls.",
        },
        _ => Clip {
            name: "cash-book",
            seconds: 24,
            transcript: "A simple cash book. One line for every sale or payment. Column 1: money in. Column 2: money out. \
                         At closing time, count the cash.",
        },
    }
}

/// The demo's practice scenarios (interactive lessons), by title, as stored in a lesson's content.
const SCENARIOS: &str = include_str!("scenarios.json");

/// The scenario steps of the interactive lesson titled `title` (an empty list when there is none).
pub fn scenario(title: &str) -> serde_json::Value {
    let all: serde_json::Value = serde_json::from_str(SCENARIOS).expect("scenarios.json is valid JSON");
    all.get(title).cloned().unwrap_or_else(|| serde_json::json!([]))
}

/// Each module's skills, the explanations of its check's scored items, and its quiz (the
/// module's quiz lesson), kept as JSON so authors edit questions, not Rust.
const QUIZZES: &str = include_str!("quizzes.json");

#[derive(serde::Deserialize)]
pub struct ModuleQuiz {
    /// The skills the module teaches (its lessons are tagged with them).
    pub skills: Vec<String>,
    /// For the check's single-choice and fill-in items, in that order.
    pub check_explanations: [String; 2],
    pub quiz: Vec<QuizItem>,
}

#[derive(serde::Deserialize)]
pub struct QuizItem {
    pub kind: crate::model::trainer::ItemKind,
    pub skills: Vec<String>,
    pub prompt: String,
    pub options: Vec<String>,
    pub key: crate::domain::assessment::AnswerKey,
    pub explanation: String,
}

/// Each module check's open item: its reference answer, and answers of every quality the demo's
/// learners write (the pre-scorer and the trainers' demo grades both meet them). JSON, like the
/// quizzes, so authors edit text, not Rust.
const OPEN_ANSWERS: &str = include_str!("open_answers.json");

#[derive(Debug, serde::Deserialize)]
pub struct OpenMaterial {
    pub prompt: String,
    pub reference: String,
    /// Every key point, in the lesson's words.
    pub complete: String,
    /// Every key point, in other words than the reference's.
    pub paraphrase: String,
    /// One key point, or a vague line.
    pub partial: String,
    /// The reference's words, without answering.
    pub off_topic: String,
    /// Most key points, in Kiswahili.
    pub kiswahili: String,
}

/// Every check's open-item material.
pub fn open_materials() -> Vec<OpenMaterial> {
    serde_json::from_str(OPEN_ANSWERS).expect("open_answers.json is valid")
}

/// The open item's material for the check whose open prompt is `prompt`.
pub fn open_material(prompt: &str) -> OpenMaterial {
    open_materials().into_iter().find(|m| m.prompt == prompt).unwrap_or_else(|| panic!("open_answers.json has no prompt {prompt:?}"))
}

/// The quiz material of the module titled `title`.
pub fn module_quiz(title: &str) -> ModuleQuiz {
    let mut all: std::collections::HashMap<String, ModuleQuiz> = serde_json::from_str(QUIZZES).expect("quizzes.json is valid");
    all.remove(title).unwrap_or_else(|| panic!("quizzes.json has no module {title:?}"))
}
