//! Cleaning whole HTML pages: the main story without site furniture, and the page's
//! metadata (title, publication time, outlet, canonical URL, author).
//!
//! [`extract_article`] parses the page once into a small tree of our own ([`dom`]: one
//! linear pass with the tree-building rules that shape blocks, nesting bounded as in
//! [`depth`] so that pathological pages cost linear time), cuts it into text blocks while dropping furniture ([`content`]), keeps the blocks of the
//! element with the densest prose, and reads metadata from meta tags, JSON-LD, `<time>`
//! elements and, for pages that print them only as text, the date and `来源` lines
//! around the headline ([`meta`]).

pub mod content;
pub mod date;
pub mod depth;
pub mod dom;
pub mod meta;

use crate::ReadOptions;
use parley_core::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

/// What a web page yields once cleaned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// The headline.
    pub title: Option<String>,
    /// When it was published.
    pub published: Option<Timestamp>,
    /// The outlet.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Author, where printed.
    pub author: Option<String>,
    /// The story's paragraphs, separated by blank lines.
    pub body: String,
    /// Photo captions that carry facts.
    pub captions: Vec<String>,
}

/// Extracts the main story and metadata of a decoded HTML page.
pub fn extract_article(html: &str, options: &ReadOptions) -> HtmlArticle {
    let doc = dom::Dom::parse(html);
    let seg = content::segment(&doc);
    let chosen = content::select(&doc, &seg.blocks);
    let page = meta::read_meta(&doc);
    let page_text = meta::PageText::default();
    let title = page.title.clone();
    let mut paragraphs: Vec<String> = chosen
        .iter()
        .filter_map(|&i| {
            let b = &seg.blocks[i];
            let alone = b.lines.len() == 1;
            let kept: Vec<&str> = b
                .lines
                .iter()
                .filter(|l| content::keep_line(l, alone))
                .map(|l| l.text.as_str())
                .collect();
            (!kept.is_empty()).then(|| kept.join("\n"))
        })
        .collect();
    trim_header_lines(&mut paragraphs, title.as_deref());
    let body = paragraphs.join("\n\n");
    // Where the story starts in the page: its first paragraph of some length.
    let first_para = paragraphs
        .iter()
        .find(|p| p.chars().count() >= 20)
        .or(paragraphs.first())
        .map(String::as_str);
    let (cjk, chars) = content::cjk_and_chars(&body);
    let chinese = cjk * 4 > chars;
    let fallback = chinese.then_some(options.default_offset);
    let published = meta::published(&doc, &page, &page_text, first_para, fallback);
    let source = page
        .source
        .clone()
        .or_else(|| meta::source_line(&doc, &page_text, first_para));
    let captions = seg
        .captions
        .into_iter()
        .fold(Vec::new(), |mut acc: Vec<String>, c| {
            if !acc.contains(&c) {
                acc.push(c);
            }
            acc
        });
    HtmlArticle {
        title,
        published,
        source,
        url: page.url,
        author: page.author,
        body,
        captions,
    }
}

/// Lines printed above a story that are not story text: the headline again, the byline,
/// the dateline, `来源`/`作者` lines, labels such as "TRENDING:". Only leading lines that
/// are short are looked at, and only up to the first real paragraph.
fn trim_header_lines(paragraphs: &mut Vec<String>, title: Option<&str>) {
    static META_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:by\s|posted|published|updated|last updated|written by|photo(?:graph)?s? by|作者|来源|來源|发布|發布|时间|時間|日期|记者|記者|编辑|編輯|稿源|出处|浏览|点击)")
            .expect("valid regex")
    });
    let is_meta = |p: &str| {
        let n = p.chars().count();
        title.is_some_and(|t| same_text(t, p))
            || (n < 120
                && (META_START.is_match(p)
                    || (n < 60 && date::parse(p).is_some())
                    || (n < 25 && p.trim_end().ends_with([':', '：']))))
    };
    // Each of the first lines is asked at most once (a date parse and a regex each).
    let mut memo = [None; 8];
    let mut meta = |i: usize| *memo[i].get_or_insert_with(|| is_meta(&paragraphs[i]));
    // The short lines before the first long paragraph, cut up to the last that is
    // metadata (a kicker or a bare "05 Oct" above a byline goes with it).
    let short = (0..paragraphs.len().min(8))
        .take_while(|&i| paragraphs[i].chars().count() < 120 || meta(i))
        .count();
    let lead = (0..short).rev().find(|&i| meta(i)).map_or(0, |i| i + 1);
    paragraphs.drain(..lead);
}

/// True when two texts are the same once whitespace and case are ignored (compared as
/// they are read, so texts that differ early cost little).
fn same_text(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
    }
    norm(a).next().is_some() && norm(a).eq(norm(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> HtmlArticle {
        extract_article(html, &ReadOptions::default())
    }

    const STORY_EN: [&str; 4] = [
        "The foreign ministers of the two countries met in Geneva on Tuesday, the first such meeting in more than two years, and agreed to reopen consular offices.",
        "Officials on both sides described the talks as frank, saying that trade, fishing rights and the status of detained citizens were all on the table.",
        "A joint statement is expected later this week, according to a spokesperson, who declined to say whether the leaders themselves would meet before the summer.",
        "Analysts cautioned that earlier rounds of talks had stalled over the same issues, but said the tone this time was noticeably warmer than before.",
    ];

    fn english_page() -> String {
        let paras: String = STORY_EN.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        format!(
            r#"<!DOCTYPE html><html><head>
<title>Ministers meet in Geneva | Example Wire</title>
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2023-03-07T14:05:00Z">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://news.example.org/world/ministers-meet">
</head><body>
<header class="site-header"><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li><a href="/a">Politics</a></li><li><a href="/b">Business</a></li><li><a href="/c">Sport</a></li></ul></nav>
<div class="layout">
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">A celebrity adopts a goat and the internet cannot cope with it at all</a></li></ul></aside>
<article class="story">
<h1>Ministers meet in Geneva</h1>
<div class="byline">By Jane Doe</div>
<figure><img src="talks.jpg"><figcaption>The two ministers shake hands before the talks in Geneva.</figcaption></figure>
{paras}
<h2>What comes next</h2>
<p>Both ministries said working groups would meet again next month in Vienna to draft the text of the agreement.</p>
<div class="share-tools"><a href="/s1">Share on Facebook</a> <a href="/s2">Share on X</a></div>
<div class="related-stories"><h3>Related</h3><ul>
<li><a href="/r1">Earlier talks between the two countries ended without an agreement last year</a></li>
<li><a href="/r2">Explainer: what is at stake in the fishing dispute between the neighbours</a></li>
</ul></div>
</article>
</div>
<div id="comments"><p>What a great outcome, finally some good news from Geneva for everyone involved!</p></div>
<footer><p>© 2023 Example Wire. All rights reserved.</p></footer>
</body></html>"#
        )
    }

    #[test]
    fn english_story_without_furniture() {
        let a = run(&english_page());
        let paras: Vec<&str> = a.body.split("\n\n").collect();
        assert_eq!(&paras[..4], &STORY_EN[..], "{}", a.body);
        assert_eq!(
            paras[4], "What comes next",
            "a heading inside the story stays as a paragraph"
        );
        assert!(paras[5].starts_with("Both ministries"));
        assert_eq!(paras.len(), 6, "{}", a.body);
        for furniture in [
            "Politics",
            "Most read",
            "goat",
            "Share on",
            "Earlier talks",
            "great outcome",
            "©",
            "By Jane",
        ] {
            assert!(
                !a.body.contains(furniture),
                "{furniture} leaked into {}",
                a.body
            );
        }
    }

    #[test]
    fn english_metadata() {
        let a = run(&english_page());
        assert_eq!(a.title.as_deref(), Some("Ministers meet in Geneva"));
        assert_eq!(a.source.as_deref(), Some("Example Wire"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://news.example.org/world/ministers-meet")
        );
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            a.published.map(|p| p.to_string()).as_deref(),
            Some("2023-03-07T14:05:00+00:00")
        );
    }

    #[test]
    fn captions_are_split_from_the_body() {
        let a = run(&english_page());
        assert_eq!(
            a.captions,
            vec!["The two ministers shake hands before the talks in Geneva.".to_string()]
        );
        assert!(!a.body.contains("shake hands"));
        let page = format!(
            "<html><body><div class=\"content\"><p>{}</p><div class=\"photo-caption\">Delegates arrive at the palace.</div><p>{}</p></div></body></html>",
            STORY_EN[0], STORY_EN[1]
        );
        let a = run(&page);
        assert_eq!(
            a.captions,
            vec!["Delegates arrive at the palace.".to_string()]
        );
        assert_eq!(a.body, format!("{}\n\n{}", STORY_EN[0], STORY_EN[1]));
    }

    const STORY_ZH: [&str; 3] = [
        "新华社北京5月12日电 国家主席今天在人民大会堂同来访的法国总统举行会谈。两国元首就双边关系和共同关心的国际和地区问题深入交换了意见。",
        "双方同意加强在经贸、科技、人文等领域的交流合作，推动两国关系不断向前发展，并签署了多项合作文件。",
        "会谈前，国家主席在人民大会堂东门外广场为法国总统举行欢迎仪式。",
    ];

    fn chinese_page() -> String {
        let paras: String = STORY_ZH.iter().map(|p| format!("{p}<br><br>\n")).collect();
        format!(
            r#"<html><head><title>国家主席同法国总统举行会谈_新闻中心_示例网</title></head><body>
<table width="100%"><tr><td><a href="/">首页</a> | <a href="/gn">国内</a> | <a href="/gj">国际</a> | <a href="/cj">财经</a></td></tr></table>
<table width="760"><tr><td width="560" valign="top">
<h1>国家主席同法国总统举行会谈</h1>
<div>2023年05月12日 10:31　来源：新华社　【字号 大 中 小】</div>
<div class="zw">{paras}</div>
<div>责任编辑：王明</div>
<div>相关新闻：<br>
·<a href="/1.html">法国总统抵达北京开始国事访问</a>（2023-05-11 18:02）<br>
·<a href="/2.html">外交部介绍法国总统访华安排</a>（2023-05-08 16:40）<br>
</div>
</td><td width="200" valign="top" class="right">
<a href="/h1.html">热点新闻一</a><br><a href="/h2.html">热点新闻二</a><br><a href="/h3.html">热点新闻三</a>
</td></tr></table>
<div align="center">版权所有 示例网 Copyright 2023</div>
</body></html>"#
        )
    }

    #[test]
    fn chinese_story_and_printed_metadata() {
        let a = run(&chinese_page());
        let joined = a.body.replace('\n', "");
        for p in STORY_ZH {
            assert!(joined.contains(p), "missing {p} in {}", a.body);
        }
        for furniture in [
            "首页",
            "来源",
            "责任编辑",
            "法国总统抵达北京",
            "热点新闻",
            "版权所有",
            "2023年05月12日",
        ] {
            assert!(
                !a.body.contains(furniture),
                "{furniture} leaked into {}",
                a.body
            );
        }
        assert_eq!(a.title.as_deref(), Some("国家主席同法国总统举行会谈"));
        assert_eq!(
            a.published.map(|p| p.to_string()).as_deref(),
            Some("2023-05-12T10:31:00+08:00")
        );
        assert_eq!(a.source.as_deref(), Some("新华社"));
    }

    #[test]
    fn structured_dates_win_and_keep_their_offset() {
        let page = format!(
            r#"<html><head><script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"NewsArticle","headline":"Talks resume","datePublished":"2021-06-30T09:15:00-04:00","author":{{"@type":"Person","name":"Sam Lee"}},"publisher":{{"name":"Daily Example"}}}}]}}</script></head>
<body><article><p>{}</p><p>Posted 3 July 2021</p></article></body></html>"#,
            STORY_EN[0]
        );
        let a = run(&page);
        assert_eq!(
            a.published.map(|p| p.to_string()).as_deref(),
            Some("2021-06-30T09:15:00-04:00")
        );
        assert_eq!(a.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.author.as_deref(), Some("Sam Lee"));
        assert_eq!(a.source.as_deref(), Some("Daily Example"));
        let page = format!("<html><body><article><time datetime=\"2020-01-02\">2 Jan</time><p>{}</p></article></body></html>", STORY_EN[1]);
        assert_eq!(
            run(&page).published,
            Some(Timestamp::Day(
                chrono::NaiveDate::from_ymd_opt(2020, 1, 2).unwrap()
            ))
        );
    }

    #[test]
    fn english_time_without_offset_is_only_a_day() {
        let page = format!("<html><body><h1>Talks</h1><p>Published: 2019-11-18 20:56</p><div><p>{}</p><p>{}</p></div></body></html>", STORY_EN[0], STORY_EN[1]);
        let a = run(&page);
        assert_eq!(
            a.published,
            Some(Timestamp::Day(
                chrono::NaiveDate::from_ymd_opt(2019, 11, 18).unwrap()
            ))
        );
    }

    #[test]
    fn hidden_text_and_hover_cards_stay_out() {
        let page = format!(
            r#"<html><body><div class="article-body"><p>{} <span class="rollover-card"><a href="/p">Minister profile and the latest stories about the minister</a></span></p>
<p>{}</p><div style="display: none"><p>Hidden teaser text that readers never see on the page at all.</p></div>
<div class="hidden-content"><p>Collapsed text behind a read-more button, not shown until clicked.</p></div></div></body></html>"#,
            STORY_EN[0], STORY_EN[1]
        );
        let a = run(&page);
        assert_eq!(a.body, format!("{}\n\n{}", STORY_EN[0], STORY_EN[1]));
    }

    #[test]
    fn an_unclosed_link_does_not_hide_the_story() {
        // The parser carries an unclosed <a> over every following paragraph.
        let page = format!(
            "<html><body><div class=\"author\">Author: <a href=\"/u/1\">someone<a></div><div><p>{}</p><p>{}</p><p>{}</p></div></body></html>",
            STORY_EN[0], STORY_EN[1], STORY_EN[2]
        );
        let a = run(&page);
        assert!(
            a.body.contains(STORY_EN[0]) && a.body.contains(STORY_EN[2]),
            "{}",
            a.body
        );
    }

    #[test]
    fn a_story_split_by_figures_keeps_every_part() {
        let page = format!(
            r#"<html><body><main>
<div class="wrap"><div class="story-part"><p>{}</p><p>{}</p></div></div>
<figure><img src="a.jpg"></figure><div class="pull-quote">A quote.</div>
<div class="wrap"><div class="story-part"><p>{}</p><p>{}</p></div></div>
</main><aside class="sidebar"><p>Newsletter: sign up for our morning briefing, delivered daily.</p></aside></body></html>"#,
            STORY_EN[0], STORY_EN[1], STORY_EN[2], STORY_EN[3]
        );
        let a = run(&page);
        assert_eq!(a.body, STORY_EN.join("\n\n"));
    }

    #[test]
    fn titles_lose_section_and_site_names() {
        let body = format!("<div><p>{}</p><p>{}</p></div>", STORY_EN[0], STORY_EN[1]);
        let page = format!("<html><head><title>国内新闻-外长会谈取得新进展-示例网</title></head><body><h1 class=\"logo\">示例网</h1><div class=\"art-title\">外长会谈取得新进展</div>{body}</body></html>");
        assert_eq!(run(&page).title.as_deref(), Some("外长会谈取得新进展"));
        let page = format!("<html><head><meta property=\"og:title\" content=\"Ministers meet | Example Wire\"><meta property=\"og:site_name\" content=\"Example Wire\"></head><body>{body}</body></html>");
        assert_eq!(run(&page).title.as_deref(), Some("Ministers meet"));
        let page = format!("<html><head><title>Talks in Geneva: ministers agree to meet again - Example Wire</title></head><body><h1>Example Wire</h1>{body}</body></html>");
        assert_eq!(
            run(&page).title.as_deref(),
            Some("Talks in Geneva: ministers agree to meet again")
        );
    }

    #[test]
    fn empty_and_broken_pages_do_not_panic() {
        for page in [
            "",
            "<html>",
            "<p>short</p>",
            "<<<>>>",
            "<html><body><a href=x>only a link</a></body></html>",
        ] {
            let a = run(page);
            assert!(a.body.len() < 40);
        }
    }
}
