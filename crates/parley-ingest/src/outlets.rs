//! Knowledge about outlets and site furniture, read from `data/outlets.toml`: outlet
//! names and aliases, byline patterns, block headings, boilerplate lines and caption
//! markers. The file shipped with parley is embedded; users can load their own.

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The outlet file shipped with parley.
pub const DEFAULT_OUTLETS_TOML: &str = include_str!("../../../data/outlets.toml");

/// Outlet knowledge and furniture rules, compiled.
#[derive(Debug, Clone)]
pub struct Outlets {
    /// Lower-cased name or alias → the name printed as source.
    names: HashMap<String, String>,
    /// Every name and alias, longest first, for prefix matching.
    spellings: Vec<String>,
    bylines: Vec<Byline>,
    not_outlets: Vec<String>,
    outlet_endings: Vec<String>,
    /// Lower-cased block headings.
    block_headings: Vec<String>,
    /// The same, in one automaton (none without knowledge): a line names a block when
    /// any occurs in it.
    block_heading_finder: Option<AhoCorasick>,
    summary_labels: Vec<String>,
    /// Boilerplate, caption marker and photo credit patterns together, tagged with the
    /// [`Furniture`] kind each tells: a line is searched once for all of them.
    furniture: AnySet,
}

/// What the furniture rules of the outlet file say a line is. Worked out in one search
/// for all kinds, as a dump's cleaner asks every line about each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Furniture {
    /// A boilerplate line (share buttons, copyright, editor credits).
    pub boilerplate: bool,
    /// A line that reads like a photo caption.
    pub caption: bool,
    /// A bare photo credit with no fact in it.
    pub photo_credit: bool,
}

/// The bits of [`AnySet`] kinds that stand for each field of [`Furniture`].
const BOILERPLATE: u8 = 1;
const CAPTION: u8 = 1 << 1;
const PHOTO_CREDIT: u8 = 1 << 2;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    outlet: Vec<OutletEntry>,
    #[serde(default)]
    byline: BylineSection,
    #[serde(default)]
    source: SourceSection,
    #[serde(default)]
    furniture: FurnitureSection,
    #[serde(default)]
    captions: CaptionSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BylineSection {
    #[serde(default)]
    patterns: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceSection {
    #[serde(default)]
    not_outlets: Vec<String>,
    #[serde(default)]
    outlet_endings: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureSection {
    #[serde(default)]
    block_headings: Vec<String>,
    #[serde(default)]
    boilerplate: Vec<String>,
    #[serde(default)]
    summary_labels: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptionSection {
    #[serde(default)]
    markers: Vec<String>,
    #[serde(default)]
    credits: Vec<String>,
}

fn compile(patterns: &[String], what: &str, case_insensitive: bool) -> Result<Vec<Regex>, String> {
    patterns
        .iter()
        .map(|p| {
            RegexBuilder::new(p)
                .case_insensitive(case_insensitive)
                .build()
                .map_err(|e| format!("bad {what} pattern {p:?}: {e}"))
        })
        .collect()
}

/// A byline pattern, compiled for a cheap search.
#[derive(Debug, Clone)]
struct Byline {
    /// The pattern, or what follows its leading `^.{0,N}?` when it has one.
    regex: Regex,
    /// `regex` without word boundaries when it has any: a cheap test a paragraph must
    /// pass before `regex` itself is tried.
    quick: Option<Regex>,
    /// The `N` of a leading `^.{0,N}?`: the match of `regex` must start within the
    /// paragraph's first `N` characters, with no line break before it.
    window: Option<usize>,
}

impl Byline {
    /// Compiles a byline pattern. A leading `^.{0,N}?` (up to N characters other than a
    /// line break, as few as will do) is not compiled but checked on the prefix before
    /// the rest's first match: compiled, it repeats the class of every character N
    /// times, which takes milliseconds. The rest's first match is the pattern's match
    /// when its prefix qualifies; when it does not, no later start can qualify either
    /// (its prefix holds this one), so the pattern matches nowhere.
    fn new(pattern: &str) -> Result<Byline, String> {
        let bad = |e: &dyn std::fmt::Display| format!("bad byline pattern {pattern:?}: {e}");
        let (rest, window) = match lazy_window(pattern) {
            Some((window, rest)) => (rest, Some(window)),
            None => (pattern, None),
        };
        let regex = Regex::new(rest).map_err(|e| bad(&e))?;
        if !regex.capture_names().any(|n| n == Some("outlet")) {
            return Err(format!(
                "byline pattern {pattern:?} has no (?P<outlet>...) group"
            ));
        }
        let relaxed = without_word_boundaries(rest);
        let quick = (relaxed != rest)
            .then(|| Regex::new(&relaxed).ok())
            .flatten();
        Ok(Byline {
            regex,
            quick,
            window,
        })
    }

    /// The outlet group of the pattern's match in `paragraph`.
    fn outlet<'a>(&self, paragraph: &'a str) -> Option<&'a str> {
        // Most paragraphs hold no byline: a search that only says whether one matches
        // costs less than one that keeps the groups (and allocates them).
        if !self
            .quick
            .as_ref()
            .unwrap_or(&self.regex)
            .is_match(paragraph)
        {
            return None;
        }
        let caps = self.regex.captures(paragraph)?;
        if let Some(window) = self.window {
            let prefix = &paragraph[..caps.get(0)?.start()];
            if prefix.contains('\n') || prefix.chars().count() > window {
                return None;
            }
        }
        Some(caps.name("outlet")?.as_str())
    }
}

/// For a pattern that starts `^.{0,N}?` and has no alternative at its top level, `N`
/// and the rest of the pattern.
fn lazy_window(pattern: &str) -> Option<(usize, &str)> {
    use regex_syntax::ast::{parse::Parser, AssertionKind, Ast, RepetitionKind, RepetitionRange};
    let ast = Parser::new().parse(pattern).ok()?;
    let Ast::Concat(concat) = &ast else {
        return None;
    };
    let [Ast::Assertion(start), Ast::Repetition(repeat), ..] = concat.asts.as_slice() else {
        return None;
    };
    let RepetitionKind::Range(RepetitionRange::Bounded(0, max)) = repeat.op.kind else {
        return None;
    };
    let anchored = start.kind == AssertionKind::StartLine;
    let any = matches!(*repeat.ast, Ast::Dot(_));
    (anchored && any && !repeat.greedy && concat.asts.len() > 2)
        .then(|| (max as usize, &pattern[repeat.span.end.offset..]))
}

/// Patterns of several kinds (each kind a bit), asking which kinds match a text, arranged
/// for the regex engine's fast paths: those anchored at the start of a line apart from
/// the others (an anchored search gives up at the first character that cannot start a
/// match), and word boundaries (`\b`, which the engine's DFA cannot check in text
/// outside ASCII) first left out, so that only a line that matches without them is
/// tried with them.
#[derive(Debug, Clone)]
struct AnySet {
    groups: Vec<Group>,
}

/// Some patterns of an [`AnySet`].
#[derive(Debug, Clone)]
struct Group {
    /// The patterns without word boundaries: matches at least where they match.
    quick: RegexSet,
    /// Per pattern, the pattern as written when it differs from its quick form.
    exact: Vec<Option<Exact>>,
    /// Per pattern, its kind's bit.
    kinds: Vec<u8>,
}

/// A pattern with word boundaries, compiled the first time its quick form matches: most
/// runs never meet a line that needs it, and some cost milliseconds to compile.
#[derive(Debug, Clone)]
struct Exact {
    pattern: String,
    case_insensitive: bool,
    regex: OnceLock<Option<Regex>>,
}

impl Exact {
    /// True when the pattern matches `text`. A pattern the engine cannot build (too
    /// large; its syntax was checked on loading) falls back to its quick form.
    fn is_match(&self, text: &str) -> bool {
        let regex = self.regex.get_or_init(|| {
            RegexBuilder::new(&self.pattern)
                .case_insensitive(self.case_insensitive)
                .build()
                .ok()
        });
        regex.as_ref().is_none_or(|r| r.is_match(text))
    }
}

impl Group {
    fn new(patterns: &[(&String, u8)], case_insensitive: bool) -> Result<Group, regex::Error> {
        let kinds = patterns.iter().map(|&(_, kind)| kind).collect();
        let patterns: Vec<&String> = patterns.iter().map(|&(p, _)| p).collect();
        let (quick, exact) = Group::compile(&patterns, case_insensitive)?;
        Ok(Group {
            quick,
            exact,
            kinds,
        })
    }

    /// The quick set and the exact patterns of `patterns`.
    fn compile(
        patterns: &[&String],
        case_insensitive: bool,
    ) -> Result<(RegexSet, Vec<Option<Exact>>), regex::Error> {
        let build = |patterns: &[String]| {
            RegexSetBuilder::new(patterns)
                .case_insensitive(case_insensitive)
                .build()
        };
        let exact: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let relaxed: Vec<String> = exact.iter().map(|p| without_word_boundaries(p)).collect();
        let as_written = |exact: Vec<String>| -> Result<_, regex::Error> {
            Ok((build(&exact)?, vec![None; exact.len()]))
        };
        if relaxed == exact {
            return as_written(exact);
        }
        let Ok(quick) = build(&relaxed) else {
            // A boundary the patterns cannot do without: no shortcut.
            return as_written(exact);
        };
        let mut parser = regex_syntax::ParserBuilder::new();
        parser.case_insensitive(case_insensitive);
        let mut lazy = Vec::with_capacity(exact.len());
        for (pattern, relaxed) in exact.into_iter().zip(&relaxed) {
            if pattern == *relaxed {
                lazy.push(None);
                continue;
            }
            if parser.build().parse(&pattern).is_err() {
                // Let the engine name the fault.
                RegexBuilder::new(&pattern).build()?;
            }
            lazy.push(Some(Exact {
                pattern,
                case_insensitive,
                regex: OnceLock::new(),
            }));
        }
        Ok((quick, lazy))
    }

    /// The kinds of the patterns that match `text`, one bit each. Most texts match
    /// none: one search says so before the patterns that match are listed.
    fn kinds(&self, text: &str) -> u8 {
        if !self.quick.is_match(text) {
            return 0;
        }
        self.quick
            .matches(text)
            .iter()
            .filter(|&i| self.exact[i].as_ref().is_none_or(|e| e.is_match(text)))
            .fold(0, |kinds, i| kinds | self.kinds[i])
    }
}

/// `pattern` with its word-boundary assertions (`\b`, `\B`, `\b{start}`...) taken out.
/// An assertion only narrows what a pattern matches, so the result matches wherever
/// the pattern does (and may match more).
fn without_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b' | 'B') => {
                if chars.peek() == Some(&'{') {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
            }
            Some(escaped) => {
                out.push('\\');
                out.push(escaped);
            }
            None => out.push('\\'),
        }
    }
    out
}

impl AnySet {
    /// Compiles the patterns of each kind (`what` names it in errors), the kind of the
    /// `i`-th list being bit `i`, naming the pattern at fault when one is bad.
    fn new(kinds: &[(&str, &[String])], case_insensitive: bool) -> Result<AnySet, String> {
        let tagged = kinds
            .iter()
            .enumerate()
            .flat_map(|(bit, (_, patterns))| patterns.iter().map(move |p| (p, 1u8 << bit)));
        let (anchored, floating): (Vec<_>, Vec<_>) = tagged.partition(|(p, _)| p.starts_with('^'));
        let groups = [anchored, floating]
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| Group::new(g, case_insensitive))
            .collect::<Result<Vec<_>, _>>();
        groups.map(|groups| AnySet { groups }).or_else(|e| {
            for (what, patterns) in kinds {
                compile(patterns, what, case_insensitive)?;
            }
            let what: Vec<&str> = kinds.iter().map(|&(what, _)| what).collect();
            Err(format!("bad {} patterns: {e}", what.join(", ")))
        })
    }

    fn empty() -> AnySet {
        AnySet { groups: Vec::new() }
    }

    /// The kinds of the patterns that match `text`, one bit each.
    fn kinds(&self, text: &str) -> u8 {
        self.groups.iter().fold(0, |kinds, g| kinds | g.kinds(text))
    }
}

impl Outlets {
    /// Parses an outlet file (the format of `data/outlets.toml`).
    pub fn from_toml_str(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("outlet file: {e}"))?;
        let mut names = HashMap::new();
        let mut spellings = Vec::new();
        for entry in &file.outlet {
            let name = entry.name.trim();
            if name.is_empty() {
                return Err("outlet file: an [[outlet]] has an empty name".to_string());
            }
            for spelling in std::iter::once(&entry.name).chain(&entry.aliases) {
                let spelling = spelling.trim();
                if spelling.is_empty() {
                    continue;
                }
                names.insert(spelling.to_lowercase(), name.to_string());
                spellings.push(spelling.to_string());
            }
        }
        spellings.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let bylines = file
            .byline
            .patterns
            .iter()
            .map(|p| Byline::new(p))
            .collect::<Result<Vec<_>, _>>()?;
        let block_headings: Vec<String> = file
            .furniture
            .block_headings
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        Ok(Outlets {
            names,
            spellings,
            bylines,
            not_outlets: file.source.not_outlets,
            outlet_endings: file.source.outlet_endings,
            block_heading_finder: Some(
                AhoCorasick::new(&block_headings)
                    .map_err(|e| format!("outlet file: block headings: {e}"))?,
            ),
            block_headings,
            summary_labels: file.furniture.summary_labels,
            // In the order of the kind bits.
            furniture: AnySet::new(
                &[
                    ("boilerplate", &file.furniture.boilerplate),
                    ("caption marker", &file.captions.markers),
                    ("caption credit", &file.captions.credits),
                ],
                true,
            )?,
        })
    }

    /// Reads an outlet file from disk.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The outlet file shipped with parley.
    pub fn builtin() -> Self {
        // The embedded file is checked by this crate's tests, so it always parses.
        Self::from_toml_str(DEFAULT_OUTLETS_TOML).unwrap_or_else(|_| Outlets::empty())
    }

    /// No knowledge at all: only the structural rules apply.
    pub fn empty() -> Self {
        Outlets {
            names: HashMap::new(),
            spellings: Vec::new(),
            bylines: Vec::new(),
            not_outlets: Vec::new(),
            outlet_endings: Vec::new(),
            block_headings: Vec::new(),
            block_heading_finder: None,
            summary_labels: Vec::new(),
            furniture: AnySet::empty(),
        }
    }

    /// The printed name for a name or alias, when it is a known outlet.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.names
            .get(&name.trim().to_lowercase())
            .map(String::as_str)
    }

    /// The name to print for an outlet found in a text: known aliases map to their
    /// outlet, anything else is kept as printed.
    pub fn normalise(&self, name: &str) -> String {
        let name = name.trim();
        self.canonical(name)
            .map(str::to_string)
            .unwrap_or_else(|| name.to_string())
    }

    /// A known outlet spelled at the very start of `text`, as its printed name.
    pub fn known_prefix(&self, text: &str) -> Option<&str> {
        let lower = text.to_lowercase();
        self.spellings
            .iter()
            .find(|s| s.chars().count() >= 2 && lower.starts_with(&s.to_lowercase()))
            .and_then(|s| self.canonical(s))
    }

    /// The outlet a byline at the start of a paragraph names.
    pub fn byline_outlet(&self, paragraph: &str) -> Option<String> {
        self.bylines.iter().find_map(|byline| {
            let outlet = byline.outlet(paragraph)?.trim();
            self.plausible_outlet(outlet)
                .then(|| self.normalise(outlet))
        })
    }

    /// True when `name` can be an outlet's name: not a placeholder word, not a code.
    pub fn plausible_outlet(&self, name: &str) -> bool {
        let name = name.trim();
        let chars = name.chars().count();
        if !(2..=30).contains(&chars) || self.not_outlets.iter().any(|n| n == name) {
            return false;
        }
        if self.canonical(name).is_some() {
            return true;
        }
        let digits = name.chars().filter(char::is_ascii_digit).count();
        digits == 0 && !name.contains(['/', ':', '：', '@', '.', '=']) && !name.starts_with("http")
    }

    /// True when a word on a date line looks like an outlet's name (中時電子報), not a
    /// section name (国际).
    pub fn looks_like_outlet(&self, word: &str) -> bool {
        if self.canonical(word).is_some() {
            return true;
        }
        let chars = word.chars().count();
        chars >= 3
            && self.plausible_outlet(word)
            && self
                .outlet_endings
                .iter()
                .any(|e| word.ends_with(e.as_str()))
    }

    /// True when a line is nothing but a block heading (`相关新闻`, `【延伸阅读】`,
    /// `Related`): the story has ended, whatever follows.
    pub fn is_bare_block_heading(&self, line: &str) -> bool {
        let bare: String = line
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let spaced: String = line
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.block_headings
            .iter()
            .any(|h| *h == bare || *h == spaced)
    }

    /// True when a short line names a block of other stories or links.
    pub fn is_block_heading(&self, line: &str) -> bool {
        self.block_heading_finder
            .as_ref()
            .is_some_and(|finder| finder.is_match(&line.to_lowercase()))
    }

    /// What the furniture rules say a line is, all kinds in one search.
    pub fn furniture(&self, line: &str) -> Furniture {
        let kinds = self.furniture.kinds(line);
        Furniture {
            boilerplate: kinds & BOILERPLATE != 0,
            caption: kinds & CAPTION != 0,
            photo_credit: kinds & PHOTO_CREDIT != 0,
        }
    }

    /// True when a whole line is boilerplate (share buttons, copyright, editor credits).
    pub fn is_boilerplate(&self, line: &str) -> bool {
        self.furniture(line).boilerplate
    }

    /// If the line starts with a summary label (AI导读, 摘要), the text after the label.
    pub fn summary_label<'a>(&self, line: &'a str) -> Option<&'a str> {
        self.summary_labels.iter().find_map(|label| {
            let rest = line.strip_prefix(label.as_str())?;
            let trimmed = rest.trim_start_matches([':', '：', ' ', '\u{3000}', ']', '】']);
            (rest.is_empty() || trimmed.len() < rest.len()).then_some(trimmed)
        })
    }

    /// True when a line reads like a photo caption.
    pub fn is_caption(&self, line: &str) -> bool {
        self.furniture(line).caption
    }

    /// True when a line is a bare photo credit with no fact in it.
    pub fn is_photo_credit(&self, line: &str) -> bool {
        self.furniture(line).photo_credit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_parses_and_maps_aliases() {
        let outlets =
            Outlets::from_toml_str(DEFAULT_OUTLETS_TOML).expect("data/outlets.toml parses");
        assert_eq!(outlets.canonical("德国之声中文网"), Some("德国之声"));
        assert_eq!(outlets.normalise("新華社"), "新华社");
        assert_eq!(outlets.normalise("某某日报"), "某某日报");
        assert_eq!(outlets.known_prefix("新华社北京电"), Some("新华社"));
    }

    #[test]
    fn bylines_name_the_outlet_not_the_place() {
        let o = Outlets::builtin();
        assert_eq!(
            o.byline_outlet("中新社约翰内斯堡2月21日电 (记者 某某)当地时间")
                .as_deref(),
            Some("中新社")
        );
        assert_eq!(
            o.byline_outlet("新华社北京8月9日新媒体专电(记者某某)土耳其")
                .as_deref(),
            Some("新华社")
        );
        assert_eq!(
            o.byline_outlet("韓聯社華盛頓、首爾3月8日電 韓美兩國")
                .as_deref(),
            Some("韓聯社")
        );
        assert_eq!(
            o.byline_outlet("中央社基輔24日綜合外電報導").as_deref(),
            Some("中央社")
        );
        assert_eq!(
            o.byline_outlet("【新唐人北京时间2025年02月08日讯】美国")
                .as_deref(),
            Some("新唐人")
        );
        assert_eq!(
            o.byline_outlet("【明報專訊】國務院").as_deref(),
            Some("明報")
        );
        assert_eq!(
            o.byline_outlet("（德国之声中文网）俄罗斯").as_deref(),
            Some("德国之声")
        );
        assert_eq!(
            o.byline_outlet("新华社国内部制作").as_deref(),
            Some("新华社")
        );
        assert_eq!(
            o.byline_outlet("WASHINGTON (Reuters) - The"),
            Some("Reuters".to_string())
        );
        assert_eq!(
            o.byline_outlet("2月24日下午,国家主席习近平应约同俄罗斯总统普京通电话。"),
            None
        );
        assert_eq!(o.byline_outlet("（一）中俄关系成熟、稳定、坚韧"), None);
    }

    #[test]
    fn sources_that_name_no_outlet_are_refused() {
        let o = Outlets::builtin();
        assert!(!o.plausible_outlet("转载"));
        assert!(!o.plausible_outlet("sp20241127"));
        assert!(o.plausible_outlet("环球聚焦传媒网"));
        assert!(o.looks_like_outlet("中時電子報"));
        assert!(!o.looks_like_outlet("国际"));
    }

    #[test]
    fn furniture_rules_match_what_they_describe() {
        let o = Outlets::builtin();
        assert!(o.is_block_heading("相关文章"));
        assert!(o.is_bare_block_heading("【延伸阅读】"));
        assert!(o.is_bare_block_heading("Latest news"));
        assert!(!o.is_bare_block_heading("最新进展"));
        assert!(o.is_block_heading("\"Politics\" POPULAR ARTICLE"));
        assert!(o.is_boilerplate("(责任编辑:某某)"));
        assert!(o.is_boilerplate("分享至"));
        assert!(o.is_boilerplate("Add Example News as a Preferred Source"));
        assert!(!o.is_boilerplate("双方还就共同关心的问题交换了意见。"));
        assert_eq!(o.summary_label("AI导读:"), Some(""));
        assert_eq!(
            o.summary_label("摘要 某日,某人会见某人。"),
            Some("某日,某人会见某人。")
        );
        assert_eq!(o.summary_label("摘要显示"), None);
        assert!(o.is_caption("图为两国外长步入会场。(网上图片)"));
        assert!(o.is_caption("甲国总统(左)与乙国总理握手。"));
        assert!(o.is_caption("4月17日,某人在某地会见某人。新华社记者 某某 摄"));
        assert!(!o.is_caption("双方还就共同关心的问题交换了意见。"));
        assert!(o.is_photo_credit("图片来源:外交部网站"));
        assert!(o.is_photo_credit("Photos = Example News"));
    }

    #[test]
    fn word_boundaries_are_left_out_of_the_quick_patterns_only() {
        assert_eq!(without_word_boundaries(r"^(Follow) us\b"), "^(Follow) us");
        assert_eq!(without_word_boundaries(r"\bx\B\b{start}y"), "xy");
        assert_eq!(without_word_boundaries(r"a\\b\d"), r"a\\b\d");
        let patterns = [
            r"^(Follow|Subscribe to) us\b".to_string(),
            "仅供参考".to_string(),
        ];
        let rules = AnySet::new(&[("test", &patterns)], true).expect("valid");
        assert_eq!(rules.kinds("Follow us"), 1);
        assert_eq!(rules.kinds("follow us on the site"), 1);
        assert_eq!(rules.kinds("Follow usage rules"), 0);
        assert_eq!(rules.kinds("Follow us中文"), 0);
        assert_eq!(rules.kinds("本文仅供参考。"), 1);
        assert_eq!(rules.kinds("双方交换了意见。"), 0);
        let patterns = [r"^Follow us\b".to_string(), "^Follow usage$".to_string()];
        let mixed = AnySet::new(&[("test", &patterns)], false).expect("valid");
        assert_eq!(mixed.kinds("Follow usage"), 1);
        assert_eq!(mixed.kinds("Follow us today"), 1);
        assert_eq!(mixed.kinds("Follow usages"), 0);
        let bad = [r"^x\b{wat}".to_string()];
        assert!(AnySet::new(&[("test", &bad)], false).is_err());
    }

    #[test]
    fn each_kind_of_rule_answers_for_itself() {
        let first = [r"^Share\b".to_string(), "版权所有".to_string()];
        let second = [r"\bphoto$".to_string(), "^Share this$".to_string()];
        let third = ["^Photo:".to_string()];
        let rules =
            AnySet::new(&[("a", &first), ("b", &second), ("c", &third)], false).expect("valid");
        assert_eq!(rules.kinds("Share this"), 0b011);
        assert_eq!(rules.kinds("Share it"), 0b001);
        assert_eq!(rules.kinds("Photo: a photo"), 0b110);
        assert_eq!(rules.kinds("Photo: aphoto"), 0b100);
        assert_eq!(rules.kinds("版权所有 photo"), 0b011);
        assert_eq!(rules.kinds("nothing"), 0);
        let o = Outlets::builtin();
        assert_eq!(
            o.furniture("图片来源:外交部网站"),
            Furniture {
                boilerplate: false,
                caption: true,
                photo_credit: true
            }
        );
        assert_eq!(o.furniture("双方交换了意见。"), Furniture::default());
    }

    #[test]
    fn a_leading_lazy_window_is_checked_apart_with_the_same_matches() {
        let pattern = r"^.{0,400}?\b(?P<outlet>Report) informs\b";
        assert_eq!(
            lazy_window(pattern),
            Some((400, r"\b(?P<outlet>Report) informs\b"))
        );
        assert_eq!(lazy_window(r"^.{0,9}?a|b"), None);
        assert_eq!(lazy_window(r"^.{0,9}a"), None);
        assert_eq!(lazy_window(r"^(?s:.){0,9}?a"), None);
        assert_eq!(lazy_window(r"^[^x]{0,9}?a"), None);
        let window = Byline::new(pattern).expect("valid");
        assert!(window.window.is_some());
        let whole = Regex::new(pattern).expect("valid");
        let filler = |n: usize| "—".repeat(n);
        let lines = [
            "Baku, Report informs citing RIA Novosti.".to_string(),
            "Report informs.".to_string(),
            format!("{}, Report informs", filler(398)),
            format!("{}Report informs", filler(400)),
            format!("{}Report informs", filler(401)),
            "a\nReport informs".to_string(),
            "The Report informs nobody\nReport informs".to_string(),
            "PReport informs".to_string(),
            "Report informsX, Report informs".to_string(),
            format!(
                "{} Report informsX {} Report informs",
                filler(10),
                filler(500)
            ),
            "Report said".to_string(),
        ];
        for line in &lines {
            let expected = whole
                .captures(line)
                .and_then(|c| c.name("outlet"))
                .map(|m| m.as_str());
            assert_eq!(window.outlet(line), expected, "{line:?}");
        }
        assert_eq!(window.outlet(&lines[3]), Some("Report"));
        assert_eq!(window.outlet(&lines[4]), None);
        assert_eq!(window.outlet(&lines[5]), None);
    }

    #[test]
    fn a_bad_file_is_an_error_not_a_panic() {
        assert!(Outlets::from_toml_str("[[outlet]]\nname = 3").is_err());
        assert!(Outlets::from_toml_str("[byline]\npatterns = ['(']").is_err());
        assert!(Outlets::from_toml_str("[byline]\npatterns = ['^x']").is_err());
        let bad = Outlets::from_toml_str("[furniture]\nboilerplate = ['^ok', '(']");
        assert!(bad.is_err_and(|e| e.contains("\"(\"")));
    }

    /// The kinds that the patterns match, asked of one plain set of them all as written.
    fn plain_kinds(set: &RegexSet, kinds: &[u8], text: &str) -> u8 {
        set.matches(text).iter().fold(0, |k, i| k | kinds[i])
    }

    /// Lines of the text files under `dir` (not recursing), read as UTF-8 with repairs.
    fn lines_of_files(dir: &Path) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if let Ok(bytes) = std::fs::read(&path) {
                let text = String::from_utf8_lossy(&bytes);
                lines.extend(text.lines().map(|l| l.trim().to_string()));
            }
        }
        lines
    }

    /// `line` and variants of it that furniture patterns look for: other case, the
    /// endings and openings of credits and captions, notices inside it.
    fn variants(line: &str) -> Vec<String> {
        vec![
            line.to_string(),
            line.to_uppercase(),
            line.to_lowercase(),
            format!("{line} 摄"),
            format!("{line}（记者 王小明 攝）"),
            format!("（图/{line}）"),
            format!("{line} (Photo: {line})"),
            format!("Copyright {line}"),
            format!("{line} ALL RIGHTS RESERVED ſhare"),
            format!("未经许可，{line}不得转载"),
            format!("{line} via Reuters)"),
            format!("图片来源:{line}"),
        ]
    }

    fn check_against_plain_set(set: &AnySet, plain: &RegexSet, kinds: &[u8], lines: &[String]) {
        for line in lines {
            for v in variants(line) {
                assert_eq!(set.kinds(&v), plain_kinds(plain, kinds, &v), "{v:?}");
            }
        }
    }

    #[test]
    fn grouped_furniture_search_agrees_with_one_plain_set() {
        let file: File = toml::from_str(DEFAULT_OUTLETS_TOML).unwrap();
        let lists: [(&str, &[String]); 3] = [
            ("boilerplate", &file.furniture.boilerplate),
            ("caption marker", &file.captions.markers),
            ("caption credit", &file.captions.credits),
        ];
        let set = AnySet::new(&lists, true).unwrap();
        let patterns: Vec<&String> = lists.iter().flat_map(|(_, p)| p.iter()).collect();
        let kinds: Vec<u8> = lists
            .iter()
            .enumerate()
            .flat_map(|(bit, (_, p))| p.iter().map(move |_| 1u8 << bit))
            .collect();
        let plain = RegexSetBuilder::new(&patterns)
            .case_insensitive(true)
            .build()
            .unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = lines_of_files(&root.join("tests/fixtures"));
        lines.extend(lines_of_files(&root.join("../../examples")));
        let shared = root.join("../../../shared");
        let shared_lines: Vec<String> = ["seeds", "gold/dev"]
            .iter()
            .flat_map(|d| lines_of_files(&shared.join(d)))
            .collect();
        if shared_lines.is_empty() {
            eprintln!("skipped the shared lines: {} not found", shared.display());
        }
        lines.extend(shared_lines);
        lines.extend(
            [
                "",
                " ",
                "摄",
                "版权",
                "ALL RIGHTS",
                "Getty",
                "k",
                "\u{212a}",
            ]
            .map(String::from),
        );
        assert!(lines.len() > 100);
        check_against_plain_set(&set, &plain, &kinds, &lines);
    }

    #[test]
    fn any_patterns_grouped_give_the_answers_of_one_plain_set() {
        let patterns: Vec<String> = [
            r"\bfoo\b",
            r"bar\d+$",
            r"(?-i)Baz",
            r"\w+ comments?$",
            r".*",
            r"x?",
            r"^$",
            r"[^a]{3}z",
            r"(?:(?:a|b)c){1,3}",
            r"\s(摄|攝)$",
        ]
        .map(String::from)
        .to_vec();
        let lists: [(&str, &[String]); 2] = [("first", &patterns[..5]), ("second", &patterns[5..])];
        let set = AnySet::new(&lists, true).unwrap();
        let plain = RegexSetBuilder::new(&patterns)
            .case_insensitive(true)
            .build()
            .unwrap();
        let kinds: Vec<u8> = (0..patterns.len())
            .map(|i| if i < 5 { 1 } else { 2 })
            .collect();
        let lines: Vec<String> = [
            "",
            "foo",
            "a foo b",
            "food",
            "BAR12",
            "bar1 x",
            "baz",
            "BAZ",
            "3 comments",
            "no comment",
            "xxz",
            "aaaz",
            "acbc",
            "ABCBC",
            "照片 摄",
            "摄",
            "x",
        ]
        .map(String::from)
        .to_vec();
        check_against_plain_set(&set, &plain, &kinds, &lines);
    }
}
