//! The path package, format `ruralrise-path/1`: a learning path as a folder people can read and
//! edit (Markdown with YAML front matter for the path, its modules and lessons; YAML for
//! assessments and rubrics; the media as files; a manifest), read into a checked [`Package`] with
//! every problem named by its file, and written back canonically, so that export → import →
//! export gives the same files. The README ("Content packages") documents the format for authors.
//! Archive limits (sizes, file counts, zip-slip) are the server's; this module still refuses any
//! path that is not a plain relative one.

use crate::domain::assessment::AnswerKey;
use crate::domain::language::Language;
use crate::domain::rubric::{Criterion, Rubric};
use crate::domain::scenario::{Scenario, Step};
use crate::model::learner::{LessonKind, ScorePolicy};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

pub const FORMAT: &str = "ruralrise-path/1";

/// The same text in each language it was written in; English is always there.
pub type Texts = BTreeMap<Language, String>;

/// A learning path as a package holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub slug: String,
    pub trade: String,
    pub open_enrolment: bool,
    pub title: Texts,
    pub summary: Texts,
    pub modules: Vec<Module>,
    /// By name (the file name under `assessments/`, without `.yaml`).
    pub assessments: BTreeMap<String, Assessment>,
    /// By name, shared by the assessments' open items.
    pub rubrics: BTreeMap<String, Rubric>,
    /// By file name under `media/`.
    pub media: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub title: Texts,
    pub summary: Texts,
    pub lessons: Vec<Lesson>,
    /// Assessments of the module that no quiz lesson shows (a module check), by name.
    pub checks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub title: Texts,
    /// A text lesson's Markdown, a video's transcript, a scenario's or a quiz's introduction.
    pub body: Texts,
    pub minutes: i32,
    pub difficulty: i16,
    pub skills: Vec<String>,
    /// The author lets learners save it to a phone.
    pub offline: bool,
    pub content: Content,
}

/// What a lesson is, with what only that kind has.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text,
    Video { media: String, poster: Option<String>, width: u32, height: u32, duration_seconds: u32 },
    Interactive { steps: Vec<Step> },
    Quiz { assessment: String },
}

impl Content {
    pub fn kind(&self) -> LessonKind {
        match self {
            Content::Text => LessonKind::Text,
            Content::Video { .. } => LessonKind::Video,
            Content::Interactive { .. } => LessonKind::Interactive,
            Content::Quiz { .. } => LessonKind::Quiz,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub title: String,
    pub pass_score: i32,
    pub max_attempts: Option<i32>,
    pub policy: ScorePolicy,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub prompt: String,
    /// The options shown, for choice items.
    pub options: Vec<String>,
    pub key: AnswerKey,
    pub points: i32,
    pub explanation: String,
    pub skills: Vec<String>,
    /// An open item's rubric, by name.
    pub rubric: Option<String>,
}

/// What is wrong with a package, naming the file (and the item or step) so an author can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("{0}: a file name must be a plain relative path (no '..', no leading '/', no backslashes)")]
    UnsafePath(String),
    #[error("{0} is missing")]
    Missing(String),
    #[error("{0} is not part of the format (nothing would read it); remove it or move it to media/")]
    Unexpected(String),
    #[error("{0} is not UTF-8 text")]
    NotText(String),
    #[error("{0} must start with front matter: a line '---', YAML, and another line '---'")]
    NoFrontMatter(String),
    #[error("{file}: {detail}")]
    Yaml { file: String, detail: String },
    #[error("{file}: {detail}")]
    Invalid { file: String, detail: String },
}

fn invalid(file: &str, detail: impl Into<String>) -> PackageError {
    PackageError::Invalid { file: file.to_owned(), detail: detail.into() }
}

// ---- The files' shapes -----------------------------------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathFront {
    format: String,
    slug: String,
    title: String,
    trade: String,
    #[serde(default)]
    open_enrolment: bool,
}

/// A translation's front matter: the title in that language (its body is the translated text).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantFront {
    title: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleFront {
    title: String,
    /// Module checks: assessments taken from the module's page rather than in a quiz lesson.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    checks: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFront {
    title: String,
    kind: LessonKind,
    minutes: i32,
    difficulty: i16,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    skills: Vec<String>,
    #[serde(default)]
    offline: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    poster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    steps: Option<Vec<Step>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    assessment: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentFile {
    title: String,
    pass_score: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_attempts: Option<i32>,
    #[serde(default = "best")]
    score_policy: ScorePolicy,
    items: Vec<ItemFile>,
}

fn best() -> ScorePolicy {
    ScorePolicy::Best
}

/// An item as an author writes it. Options are counted from 1 here ("correct: 2" is the second
/// option), as people count; the stored key counts from 0.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    #[serde(rename = "type")]
    kind: ItemType,
    prompt: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    correct: Option<Correct>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    accepted: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tolerance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rubric: Option<String>,
    #[serde(default = "one")]
    points: i32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    explanation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    skills: Vec<String>,
}

fn one() -> i32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ItemType {
    Single,
    Multiple,
    Text,
    Number,
    Open,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Correct {
    One(usize),
    Many(Vec<usize>),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    criteria: Vec<Criterion>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    path: String,
    #[serde(default)]
    media: Vec<MediaEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MediaEntry {
    file: String,
    bytes: u64,
    sha256: String,
}

// ---- Reading ---------------------------------------------------------------------------------

/// Reads a package from its files (paths relative to the package's folder). Every problem found
/// is returned, not only the first, so an author fixes them in one pass.
pub fn read(files: &BTreeMap<String, Vec<u8>>) -> Result<Package, Vec<PackageError>> {
    let mut problems = Vec::new();
    for name in files.keys() {
        if !is_plain_path(name) {
            problems.push(PackageError::UnsafePath(name.clone()));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut reader = Reader { files, used: &mut used, problems: &mut problems };
    let package = reader.package();
    for name in files.keys() {
        if !used.contains(name.as_str()) {
            problems.push(PackageError::Unexpected(name.clone()));
        }
    }
    match package {
        Some(p) if problems.is_empty() => Ok(p),
        _ => Err(problems),
    }
}

fn is_plain_path(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

struct Reader<'a, 'u> {
    files: &'a BTreeMap<String, Vec<u8>>,
    used: &'u mut BTreeSet<&'a str>,
    problems: &'u mut Vec<PackageError>,
}

impl<'a> Reader<'a, '_> {
    fn text(&mut self, name: &str) -> Option<&'a str> {
        let Some((key, bytes)) = self.files.get_key_value(name) else {
            self.problems.push(PackageError::Missing(name.to_owned()));
            return None;
        };
        self.used.insert(key.as_str());
        match std::str::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(_) => {
                self.problems.push(PackageError::NotText(name.to_owned()));
                None
            }
        }
    }

    fn yaml<T: serde::de::DeserializeOwned>(&mut self, name: &str, text: &str) -> Option<T> {
        match serde_norway::from_str(text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(PackageError::Yaml { file: name.to_owned(), detail: e.to_string() });
                None
            }
        }
    }

    /// A Markdown file's front matter, read as `T`, and its body.
    fn markdown<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Option<(T, String)> {
        let text = self.text(name)?;
        let Some((front, body)) = split_front_matter(text) else {
            self.problems.push(PackageError::NoFrontMatter(name.to_owned()));
            return None;
        };
        Some((self.yaml(name, front)?, body))
    }

    /// The English file `stem.md` and its translations `stem.sw.md`, `stem.fr.md`.
    fn with_variants<T: serde::de::DeserializeOwned>(&mut self, dir: &str, stem: &str) -> Option<(T, String, Texts, Texts)> {
        let (front, body) = self.markdown::<T>(&format!("{dir}{stem}.md"))?;
        let (mut titles, mut bodies) = (Texts::new(), Texts::new());
        bodies.insert(Language::En, body);
        for language in Language::all().filter(|l| *l != Language::En) {
            let name = format!("{dir}{stem}.{}.md", language.code());
            if self.files.contains_key(&name)
                && let Some((variant, body)) = self.markdown::<VariantFront>(&name)
            {
                titles.insert(language, variant.title);
                bodies.insert(language, body);
            }
        }
        Some((front, bodies.remove(&Language::En).unwrap_or_default(), titles, bodies))
    }

    fn package(&mut self) -> Option<Package> {
        let (front, summary_en, mut title, mut summary) = self.with_variants::<PathFront>("", "path")?;
        if front.format != FORMAT {
            self.problems.push(invalid("path.md", format!("format is {:?}; this version reads {FORMAT:?}", front.format)));
        }
        if !is_slug(&front.slug) {
            self.problems.push(invalid("path.md", "slug: use lower-case letters, digits and '-' only"));
        }
        title.insert(Language::En, front.title);
        summary.insert(Language::En, summary_en);
        self.required("path.md", &title);
        let rubrics = self.rubrics();
        let assessments = self.assessments(&rubrics);
        let media = self.media(&front.slug);
        let modules = self.modules(&assessments, &media);
        // Each assessment belongs to one module: through a quiz lesson or as a module check.
        let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &modules {
            let quizzes = m.lessons.iter().filter_map(|l| match &l.content {
                Content::Quiz { assessment } => Some(assessment.as_str()),
                _ => None,
            });
            for name in quizzes.chain(m.checks.iter().map(String::as_str)) {
                *uses.entry(name).or_default() += 1;
            }
        }
        for name in assessments.keys() {
            match uses.get(name.as_str()) {
                None => self.problems.push(invalid(
                    &format!("assessments/{name}.yaml"),
                    "no quiz lesson or module check uses it; name it in one, or remove the file",
                )),
                Some(n) if *n > 1 => self.problems.push(invalid(
                    &format!("assessments/{name}.yaml"),
                    "more than one quiz lesson or module check uses it; an assessment belongs to one",
                )),
                _ => {}
            }
        }
        Some(Package {
            slug: front.slug,
            trade: front.trade,
            open_enrolment: front.open_enrolment,
            title,
            summary,
            modules,
            assessments,
            rubrics,
            media,
        })
    }

    fn required(&mut self, file: &str, title: &Texts) {
        if title.get(&Language::En).is_none_or(|t| t.trim().is_empty()) {
            self.problems.push(invalid(file, "title: an English title is needed"));
        }
    }

    /// Every folder `NN-name/` holding a `module.md`, in name order.
    fn modules(&mut self, assessments: &BTreeMap<String, Assessment>, media: &BTreeMap<String, Vec<u8>>) -> Vec<Module> {
        let files = self.files;
        let dirs: BTreeSet<&str> = files
            .keys()
            .filter_map(|k| k.split_once('/').map(|(dir, _)| dir))
            .filter(|d| !matches!(*d, "assessments" | "rubrics" | "media"))
            .collect();
        let mut modules = Vec::new();
        for dir in dirs {
            let prefix = format!("{dir}/");
            let Some((front, summary_en, mut title, mut summary)) = self.with_variants::<ModuleFront>(&prefix, "module") else {
                continue;
            };
            title.insert(Language::En, front.title);
            summary.insert(Language::En, summary_en);
            self.required(&format!("{prefix}module.md"), &title);
            for name in front.checks.iter().filter(|n| !assessments.contains_key(*n)) {
                self.problems
                    .push(invalid(&format!("{prefix}module.md"), format!("checks: assessments/{name}.yaml is not in the package")));
            }
            let stems: BTreeSet<&str> = files
                .keys()
                .filter_map(|k| k.strip_prefix(&prefix))
                .filter(|rest| !rest.contains('/'))
                .filter_map(|rest| rest.strip_suffix(".md"))
                .filter(|stem| *stem != "module" && !Language::all().any(|l| stem.ends_with(&format!(".{}", l.code()))))
                .collect();
            let lessons = stems.into_iter().filter_map(|stem| self.lesson(&prefix, stem, assessments, media)).collect::<Vec<_>>();
            if lessons.is_empty() {
                self.problems.push(invalid(&format!("{prefix}module.md"), "this module has no lessons"));
            }
            modules.push(Module { title, summary, lessons, checks: front.checks });
        }
        if modules.is_empty() {
            self.problems.push(invalid("path.md", "the path has no modules (folders with a module.md)"));
        }
        modules
    }

    fn lesson(
        &mut self,
        dir: &str,
        stem: &str,
        assessments: &BTreeMap<String, Assessment>,
        media: &BTreeMap<String, Vec<u8>>,
    ) -> Option<Lesson> {
        let file = format!("{dir}{stem}.md");
        let (front, body_en, mut title, mut body) = self.with_variants::<LessonFront>(dir, stem)?;
        title.insert(Language::En, front.title.clone());
        body.insert(Language::En, body_en);
        self.required(&file, &title);
        if !(1..=600).contains(&front.minutes) {
            self.problems.push(invalid(&file, "minutes: from 1 to 600"));
        }
        if !(1..=5).contains(&front.difficulty) {
            self.problems.push(invalid(&file, "difficulty: from 1 (first steps) to 5 (expert)"));
        }
        let has = |field: bool, name: &str| if field { Some(name.to_owned()) } else { None };
        let extra: Vec<String> = match front.kind {
            LessonKind::Text => {
                [has(front.media.is_some(), "media"), has(front.steps.is_some(), "steps"), has(front.assessment.is_some(), "assessment")]
                    .into_iter()
                    .flatten()
                    .collect()
            }
            LessonKind::Video => {
                [has(front.steps.is_some(), "steps"), has(front.assessment.is_some(), "assessment")].into_iter().flatten().collect()
            }
            LessonKind::Interactive => {
                [has(front.media.is_some(), "media"), has(front.assessment.is_some(), "assessment")].into_iter().flatten().collect()
            }
            LessonKind::Quiz => [has(front.media.is_some(), "media"), has(front.steps.is_some(), "steps")].into_iter().flatten().collect(),
        };
        if !extra.is_empty() {
            self.problems.push(invalid(&file, format!("a {} lesson has no {}", front.kind, extra.join(", "))));
        }
        let content = match front.kind {
            LessonKind::Text => Content::Text,
            LessonKind::Video => {
                let Some(file_name) = front.media.clone() else {
                    self.problems.push(invalid(&file, "media: a video lesson names its video under media/"));
                    return None;
                };
                for m in std::iter::once(&file_name).chain(front.poster.as_ref()) {
                    if !media.contains_key(m) {
                        self.problems.push(invalid(&file, format!("media/{m} is not in the package")));
                    }
                }
                Content::Video {
                    media: file_name,
                    poster: front.poster,
                    width: front.width.unwrap_or(0),
                    height: front.height.unwrap_or(0),
                    duration_seconds: front.duration_seconds.unwrap_or(0),
                }
            }
            LessonKind::Interactive => {
                let steps = front.steps.unwrap_or_default();
                if let Err(e) = Scenario::new(steps.clone()) {
                    self.problems.push(invalid(&file, format!("steps: {e}")));
                }
                Content::Interactive { steps }
            }
            LessonKind::Quiz => {
                let Some(name) = front.assessment else {
                    self.problems.push(invalid(&file, "assessment: a quiz lesson names its assessment (a file in assessments/)"));
                    return None;
                };
                if !assessments.contains_key(&name) {
                    self.problems.push(invalid(&file, format!("assessments/{name}.yaml is not in the package")));
                }
                Content::Quiz { assessment: name }
            }
        };
        Some(Lesson {
            title,
            body,
            minutes: front.minutes,
            difficulty: front.difficulty,
            skills: front.skills,
            offline: front.offline,
            content,
        })
    }

    /// The YAML files directly under `dir/`, by name without `.yaml`.
    fn yaml_files(&self, dir: &str) -> Vec<(String, String)> {
        self.files
            .keys()
            .filter_map(|k| k.strip_prefix(&format!("{dir}/")).map(|rest| (k, rest)))
            .filter_map(|(k, rest)| rest.strip_suffix(".yaml").filter(|n| !n.contains('/')).map(|n| (k.clone(), n.to_owned())))
            .collect()
    }

    fn rubrics(&mut self) -> BTreeMap<String, Rubric> {
        let mut out = BTreeMap::new();
        for (file, name) in self.yaml_files("rubrics") {
            let Some(text) = self.text(&file) else { continue };
            let Some(r) = self.yaml::<RubricFile>(&file, text) else { continue };
            match Rubric::new(r.criteria) {
                Ok(rubric) => {
                    out.insert(name, rubric);
                }
                Err(e) => self.problems.push(invalid(&file, e.to_string())),
            }
        }
        out
    }

    fn assessments(&mut self, rubrics: &BTreeMap<String, Rubric>) -> BTreeMap<String, Assessment> {
        let mut out = BTreeMap::new();
        for (file, name) in self.yaml_files("assessments") {
            let Some(text) = self.text(&file) else { continue };
            let Some(a) = self.yaml::<AssessmentFile>(&file, text) else { continue };
            if !(0..=100).contains(&a.pass_score) {
                self.problems.push(invalid(&file, "pass_score: a percent from 0 to 100"));
            }
            if a.max_attempts.is_some_and(|m| !(1..=100).contains(&m)) {
                self.problems.push(invalid(&file, "max_attempts: from 1 to 100, or left out for no limit"));
            }
            if a.items.is_empty() {
                self.problems.push(invalid(&file, "items: an assessment needs at least one item"));
            }
            let items = a
                .items
                .into_iter()
                .enumerate()
                .filter_map(|(i, item)| match item_from_file(item, rubrics) {
                    Ok(item) => Some(item),
                    Err(detail) => {
                        self.problems.push(invalid(&file, format!("item {}: {detail}", i + 1)));
                        None
                    }
                })
                .collect();
            out.insert(
                name,
                Assessment { title: a.title, pass_score: a.pass_score, max_attempts: a.max_attempts, policy: a.score_policy, items },
            );
        }
        out
    }

    /// The media files, each listed in the manifest with its size and SHA-256, so a file changed
    /// or lost on the way is caught.
    fn media(&mut self, slug: &str) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let Some(text) = self.text("manifest.yaml") else { return out };
        let Some(manifest) = self.yaml::<Manifest>("manifest.yaml", text) else { return out };
        if manifest.format != FORMAT {
            self.problems.push(invalid("manifest.yaml", format!("format is {:?}; this version reads {FORMAT:?}", manifest.format)));
        }
        if manifest.path != slug {
            self.problems.push(invalid("manifest.yaml", format!("path is {:?} but path.md's slug is {slug:?}", manifest.path)));
        }
        for entry in manifest.media {
            let name = format!("media/{}", entry.file);
            if !is_plain_path(&entry.file) {
                self.problems.push(PackageError::UnsafePath(name));
                continue;
            }
            let Some((key, bytes)) = self.files.get_key_value(&name) else {
                self.problems.push(PackageError::Missing(name));
                continue;
            };
            self.used.insert(key.as_str());
            if bytes.len() as u64 != entry.bytes || sha256(bytes) != entry.sha256 {
                self.problems.push(invalid(
                    "manifest.yaml",
                    format!(
                        "{name} is not the file the manifest lists ({} bytes, not {}); put the right file back or list this one",
                        bytes.len(),
                        entry.bytes
                    ),
                ));
            }
            out.insert(entry.file, bytes.clone());
        }
        out
    }
}

fn item_from_file(f: ItemFile, rubrics: &BTreeMap<String, Rubric>) -> Result<Item, String> {
    if f.prompt.trim().is_empty() {
        return Err("prompt: the question is empty".into());
    }
    if !(0..=100).contains(&f.points) {
        return Err("points: from 0 to 100".into());
    }
    let choice = matches!(f.kind, ItemType::Single | ItemType::Multiple);
    if choice && f.options.len() < 2 {
        return Err("options: a choice item needs two or more options".into());
    }
    if !choice && !f.options.is_empty() {
        return Err("options: only choice items have options".into());
    }
    if f.rubric.is_some() && f.kind != ItemType::Open {
        return Err("rubric: only open items have a rubric".into());
    }
    // Counted from 1 in the file.
    let index = |n: usize| {
        if (1..=f.options.len()).contains(&n) {
            Ok(n - 1)
        } else {
            Err(format!("correct: {n} is not one of the options 1 to {}", f.options.len()))
        }
    };
    let key = match (f.kind, f.correct) {
        (ItemType::Single, Some(Correct::One(n))) => AnswerKey::Single { correct: index(n)? },
        (ItemType::Multiple, Some(Correct::Many(ns))) if !ns.is_empty() => {
            let mut correct = ns.into_iter().map(index).collect::<Result<Vec<_>, _>>()?;
            correct.sort_unstable();
            correct.dedup();
            AnswerKey::Multiple { correct }
        }
        (ItemType::Single, _) => return Err("correct: the number of the right option".into()),
        (ItemType::Multiple, _) => return Err("correct: a list of the right options' numbers, e.g. [1, 3]".into()),
        (ItemType::Text, None) if !f.accepted.is_empty() => AnswerKey::Text { accepted: f.accepted },
        (ItemType::Text, _) => return Err("accepted: the answers that count as right".into()),
        (ItemType::Number, None) => match f.value {
            Some(value) if value.is_finite() && f.tolerance.is_none_or(|t| t.is_finite() && t >= 0.0) => {
                AnswerKey::Number { value, tolerance: f.tolerance.unwrap_or(0.0) }
            }
            _ => return Err("value: the right number (and tolerance, if any, 0 or more)".into()),
        },
        (ItemType::Open, None) => AnswerKey::Open { reference: f.reference.unwrap_or_default() },
        (_, Some(_)) => return Err("correct: only choice items have one".into()),
    };
    if let Some(r) = &f.rubric
        && !rubrics.contains_key(r)
    {
        return Err(format!("rubric: rubrics/{r}.yaml is not in the package"));
    }
    Ok(Item { prompt: f.prompt, options: f.options, key, points: f.points, explanation: f.explanation, skills: f.skills, rubric: f.rubric })
}

fn item_to_file(item: &Item) -> ItemFile {
    let mut f = ItemFile {
        kind: ItemType::Open,
        prompt: item.prompt.clone(),
        options: item.options.clone(),
        correct: None,
        accepted: Vec::new(),
        value: None,
        tolerance: None,
        reference: None,
        rubric: item.rubric.clone(),
        points: item.points,
        explanation: item.explanation.clone(),
        skills: item.skills.clone(),
    };
    match &item.key {
        AnswerKey::Single { correct } => (f.kind, f.correct) = (ItemType::Single, Some(Correct::One(correct + 1))),
        AnswerKey::Multiple { correct } => {
            (f.kind, f.correct) = (ItemType::Multiple, Some(Correct::Many(correct.iter().map(|c| c + 1).collect())))
        }
        AnswerKey::Text { accepted } => (f.kind, f.accepted) = (ItemType::Text, accepted.clone()),
        AnswerKey::Number { value, tolerance } => {
            (f.kind, f.value, f.tolerance) = (ItemType::Number, Some(*value), (*tolerance != 0.0).then_some(*tolerance))
        }
        AnswerKey::Open { reference } => f.reference = (!reference.is_empty()).then(|| reference.clone()),
    }
    f
}

/// Splits `---\n<yaml>---\n<body>`; the body loses the blank lines around it.
fn split_front_matter(text: &str) -> Option<(&str, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Some((&rest[..offset], body.trim_matches(|c| c == '\n' || c == '\r').replace("\r\n", "\n")));
        }
        offset += line.len();
    }
    None
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.len() <= 80 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

// ---- Writing ---------------------------------------------------------------------------------

/// The package's files, canonical: modules and lessons numbered in order and named after their
/// English titles, YAML in a fixed field order, each file ending in one newline. Writing what
/// [`read`] gave back gives the same files.
pub fn write(p: &Package) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut out = BTreeMap::new();
    let mut put = |name: String, text: String| {
        out.insert(name, text.into_bytes());
    };
    let en = |t: &Texts| t.get(&Language::En).cloned().unwrap_or_default();
    let front = PathFront {
        format: FORMAT.into(),
        slug: p.slug.clone(),
        title: en(&p.title),
        trade: p.trade.clone(),
        open_enrolment: p.open_enrolment,
    };
    put("path.md".into(), markdown(&front, &en(&p.summary))?);
    variants(&mut put, "", "path", &p.title, &p.summary)?;
    let width = p.modules.len().max(10).to_string().len();
    for (m, module) in p.modules.iter().enumerate() {
        let dir = format!("{:0width$}-{}/", m + 1, name_of(&en(&module.title), "module"));
        put(
            format!("{dir}module.md"),
            markdown(&ModuleFront { title: en(&module.title), checks: module.checks.clone() }, &en(&module.summary))?,
        );
        variants(&mut put, &dir, "module", &module.title, &module.summary)?;
        let width = module.lessons.len().max(10).to_string().len();
        for (l, lesson) in module.lessons.iter().enumerate() {
            let stem = format!("{:0width$}-{}", l + 1, name_of(&en(&lesson.title), "lesson"));
            let mut front = LessonFront {
                title: en(&lesson.title),
                kind: lesson.content.kind(),
                minutes: lesson.minutes,
                difficulty: lesson.difficulty,
                skills: lesson.skills.clone(),
                offline: lesson.offline,
                media: None,
                poster: None,
                width: None,
                height: None,
                duration_seconds: None,
                steps: None,
                assessment: None,
            };
            match &lesson.content {
                Content::Text => {}
                Content::Video { media, poster, width, height, duration_seconds } => {
                    front.media = Some(media.clone());
                    front.poster = poster.clone();
                    front.width = Some(*width).filter(|w| *w > 0);
                    front.height = Some(*height).filter(|h| *h > 0);
                    front.duration_seconds = Some(*duration_seconds).filter(|d| *d > 0);
                }
                Content::Interactive { steps } => front.steps = Some(steps.clone()),
                Content::Quiz { assessment } => front.assessment = Some(assessment.clone()),
            }
            put(format!("{dir}{stem}.md"), markdown(&front, &en(&lesson.body))?);
            variants(&mut put, &dir, &stem, &lesson.title, &lesson.body)?;
        }
    }
    for (name, a) in &p.assessments {
        let file = AssessmentFile {
            title: a.title.clone(),
            pass_score: a.pass_score,
            max_attempts: a.max_attempts,
            score_policy: a.policy,
            items: a.items.iter().map(item_to_file).collect(),
        };
        put(format!("assessments/{name}.yaml"), yaml(&file)?);
    }
    for (name, r) in &p.rubrics {
        put(format!("rubrics/{name}.yaml"), yaml(&RubricFile { criteria: r.criteria().to_vec() })?);
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        path: p.slug.clone(),
        media: p
            .media
            .iter()
            .map(|(file, bytes)| MediaEntry { file: file.clone(), bytes: bytes.len() as u64, sha256: sha256(bytes) })
            .collect(),
    };
    put("manifest.yaml".into(), yaml(&manifest)?);
    for (file, bytes) in &p.media {
        out.insert(format!("media/{file}"), bytes.clone());
    }
    Ok(out)
}

fn variants(put: &mut impl FnMut(String, String), dir: &str, stem: &str, titles: &Texts, bodies: &Texts) -> Result<(), String> {
    for (language, title) in titles.iter().filter(|(l, _)| **l != Language::En) {
        let body = bodies.get(language).cloned().unwrap_or_default();
        put(format!("{dir}{stem}.{}.md", language.code()), markdown(&VariantFront { title: title.clone() }, &body)?);
    }
    Ok(())
}

fn yaml<T: Serialize>(value: &T) -> Result<String, String> {
    serde_norway::to_string(value).map_err(|e| e.to_string())
}

fn markdown<T: Serialize>(front: &T, body: &str) -> Result<String, String> {
    let body = body.trim_matches('\n');
    Ok(if body.is_empty() { format!("---\n{}---\n", yaml(front)?) } else { format!("---\n{}---\n\n{body}\n", yaml(front)?) })
}

/// A file name from a title: "Cash book: the basics" → "cash-book-the-basics".
fn name_of(title: &str, fallback: &str) -> String {
    let mut out = String::new();
    // Accents folded as a fill-in answer's are ("Ça" → "ca").
    for c in crate::domain::assessment::normalise(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() { fallback.to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::Level;
    use crate::domain::scenario::Choice;

    fn texts(pairs: &[(Language, &str)]) -> Texts {
        pairs.iter().map(|(l, t)| (*l, (*t).to_owned())).collect()
    }

    fn sample() -> Package {
        let rubric = Rubric::new(vec![Criterion {
            name: "Steps in order".into(),
            levels: vec![
                Level { points: 0, descriptor: "No steps".into() },
                Level { points: 2, descriptor: "Some steps: in order".into() },
            ],
        }])
        .unwrap();
        let item = |key: AnswerKey, options: &[&str]| Item {
            prompt: "What comes first?".into(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            key,
            points: 2,
            explanation: String::new(),
            skills: vec!["cash-book".into()],
            rubric: None,
        };
        let mut open = item(AnswerKey::Open { reference: "Count, then write.".into() }, &[]);
        open.rubric = Some("steps".into());
        open.explanation = "Counting first keeps the book true.".into();
        let assessment = Assessment {
            title: "Cash book check".into(),
            pass_score: 60,
            max_attempts: Some(3),
            policy: ScorePolicy::Best,
            items: vec![
                item(AnswerKey::Single { correct: 1 }, &["Write", "Count", "Sleep"]),
                item(AnswerKey::Multiple { correct: vec![0, 2] }, &["Date", "Weather", "Amount"]),
                item(AnswerKey::Text { accepted: vec!["expense".into(), "cost".into()] }, &[]),
                item(AnswerKey::Number { value: 3000.0, tolerance: 0.5 }, &[]),
                open,
            ],
        };
        let lesson = |title: &str, content: Content| Lesson {
            title: texts(&[(Language::En, title)]),
            body: texts(&[(Language::En, "Some *Markdown*.\n\n- one\n- two")]),
            minutes: 10,
            difficulty: 2,
            skills: vec![],
            offline: true,
            content,
        };
        let mut text = lesson("Why keep records?", Content::Text);
        text.title.insert(Language::Sw, "Kwa nini kuweka kumbukumbu?".into());
        text.body.insert(Language::Sw, "Maandishi ya *Markdown*.".into());
        text.skills = vec!["record-keeping".into()];
        Package {
            slug: "digital-bookkeeping".into(),
            trade: "Small business".into(),
            open_enrolment: true,
            title: texts(&[(Language::En, "Digital Bookkeeping"), (Language::Fr, "Comptabilité numérique")]),
            summary: texts(&[(Language::En, "Keep a cash book."), (Language::Fr, "Tenir un livre de caisse.")]),
            modules: vec![Module {
                title: texts(&[(Language::En, "The cash book")]),
                summary: texts(&[(Language::En, "Money in, money out.")]),
                lessons: vec![
                    text,
                    lesson(
                        "Counting the till",
                        Content::Video {
                            media: "video/till.mp4".into(),
                            poster: Some("till.jpg".into()),
                            width: 640,
                            height: 360,
                            duration_seconds: 95,
                        },
                    ),
                    lesson(
                        "A busy market day",
                        Content::Interactive {
                            steps: vec![Step {
                                situation: "A customer pays half in cash.".into(),
                                question: "What do you write?".into(),
                                choices: vec![
                                    Choice { text: "Two lines".into(), correct: true, feedback: "Yes: one per way of paying.".into() },
                                    Choice { text: "Nothing".into(), correct: false, feedback: "Every sale is written.".into() },
                                ],
                            }],
                        },
                    ),
                    lesson("Cash book quiz", Content::Quiz { assessment: "cash-book-check".into() }),
                ],
                checks: vec!["module-check".into()],
            }],
            assessments: [
                (
                    "module-check".to_owned(),
                    Assessment { title: "Module check".into(), items: assessment.items[..1].to_vec(), ..assessment.clone() },
                ),
                ("cash-book-check".to_owned(), assessment),
            ]
            .into_iter()
            .collect(),
            rubrics: [("steps".to_owned(), rubric)].into_iter().collect(),
            media: [("video/till.mp4".to_owned(), vec![0, 0, 0, 24, b'f', b't']), ("till.jpg".to_owned(), vec![0xff, 0xd8, 0xff])]
                .into_iter()
                .collect(),
        }
    }

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec())).collect()
    }

    fn text_of(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
        String::from_utf8(files[name].clone()).unwrap()
    }

    #[test]
    fn written_and_read_back_it_is_the_same_package_and_the_same_files() {
        let p = sample();
        let first = write(&p).unwrap();
        let names: Vec<&str> = first.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "01-the-cash-book/01-why-keep-records.md",
                "01-the-cash-book/01-why-keep-records.sw.md",
                "01-the-cash-book/02-counting-the-till.md",
                "01-the-cash-book/03-a-busy-market-day.md",
                "01-the-cash-book/04-cash-book-quiz.md",
                "01-the-cash-book/module.md",
                "assessments/cash-book-check.yaml",
                "assessments/module-check.yaml",
                "manifest.yaml",
                "media/till.jpg",
                "media/video/till.mp4",
                "path.fr.md",
                "path.md",
                "rubrics/steps.yaml",
            ]
        );
        let read_back = read(&first).unwrap();
        assert_eq!(read_back, p);
        assert_eq!(write(&read_back).unwrap(), first, "export → import → export gives the same files");
        // People count options from 1.
        let check = text_of(&first, "assessments/cash-book-check.yaml");
        assert!(check.contains("correct: 2\n") && check.contains("- 1\n  - 3\n"), "{check}");
        let sw = text_of(&first, "01-the-cash-book/01-why-keep-records.sw.md");
        assert!(sw.starts_with("---\ntitle: ") && sw.ends_with("---\n\nMaandishi ya *Markdown*.\n"), "{sw}");
    }

    #[test]
    fn a_folder_written_by_hand_reads_as_its_author_meant() {
        let f = files(&[
            ("path.md", "---\nformat: ruralrise-path/1\nslug: solar\ntitle: Solar basics\ntrade: Solar\n---\nLight homes.\n"),
            ("path.sw.md", "---\ntitle: Misingi ya jua\n---\n\nWasha nyumba.\n"),
            ("manifest.yaml", "format: ruralrise-path/1\npath: solar\n"),
            ("1-safety/module.md", "---\ntitle: Safety\n---\nStay safe."),
            ("1-safety/a.md", "---\ntitle: DC safety\nkind: text\nminutes: 5\ndifficulty: 1\n---\nSwitch off first.\n"),
            ("1-safety/b.md", "---\ntitle: Check\nkind: quiz\nminutes: 5\ndifficulty: 1\nassessment: safety\n---\n"),
            (
                "assessments/safety.yaml",
                "title: Safety check\npass_score: 80\nitems:\n  - type: single\n    prompt: First?\n    options: [Gloves, Switch off]\n    correct: 2\n  - type: open\n    prompt: Why?\n    rubric: why\n",
            ),
            (
                "rubrics/why.yaml",
                "criteria:\n  - name: Reason\n    levels:\n      - {points: 0, descriptor: None}\n      - {points: 1, descriptor: Clear}\n",
            ),
        ]);
        let p = read(&f).unwrap();
        assert_eq!(p.title[&Language::Sw], "Misingi ya jua");
        assert_eq!(p.summary[&Language::Sw], "Washa nyumba.");
        assert!(!p.open_enrolment);
        let lessons = &p.modules[0].lessons;
        assert_eq!(lessons.iter().map(|l| l.title[&Language::En].as_str()).collect::<Vec<_>>(), ["DC safety", "Check"]);
        assert_eq!(lessons[0].body[&Language::En], "Switch off first.");
        assert!(!lessons[0].offline, "kept online unless the author allows it");
        let a = &p.assessments["safety"];
        assert_eq!((a.max_attempts, a.policy), (None, ScorePolicy::Best));
        assert_eq!(a.items[0].key, AnswerKey::Single { correct: 1 }, "the second option, counted from 0");
        assert_eq!((a.items[1].points, a.items[1].rubric.as_deref()), (1, Some("why")));
    }

    #[test]
    fn every_problem_is_named_with_its_file() {
        let mut f = write(&sample()).unwrap();
        let unsafe_ = read(&[("../../etc/passwd".to_owned(), vec![])].into_iter().collect()).unwrap_err();
        assert_eq!(unsafe_, [PackageError::UnsafePath("../../etc/passwd".into())]);
        for bad in ["/abs.md", "a//b.md", "a\\b.md", "./x.md"] {
            assert!(!is_plain_path(bad), "{bad}");
        }
        f.insert("notes.txt".into(), b"hello".to_vec());
        f.insert("media/extra.png".into(), vec![1, 2, 3]);
        f.insert("media/till.jpg".into(), vec![0xff, 0xd8, 0xff, 0xe0]);
        let quiz = "01-the-cash-book/04-cash-book-quiz.md";
        let changed = text_of(&f, quiz).replace("assessment: cash-book-check", "assessment: missing-one");
        f.insert(quiz.into(), changed.into_bytes());
        let check = text_of(&f, "assessments/cash-book-check.yaml").replace("correct: 2", "correct: 7");
        f.insert("assessments/cash-book-check.yaml".into(), check.into_bytes());
        f.insert("01-the-cash-book/05-broken.md".into(), b"no front matter".to_vec());
        let problems = read(&f).unwrap_err();
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let has = |needle: &str| said.iter().any(|s| s.contains(needle));
        assert!(has("notes.txt is not part of the format"), "{said:#?}");
        assert!(has("media/extra.png is not part of the format"), "{said:#?}");
        assert!(has("manifest.yaml: media/till.jpg is not the file the manifest lists (4 bytes, not 3)"), "{said:#?}");
        assert!(has("04-cash-book-quiz.md: assessments/missing-one.yaml is not in the package"), "{said:#?}");
        assert!(has("cash-book-check.yaml: item 1: correct: 7 is not one of the options 1 to 3"), "{said:#?}");
        assert!(has("05-broken.md must start with front matter"), "{said:#?}");
        assert!(has("assessments/cash-book-check.yaml: no quiz lesson or module check uses it"), "{said:#?}");
        assert_eq!(problems.len(), 7, "{said:#?}");
    }

    #[test]
    fn wrong_fields_and_kinds_are_refused_in_words() {
        let mut f = write(&sample()).unwrap();
        let text = "01-the-cash-book/01-why-keep-records.md";
        let t = text_of(&f, text).replace("minutes: 10", "minutes: 0\nassessment: x\nsubtitle: y");
        f.insert(text.into(), t.into_bytes());
        let said: Vec<String> = read(&f).unwrap_err().iter().map(ToString::to_string).collect();
        assert!(said.iter().any(|s| s.contains("why-keep-records.md") && s.contains("subtitle")), "an unknown field is named: {said:#?}");
        let mut f = write(&sample()).unwrap();
        let t = text_of(&f, text).replace("minutes: 10", "minutes: 0\nassessment: x");
        f.insert(text.into(), t.into_bytes());
        let said: Vec<String> = read(&f).unwrap_err().iter().map(ToString::to_string).collect();
        assert!(said.contains(&format!("{text}: minutes: from 1 to 600")), "{said:#?}");
        assert!(said.contains(&format!("{text}: a text lesson has no assessment")), "{said:#?}");
        assert_eq!(name_of("Ça coûte: 100% — vrai?", "lesson"), "ca-coute-100-vrai");
        assert_eq!(name_of("???", "lesson"), "lesson");
    }
}
