//! "Did you mean …?": the closest candidates by edit distance, only computed on errors. One
//! place for every suggestion keakit makes (unknown keys and enum values, option names and
//! types, control commands).

/// Levenshtein distance over bytes (keys and enum values are ASCII).
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(!ca.eq_ignore_ascii_case(cb));
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: at most a
/// third of the word's length (and at least 1) edits, or `_` written for `-`.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    within(word, candidates, (word.len() / 3).max(1))
}

/// The candidate closest to `word` within `limit` edits (`_` written for `-` counts as none).
pub fn within<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, limit: usize) -> Option<&'a str> {
    let dashed = word.replace('_', "-");
    candidates
        .into_iter()
        .map(|c| (if c == dashed { 0 } else { distance(word, c) }, c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("valid-lifetme", "valid-lifetime"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn closest_picks_a_near_key_and_rejects_far_ones() {
        let keys = ["valid-lifetime", "renew-timer", "rebind-timer"];
        assert_eq!(closest("valid-lifetme", keys), Some("valid-lifetime"));
        assert_eq!(closest("renew_timer", keys), Some("renew-timer"));
        assert_eq!(closest("subnet", keys), None);
    }
}
