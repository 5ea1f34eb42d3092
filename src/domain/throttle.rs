//! Attempt limits for every way into an account: which counters an attempt is charged to, how
//! many attempts each allows over what window, and when a refused caller may try again.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// One kind of attempt counter, charged per subject (an e-mail, a client address, …).
    pub enum ThrottleScope {
        /// Sign-in attempts against one e-mail, known account or not.
        SignInAccount,
        /// Failed sign-ins from one client address, across all accounts (password spraying).
        SignInAddress,
        /// Sign-up posts from one client address.
        SignUpAddress,
        /// Password-reset requests for one e-mail (each may send a message).
        ResetAccount,
        /// Password-reset requests from one client address.
        ResetAddress,
        /// Requests to send the confirmation link again, for one e-mail.
        VerifyAccount,
        /// Requests to send the confirmation link again, from one client address.
        VerifyAddress,
        /// PIN tries for one learner in one cohort (the lock after a few wrong ones is separate).
        PinLearner,
        /// PIN tries through one cohort's code, whoever they are for.
        PinCohort,
        /// PIN tries and cohort-code look-ups from one client address.
        PinAddress,
    }
}

/// At most `max` attempts per `window_secs`, counted from the first attempt of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i32,
    pub window_secs: i64,
}

impl ThrottleScope {
    pub fn limit(self) -> Limit {
        match self {
            // Ten tries at one account are more than a person who forgot a password makes; a
            // locked-out owner still gets in through a reset link, which this does not count.
            ThrottleScope::SignInAccount => Limit { max: 10, window_secs: 15 * 60 },
            // A training centre shares one address, so the address allows many people's
            // mistakes; successful sign-ins are refunded, so only failures use it up.
            ThrottleScope::SignInAddress => Limit { max: 50, window_secs: 15 * 60 },
            // A trainer may register a whole class from the centre's one connection in an hour.
            ThrottleScope::SignUpAddress => Limit { max: 30, window_secs: 60 * 60 },
            // Each of these may put a message in someone's inbox: a few an hour per address
            // is plenty for a person and useless for flooding one.
            ThrottleScope::ResetAccount | ThrottleScope::VerifyAccount => Limit { max: 3, window_secs: 60 * 60 },
            ThrottleScope::ResetAddress | ThrottleScope::VerifyAddress => Limit { max: 20, window_secs: 60 * 60 },
            // The lock after five wrong PINs in a row is the real guard; this stops a burst of
            // parallel guesses from all being checked before the lock is written.
            ThrottleScope::PinLearner => Limit { max: 5, window_secs: 15 * 60 },
            // A class signing in one after another on the centre's shared phone fits easily;
            // successful sign-ins are refunded, so only mistakes use these up.
            ThrottleScope::PinCohort | ThrottleScope::PinAddress => Limit { max: 60, window_secs: 15 * 60 },
        }
    }
}

/// What the counter said after this attempt was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused; the window ends in this many seconds (at least one).
    Refused {
        retry_after_secs: u64,
    },
}

/// `hits` includes the attempt being judged; `elapsed_secs` is the time since the window began.
pub fn verdict(limit: Limit, hits: i32, elapsed_secs: i64) -> Verdict {
    if hits <= limit.max {
        Verdict::Allowed
    } else {
        Verdict::Refused { retry_after_secs: (limit.window_secs - elapsed_secs).max(1) as u64 }
    }
}

/// Of several refusals, the caller must wait for the longest.
pub fn combine(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    verdicts.into_iter().fold(Verdict::Allowed, |acc, v| match (acc, v) {
        (Verdict::Refused { retry_after_secs: a }, Verdict::Refused { retry_after_secs: b }) => {
            Verdict::Refused { retry_after_secs: a.max(b) }
        }
        (Verdict::Allowed, v) | (v, Verdict::Allowed) => v,
    })
}

/// Whole minutes to tell a person to wait, never zero.
pub fn minutes_to_wait(retry_after_secs: u64) -> u64 {
    retry_after_secs.div_ceil(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: Limit = Limit { max: 10, window_secs: 900 };

    #[test]
    fn the_limit_itself_is_allowed_and_the_next_attempt_is_not() {
        assert_eq!(verdict(TEN, 1, 0), Verdict::Allowed);
        assert_eq!(verdict(TEN, 10, 100), Verdict::Allowed);
        assert_eq!(verdict(TEN, 11, 100), Verdict::Refused { retry_after_secs: 800 });
    }

    #[test]
    fn a_refusal_at_the_very_end_of_a_window_still_asks_for_a_second() {
        assert_eq!(verdict(TEN, 11, 900), Verdict::Refused { retry_after_secs: 1 });
        assert_eq!(verdict(TEN, 11, 5000), Verdict::Refused { retry_after_secs: 1 });
    }

    #[test]
    fn the_longest_wait_wins() {
        let r = |s| Verdict::Refused { retry_after_secs: s };
        assert_eq!(combine([Verdict::Allowed, Verdict::Allowed]), Verdict::Allowed);
        assert_eq!(combine([Verdict::Allowed, r(30)]), r(30));
        assert_eq!(combine([r(30), r(600), Verdict::Allowed]), r(600));
    }

    #[test]
    fn waits_round_up_to_whole_minutes() {
        assert_eq!(minutes_to_wait(1), 1);
        assert_eq!(minutes_to_wait(60), 1);
        assert_eq!(minutes_to_wait(61), 2);
        assert_eq!(minutes_to_wait(0), 1);
    }

    #[test]
    fn every_scope_has_a_positive_limit() {
        for scope in ThrottleScope::all() {
            let l = scope.limit();
            assert!(l.max > 0 && l.window_secs > 0, "{scope}");
        }
    }
}
