//! The demo curriculum and organisations: three learning paths in rural trades.

pub struct PathSpec {
    pub slug: &'static str,
    pub title: &'static str,
    pub trade: &'static str,
    pub summary: &'static str,
    pub modules: &'static [ModuleSpec],
}

/// A module check: (multiple-choice prompt, options, correct index, fill-in prompt, fill-in answer, open prompt).
pub type CheckSpec = (&'static str, &'static [&'static str], usize, &'static str, &'static str, &'static str);

pub struct ModuleSpec {
    pub title: &'static str,
    pub summary: &'static str,
    /// (title, kind, difficulty 1-5, minutes)
    pub lessons: &'static [(&'static str, &'static str, i16, i32)],
    pub check: CheckSpec,
}

pub const PATHS: &[PathSpec] = &[
    PathSpec {
        slug: "solar-home-systems",
        title: "Solar Home Systems: Install and Maintain",
        trade: "Solar maintenance",
        summary: "Install, service and repair the small solar systems that light rural homes and shops.",
        modules: &[
            ModuleSpec {
                title: "Safety and Tools",
                summary: "Work safely with DC power and get to know your toolkit.",
                lessons: &[
                    ("Working safely with DC electricity", "text", 1, 15),
                    ("Your toolkit: multimeter, crimper, insulation tester", "video", 1, 12),
                    ("Reading a panel's label", "interactive", 2, 20),
                    ("Safety check", "quiz", 1, 10),
                ],
                check: ("What do you do first before touching a battery terminal?", &["Put on gloves", "Switch off the charge controller and loads", "Tighten the terminal"], 1,
                        "A multimeter set to DC volts reads the ____ of a battery.", "voltage",
                        "Describe how you would make a customer's home safe before starting a repair."),
            },
            ModuleSpec {
                title: "Panels and Mounting",
                summary: "Choose where a panel goes and mount it to last.",
                lessons: &[
                    ("How a solar panel makes power", "text", 2, 15),
                    ("Choosing a roof or pole mount", "video", 2, 14),
                    ("Angle and shading walk-through", "interactive", 3, 25),
                    ("Mounting quiz", "quiz", 2, 10),
                ],
                check: ("Near the equator, how should a fixed panel sit?", &["Tilted steeply north", "Nearly flat, with a small tilt to shed rain", "Straight up"], 1,
                        "A tree that shades one cell can cut a panel's output by more than ____ percent.", "50",
                        "A customer's panel sits under a mango tree. Explain the options you would offer."),
            },
            ModuleSpec {
                title: "Batteries and Charge Controllers",
                summary: "Size, wire and look after the battery bank.",
                lessons: &[
                    ("Lead-acid or lithium: what rural customers need", "text", 3, 18),
                    ("Wiring a charge controller", "video", 3, 16),
                    ("Sizing a battery bank", "interactive", 4, 30),
                    ("Battery quiz", "quiz", 3, 12),
                ],
                check: ("Which device stops a battery from being overcharged?", &["Inverter", "Charge controller", "Fuse"], 1,
                        "Energy stored in a battery is measured in watt-____.", "hours",
                        "Explain to a shop owner why a cheap car battery fails quickly in a solar system."),
            },
            ModuleSpec {
                title: "Fault Finding and Customer Care",
                summary: "Find faults quickly and leave customers confident.",
                lessons: &[
                    ("The five most common faults", "text", 3, 15),
                    ("Diagnosing with a multimeter", "video", 4, 18),
                    ("Explaining a repair to a customer", "interactive", 2, 20),
                    ("Final troubleshooting check", "quiz", 4, 15),
                ],
                check: ("Lights work by day but not at night. What do you check first?", &["The panel", "The battery and its connections", "The light switches"], 1,
                        "A blown ____ protects the wiring from a short circuit.", "fuse",
                        "Write the three sentences you would say to a customer after replacing their charge controller."),
            },
        ],
    },
    PathSpec {
        slug: "agri-business-basics",
        title: "Agri-Business Basics",
        trade: "Agri-business",
        summary: "Turn a good harvest into a good income: markets, costs, storage and selling together.",
        modules: &[
            ModuleSpec {
                title: "Know Your Market",
                summary: "Find out who buys, when, and at what price.",
                lessons: &[
                    ("Who buys what you grow", "text", 1, 12),
                    ("Visiting a market day", "video", 1, 10),
                    ("Pricing your harvest", "interactive", 2, 20),
                    ("Market quiz", "quiz", 1, 8),
                ],
                check: ("When are maize prices usually lowest?", &["Just after harvest", "Just before planting", "In the rainy season"], 0,
                        "The price a trader pays at the farm is called the farm-____ price.", "gate",
                        "Name two buyers for your main crop and say what each one wants."),
            },
            ModuleSpec {
                title: "Inputs and Costs",
                summary: "Know what a season really costs you.",
                lessons: &[
                    ("Seeds, fertiliser and hidden costs", "text", 2, 15),
                    ("Keeping a cost diary", "interactive", 2, 20),
                    ("Costing quiz", "quiz", 2, 10),
                ],
                check: ("Which of these is a hidden cost?", &["Seed", "Your family's labour", "Fertiliser"], 1,
                        "Income minus costs is your ____.", "profit",
                        "List the costs of one season for one acre of your main crop."),
            },
            ModuleSpec {
                title: "Storage and Selling",
                summary: "Lose less after harvest and sell at a better time.",
                lessons: &[
                    ("Cutting post-harvest losses", "text", 2, 15),
                    ("Hermetic bags demonstration", "video", 2, 12),
                    ("Group selling through a cooperative", "text", 3, 18),
                    ("Selling quiz", "quiz", 3, 10),
                ],
                check: ("Hermetic bags protect grain mainly by...", &["Keeping it cool", "Cutting off air so insects die", "Adding chemicals"], 1,
                        "Selling together as a group gives more ____ power.", "bargaining",
                        "Explain when you would store your harvest and when you would sell it at once."),
            },
        ],
    },
    PathSpec {
        slug: "digital-bookkeeping",
        title: "Digital Bookkeeping for Small Shops",
        trade: "Digital bookkeeping",
        summary: "Keep simple, honest records on paper and phone, and plan with them.",
        modules: &[
            ModuleSpec {
                title: "Money In, Money Out",
                summary: "Start a cash book and keep it every day.",
                lessons: &[
                    ("Why write it down", "text", 1, 10),
                    ("Setting up a simple cash book", "video", 1, 12),
                    ("Record a day of sales", "interactive", 2, 20),
                    ("Cash book quiz", "quiz", 1, 8),
                ],
                check: ("When should you write a sale in the cash book?", &["At the end of the month", "When it happens, or the same day", "Only for big sales"], 1,
                        "Money coming into the business is called ____.", "income",
                        "Describe how you would record a sale paid half in cash and half by mobile money."),
            },
            ModuleSpec {
                title: "Mobile Money Records",
                summary: "Use your mobile money statement as a record.",
                lessons: &[
                    ("Reading your mobile money statement", "text", 2, 15),
                    ("Matching statements to sales", "interactive", 3, 25),
                    ("Mobile money quiz", "quiz", 2, 10),
                ],
                check: ("A withdrawal fee on your statement is...", &["Income", "A business cost", "A loan"], 1,
                        "Matching your records to the statement is called ____.", "reconciliation",
                        "Your cash book and statement differ by 500. List the steps to find out why."),
            },
            ModuleSpec {
                title: "Profit and Planning",
                summary: "Know your profit and plan for slow months.",
                lessons: &[
                    ("Profit is not cash", "text", 3, 15),
                    ("A monthly profit sheet", "video", 3, 15),
                    ("Planning for slow months", "interactive", 3, 25),
                    ("Planning quiz", "quiz", 3, 12),
                ],
                check: ("Stock you bought but have not sold yet is...", &["A cost this month", "Part of your assets", "Profit"], 1,
                        "Money set aside for slow months is a ____ fund.", "reserve",
                        "Make a short plan for your shop's three slowest months."),
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
}

pub const ORGS: &[OrgSpec] = &[
    OrgSpec { name: "Sunfield Energy Cooperative", sector: "Off-grid solar", region: "Kisumu, Kenya", time_zone: "Africa/Nairobi", path: 0, place: "Kisumu" },
    OrgSpec { name: "Green Valley Agri-Business Trust", sector: "Agriculture", region: "Nashik, India", time_zone: "Asia/Kolkata", path: 1, place: "Nashik" },
    OrgSpec { name: "Lakeside Microfinance", sector: "Microfinance", region: "Jinja, Uganda", time_zone: "Africa/Kampala", path: 2, place: "Jinja" },
    OrgSpec { name: "Andes Tailoring Collective", sector: "Tailoring and garments", region: "Cusco, Peru", time_zone: "America/Lima", path: 2, place: "Cusco" },
];

pub const FIRST_NAMES: &[&str] = &[
    "Amina", "Joseph", "Grace", "Peter", "Wanjiru", "Otieno", "Fatuma", "Samuel", "Achieng", "Brian", "Mercy", "Daniel",
    "Priya", "Ravi", "Sunita", "Arjun", "Lakshmi", "Vikram", "Kavita", "Suresh", "Nakato", "Okello", "Sarah", "Moses",
    "Rosa", "Luis", "Carmen", "José", "Lucía", "Mateo", "Esther", "David", "Halima", "Ibrahim", "Ruth", "Emmanuel",
];

pub const LAST_NAMES: &[&str] = &[
    "Odhiambo", "Wambui", "Mutua", "Kiptoo", "Njeri", "Patil", "Deshmukh", "Jadhav", "Kulkarni", "Pawar", "Nabirye",
    "Mukasa", "Namutebi", "Ssempala", "Quispe", "Mamani", "Huaman", "Condori", "Achieng", "Omondi", "Chebet", "Shinde",
];

/// (code, title, description, points)
pub const ACHIEVEMENTS: &[(&str, &str, &str, i32)] = &[
    ("first_lesson", "First step", "Completed your first lesson.", 10),
    ("module_complete", "Module finished", "Completed every lesson in a module.", 50),
    ("streak_7", "Seven-day streak", "Learned on seven days in a row.", 70),
    ("offline_learner", "Learning anywhere", "Completed a lesson you downloaded for offline use.", 20),
    ("quiz_ace", "Quiz ace", "Scored 90 or more on a module check.", 40),
];

pub const AI_FEEDBACK: &[&str] = &[
    "Correct on the multiple-choice and fill-in items. The open answer names the main steps; ask for one concrete example from the learner's own work.",
    "The fill-in answer is wrong; the learner may be mixing up two terms from the lesson. The open answer is short but on topic.",
    "Strong answers throughout. The open answer uses the lesson's vocabulary correctly and gives a realistic example.",
    "The multiple-choice item is wrong. The open answer shows practical experience but skips a safety or record-keeping step.",
];
