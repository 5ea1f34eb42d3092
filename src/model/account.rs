//! Account vocabulary shared by sign-in, profiles and the demo world.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// Whether an account may sign in.
    pub enum AccountStatus {
        Active,
        Disabled,
    }
}

vocabulary! {
    /// A learner's stated level, used to pace recommendations.
    pub enum Level {
        Beginner,
        Intermediate,
        Advanced,
    }
}

vocabulary! {
    /// What an e-mailed single-use link is for.
    pub enum TokenPurpose {
        ResetPassword,
        VerifyEmail,
    }
}
