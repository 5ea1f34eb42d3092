//! Who is calling: roles and the signed-in user; server-only sessions, passwords and guards.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Learner,
    Trainer,
    Operations,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Trainer => "trainer",
            Role::Operations => "operations",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "learner" => Some(Role::Learner),
            "trainer" => Some(Role::Trainer),
            "operations" => Some(Role::Operations),
            _ => None,
        }
    }

    /// Where each role lands after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Learner => "/learn",
            Role::Trainer => "/train",
            Role::Operations => "/ops",
        }
    }

    pub fn area_name(self) -> &'static str {
        match self {
            Role::Learner => "My learning",
            Role::Trainer => "Trainer console",
            Role::Operations => "Operations",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn role_names_round_trip_and_unknown_is_refused() {
        for role in [Role::Learner, Role::Trainer, Role::Operations] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert_eq!(Role::parse("Learner"), None);
    }

    #[test]
    fn each_role_has_its_own_home() {
        assert_eq!(Role::Learner.home_path(), "/learn");
        assert_eq!(Role::Trainer.home_path(), "/train");
        assert_eq!(Role::Operations.home_path(), "/ops");
    }
}
