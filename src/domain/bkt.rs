//! Bayesian Knowledge Tracing: the chance a learner knows a skill, updated with every scored
//! answer, with four parameters per skill (prior, learn, guess, slip) fitted from the platform's
//! own answer history by expectation–maximisation (Baum–Welch on the two-state hidden Markov
//! model), and compared with a baseline that predicts every answer at the skill's average rate.

use serde::{Deserialize, Serialize};

/// Names the model in stored fits and the CLI's output, so a change of method is visible.
pub const MODEL_VERSION: &str = "bkt-em-1";

/// Fewer answers than this, or fewer learners, and a skill keeps the defaults: a fit on a handful
/// of answers says more about those learners than about the skill.
pub const MIN_ANSWERS_TO_FIT: usize = 30;
pub const MIN_LEARNERS_TO_FIT: usize = 3;

/// Guess and slip stay at or below this: above it a "known" state that answers worse than an
/// "unknown" one fits the data as well, and the model stops meaning what it says
/// (the identifiability problem noted by Beck & Chang, 2007).
pub const MAX_GUESS_OR_SLIP: f64 = 0.3;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Chance the skill is known before the first answer.
    pub prior: f64,
    /// Chance of learning it between one answer and the next.
    pub learn: f64,
    /// Chance of a right answer without knowing the skill.
    pub guess: f64,
    /// Chance of a wrong answer while knowing it.
    pub slip: f64,
}

/// For a skill with too little history: the values commonly used as BKT's starting point
/// (Corbett & Anderson, 1995; pyBKT's initialisation is of the same order): a learner probably
/// does not know a new skill yet, learns it in a handful of practice opportunities, guesses a
/// multiple-choice item about one time in five and slips one time in ten.
pub const DEFAULTS: Params = Params { prior: 0.3, learn: 0.15, guess: 0.2, slip: 0.1 };

/// Mastery at or above this is "mastered"; below `NEEDS_WORK` it is worth reviewing.
pub const MASTERED: f64 = 0.85;
pub const NEEDS_WORK: f64 = 0.5;

impl Params {
    /// Chance of a right answer from a learner who knows the skill with chance `p_known`.
    pub fn p_correct(&self, p_known: f64) -> f64 {
        p_known * (1.0 - self.slip) + (1.0 - p_known) * self.guess
    }

    /// The chance the skill is known after one more answer: Bayes on the answer, then the
    /// chance of learning from the practice.
    pub fn update(&self, p_known: f64, correct: bool) -> f64 {
        let posterior = if correct {
            let right = p_known * (1.0 - self.slip);
            right / (right + (1.0 - p_known) * self.guess)
        } else {
            let wrong = p_known * self.slip;
            wrong / (wrong + (1.0 - p_known) * (1.0 - self.guess))
        };
        let next = posterior + (1.0 - posterior) * self.learn;
        next.clamp(0.0, 1.0)
    }

    /// Mastery after a sequence of answers, oldest first.
    pub fn trace(&self, answers: impl IntoIterator<Item = bool>) -> f64 {
        answers.into_iter().fold(self.prior, |p, c| self.update(p, c))
    }

    fn bounded(self) -> Params {
        Params {
            prior: self.prior.clamp(0.01, 0.99),
            learn: self.learn.clamp(0.001, 0.99),
            guess: self.guess.clamp(0.001, MAX_GUESS_OR_SLIP),
            slip: self.slip.clamp(0.001, MAX_GUESS_OR_SLIP),
        }
    }
}

/// The result of fitting one skill.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    pub params: Params,
    /// Whether the history was enough to fit (otherwise `params` are the defaults).
    pub fitted: bool,
    pub answers: usize,
    pub learners: usize,
    pub iterations: usize,
    /// Log-likelihood of the history under the fitted model, and under the baseline that
    /// predicts every answer right at the skill's overall rate; higher is better.
    pub log_likelihood: f64,
    pub baseline_log_likelihood: f64,
}

/// Fits a skill's parameters from each learner's answers to it, oldest first.
pub fn fit(sequences: &[Vec<bool>]) -> Fit {
    let sequences: Vec<&Vec<bool>> = sequences.iter().filter(|s| !s.is_empty()).collect();
    let answers: usize = sequences.iter().map(|s| s.len()).sum();
    let learners = sequences.len();
    let right = sequences.iter().flat_map(|s| s.iter()).filter(|c| **c).count();
    let baseline_log_likelihood = baseline(right, answers);
    let enough = answers >= MIN_ANSWERS_TO_FIT && learners >= MIN_LEARNERS_TO_FIT;
    if !enough {
        return Fit {
            params: DEFAULTS,
            fitted: false,
            answers,
            learners,
            iterations: 0,
            log_likelihood: log_likelihood(&DEFAULTS, &sequences),
            baseline_log_likelihood,
        };
    }
    let mut params = DEFAULTS;
    let mut previous = f64::NEG_INFINITY;
    let mut iterations = 0;
    for _ in 0..200 {
        iterations += 1;
        let (next, ll) = em_step(&params, &sequences);
        params = next.bounded();
        if (ll - previous).abs() < 1e-7 {
            break;
        }
        previous = ll;
    }
    Fit {
        params,
        fitted: true,
        answers,
        learners,
        iterations,
        log_likelihood: log_likelihood(&params, &sequences),
        baseline_log_likelihood,
    }
}

fn baseline(right: usize, answers: usize) -> f64 {
    if answers == 0 {
        return 0.0;
    }
    let rate = (right as f64 / answers as f64).clamp(1e-6, 1.0 - 1e-6);
    right as f64 * rate.ln() + (answers - right) as f64 * (1.0 - rate).ln()
}

fn emission(p: &Params, known: bool, correct: bool) -> f64 {
    match (known, correct) {
        (true, true) => 1.0 - p.slip,
        (true, false) => p.slip,
        (false, true) => p.guess,
        (false, false) => 1.0 - p.guess,
    }
}

/// Log-likelihood of the sequences under `p` (the scaled forward pass).
pub fn log_likelihood(p: &Params, sequences: &[&Vec<bool>]) -> f64 {
    sequences.iter().map(|s| forward(p, s).1).sum()
}

/// Scaled forward probabilities [unknown, known] per answer, and the log-likelihood.
fn forward(p: &Params, seq: &[bool]) -> (Vec<[f64; 2]>, f64, Vec<f64>) {
    let mut alpha = Vec::with_capacity(seq.len());
    let mut scales = Vec::with_capacity(seq.len());
    let mut ll = 0.0;
    let mut state = [1.0 - p.prior, p.prior];
    for (t, &c) in seq.iter().enumerate() {
        if t > 0 {
            let [u, k] = state;
            state = [u * (1.0 - p.learn), u * p.learn + k];
        }
        let mut a = [state[0] * emission(p, false, c), state[1] * emission(p, true, c)];
        let scale = (a[0] + a[1]).max(f64::MIN_POSITIVE);
        a = [a[0] / scale, a[1] / scale];
        ll += scale.ln();
        scales.push(scale);
        alpha.push(a);
        state = a;
    }
    (alpha, ll, scales)
}

/// One round of expectation–maximisation over every sequence; returns the new parameters and
/// the log-likelihood under the old ones.
fn em_step(p: &Params, sequences: &[&Vec<bool>]) -> (Params, f64) {
    let (mut prior_sum, mut learned, mut unknown_before) = (0.0, 0.0, 0.0);
    let (mut guess_num, mut unknown_all, mut slip_num, mut known_all) = (0.0, 0.0, 0.0, 0.0);
    let mut ll = 0.0;
    for seq in sequences {
        let (alpha, seq_ll, scales) = forward(p, seq);
        ll += seq_ll;
        let n = seq.len();
        let mut beta = vec![[1.0, 1.0]; n];
        for t in (0..n.saturating_sub(1)).rev() {
            let next = [beta[t + 1][0] * emission(p, false, seq[t + 1]), beta[t + 1][1] * emission(p, true, seq[t + 1])];
            beta[t] = [((1.0 - p.learn) * next[0] + p.learn * next[1]) / scales[t + 1], next[1] / scales[t + 1]];
        }
        for t in 0..n {
            let g = [alpha[t][0] * beta[t][0], alpha[t][1] * beta[t][1]];
            let total = (g[0] + g[1]).max(f64::MIN_POSITIVE);
            let (gu, gk) = (g[0] / total, g[1] / total);
            if t == 0 {
                prior_sum += gk;
            }
            if seq[t] {
                guess_num += gu;
            } else {
                slip_num += gk;
            }
            unknown_all += gu;
            known_all += gk;
            if t + 1 < n {
                // Expected unknown → known transitions between t and t + 1.
                let xi = alpha[t][0] * p.learn * emission(p, true, seq[t + 1]) * beta[t + 1][1] / scales[t + 1];
                learned += xi;
                unknown_before += gu;
            }
        }
    }
    let ratio = |num: f64, den: f64, fallback: f64| if den > 1e-12 { num / den } else { fallback };
    let next = Params {
        prior: prior_sum / sequences.len().max(1) as f64,
        learn: ratio(learned, unknown_before, p.learn),
        guess: ratio(guess_num, unknown_all, p.guess),
        slip: ratio(slip_num, known_all, p.slip),
    };
    (next, ll)
}

/// How well a model predicts answers it was not fitted on, one step ahead: before each answer the
/// model's chance of a right answer is compared with what happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub answers: usize,
    /// Mean negative log-likelihood per answer (lower is better).
    pub bkt_log_loss: f64,
    pub baseline_log_loss: f64,
    /// Share of answers predicted right (right when the chance is at least one half).
    pub bkt_accuracy: f64,
    pub baseline_accuracy: f64,
}

/// Scores `params` (tracing each sequence as it goes) and a constant `baseline_rate` on
/// `sequences` the fit did not see.
pub fn evaluate(params: &Params, baseline_rate: f64, sequences: &[Vec<bool>]) -> Evaluation {
    let (mut n, mut bkt_loss, mut base_loss, mut bkt_hits, mut base_hits) = (0usize, 0.0, 0.0, 0usize, 0usize);
    let rate = baseline_rate.clamp(1e-6, 1.0 - 1e-6);
    for seq in sequences {
        let mut p_known = params.prior;
        for &correct in seq {
            let p = params.p_correct(p_known).clamp(1e-6, 1.0 - 1e-6);
            bkt_loss -= if correct { p.ln() } else { (1.0 - p).ln() };
            base_loss -= if correct { rate.ln() } else { (1.0 - rate).ln() };
            bkt_hits += usize::from((p >= 0.5) == correct);
            base_hits += usize::from((rate >= 0.5) == correct);
            n += 1;
            p_known = params.update(p_known, correct);
        }
    }
    if n == 0 {
        return Evaluation::default();
    }
    let n_f = n as f64;
    Evaluation {
        answers: n,
        bkt_log_loss: bkt_loss / n_f,
        baseline_log_loss: base_loss / n_f,
        bkt_accuracy: bkt_hits as f64 / n_f,
        baseline_accuracy: base_hits as f64 / n_f,
    }
}

/// A learner's mastery of a skill, in the three bands the learner sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    NeedsWork,
    Growing,
    Mastered,
}

pub fn band(p_known: f64) -> Band {
    if p_known >= MASTERED {
        Band::Mastered
    } else if p_known < NEEDS_WORK {
        Band::NeedsWork
    } else {
        Band::Growing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the tests need no random-number crate.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn simulate(p: &Params, learners: usize, answers: usize, seed: u64) -> Vec<Vec<bool>> {
        let mut rng = Lcg(seed);
        (0..learners)
            .map(|_| {
                let mut known = rng.next() < p.prior;
                (0..answers)
                    .map(|_| {
                        let right = if known { rng.next() >= p.slip } else { rng.next() < p.guess };
                        if !known && rng.next() < p.learn {
                            known = true;
                        }
                        right
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_right_answer_raises_mastery_and_a_wrong_one_lowers_it() {
        let p = DEFAULTS;
        let up = p.update(0.3, true);
        let down = p.update(0.3, false);
        assert!(up > 0.3 && down < up);
        // Worked by hand: right: 0.3·0.9 / (0.27 + 0.7·0.2) = 0.6585…, then + 0.3415·0.15.
        assert!((up - (0.658_536_6 + 0.341_463_4 * 0.15)).abs() < 1e-6, "{up}");
        assert!((p.trace([true, true, true, true]) - 0.98).abs() < 0.02, "four right answers in a row: nearly mastered");
        assert!(p.trace([false, false, false]) < 0.5);
    }

    #[test]
    fn fitting_recovers_the_parameters_that_made_the_data() {
        let truth = Params { prior: 0.25, learn: 0.2, guess: 0.15, slip: 0.08 };
        let data = simulate(&truth, 600, 12, 7);
        let fit = fit(&data);
        assert!(fit.fitted);
        let p = fit.params;
        for (name, got, want) in [
            ("prior", p.prior, truth.prior),
            ("learn", p.learn, truth.learn),
            ("guess", p.guess, truth.guess),
            ("slip", p.slip, truth.slip),
        ] {
            assert!((got - want).abs() < 0.06, "{name}: fitted {got:.3}, true {want:.3}");
        }
        assert!(fit.log_likelihood > fit.baseline_log_likelihood, "BKT explains learning better than an average rate");
    }

    #[test]
    fn the_fit_never_does_worse_than_the_defaults_it_starts_from() {
        let data = simulate(&Params { prior: 0.6, learn: 0.05, guess: 0.25, slip: 0.2 }, 80, 6, 3);
        let f = fit(&data);
        let refs: Vec<&Vec<bool>> = data.iter().collect();
        assert!(f.log_likelihood >= log_likelihood(&DEFAULTS, &refs) - 1e-9);
        assert!(f.params.guess <= MAX_GUESS_OR_SLIP && f.params.slip <= MAX_GUESS_OR_SLIP);
    }

    #[test]
    fn on_unseen_learners_bkt_predicts_better_than_the_average_rate() {
        let truth = Params { prior: 0.2, learn: 0.25, guess: 0.2, slip: 0.1 };
        let train = simulate(&truth, 400, 10, 11);
        let test = simulate(&truth, 200, 10, 12);
        let f = fit(&train);
        let right = train.iter().flatten().filter(|c| **c).count() as f64 / train.iter().flatten().count() as f64;
        let e = evaluate(&f.params, right, &test);
        assert_eq!(e.answers, 2000);
        assert!(e.bkt_log_loss < e.baseline_log_loss, "{e:?}");
        assert!(e.bkt_accuracy > e.baseline_accuracy, "{e:?}");
    }

    #[test]
    fn too_little_history_keeps_the_documented_defaults() {
        let f = fit(&[vec![true, false], vec![true]]);
        assert!(!f.fitted);
        assert_eq!(f.params, DEFAULTS);
        assert_eq!((f.answers, f.learners), (3, 2));
    }

    #[test]
    fn bands_split_at_the_documented_thresholds() {
        assert_eq!(band(0.9), Band::Mastered);
        assert_eq!(band(0.6), Band::Growing);
        assert_eq!(band(0.2), Band::NeedsWork);
    }
}
