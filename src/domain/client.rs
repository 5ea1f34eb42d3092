//! A client organisation (the sponsor of cohorts) as operations types it: every field parsed at
//! once so the form can name every problem, and the statuses a sponsor moves through.

use crate::domain::account::{Email, EmailError};
use crate::model::ops::ClientStatus;
use chrono::NaiveDate;

pub const NAME_MAX_CHARS: usize = 120;
pub const LABEL_MAX_CHARS: usize = 80;
pub const PHONE_MAX_CHARS: usize = 30;
pub const NOTES_MAX_CHARS: usize = 2000;
/// More learners than any one sponsor could fund: a larger target is a typo.
pub const TARGET_MAX: i32 = 1_000_000;

/// What the form sent, as typed.
#[derive(Debug, Clone, Copy)]
pub struct RawClient<'a> {
    pub name: &'a str,
    pub sector: &'a str,
    pub region: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
    pub contract_starts_on: &'a str,
    pub contract_ends_on: &'a str,
    pub target_learners: &'a str,
    pub notes: &'a str,
    pub status: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("no name")]
    NameMissing,
    #[error("name too long")]
    NameTooLong,
    #[error("control characters in a field")]
    ControlChars(ClientField),
    #[error("no sector")]
    SectorMissing,
    #[error("no region")]
    RegionMissing,
    #[error("a short field is too long")]
    TooLong(ClientField),
    #[error("e-mail unreadable")]
    Email(EmailError),
    #[error("phone number unreadable")]
    PhoneMalformed,
    #[error("date unreadable")]
    DateMalformed(ClientField),
    #[error("contract ends before it starts")]
    EndsBeforeStart,
    #[error("target is not a whole number")]
    TargetMalformed,
    #[error("target below zero or too large")]
    TargetOutOfRange,
    #[error("notes too long")]
    NotesTooLong,
    #[error("not a client status")]
    StatusUnknown,
}

/// The field a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientField {
    Name,
    Sector,
    Region,
    ContactName,
    ContactPhone,
    ContractStartsOn,
    ContractEndsOn,
    Notes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    pub sector: String,
    pub region: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contract_starts_on: Option<NaiveDate>,
    pub contract_ends_on: Option<NaiveDate>,
    pub target_learners: Option<i32>,
    pub notes: String,
    pub status: ClientStatus,
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

impl Client {
    pub fn parse(raw: &RawClient<'_>) -> Result<Client, Vec<ClientError>> {
        let mut errors = Vec::new();
        let mut short = |value: &str, field: ClientField, max: usize, missing: Option<ClientError>| -> Option<String> {
            let v = value.trim();
            if v.is_empty() {
                if let Some(e) = missing {
                    errors.push(e);
                }
                return None;
            }
            if has_control(v) {
                errors.push(ClientError::ControlChars(field));
            } else if v.chars().count() > max {
                errors.push(if field == ClientField::Name { ClientError::NameTooLong } else { ClientError::TooLong(field) });
            }
            Some(v.to_owned())
        };
        let name = short(raw.name, ClientField::Name, NAME_MAX_CHARS, Some(ClientError::NameMissing));
        let sector = short(raw.sector, ClientField::Sector, LABEL_MAX_CHARS, Some(ClientError::SectorMissing));
        let region = short(raw.region, ClientField::Region, LABEL_MAX_CHARS, Some(ClientError::RegionMissing));
        let contact_name = short(raw.contact_name, ClientField::ContactName, LABEL_MAX_CHARS, None);
        let contact_phone = short(raw.contact_phone, ClientField::ContactPhone, PHONE_MAX_CHARS, None);
        if let Some(p) = &contact_phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if digits < 6 || !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
                errors.push(ClientError::PhoneMalformed);
            }
        }
        let contact_email = match raw.contact_email.trim() {
            "" => None,
            e => match Email::parse(e) {
                Ok(e) => Some(e.as_str().to_owned()),
                Err(err) => {
                    errors.push(ClientError::Email(err));
                    None
                }
            },
        };
        let mut date = |value: &str, field: ClientField| match value.trim() {
            "" => None,
            v => NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| errors.push(ClientError::DateMalformed(field))).ok(),
        };
        let contract_starts_on = date(raw.contract_starts_on, ClientField::ContractStartsOn);
        let contract_ends_on = date(raw.contract_ends_on, ClientField::ContractEndsOn);
        if let (Some(s), Some(e)) = (contract_starts_on, contract_ends_on)
            && e < s
        {
            errors.push(ClientError::EndsBeforeStart);
        }
        let target_learners = match raw.target_learners.trim().replace([',', ' ', '_'], "") {
            t if t.is_empty() => None,
            t => match t.parse::<i64>() {
                Ok(n) if (0..=i64::from(TARGET_MAX)).contains(&n) => Some(n as i32),
                Ok(_) => {
                    errors.push(ClientError::TargetOutOfRange);
                    None
                }
                Err(_) => {
                    errors.push(ClientError::TargetMalformed);
                    None
                }
            },
        };
        let notes = raw.notes.trim().replace("\r\n", "\n");
        if notes.chars().count() > NOTES_MAX_CHARS {
            errors.push(ClientError::NotesTooLong);
        } else if notes.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            errors.push(ClientError::ControlChars(ClientField::Notes));
        }
        let status = raw.status.parse::<ClientStatus>().map_err(|_| errors.push(ClientError::StatusUnknown)).ok();
        match (name, sector, region, status) {
            (Some(name), Some(sector), Some(region), Some(status)) if errors.is_empty() => Ok(Client {
                name,
                sector,
                region,
                contact_name,
                contact_email,
                contact_phone,
                contract_starts_on,
                contract_ends_on,
                target_learners,
                notes,
                status,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>() -> RawClient<'a> {
        RawClient {
            name: " Sunfield Energy ",
            sector: "Off-grid solar",
            region: "Mwanza",
            contact_name: "Neema Said",
            contact_email: "Neema@Sunfield.example",
            contact_phone: "+255 712 345 678",
            contract_starts_on: "2026-01-01",
            contract_ends_on: "2027-12-31",
            target_learners: "1,200",
            notes: "Pays per completion.\r\nQuarterly review.",
            status: "active",
        }
    }

    #[test]
    fn a_complete_client_is_read_and_tidied() {
        let c = Client::parse(&raw()).unwrap();
        assert_eq!(c.name, "Sunfield Energy");
        assert_eq!(c.contact_email.as_deref(), Some("neema@sunfield.example"));
        assert_eq!(c.target_learners, Some(1200));
        assert_eq!(c.notes, "Pays per completion.\nQuarterly review.");
        assert_eq!(c.status, ClientStatus::Active);
        let bare = RawClient {
            contact_name: "",
            contact_email: " ",
            contact_phone: "",
            contract_starts_on: "",
            contract_ends_on: "",
            target_learners: "",
            notes: "",
            ..raw()
        };
        let c = Client::parse(&bare).unwrap();
        assert_eq!((c.contact_email, c.contract_starts_on, c.target_learners), (None, None, None));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = RawClient {
            name: "",
            sector: " ",
            region: "x\u{7}",
            contact_email: "not an address",
            contact_phone: "call me",
            contract_starts_on: "2027-01-01",
            contract_ends_on: "2026-01-01",
            target_learners: "-5",
            status: "closed",
            ..raw()
        };
        let errors = Client::parse(&bad).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ClientError::NameMissing,
                ClientError::SectorMissing,
                ClientError::ControlChars(ClientField::Region),
                ClientError::PhoneMalformed,
                ClientError::Email(EmailError::Malformed),
                ClientError::EndsBeforeStart,
                ClientError::TargetOutOfRange,
                ClientError::StatusUnknown,
            ]
        );
        let errors = Client::parse(&RawClient { target_learners: "many", contract_ends_on: "31/12/2027", ..raw() }).unwrap_err();
        assert_eq!(errors, vec![ClientError::DateMalformed(ClientField::ContractEndsOn), ClientError::TargetMalformed]);
        let long = "x".repeat(NOTES_MAX_CHARS + 1);
        assert_eq!(Client::parse(&RawClient { notes: &long, ..raw() }).unwrap_err(), vec![ClientError::NotesTooLong]);
        assert_eq!(Client::parse(&RawClient { target_learners: "2000000", ..raw() }).unwrap_err(), vec![ClientError::TargetOutOfRange]);
    }
}
