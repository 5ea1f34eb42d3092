//! Rubrics: criteria, each with levels from weakest to strongest, each level worth points and
//! described in words. A grade picks one level per criterion; its score is the points picked over
//! the most the rubric gives. Checked here, so a rubric with a criterion nobody can score, or a
//! grade with a level the rubric does not have, never reaches the database.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub points: i32,
    pub descriptor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    /// Weakest first; points rise with each level.
    pub levels: Vec<Level>,
}

/// A checked rubric: one or more criteria, each with two or more levels whose points start at
/// zero or more and rise strictly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RubricError {
    #[error("a rubric needs at least one criterion")]
    NoCriteria,
    #[error("criterion {0} needs two or more levels")]
    TooFewLevels(usize),
    #[error("criterion {0}: points must start at 0 or more and rise with each level")]
    PointsNotRising(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    #[error("pick one level for each of the {expected} criteria")]
    WrongCount { expected: usize },
    #[error("criterion {criterion} has no level {level}")]
    NoSuchLevel { criterion: usize, level: usize },
}

/// What a grade comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    pub points: i32,
    pub max: i32,
    /// Points over the maximum, 0 to 100, rounded half up.
    pub percent: i32,
}

impl Scored {
    /// What an item worth `item_points` earns at this grade: the same share of its points,
    /// rounded half up (a rubric of 9 points on an item worth 6: 5 of 9 earns 3.33, so 3).
    pub fn item_points(&self, item_points: i32) -> i32 {
        if self.max <= 0 {
            return 0;
        }
        let (p, m, w) = (i64::from(self.points), i64::from(self.max), i64::from(item_points.max(0)));
        ((2 * w * p + m) / (2 * m)) as i32
    }
}

/// The stored shape: `{"criteria": [...]}`, checked by [`Rubric::new`] on the way in.
#[derive(Deserialize)]
struct Stored {
    criteria: Vec<Criterion>,
}

/// A stored rubric that does not read as one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the rubric is not in the stored shape: {0}")]
    Shape(String),
    #[error(transparent)]
    Invalid(#[from] RubricError),
}

impl Rubric {
    /// Reads a rubric as `assessment_item.rubric` stores it.
    pub fn from_json(value: &serde_json::Value) -> Result<Rubric, ReadError> {
        let stored = Stored::deserialize(value).map_err(|e| ReadError::Shape(e.to_string()))?;
        Ok(Rubric::new(stored.criteria)?)
    }

    pub fn new(criteria: Vec<Criterion>) -> Result<Rubric, RubricError> {
        if criteria.is_empty() {
            return Err(RubricError::NoCriteria);
        }
        for (i, c) in criteria.iter().enumerate() {
            if c.levels.len() < 2 {
                return Err(RubricError::TooFewLevels(i));
            }
            let rising = c.levels.windows(2).all(|w| w[0].points < w[1].points);
            if !rising || c.levels[0].points < 0 {
                return Err(RubricError::PointsNotRising(i));
            }
        }
        Ok(Rubric { criteria })
    }

    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    pub fn max_points(&self) -> i32 {
        self.criteria.iter().filter_map(|c| c.levels.last()).map(|l| l.points).sum()
    }

    /// Scores a grade: `picks[i]` is the level chosen for criterion `i`.
    pub fn score(&self, picks: &[usize]) -> Result<Scored, GradeError> {
        if picks.len() != self.criteria.len() {
            return Err(GradeError::WrongCount { expected: self.criteria.len() });
        }
        let mut points = 0;
        for (criterion, (c, &level)) in self.criteria.iter().zip(picks).enumerate() {
            points += c.levels.get(level).ok_or(GradeError::NoSuchLevel { criterion, level })?.points;
        }
        let max = self.max_points();
        let percent = if max > 0 { (points * 200 + max) / (2 * max) } else { 0 };
        Ok(Scored { points, max, percent })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(name: &str, points: &[i32]) -> Criterion {
        Criterion { name: name.into(), levels: points.iter().map(|&p| Level { points: p, descriptor: format!("{name} at {p}") }).collect() }
    }

    fn safety_rubric() -> Rubric {
        Rubric::new(vec![criterion("isolates the panel", &[0, 1, 2, 3]), criterion("checks the fuse", &[0, 2, 4])]).unwrap()
    }

    #[test]
    fn a_grade_adds_the_points_picked_over_the_most_there_is() {
        let r = safety_rubric();
        assert_eq!(r.max_points(), 7);
        assert_eq!(r.score(&[3, 2]), Ok(Scored { points: 7, max: 7, percent: 100 }));
        assert_eq!(r.score(&[0, 0]), Ok(Scored { points: 0, max: 7, percent: 0 }));
        // 3 of 7 is 42.86 %: 43.
        assert_eq!(r.score(&[1, 1]).unwrap().percent, 43);
        // 1 of 8 is 12.5 %: half up to 13.
        let even = Rubric::new(vec![criterion("a", &[0, 1, 4]), criterion("b", &[0, 4])]).unwrap();
        assert_eq!(even.score(&[1, 0]).unwrap().percent, 13);
    }

    #[test]
    fn a_grade_must_pick_a_real_level_for_every_criterion() {
        let r = safety_rubric();
        assert_eq!(r.score(&[1]), Err(GradeError::WrongCount { expected: 2 }));
        assert_eq!(r.score(&[1, 2, 0]), Err(GradeError::WrongCount { expected: 2 }));
        assert_eq!(r.score(&[1, 3]), Err(GradeError::NoSuchLevel { criterion: 1, level: 3 }));
    }

    #[test]
    fn an_item_earns_the_share_of_its_points_the_grade_earned_half_up() {
        let r = Rubric::new(vec![criterion("a", &[0, 1, 2, 3]), criterion("b", &[0, 1, 2, 3]), criterion("c", &[0, 1, 2, 3])]).unwrap();
        assert_eq!(r.score(&[3, 3, 3]).unwrap().item_points(6), 6);
        assert_eq!(r.score(&[0, 0, 0]).unwrap().item_points(6), 0);
        // 5 of 9 on 6 points: 3.33 → 3; 6 of 9: 4; 3 of 4 on 2 points: 1.5 → 2.
        assert_eq!(r.score(&[2, 2, 1]).unwrap().item_points(6), 3);
        assert_eq!(r.score(&[2, 2, 2]).unwrap().item_points(6), 4);
        let two = Rubric::new(vec![criterion("a", &[0, 1, 2]), criterion("b", &[0, 1, 2])]).unwrap();
        assert_eq!(two.score(&[2, 1]).unwrap().item_points(2), 2);
        assert_eq!(two.score(&[1, 0]).unwrap().item_points(2), 1, "1 of 4 on 2 points: 0.5 rounds up");
    }

    #[test]
    fn a_stored_rubric_is_read_and_checked() {
        let stored = serde_json::json!({"criteria": [{"name": "Accurate", "levels": [
            {"points": 0, "descriptor": "Wrong"}, {"points": 2, "descriptor": "Right"}]}]});
        let r = Rubric::from_json(&stored).unwrap();
        assert_eq!((r.criteria().len(), r.max_points()), (1, 2));
        assert!(matches!(Rubric::from_json(&serde_json::json!([{"criterion": "old", "points": 3}])), Err(ReadError::Shape(_))));
        assert_eq!(Rubric::from_json(&serde_json::json!({"criteria": []})), Err(ReadError::Invalid(RubricError::NoCriteria)));
    }

    #[test]
    fn malformed_rubrics_are_refused() {
        assert_eq!(Rubric::new(vec![]), Err(RubricError::NoCriteria));
        assert_eq!(Rubric::new(vec![criterion("a", &[0, 1]), criterion("b", &[2])]), Err(RubricError::TooFewLevels(1)));
        assert_eq!(Rubric::new(vec![criterion("a", &[0, 2, 2])]), Err(RubricError::PointsNotRising(0)));
        assert_eq!(Rubric::new(vec![criterion("a", &[3, 1])]), Err(RubricError::PointsNotRising(0)));
        assert_eq!(Rubric::new(vec![criterion("a", &[-1, 1])]), Err(RubricError::PointsNotRising(0)));
    }
}
