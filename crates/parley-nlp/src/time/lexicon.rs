//! The user-editable vocabulary of the time module (`data/time/lexicon.toml`): vague
//! phrases with the window of days they stand for, and names that look like times.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::{Datelike, NaiveDate};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};
use serde::Deserialize;
use std::sync::{Arc, LazyLock, OnceLock};

/// The built-in lexicon, `data/time/lexicon.toml` of this workspace.
const BUILTIN: &str = include_str!("../../../../data/time/lexicon.toml");

static DEFAULT: LazyLock<TimeLexicon> = LazyLock::new(|| {
    // The embedded file is checked by the tests; an error here is a build defect.
    TimeLexicon::from_toml(BUILTIN).unwrap_or_else(|e| panic!("data/time/lexicon.toml: {e}"))
});

/// Why a lexicon file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file is not valid TOML of the documented shape.
    #[error("invalid time lexicon: {0}")]
    Toml(#[from] toml::de::Error),
    /// A window or phrase list is unusable.
    #[error("invalid time lexicon: {0}")]
    Invalid(String),
    /// The phrase automaton could not be built.
    #[error("time lexicon automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    window: Vec<WindowEntry>,
    #[serde(default)]
    festival: Vec<FestivalEntry>,
    #[serde(default)]
    not_time: NotTime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FestivalEntry {
    phrases: Vec<String>,
    month_day: Option<(u32, u32)>,
    #[serde(default)]
    dates: Vec<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowEntry {
    phrases: Vec<String>,
    days: (i64, i64),
    future_days: Option<(i64, i64)>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct NotTime {
    #[serde(default)]
    phrases: Vec<String>,
}

/// What a lexicon phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    /// A vague window of days: the default and the one for announced events.
    Window {
        days: (i64, i64),
        future: Option<(i64, i64)>,
    },
    /// A festival, by its index in [`TimeLexicon::festival`].
    Festival(usize),
    /// A name that only looks like a time.
    NotTime,
}

/// When a festival falls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FestivalDates {
    /// The same day every year (元旦: January 1).
    Fixed(u32, u32),
    /// A lunar festival: its day in each year listed.
    Listed(Arc<[NaiveDate]>),
}

impl FestivalDates {
    /// The festival's day in year `y`, when known.
    pub fn in_year(&self, y: i32) -> Option<NaiveDate> {
        match self {
            FestivalDates::Fixed(m, d) => NaiveDate::from_ymd_opt(y, *m, *d),
            FestivalDates::Listed(days) => days.iter().copied().find(|d| d.year() == y),
        }
    }
}

/// A phrase of the lexicon found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

/// Vague time phrases and time look-alikes, matched in one pass over a text.
///
/// The phrases are matched as one leftmost-longest, ASCII-case-insensitive set, but in
/// two parts, each where it can occur: the phrases without ASCII letters (Chinese)
/// character by character behind daachorse's prefilter, which passes over most Chinese
/// text without stepping an automaton; the phrases with ASCII letters only in a text
/// that has some. Where a match of one part overlaps one of the other, the text is read
/// again with every phrase in one automaton.
#[derive(Debug, Clone)]
pub struct TimeLexicon {
    /// The phrases without ASCII letters, each with its index in `entries`.
    plain: Option<Plain>,
    /// True when every phrase of `plain` has a non-ASCII character, so that an ASCII
    /// text cannot hold one.
    plain_needs_non_ascii: bool,
    /// The phrases with ASCII letters, case-insensitively, and their indices in `entries`.
    lettered: Option<(AhoCorasick, Vec<usize>)>,
    /// Every phrase, in the order of `entries`.
    phrases: Vec<String>,
    /// All of `phrases` in one automaton, built on the first text that needs it.
    whole: OnceLock<AhoCorasick>,
    entries: Vec<Entry>,
    festivals: Vec<FestivalDates>,
}

/// The character-wise automaton of the phrases without ASCII letters, each phrase's
/// index in [`TimeLexicon::entries`] as its value.
#[derive(Clone)]
struct Plain(CharwiseDoubleArrayAhoCorasick<u32>);

impl std::fmt::Debug for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Plain({} states)", self.0.num_states())
    }
}

/// A phrase matched in a text: (start, end, index of the phrase).
type Found = (usize, usize, usize);

/// True when `bytes` hold an ASCII letter; reads whole blocks so that the loop
/// vectorises.
fn has_ascii_letter(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |any, &b| any | ((b | 0x20).wrapping_sub(b'a') < 26))
    })
}

impl TimeLexicon {
    /// The lexicon built into the binary (`data/time/lexicon.toml`).
    pub fn builtin() -> &'static TimeLexicon {
        &DEFAULT
    }

    /// Reads a lexicon in the format of `data/time/lexicon.toml`.
    pub fn from_toml(text: &str) -> Result<TimeLexicon, LexiconError> {
        let file: File = toml::from_str(text)?;
        let mut phrases: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        for w in &file.window {
            let windows = std::iter::once(w.days).chain(w.future_days);
            if windows
                .clone()
                .any(|(a, b)| a > b || a.abs() > 3660 || b.abs() > 3660)
            {
                return Err(LexiconError::Invalid(format!(
                    "window {:?} of {:?} must be ordered and within ten years",
                    w.days, w.phrases
                )));
            }
            for p in &w.phrases {
                phrases.push(p.clone());
                entries.push(Entry::Window {
                    days: w.days,
                    future: w.future_days,
                });
            }
        }
        let mut festivals = Vec::new();
        for f in &file.festival {
            let dates = match (f.month_day, f.dates.is_empty()) {
                (Some((m, d)), true) if NaiveDate::from_ymd_opt(2024, m, d).is_some() => {
                    FestivalDates::Fixed(m, d)
                }
                (None, false) => FestivalDates::Listed(f.dates.clone().into()),
                _ => {
                    return Err(LexiconError::Invalid(format!(
                        "festival {:?} needs either a valid month_day or a list of dates",
                        f.phrases
                    )))
                }
            };
            for p in &f.phrases {
                phrases.push(p.clone());
                entries.push(Entry::Festival(festivals.len()));
            }
            festivals.push(dates);
        }
        for p in &file.not_time.phrases {
            phrases.push(p.clone());
            entries.push(Entry::NotTime);
        }
        if let Some(empty) = phrases.iter().find(|p| p.trim().is_empty()) {
            return Err(LexiconError::Invalid(format!("empty phrase {empty:?}")));
        }
        let (lettered, plain): (Vec<usize>, Vec<usize>) =
            (0..phrases.len()).partition(|&k| has_ascii_letter(phrases[k].as_bytes()));
        // A phrase listed twice is met as its first listing, as in one automaton.
        let mut seen = std::collections::HashSet::new();
        let plain: Vec<usize> = plain
            .into_iter()
            .filter(|&k| seen.insert(phrases[k].as_str()))
            .collect();
        let plain_needs_non_ascii = plain.iter().all(|&k| !phrases[k].is_ascii());
        let plain = if plain.is_empty() {
            None
        } else {
            let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(daachorse::MatchKind::LeftmostLongest)
                .build_with_values(plain.iter().map(|&k| (phrases[k].as_str(), k as u32)))
                .map_err(|e| LexiconError::Invalid(e.to_string()))?;
            Some(Plain(automaton))
        };
        let lettered = if lettered.is_empty() {
            None
        } else {
            let automaton = phrase_automaton(lettered.iter().map(|&k| phrases[k].as_str()))?;
            Some((automaton, lettered))
        };
        Ok(TimeLexicon {
            plain,
            plain_needs_non_ascii,
            lettered,
            phrases,
            whole: OnceLock::new(),
            entries,
            festivals,
        })
    }

    /// When festival `k` (of an [`Entry::Festival`]) falls.
    pub(super) fn festival(&self, k: usize) -> Option<&FestivalDates> {
        self.festivals.get(k)
    }

    /// The phrases found in `text`, in order, not overlapping; English phrases only as
    /// whole words.
    pub(super) fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
        self.matches(text)
            .into_iter()
            .filter(|&(start, end, _)| {
                let first_ascii = bytes[start].is_ascii_alphanumeric();
                let last_ascii = bytes[end - 1].is_ascii_alphanumeric();
                let glued_before = first_ascii && start > 0 && word(start - 1);
                let glued_after = last_ascii && word(end);
                !glued_before && !glued_after
            })
            .filter_map(|(start, end, k)| {
                let entry = *self.entries.get(k)?;
                Some(Hit { start, end, entry })
            })
            .collect()
    }

    /// The leftmost-longest matches of the phrases in `text`, not overlapping, as one
    /// automaton over every phrase finds them: the two parts' matches side by side when
    /// none overlaps another (then each part's first match after the other's is also the
    /// whole set's), else those of the whole set.
    fn matches(&self, text: &str) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        if let Some(plain) = self
            .plain
            .as_ref()
            .filter(|_| !(self.plain_needs_non_ascii && text.is_ascii()))
        {
            found.extend(
                plain
                    .0
                    .leftmost_find_iter(text)
                    .map(|m| (m.start(), m.end(), m.value() as usize)),
            );
        }
        if let Some((automaton, ids)) = self
            .lettered
            .as_ref()
            .filter(|_| has_ascii_letter(text.as_bytes()))
        {
            let plain_count = found.len();
            found.extend(
                automaton
                    .find_iter(text)
                    .map(|m| (m.start(), m.end(), ids[m.pattern().as_usize()])),
            );
            if plain_count > 0 && found.len() > plain_count {
                found.sort_unstable();
                if found.windows(2).any(|w| w[0].1 > w[1].0) {
                    return self.whole_matches(text);
                }
            }
        }
        found
    }

    /// The matches of one automaton over every phrase (see [`TimeLexicon::matches`]).
    fn whole_matches(&self, text: &str) -> Vec<Found> {
        let whole = self.whole.get_or_init(|| {
            // The same phrases built into the part automata already: this cannot fail.
            phrase_automaton(self.phrases.iter().map(String::as_str))
                .unwrap_or_else(|e| panic!("time lexicon automaton: {e}"))
        });
        whole
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }
}

/// A leftmost-longest, ASCII-case-insensitive automaton over `phrases`.
fn phrase_automaton<'a>(
    phrases: impl IntoIterator<Item = &'a str>,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(phrases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_file_loads_and_finds_phrases() {
        let lex = TimeLexicon::from_toml(BUILTIN).expect("data/time/lexicon.toml parses");
        let hits = lex.find("王毅日前表示，据今日俄罗斯报道");
        assert_eq!(hits.len(), 2);
        assert!(matches!(
            hits[0].entry,
            Entry::Window { days: (-10, 0), .. }
        ));
        assert_eq!(hits[1].entry, Entry::NotTime);
        // Whole words only in English.
        assert!(lex.find("Recently, he said").len() == 1);
        assert!(lex.find("unrecentlyx").is_empty());
    }

    /// Texts made of pieces of `phrases` (cut at every character), their upper-case forms,
    /// and filler, by a fixed pseudo-random sequence.
    fn texts_from(phrases: &[String]) -> Vec<String> {
        let mut pieces: Vec<String> = vec![" ".into(), "x".into(), "，".into(), "的".into()];
        for p in phrases {
            let cuts: Vec<usize> = p.char_indices().map(|(k, _)| k).skip(1).collect();
            pieces.push(p.clone());
            pieces.push(p.to_ascii_uppercase());
            for &k in &cuts {
                pieces.push(p[..k].to_string());
                pieces.push(p[k..].to_string());
            }
        }
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        (0..3000)
            .map(|_| {
                let n = next() % 12;
                (0..n)
                    .map(|_| pieces[next() % pieces.len()].as_str())
                    .collect()
            })
            .collect()
    }

    /// `lexicon.matches` agrees with one automaton over every phrase on texts built from
    /// the phrases.
    fn check_against_one_automaton(lexicon: &TimeLexicon) -> usize {
        let whole = phrase_automaton(lexicon.phrases.iter().map(String::as_str)).expect("builds");
        let mut found = 0;
        for text in texts_from(&lexicon.phrases) {
            let expected: Vec<Found> = whole
                .find_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(lexicon.matches(&text), expected, "{text:?}");
            found += expected.len();
        }
        found
    }

    #[test]
    fn the_two_parts_find_what_one_automaton_finds() {
        assert!(check_against_one_automaton(TimeLexicon::builtin()) > 1000);
        // Phrases listed twice, and phrases of the two parts that overlap (’s, 年’).
        let overlapping = "[[window]]\nphrases = [\"日前\", \"New Year’s Day\", \"’s\", \"年’\", \"Year\", \"日前\", \"前几天\", \"几\"]\ndays = [-10, 0]\n[not_time]\nphrases = [\"日前\", \"year’s\", \"--\"]\n";
        let lexicon = TimeLexicon::from_toml(overlapping).expect("loads");
        assert!(check_against_one_automaton(&lexicon) > 1000);
        assert!(
            lexicon.whole.get().is_some(),
            "no text needed the whole set"
        );
    }

    #[test]
    fn rejects_bad_files() {
        assert!(TimeLexicon::from_toml("[[window]]\nphrases = [\"x\"]\ndays = [3, 1]\n").is_err());
        assert!(TimeLexicon::from_toml("[[window]]\nphrases = [\"\"]\ndays = [0, 1]\n").is_err());
        assert!(TimeLexicon::from_toml("[[windows]]\n").is_err());
        let both =
            "[[festival]]\nphrases = [\"x\"]\nmonth_day = [1, 1]\ndates = [\"2024-02-10\"]\n";
        assert!(TimeLexicon::from_toml(both).is_err());
        let bad_day = "[[festival]]\nphrases = [\"x\"]\nmonth_day = [2, 30]\n";
        assert!(TimeLexicon::from_toml(bad_day).is_err());
    }
}
