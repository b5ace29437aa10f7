//! Every input format, read from fixtures written for these tests (in our own words),
//! with their bodies, captions and metadata; and bad input, which must give a
//! diagnostic, never a panic.

use parley_core::{Document, RawDocument, Severity};
use parley_ingest::{read, ReadOptions};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_bytes(origin: &str, bytes: Vec<u8>) -> Vec<Result<Document, parley_core::Diagnostic>> {
    read(&RawDocument::new(origin, bytes), &ReadOptions::default())
}

fn read_one(origin: &str, bytes: Vec<u8>) -> Document {
    let mut results = read_bytes(origin, bytes);
    assert_eq!(results.len(), 1, "{origin}: expected one document");
    match results.remove(0) {
        Ok(doc) => doc,
        Err(d) => panic!("{origin}: {d}"),
    }
}

fn published(doc: &Document) -> Option<String> {
    doc.published.map(|p| p.to_string())
}

#[test]
fn text_dump_without_related_and_hot_lists() {
    let doc = read_one("dump-related.txt", fixture("dump-related.txt"));
    assert_eq!(
        doc.title.as_deref(),
        Some("甲国外长会见乙国外长 双方同意加强沟通")
    );
    assert_eq!(
        published(&doc).as_deref(),
        Some("2024-06-12T09:15:30+08:00")
    );
    // The suffix repeated on the image line names the site that carried the story.
    assert_eq!(doc.source.as_deref(), Some("示例资讯"));
    assert_eq!(doc.author.as_deref(), Some("林小文"));
    assert!(doc.body.starts_with("示例社北京6月11日电"));
    assert!(doc
        .body
        .ends_with("双方还商定于今年下半年举行新一轮战略对话。"));
    for furniture in [
        "国际 1876",
        "- 示例资讯",
        "两位外长",
        "策划",
        "主笔",
        "相关文章",
        "北方多地",
        "图书馆",
        "热门资讯",
        "用电高峰",
        "友情链接",
    ] {
        assert!(
            !doc.body.contains(furniture),
            "body still has {furniture:?}"
        );
    }
    assert_eq!(doc.body.split("\n\n").count(), 4);
    assert_eq!(
        doc.id,
        parley_core::fingerprint(doc.title.as_deref(), &doc.body)
    );
}

#[test]
fn html_page_keeps_the_story_not_the_sidebar() {
    let doc = read_one("sidebar.html", fixture("sidebar.html"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Two foreign ministers meet in Geneva")
    );
    assert_eq!(
        published(&doc).as_deref(),
        Some("2024-03-05T18:20:00+01:00")
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://daily.example.org/world/2024/03/05/ministers-geneva")
    );
    assert!(doc
        .body
        .contains("met in Geneva on Tuesday for their first talks"));
    assert!(doc
        .body
        .contains("relations between the two governments were thawing"));
    for furniture in [
        "regional cup final",
        "bakery",
        "Most read",
        "All rights reserved",
        "Contact",
    ] {
        assert!(
            !doc.body.contains(furniture),
            "body still has {furniture:?}"
        );
    }
}

fn encoded(name: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let text = String::from_utf8(fixture(name)).expect("fixtures are UTF-8");
    let (bytes, _, unmappable) = encoding.encode(&text);
    assert!(
        !unmappable,
        "{name} cannot be written in {}",
        encoding.name()
    );
    bytes.into_owned()
}

#[test]
fn gbk_page_is_decoded_and_cleaned() {
    let bytes = encoded("page-gbk.html", encoding_rs::GBK);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test page must really be GBK"
    );
    let doc = read_one("page-gbk.html", bytes);
    assert_eq!(doc.title.as_deref(), Some("丙国总理会见丁国议长"));
    assert_eq!(
        published(&doc).as_deref(),
        Some("2023-09-18T20:45:10+08:00")
    );
    assert!(doc
        .body
        .contains("丙国总理18日下午在首都会见来访的丁国议长"));
    assert!(doc.body.contains("推动两国关系不断向前发展"));
    assert!(!doc.body.contains("秋季运动会") && !doc.body.contains("首页"));
}

#[test]
fn big5_page_is_decoded_and_cleaned() {
    let bytes = encoded("page-big5.html", encoding_rs::BIG5);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test page must really be Big5"
    );
    let doc = read_one("page-big5.html", bytes);
    assert_eq!(doc.title.as_deref(), Some("戊國外長與己國外長通電話"));
    assert_eq!(
        published(&doc).map(|p| p[..10].to_string()).as_deref(),
        Some("2022-11-02")
    );
    assert!(doc.body.contains("戊國外長2日應約與己國外長通電話"));
    assert!(doc.body.contains("具體時間將通過外交途徑商定"));
    assert!(!doc.body.contains("美食節") && !doc.body.contains("熱門新聞"));
}

#[test]
fn rss_items_are_documents_with_captions_and_the_channel_as_source() {
    let docs: Vec<Document> = read_bytes("rss.xml", fixture("rss.xml"))
        .into_iter()
        .map(|r| r.expect("item"))
        .collect();
    assert_eq!(docs.len(), 2);
    let first = &docs[0];
    assert_eq!(first.origin, "rss.xml#1");
    assert_eq!(first.title.as_deref(), Some("庚国总统会见辛国总理"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://feed.example.net/2024/05/20/meeting")
    );
    assert_eq!(
        published(first).as_deref(),
        Some("2024-05-20T18:05:00+02:00")
    );
    assert_eq!(first.source.as_deref(), Some("示例国际频道"));
    assert_eq!(first.captions, vec!["庚国总统与辛国总理在会谈前握手。"]);
    assert!(first
        .body
        .starts_with("庚国总统20日在首都会见到访的辛国总理"));
    assert!(first.body.ends_with("并邀请庚国总统明年访问辛国。"));
    for furniture in ["版权所有", "订阅", "subscribe", "<p>", "img.example"] {
        assert!(
            !first.body.contains(furniture),
            "body still has {furniture:?}"
        );
    }
    // The second item names its own outlet, which wins over the channel.
    let second = &docs[1];
    assert_eq!(second.origin, "rss.xml#2");
    assert_eq!(second.source.as_deref(), Some("示例之声"));
    assert_eq!(second.author.as_deref(), Some("周小林"));
    assert_eq!(
        published(second).as_deref(),
        Some("2024-05-21T09:30:00+08:00")
    );
}

#[test]
fn atom_entries_with_figure_captions_and_summaries() {
    let docs: Vec<Document> = read_bytes("atom.xml", fixture("atom.xml"))
        .into_iter()
        .map(|r| r.expect("entry"))
        .collect();
    assert_eq!(docs.len(), 2);
    let call = &docs[0];
    assert_eq!(
        call.title.as_deref(),
        Some("Leaders of two island states hold video call")
    );
    assert_eq!(
        published(call).as_deref(),
        Some("2024-07-02T10:15:00-04:00")
    );
    assert_eq!(call.author.as_deref(), Some("Maria Sample"));
    assert_eq!(call.source.as_deref(), Some("Example Diplomacy Desk"));
    assert_eq!(
        call.url.as_deref(),
        Some("https://desk.example.com/2024/07/02/video-call")
    );
    assert_eq!(
        call.captions,
        vec!["The two leaders speak by video link from their offices."]
    );
    assert!(call.body.contains("held a video call on Tuesday"));
    assert!(
        !call.body.contains("Copyright") && !call.body.contains("video link from their offices")
    );
    let trade = &docs[1];
    assert_eq!(
        published(trade).as_deref(),
        Some("2024-07-01T08:00:00+09:00")
    );
    assert!(trade
        .body
        .starts_with("Trade ministers from three countries will meet next month"));
}

#[test]
fn markdown_feed_item() {
    let doc = read_one("item.md", fixture("item.md"));
    assert_eq!(
        doc.title.as_deref(),
        Some("子国外长会见丑国外长 双方同意恢复直航")
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://news.example.com/zh/a-1234")
    );
    // The time printed in the item keeps its `Z`.
    assert_eq!(
        published(&doc).as_deref(),
        Some("2024-06-20T08:00:00+00:00")
    );
    assert_eq!(doc.source.as_deref(), Some("示例之声"));
    assert_eq!(doc.captions, vec!["子国外长（右）与丑国外长在会谈前合影。"]);
    assert!(doc.body.contains("双方同意尽快恢复两国之间的直航航班。"));
    assert!(doc.body.ends_with("也有助于扩大旅游和商务合作。"));
    for furniture in [
        "RSS",
        "rss.example",
        "版权声明",
        "<div",
        "api.example",
        "img.example",
    ] {
        assert!(
            !doc.body.contains(furniture),
            "body still has {furniture:?}"
        );
    }
}

#[test]
fn json_lines_with_a_bad_line() {
    let results = read_bytes("items.jsonl", fixture("items.jsonl"));
    assert_eq!(results.len(), 4);
    let first = results[0].as_ref().expect("line 1");
    assert_eq!(first.origin, "items.jsonl#1");
    assert_eq!(first.title.as_deref(), Some("寅国与卯国举行战略对话"));
    assert_eq!(first.url.as_deref(), Some("https://jl.example.org/1"));
    assert_eq!(
        published(first).as_deref(),
        Some("2024-01-10T16:00:00+08:00")
    );
    assert_eq!(first.body.split("\n\n").count(), 2);
    let second = results[1].as_ref().expect("line 2");
    assert_eq!(published(second).as_deref(), Some("2024-02-02"));
    // The text's own headline line is not repeated in the body.
    assert!(second.body.starts_with("The mayors of two river towns"));
    let bad = results[2].as_ref().expect_err("line 3 is not JSON");
    assert_eq!(bad.origin, "items.jsonl#3");
    assert_eq!(bad.severity, Severity::Error);
    assert!(bad.message.contains("line 3"), "{}", bad.message);
    let fourth = results[3].as_ref().expect("line 4");
    assert_eq!(fourth.source.as_deref(), Some("示例通讯社"));
    assert_eq!(
        published(fourth).as_deref(),
        Some("2024-03-15T10:00:00+08:00")
    );
}

fn single_error(origin: &str, bytes: Vec<u8>) -> String {
    let results = read_bytes(origin, bytes);
    assert_eq!(results.len(), 1);
    let diagnostic = results[0]
        .as_ref()
        .expect_err("bad input must be a diagnostic");
    assert_eq!(diagnostic.origin, origin);
    assert!(!diagnostic.message.contains('\n'), "one-line reason");
    diagnostic.message.clone()
}

#[test]
fn empty_input() {
    assert!(single_error("empty.txt", Vec::new()).contains("empty"));
    assert!(single_error("blank.txt", b" \n\t\n".to_vec()).contains("empty"));
}

#[test]
fn binary_input() {
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    png.extend((0..2000u32).map(|i| (i * 37 % 256) as u8));
    let message = single_error("image.png", png);
    assert!(message.contains("binary"), "{message}");
}

#[test]
fn truncated_html() {
    let message = single_error(
        "cut.html",
        b"<!DOCTYPE html><html><head><title>A page that was cut of".to_vec(),
    );
    assert!(message.contains("no story text"), "{message}");
}

#[test]
fn invalid_utf8_in_json_lines() {
    let mut bytes = br#"{"title": "Good", "text": "A mayor opened a new bridge over the river on Monday morning."}"#.to_vec();
    bytes.push(b'\n');
    bytes.extend_from_slice(b"{\"title\": \"Bad \xff\xfe bytes\", \"text\": \"x\"}\n");
    let results = read_bytes("mixed.jsonl", bytes);
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let bad = results[1].as_ref().expect_err("line 2 is not UTF-8");
    assert!(bad.message.contains("UTF-8"), "{}", bad.message);
}

#[test]
fn a_feed_that_does_not_parse() {
    let message = single_error(
        "broken.xml",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>x".to_vec(),
    );
    assert!(message.contains("feed"), "{message}");
}

#[test]
fn users_can_replace_the_outlet_rules() {
    let dir = std::env::temp_dir().join(format!("parley-ingest-outlets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("outlets.toml");
    let rules = "[[outlet]]\nname = \"Example Wire\"\naliases = [\"EW\"]\n\n[furniture]\nboilerplate = ['^Tip us off']\n";
    std::fs::write(&path, rules).expect("write rules");
    let options = ReadOptions::with_outlets_file(&path).expect("rules parse");
    let dump = "Ministers meet in the capital\n\n2024-05-06 09:12 EW\n\nThe ministers of two countries met in the capital on Monday and agreed to talk again.\n\nTip us off at the usual address\n\nBoth sides called the talks useful and said their deputies would meet next month.\n";
    let doc = read(
        &RawDocument::new("custom.txt", dump.as_bytes().to_vec()),
        &options,
    )
    .remove(0)
    .expect("document");
    assert_eq!(doc.source.as_deref(), Some("Example Wire"));
    assert!(!doc.body.contains("Tip us off"));
    assert!(ReadOptions::with_outlets_file(&dir.join("missing.toml")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// An RSS 2.0 feed of three items, each long enough to be a story.
fn three_item_rss() -> String {
    let mut rss = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Harbour Wire</title><link>https://example.org</link><description>Short news</description>\n",
    );
    for (n, text) in [
        "The mayors of two river towns met on Monday and agreed to share a ferry timetable.",
        "Two trade ministers spoke by phone on Tuesday about a customs deal for fresh fruit.",
        "A visiting delegation toured the new port on Wednesday and signed a research pact.",
    ]
    .iter()
    .enumerate()
    {
        rss.push_str(&format!(
            "<item><title>Story {}</title><link>https://example.org/{}</link><pubDate>Mon, 06 May 2024 09:0{}:00 +0800</pubDate><description>&lt;p&gt;{text}&lt;/p&gt;</description></item>\n",
            n + 1,
            n + 1,
            n
        ));
    }
    rss.push_str("</channel></rss>\n");
    rss
}

/// An Atom feed of three entries.
fn three_entry_atom() -> String {
    let mut atom = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Valley Post</title><id>urn:example:valley</id><updated>2024-05-06T09:00:00+08:00</updated>\n",
    );
    for (n, text) in [
        "The governors of two provinces met on Monday to plan a shared rail line to the coast.",
        "Two foreign ministers held a video call on Tuesday and promised to reopen consulates.",
        "A prime minister visited a neighbouring capital on Wednesday for talks on water use.",
    ]
    .iter()
    .enumerate()
    {
        atom.push_str(&format!(
            "<entry><title>Entry {}</title><id>urn:example:valley:{}</id><link href=\"https://example.org/v/{}\"/><updated>2024-05-06T09:0{}:00+08:00</updated><content type=\"html\">&lt;p&gt;{text}&lt;/p&gt;</content></entry>\n",
            n + 1,
            n + 1,
            n + 1,
            n
        ));
    }
    atom.push_str("</feed>\n");
    atom
}

/// The feed cut in the middle of its third item's text.
fn cut_in_third_item(feed: &str, third_text: &str) -> Vec<u8> {
    let at = feed.find(third_text).expect("third item text") + third_text.len() / 2;
    feed.as_bytes()[..at].to_vec()
}

/// Two documents for the complete items, then one warning about the cut.
fn assert_two_items_and_a_truncation(
    origin: &str,
    results: &[Result<Document, parley_core::Diagnostic>],
) {
    assert_eq!(results.len(), 3, "{origin}: {results:?}");
    for (n, result) in results[..2].iter().enumerate() {
        let doc = result.as_ref().expect("a complete item is a document");
        assert_eq!(doc.origin, format!("{origin}#{}", n + 1));
        assert!(
            doc.body.contains("on Monday") || doc.body.contains("on Tuesday"),
            "{}",
            doc.body
        );
    }
    let diagnostic = results[2].as_ref().expect_err("the cut is reported");
    assert_eq!(diagnostic.origin, origin);
    assert_eq!(diagnostic.severity, Severity::Warning);
    assert!(
        diagnostic.message.contains("truncated"),
        "{}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("2 complete items"),
        "{}",
        diagnostic.message
    );
    assert!(!diagnostic.message.contains('\n'), "one-line reason");
}

#[test]
fn a_truncated_rss_feed_keeps_its_complete_items() {
    let cut = cut_in_third_item(&three_item_rss(), "A visiting delegation toured");
    let results = read_bytes("cut.rss", cut);
    assert_two_items_and_a_truncation("cut.rss", &results);
    let second = results[1].as_ref().expect("second item");
    assert_eq!(second.title.as_deref(), Some("Story 2"));
    assert_eq!(second.url.as_deref(), Some("https://example.org/2"));
    assert_eq!(second.source.as_deref(), Some("Harbour Wire"));
    assert_eq!(
        published(second).as_deref(),
        Some("2024-05-06T09:01:00+08:00")
    );
}

#[test]
fn a_truncated_atom_feed_keeps_its_complete_entries() {
    let cut = cut_in_third_item(&three_entry_atom(), "A prime minister visited");
    let results = read_bytes("cut.atom", cut);
    assert_two_items_and_a_truncation("cut.atom", &results);
    let first = results[0].as_ref().expect("first entry");
    assert_eq!(first.title.as_deref(), Some("Entry 1"));
    assert_eq!(first.url.as_deref(), Some("https://example.org/v/1"));
    assert_eq!(
        published(first).as_deref(),
        Some("2024-05-06T09:00:00+08:00")
    );
}

#[test]
fn a_feed_cut_inside_its_channel_header_is_an_error() {
    let rss = three_item_rss();
    let at = rss.find("<description>Short").expect("header") + 8;
    let message = single_error("header.rss", rss.as_bytes()[..at].to_vec());
    assert!(message.contains("unreadable feed"), "{message}");
    let atom = three_entry_atom();
    let at = atom.find("<id>urn").expect("header") + 6;
    let message = single_error("header.atom", atom.as_bytes()[..at].to_vec());
    assert!(message.contains("unreadable feed"), "{message}");
}

#[test]
fn a_malformed_feed_that_is_not_truncated_stays_an_error() {
    // Complete items and a closed root, but a bad entity: no items are salvaged.
    let rss = three_item_rss().replace("<title>Story 3</title>", "<title>Story 3</headline>");
    let message = single_error("bad.rss", rss.into_bytes());
    assert!(message.contains("unreadable feed"), "{message}");
}

#[test]
fn whole_feeds_are_read_unchanged() {
    for (origin, feed) in [
        ("whole.rss", three_item_rss()),
        ("whole.atom", three_entry_atom()),
    ] {
        let results = read_bytes(origin, feed.into_bytes());
        assert_eq!(results.len(), 3, "{origin}");
        for (n, result) in results.iter().enumerate() {
            let doc = result.as_ref().expect("every item is a document");
            assert_eq!(doc.origin, format!("{origin}#{}", n + 1));
        }
        let third = results[2].as_ref().expect("third item");
        assert!(third.body.contains("on Wednesday"), "{}", third.body);
    }
}

#[test]
fn a_blog_index_gives_its_first_post_with_that_posts_date() {
    let doc = read_one("blog-index.html", fixture("blog-index.html"));
    assert!(doc.body.starts_with("清早的渡口还带着雾气"), "{}", doc.body);
    assert!(doc.body.contains("太阳才慢慢爬上河堤"), "{}", doc.body);
    // The longer second post and the third are other stories.
    for other in ["旧书摊", "雨季", "青苔"] {
        assert!(!doc.body.contains(other), "{other} in {}", doc.body);
    }
    assert_eq!(
        published(&doc).as_deref(),
        Some("2024-04-18T21:05:10+08:00")
    );
}

#[test]
fn a_story_cut_by_a_figure_keeps_both_parts() {
    let doc = read_one("story-parts.html", fixture("story-parts.html"));
    assert!(
        doc.body.starts_with("The harbour ferry carried"),
        "{}",
        doc.body
    );
    assert!(
        doc.body.contains("delayed the work by several months."),
        "{}",
        doc.body
    );
    assert!(!doc.body.contains("Bridge works"), "{}", doc.body);
}
