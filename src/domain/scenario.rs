//! Interactive lessons: a practice scenario of steps, each a situation, a question and choices
//! with feedback. The learner moves on by choosing a right answer; the share done is the steps
//! passed. Read from the lesson's stored content and checked here, so a malformed scenario is
//! refused rather than shown half-broken.

use crate::model::learner::StepView;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub feedback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub situation: String,
    pub question: String,
    pub choices: Vec<Choice>,
}

/// A checked scenario: at least one step, and every step has two or more choices, at least one
/// of them right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("the scenario has no steps")]
    Empty,
    #[error("step {0} needs two or more choices, one of them right")]
    BadStep(usize),
    /// An answer to a step the learner is not on (a form sent twice, or from an old page).
    #[error("not the current step")]
    NotCurrentStep,
    #[error("no such choice")]
    NoSuchChoice,
}

/// What an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    pub correct: bool,
    /// Steps passed after this answer (the learner's new position).
    pub passed: usize,
    /// Share of the scenario done, 0 to 100.
    pub percent: u8,
}

impl Scenario {
    pub fn new(steps: Vec<Step>) -> Result<Scenario, ScenarioError> {
        if steps.is_empty() {
            return Err(ScenarioError::Empty);
        }
        for (i, s) in steps.iter().enumerate() {
            if s.choices.len() < 2 || !s.choices.iter().any(|c| c.correct) {
                return Err(ScenarioError::BadStep(i));
            }
        }
        Ok(Scenario { steps })
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn percent(&self, passed: usize) -> u8 {
        ((passed.min(self.steps.len()) * 100) / self.steps.len()) as u8
    }

    /// The learner, having passed `passed` steps, picks `choice` on `step`. A right answer moves
    /// them on; a wrong one leaves them where they are, with that choice's feedback to read.
    pub fn answer(&self, passed: usize, step: usize, choice: usize) -> Result<Answered, ScenarioError> {
        if step != passed || step >= self.steps.len() {
            return Err(ScenarioError::NotCurrentStep);
        }
        let picked = self.steps[step].choices.get(choice).ok_or(ScenarioError::NoSuchChoice)?;
        let passed = if picked.correct { passed + 1 } else { passed };
        Ok(Answered { correct: picked.correct, passed, percent: self.percent(passed) })
    }

    /// Step `i` as a learner who has passed `passed` steps may see it: the right choice is named
    /// only for a step already passed, so the page never gives the current answer away.
    pub fn view(&self, i: usize, passed: usize) -> Option<StepView> {
        let s = self.steps.get(i)?;
        Some(StepView {
            situation: s.situation.clone(),
            question: s.question.clone(),
            choices: s.choices.iter().map(|c| c.text.clone()).collect(),
            right: (i < passed).then(|| s.choices.iter().position(|c| c.correct)).flatten(),
        })
    }

    /// Every step as the player sends it (the ones ahead of the learner stay hidden on the page
    /// until reached).
    pub fn views(&self, passed: usize) -> Vec<StepView> {
        (0..self.steps.len()).filter_map(|i| self.view(i, passed)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(right: usize, n: usize) -> Step {
        Step {
            situation: "s".into(),
            question: "q".into(),
            choices: (0..n).map(|i| Choice { text: format!("c{i}"), correct: i == right, feedback: format!("f{i}") }).collect(),
        }
    }

    #[test]
    fn malformed_scenarios_are_refused() {
        assert_eq!(Scenario::new(vec![]), Err(ScenarioError::Empty));
        assert_eq!(Scenario::new(vec![step(0, 2), step(0, 1)]), Err(ScenarioError::BadStep(1)));
        assert_eq!(Scenario::new(vec![step(5, 3)]), Err(ScenarioError::BadStep(0)), "no right answer");
    }

    #[test]
    fn right_answers_move_on_and_wrong_ones_stay() {
        let s = Scenario::new(vec![step(1, 3), step(0, 2)]).unwrap();
        assert_eq!(s.answer(0, 0, 0), Ok(Answered { correct: false, passed: 0, percent: 0 }));
        assert_eq!(s.answer(0, 0, 1), Ok(Answered { correct: true, passed: 1, percent: 50 }));
        assert_eq!(s.answer(1, 1, 0), Ok(Answered { correct: true, passed: 2, percent: 100 }));
    }

    #[test]
    fn only_the_current_step_and_real_choices_are_accepted() {
        let s = Scenario::new(vec![step(0, 2), step(0, 2)]).unwrap();
        assert_eq!(s.answer(1, 0, 0), Err(ScenarioError::NotCurrentStep), "a step already passed");
        assert_eq!(s.answer(0, 1, 0), Err(ScenarioError::NotCurrentStep), "a step ahead");
        assert_eq!(s.answer(2, 2, 0), Err(ScenarioError::NotCurrentStep), "past the end");
        assert_eq!(s.answer(0, 0, 7), Err(ScenarioError::NoSuchChoice));
    }

    #[test]
    fn only_the_answers_of_steps_passed_are_sent() {
        let s = Scenario::new(vec![step(1, 3), step(0, 2), step(1, 2)]).unwrap();
        let sent = s.views(1);
        assert_eq!(sent.len(), 3);
        assert_eq!(sent.iter().map(|v| v.right).collect::<Vec<_>>(), vec![Some(1), None, None]);
        assert_eq!(sent[1].choices, vec!["c0", "c1"]);
        assert!(s.views(3).iter().all(|v| v.right.is_some()), "all passed: every step with its answer");
        assert_eq!(s.view(3, 0), None);
    }

    #[test]
    fn stored_form_reads_back() {
        let json = r#"[{"situation": "s", "question": "q", "choices": [{"text": "a", "correct": true, "feedback": "yes"}, {"text": "b", "correct": false, "feedback": "no"}]}]"#;
        let steps: Vec<Step> = serde_json::from_str(json).unwrap();
        assert!(Scenario::new(steps).is_ok());
    }
}
