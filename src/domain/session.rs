//! How long a signed-in session lasts. Many learners share one phone, so a session ends after an
//! hour without use (the next person who picks the phone up is not signed in as the last one) and
//! after twelve hours whatever happens (a session lost on a shared phone does not live for weeks).

/// A session unused for this long is over.
pub const IDLE_SECS: i64 = 60 * 60;
/// No session outlives this, used or not.
pub const ABSOLUTE_SECS: i64 = 12 * 60 * 60;
/// "Last seen" is written at most this often, so reading pages does not write to the store on
/// every request; the idle timeout is therefore exact to within this much.
pub const TOUCH_EVERY_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionVerdict {
    /// Still good; nothing to record.
    Fresh,
    /// Still good; record that it was used now.
    Touch,
    /// Over: end it.
    Expired,
}

/// Times are Unix seconds. A session without its times (made before they were recorded) is over.
pub fn verdict(now: i64, signed_in_at: Option<i64>, last_seen_at: Option<i64>) -> SessionVerdict {
    let (Some(signed_in), Some(seen)) = (signed_in_at, last_seen_at) else {
        return SessionVerdict::Expired;
    };
    if now - signed_in >= ABSOLUTE_SECS || now - seen >= IDLE_SECS {
        SessionVerdict::Expired
    } else if now - seen >= TOUCH_EVERY_SECS {
        SessionVerdict::Touch
    } else {
        SessionVerdict::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_800_000_000;

    #[test]
    fn a_session_in_use_lasts_until_its_absolute_end() {
        assert_eq!(verdict(T, Some(T), Some(T)), SessionVerdict::Fresh);
        assert_eq!(verdict(T + TOUCH_EVERY_SECS, Some(T), Some(T)), SessionVerdict::Touch);
        let late = T + ABSOLUTE_SECS - 1;
        assert_eq!(verdict(late, Some(T), Some(late - 10)), SessionVerdict::Fresh);
        assert_eq!(verdict(T + ABSOLUTE_SECS, Some(T), Some(T + ABSOLUTE_SECS - 10)), SessionVerdict::Expired);
    }

    #[test]
    fn an_idle_session_ends_after_an_hour() {
        assert_eq!(verdict(T + IDLE_SECS - 1, Some(T), Some(T)), SessionVerdict::Touch);
        assert_eq!(verdict(T + IDLE_SECS, Some(T), Some(T)), SessionVerdict::Expired);
    }

    #[test]
    fn a_session_without_times_is_over() {
        assert_eq!(verdict(T, None, Some(T)), SessionVerdict::Expired);
        assert_eq!(verdict(T, Some(T), None), SessionVerdict::Expired);
    }
}
