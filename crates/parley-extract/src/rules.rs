//! The extraction rules: trigger words with their mode, and cue words (planned,
//! negation, delegations...), read from `data/triggers.toml` and compiled into one
//! automaton once.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use parley_core::{EventMode, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The rules shipped with parley, embedded so the binary works anywhere.
const BUNDLED: &str = include_str!("../../../data/triggers.toml");

/// Why a rule file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML of the expected shape.
    #[error("bad rule file: {0}")]
    Toml(#[from] toml::de::Error),
    /// The file parses but says something impossible.
    #[error("bad rule file: {0}")]
    Invalid(String),
    /// The automaton could not be built.
    #[error("cannot compile the rule words: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

/// What a cue word signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// The event is announced (将, will).
    Planned,
    /// The event did not or will not happen (未, not).
    Negation,
    /// The event is only supposed (是否, if).
    Hypothetical,
    /// A meeting held by video.
    Video,
    /// A meeting held by phone.
    Phone,
    /// Countries before it are the actors (代表团, officials).
    Delegation,
    /// One meeting per pair (分别, separately).
    Distributive,
    /// Opens an inviter phrase (应, 受).
    Inviter,
    /// Closes an inviter phrase (邀请, 委派).
    InviterClose,
    /// "The two of them" (双方, both sides).
    Both,
    /// A longer word that only hides a cue inside it (未来).
    Neutral,
    /// Calls the event off anywhere in its clause (取消, cancelled).
    Cancelled,
    /// A role right after it is what someone becomes (担任美国总统).
    RoleBefore,
    /// A role right before it names a building or an office (总统府).
    RoleAfter,
    /// He, she: the subject comes from the previous sentence.
    Pronoun,
    /// Introduces the other party (与, with).
    Partner,
    /// A time right after it says since when (自去年…以来).
    Since,
    /// An arrival (抵达, arrived in): a meeting it is followed by as a purpose is to come.
    Arrival,
    /// Introduces a trip's purpose after an arrival (出席, to attend).
    Purpose,
    /// The contact is another one, not one told before (再次, again).
    Again,
    /// The contact is what others discuss (讨论, discussing): its subject is unknown.
    Topic,
}

/// A trigger word's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The word as written in the rule file.
    pub word: String,
    /// How the contact takes place.
    pub mode: EventMode,
    /// For a visit: the host country the word names itself (访华 → CHN).
    pub host: Option<String>,
    /// For a visit: the destination follows the word (访问 X).
    pub object: bool,
}

/// A match of a rule word in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<T> {
    /// Byte range in the text searched.
    pub span: Span,
    /// What it means.
    pub value: T,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    trigger: Vec<TriggerTable>,
    #[serde(default)]
    hosts: BTreeMap<String, String>,
    cues: CueTable,
    #[serde(default)]
    surnames: SurnameTable,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurnameTable {
    #[serde(default)]
    titles: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerTable {
    mode: String,
    words: Vec<String>,
    #[serde(default)]
    object: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueTable {
    planned: Vec<String>,
    negation: Vec<String>,
    hypothetical: Vec<String>,
    video: Vec<String>,
    phone: Vec<String>,
    delegation: Vec<String>,
    distributive: Vec<String>,
    inviter: Vec<String>,
    inviter_close: Vec<String>,
    neutral: Vec<String>,
    both: Vec<String>,
    cancelled: Vec<String>,
    role_before: Vec<String>,
    role_after: Vec<String>,
    pronoun: Vec<String>,
    partner: Vec<String>,
    since: Vec<String>,
    #[serde(default)]
    arrival: Vec<String>,
    #[serde(default)]
    purpose: Vec<String>,
    #[serde(default)]
    again: Vec<String>,
    #[serde(default)]
    topic: Vec<String>,
}

impl CueTable {
    /// Every cue list with its kind: one place that ties the file's tables to [`Cue`].
    fn lists(&self) -> [(Cue, &Vec<String>); 21] {
        [
            (Cue::Planned, &self.planned),
            (Cue::Negation, &self.negation),
            (Cue::Hypothetical, &self.hypothetical),
            (Cue::Video, &self.video),
            (Cue::Phone, &self.phone),
            (Cue::Delegation, &self.delegation),
            (Cue::Distributive, &self.distributive),
            (Cue::Inviter, &self.inviter),
            (Cue::InviterClose, &self.inviter_close),
            (Cue::Neutral, &self.neutral),
            (Cue::Both, &self.both),
            (Cue::Cancelled, &self.cancelled),
            (Cue::RoleBefore, &self.role_before),
            (Cue::RoleAfter, &self.role_after),
            (Cue::Pronoun, &self.pronoun),
            (Cue::Partner, &self.partner),
            (Cue::Since, &self.since),
            (Cue::Arrival, &self.arrival),
            (Cue::Purpose, &self.purpose),
            (Cue::Again, &self.again),
            (Cue::Topic, &self.topic),
        ]
    }
}

/// Compiled trigger and cue words.
///
/// Both lists live in one automaton searched once per sentence: it reports every
/// occurrence of every word (overlapping), and each list then keeps its
/// leftmost-longest, non-overlapping matches, exactly as a search of that list alone.
#[derive(Debug, Clone)]
pub struct Rules {
    triggers: Vec<Trigger>,
    cues: Vec<Cue>,
    /// Trigger words are patterns `0..triggers.len()`, cue words the rest.
    words: DFA,
    /// The state every search of `words` starts in.
    start: StateID,
    /// Titles before a surname (President, Mr), lower case.
    titles: Vec<String>,
    /// The meeting a summit's nickname names (川习会), placed by the knowledge base.
    summit: Trigger,
}

/// Every trigger and cue word of a text (see [`Rules::scan`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan<'a> {
    /// The triggers, leftmost-longest, English words only as whole words.
    pub triggers: Vec<Hit<&'a Trigger>>,
    /// The cue words, leftmost-longest, neutral words included.
    pub cues: Vec<Hit<Cue>>,
}

impl Rules {
    /// The rules in `data/triggers.toml`, as shipped.
    pub fn bundled() -> Result<Rules, RulesError> {
        Rules::parse(BUNDLED)
    }

    /// Rules from a file of the same shape (user extensions).
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Rules::parse(&text)
    }

    /// Rules from TOML text.
    pub fn parse(text: &str) -> Result<Rules, RulesError> {
        let file: RuleFile = toml::from_str(text)?;
        let mut by_word: BTreeMap<String, Trigger> = BTreeMap::new();
        for table in &file.trigger {
            let mode: EventMode = table.mode.parse().map_err(RulesError::Invalid)?;
            for word in &table.words {
                let word = word.trim();
                if word.is_empty() {
                    return Err(RulesError::Invalid(format!(
                        "empty trigger word in mode {mode}"
                    )));
                }
                let trigger = Trigger {
                    word: word.to_string(),
                    mode,
                    host: None,
                    object: table.object.unwrap_or(mode == EventMode::Visit),
                };
                if let Some(old) = by_word.insert(word.to_lowercase(), trigger) {
                    return Err(RulesError::Invalid(format!(
                        "trigger word {:?} listed twice",
                        old.word
                    )));
                }
            }
        }
        for (word, host) in &file.hosts {
            let trigger = by_word.get_mut(&word.to_lowercase()).ok_or_else(|| {
                RulesError::Invalid(format!("host given for unknown trigger word {word:?}"))
            })?;
            if trigger.mode != EventMode::Visit {
                return Err(RulesError::Invalid(format!(
                    "host given for {word:?}, which is not a visit"
                )));
            }
            if host.len() != 3 || !host.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(RulesError::Invalid(format!(
                    "host {host:?} of {word:?} is not an alpha-3 code"
                )));
            }
            trigger.host = Some(host.clone());
            trigger.object = false;
        }
        let triggers: Vec<Trigger> = by_word.into_values().collect();

        let mut cue_words: BTreeMap<String, Cue> = BTreeMap::new();
        for (kind, words) in file.cues.lists() {
            for word in words {
                let word = word.trim().to_lowercase();
                if word.is_empty() {
                    return Err(RulesError::Invalid(format!("empty cue word ({kind:?})")));
                }
                if let Some(old) = cue_words.insert(word.clone(), kind) {
                    return Err(RulesError::Invalid(format!(
                        "cue word {word:?} listed as both {old:?} and {kind:?}"
                    )));
                }
            }
        }
        let words = build(
            triggers
                .iter()
                .map(|t| t.word.as_str())
                .chain(cue_words.keys().map(String::as_str)),
        )?;
        let cues = cue_words.into_values().collect();
        let start = words
            .start_state(Anchored::No)
            .map_err(|e| RulesError::Invalid(e.to_string()))?;
        let mut titles = Vec::new();
        for title in &file.surnames.titles {
            let title = title.trim().to_lowercase();
            if title.is_empty() {
                return Err(RulesError::Invalid("empty title".to_string()));
            }
            titles.push(title);
        }
        Ok(Rules {
            triggers,
            cues,
            words,
            start,
            titles,
            summit: Trigger {
                word: "summit nickname".to_string(),
                mode: EventMode::Meet,
                host: None,
                object: false,
            },
        })
    }

    /// True when `before` (the text up to a name) ends with a title word (President
    /// Trump, Mr Starmer), white space aside, ASCII case ignored.
    pub fn titled(&self, before: &str) -> bool {
        let before = before.trim_end();
        self.titles.iter().any(|t| {
            before.len() >= t.len()
                && before.is_char_boundary(before.len() - t.len())
                && before[before.len() - t.len()..].eq_ignore_ascii_case(t)
                && !before[..before.len() - t.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
        })
    }

    /// Every trigger and cue word in `text` (normalised text), in one pass; no cues
    /// when there is no trigger.
    pub fn scan(&self, text: &str) -> Scan<'_> {
        self.scan_with_summits(text, &[])
    }

    /// [`Rules::scan`], with a meeting trigger at each of `summits`: the spans of the
    /// summit nicknames (川习会) the knowledge base found in `text`. A trigger word
    /// inside a nickname gives way to it.
    pub fn scan_with_summits(&self, text: &str, summits: &[Span]) -> Scan<'_> {
        let n = self.triggers.len();
        // Every occurrence of each list's words: (span, index in the list).
        let mut triggers = Vec::new();
        let mut cues = Vec::new();
        self.every_occurrence(text, |span, word| match word.checked_sub(n) {
            None => triggers.push((span, word)),
            Some(cue) => cues.push((span, cue)),
        });
        if summits.is_empty() && triggers.is_empty() {
            // No trigger: the cues matter to no one (the common case).
            return Scan::default();
        }
        let mut triggers: Vec<Hit<&Trigger>> = leftmost_longest(text, triggers)
            .map(|(span, i)| Hit {
                span,
                value: &self.triggers[i],
            })
            .collect();
        if !summits.is_empty() {
            triggers.retain(|t| !summits.iter().any(|s| s.overlaps(t.span)));
            triggers.extend(summits.iter().map(|&span| Hit {
                span,
                value: &self.summit,
            }));
            triggers.sort_by_key(|t| t.span.start);
        }
        Scan {
            triggers,
            cues: leftmost_longest(text, cues)
                .map(|(span, i)| Hit {
                    span,
                    value: self.cues[i],
                })
                .collect(),
        }
    }

    /// Calls `found` with the span and pattern index of every occurrence of every word
    /// in `text`, overlapping ones included, in order of their ends. The automaton's
    /// states are walked byte by byte here rather than through its iterator, which pays
    /// a round of checks per match (cue words are frequent).
    fn every_occurrence(&self, text: &str, mut found: impl FnMut(Span, usize)) {
        let mut state = self.start;
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            state = self.words.next_state(Anchored::No, state, byte);
            if self.words.is_special(state) && self.words.is_match(state) {
                let end = at + 1;
                for i in 0..self.words.match_len(state) {
                    let word = self.words.match_pattern(state, i);
                    found(
                        Span::new(end - self.words.pattern_len(word), end),
                        word.as_usize(),
                    );
                }
            }
        }
    }

    /// Every trigger word in `text` (normalised text), leftmost-longest, English words
    /// only as whole words.
    pub fn find_triggers<'a>(&'a self, text: &str) -> Vec<Hit<&'a Trigger>> {
        self.scan(text).triggers
    }

    /// Every cue word in `text` (normalised text), leftmost-longest; neutral words are
    /// reported too so callers can see what hid a cue.
    pub fn find_cues(&self, text: &str) -> Vec<Hit<Cue>> {
        self.scan(text).cues
    }

    /// Every trigger, for documentation and tests.
    pub fn triggers(&self) -> &[Trigger] {
        &self.triggers
    }
}

fn build<'a>(words: impl Iterator<Item = &'a str>) -> Result<DFA, aho_corasick::BuildError> {
    // A DFA: the word lists are small and every sentence is searched, so a table
    // lookup per byte beats the NFA's transition walks. No prefilter: Chinese text gives
    // it nothing rare to skip to. Standard semantics, for overlapping search.
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .prefilter(false)
        .build(words)
}

/// Of every occurrence of one list's words (span, word index), the matches a
/// leftmost-longest search of that list makes: from the left, the longest word starting
/// earliest, then on after its end; then only those that keep ASCII words whole (a
/// match dropped for that hides what overlaps it, as in the search).
fn leftmost_longest<'a>(
    text: &'a str,
    mut all: Vec<(Span, usize)>,
) -> impl Iterator<Item = (Span, usize)> + 'a {
    // Longest first at one start; the lowest word index among equal spans (a word
    // listed in two forms), as the search would report.
    all.sort_unstable_by(|a, b| (a.0.start, b.0.end, a.1).cmp(&(b.0.start, a.0.end, b.1)));
    let mut end = 0;
    all.retain(|(span, _)| {
        let keep = span.start >= end;
        if keep {
            end = span.end;
        }
        keep
    });
    all.into_iter()
        .filter(move |(span, _)| whole_words(text, *span))
}

/// True unless the match starts or ends an ASCII word in the middle of one. ASCII
/// letters and digits are single bytes and no byte of another character is one, so
/// the bytes on either side of each end tell.
fn whole_words(text: &str, span: Span) -> bool {
    let alnum_at = |at: Option<usize>| {
        at.and_then(|at| text.as_bytes().get(at))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    let cuts_at = |at: usize| alnum_at(at.checked_sub(1)) && alnum_at(Some(at));
    !(cuts_at(span.start) || cuts_at(span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::bundled().expect("bundled rules parse")
    }

    #[test]
    fn bundled_rules_parse_and_name_hosts() {
        let r = rules();
        let fang_hua = r
            .triggers()
            .iter()
            .find(|t| t.word == "访华")
            .expect("访华");
        assert_eq!(fang_hua.host.as_deref(), Some("CHN"));
        assert!(!fang_hua.object);
        let visit = r
            .triggers()
            .iter()
            .find(|t| t.word == "访问")
            .expect("访问");
        assert!(visit.object && visit.host.is_none());
    }

    #[test]
    fn longest_trigger_wins() {
        let r = rules();
        let hits = r.find_triggers("习近平同普京举行视频会晤");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].value.mode, EventMode::Video);
        let hits = r.find_triggers("王毅同巴罗举行会谈");
        assert_eq!(hits[0].value.word, "举行会谈");
    }

    #[test]
    fn english_words_are_whole_words() {
        let r = rules();
        let words: Vec<&str> = r
            .find_triggers("Putin met Erdogan; the meetings were metered. Biden visited Kyiv")
            .iter()
            .map(|h| h.value.word.as_str())
            .collect();
        assert_eq!(words, vec!["met", "visited"]);
        let words: Vec<&str> = r
            .find_triggers("Xi MET Biden")
            .iter()
            .map(|h| h.value.word.as_str())
            .collect();
        assert_eq!(words, vec!["met"]);
    }

    #[test]
    fn neutral_words_hide_cues() {
        let r = rules();
        let cues: Vec<Cue> = r
            .find_cues("普京也将在未来几天内与王毅会面")
            .iter()
            .map(|h| h.value)
            .collect();
        assert_eq!(cues, vec![Cue::Planned, Cue::Neutral, Cue::Partner]);
        let cues: Vec<Cue> = r
            .find_cues("两国元首未举行会谈")
            .iter()
            .map(|h| h.value)
            .collect();
        assert_eq!(cues, vec![Cue::Negation]);
    }

    /// Every cue word of the bundled rules, trimmed and in lower case, as listed.
    fn bundled_cue_words() -> Vec<String> {
        let file: RuleFile = toml::from_str(BUNDLED).expect("bundled rules parse");
        file.cues
            .lists()
            .into_iter()
            .flat_map(|(_, words)| words)
            .map(|w| w.trim().to_lowercase())
            .collect()
    }

    /// Texts to compare searches on: a few fixed ones, and every line of the seed
    /// stories when they are at hand.
    fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "习近平同普京举行视频会晤，双方将于未来几天内以视频方式会见",
            "普京也将在未来几天内与王毅会面，两国元首未举行会谈",
            "Putin met Erdogan; the meetings were metered. Biden visited Kyiv",
            "He will hold talks with Macron and held a call with the officials, not only if any",
            "应莫迪邀请，国事访问期间分别会见了代表团，访华将是重要访问",
            "THE PRESIDENT MET WITH the delegations ahead of talks with Xi in turn",
            "",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
        match std::fs::read_dir(seeds) {
            Ok(dir) => {
                for entry in dir.flatten() {
                    if let Ok(text) = std::fs::read_to_string(entry.path()) {
                        texts.extend(text.lines().map(str::to_string));
                    }
                }
            }
            Err(_) => eprintln!("{seeds} absent: only the fixed texts are compared"),
        }
        texts
    }

    /// The walk over the automaton's states reports what the crate's own overlapping
    /// iterator reports, in the same order.
    #[test]
    fn every_occurrence_equals_the_overlapping_iterator() {
        let r = rules();
        // The automaton's words: the triggers, then the cue words in sorted order.
        let mut cue_words = bundled_cue_words();
        cue_words.sort();
        let words: Vec<String> = r
            .triggers()
            .iter()
            .map(|t| t.word.clone())
            .chain(cue_words)
            .collect();
        let iterator = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&words)
            .expect("the rule words compile");
        for text in &sample_texts() {
            let mut walked = Vec::new();
            r.every_occurrence(text, |span, word| walked.push((span, word)));
            let iterated: Vec<(Span, usize)> = iterator
                .find_overlapping_iter(text)
                .map(|m| (Span::new(m.start(), m.end()), m.pattern().as_usize()))
                .collect();
            assert_eq!(walked, iterated, "{text:?}");
        }
    }

    /// The one-pass scan finds what a leftmost-longest search of each list alone finds
    /// (a plain one, independent of the automaton's own match kinds).
    #[test]
    fn scan_equals_separate_leftmost_longest_searches() {
        let r = rules();
        let cue_words = bundled_cue_words();
        // Leftmost-longest spelled out: from the left, the longest word (ASCII case
        // aside) starting at each position, then on after its end; kept when it leaves
        // ASCII words whole.
        let separate = |words: Vec<&str>, text: &str| -> Vec<(Span, String)> {
            let haystack = text.to_ascii_lowercase();
            let words: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
            let mut out = Vec::new();
            let mut pos = 0;
            while pos < haystack.len() {
                let longest = words
                    .iter()
                    .filter(|w| haystack.as_bytes()[pos..].starts_with(w.as_bytes()))
                    .map(String::len)
                    .max();
                let Some(len) = longest else {
                    pos += 1;
                    continue;
                };
                let span = Span::new(pos, pos + len);
                if whole_words(text, span) {
                    out.push((span, text[span.range()].to_lowercase()));
                }
                pos += len;
            }
            out
        };
        for text in &sample_texts() {
            let scan = r.scan(text);
            let triggers: Vec<(Span, String)> = scan
                .triggers
                .iter()
                .map(|h| (h.span, text[h.span.range()].to_lowercase()))
                .collect();
            let trigger_words: Vec<&str> = r.triggers().iter().map(|t| t.word.as_str()).collect();
            assert_eq!(
                triggers,
                separate(trigger_words, text),
                "triggers of {text:?}"
            );
            if triggers.is_empty() {
                assert!(scan.cues.is_empty());
                continue;
            }
            let cues: Vec<(Span, String)> = scan
                .cues
                .iter()
                .map(|h| (h.span, text[h.span.range()].to_lowercase()))
                .collect();
            let words: Vec<&str> = cue_words.iter().map(String::as_str).collect();
            assert_eq!(cues, separate(words, text), "cues of {text:?}");
        }
    }

    /// The byte test of [`whole_words`] agrees with the definition on characters, for
    /// every span between character boundaries of mixed texts.
    #[test]
    fn whole_words_from_bytes_equals_the_definition_on_characters() {
        let reference = |text: &str, span: Span| {
            let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let word = &text[span.range()];
            !((alnum(word.chars().next()) && alnum(text[..span.start].chars().next_back()))
                || (alnum(word.chars().next_back()) && alnum(text[span.end..].chars().next())))
        };
        for text in [
            "Putin met Erdogan; the meetings were metered. Biden visited Kyiv",
            "习近平同Macron举行会谈，met2次, é met à Paris",
            "x9会见Ab c",
            "a",
        ] {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k + 1..] {
                    let span = Span::new(start, end);
                    assert_eq!(
                        whole_words(text, span),
                        reference(text, span),
                        "{:?} in {text:?}",
                        &text[span.range()]
                    );
                }
            }
        }
    }

    #[test]
    fn titles_end_the_text_before_a_name() {
        let r = rules();
        assert!(r.titled("talks with U.S. President "));
        assert!(r.titled("said Mr."));
        assert!(!r.titled("Ms. Residents "));
        assert!(!r.titled("the ex-presidentia "));
        assert!(!r.titled("Volker and "));
        assert!(!r.titled(""));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        assert!(Rules::parse("").is_err());
        assert!(Rules::parse("[[trigger]]\nmode = \"dance\"\nwords = [\"x\"]\n").is_err());
        let twice = BUNDLED.replace("\"会见\", ", "\"会见\", \"会见\", ");
        assert!(matches!(Rules::parse(&twice), Err(RulesError::Invalid(_))));
        let bad_host = BUNDLED.replace("\"访华\" = \"CHN\"", "\"访华\" = \"China\"");
        assert!(matches!(
            Rules::parse(&bad_host),
            Err(RulesError::Invalid(_))
        ));
    }
}
