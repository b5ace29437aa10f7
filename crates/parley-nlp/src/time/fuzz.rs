//! A fuzzing entry point: arbitrary bytes in, [`find_times`] run on them, its contract
//! checked. A `cargo fuzz` target is one line:
//! `fuzz_target!(|data: &[u8]| parley_nlp::time::fuzz::check(data));`

use super::{find_times, Direction, TimeMention};
use chrono::{Days, NaiveDate};

/// Runs [`find_times`] on `data` and checks what it promises. The first three bytes pick
/// the anchor (a day between 1900 and about 2080) and the direction; the rest, read as
/// UTF-8 with invalid bytes replaced, is the text. Returns the mentions found.
///
/// # Panics
/// Only when `find_times` breaks its contract: spans empty, overlapping, out of order or
/// off character boundaries, or an interval that ends before it starts.
pub fn check(data: &[u8]) -> Vec<TimeMention> {
    let (head, body) = data.split_at(data.len().min(3));
    let day = head
        .iter()
        .take(2)
        .fold(0u64, |acc, b| acc * 256 + u64::from(*b));
    let anchor = NaiveDate::from_ymd_opt(1900, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(day % 65_536 / 2)))
        .unwrap_or_default();
    let direction = match head.get(2).map(|b| b % 3) {
        Some(0) => Direction::Past,
        Some(1) => Direction::Future,
        _ => Direction::Nearest,
    };
    let text = String::from_utf8_lossy(body);
    let found = find_times(&text, anchor, direction);
    let mut last_end = 0;
    for m in &found {
        assert!(m.span.start < m.span.end, "empty span");
        assert!(
            m.span.start >= last_end,
            "spans overlap or are out of order"
        );
        assert!(
            text.get(m.span.range()).is_some(),
            "span off a character boundary"
        );
        assert!(
            m.interval.start <= m.interval.end,
            "interval ends before it starts"
        );
        last_end = m.span.end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_anchor_and_direction_from_the_head() {
        assert!(check(&[]).is_empty());
        let mut data = vec![0, 0, 0];
        data.extend_from_slice("2月20日".as_bytes());
        let found = check(&data);
        assert_eq!(found.len(), 1);
        // Anchor 1900-01-01, Past: the February before it.
        assert_eq!(found[0].interval.to_string(), "1899-02-20");
    }
}
