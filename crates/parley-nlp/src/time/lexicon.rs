//! The user-editable vocabulary of the time module (`data/time/lexicon.toml`): vague
//! phrases with the window of days they stand for, and names that look like times.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::sync::{Arc, LazyLock};

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
#[derive(Debug, Clone)]
pub struct TimeLexicon {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
    festivals: Vec<FestivalDates>,
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
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&phrases)?;
        Ok(TimeLexicon {
            automaton,
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
        self.automaton
            .find_iter(text)
            .filter(|m| {
                let first_ascii = bytes[m.start()].is_ascii_alphanumeric();
                let last_ascii = bytes[m.end() - 1].is_ascii_alphanumeric();
                let glued_before = first_ascii && m.start() > 0 && word(m.start() - 1);
                let glued_after = last_ascii && word(m.end());
                !glued_before && !glued_after
            })
            .filter_map(|m| {
                let entry = *self.entries.get(m.pattern().as_usize())?;
                Some(Hit {
                    start: m.start(),
                    end: m.end(),
                    entry,
                })
            })
            .collect()
    }
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
