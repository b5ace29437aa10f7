//! HTML fragments as feeds carry them (an RSS item's description, an Atom entry's
//! content, a feed item exported as Markdown): paragraphs become the body, `<small>` and
//! `<figcaption>` under images become captions, a paragraph that is only a timestamp
//! gives the publication time, and footers (feed-service links, copyright notices,
//! link-only blocks) are dropped.

use crate::dates::parse_timestamp;
use crate::lines::{chars, clean_line, is_counter, is_prose, is_url};
use crate::story::Story;
use crate::ReadOptions;
use ego_tree::NodeRef;
use parley_core::Timestamp;
use scraper::{Html, Node};

/// One block of text in a fragment.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    text: String,
    /// Characters of the text inside links.
    link_chars: usize,
    caption: bool,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    text: String,
    link_chars: usize,
    in_link: usize,
    in_caption: usize,
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "br",
    "hr",
    "img",
    "small",
];
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "button", "form", "nav",
];

impl Walker {
    fn flush(&mut self) {
        let text =
            clean_line(&self.text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
        if !text.is_empty() {
            let block = Block {
                text,
                link_chars: self.link_chars,
                caption: self.in_caption > 0,
            };
            self.blocks.push(block);
        }
        self.text.clear();
        self.link_chars = 0;
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(t) => {
                if self.in_link > 0 {
                    self.link_chars += t.trim().chars().count();
                }
                self.text.push_str(t);
            }
            Node::Element(el) => {
                let name = el.name();
                if SKIPPED_TAGS.contains(&name) {
                    return;
                }
                let block = BLOCK_TAGS.contains(&name);
                let caption = matches!(name, "small" | "figcaption");
                if block {
                    self.flush();
                }
                if caption {
                    self.in_caption += 1;
                }
                if name == "a" {
                    self.in_link += 1;
                }
                for child in node.children() {
                    self.walk(child);
                }
                if name == "a" {
                    self.in_link -= 1;
                }
                if block {
                    self.flush();
                }
                if caption {
                    self.in_caption -= 1;
                }
            }
            _ => {
                for child in node.children() {
                    self.walk(child);
                }
            }
        }
    }
}

fn blocks(html: &str) -> Vec<Block> {
    let html = crate::html::depth::bound_nesting(html, crate::html::depth::MAX_DEPTH);
    let doc = Html::parse_fragment(&html);
    let mut walker = Walker::default();
    walker.walk(doc.tree.root());
    walker.flush();
    walker.blocks
}

/// The text of an HTML fragment as plain lines, one per block (for short fields such as
/// a feed item's title).
pub(crate) fn plain_text(html: &str) -> String {
    blocks(html)
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cleans a feed item's HTML into a story; `title` is the item's headline (lines that
/// repeat it are dropped).
pub(crate) fn clean_fragment(html: &str, title: Option<&str>, options: &ReadOptions) -> Story {
    let outlets = &options.outlets;
    let mut story = Story::default();
    let mut body: Vec<String> = Vec::new();
    let mut stamps: Vec<Timestamp> = Vec::new();
    for block in blocks(html) {
        let text = block.text;
        let n = chars(&text);
        if Some(text.as_str()) == title {
            continue;
        }
        // A block that is only a timestamp.
        if n <= 40 && !is_prose(&text) {
            if let Some(t) = parse_timestamp(&text, options.default_offset) {
                stamps.push(t);
                continue;
            }
        }
        let furniture = outlets.furniture(&text);
        if furniture.boilerplate || furniture.photo_credit || is_counter(&text) || is_url(&text) {
            continue;
        }
        if block.caption || (furniture.caption && n <= 300) {
            if !story.captions.contains(&text) {
                story.captions.push(text);
            }
            continue;
        }
        // Link-only blocks (a list of other stories, a feed service's footer).
        if block.link_chars * 10 >= n * 8 && !is_prose(&text) {
            continue;
        }
        if outlets.is_block_heading(&text) && n <= 30 && !is_prose(&text) {
            break;
        }
        if !body.contains(&text) {
            body.push(text);
        }
    }
    // After the last sentence, only furniture, unless the item has no sentence at all.
    if body.iter().any(|l| is_prose(l)) {
        while body.last().is_some_and(|l| !is_prose(l)) {
            body.pop();
        }
    }
    story.published = stamps.first().copied();
    story.source = body.iter().take(2).find_map(|p| outlets.byline_outlet(p));
    story.author = body
        .iter()
        .take(2)
        .find_map(|p| crate::story::author_in(&p.chars().take(120).collect::<String>()));
    story.paragraphs = body;
    story
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_captions_date_and_footer() {
        let html = r#"<div><i><br>2024-04-09T14:33:07.543Z</i></div><img src="x.jpg"><div><small>两国外长在会谈前握手。</small></div><p>（某某之声中文网）甲国外长周二在首都同来访的乙国外长举行会谈，<a href="https://example.com/a">双方讨论了合作。</a></p><p>双方同意保持密切交往。</p><p><em>© 2024年某某之声版权声明：本文所有内容受到著作权法保护。</em></p><br><hr><div>获取更多RSS：<br><a href="https://feeds.example">https://feeds.example</a></div>"#;
        let story = clean_fragment(html, Some("标题"), &ReadOptions::default());
        assert_eq!(
            story.published.map(|p| p.to_string()).as_deref(),
            Some("2024-04-09T14:33:07.543+00:00")
        );
        assert_eq!(story.captions, vec!["两国外长在会谈前握手。"]);
        assert_eq!(story.paragraphs.len(), 2);
        assert!(story.paragraphs[0].starts_with("（某某之声中文网）甲国外长"));
        assert!(story.paragraphs[0].ends_with("双方讨论了合作。"));
        assert_eq!(story.source.as_deref(), Some("某某之声"));
        let body = story.paragraphs.join("\n");
        assert!(!body.contains("RSS") && !body.contains("版权") && !body.contains("example"));
    }

    #[test]
    fn paragraphs_marked_as_captions_are_captions() {
        let html =
            "<p>图为甲国外长(左)与乙国外长握手。</p><p>甲国外长周二在首都同乙国外长举行会谈。</p>";
        let story = clean_fragment(html, None, &ReadOptions::default());
        assert_eq!(story.captions, vec!["图为甲国外长(左)与乙国外长握手。"]);
        assert_eq!(
            story.paragraphs,
            vec!["甲国外长周二在首都同乙国外长举行会谈。"]
        );
    }

    #[test]
    fn a_short_description_is_kept_whole() {
        let story = clean_fragment(
            "<p>Leaders meet in the capital</p>",
            None,
            &ReadOptions::default(),
        );
        assert_eq!(story.paragraphs, vec!["Leaders meet in the capital"]);
    }

    #[test]
    fn plain_text_of_a_title() {
        assert_eq!(
            plain_text("<b>Two</b> leaders <i>meet</i>"),
            "Two leaders meet"
        );
    }
}
