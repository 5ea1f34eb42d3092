//! Who is calling: roles and the signed-in user; server-only sessions, passwords, guards,
//! ownership checks, attempt throttling and account creation.

use crate::domain::language::Language;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod token;

vocabulary! {
    pub enum Role {
        Learner,
        Trainer,
        Operations,
    }
}

impl Role {
    /// Where each role lands after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Learner => "/learn",
            Role::Trainer => "/train",
            Role::Operations => "/ops",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The language the user chose, if they ever did.
    pub language: Option<Language>,
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn role_names_round_trip_and_unknown_is_refused() {
        for role in Role::all() {
            assert_eq!(role.as_str().parse::<Role>().ok(), Some(role));
        }
        assert!("admin".parse::<Role>().is_err());
        assert!("Learner".parse::<Role>().is_err());
    }

    #[test]
    fn each_role_has_its_own_home() {
        assert_eq!(Role::Learner.home_path(), "/learn");
        assert_eq!(Role::Trainer.home_path(), "/train");
        assert_eq!(Role::Operations.home_path(), "/ops");
    }
}
