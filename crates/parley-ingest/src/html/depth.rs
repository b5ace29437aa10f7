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

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is raw text up to their own end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements past which a start tag does not look for an open `<p>` to close.
const P_SCOPE: &[&str] = &[
    "applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th",
];

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

/// The open elements, as the tree builder would have them (approximately).
struct Open<'a> {
    stack: Vec<&'a [u8]>,
    /// Inside `<svg>` or `<math>`, where `/>` closes an element.
    foreign: usize,
}

impl<'a> Open<'a> {
    /// Where the nearest open `name` is, searching down to (not past) a `stop` element.
    fn find(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for (i, n) in self.stack.iter().enumerate().rev() {
            if is_any(n, names) {
                return Some(i);
            }
            if is_any(n, stop) {
                return None;
            }
        }
        None
    }

    fn pop_to(&mut self, i: usize) {
        for n in self.stack.drain(i..) {
            if is_any(n, &["svg", "math"]) {
                self.foreign = self.foreign.saturating_sub(1);
            }
        }
    }

    /// The implied ends a start tag `name` causes.
    fn start(&mut self, name: &[u8]) {
        if is_any(name, CLOSES_P) {
            if let Some(i) = self.find(&["p"], P_SCOPE) {
                self.pop_to(i);
            }
        }
        const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        let hit = if is("li") {
            self.find(&["li"], &["ul", "ol", "table", "body"])
        } else if is("dd") || is("dt") {
            self.find(&["dd", "dt"], &["dl", "table", "body"])
        } else if is("td") || is("th") {
            self.find(&["td", "th"], &["tr", "table"])
        } else if is("tr") {
            self.find(&["tr"], &["table"])
        } else if is_any(name, &["tbody", "thead", "tfoot"]) {
            self.find(&["tbody", "thead", "tfoot"], &["table"])
        } else if is("option") || is("optgroup") {
            self.find(&["option"], &["select"])
        } else if is("a") {
            self.find(&["a"], &["table", "td", "th"])
        } else if is_any(name, HEADINGS) {
            self.stack
                .last()
                .filter(|n| is_any(n, HEADINGS))
                .map(|_| self.stack.len() - 1)
        } else {
            None
        };
        if let Some(i) = hit {
            self.pop_to(i);
        }
    }
}

/// Byte ranges of the start tags that open elements deeper than `max`, and of their end
/// tags, in order.
fn deep_tags(b: &[u8], max: usize) -> Vec<(usize, usize)> {
    let mut open = Open {
        stack: Vec::new(),
        foreign: 0,
    };
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
                if name.is_empty() {
                    continue;
                }
                // `</body>` and `</html>` close nothing: later content still goes in.
                if is_any(name, &["html", "body"]) {
                    continue;
                }
                let key = name.to_ascii_lowercase();
                if let Some(p) = pending.iter_mut().find(|(n, c)| *n == key && *c > 0) {
                    p.1 -= 1;
                    cuts.push((lt, end));
                } else if let Some(at) = open
                    .stack
                    .iter()
                    .rposition(|n| n.eq_ignore_ascii_case(name))
                {
                    open.pop_to(at);
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, after) = tag_name(b, lt + 1);
                let (end, self_closing) = tag_end(b, after);
                i = end;
                if is_any(name, RAW) {
                    i = raw_end(b, end, name);
                    continue;
                }
                if is_any(name, VOID) || (self_closing && open.foreign > 0) {
                    continue;
                }
                // A second `<html>` or `<body>` only adds attributes to the first.
                if is_any(name, &["html", "head", "body"])
                    && open.stack.iter().any(|n| n.eq_ignore_ascii_case(name))
                {
                    continue;
                }
                open.start(name);
                if open.stack.len() >= max {
                    cuts.push((lt, end));
                    let key = name.to_ascii_lowercase();
                    match pending.iter_mut().find(|(n, _)| *n == key) {
                        Some(p) => p.1 += 1,
                        None => pending.push((key, 1)),
                    }
                    continue;
                }
                if is_any(name, &["svg", "math"]) {
                    open.foreign += 1;
                }
                open.stack.push(name);
            }
            _ => i = lt + 1,
        }
    }
    cuts
}

/// The tag name starting at `from` and where it ends.
fn tag_name(b: &[u8], from: usize) -> (&[u8], usize) {
    let len = b
        .get(from..)
        .unwrap_or_default()
        .iter()
        .position(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        .unwrap_or(b.len().saturating_sub(from));
    let end = (from + len).min(b.len());
    (&b[from.min(end)..end], end)
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
fn skip_to_gt(b: &[u8], from: usize) -> usize {
    let from = from.min(b.len());
    memchr(b'>', &b[from..]).map_or(b.len(), |p| from + p + 1)
}

/// Past the end tag of a raw-text element `name` whose content starts at `from`.
fn raw_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = memmem::find(&b[i..], b"</") {
        let at = i + p + 2;
        let after = at + name.len();
        if b.get(at..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(after)
                .is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        {
            return skip_to_gt(b, after);
        }
        i = at;
    }
    b.len()
}

fn is_any(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|l| name.eq_ignore_ascii_case(l.as_bytes()))
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
