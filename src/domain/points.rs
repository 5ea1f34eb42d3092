//! Points: what each kind of success is worth, kept in one place so the demo world, the live
//! server and the pages that explain points agree.

/// A completed lesson: ten points per step of difficulty (1 to 5).
pub fn lesson(difficulty: i16) -> i32 {
    10 * i32::from(difficulty.clamp(1, 5))
}

/// A passed assessment: a base for passing and a bonus for every full ten points above the pass
/// mark, so a strong pass is worth more than a scrape without making failing worth anything.
pub fn assessment(score: u8, pass_score: u8) -> i32 {
    if score < pass_score {
        return 0;
    }
    20 + i32::from((score - pass_score) / 10) * 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_worth_more_as_they_get_harder_and_out_of_range_is_clamped() {
        assert_eq!(lesson(1), 10);
        assert_eq!(lesson(3), 30);
        assert_eq!(lesson(5), 50);
        assert_eq!(lesson(0), 10);
        assert_eq!(lesson(9), 50);
    }

    #[test]
    fn only_a_pass_earns_points_and_a_strong_pass_earns_more() {
        assert_eq!(assessment(59, 60), 0);
        assert_eq!(assessment(60, 60), 20);
        assert_eq!(assessment(69, 60), 20);
        assert_eq!(assessment(70, 60), 25);
        assert_eq!(assessment(100, 60), 40);
        assert_eq!(assessment(0, 0), 20);
    }
}
