//! Finding a page's main story: the page is cut into text blocks (paragraphs, list
//! items, runs of text between line breaks), furniture is dropped by markup (navigation,
//! asides, footers, share and comment widgets, hidden elements), and the element that
//! holds the densest run of prose wins, readability-style: every paragraph-like block
//! scores its ancestors by length and punctuation, scores are discounted by link
//! density, and siblings of the winner that look like prose join it.

use super::dom::{Dom, Edge, Element, Node, NodeId, NodeRef};
use regex::Regex;
use std::sync::LazyLock;

/// Elements whose content is never story text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "canvas"
            | "button"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "nav"
            | "aside"
            | "footer"
            | "head"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "map"
            | "dialog"
            | "menu"
            | "label"
    )
}

/// Elements that start a new block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dd"
            | "dt"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "blockquote"
            | "pre"
            | "center"
            | "address"
            | "form"
            | "fieldset"
            | "body"
            | "html"
            | "hr"
            | "caption"
            | "figure"
            | "details"
            | "summary"
    )
}

/// Class or id words of furniture (the readability project's list, widened).
static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)-ad-|(?-u:\b)ads?(?-u:\b)|advert|ai2html|banner|breadcrumb|combx|comment|communit|cover-wrap|disqus|extra|footer|gdpr|(?-u:\b)header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share|sharing|newsletter|subscri|promo|recommend|trending|popular|cookie|modal|outbrain|taboola|hidden|signup|login|toolbar|(?-u:\b)tags?(?-u:\b)|keyword|copyright|more-stories|read-?more|also-?read|most-?read|byline|author-?(bio|info|card)|print|sns|topnav|navbar|nav-|-nav|(?-u:\b)nav(?-u:\b)|rightbar|leftbar|side-?bar|jump|widget",
    )
    .expect("valid regex")
});

/// Class or id words of furniture that is never story, whatever its size.
static STRONG_UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|disqus|replies|footer|tooltip|popover|rollover|hovercard|cookie|gdpr|newsletter|outbrain|taboola|breadcrumb|(?-u:\b)share|sharing|social|related|recommend|popup|modal|signup|login")
        .expect("valid regex")
});

/// Class or id words that keep an element despite an unlikely word.
static MAYBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)and(?-u:\b)|article|(?-u:\b)body|column|content|(?-u:\b)main|mathjax|shadow|story|entry|post-?text|(?-u:\b)text(?-u:\b)|embed|tweet")
        .expect("valid regex")
});

/// Class or id words of story containers.
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)article|(?-u:\b)body|content|entry|hentry|h-entry|(?-u:\b)main|page|pagination|post|(?-u:\b)text|blog|story|zhengwen|(?-u:\b)zw(?-u:\b)|artibody|(?-u:\b)cont(?-u:\b)|detail")
        .expect("valid regex")
});

/// Class or id words of furniture that lowers a candidate's score.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|recommend|hot|list|nav|menu|link")
        .expect("valid regex")
});

/// Lines of site furniture that survive inside story containers.
static FURNITURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:advertisement|sponsored|share (?:this|on)|follow us|sign up|subscribe|read more|related|recommended|click here|©|copyright|all rights reserved|\(c\)|上一篇|下一篇|相关(?:新闻|阅读|文章|链接)|责任编辑|编辑[:：]|返回|打印|关闭窗口|分享到|点击|版权所有|免责声明|【?字号|扫一扫|更多)")
        .expect("valid regex")
});

/// Whole lines that are furniture: ad slots, widget headings, script notices.
static FURNITURE_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:advert(?:isement)?s?|ad|sponsored(?: content)?|comments?|\d+ comments?|leave a (?:comment|reply)|tell us what you think|you may also like|you might also like|don'?t miss|trending(?: now)?|related(?: articles| stories| posts| coverage| content)?|read more|see also|recommended(?: for you)?|most (?:read|popular|viewed)|share(?: this(?: article| story)?)?|this slideshow requires javascript|skip (?:to|ad)|loading|continue reading(?: below)?|story continues below(?: advertisement)?|广告|评论|相关(?:新闻|阅读|文章|链接|推荐)|热门(?:推荐|文章|新闻)?|推荐阅读|延伸阅读|分享到?)\W*$")
        .expect("valid regex")
});

/// "More from <section>" lines, kept apart from [`FURNITURE_WHOLE`]: the thirty repeated
/// word classes of this pattern cost more to compile than every other pattern of the
/// cleaner together, and it is compiled only when a line holds `more from`.
static MORE_FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*more from [\w\s]{1,30}\W*$").expect("valid regex"));

/// Whether a whole line is furniture ([`FURNITURE_WHOLE`] or [`MORE_FROM`]). The
/// ASCII check is exact: no letter of `more from` has a case variant outside ASCII.
fn is_furniture_whole(text: &str) -> bool {
    FURNITURE_WHOLE.is_match(text)
        || (contains_ignore_case(text, "more from") && MORE_FROM.is_match(text))
}

/// Source and editor credit lines printed with Chinese stories.
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[(（【\[]?\s*(?:(?:文章|新闻|稿件)?(?:来源|來源|稿源|出处|出處|责任编辑|責任編輯|编辑|編輯)\s*[:：]|(?:photo|image|picture|credit)s?(?: by)?\s*:)").expect("valid regex")
});

/// Pagination lines.
static PAGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)上一页|下一页|第\s*\d+\s*页|共\s*\d+\s*页|^\W*(?:next|previous|prev)(?: page)?\W*$|^page \d+ of \d+").expect("valid regex")
});

/// What kind of element holds a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A paragraph or other prose element.
    Para,
    /// A heading.
    Heading,
    /// A list item or definition.
    Item,
    /// A table cell.
    Cell,
    /// Text held directly by a division or other container.
    Loose,
}

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The text, whitespace collapsed; line breaks kept as `\n`.
    pub text: String,
    /// Characters other than whitespace.
    pub chars: usize,
    /// Of those, characters inside links.
    pub link_chars: usize,
    /// Of those, CJK ideographs and kana ([`is_cjk_point`]).
    pub cjk: usize,
    /// Commas and other clause marks ([`is_clause_mark`]).
    pub clause_marks: usize,
    /// The element holding the text.
    pub kind: Kind,
    /// The holding element first, then its ancestors up to the root.
    pub ancestors: Vec<NodeId>,
    /// The text cut at line breaks.
    pub lines: Vec<Line>,
}

/// One line of a block (text between `<br>`s).
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    /// The text, whitespace collapsed.
    pub text: String,
    /// Characters other than whitespace.
    pub chars: usize,
    /// Of those, characters inside links.
    pub link_chars: usize,
    /// Of those, CJK ideographs and kana ([`is_cjk_point`]).
    pub cjk: usize,
    /// Commas and other clause marks ([`is_clause_mark`]).
    pub clause_marks: usize,
}

/// Blocks and captions of a page, in document order.
#[derive(Debug, Default)]
pub(crate) struct Segmented {
    /// Story candidates.
    pub blocks: Vec<Block>,
    /// Photo captions.
    pub captions: Vec<String>,
}

/// Cuts the page into blocks, leaving furniture out.
pub(crate) fn segment(doc: &Dom<'_>) -> Segmented {
    let sizes = text_sizes(doc);
    let total = sizes[doc.root().id().index()];
    let mut out = Segmented::default();
    let mut stack: Vec<NodeId> = Vec::new();
    let mut buf = Buffer::default();
    let mut skip_until: Option<NodeId> = None;
    let mut link_depth = 0usize;
    let mut links: Vec<NodeId> = Vec::new();
    for edge in doc.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => buf.push(t, link_depth > 0, pre_depth(&stack, doc)),
                    Node::Element(e) => {
                        let name = e.name();
                        if name == "br" {
                            buf.line_break();
                            continue;
                        }
                        if name == "img" || name == "wbr" {
                            continue;
                        }
                        if is_caption(e) {
                            let text = node_text(node);
                            if !text.is_empty() {
                                out.captions.push(text);
                            }
                            skip_until = Some(node.id());
                            continue;
                        }
                        if is_skipped(name)
                            || is_hidden(e)
                            || is_unlikely(e, sizes[node.id().index()], total)
                        {
                            skip_until = Some(node.id());
                            continue;
                        }
                        if is_anchor_link(e) && sizes[node.id().index()].is_link_sized() {
                            link_depth += 1;
                            links.push(node.id());
                        }
                        if is_block(name) {
                            buf.flush(&stack, doc, &mut out.blocks);
                            stack.push(node.id());
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_until {
                    if id == node.id() {
                        skip_until = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if name == "a" && links.last() == Some(&node.id()) {
                        links.pop();
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if is_block(name) {
                        buf.flush(&stack, doc, &mut out.blocks);
                        stack.pop();
                    }
                }
            }
        }
    }
    buf.flush(&stack, doc, &mut out.blocks);
    out
}

/// Longest text a navigation link plausibly carries; a longer "link" is an unclosed
/// `<a>` that the parser carried over the story.
const MAX_LINK_CHARS: usize = 160;

/// An `<a>` that links somewhere (named anchors and the copies html5ever makes of an
/// unclosed `<a>` without `href` are not links).
fn is_anchor_link(e: &Element) -> bool {
    e.name() == "a" && e.attr("href").is_some_and(|h| !h.trim().is_empty())
}

/// Text held under an element: all characters, and those inside links.
#[derive(Debug, Default, Clone, Copy)]
struct Size {
    chars: usize,
    link_chars: usize,
    /// Sentence punctuation marks.
    stops: usize,
}

impl Size {
    /// Whether an `<a>` of this size is a real link: navigation and headline links are
    /// short and not several sentences; a longer one is an unclosed `<a>` the parser
    /// carried over the story (html5ever re-opens it in every following paragraph).
    fn is_link_sized(&self) -> bool {
        self.chars <= MAX_LINK_CHARS && !(self.chars >= 60 && self.stops >= 2)
    }
}

/// The size of every element's text (script, style and head left out), in one pass,
/// indexed by node: a backward scan of the arena, which holds the tree in document
/// order, so every node comes after its parent and its size is complete when the scan
/// reaches it. (Nodes inside a left-out element are sized too but never asked for.)
fn text_sizes(doc: &Dom<'_>) -> Vec<Size> {
    let mut sizes: Vec<Size> = vec![Size::default(); doc.len()];
    for n in doc.nodes().rev() {
        let Some(parent) = n.parent() else {
            continue;
        };
        let size = match n.value() {
            // The raw text of scripts and styles is not counted only to be dropped.
            Node::Text(_) if parent.element().is_some_and(|e| unsized_element(e.name())) => {
                continue;
            }
            Node::Text(t) => {
                let (chars, stops) = text_counts(t);
                Size {
                    chars,
                    link_chars: 0,
                    stops,
                }
            }
            Node::Element(e) if unsized_element(e.name()) => {
                sizes[n.id().index()] = Size::default();
                continue;
            }
            Node::Element(e) => {
                let size = &mut sizes[n.id().index()];
                if is_anchor_link(e) && size.is_link_sized() {
                    size.link_chars = size.chars;
                }
                *size
            }
            Node::Document => continue,
        };
        let p = &mut sizes[parent.id().index()];
        p.chars += size.chars;
        p.link_chars += size.link_chars;
        p.stops += size.stops;
    }
    sizes
}

/// Elements whose text is left out of the text sizes.
fn unsized_element(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "head")
}

/// The characters other than whitespace in `t`, and the sentence punctuation marks among
/// them; ASCII text (most of an English page) is counted a byte at a time, which the
/// compiler vectorises.
fn text_counts(t: &str) -> (usize, usize) {
    if t.is_ascii() {
        let b = t.as_bytes();
        // What `char::is_whitespace` takes for whitespace below 0x80.
        let space = count_bytes(b, |x| matches!(x, b' ' | b'\t'..=b'\r'));
        let stops = count_bytes(b, |x| matches!(x, b'.' | b'!' | b'?'));
        return (b.len() - space, stops);
    }
    // Other text is walked a character at a time by its UTF-8 bytes, without decoding:
    // whitespace as `whitespace_len` finds it, the Chinese marks by their bytes.
    let b = t.as_bytes();
    let (mut chars, mut stops) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if is_common_ideograph_lead(x) {
            chars += 1;
            i += 3;
            continue;
        }
        let n = utf8_len(x);
        chars += usize::from(whitespace_len(b, i) == 0);
        stops += usize::from(match n {
            1 => matches!(x, b'.' | b'!' | b'?'),
            // 。 (U+3002), and ！？，； (U+FF01, U+FF1F, U+FF0C, U+FF1B).
            3 => matches!(
                (x, b[i + 1], b[i + 2]),
                (0xE3, 0x80, 0x82) | (0xEF, 0xBC, 0x81 | 0x9F | 0x8C | 0x9B)
            ),
            _ => false,
        });
        i += n;
    }
    (chars, stops)
}

/// The CJK characters ([`is_cjk_point`]) of `t` and all its characters other than whitespace,
/// counted by the text's UTF-8 bytes.
pub(crate) fn cjk_and_chars(t: &str) -> (usize, usize) {
    let b = t.as_bytes();
    let (mut cjk, mut chars) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if is_common_ideograph_lead(x) {
            cjk += 1;
            chars += 1;
            i += 3;
            continue;
        }
        let space = whitespace_len(b, i);
        if space > 0 {
            i += space;
            continue;
        }
        let len = utf8_len(x);
        if len > 1 && is_cjk_point(point_at(b, i, len)) {
            cjk += 1;
        }
        chars += 1;
        i += len;
    }
    (cjk, chars)
}

/// How many bytes of `b` pass `test`, counted in one-byte tallies over runs of 255 bytes
/// so that the compiler keeps sixteen or more tallies in a vector register.
fn count_bytes(b: &[u8], test: impl Fn(u8) -> bool) -> usize {
    b.chunks(255)
        .map(|run| {
            let n = run.iter().fold(0u8, |n, &x| n + u8::from(test(x)));
            usize::from(n)
        })
        .sum()
}

fn pre_depth(stack: &[NodeId], doc: &Dom<'_>) -> bool {
    stack
        .last()
        .is_some_and(|id| doc.get(*id).element().is_some_and(|e| e.name() == "pre"))
}

/// Text being gathered for the current block, line by line.
#[derive(Default)]
struct Buffer {
    lines: Vec<Line>,
    line: Line,
}

impl Buffer {
    /// Adds text: each run of whitespace becomes one space (a line break in `<pre>`),
    /// the rest is copied a word at a time; the text is walked by its UTF-8 bytes, a
    /// character at a time, for the word split and the counts together.
    fn push(&mut self, t: &str, in_link: bool, pre: bool) {
        let b = t.as_bytes();
        // Where the word being read started, when one is.
        let mut word: Option<usize> = None;
        let (mut n, mut cjk, mut marks) = (0, 0, 0);
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if is_common_ideograph_lead(x) {
                word.get_or_insert(i);
                n += 1;
                cjk += 1;
                i += 3;
                continue;
            }
            let space = whitespace_len(b, i);
            if space == 0 {
                word.get_or_insert(i);
                n += 1;
                let len = utf8_len(x);
                let c = if len == 1 {
                    u32::from(x)
                } else {
                    point_at(b, i, len)
                };
                if is_cjk_point(c) {
                    cjk += 1;
                } else if is_clause_mark(c) {
                    marks += 1;
                }
                i += len;
                continue;
            }
            if let Some(from) = word.take() {
                self.line.text.push_str(&t[from..i]);
            }
            if pre && x == b'\n' {
                self.add_counts(n, cjk, marks, in_link);
                (n, cjk, marks) = (0, 0, 0);
                self.line_break();
            } else if !self.line.text.is_empty() && !self.line.text.ends_with(' ') {
                self.line.text.push(' ');
            }
            i += space;
        }
        if let Some(from) = word {
            self.line.text.push_str(&t[from..]);
        }
        self.add_counts(n, cjk, marks, in_link);
    }

    /// Adds the counts of words copied to the current line.
    fn add_counts(&mut self, chars: usize, cjk: usize, marks: usize, in_link: bool) {
        self.line.chars += chars;
        self.line.cjk += cjk;
        self.line.clause_marks += marks;
        if in_link {
            self.line.link_chars += chars;
        }
    }

    fn line_break(&mut self) {
        let mut line = std::mem::take(&mut self.line);
        if line.chars > 0 {
            line.text.truncate(line.text.trim_end().len());
            self.lines.push(line);
        }
    }

    fn flush(&mut self, stack: &[NodeId], doc: &Dom<'_>, blocks: &mut Vec<Block>) {
        self.line_break();
        if !self.lines.is_empty() {
            let lines = std::mem::take(&mut self.lines);
            let ancestors: Vec<NodeId> = stack.iter().rev().copied().collect();
            let kind = ancestors
                .first()
                .map_or(Kind::Loose, |id| kind_of(doc.get(*id)));
            let text = lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let chars = lines.iter().map(|l| l.chars).sum();
            let link_chars = lines.iter().map(|l| l.link_chars).sum();
            let cjk = lines.iter().map(|l| l.cjk).sum();
            let clause_marks = lines.iter().map(|l| l.clause_marks).sum();
            blocks.push(Block {
                text,
                chars,
                link_chars,
                cjk,
                clause_marks,
                kind,
                ancestors,
                lines,
            });
        }
    }
}

fn kind_of(node: NodeRef<'_, '_>) -> Kind {
    match node.value() {
        Node::Element(e) => match e.name() {
            "p" | "pre" | "blockquote" | "address" => Kind::Para,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
            "li" | "dd" | "dt" => Kind::Item,
            "td" | "th" => Kind::Cell,
            _ => Kind::Loose,
        },
        _ => Kind::Loose,
    }
}

/// All text under a node, script and style left out, blocks and line breaks apart,
/// whitespace collapsed (what [`collapse`] makes of the text, in one pass).
pub(crate) fn node_text(node: NodeRef<'_, '_>) -> String {
    let mut out = String::new();
    // Whether whitespace came since the last word.
    let mut space = false;
    let mut skip: Option<NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => match n.value() {
                Node::Text(t) => push_collapsed(&mut out, t, &mut space),
                Node::Element(e)
                    if matches!(e.name(), "script" | "style" | "noscript" | "template") =>
                {
                    skip = Some(n.id());
                }
                Node::Element(e) if is_block(e.name()) || e.name() == "br" => space = true,
                _ => {}
            },
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    out
}

/// Collapses whitespace runs into single spaces and trims.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s, &mut false);
    out
}

/// Appends the words of `t` to `out`, one space between two words when whitespace came
/// between them (`space` carries that across calls), none at the start of `out`.
///
/// The text is walked by bytes: only ASCII whitespace and the lead bytes of the few
/// other whitespace characters (U+0085 to U+3000) are decoded, and a CJK character is
/// passed over in one step, so that Chinese text is not decoded character by character.
pub(crate) fn push_collapsed(out: &mut String, t: &str, space: &mut bool) {
    let b = t.as_bytes();
    let mut word = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if is_common_ideograph_lead(x) {
            i += 3;
            continue;
        }
        let n = whitespace_len(b, i);
        if n == 0 {
            i += utf8_len(x);
            continue;
        }
        if word < i {
            if *space && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&t[word..i]);
        }
        *space = true;
        i += n;
        word = i;
    }
    if word < b.len() {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(&t[word..]);
    }
}

/// The length in bytes of the UTF-8 sequence that starts with `lead`.
#[inline(always)]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// The code point of `len` bytes (2 to 4) at byte `i` of the UTF-8 text `b`.
#[inline(always)]
fn point_at(b: &[u8], i: usize, len: usize) -> u32 {
    let tail = |k: usize| u32::from(b[i + k] & 0x3F);
    match len {
        2 => (u32::from(b[i] & 0x1F) << 6) | tail(1),
        3 => (u32::from(b[i] & 0x0F) << 12) | (tail(1) << 6) | tail(2),
        _ => (u32::from(b[i] & 0x07) << 18) | (tail(1) << 12) | (tail(2) << 6) | tail(3),
    }
}

/// The length of the whitespace character (`char::is_whitespace`) at byte `i` of the
/// UTF-8 text `b`, 0 when the character there is not whitespace. (Inlined: it runs once
/// per character of the page's text.)
///
/// The three-byte whitespace characters are matched by their bytes: U+1680, U+2000 to
/// U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (the Chinese punctuation next to
/// U+3000 is not decoded to be told apart).
#[inline(always)]
fn whitespace_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b' ' | b'\t'..=b'\r' => 1,
        0xC2 => 2 * usize::from(matches!(b[i + 1], 0x85 | 0xA0)),
        0xE1..=0xE3 => {
            let space = matches!(
                (b[i], b[i + 1], b[i + 2]),
                (0xE1, 0x9A, 0x80)
                    | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
                    | (0xE2, 0x81, 0x9F)
                    | (0xE3, 0x80, 0x80)
            );
            3 * usize::from(space)
        }
        _ => 0,
    }
}

/// Whether the UTF-8 sequence led by `lead` is an ideograph of U+5000 to U+9FFF (CJK,
/// neither whitespace nor punctuation): most characters of Chinese text, which the
/// character walks pass over without decoding.
#[inline(always)]
fn is_common_ideograph_lead(lead: u8) -> bool {
    (0xE5..=0xE9).contains(&lead)
}

fn class_and_id(e: &Element) -> String {
    let mut s = String::new();
    if let Some(c) = e.attr("class") {
        s.push_str(c);
    }
    if let Some(i) = e.attr("id") {
        s.push(' ');
        s.push_str(i);
    }
    s
}

fn is_caption(e: &Element) -> bool {
    if e.name() == "figcaption" {
        return true;
    }
    [e.attr("class"), e.attr("id")]
        .into_iter()
        .flatten()
        .any(|v| {
            ["caption", "img-desc", "photo-desc"]
                .iter()
                .any(|w| contains_ignore_case(v, w))
        })
        && !matches!(e.name(), "body" | "article" | "main" | "html")
}

/// Whether `hay` holds `needle` (ASCII lowercase), ASCII case ignored.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn is_hidden(e: &Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") && e.name() != "span" {
        return true;
    }
    if !matches!(e.name(), "html" | "body")
        && e.attr("class")
            .is_some_and(|c| c.split_whitespace().any(hidden_class))
    {
        return true;
    }
    e.attr("style")
        .is_some_and(|s| declares(s, "display", "none") || declares(s, "visibility", "hidden"))
}

/// Whether a style attribute holds `property:value` once whitespace is ignored (ASCII
/// case ignored), compared in place instead of on a copy without whitespace.
fn declares(style: &str, property: &str, value: &str) -> bool {
    let want = property
        .bytes()
        .chain(std::iter::once(b':'))
        .chain(value.bytes());
    let first = property.as_bytes()[0];
    let b = style.as_bytes();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), b).any(|i| {
        let mut rest = style[i..].chars().filter(|c| !c.is_whitespace());
        want.clone().all(|w| {
            rest.next()
                .is_some_and(|c| c.is_ascii() && (c as u8).eq_ignore_ascii_case(&w))
        })
    })
}

/// Class names that conventionally mean `display: none` (collapsed "read more" text,
/// templates), but not the responsive ones that hide only on some screens.
fn hidden_class(token: &str) -> bool {
    let b = token.as_bytes();
    let hides = ["hidden", "hide", "is-hidden", "d-none", "invisible"]
        .iter()
        .any(|h| token.eq_ignore_ascii_case(h))
        || b.len() >= 5 && b[b.len() - 5..].eq_ignore_ascii_case(b"-hide")
        || b.len() >= 7 && b[..7].eq_ignore_ascii_case(b"hidden-");
    hides
        && ![
            "xs", "sm", "md", "lg", "print", "mobile", "desktop", "tablet", "phone",
        ]
        .iter()
        .any(|w| contains_ignore_case(token, w))
}

/// Furniture by role, or by class and id words; an element named like furniture is
/// still kept when it holds much of the page's text (wrappers get odd names), unless it
/// is mostly links.
fn is_unlikely(e: &Element, size: Size, total: Size) -> bool {
    if matches!(
        e.name(),
        "body" | "html" | "article" | "main" | "a" | "p" | "td" | "tr" | "tbody" | "table"
    ) {
        return false;
    }
    let share = density(size.chars, total.chars);
    let links = density(size.link_chars, size.chars);
    if matches!(
        e.attr("role"),
        Some(
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "menu"
                | "menubar"
                | "dialog"
                | "alert"
                | "alertdialog"
        )
    ) {
        return share < 0.5 || links > 0.5;
    }
    let ci = class_and_id(e);
    if ci.is_empty() || MAYBE.is_match(&ci) {
        return false;
    }
    if STRONG_UNLIKELY.is_match(&ci) {
        return share < 0.6 || links > 0.5;
    }
    UNLIKELY.is_match(&ci) && (share < 0.25 || links > 0.5)
}

/// The weight of a block's text in English-letter equivalents: a CJK character carries
/// about as much as a short English word.
fn weight(b: &Block) -> f64 {
    (b.chars - b.cjk) as f64 + 3.0 * b.cjk as f64
}

/// True for the code points of CJK ideographs and kana.
fn is_cjk_point(c: u32) -> bool {
    // Most characters of a page are below the first kana: one comparison for them.
    c >= 0x3040
        && matches!(c, 0x4E00..=0x9FFF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x2_0000..=0x2_FFFF)
}

/// Commas, enumeration commas, semicolons and the Chinese full stop (by code point:
/// `,` `;` `、` `。` `，` `；`): marks of clauses, which readability counts as a sign of
/// prose.
fn is_clause_mark(c: u32) -> bool {
    matches!(c, 0x2C | 0x3B | 0x3001 | 0x3002 | 0xFF0C | 0xFF1B)
}

/// Per-element sums over the blocks beneath it.
#[derive(Default, Clone, Copy)]
struct Tally {
    score: f64,
    chars: usize,
    link_chars: usize,
    scored: bool,
}

impl Tally {
    /// The score discounted by the share of link text.
    fn final_score(&self) -> f64 {
        self.score * (1.0 - density(self.link_chars, self.chars))
    }
}

/// Picks the story's blocks: indices into `blocks`, in order.
pub(crate) fn select(doc: &Dom<'_>, blocks: &[Block]) -> Vec<usize> {
    let mut tally: Vec<Tally> = vec![Tally::default(); doc.len()];
    for b in blocks {
        for id in &b.ancestors {
            let t = &mut tally[id.index()];
            t.chars += b.chars;
            t.link_chars += b.link_chars;
        }
    }
    for b in blocks {
        let w = weight(b);
        if w < 25.0 || b.kind == Kind::Heading || density(b.link_chars, b.chars) > 0.5 {
            continue;
        }
        let score = 1.0 + b.clause_marks as f64 + (w / 100.0).min(3.0);
        let start = usize::from(matches!(b.kind, Kind::Para | Kind::Item));
        for (level, id) in b.ancestors.iter().skip(start).take(5).enumerate() {
            let t = &mut tally[id.index()];
            if !t.scored {
                t.scored = true;
                t.score += initial_score(doc.get(*id));
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            t.score += score / div;
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    for (id, t) in doc.nodes().map(|n| (n.id(), &tally[n.id().index()])) {
        if !t.scored {
            continue;
        }
        let s = t.final_score();
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((id, s));
        }
    }
    let Some((mut top, mut top_score)) = best else {
        return (0..blocks.len())
            .filter(|&i| density(blocks[i].link_chars, blocks[i].chars) < 0.5)
            .collect();
    };
    let posts = first_of_posts(doc, blocks, &tally, top);
    if let Some(first) = posts {
        top = first;
        top_score = tally[first.index()].final_score();
    }
    // Siblings of the winner that look like story text join it.
    let mut chosen = vec![top];
    if let Some(parent) = doc.get(top).parent() {
        let threshold = (top_score * 0.2).max(10.0);
        for sib in parent.children() {
            if sib.id() == top {
                continue;
            }
            let t = &tally[sib.id().index()];
            let s = t.final_score();
            let ld = density(t.link_chars, t.chars);
            let own_text = || {
                blocks
                    .iter()
                    .filter(|b| b.ancestors.first() == Some(&sib.id()))
                    .map(|b| b.text.as_str())
                    .collect::<String>()
            };
            let para = matches!(sib.value(), Node::Element(e) if e.name() == "p");
            if (t.scored && s >= threshold)
                || (para && t.chars > 80 && ld < 0.25)
                || (para && t.chars > 0 && ld == 0.0 && ends_sentence(&own_text()))
            {
                chosen.push(sib.id());
            }
        }
    }
    // A story cut into several containers of the same markup (split by figures, pull
    // quotes or ads) keeps every part that reads as prose.
    if let Some(sig) = signature(doc.get(top)).filter(|_| posts.is_none()) {
        let mut parts: Vec<NodeId> = doc
            .nodes()
            .map(|n| n.id())
            .filter(|id| {
                let t = &tally[id.index()];
                t.scored && !chosen.contains(id) && t.final_score() >= (top_score * 0.2).max(10.0)
            })
            .filter(|id| signature(doc.get(*id)).as_ref() == Some(&sig))
            .collect();
        parts.retain(|p| !related(doc, *p, &chosen));
        chosen.extend(parts);
    }
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.ancestors.iter().any(|a| chosen.contains(a)))
        .filter(|(_, b)| keep_block(b))
        .map(|(i, _)| i)
        .collect()
}

/// How far above the winner a post's container may be (post > table > tbody > tr > td).
const POST_DEPTH: usize = 5;

/// The first of the posts of an index page (a blog's front page), when the winner is in
/// one of them: two or more containers of the same markup as the winner or a close
/// ancestor, holding prose, each pair apart by a dated line (the next post's heading or
/// the previous one's footer). A story cut into parts has no date between its parts;
/// posts each have their own.
fn first_of_posts(doc: &Dom<'_>, blocks: &[Block], tally: &[Tally], top: NodeId) -> Option<NodeId> {
    std::iter::once(top)
        .chain(doc.get(top).ancestors().take(POST_DEPTH).map(|a| a.id()))
        .find_map(|container| first_post(doc, blocks, tally, container))
}

/// [`first_of_posts`] for one container: the first container of its markup when they
/// are posts.
fn first_post(doc: &Dom<'_>, blocks: &[Block], tally: &[Tally], top: NodeId) -> Option<NodeId> {
    const PROSE: usize = 50;
    let sig = signature(doc.get(top))?;
    let is_post =
        |id: NodeId| tally[id.index()].chars >= PROSE && signature(doc.get(id)) == Some(sig);
    // Two at least, or no index.
    doc.nodes().filter(|n| is_post(n.id())).nth(1)?;
    // Each container's first and last block, in document order.
    let mut posts: Vec<(NodeId, usize, usize)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Some(&post) = b.ancestors.iter().find(|id| is_post(**id)) else {
            continue;
        };
        match posts.last_mut() {
            Some((id, _, last)) if *id == post => *last = i,
            _ => posts.push((post, i, i)),
        }
    }
    let distinct = posts
        .iter()
        .enumerate()
        .all(|(i, p)| posts[..i].iter().all(|q| q.0 != p.0));
    if posts.len() < 2 || !distinct || !posts.iter().any(|p| p.0 == top) {
        return None;
    }
    let dated_between = posts.windows(2).all(|pair| {
        blocks[pair[0].2 + 1..pair[1].1]
            .iter()
            .any(|b| !super::date::find_all(&b.text).is_empty())
    });
    dated_between.then_some(posts[0].0)
}

/// An element's tag and class, when it has a class.
fn signature<'d>(node: NodeRef<'d, '_>) -> Option<(&'d str, &'d str)> {
    let Node::Element(e) = node.value() else {
        return None;
    };
    let class = e.attr("class")?.trim();
    (!class.is_empty()).then(|| (e.name(), class))
}

/// True when `id` is inside or around one of `chosen`.
fn related(doc: &Dom<'_>, id: NodeId, chosen: &[NodeId]) -> bool {
    doc.get(id).ancestors().any(|a| chosen.contains(&a.id()))
        || chosen
            .iter()
            .any(|c| doc.get(*c).ancestors().any(|a| a.id() == id))
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '。', '!', '?', '！', '？', '"', '”'])
}

/// Whether a line of a kept block is story text: link lines and furniture go.
pub(crate) fn keep_line(l: &Line, alone: bool) -> bool {
    let ld = density(l.link_chars, l.chars);
    if !alone && (ld > 0.5 && l.chars < 100 || l.chars == 1) {
        return false;
    }
    // "·Headline (2005-04-27 14:32)": an entry of a related-stories list.
    if l.link_chars * 3 >= l.chars && l.chars < 80 && !super::date::find_all(&l.text).is_empty() {
        return false;
    }
    if l.chars < 40 && CREDIT_LINE.is_match(&l.text) {
        return false;
    }
    if l.chars < 60
        && (is_furniture_whole(&l.text)
            || FURNITURE_LINE.is_match(&l.text)
            || PAGER.is_match(&l.text))
    {
        return false;
    }
    !(l.chars <= 8 && l.text.ends_with([':', '：']))
}

fn keep_block(b: &Block) -> bool {
    let ld = density(b.link_chars, b.chars);
    // Prose with many inline links stays; link lists and lone links go.
    if ld > 0.8 || (ld > 0.5 && (b.chars < 100 || b.kind == Kind::Heading)) {
        return false;
    }
    if b.chars < 60 && is_furniture_whole(&b.text) {
        return false;
    }
    if b.chars < 80 && FURNITURE_LINE.is_match(&b.text) {
        return false;
    }
    true
}

fn density(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn initial_score(node: NodeRef<'_, '_>) -> f64 {
    let Node::Element(e) = node.value() else {
        return 0.0;
    };
    let base = match e.name() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    base + class_weight(e)
}

fn class_weight(e: &Element) -> f64 {
    let mut w = 0.0;
    for attr in [e.attr("class"), e.attr("id")].into_iter().flatten() {
        if NEGATIVE.is_match(attr) {
            w -= 25.0;
        }
        if POSITIVE.is_match(attr) {
            w += 25.0;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_declarations_are_read_through_spaces_and_case() {
        assert!(declares("color: red; Display : NONE", "display", "none"));
        assert!(declares("visibility:\thidden", "visibility", "hidden"));
        assert!(!declares(
            "display: block; visibility: visible",
            "display",
            "none"
        ));
        assert!(!declares("dis play", "display", "none"));
    }

    #[test]
    fn collapsing_by_bytes_agrees_with_splitting_on_whitespace() {
        let texts = [
            "",
            "   ",
            "one",
            " lead and trail ",
            "tabs\tand\nlines\r\n\x0bvt\x0cff",
            "nbsp\u{a0}nel\u{85}ogham\u{1680}en\u{2002}hair\u{200a}ls\u{2028}ps\u{2029}nnbsp\u{202f}mm\u{205f}ideo\u{3000}end",
            "not space: \u{200b}\u{2060}\u{feff}\u{3001}\u{e3}\u{1f600} 中文，「引号」。",
            "国家主席\u{3000}\u{3000}会见 \n 法国总统",
        ];
        for t in texts {
            let reference = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(t), reference, "{t:?}");
        }
        // Across calls: adjacent texts join without a space unless whitespace came.
        let (mut out, mut space) = (String::new(), false);
        for t in ["a", "b ", "c", " ", "\u{3000}d"] {
            push_collapsed(&mut out, t, &mut space);
        }
        assert_eq!(out, "ab c d");
    }

    #[test]
    fn text_counts_by_bytes_agree_with_counting_characters() {
        for t in [
            "国家主席\u{3000}会见。法国总统！真的？是，好； 完",
            "Mixed. Text! With? Stops\u{a0}and\u{2028}spaces… «guillemets»",
            "😀 emoji, ok.",
        ] {
            let chars = t.chars().filter(|c| !c.is_whitespace()).count();
            let stops = t
                .chars()
                .filter(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '，' | '；'))
                .count();
            assert_eq!(text_counts(t), (chars, stops), "{t}");
        }
    }

    #[test]
    fn every_character_is_walked_as_decoding_it_would() {
        let stop = |c: char| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '，' | '；');
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let mut bytes = [0; 4];
            let encoded = c.encode_utf8(&mut bytes).as_bytes();
            let width = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(whitespace_len(encoded, 0), width, "{c:?}");
            let t = format!("a{c}b");
            let chars = 2 + usize::from(!c.is_whitespace());
            assert_eq!(text_counts(&t), (chars, usize::from(stop(c))), "{c:?}");
            let mut buffer = Buffer::default();
            buffer.push(&t, false, false);
            let line = &buffer.line;
            let point = u32::from(c);
            assert_eq!(
                (line.chars, line.cjk, line.clause_marks),
                (
                    chars,
                    usize::from(is_cjk_point(point)),
                    usize::from(!is_cjk_point(point) && is_clause_mark(point))
                ),
                "{c:?}"
            );
            let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(line.text, words, "{c:?}");
            assert_eq!(collapse(&t), words, "{c:?}");
            assert_eq!(
                cjk_and_chars(&t),
                (usize::from(is_cjk_point(point)), chars),
                "{c:?}"
            );
        }
    }

    #[test]
    fn whole_line_furniture_is_what_the_single_pattern_matched() {
        let single = Regex::new(r"(?i)^\W*(?:advert(?:isement)?s?|ad|sponsored(?: content)?|comments?|\d+ comments?|leave a (?:comment|reply)|tell us what you think|you may also like|you might also like|don'?t miss|trending(?: now)?|related(?: articles| stories| posts| coverage| content)?|more from [\w\s]{1,30}|read more|see also|recommended(?: for you)?|most (?:read|popular|viewed)|share(?: this(?: article| story)?)?|this slideshow requires javascript|skip (?:to|ad)|loading|continue reading(?: below)?|story continues below(?: advertisement)?|广告|评论|相关(?:新闻|阅读|文章|链接|推荐)|热门(?:推荐|文章|新闻)?|推荐阅读|延伸阅读|分享到?)\W*$").unwrap();
        let sections = [
            "Politics",
            "the desk",
            "中国 新闻",
            "x",
            "",
            "a long section name that runs on",
        ];
        let mut lines = Vec::new();
        for section in sections {
            for head in [
                "More from ",
                "— MORE FROM ",
                "more from",
                "Read more from ",
                "mORE fROM ",
            ] {
                for tail in ["", " »", ".", " and more!", "：更多"] {
                    lines.push(format!("{head}{section}{tail}"));
                }
            }
        }
        lines.extend(
            [
                "Advertisement",
                "3 comments",
                "Related stories »",
                "广告",
                "More",
            ]
            .map(String::from),
        );
        for line in &lines {
            assert_eq!(is_furniture_whole(line), single.is_match(line), "{line:?}");
        }
        let more_from = |l: &&String| l.to_lowercase().contains("more from");
        assert!(lines.iter().filter(more_from).any(|l| single.is_match(l)));
        assert!(lines.iter().filter(more_from).any(|l| !single.is_match(l)));
    }

    #[test]
    fn text_is_collapsed_and_counted_a_word_at_a_time() {
        let mut b = Buffer::default();
        b.push("  中文，  text\u{3000}here ", false, false);
        b.push("link", true, false);
        b.line_break();
        let line = &b.lines[0];
        assert_eq!(line.text, "中文， text here link");
        assert_eq!(
            (line.chars, line.cjk, line.clause_marks, line.link_chars),
            (15, 2, 1, 4)
        );
        let mut pre = Buffer::default();
        pre.push("a\nb", false, true);
        pre.line_break();
        assert_eq!(pre.lines.len(), 2);
    }
}
