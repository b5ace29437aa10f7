//! A bound on how deeply HTML nests before it reaches the tree builder.
//!
//! html5ever's tree builder scans its stack of open elements at many start tags (for an
//! open `<p>` to close, for list items, for scope), so a page that opens tens of
//! thousands of elements without closing them costs time quadratic in its depth: 100,000
//! nested `<div>`s take about a minute. No real page nests more than a few dozen levels.
//! [`bound_nesting`] follows the nesting with a light model of the tree builder (void
//! elements, raw text, the end tags and implied ends that close elements) and drops the
//! start tags that would open an element deeper than the bound, with their end tags. The
//! text stays. A page that stays within the bound is returned as it is, unchanged.

use memchr::{memchr, memmem};
use std::borrow::Cow;

/// How many elements may be open at once; deeper start tags are dropped.
pub const MAX_DEPTH: usize = 256;

/// What the model of the tree builder needs to know about a tag name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// Any other element.
    Other,
    /// An element without content (`br`, `img`, `meta`…).
    Void,
    /// An element whose content is raw text up to its end tag (`script`, `style`…).
    Raw,
    /// Another block whose start closes an open `<p>` (`div`, `section`, `blockquote`…).
    Block,
    /// `h1` to `h6`: any heading's end tag closes the open one.
    Heading,
    /// An element past which a start tag does not look for a `<p>` to close.
    Scope,
    P,
    Li,
    List,
    DdDt,
    Dl,
    Cell,
    Tr,
    Table,
    Section,
    Option,
    Select,
    A,
    Html,
    Head,
    Body,
    Foreign,
}

impl Tag {
    /// The kind of the element named `name` (any case).
    pub(crate) fn of(name: &[u8]) -> Tag {
        let mut buf = [0u8; 12];
        let Some(lower) = buf.get_mut(..name.len()) else {
            return Tag::Other;
        };
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        match &*lower {
            b"p" => Tag::P,
            b"li" => Tag::Li,
            b"ul" | b"ol" => Tag::List,
            b"dd" | b"dt" => Tag::DdDt,
            b"dl" => Tag::Dl,
            b"td" | b"th" => Tag::Cell,
            b"tr" => Tag::Tr,
            b"table" => Tag::Table,
            b"tbody" | b"thead" | b"tfoot" => Tag::Section,
            b"option" | b"optgroup" => Tag::Option,
            b"select" => Tag::Select,
            b"a" => Tag::A,
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"svg" | b"math" => Tag::Foreign,
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Tag::Heading,
            b"applet" | b"button" | b"caption" | b"marquee" | b"object" | b"template" => Tag::Scope,
            b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"frame"
            | b"hr" | b"image" | b"img" | b"input" | b"keygen" | b"link" | b"meta" | b"param"
            | b"source" | b"track" | b"wbr" => Tag::Void,
            b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed"
            | b"noframes" | b"noscript" | b"plaintext" => Tag::Raw,
            b"address" | b"article" | b"aside" | b"blockquote" | b"center" | b"details"
            | b"dialog" | b"dir" | b"div" | b"fieldset" | b"figcaption" | b"figure" | b"footer"
            | b"form" | b"header" | b"hgroup" | b"listing" | b"main" | b"menu" | b"nav"
            | b"pre" | b"section" | b"summary" => Tag::Block,
            _ => Tag::Other,
        }
    }

    /// Whether this start tag closes an open `<p>`.
    pub(crate) fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Block
                | Tag::Heading
                | Tag::P
                | Tag::Li
                | Tag::List
                | Tag::DdDt
                | Tag::Dl
                | Tag::Table
        )
    }

    /// Whether a search for an open `<p>` stops at this element.
    pub(crate) fn p_scope(self) -> bool {
        matches!(self, Tag::Scope | Tag::Table | Tag::Cell | Tag::Html)
    }
}

/// `html` with every start tag that would nest deeper than `max` open elements left out,
/// together with its end tag; borrowed and unchanged when nothing nests that deep.
pub fn bound_nesting(html: &str, max: usize) -> Cow<'_, str> {
    let cuts = deep_tags(html.as_bytes(), max);
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// The open elements, as the tree builder would have them (approximately), each with
/// its name and what the caller keeps with it (the DOM builder: the element's node).
pub(crate) struct Open<'a, T = ()> {
    /// Kind, name as written and the caller's value, outermost first.
    pub(crate) stack: Vec<(Tag, &'a [u8], T)>,
    /// Inside `<svg>` or `<math>`, where `/>` closes an element.
    pub(crate) foreign: usize,
    /// A page without a standard doctype, where `<table>` does not close an open `<p>`.
    pub(crate) quirks: bool,
}

impl<T> Default for Open<'_, T> {
    fn default() -> Self {
        Open {
            stack: Vec::new(),
            foreign: 0,
            quirks: false,
        }
    }
}

impl<'a, T> Open<'a, T> {
    /// Where the nearest open element of kind `want` is, searching down to (not past) an
    /// element `stop` accepts.
    pub(crate) fn find(&self, want: Tag, stop: impl Fn(Tag) -> bool) -> Option<usize> {
        for (i, (t, _, _)) in self.stack.iter().enumerate().rev() {
            if *t == want {
                return Some(i);
            }
            if stop(*t) {
                return None;
            }
        }
        None
    }

    /// Like [`Open::find`], for the element named `name` (any case): where it is open, unless
    /// an element for which `stop` holds is open above it.
    pub(crate) fn find_named(&self, name: &[u8], stop: impl Fn(Tag) -> bool) -> Option<usize> {
        for (i, (t, n, _)) in self.stack.iter().enumerate().rev() {
            if n.eq_ignore_ascii_case(name) {
                return Some(i);
            }
            if stop(*t) {
                return None;
            }
        }
        None
    }

    /// Closes the element at `i` and every element above it.
    pub(crate) fn pop_to(&mut self, i: usize) {
        let foreign = self.stack[i.min(self.stack.len())..]
            .iter()
            .filter(|(t, _, _)| *t == Tag::Foreign)
            .count();
        self.foreign = self.foreign.saturating_sub(foreign);
        self.stack.truncate(i);
    }

    /// The implied ends a start tag of kind `tag` causes.
    pub(crate) fn start(&mut self, tag: Tag) {
        if tag.closes_p() && !(self.quirks && tag == Tag::Table) {
            if let Some(i) = self.find(Tag::P, Tag::p_scope) {
                self.pop_to(i);
            }
        }
        let hit = match tag {
            Tag::Li => self.find(Tag::Li, |t| matches!(t, Tag::List | Tag::Table | Tag::Body)),
            Tag::DdDt => self.find(Tag::DdDt, |t| matches!(t, Tag::Dl | Tag::Table | Tag::Body)),
            Tag::Cell => self.find(Tag::Cell, |t| matches!(t, Tag::Tr | Tag::Table)),
            Tag::Tr => self.find(Tag::Tr, |t| t == Tag::Table),
            Tag::Section => self.find(Tag::Section, |t| t == Tag::Table),
            Tag::Option => self.find(Tag::Option, |t| t == Tag::Select),
            // A second `<a>` closes the open one only where no block lies between: past
            // a block, HTML5's adoption agency keeps the blocks (it moves the link instead).
            Tag::A => self.find(Tag::A, |t| {
                t.closes_p() || matches!(t, Tag::Cell | Tag::Tr | Tag::Section | Tag::Scope)
            }),
            Tag::Heading => self
                .stack
                .last()
                .filter(|(t, _, _)| *t == Tag::Heading)
                .map(|_| self.stack.len() - 1),
            _ => None,
        };
        if let Some(i) = hit {
            self.pop_to(i);
        }
    }

    /// Where the element an end tag closes is open, if it is.
    fn closed_by(&self, tag: Tag, name: &[u8]) -> Option<usize> {
        self.stack.iter().rposition(|(t, n, _)| {
            *t == tag && (tag == Tag::Heading || n.eq_ignore_ascii_case(name))
        })
    }
}

/// Byte ranges of the start tags that open elements deeper than `max`, and of their end
/// tags, in order.
fn deep_tags(b: &[u8], max: usize) -> Vec<(usize, usize)> {
    let mut open: Open<'_> = Open::default();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    // Names of dropped start tags (lowercased) whose end tags are still to come.
    let mut pending: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        match b.get(lt + 1) {
            Some(b'!') if b[lt..].starts_with(b"<!--") => {
                i = memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |p| lt + 4 + p + 3);
            }
            Some(b'!' | b'?') => i = skip_to_gt(b, lt + 1),
            Some(b'/') => {
                let (name, after) = tag_name(b, lt + 2);
                let end = skip_to_gt(b, after);
                i = end;
                let tag = Tag::of(name);
                // `</body>` and `</html>` close nothing: later content still goes in.
                if name.is_empty() || matches!(tag, Tag::Html | Tag::Body) {
                    continue;
                }
                if !pending.is_empty() {
                    let key = name.to_ascii_lowercase();
                    if let Some(p) = pending.iter_mut().find(|(n, c)| *n == key && *c > 0) {
                        p.1 -= 1;
                        cuts.push((lt, end));
                        continue;
                    }
                }
                if let Some(at) = open.closed_by(tag, name) {
                    open.pop_to(at);
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, after) = tag_name(b, lt + 1);
                let (end, self_closing) = tag_end(b, after);
                i = end;
                let tag = Tag::of(name);
                match tag {
                    Tag::Raw => {
                        i = raw_end(b, end, name);
                        continue;
                    }
                    Tag::Void => continue,
                    _ if self_closing && open.foreign > 0 => continue,
                    // A second `<html>` or `<body>` only adds attributes to the first.
                    Tag::Html | Tag::Head | Tag::Body
                        if open.stack.iter().any(|(t, _, _)| *t == tag) =>
                    {
                        continue
                    }
                    _ => {}
                }
                open.start(tag);
                if open.stack.len() >= max {
                    cuts.push((lt, end));
                    let key = name.to_ascii_lowercase();
                    match pending.iter_mut().find(|(n, _)| *n == key) {
                        Some(p) => p.1 += 1,
                        None => pending.push((key, 1)),
                    }
                    continue;
                }
                if tag == Tag::Foreign {
                    open.foreign += 1;
                }
                open.stack.push((tag, name, ()));
            }
            _ => i = lt + 1,
        }
    }
    cuts
}

/// The tag name starting at `from` and where it ends.
pub(crate) fn tag_name(b: &[u8], from: usize) -> (&[u8], usize) {
    let from = from.min(b.len());
    let len = b[from..]
        .iter()
        .position(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        .unwrap_or(b.len() - from);
    (&b[from..from + len], from + len)
}

/// Past the `>` that ends a tag whose attributes start at `from` (quoted values may hold
/// `>`), and whether the tag ends with `/>`.
fn tag_end(b: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return (i + 1, i > from && b[i - 1] == b'/'),
            q @ (b'"' | b'\'') if after_eq => {
                i = memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p);
                after_eq = false;
            }
            b'=' => after_eq = true,
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    (b.len(), false)
}

/// Past the next `>` at or after `from`.
pub(crate) fn skip_to_gt(b: &[u8], from: usize) -> usize {
    let from = from.min(b.len());
    memchr(b'>', &b[from..]).map_or(b.len(), |p| from + p + 1)
}

/// Past the end tag of a raw-text element `name` whose content starts at `from`.
pub(crate) fn raw_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    raw_close(b, from, name).map_or(b.len(), |at| skip_to_gt(b, at + 2 + name.len()))
}

/// Where the end tag (`</name`) of a raw-text element `name` whose content starts at
/// `from` begins, if the page has one.
pub(crate) fn raw_close(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from.min(b.len());
    while let Some(p) = memmem::find(&b[i..], b"</") {
        let at = i + p + 2;
        let after = at + name.len();
        if b.get(at..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(after)
                .is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        {
            return Some(at - 2);
        }
        i = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_returned_unchanged() {
        let page = "<html><body><div class=\"a>b\"><p>one<p>two<ul><li>x<li>y</ul></div>\
                    <script>if (a < b) { document.write('<div>') }</script><!-- <div> --></body></html>";
        assert!(matches!(bound_nesting(page, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_at_the_bound_and_the_text_stays() {
        let page = format!(
            "<body>{}<p>the text</p>{}</body>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let out = bound_nesting(&page, 10);
        // body + 9 divs, then the paragraph is dropped too; its end tag goes with it.
        assert_eq!(out.matches("<div>").count(), 9, "{out:.200}");
        assert_eq!(out.matches("</div>").count(), 9);
        assert!(out.contains("the text"));
        assert!(!out.contains("<p>") && !out.contains("</p>"));
    }

    #[test]
    fn implied_ends_do_not_count_as_nesting() {
        // Unclosed paragraphs, list items and cells close one another.
        let page = format!(
            "<body><table>{}</table><ul>{}</ul>{}</body>",
            "<tr><td>cell".repeat(500),
            "<li>item".repeat(500),
            "<p>para".repeat(500)
        );
        assert!(matches!(bound_nesting(&page, 16), Cow::Borrowed(_)));
    }

    #[test]
    fn unclosed_inline_nesting_is_cut() {
        let page = format!("<p>{}text", "<span><em>".repeat(500));
        let out = bound_nesting(&page, 32);
        assert!(out.len() < 400, "{}", out.len());
        assert!(out.ends_with("text"));
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for page in [
            "<",
            "</",
            "<a",
            "<a href=\"",
            "<!--",
            "<script>",
            "</>",
            "<p/",
            "<é>",
        ] {
            let _ = bound_nesting(page, 2);
        }
    }
}
