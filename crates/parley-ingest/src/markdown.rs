//! A feed item exported as Markdown with embedded HTML (a feed reader's export):
//!
//! ```text
//! <!--1712675824000-->
//! [Headline](https://example.com/story)
//! ------
//!
//! <div>…HTML of the item…</div>
//! ```
//!
//! The comment is the item's time in epoch milliseconds; the link gives title and URL;
//! the HTML is cleaned like any feed item's.

use crate::fragment::clean_fragment;
use crate::story::Story;
use crate::ReadOptions;
use chrono::DateTime;
use parley_core::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^\s*(?:<!--\s*(?P<ms>\d{10,13})\s*-->\s*)?\[(?P<title>[^\]\n]+)\]\((?P<url>[^)\s]+)\)[ \t]*\r?\n(?:[ \t]*[-=]{3,}[ \t]*\r?\n)?(?P<rest>.*)$")
        .expect("valid")
});

/// True when the text starts like an exported feed item.
pub(crate) fn looks_like_markdown_item(text: &str) -> bool {
    HEAD.is_match(text)
}

/// Reads an exported feed item; `None` when the text is not one.
pub(crate) fn read_markdown_item(text: &str, options: &ReadOptions) -> Option<Story> {
    let caps = HEAD.captures(text)?;
    let title = caps["title"].trim().to_string();
    let mut story = clean_fragment(&caps["rest"], Some(&title), options);
    if story.published.is_none() {
        let ms = caps.name("ms").and_then(|m| m.as_str().parse::<i64>().ok());
        let ms = ms.map(|v| if v < 100_000_000_000 { v * 1000 } else { v });
        story.published = ms
            .and_then(DateTime::from_timestamp_millis)
            .map(|t| Timestamp::Instant(t.fixed_offset()));
    }
    story.title = Some(title);
    story.url = Some(caps["url"].to_string());
    Some(story)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_url_and_epoch_time() {
        let text = "<!--1712675824000-->\n[甲乙两国外长会谈](https://example.com/a-1)\n------\n\n<p>甲国外长周二在首都同乙国外长举行会谈。</p>";
        assert!(looks_like_markdown_item(text));
        let story = read_markdown_item(text, &ReadOptions::default()).unwrap();
        assert_eq!(story.title.as_deref(), Some("甲乙两国外长会谈"));
        assert_eq!(story.url.as_deref(), Some("https://example.com/a-1"));
        assert_eq!(
            story.published.unwrap().to_string(),
            "2024-04-09T15:17:04+00:00"
        );
        assert_eq!(
            story.paragraphs,
            vec!["甲国外长周二在首都同乙国外长举行会谈。"]
        );
    }

    #[test]
    fn plain_text_is_not_an_item() {
        assert!(!looks_like_markdown_item("标题\n\n正文。"));
    }
}
