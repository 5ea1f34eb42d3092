//! The one-sentence summary every chart carries: how a series moved over the period it shows.

/// Which way a series went over the period a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Rose {
        from: i64,
        to: i64,
    },
    Fell {
        from: i64,
        to: i64,
    },
    /// Climbed to a peak inside the period and has since dropped by more than a tenth: the first
    /// and last points alone would tell the wrong story (a programme that grew, then lost people).
    Peaked {
        peak: i64,
        at: usize,
        to: i64,
    },
    Flat {
        value: i64,
    },
    /// Nothing happened at all in the period (every point is zero), or there are no points.
    Empty,
}

/// Compares the first point with the last, unless the series peaked in between and fell back.
pub fn of(series: &[i64]) -> Trend {
    let (Some(&from), Some(&to)) = (series.first(), series.last()) else {
        return Trend::Empty;
    };
    if series.iter().all(|&v| v == 0) {
        return Trend::Empty;
    }
    // The first index of the highest point.
    let (at, peak) = series.iter().copied().enumerate().fold((0, from), |best, (i, v)| if v > best.1 { (i, v) } else { best });
    let inside = at > 0 && at + 1 < series.len();
    if inside && peak > from && (peak - to) * 10 > peak {
        return Trend::Peaked { peak, at, to };
    }
    match to.cmp(&from) {
        std::cmp::Ordering::Greater => Trend::Rose { from, to },
        std::cmp::Ordering::Less => Trend::Fell { from, to },
        std::cmp::Ordering::Equal => Trend::Flat { value: to },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_first_and_last() {
        assert_eq!(of(&[120, 130, 140, 154]), Trend::Rose { from: 120, to: 154 });
        assert_eq!(of(&[154, 150, 120]), Trend::Fell { from: 154, to: 120 });
        assert_eq!(of(&[7, 3, 7]), Trend::Flat { value: 7 });
    }

    #[test]
    fn a_peak_in_the_middle_that_was_lost_is_told_as_such() {
        // The demo world: cohorts start, grow, then some learners drift away.
        assert_eq!(of(&[12, 122, 158, 155, 148, 122, 98, 69]), Trend::Peaked { peak: 158, at: 2, to: 69 });
    }

    #[test]
    fn small_dips_after_a_peak_are_not_a_story() {
        assert_eq!(of(&[100, 150, 140]), Trend::Rose { from: 100, to: 140 });
        assert_eq!(of(&[100, 110, 105]), Trend::Rose { from: 100, to: 105 });
    }

    #[test]
    fn a_peak_at_either_end_is_just_a_rise_or_a_fall() {
        assert_eq!(of(&[200, 150, 100]), Trend::Fell { from: 200, to: 100 });
        assert_eq!(of(&[100, 150, 200]), Trend::Rose { from: 100, to: 200 });
    }

    #[test]
    fn ties_for_the_peak_take_the_first() {
        assert_eq!(of(&[10, 50, 50, 20]), Trend::Peaked { peak: 50, at: 1, to: 20 });
    }

    #[test]
    fn a_rise_from_nothing_is_a_rise() {
        assert_eq!(of(&[0, 0, 4]), Trend::Rose { from: 0, to: 4 });
        assert_eq!(of(&[5, 0]), Trend::Fell { from: 5, to: 0 });
    }

    #[test]
    fn empty_and_all_zero_series_say_nothing_happened() {
        assert_eq!(of(&[]), Trend::Empty);
        assert_eq!(of(&[0, 0, 0]), Trend::Empty);
    }

    #[test]
    fn a_single_point_is_flat() {
        assert_eq!(of(&[42]), Trend::Flat { value: 42 });
    }
}
