//! What every reader produces before it becomes a [`Document`]: a story's text and
//! metadata, plus the metadata hints found in its surroundings.

use crate::lines;
use crate::outlets::Outlets;
use parley_core::{fingerprint, Diagnostic, Document, Timestamp};
use regex::Regex;
use std::sync::LazyLock;

/// A cleaned story before it is named and fingerprinted.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Story {
    /// The headline.
    pub title: Option<String>,
    /// When it was published.
    pub published: Option<Timestamp>,
    /// The outlet.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Paragraphs of the story.
    pub paragraphs: Vec<String>,
    /// Photo captions.
    pub captions: Vec<String>,
}

impl Story {
    /// The document, or a diagnostic when no story text was found.
    pub fn into_document(self, origin: String) -> Result<Document, Diagnostic> {
        let body = self.paragraphs.join("\n\n");
        if body.trim().is_empty() {
            return Err(Diagnostic::error(origin, "no story text found"));
        }
        let title = self.title.filter(|t| !t.trim().is_empty());
        Ok(Document {
            id: fingerprint(title.as_deref(), &body),
            origin,
            url: self.url,
            title,
            published: self.published,
            source: self.source,
            author: self.author,
            body,
            captions: self.captions,
        })
    }
}

static SOURCE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s|｜/【\[(（])(?:本文|原文|文章|稿件|新闻|新聞|信息|資料|消息)?(?:来源|來源|出处|出處|Source)\s*[:：]\s*(?P<v>[^\s|｜,，。;；)）】\]]+)")
        .expect("valid")
});
static LABEL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(责编|責編|责任编辑|責任編輯|编辑|編輯|作者|记者|記者|点击|點擊|发布|發布|时间|時間|日期|浏览|瀏覽|阅读|閱讀)").expect("valid")
});
/// Patterns of an author's name, each with the most whitespace-separated words its `a`
/// group may hold (when the pattern does not bound them itself).
static AUTHOR_PATTERNS: LazyLock<Vec<(Regex, usize)>> = LazyLock::new(|| {
    [
        (r"[（(]\s*(?:记者|記者)\s*(?P<a>[^()（）:：]{2,24}?)\s*[)）]", usize::MAX),
        (r"(?:^|\s)(?:作者|撰稿|文)\s*[:：/]\s*(?P<a>[^\s:：|｜]{2,20})", usize::MAX),
        (r"^(?:记者|記者)\s*(?P<a>[\p{Han}·]{2,5}(?:[ 、][\p{Han}·]{2,5})*?)\s*(?:报道|報導|报导|報道)?$", usize::MAX),
        (r"(?:记者|記者)\s*(?P<a>[\p{Han}·]{2,4})\s*[／/]", usize::MAX),
        // "By" and up to four names: the words are counted apart, as `{0,3}` repeats the
        // Unicode word class three more times, which took 4M instructions to compile.
        (r"^(?i:by)\s+(?P<a>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*)$", 4),
    ]
    .iter()
    .map(|&(p, words)| (Regex::new(p).expect("valid"), words))
    .collect()
});

/// The outlet a source label (`来源:新华网`, `文章来源:X`) names, if any.
pub(crate) fn source_label(line: &str, outlets: &Outlets) -> Option<String> {
    SOURCE_LABEL.captures_iter(line).find_map(|caps| {
        let value = caps.name("v")?.as_str();
        let value = LABEL_WORDS
            .find(value)
            .map_or(value, |m| &value[..m.start()]);
        let value = value.trim_matches(|c: char| !c.is_alphanumeric());
        outlets
            .plausible_outlet(value)
            .then(|| outlets.normalise(value))
    })
}

/// The author a line prints (`(记者 某某)`, `作者:某某`, `By Jane Doe`), if any.
pub(crate) fn author_in(line: &str) -> Option<String> {
    AUTHOR_PATTERNS.iter().find_map(|(re, words)| {
        // Most lines name no author: a search that only says whether one matches costs
        // less than one that keeps the groups (and allocates them).
        if !re.is_match(line) {
            return None;
        }
        let a = re.captures(line)?.name("a")?.as_str().trim();
        let ok = lines::chars(a) >= 2
            && a.split_whitespace().count() <= *words
            && !a.contains(['：', ':'])
            && !LABEL_WORDS.is_match(a);
        ok.then(|| a.split_whitespace().collect::<Vec<_>>().join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_labels() {
        let o = Outlets::builtin();
        assert_eq!(
            source_label("文章来源:中国干部网 作者: 发布时间:2015-11-26", &o).as_deref(),
            Some("中国干部网")
        );
        assert_eq!(
            source_label("来源:中国新闻网责编:张艺", &o).as_deref(),
            Some("中国新闻网")
        );
        assert_eq!(
            source_label("2023-11-08 08:57 | 稿件來源:香港中通社", &o).as_deref(),
            Some("香港中通社")
        );
        assert_eq!(source_label("2025年02月21日 来源: 点击:", &o), None);
        assert_eq!(
            source_label("发布时间:2024-11-27 来源: sp20241127", &o),
            None
        );
        assert_eq!(source_label("来源:转载", &o), None);
        assert_eq!(
            source_label("本文来源：某某日报", &o).as_deref(),
            Some("某某日报")
        );
        assert_eq!(
            source_label("Source: Reuters", &o).as_deref(),
            Some("Reuters")
        );
        assert_eq!(source_label("并注明“来源:某某网”。", &o), None);
    }

    #[test]
    fn authors() {
        assert_eq!(
            author_in("中新社某地2月21日电 (记者 孙某)当地时间").as_deref(),
            Some("孙某")
        );
        assert_eq!(author_in("記者 俞某某 報導").as_deref(), Some("俞某某"));
        assert_eq!(author_in("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            author_in("2024-05-06 09:12 某某新聞網 記者王某某／綜合報導").as_deref(),
            Some("王某某")
        );
        assert_eq!(
            author_in("来源: 新华社 作者: 白某、刘某").as_deref(),
            Some("白某、刘某")
        );
        assert_eq!(author_in("作者: 发布时间:2015"), None);
    }

    #[test]
    fn a_byline_names_up_to_four_words() {
        let bounded = Regex::new(r"^(?i:by)\s+(?P<a>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})$")
            .expect("valid");
        for line in [
            "By Jane Doe",
            "BY Jane",
            "by Jane  Q. O’Doe-Smith",
            "By Jane Ann Marie Doe",
            "By Jane Ann Marie Doe Smith",
            "By Jane and Doe",
            "By J Doe",
            "By Jane Doe\t",
            "By Jane Doe, Reuters",
            "Byline Jane Doe",
            "By Jörg Müller",
        ] {
            let expected = bounded
                .captures(line)
                .map(|c| c["a"].split_whitespace().collect::<Vec<_>>().join(" "));
            assert_eq!(author_in(line), expected, "{line:?}");
        }
        assert_eq!(
            author_in("By Jane Ann Marie Doe").as_deref(),
            Some("Jane Ann Marie Doe")
        );
        assert_eq!(author_in("By Jane Ann Marie Doe Smith"), None);
    }
}
