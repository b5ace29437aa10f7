//! Plain-text dumps of web pages: the headline, a date/outlet line, the story, and the
//! page's furniture (image alt lines repeating the headline, labels under images,
//! related-story lists, hot lists, link rows, credits, copyright notices).
//!
//! The cleaner reads the dump as lines and decides by general rules: where the story
//! starts (the first sentence after the headline and metadata lines), which lines inside
//! it are furniture (headline repeats, labels under them, captions, boilerplate), and
//! where it ends (a block heading followed by a list, then anything after the last
//! sentence that is not itself a sentence).

use crate::dates::{find_date, line_timestamp};
use crate::lines::{
    chars, cjk_count, clean_line, is_breadcrumb, is_cjk, is_counter, is_headline, is_link_list,
    is_prose, is_url,
};
use crate::outlets::Outlets;
use crate::story::{author_in, source_label, Story};
use crate::ReadOptions;
use chrono::NaiveDate;
use parley_core::Timestamp;
use regex::Regex;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// The `date 2025-09-11 …` line some dump tools put first.
static DUMP_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^date\s+(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?:\s+|$)(?P<rest>.*)$")
        .expect("valid")
});
/// A line of metadata labels (发布时间, 来源, 作者, 点击) without a sentence.
static META_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s|\|)(?:文章|稿件)?(?:来源|來源|作者|发布时间|發布時間|发布日期|發佈日期|发表时间|更新时间|更新時間|点击|點擊|点击量|阅读|閱讀|浏览|瀏覽|供稿|责编|責編)\s*[:：]")
        .expect("valid")
});
/// A bracketed byline at the start of a paragraph (`【某台北京时间2025年02月08日讯】`).
static BRACKET_BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^【[^】]{2,40}】").expect("valid"));

/// How one line of a dump is read.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A sentence or paragraph of the story.
    Prose,
    /// A photo caption.
    Caption,
    /// A metadata line (date, source label, counters): not body, but read for metadata.
    Meta,
    /// The headline again, with the site's suffix if any (an image's alt text).
    TitleRepeat(Option<String>),
    /// A summary label; `true` when the summary is the next line.
    Summary(bool),
    /// An author line (`By Jane Doe`, `記者 某某 報導`).
    Author(String),
    /// Furniture without information.
    Drop,
    /// A short line that is not a sentence: a subheading inside the story, furniture
    /// outside it.
    Short,
}

/// What is known about one line of a dump, worked out at most once: the story's loops
/// and their look-aheads ask the same questions of a line several times.
#[derive(Default)]
struct Memo {
    prose: OnceCell<bool>,
    meta: OnceCell<bool>,
    kind: OnceCell<Kind>,
}

struct Cleaner<'a> {
    outlets: &'a Outlets,
    options: &'a ReadOptions,
    title: Option<String>,
    /// A ` - Site` suffix that several lines carry (image alt texts on aggregators).
    site_suffix: Option<String>,
    /// The dump's lines, once they are final: most borrowed from the dump.
    lines: Vec<Cow<'a, str>>,
    /// One per line of `lines`.
    memo: Vec<Memo>,
}

impl<'a> Cleaner<'a> {
    /// True when a short line that is not prose reads as metadata: a date, or labels.
    fn meta_line(&self, line: &str) -> bool {
        line_timestamp(line, self.options.default_offset).is_some()
            || (line.contains([':', '：']) && META_LABEL.is_match(line))
    }

    fn is_meta(&self, line: &str) -> bool {
        short_for_meta(line) && !is_prose(line) && self.meta_line(line)
    }

    /// Fixes the lines the cleaner reads (after the dump tool's date line is handled).
    fn set_lines(&mut self, lines: Vec<Cow<'a, str>>) {
        self.memo = lines.iter().map(|_| Memo::default()).collect();
        self.lines = lines;
    }

    /// [`is_prose`] of line `i`.
    fn prose(&self, i: usize) -> bool {
        *self.memo[i].prose.get_or_init(|| is_prose(&self.lines[i]))
    }

    /// [`Cleaner::is_meta`] of line `i`.
    fn meta(&self, i: usize) -> bool {
        *self.memo[i].meta.get_or_init(|| {
            let line = &self.lines[i];
            short_for_meta(line) && !self.prose(i) && self.meta_line(line)
        })
    }

    /// How line `i` is read; the headline and site suffix must be known.
    fn kind(&self, i: usize) -> Kind {
        self.memo[i].kind.get_or_init(|| self.classify(i)).clone()
    }

    fn classify(&self, i: usize) -> Kind {
        let o = self.outlets;
        let line = self.lines[i].as_ref();
        if let Some(title) = &self.title {
            if let Some(site) = title_repeat(line, title) {
                return Kind::TitleRepeat(site);
            }
        }
        if let Some(site) = &self.site_suffix {
            if site_suffix(line).is_some_and(|(_, s)| s == site) && !self.prose(i) {
                return Kind::TitleRepeat(Some(site.clone()));
            }
        }
        if let Some(rest) = o.summary_label(line) {
            return Kind::Summary(rest.is_empty());
        }
        let furniture = o.furniture(line);
        if furniture.boilerplate || furniture.photo_credit {
            return Kind::Drop;
        }
        // A sentence is neither a breadcrumb nor a list of links.
        let drop = is_counter(line)
            || is_url(line)
            || (!self.prose(i) && (is_breadcrumb(line) || is_link_list(line)));
        if drop {
            return Kind::Drop;
        }
        if furniture.caption && chars(line) <= 300 {
            return Kind::Caption;
        }
        if self.meta(i) {
            return Kind::Meta;
        }
        if self.prose(i) {
            return Kind::Prose;
        }
        let author_like = chars(line) <= 40 && !line.contains(['，', ',']);
        if let Some(author) = author_like.then(|| author_in(line)).flatten() {
            return Kind::Author(author);
        }
        Kind::Short
    }
}

/// True when a line is short enough to be a metadata line (90 characters at most).
fn short_for_meta(line: &str) -> bool {
    line.len() <= 90 || (line.len() <= 90 * 4 && chars(line) <= 90)
}

/// If `line` repeats the headline, the site name after it (`标题 - 天天要闻` → 天天要闻).
fn title_repeat(line: &str, title: &str) -> Option<Option<String>> {
    if line == title {
        return Some(None);
    }
    let rest = line.strip_prefix(title)?;
    let site = rest
        .trim_start()
        .strip_prefix(['-', '_', '|', '｜', '–', '—'])?
        .trim();
    (!site.is_empty() && chars(site) <= 20 && !is_prose(site)).then(|| Some(site.to_string()))
}

/// A line of the form `Some headline - Site`: the headline and the site.
fn site_suffix(line: &str) -> Option<(&str, &str)> {
    // The last ` - `: the last hyphen with a space on each side (a reverse substring
    // search has no vectorised fast path; looking for one byte has).
    let bytes = line.as_bytes();
    let at = memchr::memrchr_iter(b'-', bytes)
        .find(|&i| i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' '))?
        - 1;
    let (head, site) = (&line[..at], &line[at + 3..]);
    let site = site.trim();
    let fits = chars(head.trim()) >= 4
        && (1..=20).contains(&chars(site))
        && !site.contains(char::is_whitespace);
    fits.then_some((head.trim(), site))
}

/// The suffix that at least two lines of the dump end with, if any.
fn repeated_site_suffix(lines: &[Cow<'_, str>]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, site) in lines.iter().filter_map(|l| site_suffix(l)) {
        match counts.iter_mut().find(|(s, _)| *s == site) {
            Some((_, n)) => *n += 1,
            None => counts.push((site, 1)),
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s.to_string())
}

/// True when a text has more than one ideograph for every three ASCII letters. The
/// letters are counted first (a vectorised pass), so the ideographs need only be
/// counted until they are enough: in a Chinese text, after a few characters.
fn mostly_cjk(text: &str) -> bool {
    let letters = crate::count_bytes(text.as_bytes(), |b| b.is_ascii_alphabetic());
    let mut ideographs = 0usize;
    text.chars().filter(|&c| is_cjk(c)).any(|_| {
        ideographs += 1;
        ideographs * 3 > letters
    })
}

/// Splits a one-line dump (`标题 2022-03-30 正文…`) into headline, date and story.
fn split_single_line(line: &str, options: &ReadOptions, cjk: bool) -> Option<Vec<String>> {
    let found = find_date(line, options.default_offset)?;
    let before = line[..found.start].trim();
    let after = line[found.end..].trim();
    let spaced = line[..found.start].ends_with(' ') && line[found.end..].starts_with(' ');
    (spaced && is_headline(before, cjk) && chars(after) > 20).then(|| {
        vec![
            before.to_string(),
            line[found.start..found.end].trim().to_string(),
            after.to_string(),
        ]
    })
}

/// Cleans a plain-text page dump into a story.
pub(crate) fn clean_dump(text: &str, options: &ReadOptions) -> Story {
    let outlets = &options.outlets;
    let mut lines: Vec<Cow<'_, str>> = text
        .lines()
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    let cjk = mostly_cjk(text);
    let mut cleaner = Cleaner {
        outlets,
        options,
        title: None,
        site_suffix: None,
        lines: Vec::new(),
        memo: Vec::new(),
    };

    // The dump tool's own date line.
    let mut dump_date = None;
    let dump_line = lines
        .first()
        .filter(|l| l.starts_with("date"))
        .and_then(|l| DUMP_DATE.captures(l));
    if let Some(caps) = dump_line {
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        dump_date = match (caps["y"].parse::<i32>().ok(), num("m"), num("d")) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        };
        let rest = caps["rest"].trim().to_string();
        if is_prose(&rest) || cleaner.is_meta(&rest) {
            lines[0] = Cow::Owned(rest);
        } else {
            lines.remove(0);
        }
    }
    if lines.len() == 1 {
        if let Some(parts) = split_single_line(&lines[0], options, cjk) {
            lines = parts.into_iter().map(Cow::Owned).collect();
        }
    }
    cleaner.set_lines(lines);
    let lines = &cleaner.lines;

    // The headline: the first line that is neither navigation nor metadata.
    let mut title_idx = None;
    for (i, line) in lines.iter().enumerate().take(8) {
        let n = chars(line);
        let ideographs = cjk_count(line);
        let skip = (ideographs > 0 && n < 4)
            || (ideographs == 0 && line.split_whitespace().count() <= 2)
            || is_url(line)
            || is_counter(line)
            || outlets.summary_label(line).is_some()
            || outlets.canonical(line).is_some()
            || is_breadcrumb(line)
            || is_link_list(line)
            || cleaner.meta(i)
            || outlets.is_boilerplate(line)
            || (n <= 8 && outlets.looks_like_outlet(line))
            || outlets.byline_outlet(line).is_some();
        if skip {
            continue;
        }
        if is_headline(line, cjk) && !outlets.is_caption(line) {
            title_idx = Some(i);
        }
        break;
    }
    let title_line = title_idx.map(|i| lines[i].to_string());
    let site_suffix = repeated_site_suffix(lines);
    cleaner.title = title_line.clone();
    cleaner.site_suffix = site_suffix;
    let cleaner = cleaner;
    let lines = &cleaner.lines;

    let mut story = Story::default();
    // Lines that are not body but may carry metadata, in order.
    let mut header: Vec<&str> = Vec::new();
    let mut trailer: Vec<&str> = Vec::new();
    let mut site_names: Vec<String> = Vec::new();
    let mut author = None;

    // A date line within a few lines of the headline closes the header: sentences
    // before it are captions (or the lead repeated), not the story's start.
    let start = title_idx.map_or(0, |i| i + 1);
    let meta_idx = (start..lines.len().min(start + 5)).find(|&j| cleaner.meta(j));
    let mut i = start;
    if let Some(m) = meta_idx {
        for (j, line) in lines.iter().enumerate().take(m).skip(start) {
            if cleaner.prose(j) {
                let lead = title_line
                    .as_deref()
                    .and_then(|t| line.strip_prefix(t))
                    .unwrap_or(line)
                    .trim();
                let repeated = lines[m + 1..].iter().any(|l| l.contains(lead));
                if !repeated {
                    story.captions.push(line.to_string());
                }
            } else {
                header.push(line);
            }
        }
        i = m;
    }

    // Up to the first sentence of the story: metadata, furniture, captions.
    let mut skip_summary = false;
    while i < lines.len() {
        let line: &str = &lines[i];
        let kind = cleaner.kind(i);
        if skip_summary {
            skip_summary = false;
            if kind == Kind::Prose {
                i += 1;
                continue;
            }
        }
        match kind {
            Kind::Prose => break,
            Kind::Caption => story.captions.push(line.to_string()),
            Kind::Summary(alone) => skip_summary = alone,
            Kind::Author(a) => author = author.or(Some(a)),
            Kind::TitleRepeat(Some(site)) => site_names.push(site),
            _ => header.push(line),
        }
        i += 1;
    }

    // The story, up to a block of other stories: the indices of its lines.
    let mut body: Vec<usize> = Vec::new();
    let mut after_image = false;
    while i < lines.len() {
        let line: &str = &lines[i];
        let kind = cleaner.kind(i);
        let under_image = std::mem::take(&mut after_image);
        if skip_summary {
            skip_summary = false;
            if kind == Kind::Prose {
                i += 1;
                continue;
            }
        }
        match kind {
            Kind::TitleRepeat(site) => {
                site_names.extend(site);
                after_image = true;
            }
            Kind::Short | Kind::Author(_) if under_image && chars(line) <= 30 => {}
            Kind::Short if outlets.is_bare_block_heading(line) => break,
            Kind::Short
                if chars(line) <= 30
                    && outlets.is_block_heading(line)
                    && !prose_follows(&cleaner, i + 1) =>
            {
                break;
            }
            Kind::Summary(alone) => skip_summary = alone,
            Kind::Caption => story.captions.push(line.to_string()),
            Kind::Author(a) => author = author.or(Some(a)),
            Kind::Meta | Kind::Drop => trailer.push(line),
            Kind::Prose | Kind::Short => body.push(i),
        }
        i += 1;
    }
    // Whatever follows the last sentence and is not one is furniture; but a page cut
    // off in mid-sentence ends with the start of a paragraph, which is kept.
    let cut_off = lines.last().filter(|last| {
        body.last().is_some_and(|&b| lines[b] == **last)
            && body.len() >= 2
            && cleaner.prose(body[body.len() - 2])
            && is_cut_off_paragraph(last)
    });
    while cut_off.is_none() && body.last().is_some_and(|&b| !cleaner.prose(b)) {
        if let Some(b) = body.pop() {
            trailer.push(&lines[b]);
        }
    }
    // A line printed twice in a row is an image's alt text and its caption.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let line: &str = &lines[body[k]];
        if k + 1 < body.len() && line == lines[body[k + 1]] {
            story.captions.push(line.to_string());
            k += 2;
            continue;
        }
        if !paragraphs.iter().any(|p| p == line) {
            paragraphs.push(line.to_string());
        }
        k += 1;
    }
    story.captions.dedup();
    let mut seen = Vec::new();
    story.captions.retain(|c| {
        let new = !seen.contains(c);
        seen.push(c.clone());
        new
    });

    // Metadata.
    let site = site_names.first().cloned().or(cleaner.site_suffix.clone());
    story.title = title_line.map(|t| strip_site_suffix(&t, site.as_deref(), outlets));
    story.published = published(&header, &trailer, dump_date, paragraphs.first(), options);
    story.source = source(&header, &trailer, &paragraphs, site.as_deref(), options);
    story.author = author.or_else(|| {
        header
            .iter()
            .copied()
            .chain(paragraphs.iter().take(2).map(String::as_str))
            .find_map(|l| author_in(&l.chars().take(120).collect::<String>()))
    });
    story.paragraphs = paragraphs;
    story
}

/// True when a line is the start of a paragraph cut off in mid-sentence: clauses of a
/// sentence, not a headline or a teaser.
fn is_cut_off_paragraph(line: &str) -> bool {
    let clauses = line.contains(['，', ',', '、', '。', ';', '；']);
    !crate::lines::is_teaser(line)
        && clauses
        && (cjk_count(line) >= 15 || crate::lines::latin_words(line) >= 10)
}

/// True when one of the next few lines is a sentence of a story (so a heading-like line
/// is a subheading, not the start of a list).
fn prose_follows(cleaner: &Cleaner<'_>, from: usize) -> bool {
    (from..cleaner.lines.len().min(from + 3)).any(|j| cleaner.kind(j) == Kind::Prose)
}

/// The headline without a ` - Site` suffix naming the site (or a known outlet).
fn strip_site_suffix(title: &str, site: Option<&str>, outlets: &Outlets) -> String {
    for sep in [" - ", " | ", "_", " – ", " — ", "｜"] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail = tail.trim();
            if !head.trim().is_empty() && (Some(tail) == site || outlets.canonical(tail).is_some())
            {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn published(
    header: &[&str],
    trailer: &[&str],
    dump_date: Option<NaiveDate>,
    first: Option<&String>,
    options: &ReadOptions,
) -> Option<Timestamp> {
    let offset = options.default_offset;
    let stamps: Vec<Timestamp> = header
        .iter()
        .filter(|l| chars(l) <= 90 && !is_prose(l))
        .filter_map(|l| line_timestamp(l, offset))
        .map(|f| f.timestamp)
        .collect();
    if let Some(first_stamp) = stamps.first() {
        // A precise time for the same day elsewhere in the header beats a bare day.
        let precise = stamps
            .iter()
            .find(|t| matches!(t, Timestamp::Instant(_)) && t.date() == first_stamp.date());
        return Some(*precise.unwrap_or(first_stamp));
    }
    if let Some(day) = dump_date {
        return Some(Timestamp::Day(day));
    }
    let bracket = first
        .and_then(|p| BRACKET_BYLINE.find(p))
        .map(|m| m.as_str());
    if let Some(found) = bracket.and_then(|b| find_date(b, offset)) {
        return Some(found.timestamp);
    }
    trailer
        .iter()
        .filter(|l| chars(l) <= 60)
        .find_map(|l| line_timestamp(l, offset))
        .map(|f| f.timestamp)
}

fn source(
    header: &[&str],
    trailer: &[&str],
    paragraphs: &[String],
    site: Option<&str>,
    options: &ReadOptions,
) -> Option<String> {
    let outlets = &options.outlets;
    let labelled = header
        .iter()
        .chain(trailer)
        .find_map(|l| source_label(l, outlets));
    labelled
        .or_else(|| {
            site.filter(|s| outlets.plausible_outlet(s))
                .map(|s| outlets.normalise(s))
        })
        .or_else(|| {
            header
                .iter()
                .copied()
                .chain(paragraphs.iter().take(2).map(String::as_str))
                .find_map(|l| outlets.byline_outlet(l))
        })
        .or_else(|| trailer.iter().find_map(|l| outlets.byline_outlet(l)))
        .or_else(|| {
            header
                .iter()
                .filter(|l| line_timestamp(l, options.default_offset).is_some())
                .flat_map(|l| l.split_whitespace())
                .find(|w| outlets.looks_like_outlet(w))
                .map(|w| outlets.normalise(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> Story {
        clean_dump(text, &ReadOptions::default())
    }

    #[test]
    fn headline_repeats_and_labels_under_them_go() {
        let dump = "甲国外长会见乙国外长\n\n2025年04月04日16:30:15 国际 3244\n\n甲国外长4日在首都会见乙国外长,双方讨论了合作。\n\n甲国外长会见乙国外长 - 某某资讯\n\n两位外长\n\n双方同意加强沟通,推动关系发展。\n";
        let story = clean(dump);
        assert_eq!(story.title.as_deref(), Some("甲国外长会见乙国外长"));
        assert_eq!(story.source.as_deref(), Some("某某资讯"));
        assert_eq!(
            story.published.map(|p| p.to_string()).as_deref(),
            Some("2025-04-04T16:30:15+08:00")
        );
        assert_eq!(
            story.paragraphs,
            vec![
                "甲国外长4日在首都会见乙国外长,双方讨论了合作。",
                "双方同意加强沟通,推动关系发展。"
            ]
        );
    }

    #[test]
    fn a_suffix_repeated_on_image_lines_marks_them_even_when_they_differ_from_the_title() {
        let dump = "甲国外长会见乙国外长\n2025年04月04日16:30:15 国际 3244\n甲国外长4日在首都会见乙国外长,双方讨论了合作。\n外长会见现场 - 某某资讯\n会见现场\n双方同意加强沟通,推动关系发展。\n两国关系 - 某某资讯\n双方还将举行新一轮对话。\n";
        let story = clean(dump);
        assert_eq!(story.source.as_deref(), Some("某某资讯"));
        assert_eq!(story.paragraphs.len(), 3, "{:?}", story.paragraphs);
    }

    #[test]
    fn site_names_and_menus_before_the_headline_are_not_the_headline() {
        let dump = "环球网\n首页 新闻 国际 体育 娱乐\n甲国总统会见乙国总理\n2024-05-06 09:12\n甲国总统6日会见来访的乙国总理,双方讨论了合作。\n【相关新闻】\n某地举行一场马拉松比赛,数万人参加。\n";
        let story = clean(dump);
        assert_eq!(story.title.as_deref(), Some("甲国总统会见乙国总理"));
        assert_eq!(
            story.paragraphs,
            vec!["甲国总统6日会见来访的乙国总理,双方讨论了合作。"]
        );
    }

    #[test]
    fn english_dumps_with_bylines_and_read_more_lists() {
        let dump = "Leaders of two neighbours meet in the capital\nBy Jane Example\nPublished: 12 March 2024, 10:32 GMT\nShare\nCAPITAL (Reuters) - The leaders of two neighbouring countries met on Tuesday and agreed to restart security talks, officials said.\nAdvertisement\nThe meeting, the first in three years, lasted about ninety minutes.\nRead more:\nMarkets rally as hopes grow\nStorm season starts early\n";
        let story = clean(dump);
        assert_eq!(story.author.as_deref(), Some("Jane Example"));
        assert_eq!(story.source.as_deref(), Some("Reuters"));
        assert_eq!(
            story.published.map(|p| p.to_string()).as_deref(),
            Some("2024-03-12T10:32:00+00:00")
        );
        assert_eq!(story.paragraphs.len(), 2, "{:?}", story.paragraphs);
    }

    #[test]
    fn a_block_heading_with_a_list_ends_the_story() {
        let dump = "标题一则新闻\n2025年02月21日 来源: 点击:\n某社某地2月21日电 (记者 某某)某日,甲会见乙。\n双方交换了意见。(完)\n相关文章\n  • 另一条新闻\n    另一条新闻的开头写到这里...\n友情链接\n";
        let story = clean(dump);
        assert_eq!(story.paragraphs.len(), 2);
        assert!(!story.paragraphs.join("").contains("另一条"));
        assert_eq!(
            story.published.map(|p| p.to_string()).as_deref(),
            Some("2025-02-21")
        );
        assert_eq!(story.source.as_deref(), Some("某社"));
        assert_eq!(story.author.as_deref(), Some("某某"));
    }

    #[test]
    fn a_dump_is_chinese_when_ideographs_outnumber_a_third_of_the_letters() {
        assert!(mostly_cjk("会见 abcde"));
        assert!(!mostly_cjk("会见 abcdef"));
        assert!(mostly_cjk("会"));
        assert!(!mostly_cjk(""));
        assert!(!mostly_cjk("Putin met Erdogan"));
    }

    #[test]
    fn the_site_is_after_the_last_spaced_dash() {
        assert_eq!(
            site_suffix("甲国外长会见乙国外长 - 第二轮 - 某某资讯"),
            Some(("甲国外长会见乙国外长 - 第二轮", "某某资讯"))
        );
        assert_eq!(site_suffix("甲国外长会见乙国外长-某某资讯"), None);
        assert_eq!(site_suffix("- 某某资讯"), None);
    }

    #[test]
    fn a_subheading_followed_by_prose_stays() {
        let dump = "一则标题在这里\n2025-02-27 17:30:49\n第一段写到这里,事情发生了。\n最新进展\n第二段写到这里,事情还在继续。\n";
        let story = clean(dump);
        assert_eq!(story.paragraphs.len(), 3);
    }

    #[test]
    fn one_line_dumps_split_into_headline_date_and_story() {
        let story = clean("某某会晤将以视频方式举行 2022-03-30 据某网站3月30日消息,发言人宣布:双方将于4月1日以视频方式举行会晤。");
        assert_eq!(story.title.as_deref(), Some("某某会晤将以视频方式举行"));
        assert_eq!(
            story.published.map(|p| p.to_string()).as_deref(),
            Some("2022-03-30")
        );
        assert_eq!(story.paragraphs.len(), 1);
    }

    #[test]
    fn the_dump_tools_date_line_is_read_and_removed() {
        let story = clean("date 2026-02-24 我的频道\n\n某社某地24日综合外电报导\n\n甲国领导人今天上午抵达乙国首都,展现支持。\n");
        assert_eq!(
            story.published.map(|p| p.to_string()).as_deref(),
            Some("2026-02-24")
        );
        assert_eq!(story.title, None);
        assert_eq!(story.source.as_deref(), Some("某社"));
        assert_eq!(
            story.paragraphs,
            vec!["甲国领导人今天上午抵达乙国首都,展现支持。"]
        );
    }
}
