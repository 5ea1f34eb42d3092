//! Trainer load: how many learners a trainer can follow (capacity), and how full they are.

/// The most learners one trainer can be given (the database checks the same bound).
pub const CAPACITY_MAX: i32 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityError {
    NotAWholeNumber,
    OutOfRange,
}

/// A capacity typed into a form: a whole number from 0 (takes no learners) to [`CAPACITY_MAX`].
pub fn parse_capacity(raw: &str) -> Result<i32, CapacityError> {
    let raw = raw.trim().replace([',', '_', ' ', '\u{a0}'], "");
    let digits = raw.strip_prefix('-').unwrap_or(&raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CapacityError::NotAWholeNumber);
    }
    // "-5" and a 30-digit number are whole numbers, just not allowed ones.
    let n: i64 = raw.parse().map_err(|_| CapacityError::OutOfRange)?;
    if (0..=i64::from(CAPACITY_MAX)).contains(&n) { Ok(n as i32) } else { Err(CapacityError::OutOfRange) }
}

/// Learners against capacity, in percent (rounded); `None` for a trainer who takes nobody.
pub fn load_percent(learners: i64, capacity: i32) -> Option<i64> {
    (capacity > 0).then(|| ((learners as f64 / f64::from(capacity)) * 100.0).round() as i64)
}

/// More learners than the trainer can follow (any learner at all when capacity is 0).
pub fn over_capacity(learners: i64, capacity: i32) -> bool {
    learners > i64::from(capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_reads_whole_numbers_in_range() {
        assert_eq!(parse_capacity(" 150 "), Ok(150));
        assert_eq!(parse_capacity("1,200"), Ok(1200));
        assert_eq!(parse_capacity("0"), Ok(0));
        assert_eq!(parse_capacity("100000"), Ok(CAPACITY_MAX));
    }

    #[test]
    fn capacity_says_which_problem() {
        assert_eq!(parse_capacity("-5"), Err(CapacityError::OutOfRange));
        assert_eq!(parse_capacity("100001"), Err(CapacityError::OutOfRange));
        assert_eq!(parse_capacity("99999999999999999999"), Err(CapacityError::OutOfRange));
        assert_eq!(parse_capacity("ten"), Err(CapacityError::NotAWholeNumber));
        assert_eq!(parse_capacity("12.5"), Err(CapacityError::NotAWholeNumber));
        assert_eq!(parse_capacity(""), Err(CapacityError::NotAWholeNumber));
        assert_eq!(parse_capacity("-"), Err(CapacityError::NotAWholeNumber));
    }

    #[test]
    fn load_is_a_share_of_capacity() {
        assert_eq!(load_percent(75, 150), Some(50));
        assert_eq!(load_percent(151, 150), Some(101));
        assert_eq!(load_percent(3, 0), None);
        assert!(over_capacity(1, 0));
        assert!(!over_capacity(150, 150));
        assert!(over_capacity(151, 150));
    }
}
