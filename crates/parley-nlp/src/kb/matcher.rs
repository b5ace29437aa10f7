//! One Aho-Corasick automaton over every name, alias and role phrase, and the rules that
//! turn its raw matches into mentions: word boundaries for Latin script, context for
//! one-character short forms, and the merging of countries with titles into roles.

use super::data::{Country, Organisation, Person, Place, RolesFile};
use super::{ActorMention, KnowledgeBase, MentionKind, OfficeKind, RoleMention};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use parley_core::Span;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::rc::Rc;

/// What one pattern of the automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Person(usize),
    Country(usize),
    /// A one-character short form, kept only in compound contexts.
    Short(usize),
    Side(usize),
    Org(usize),
    Place(usize),
    Title {
        title: usize,
        plural: bool,
        /// Country written into the pattern itself (俄外长).
        country: Option<usize>,
    },
    /// A word that hides the names inside it (欧美, 中东).
    Blocker,
}

/// The context rules of the short form a pattern is or starts with, looked up once
/// when the matcher is built rather than by comparing strings at each match.
#[derive(Debug, Clone, Copy, Default)]
struct ShortRule {
    /// One of the paired short forms (中, 俄), which confirm each other.
    paired: bool,
    /// Index in [`Matcher::short_not_after`] of the characters it never follows.
    not_after: Option<usize>,
}

/// What the matcher knows of one pattern, worked out when it is built.
#[derive(Debug)]
struct PatternInfo {
    target: Target,
    /// Check the left boundary (the pattern starts with a Latin word character).
    check_left: bool,
    /// Check the right boundary (the pattern ends with a Latin word character).
    check_right: bool,
    /// The rules of a short form (中), or of the short form in front of a title (俄外长).
    short: ShortRule,
}

/// A raw match after the boundary and short-form checks.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    kind: Target,
    /// The short-form rules of its pattern.
    short: ShortRule,
    /// A short form in a place it never counts (after a digit, inside a dotted name).
    banned: bool,
    /// A short form with evidence of its own (访华, 俄军, 中俄外长).
    evidence: bool,
    /// Kept by the short-form rules.
    keep: bool,
}

/// Title data the matcher needs at match time.
#[derive(Debug)]
struct TitleInfo {
    office: OfficeKind,
    country: Option<String>,
}

/// The automaton over every pattern, each pattern's index as its value.
struct Automaton(CharwiseDoubleArrayAhoCorasick<u32>);

impl std::fmt::Debug for Automaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Automaton({} states)", self.0.num_states())
    }
}

/// A short list of words sorted by the character at the edge a text is compared at (its
/// first, or its last), so that only the words sharing the text's edge character are
/// compared.
#[derive(Debug)]
struct EdgeWords {
    /// Each non-empty word with its edge character, sorted by it.
    words: Vec<(char, String)>,
    /// One of the words is empty: every text has it at either edge.
    any_empty: bool,
}

impl EdgeWords {
    /// The words keyed by the character `edge` picks.
    fn new(words: &[String], edge: fn(&str) -> Option<char>) -> Self {
        let mut keyed: Vec<(char, String)> = words
            .iter()
            .filter_map(|w| Some((edge(w)?, w.clone())))
            .collect();
        keyed.sort_unstable();
        EdgeWords {
            words: keyed,
            any_empty: words.iter().any(String::is_empty),
        }
    }

    /// Words compared at the start of a text.
    fn first_chars(words: &[String]) -> Self {
        Self::new(words, |w| w.chars().next())
    }

    /// Words compared at the end of a text.
    fn last_chars(words: &[String]) -> Self {
        Self::new(words, |w| w.chars().next_back())
    }

    /// The words whose edge character is `edge`.
    fn with_edge(&self, edge: Option<char>) -> impl Iterator<Item = &str> {
        let from = edge.map_or(self.words.len(), |c| {
            self.words.partition_point(|(e, _)| *e < c)
        });
        self.words[from..]
            .iter()
            .take_while(move |(e, _)| Some(*e) == edge)
            .map(|(_, w)| w.as_str())
    }

    /// True when `text` starts with one of the words (built with [`Self::first_chars`]).
    fn any_starts(&self, text: &str) -> bool {
        self.any_empty
            || self
                .with_edge(text.chars().next())
                .any(|w| text.starts_with(w))
    }

    /// True when `text` ends with one of the words (built with [`Self::last_chars`]).
    fn any_ends(&self, text: &str) -> bool {
        self.any_empty
            || self
                .with_edge(text.chars().next_back())
                .any(|w| text.ends_with(w))
    }
}

/// A few characters, sorted: looked up by binary search, without hashing.
#[derive(Debug)]
struct CharSet(Vec<char>);

impl CharSet {
    /// The characters of `chars`.
    fn new(chars: &str) -> Self {
        let mut set: Vec<char> = chars.chars().collect();
        set.sort_unstable();
        set.dedup();
        CharSet(set)
    }

    /// True when `c` is one of them.
    fn contains(&self, c: char) -> bool {
        self.0.binary_search(&c).is_ok()
    }
}

/// The compiled matcher.
#[derive(Debug)]
pub(crate) struct Matcher {
    /// Every pattern, its index as the value (a character-wise double array: quick to
    /// build over thousands of Chinese names, and quick to search).
    ac: Option<Automaton>,
    /// Per pattern (the automaton's value): what it stands for and how it is checked.
    patterns: Vec<PatternInfo>,
    titles: Vec<TitleInfo>,
    /// Words before a short form that are evidence for it (访华).
    short_prefixes: EdgeWords,
    /// Words before a paired short form that are evidence for it (来华).
    paired_prefixes: EdgeWords,
    /// Words after a short form that are evidence for it (俄军).
    short_suffixes: EdgeWords,
    /// Characters no short form follows.
    reject_after: CharSet,
    /// Characters no side (中方) comes before.
    side_not_before: CharSet,
    /// The characters some short forms never follow ([`ShortRule::not_after`]).
    short_not_after: Vec<CharSet>,
    connectors: Vec<String>,
}

/// A Latin-script word character: an English match must not touch one.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) < 0x2E80
}

/// A Chinese ideograph (the characters of transliterated names).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Interpunct spellings used between the parts of transliterated names.
const DOTS: [char; 5] = ['·', '•', '・', '‧', '．'];

fn dot_variants(name: &str) -> Vec<String> {
    if !name.contains(DOTS) {
        return vec![name.to_string()];
    }
    DOTS.iter()
        .map(|d| {
            name.chars()
                .map(|c| if DOTS.contains(&c) { *d } else { c })
                .collect()
        })
        .collect()
}

/// "foreign minister" → itself, "Foreign minister", "Foreign Minister".
fn case_variants(title: &str) -> Vec<String> {
    fn cap(w: &str) -> String {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }
    let lower = title.to_string();
    let first = cap(title);
    let words: Vec<String> = title
        .split(' ')
        .map(|w| match w {
            "of" | "the" | "and" | "for" | "on" => w.to_string(),
            _ => cap(w),
        })
        .collect();
    let mut out = vec![lower, first, words.join(" ")];
    out.dedup();
    out.sort();
    out.dedup();
    out
}

struct Builder {
    targets: Vec<Target>,
    /// Every pattern with its index.
    seen: HashMap<String, usize>,
    problems: Vec<String>,
    /// Per pattern: what it names, for collision messages (shared by its variants).
    labels: Vec<Rc<str>>,
}

impl Builder {
    fn add(&mut self, pattern: String, target: Target, label: &Rc<str>) {
        if pattern.trim().is_empty() {
            return;
        }
        match self.seen.entry(pattern) {
            Entry::Occupied(known) => {
                let i = *known.get();
                let old = &self.targets[i];
                let benign = *old == target
                    || matches!((old, &target), (Target::Country(_), Target::Place(_)))
                    || matches!((old, &target), (Target::Title { .. }, Target::Title { .. }))
                    || matches!(target, Target::Blocker) && matches!(old, Target::Blocker);
                if !benign {
                    self.problems.push(format!(
                        "name `{}` of {label} already names {}",
                        known.key(),
                        self.labels[i]
                    ));
                }
            }
            Entry::Vacant(new) => {
                new.insert(self.targets.len());
                self.targets.push(target);
                self.labels.push(Rc::clone(label));
            }
        }
    }

    /// The patterns in the order they were added.
    fn patterns(&mut self) -> Vec<String> {
        let mut patterns = vec![String::new(); self.targets.len()];
        for (pattern, i) in self.seen.drain() {
            patterns[i] = pattern;
        }
        patterns
    }
}

impl Matcher {
    /// Builds the automaton; returns it with the name collisions found.
    pub fn build(
        people: &[Person],
        countries: &[Country],
        organisations: &[Organisation],
        places: &[Place],
        roles: &RolesFile,
    ) -> (Matcher, Vec<String>) {
        let mut b = Builder {
            targets: Vec::new(),
            seen: HashMap::new(),
            problems: Vec::new(),
            labels: Vec::new(),
        };
        let ctx = &roles.context;
        for (i, c) in countries.iter().enumerate() {
            let label: Rc<str> = format!("country {}", c.iso3).into();
            for name in
                c.en.iter()
                    .chain(&c.zh)
                    .chain(&c.zh_hant)
                    .chain(&c.ru)
                    .chain(&c.demonyms)
            {
                for v in dot_variants(name) {
                    b.add(v, Target::Country(i), &label);
                }
            }
            for side in &c.sides {
                b.add(side.clone(), Target::Side(i), &label);
            }
            for short in &c.short {
                b.add(format!("{short}方"), Target::Side(i), &label);
            }
        }
        for (i, c) in countries.iter().enumerate() {
            let label: Rc<str> = format!("country {} (short form)", c.iso3).into();
            for short in &c.short {
                b.add(short.clone(), Target::Short(i), &label);
            }
        }
        for (i, o) in organisations.iter().enumerate() {
            let label: Rc<str> = format!("organisation {}", o.id).into();
            for name in o.en.iter().chain(&o.zh).chain(&o.zh_hant) {
                b.add(name.clone(), Target::Org(i), &label);
            }
        }
        for (i, p) in people.iter().enumerate() {
            let label: Rc<str> = format!("person {}", p.id).into();
            for name in p.en.iter().chain(&p.zh).chain(&p.zh_hant).chain(&p.ru) {
                for v in dot_variants(name) {
                    b.add(v, Target::Person(i), &label);
                }
            }
        }
        for (i, p) in places.iter().enumerate() {
            let label: Rc<str> = format!("place {}", p.id).into();
            for name in p.en.iter().chain(&p.zh).chain(&p.zh_hant) {
                b.add(name.clone(), Target::Place(i), &label);
            }
        }
        let mut titles = Vec::new();
        for (ti, t) in roles.title.iter().enumerate() {
            titles.push(TitleInfo {
                office: t.office,
                country: t.country.clone(),
            });
            let label: Rc<str> = format!("title {}", t.office).into();
            let single = |plural| Target::Title {
                title: ti,
                plural,
                country: None,
            };
            for zh in t.zh.iter().chain(&t.zh_hant) {
                b.add(zh.clone(), single(false), &label);
                for prefix in &ctx.zh_plural_prefixes {
                    b.add(format!("{prefix}{zh}"), single(true), &label);
                }
                for (ci, c) in countries.iter().enumerate() {
                    for short in &c.short {
                        let target = Target::Title {
                            title: ti,
                            plural: false,
                            country: Some(ci),
                        };
                        b.add(format!("{short}{zh}"), target, &label);
                    }
                }
            }
            for en in &t.en {
                for v in case_variants(en) {
                    b.add(v, single(false), &label);
                }
            }
            for en in &t.en_plural {
                for v in case_variants(en) {
                    b.add(v, single(true), &label);
                }
                for prefix in &ctx.en_plural_prefixes {
                    for v in case_variants(&format!("{prefix}{en}")) {
                        b.add(v, single(true), &label);
                    }
                }
            }
        }
        let blocker_label: Rc<str> = Rc::from("a blocker");
        for blocker in &ctx.blockers {
            b.add(blocker.clone(), Target::Blocker, &blocker_label);
        }
        let patterns = b.patterns();
        let mut not_after_keys: Vec<&String> = ctx.short_not_after.keys().collect();
        not_after_keys.sort_unstable();
        let rule = |short: &str| ShortRule {
            paired: ctx.paired.iter().any(|p| p == short),
            not_after: not_after_keys.iter().position(|k| k.as_str() == short),
        };
        let infos = patterns
            .iter()
            .zip(&b.targets)
            .map(|(p, &target)| PatternInfo {
                target,
                check_left: p.chars().next().is_some_and(is_word),
                check_right: p.chars().next_back().is_some_and(is_word),
                short: match target {
                    Target::Short(_) => rule(p),
                    Target::Title {
                        country: Some(_), ..
                    } => {
                        let first = p.chars().next().map_or(0, char::len_utf8);
                        rule(&p[..first])
                    }
                    _ => ShortRule::default(),
                },
            })
            .collect();
        let ac = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .use_prefilter(false)
            .build_with_values(
                // Text is normalised before matching: a spelling normalisation changes
                // (traditional, full-width) is never met and stays out of the automaton.
                patterns
                    .iter()
                    .zip(0u32..)
                    .filter(|(p, _)| crate::text::chars_survive(p)),
            );
        let ac = match ac {
            Ok(ac) => Some(Automaton(ac)),
            Err(e) => {
                b.problems
                    .push(format!("cannot build the name automaton: {e}"));
                None
            }
        };
        let matcher = Matcher {
            ac,
            patterns: infos,
            titles,
            short_prefixes: EdgeWords::last_chars(&ctx.short_prefixes),
            paired_prefixes: EdgeWords::last_chars(&ctx.paired_prefixes),
            short_suffixes: EdgeWords::first_chars(&ctx.short_suffixes),
            reject_after: CharSet::new(&ctx.reject_after),
            side_not_before: CharSet::new(&ctx.side_not_before),
            short_not_after: not_after_keys
                .iter()
                .map(|k| CharSet::new(&ctx.short_not_after[*k]))
                .collect(),
            connectors: ctx.connectors.clone(),
        };
        (matcher, b.problems)
    }

    /// Raw matches: leftmost-longest, Latin matches on word boundaries (a rejected match
    /// lets the search resume one character later), blockers dropped.
    fn raw(&self, text: &str) -> Vec<Tok> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pos = 0;
        'restart: while pos < text.len() {
            let base = pos;
            for m in ac.0.leftmost_find_iter(&text[base..]) {
                let (start, end) = (base + m.start(), base + m.end());
                let info = &self.patterns[m.value() as usize];
                let left_ok =
                    !info.check_left || !text[..start].chars().next_back().is_some_and(is_word);
                let right_ok =
                    !info.check_right || !text[end..].chars().next().is_some_and(is_word);
                if !(left_ok && right_ok) {
                    // Resume one character after the rejected match's start.
                    pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
                    continue 'restart;
                }
                if info.target != Target::Blocker {
                    out.push(Tok {
                        start,
                        end,
                        kind: info.target,
                        short: info.short,
                        banned: false,
                        evidence: false,
                        keep: true,
                    });
                }
            }
            break;
        }
        out
    }

    /// Keeps a one-character short form only in a compound context. A short form has
    /// evidence of its own after a prefix (访华; 来华 and 对美 for the paired forms only),
    /// before a suffix (俄军, 中法关系) or before a title (中俄外长). Without it, it counts
    /// next to another short form that has evidence, next to a full country name when it
    /// is one of the paired forms, or paired with a different paired form (中俄, 俄美):
    /// so 马伊加 (a name) and 哈哈 stay unread. Never after a digit or a listed character,
    /// nor inside a dotted transliterated name.
    fn shorts(&self, text: &str, mut raw: Vec<Tok>) -> Vec<Tok> {
        let is_short = |t: &Tok| matches!(t.kind, Target::Short(_));
        if raw.iter().any(is_short) {
            for k in 0..raw.len() {
                if is_short(&raw[k]) {
                    let t = &raw[k];
                    let banned =
                        self.banned(text, t.start, t.short) || Self::in_dotted_name(text, &raw, k);
                    raw[k].banned = banned;
                }
            }
            for k in 0..raw.len() {
                let t = &raw[k];
                if !is_short(t) || t.banned {
                    continue;
                }
                let head = &text[..t.start];
                let rest = &text[t.end..];
                let title_next = raw
                    .get(k + 1)
                    .is_some_and(|n| n.start == t.end && matches!(n.kind, Target::Title { .. }));
                let evidence = title_next
                    || self.short_suffixes.any_starts(rest)
                    || self.short_prefixes.any_ends(head)
                    || (t.short.paired && self.paired_prefixes.any_ends(head));
                raw[k].evidence = evidence;
            }
            for k in 0..raw.len() {
                let tok = &raw[k];
                let Target::Short(ci) = tok.kind else {
                    continue;
                };
                let confirmed = |j: usize| {
                    let Some(n) = raw.get(j) else {
                        return false;
                    };
                    let (left, right) = if j < k { (n, tok) } else { (tok, n) };
                    if left.end != right.start || n.banned {
                        return false;
                    }
                    match n.kind {
                        Target::Short(cj) => {
                            n.evidence || (tok.short.paired && n.short.paired && cj != ci)
                        }
                        Target::Country(_) => tok.short.paired,
                        Target::Title {
                            country: Some(_), ..
                        } => true,
                        _ => false,
                    }
                };
                let keep = !tok.banned
                    && (tok.evidence
                        || k.checked_sub(1).is_some_and(confirmed)
                        || confirmed(k + 1));
                raw[k].keep = keep;
            }
        }
        raw.retain_mut(|tok| match tok.kind {
            Target::Side(_) => {
                let after = text[tok.end..].chars().next();
                !after.is_some_and(|c| self.side_not_before.contains(c))
            }
            Target::Title {
                title,
                plural,
                country: Some(_),
            } => {
                // 俄外长: the short form in front obeys the same rules (25日外长 is a date).
                if self.banned(text, tok.start, tok.short) {
                    tok.start += text[tok.start..].chars().next().map_or(0, char::len_utf8);
                    tok.kind = Target::Title {
                        title,
                        plural,
                        country: None,
                    };
                }
                true
            }
            Target::Short(ci) => {
                if tok.keep {
                    tok.kind = Target::Country(ci);
                }
                tok.keep
            }
            _ => true,
        });
        raw
    }

    /// True when the short form `raw[k]` sits in a part of a transliterated name: walking
    /// from it over Chinese characters that no other name covers, an interpunct comes
    /// within a few characters (雷杰普·塔伊普·埃尔多安: neither 塔 nor 伊 is a country).
    fn in_dotted_name(text: &str, raw: &[Tok], k: usize) -> bool {
        const REACH: usize = 6;
        fn reaches(chars: impl Iterator<Item = char>) -> bool {
            for c in chars.take(REACH + 1) {
                if DOTS.contains(&c) {
                    return true;
                }
                if !is_han(c) {
                    return false;
                }
            }
            false
        }
        let named = |t: &&Tok| !matches!(t.kind, Target::Short(_));
        let left_limit = raw[..k].iter().rev().find(named).map_or(0, |t| t.end);
        let right_limit = raw[k + 1..]
            .iter()
            .find(named)
            .map_or(text.len(), |t| t.start);
        let (start, end) = (raw[k].start, raw[k].end);
        let before = text.get(left_limit.min(start)..start).unwrap_or("");
        let after = text.get(end..right_limit.max(end)).unwrap_or("");
        reaches(before.chars().rev()) || reaches(after.chars())
    }

    /// True when a short form with the rules `rule`, starting at `start`, follows a
    /// character it never follows.
    fn banned(&self, text: &str, start: usize, rule: ShortRule) -> bool {
        text[..start].chars().next_back().is_some_and(|c| {
            self.reject_after.contains(c)
                || rule
                    .not_after
                    .is_some_and(|i| self.short_not_after[i].contains(c))
        })
    }

    /// Every mention of `text`.
    pub fn find(&self, kb: &KnowledgeBase, text: &str) -> Vec<ActorMention> {
        let toks = self.shorts(text, self.raw(text));
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            let tok = &toks[i];
            match &tok.kind {
                Target::Country(_) | Target::Org(_) => {
                    if let Some((role, next)) = self.country_role(kb, text, &toks, i) {
                        let end = toks[next - 1].end;
                        self.emit_role(text, &toks, role, tok.start, end, next, &mut out);
                        i = next;
                    } else {
                        out.extend(simple(kb, tok));
                        i += 1;
                    }
                }
                Target::Title {
                    title,
                    plural,
                    country,
                } => {
                    let info = &self.titles[*title];
                    let mut role = RoleMention {
                        office: info.office,
                        countries: country
                            .map(|c| kb.countries[c].iso3.clone())
                            .or_else(|| info.country.clone())
                            .into_iter()
                            .collect(),
                        plural: *plural,
                    };
                    let mut next = i + 1;
                    if let Some(n) = toks.get(i + 1) {
                        let gap = &text[tok.end..n.start];
                        if gap == " of " || gap == " of the " {
                            match n.kind {
                                Target::Country(c) => {
                                    role.countries = vec![kb.countries[c].iso3.clone()];
                                    next = i + 2;
                                    // "the presidents of Russia and China"
                                    while role.plural {
                                        let (Some(prev), Some(more)) =
                                            (toks.get(next - 1), toks.get(next))
                                        else {
                                            break;
                                        };
                                        let joint = &text[prev.end..more.start];
                                        let Target::Country(c) = more.kind else {
                                            break;
                                        };
                                        if !self.connectors.iter().any(|x| x == joint) {
                                            break;
                                        }
                                        let id = kb.countries[c].iso3.clone();
                                        if !role.countries.contains(&id) {
                                            role.countries.push(id);
                                        }
                                        next += 1;
                                    }
                                }
                                Target::Org(o) => {
                                    role.countries = vec![kb.organisations[o].id.clone()];
                                    if role.office.is_head() {
                                        role.office = OfficeKind::OrgHead;
                                    }
                                    next = i + 2;
                                }
                                _ => {}
                            }
                        }
                    }
                    let end = toks[next - 1].end;
                    self.emit_role(text, &toks, role, tok.start, end, next, &mut out);
                    i = next;
                }
                Target::Person(p) => {
                    out.extend(simple(kb, tok));
                    i += 1;
                    if let Some(Tok {
                        start,
                        kind:
                            Target::Title {
                                title,
                                country: None,
                                ..
                            },
                        ..
                    }) = toks.get(i)
                    {
                        let office = self.titles[*title].office;
                        let held = kb.people[*p].offices.iter().any(|o| o.kind == office);
                        if *start == tok.end && held {
                            i += 1;
                        }
                    }
                }
                _ => {
                    out.extend(simple(kb, tok));
                    i += 1;
                }
            }
        }
        out
    }

    /// A run of countries at `i` followed by a title: the role, and the index after it.
    fn country_role(
        &self,
        kb: &KnowledgeBase,
        text: &str,
        toks: &[Tok],
        i: usize,
    ) -> Option<(RoleMention, usize)> {
        // The run is toks[i..=last].
        let mut last = i;
        let mut gaps_empty = true;
        if matches!(toks[i].kind, Target::Country(_)) {
            while let Some(n) = toks.get(last + 1) {
                if !matches!(n.kind, Target::Country(_)) {
                    break;
                }
                let gap = &text[toks[last].end..n.start];
                if !gap.is_empty() {
                    if !self.connectors.iter().any(|c| c == gap) {
                        break;
                    }
                    gaps_empty = false;
                }
                last += 1;
            }
        }
        let n = toks.get(last + 1)?;
        let Target::Title {
            title,
            plural,
            country,
        } = n.kind
        else {
            return None;
        };
        let gap = &text[toks[last].end..n.start];
        if !matches!(gap, "" | " " | "'s " | "’s ") {
            return None;
        }
        if !plural && !gaps_empty {
            return None;
        }
        let mut office = self.titles[title].office;
        let mut countries: Vec<String> = Vec::new();
        for tok in &toks[i..=last] {
            let id = match tok.kind {
                Target::Country(c) => kb.countries[c].iso3.clone(),
                Target::Org(o) => {
                    if office.is_head() {
                        office = OfficeKind::OrgHead;
                    }
                    kb.organisations[o].id.clone()
                }
                _ => continue,
            };
            if !countries.contains(&id) {
                countries.push(id);
            }
        }
        if let Some(c) = country {
            let id = kb.countries[c].iso3.clone();
            if !countries.contains(&id) {
                countries.push(id);
            }
        }
        let plural = plural || countries.len() > 1;
        Some((
            RoleMention {
                office,
                countries,
                plural,
            },
            last + 2,
        ))
    }

    /// Pushes a role unless a person's name follows it (possibly after more titles:
    /// 中共中央政治局委员、外交部长王毅), in which case the person stands for it. Plural
    /// roles are always pushed.
    #[allow(clippy::too_many_arguments)]
    fn emit_role(
        &self,
        text: &str,
        toks: &[Tok],
        role: RoleMention,
        start: usize,
        end: usize,
        next: usize,
        out: &mut Vec<ActorMention>,
    ) {
        let mut prev_end = end;
        // A plural role (两国元首) is never one person's title.
        let lookahead = if role.plural { 0 } else { 5 };
        for tok in toks.iter().skip(next).take(lookahead) {
            let gap = &text[prev_end..tok.start];
            if !matches!(gap, "" | " " | "、" | "，" | ", " | "·") {
                break;
            }
            match tok.kind {
                Target::Person(_) => return,
                Target::Title { .. } | Target::Country(_) | Target::Org(_) => prev_end = tok.end,
                _ => break,
            }
        }
        out.push(ActorMention {
            span: Span::new(start, end),
            kind: MentionKind::Role(role),
        });
    }
}

fn simple(kb: &KnowledgeBase, tok: &Tok) -> Option<ActorMention> {
    let kind = match tok.kind {
        Target::Person(p) => MentionKind::Person(kb.people[p].id.clone()),
        Target::Country(c) | Target::Short(c) | Target::Side(c) => {
            MentionKind::Country(kb.countries[c].iso3.clone())
        }
        Target::Org(o) => MentionKind::Organisation(kb.organisations[o].id.clone()),
        Target::Place(p) => MentionKind::Place {
            id: kb.places[p].id.clone(),
            country: kb.places[p].country.clone(),
        },
        Target::Title { .. } | Target::Blocker => return None,
    };
    Some(ActorMention {
        span: Span::new(tok.start, tok.end),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_titles_get_capitalised_forms() {
        let v = case_variants("secretary of state");
        assert!(v.contains(&"Secretary of State".to_string()), "{v:?}");
        assert!(v.contains(&"Secretary of state".to_string()), "{v:?}");
        assert!(v.contains(&"secretary of state".to_string()), "{v:?}");
    }

    #[test]
    fn interpuncts_have_every_spelling() {
        let v = dot_variants("弗拉基米尔·普京");
        assert_eq!(v.len(), DOTS.len());
        assert!(v.contains(&"弗拉基米尔•普京".to_string()));
        assert_eq!(dot_variants("普京"), ["普京"]);
    }

    #[test]
    fn edge_words_match_at_their_edge() {
        let words = ["军", "两国", "关系", "两岸"].map(String::from);
        let starts = EdgeWords::first_chars(&words);
        assert!(
            starts.any_starts("两国元首") && starts.any_starts("两岸") && starts.any_starts("关系")
        );
        assert!(!starts.any_starts("两位") && !starts.any_starts("") && !starts.any_starts("国"));
        let ends = EdgeWords::last_chars(&["访", "出访", "来"].map(String::from));
        assert!(ends.any_ends("正在出访") && ends.any_ends("来"));
        assert!(!ends.any_ends("访问") && !ends.any_ends(""));
        let empty = EdgeWords::first_chars(&[String::new()]);
        assert!(empty.any_starts("x") && empty.any_starts(""));
    }

    #[test]
    fn only_latin_letters_and_digits_are_word_characters() {
        assert!(is_word('a') && is_word('é') && is_word('7'));
        assert!(!is_word('普') && !is_word('\'') && !is_word(' '));
    }
}
