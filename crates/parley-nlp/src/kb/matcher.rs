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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// A raw match after the boundary and short-form checks.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    kind: Target,
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

/// A short list of words, each with the character at the edge a text is compared at
/// (its first, or its last), so that most words are passed over on one character
/// comparison instead of a string comparison.
#[derive(Debug)]
struct EdgeWords(Vec<(Option<char>, String)>);

impl EdgeWords {
    /// Words compared at the start of a text.
    fn first_chars(words: &[String]) -> Self {
        EdgeWords(
            words
                .iter()
                .map(|w| (w.chars().next(), w.clone()))
                .collect(),
        )
    }

    /// Words compared at the end of a text.
    fn last_chars(words: &[String]) -> Self {
        EdgeWords(
            words
                .iter()
                .map(|w| (w.chars().next_back(), w.clone()))
                .collect(),
        )
    }

    /// True when `text` starts with one of the words (built with [`Self::first_chars`]).
    fn any_starts(&self, text: &str) -> bool {
        let first = text.chars().next();
        self.0
            .iter()
            .any(|(edge, w)| (edge.is_none() || *edge == first) && text.starts_with(w.as_str()))
    }

    /// True when `text` ends with one of the words (built with [`Self::last_chars`]).
    fn any_ends(&self, text: &str) -> bool {
        let last = text.chars().next_back();
        self.0
            .iter()
            .any(|(edge, w)| (edge.is_none() || *edge == last) && text.ends_with(w.as_str()))
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
    targets: Vec<Target>,
    /// Per pattern: (check the left boundary, check the right boundary).
    bounds: Vec<(bool, bool)>,
    titles: Vec<TitleInfo>,
    /// Words before a short form that are evidence for it (访华).
    short_prefixes: EdgeWords,
    /// Words before a paired short form that are evidence for it (来华).
    paired_prefixes: EdgeWords,
    /// The paired short forms, sorted.
    paired: Vec<String>,
    /// Words after a short form that are evidence for it (俄军).
    short_suffixes: EdgeWords,
    /// Characters no short form follows.
    reject_after: CharSet,
    /// Characters no side (中方) comes before.
    side_not_before: CharSet,
    /// Per short form, sorted by it: the characters it never follows.
    short_not_after: Vec<(String, CharSet)>,
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
        let bounds = patterns
            .iter()
            .map(|p| {
                let first = p.chars().next().is_some_and(is_word);
                let last = p.chars().next_back().is_some_and(is_word);
                (first, last)
            })
            .collect();
        let ac = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
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
            targets: b.targets,
            bounds,
            titles,
            short_prefixes: EdgeWords::last_chars(&ctx.short_prefixes),
            paired_prefixes: EdgeWords::last_chars(&ctx.paired_prefixes),
            paired: {
                let mut paired = ctx.paired.clone();
                paired.sort_unstable();
                paired
            },
            short_suffixes: EdgeWords::first_chars(&ctx.short_suffixes),
            reject_after: CharSet::new(&ctx.reject_after),
            side_not_before: CharSet::new(&ctx.side_not_before),
            short_not_after: {
                let mut sets: Vec<(String, CharSet)> = ctx
                    .short_not_after
                    .iter()
                    .map(|(k, v)| (k.clone(), CharSet::new(v)))
                    .collect();
                sets.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                sets
            },
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
                let pattern = m.value() as usize;
                let (check_left, check_right) = self.bounds[pattern];
                let left_ok =
                    !check_left || !text[..start].chars().next_back().is_some_and(is_word);
                let right_ok = !check_right || !text[end..].chars().next().is_some_and(is_word);
                if !(left_ok && right_ok) {
                    // Resume one character after the rejected match's start.
                    pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
                    continue 'restart;
                }
                let kind = self.targets[pattern].clone();
                if kind != Target::Blocker {
                    out.push(Tok { start, end, kind });
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
    fn shorts(&self, text: &str, raw: Vec<Tok>) -> Vec<Tok> {
        let adjacent = |a: usize, b: usize| raw[a].end == raw[b].start;
        let paired = |k: usize| {
            let short = &text[raw[k].start..raw[k].end];
            self.paired
                .binary_search_by(|p| p.as_str().cmp(short))
                .is_ok()
        };
        let banned: Vec<bool> = raw
            .iter()
            .enumerate()
            .map(|(k, t)| {
                matches!(t.kind, Target::Short(_))
                    && (self.banned(text, t.start, t.end) || Self::in_dotted_name(text, &raw, k))
            })
            .collect();
        let evidence: Vec<bool> = raw
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if !matches!(t.kind, Target::Short(_)) || banned[k] {
                    return false;
                }
                let head = &text[..t.start];
                let rest = &text[t.end..];
                let title_next = raw
                    .get(k + 1)
                    .is_some_and(|n| n.start == t.end && matches!(n.kind, Target::Title { .. }));
                title_next
                    || self.short_suffixes.any_starts(rest)
                    || self.short_prefixes.any_ends(head)
                    || (paired(k) && self.paired_prefixes.any_ends(head))
            })
            .collect();
        let mut out: Vec<Tok> = Vec::with_capacity(raw.len());
        for (k, tok) in raw.iter().enumerate() {
            match tok.kind {
                Target::Side(_) => {
                    let after = text[tok.end..].chars().next();
                    if !after.is_some_and(|c| self.side_not_before.contains(c)) {
                        out.push(tok.clone());
                    }
                }
                Target::Title {
                    title,
                    plural,
                    country: Some(_),
                } => {
                    // 俄外长: the short form in front obeys the same rules (25日外长 is a date).
                    let first = text[tok.start..].chars().next().map_or(0, char::len_utf8);
                    if self.banned(text, tok.start, tok.start + first) {
                        out.push(Tok {
                            start: tok.start + first,
                            end: tok.end,
                            kind: Target::Title {
                                title,
                                plural,
                                country: None,
                            },
                        });
                    } else {
                        out.push(tok.clone());
                    }
                }
                Target::Short(ci) => {
                    if banned[k] {
                        continue;
                    }
                    let neighbours = [k.checked_sub(1), Some(k + 1)];
                    let confirmed = neighbours.into_iter().flatten().any(|j| {
                        if j >= raw.len() || !(adjacent(j.min(k), j.max(k))) || banned[j] {
                            return false;
                        }
                        match raw[j].kind {
                            Target::Short(cj) => {
                                evidence[j] || (paired(k) && paired(j) && cj != ci)
                            }
                            Target::Country(_) => paired(k),
                            Target::Title {
                                country: Some(_), ..
                            } => true,
                            _ => false,
                        }
                    });
                    if evidence[k] || confirmed {
                        out.push(Tok {
                            start: tok.start,
                            end: tok.end,
                            kind: Target::Country(ci),
                        });
                    }
                }
                _ => out.push(tok.clone()),
            }
        }
        out
    }

    /// True when the short form `raw[k]` sits in a part of a transliterated name: walking
    /// from it over Chinese characters that no other name covers, an interpunct comes
    /// within a few characters (雷杰普·塔伊普·埃尔多安: neither 塔 nor 伊 is a country).
    fn in_dotted_name(text: &str, raw: &[Tok], k: usize) -> bool {
        const REACH: usize = 6;
        let named = |t: &Tok| !matches!(t.kind, Target::Short(_));
        let left_limit = raw[..k]
            .iter()
            .rev()
            .find(|t| named(t))
            .map_or(0, |t| t.end);
        let right_limit = raw[k + 1..]
            .iter()
            .find(|t| named(t))
            .map_or(text.len(), |t| t.start);
        let reaches = |chars: &mut dyn Iterator<Item = char>| {
            for c in chars.take(REACH + 1) {
                if DOTS.contains(&c) {
                    return true;
                }
                if !is_han(c) {
                    return false;
                }
            }
            false
        };
        let (start, end) = (raw[k].start, raw[k].end);
        let before = text.get(left_limit.min(start)..start).unwrap_or("");
        let after = text.get(end..right_limit.max(end)).unwrap_or("");
        reaches(&mut before.chars().rev()) || reaches(&mut after.chars())
    }

    /// True when the short form at `start..end` follows a character it never follows.
    fn banned(&self, text: &str, start: usize, end: usize) -> bool {
        let short = &text[start..end];
        text[..start].chars().next_back().is_some_and(|c| {
            self.reject_after.contains(c)
                || self
                    .short_not_after
                    .binary_search_by(|(k, _)| k.as_str().cmp(short))
                    .is_ok_and(|i| self.short_not_after[i].1.contains(c))
        })
    }

    /// Every mention of `text`.
    pub fn find(&self, kb: &KnowledgeBase, text: &str) -> Vec<ActorMention> {
        let toks = self.shorts(text, self.raw(text));
        let mut out = Vec::new();
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
        let mut chain = vec![i];
        let mut gaps_empty = true;
        if matches!(toks[i].kind, Target::Country(_)) {
            while let Some(n) = toks.get(chain[chain.len() - 1] + 1) {
                if !matches!(n.kind, Target::Country(_)) {
                    break;
                }
                let gap = &text[toks[chain[chain.len() - 1]].end..n.start];
                if !gap.is_empty() {
                    if !self.connectors.iter().any(|c| c == gap) {
                        break;
                    }
                    gaps_empty = false;
                }
                chain.push(chain[chain.len() - 1] + 1);
            }
        }
        let last = chain[chain.len() - 1];
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
        for &k in &chain {
            let id = match toks[k].kind {
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
    fn only_latin_letters_and_digits_are_word_characters() {
        assert!(is_word('a') && is_word('é') && is_word('7'));
        assert!(!is_word('普') && !is_word('\'') && !is_word(' '));
    }
}
