//! A small document tree for cleaning pages, built in one linear pass.
//!
//! html5ever builds a faithful HTML5 tree, but its tokenizer and tree builder alone cost
//! more than the whole budget for cleaning a page. Cleaning needs less: elements with
//! their names and attributes, text with character references decoded, and the block
//! structure a browser would give the page. [`Dom::parse`] scans the page with `memchr`,
//! borrows names, values and text from it where nothing needs decoding, skips raw-text
//! elements (`script`, `style`…) with one search for their end tag, and follows the
//! tree-building rules that shape blocks, shared with the nesting bound of [`super::depth`]:
//! implied ends (`<p>` closed by a block, `<li>` by `<li>`, cells and rows), `</p>`
//! without an open `<p>`, end tags that do not close across a block, the implicit
//! `<tbody>`/`<tr>` of tables and the text that leaks out of a table before it (foster
//! parenting), the `<head>`/`<body>` split, and the nesting bound itself. The rules left
//! out (re-opening formatting elements after a block, the adoption agency's moves) only
//! move inline markup.

use super::depth::{self, Open, Tag};
use memchr::{memchr, memchr2, memchr3, memmem};
use std::borrow::Cow;

/// An index into a [`Dom`]'s nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The index, for tables kept beside the tree.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum Node<'a> {
    /// The document itself (the root).
    Document,
    /// An element.
    Element(Element<'a>),
    /// Text, character references decoded.
    Text(Cow<'a, str>),
}

/// Attribute names (lowercase) and values (decoded), in the order written.
type Attrs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// An element: its lowercase name and its attributes.
#[derive(Debug, Clone)]
pub struct Element<'a> {
    name: Cow<'a, str>,
    attrs: Attrs<'a>,
}

impl Element<'_> {
    /// The tag name, lowercase.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of attribute `name` (lowercase), decoded; the first wins when repeated.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Whether the class attribute holds the word `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|w| w == class))
    }
}

#[derive(Debug)]
struct Data<'a> {
    value: Node<'a>,
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    prev_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
}

/// A parsed page: nodes in an arena in document order (so that a walk over every node
/// is a scan of the arena), borrowing from the page's text.
#[derive(Debug)]
pub struct Dom<'a> {
    nodes: Vec<Data<'a>>,
    body: Option<NodeId>,
}

/// A node and the tree it is in.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'d, 'a> {
    dom: &'d Dom<'a>,
    id: NodeId,
}

/// A step of a walk through a subtree: entering a node, or leaving it.
#[derive(Debug, Clone, Copy)]
pub enum Edge<'d, 'a> {
    /// Before the node's children.
    Open(NodeRef<'d, 'a>),
    /// After the node's children.
    Close(NodeRef<'d, 'a>),
}

const ROOT: NodeId = NodeId(0);

impl<'a> Dom<'a> {
    /// Parses a page.
    pub fn parse(html: &'a str) -> Dom<'a> {
        Builder::new(html).run()
    }

    /// The document node.
    pub fn root(&self) -> NodeRef<'_, 'a> {
        self.get(ROOT)
    }

    /// The node `id`.
    pub fn get(&self, id: NodeId) -> NodeRef<'_, 'a> {
        NodeRef { dom: self, id }
    }

    /// The `<body>` element (made when the page has none).
    pub fn body(&self) -> NodeRef<'_, 'a> {
        self.get(self.body.unwrap_or(ROOT))
    }

    /// How many nodes the tree holds (node indices are below it).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree holds only the document node.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// Every node, in document order (the document node first).
    pub fn nodes(&self) -> impl DoubleEndedIterator<Item = NodeRef<'_, 'a>> {
        (0..self.nodes.len()).map(|i| self.get(NodeId(i as u32)))
    }

    /// Every element, in document order.
    pub fn elements(&self) -> impl Iterator<Item = (NodeRef<'_, 'a>, &Element<'a>)> {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(i, d)| match &d.value {
                Node::Element(e) => Some((self.get(NodeId(i as u32)), e)),
                _ => None,
            })
    }

    /// The tree with its arena put in document order, after nodes were inserted before
    /// others (foster parenting): appending alone keeps that order, since a node is
    /// only ever appended to an open element, and open elements end the document so far.
    fn in_document_order(self) -> Dom<'a> {
        let order: Vec<NodeId> = self.root().descendants().map(|n| n.id()).collect();
        let mut new_id = vec![0u32; self.nodes.len()];
        for (new, old) in order.iter().enumerate() {
            new_id[old.index()] = new as u32;
        }
        let map = |id: Option<NodeId>| id.map(|id| NodeId(new_id[id.index()]));
        let mut old: Vec<Option<Data<'a>>> = self.nodes.into_iter().map(Some).collect();
        let nodes = order
            .iter()
            .filter_map(|id| old[id.index()].take())
            .map(|d| Data {
                value: d.value,
                parent: map(d.parent),
                first_child: map(d.first_child),
                last_child: map(d.last_child),
                prev_sibling: map(d.prev_sibling),
                next_sibling: map(d.next_sibling),
            })
            .collect();
        Dom {
            nodes,
            body: map(self.body),
        }
    }

    fn data(&self, id: NodeId) -> &Data<'a> {
        &self.nodes[id.index()]
    }
}

impl<'d, 'a> NodeRef<'d, 'a> {
    /// The node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// What the node holds.
    pub fn value(&self) -> &'d Node<'a> {
        &self.dom.data(self.id).value
    }

    /// The element, when the node is one.
    pub fn element(&self) -> Option<&'d Element<'a>> {
        match self.value() {
            Node::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The parent node.
    pub fn parent(&self) -> Option<NodeRef<'d, 'a>> {
        self.dom.data(self.id).parent.map(|id| self.dom.get(id))
    }

    /// The children, in order.
    pub fn children(&self) -> impl Iterator<Item = NodeRef<'d, 'a>> + use<'d, 'a> {
        let dom = self.dom;
        std::iter::successors(dom.data(self.id).first_child, move |id| {
            dom.data(*id).next_sibling
        })
        .map(move |id| dom.get(id))
    }

    /// The ancestors, nearest first.
    pub fn ancestors(&self) -> impl Iterator<Item = NodeRef<'d, 'a>> + use<'d, 'a> {
        std::iter::successors(self.parent(), NodeRef::parent)
    }

    /// The node and everything beneath it, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = NodeRef<'d, 'a>> + use<'d, 'a> {
        self.traverse().filter_map(|e| match e {
            Edge::Open(n) => Some(n),
            Edge::Close(_) => None,
        })
    }

    /// A walk through the subtree, entering and leaving each node.
    pub fn traverse(&self) -> Traverse<'d, 'a> {
        Traverse {
            root: *self,
            next: Some(Edge::Open(*self)),
        }
    }

    /// The text of every text node beneath, in order (raw text such as scripts included).
    pub fn text(&self) -> impl Iterator<Item = &'d str> + use<'d, 'a> {
        self.descendants().filter_map(|n| match n.value() {
            Node::Text(t) => Some(t.as_ref()),
            _ => None,
        })
    }
}

/// The walk of [`NodeRef::traverse`].
#[derive(Debug)]
pub struct Traverse<'d, 'a> {
    root: NodeRef<'d, 'a>,
    next: Option<Edge<'d, 'a>>,
}

impl<'d, 'a> Iterator for Traverse<'d, 'a> {
    type Item = Edge<'d, 'a>;

    fn next(&mut self) -> Option<Edge<'d, 'a>> {
        let edge = self.next?;
        let dom = self.root.dom;
        self.next = match edge {
            Edge::Open(n) => Some(match dom.data(n.id).first_child {
                Some(c) => Edge::Open(dom.get(c)),
                None => Edge::Close(n),
            }),
            Edge::Close(n) if n.id == self.root.id => None,
            Edge::Close(n) => {
                let d = dom.data(n.id);
                match (d.next_sibling, d.parent) {
                    (Some(s), _) => Some(Edge::Open(dom.get(s))),
                    (None, Some(p)) => Some(Edge::Close(dom.get(p))),
                    (None, None) => None,
                }
            }
        };
        Some(edge)
    }
}

/// Elements whose content is raw text; the first two have their references decoded.
fn is_rcdata(name: &str) -> bool {
    matches!(name, "title" | "textarea")
}

/// Elements that may sit in `<head>` before the body starts.
fn is_head_element(name: &str) -> bool {
    matches!(
        name,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "title"
            | "noscript"
            | "script"
            | "style"
            | "template"
    )
}

/// Whether an end tag for an inline element stops at an open element of this kind
/// rather than closing across it (html5ever's "special" elements).
fn is_special(tag: Tag) -> bool {
    !matches!(tag, Tag::Other | Tag::A | Tag::Option | Tag::Foreign)
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

struct Builder<'a> {
    src: &'a str,
    dom: Dom<'a>,
    open: Open<'a, NodeId>,
    html: NodeId,
    head: NodeId,
    /// Names of start tags dropped by the nesting bound whose end tags are still to come.
    dropped: Vec<(Cow<'a, str>, usize)>,
    /// The attributes of the tag being read, before they are moved to its element.
    scratch: Attrs<'a>,
    /// Whether a node was inserted before another (the arena is out of document order).
    reordered: bool,
}

/// How many nodes a page can make: two per `<` (a tag, and the text that follows it,
/// often only the line break before the next tag) and the implied document, `html`,
/// `head` and `body`, so that the arena is allocated once instead of growing (and being
/// copied) on a page of short lines. Room that is not used is never written to.
fn node_estimate(src: &str) -> usize {
    2 * memchr::memchr_iter(b'<', src.as_bytes()).count() + 4
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Builder<'a> {
        let mut b = Builder {
            src,
            dom: Dom {
                nodes: Vec::with_capacity(node_estimate(src)),
                body: None,
            },
            open: Open::default(),
            html: ROOT,
            head: ROOT,
            dropped: Vec::new(),
            scratch: Vec::new(),
            reordered: false,
        };
        b.dom.nodes.push(Data {
            value: Node::Document,
            parent: None,
            first_child: None,
            last_child: None,
            prev_sibling: None,
            next_sibling: None,
        });
        b.html = b.append(ROOT, element(Cow::Borrowed("html"), Vec::new()));
        b.head = b.append(b.html, element(Cow::Borrowed("head"), Vec::new()));
        b.open.stack.push((Tag::Html, b"html", b.html));
        b.open.quirks = true;
        b
    }

    fn run(mut self) -> Dom<'a> {
        let s = self.src;
        let b = s.as_bytes();
        let mut i = 0;
        let mut text_from = 0;
        while let Some(off) = memchr(b'<', &b[i..]) {
            let lt = i + off;
            let next = match b.get(lt + 1) {
                Some(b'!') if b[lt..].starts_with(b"<!--") => {
                    let from = (lt + 4).min(b.len());
                    Some(if b[from..].starts_with(b">") {
                        from + 1
                    } else if b[from..].starts_with(b"->") {
                        from + 2
                    } else {
                        memmem::find(&b[from..], b"-->").map_or(b.len(), |p| from + p + 3)
                    })
                }
                Some(b'!') => {
                    let end = depth::skip_to_gt(b, lt + 2);
                    if b.get(lt + 2..lt + 9)
                        .is_some_and(|d| d.eq_ignore_ascii_case(b"doctype"))
                    {
                        self.open.quirks = quirky_doctype(&s[lt + 9..end.max(lt + 9)]);
                    }
                    Some(end)
                }
                Some(b'?') => Some(depth::skip_to_gt(b, lt + 2)),
                Some(b'/') => match b.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let (name, after) = depth::tag_name(b, lt + 2);
                        let (end, _) = self.attributes(after, false);
                        self.flush_text(text_from, lt);
                        if end > b.len() {
                            // An end tag cut off by the end of the page is dropped.
                            text_from = b.len();
                            break;
                        }
                        self.end_tag(&s[lt + 2..lt + 2 + name.len()]);
                        text_from = end;
                        i = end;
                        continue;
                    }
                    Some(b'>') => Some(lt + 3),
                    Some(_) => Some(depth::skip_to_gt(b, lt + 2)),
                    None => None,
                },
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, after) = depth::tag_name(b, lt + 1);
                    let name = &s[lt + 1..lt + 1 + name.len()];
                    let (end, attrs) = self.attributes(after, true);
                    self.flush_text(text_from, lt);
                    if end > b.len() {
                        // A tag cut off by the end of the page is dropped.
                        text_from = b.len();
                        break;
                    }
                    let self_closing = end >= 2 && b[end - 2] == b'/' && end - 2 >= after;
                    let end = self.start_tag(name, attrs, self_closing, end);
                    text_from = end;
                    i = end;
                    continue;
                }
                _ => None,
            };
            match next {
                Some(end) => {
                    self.flush_text(text_from, lt);
                    text_from = end.min(b.len());
                    i = text_from;
                }
                None => i = lt + 1,
            }
        }
        self.flush_text(text_from, b.len());
        if self.dom.body.is_none() {
            self.open_body();
        }
        if self.reordered {
            self.dom.in_document_order()
        } else {
            self.dom
        }
    }

    /// Reads attributes from `from` up to the tag's `>`; returns past it (beyond the
    /// page's end when the tag is not closed) and the attributes when `keep`.
    fn attributes(&mut self, from: usize, keep: bool) -> (usize, Attrs<'a>) {
        let mut attrs = std::mem::take(&mut self.scratch);
        let end = self.read_attributes(from, keep, &mut attrs);
        // One allocation of the exact size (none when there are no attributes) instead of
        // the doublings of pushing one by one; the scratch list keeps its capacity.
        let mut kept = Vec::with_capacity(attrs.len());
        kept.append(&mut attrs);
        self.scratch = attrs;
        (end, kept)
    }

    fn read_attributes(&self, from: usize, keep: bool, attrs: &mut Attrs<'a>) -> usize {
        let s = self.src;
        let b = s.as_bytes();
        let mut i = from;
        loop {
            while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'>') {
                    return i + 2;
                }
                i += 1;
            }
            match b.get(i) {
                None => return b.len() + 1,
                Some(b'>') => return i + 1,
                _ => {}
            }
            let start = i;
            i += 1;
            while i < b.len()
                && !matches!(
                    b[i],
                    b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let name = &s[start..i];
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut value: &'a str = "";
            // Whether the value is known to hold no reference (nothing to decode).
            let mut plain = true;
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        // One search finds the closing quote and whether a reference
                        // comes first, so most values are not scanned again to decode.
                        let rest = &b[i + 1..];
                        let p = match memchr3(q, b'&', b'\0', rest) {
                            Some(p) if rest[p] == q => Some(p),
                            Some(r) => {
                                plain = false;
                                memchr(q, &rest[r..]).map(|p| r + p)
                            }
                            None => None,
                        };
                        let Some(p) = p else {
                            return b.len() + 1;
                        };
                        value = &s[i + 1..i + 1 + p];
                        i += p + 2;
                    }
                    _ => {
                        let v = i;
                        while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        value = &s[v..i];
                        plain = false;
                    }
                }
            }
            if keep {
                let name = lower(name);
                if !attrs.iter().any(|(n, _)| *n == name) {
                    let value = if plain {
                        Cow::Borrowed(value)
                    } else {
                        decode(value, true)
                    };
                    attrs.push((name, value));
                }
            }
        }
    }

    fn flush_text(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let raw = &self.src[from..to];
        let blank = raw.bytes().all(is_space);
        if self.dom.body.is_none() {
            if blank {
                return;
            }
            self.open_body();
        }
        let text = Node::Text(decode(raw, false));
        let top = self.top();
        if !blank
            && matches!(
                self.open.stack.last(),
                Some((Tag::Table | Tag::Section | Tag::Tr, _, _))
            )
        {
            self.foster(text);
        } else {
            self.append(top, text);
        }
    }

    fn top(&self) -> NodeId {
        self.open.stack.last().map_or(self.html, |(_, _, id)| *id)
    }

    /// Inserts a node that may not go in a table before the table instead.
    fn foster(&mut self, node: Node<'a>) -> NodeId {
        let table = self.open.find(Tag::Table, |_| false);
        match table.map(|i| self.open.stack[i].2) {
            Some(t) => match self.dom.data(t).parent {
                Some(p) => self.insert_before(p, t, node),
                None => self.append(t, node),
            },
            None => {
                let top = self.top();
                self.append(top, node)
            }
        }
    }

    fn open_body(&mut self) {
        let body = self.append(self.html, element(Cow::Borrowed("body"), Vec::new()));
        self.dom.body = Some(body);
        self.open.stack.push((Tag::Body, b"body", body));
    }

    /// Handles a start tag whose `>` ends before `end`; returns where the page goes on.
    fn start_tag(
        &mut self,
        name: &'a str,
        attrs: Attrs<'a>,
        self_closing: bool,
        end: usize,
    ) -> usize {
        let lname = lower(name);
        let tag = Tag::of(name.as_bytes());
        match tag {
            Tag::Html | Tag::Head => return end,
            Tag::Body => {
                if self.dom.body.is_none() {
                    self.open_body();
                }
                return end;
            }
            _ => {}
        }
        let in_head = self.dom.body.is_none() && is_head_element(&lname);
        if self.dom.body.is_none() && !in_head {
            self.open_body();
        }
        if tag == Tag::Raw {
            let b = self.src.as_bytes();
            let close = if &*lname == "plaintext" {
                None
            } else {
                depth::raw_close(b, end, lname.as_bytes())
            };
            let content = &self.src[end..close.unwrap_or(b.len())];
            let resume = close.map_or(b.len(), |c| depth::skip_to_gt(b, c + 2 + lname.len()));
            let text = if is_rcdata(&lname) {
                decode(content, false)
            } else {
                Cow::Borrowed(content)
            };
            // Scripts and styles may sit in a table; other raw text goes before it.
            let fostered = !in_head
                && self.in_table_context()
                && !matches!(&*lname, "script" | "style" | "template");
            let el = element(lname, attrs);
            let id = if fostered {
                self.foster(el)
            } else {
                let parent = if in_head { self.head } else { self.top() };
                self.append(parent, el)
            };
            if !text.is_empty() {
                self.append(id, Node::Text(text));
            }
            return resume;
        }
        if in_head {
            self.append(self.head, element(lname, attrs));
            return end;
        }
        if tag != Tag::Void || &*lname == "hr" {
            let close_p = if &*lname == "hr" { Tag::Block } else { tag };
            self.open.start(close_p);
        }
        // Rows and cells outside a row group get the implicit `<tbody>` and `<tr>`.
        if matches!(tag, Tag::Tr | Tag::Cell) && self.top_is(Tag::Table) {
            self.push(Tag::Section, "tbody", Vec::new());
        }
        if tag == Tag::Cell && self.top_is(Tag::Section) {
            self.push(Tag::Tr, "tr", Vec::new());
        }
        let foster = self.in_table_context()
            && !matches!(tag, Tag::Table | Tag::Section | Tag::Tr | Tag::Cell)
            && !matches!(&*lname, "caption" | "colgroup" | "col" | "form" | "input");
        if tag == Tag::Void || (self_closing && self.open.foreign > 0) {
            let el = element(lname, attrs);
            if foster {
                self.foster(el);
            } else {
                let top = self.top();
                self.append(top, el);
            }
            return end;
        }
        if self.open.stack.len() >= depth::MAX_DEPTH {
            match self.dropped.iter_mut().find(|(n, _)| *n == lname) {
                Some(d) => d.1 += 1,
                None => self.dropped.push((lname, 1)),
            }
            return end;
        }
        let el = element(lname, attrs);
        let id = if foster {
            self.foster(el)
        } else {
            let top = self.top();
            self.append(top, el)
        };
        if tag == Tag::Foreign {
            self.open.foreign += 1;
        }
        self.open.stack.push((tag, name.as_bytes(), id));
        end
    }

    fn in_table_context(&self) -> bool {
        matches!(
            self.open.stack.last(),
            Some((Tag::Table | Tag::Section | Tag::Tr, _, _))
        )
    }

    fn top_is(&self, tag: Tag) -> bool {
        self.open.stack.last().is_some_and(|(t, _, _)| *t == tag)
    }

    fn push(&mut self, tag: Tag, name: &'static str, attrs: Attrs<'a>) {
        let top = self.top();
        let id = self.append(top, element(Cow::Borrowed(name), attrs));
        self.open.stack.push((tag, name.as_bytes(), id));
    }

    fn end_tag(&mut self, name: &'a str) {
        let tag = Tag::of(name.as_bytes());
        if matches!(tag, Tag::Html | Tag::Body | Tag::Head) || self.dom.body.is_none() {
            return;
        }
        if !self.dropped.is_empty() {
            let lname = lower(name);
            if let Some(d) = self.dropped.iter_mut().find(|(n, c)| *n == lname && *c > 0) {
                d.1 -= 1;
                return;
            }
        }
        let scope = |t: Tag| matches!(t, Tag::Scope | Tag::Table | Tag::Cell | Tag::Html);
        let hit = match tag {
            Tag::P => {
                let hit = self.open.find(Tag::P, Tag::p_scope);
                if hit.is_none() {
                    // `</p>` with no paragraph open makes an empty one.
                    let top = self.top();
                    self.append(top, element(Cow::Borrowed("p"), Vec::new()));
                }
                hit
            }
            Tag::Heading => self.open.find(Tag::Heading, scope),
            Tag::Li => self.open.find(Tag::Li, |t| scope(t) || t == Tag::List),
            Tag::Cell | Tag::Tr | Tag::Section => self
                .open
                .stack
                .iter()
                .rposition(|(t, n, _)| *t == Tag::Table || n.eq_ignore_ascii_case(name.as_bytes()))
                .filter(|&i| self.open.stack[i].0 == tag),
            Tag::Void if name.eq_ignore_ascii_case("br") => {
                let top = self.top();
                self.append(top, element(Cow::Borrowed("br"), Vec::new()));
                None
            }
            Tag::Block
            | Tag::Scope
            | Tag::List
            | Tag::Dl
            | Tag::DdDt
            | Tag::Table
            | Tag::Select => self.open.find_named(name.as_bytes(), scope),
            _ => self.open.find_named(name.as_bytes(), is_special),
        };
        // The root and the body stay open.
        if let Some(i) = hit.filter(|&i| i >= 2) {
            self.open.pop_to(i);
        }
    }

    fn append(&mut self, parent: NodeId, value: Node<'a>) -> NodeId {
        let id = NodeId(self.dom.nodes.len() as u32);
        let prev = self.dom.nodes[parent.index()].last_child;
        self.dom.nodes.push(Data {
            value,
            parent: Some(parent),
            first_child: None,
            last_child: None,
            prev_sibling: prev,
            next_sibling: None,
        });
        match prev {
            Some(p) => self.dom.nodes[p.index()].next_sibling = Some(id),
            None => self.dom.nodes[parent.index()].first_child = Some(id),
        }
        self.dom.nodes[parent.index()].last_child = Some(id);
        id
    }

    fn insert_before(&mut self, parent: NodeId, before: NodeId, value: Node<'a>) -> NodeId {
        self.reordered = true;
        let id = NodeId(self.dom.nodes.len() as u32);
        let prev = self.dom.nodes[before.index()].prev_sibling;
        self.dom.nodes.push(Data {
            value,
            parent: Some(parent),
            first_child: None,
            last_child: None,
            prev_sibling: prev,
            next_sibling: Some(before),
        });
        self.dom.nodes[before.index()].prev_sibling = Some(id);
        match prev {
            Some(p) => self.dom.nodes[p.index()].next_sibling = Some(id),
            None => self.dom.nodes[parent.index()].first_child = Some(id),
        }
        id
    }
}

fn element<'a>(name: Cow<'a, str>, attrs: Attrs<'a>) -> Node<'a> {
    Node::Element(Element { name, attrs })
}

/// `s` in ASCII lowercase, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether a doctype (the text after `<!doctype`) puts the page in quirks mode, where a
/// `<table>` does not close an open `<p>`: old HTML doctypes without a system identifier.
fn quirky_doctype(rest: &str) -> bool {
    let d = rest.to_ascii_lowercase();
    let d = d.trim_end_matches('>').trim();
    if !d.starts_with("html") {
        return true;
    }
    let Some(public) = d.find("public") else {
        return false;
    };
    let p = &d[public..];
    let has_system = p.matches('"').count() >= 4 || p.matches('\'').count() >= 4;
    p.contains("//dtd html 3")
        || p.contains("//dtd html 2")
        || p.contains("-//w3o//")
        || p.contains("-//ietf//")
        || (!has_system
            && (p.contains("html 4.01 transitional") || p.contains("html 4.01 frameset")))
        || p.contains("html 4.0 transitional")
        || p.contains("html 4.0 frameset")
}

/// Text with character references decoded (HTML5 rules: named references with or
/// without `;` where the table allows, decimal and hex ones, Windows-1252 for C1 codes);
/// in attribute values a reference without `;` followed by a letter, digit or `=` stays.
pub(crate) fn decode(s: &str, attribute: bool) -> Cow<'_, str> {
    let b = s.as_bytes();
    let Some(first) = memchr2(b'&', b'\0', b) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut i = first;
    while i < b.len() {
        let Some(off) = memchr2(b'&', b'\0', &b[i..]) else {
            out.push_str(&s[i..]);
            break;
        };
        out.push_str(&s[i..i + off]);
        i += off;
        if b[i] == 0 {
            i += 1;
            continue;
        }
        match reference(&s[i + 1..], attribute, &mut out) {
            Some(len) => i += 1 + len,
            None => {
                out.push('&');
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Appends the character(s) a reference (the text after `&`) stands for to `out` and
/// returns the reference's length, if it is one.
fn reference(s: &str, attribute: bool, out: &mut String) -> Option<usize> {
    let b = s.as_bytes();
    // The most frequent references, without a look-up in the table.
    for (name, c) in [
        ("nbsp;", '\u{a0}'),
        ("amp;", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
    ] {
        if b.starts_with(name.as_bytes()) {
            out.push(c);
            return Some(name.len());
        }
    }
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &s[start..start + digits];
        let n = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let mut len = start + digits;
        if b.get(len) == Some(&b';') {
            len += 1;
        }
        let c = match n {
            0x80..=0x9f => markup5ever::data::C1_REPLACEMENTS[(n - 0x80) as usize]
                .unwrap_or(char::from_u32(n).unwrap_or('\u{fffd}')),
            0 => '\u{fffd}',
            n => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        out.push(c);
        return Some(len);
    }
    let entities = &markup5ever::data::NAMED_ENTITIES;
    let mut best: Option<(usize, (u32, u32))> = None;
    let mut end = 0;
    while end < b.len() && end < 40 {
        end += 1;
        if !s.is_char_boundary(end) {
            break;
        }
        match entities.get(&s[..end]) {
            Some(&(0, _)) => {}
            Some(&v) => best = Some((end, v)),
            None => break,
        }
    }
    let (len, (c1, c2)) = best?;
    let semicolon = b[len - 1] == b';';
    if !semicolon
        && attribute
        && b.get(len)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'=')
    {
        return None;
    }
    out.extend(char::from_u32(c1));
    if c2 != 0 {
        out.extend(char::from_u32(c2));
    }
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested names and texts, for comparing with expectations.
    fn shape(html: &str) -> String {
        let dom = Dom::parse(html);
        let mut out = String::new();
        for edge in dom.body().traverse() {
            match edge {
                Edge::Open(n) => match n.value() {
                    Node::Element(e) => {
                        out.push('<');
                        out.push_str(e.name());
                        out.push('>');
                    }
                    Node::Text(t) => out.push_str(t),
                    Node::Document => {}
                },
                Edge::Close(n) => {
                    if let Some(e) = n.element() {
                        out.push_str("</");
                        out.push_str(e.name());
                        out.push('>');
                    }
                }
            }
        }
        out
    }

    #[test]
    fn implied_ends_shape_blocks() {
        assert_eq!(
            shape("<!doctype html><p>a<div>b</div><ul><li>c<li>d</ul>"),
            "<body><p>a</p><div>b</div><ul><li>c</li><li>d</li></ul></body>"
        );
        assert_eq!(
            shape("<table><tr><td>a<td>b<tr><td>c</table>"),
            "<body><table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table></body>"
        );
    }

    #[test]
    fn stray_end_tags_follow_the_browser() {
        assert_eq!(
            shape("<div>a</p>b</span></div>"),
            "<body><div>a<p></p>b</div></body>"
        );
        assert_eq!(
            shape("<div><span>a<div>b</span>c</div>d</div>"),
            "<body><div><span>a<div>bc</div>d</span></div></body>"
        );
        assert_eq!(shape("a<br>b</br>c"), "<body>a<br></br>b<br></br>c</body>");
    }

    #[test]
    fn a_link_inside_a_link_keeps_the_blocks_between() {
        // Next to the outer link, the inner one closes it; past a block, the blocks stay.
        assert_eq!(shape("<a>x<a>y</a>"), "<body><a>x</a><a>y</a></body>");
        assert_eq!(
            shape("<a><div>share<a>close</a></div></a>after"),
            "<body><a><div>share<a>close</a></div></a>after</body>"
        );
    }

    #[test]
    fn text_in_a_table_goes_before_it() {
        assert_eq!(
            shape("<table>lost<tr><td>kept</td></tr></table>"),
            "<body>lost<table><tbody><tr><td>kept</td></tr></tbody></table></body>"
        );
    }

    #[test]
    fn the_arena_is_in_document_order_after_foster_parenting() {
        let pages = [
            "<p>plain <b>page</b></p><div>two</div>",
            "<table>lost<tr><td>kept</td></tr><div>also lost</div></table><p>after</p>",
            "<div><table><tr>x<td>a</td>y</tr></table>z</div>",
        ];
        for html in pages {
            let dom = Dom::parse(html);
            let walked: Vec<NodeId> = dom.root().descendants().map(|n| n.id()).collect();
            let scanned: Vec<NodeId> = dom.nodes().map(|n| n.id()).collect();
            assert_eq!(walked, scanned, "{html}");
            for n in dom.nodes() {
                for c in n.children() {
                    assert_eq!(c.parent().map(|p| p.id()), Some(n.id()), "{html}");
                }
            }
        }
        assert_eq!(
            shape("<table>lost<tr><td>kept</td></tr><div>also lost</div></table><p>after</p>"),
            "<body>lost<div>also lost</div><table><tbody><tr><td>kept</td></tr></tbody></table><p>after</p></body>"
        );
    }

    #[test]
    fn head_raw_text_and_references() {
        let html = "<HTML><Head><TITLE>A &amp; B</TITLE><script>if (a<b) x='</div>'</script>\
                    <meta name=description content=\"x&quot;y\"></head><body><P CLASS=\"a b\">&lt;p&gt;&nbsp;&#20013;&#x6587;&copy &notit;</p>";
        let dom = Dom::parse(html);
        let names: Vec<&str> = dom.elements().map(|(_, e)| e.name()).collect();
        assert_eq!(
            names,
            ["html", "head", "title", "script", "meta", "body", "p"]
        );
        let (title, _) = dom.elements().find(|(_, e)| e.name() == "title").unwrap();
        assert_eq!(title.text().collect::<String>(), "A & B");
        let (_, meta) = dom.elements().find(|(_, e)| e.name() == "meta").unwrap();
        assert_eq!(meta.attr("content"), Some("x\"y"));
        let (p, e) = dom.elements().find(|(_, e)| e.name() == "p").unwrap();
        assert!(e.has_class("b"));
        assert_eq!(p.text().collect::<String>(), "<p>\u{a0}中文© ¬it;");
    }

    #[test]
    fn attribute_values_are_decoded_only_where_they_hold_references() {
        let dom = Dom::parse(
            "<a href='/a?x=1&amp;y=2' title=\"it's\" data-x=\"a&b'c\" rel=\"x\0y\">t</a>",
        );
        let (_, a) = dom.elements().find(|(_, e)| e.name() == "a").unwrap();
        assert_eq!(a.attr("href"), Some("/a?x=1&y=2"));
        assert_eq!(a.attr("title"), Some("it's"));
        assert_eq!(a.attr("data-x"), Some("a&b'c"));
        assert_eq!(a.attr("rel"), Some("xy"));
    }

    #[test]
    fn nesting_is_bounded() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000) + "<p>after</p>";
        let dom = Dom::parse(&html);
        let depth = dom
            .root()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap();
        assert!(depth <= depth::MAX_DEPTH + 1, "{depth}");
        let text: String = dom.body().text().collect();
        assert_eq!(text, "deepafter");
        let (p, _) = dom.elements().find(|(_, e)| e.name() == "p").unwrap();
        assert_eq!(
            p.parent().unwrap().id(),
            dom.body().id(),
            "the bound keeps end tags paired"
        );
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<",
            "<a",
            "<a href='x",
            "</",
            "<!--",
            "&#",
            "&#x110000;",
            "<td>é&amp",
            "<table><div>x",
            "<p>x</p",
            "<p>x</p class='y>",
        ] {
            let _ = Dom::parse(html);
        }
    }
}
