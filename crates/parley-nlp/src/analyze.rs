//! The analysis glue: a [`Document`] becomes an [`AnalyzedDocument`], its body and
//! captions split into paragraphs and sentences, each sentence with its actor mentions
//! (from the knowledge base) and time mentions (resolved against the document's anchor
//! date), all addressed by spans into the original text.
//!
//! Matching runs on the normalised sentence ([`crate::text::normalize`]: NFKC,
//! traditional to simplified), so one set of simplified names and words serves every
//! script; each mention keeps both its span in the normalised sentence (`local`) and its
//! span in the field's original text (`span`).

use crate::kb::{ActorMention, KnowledgeBase, MentionKind};
use crate::text::{normalize, split_paragraphs, split_sentences, Normalized};
use crate::time::{Direction, FoundTimes, TimeContext, TimeMention};
use chrono::{Datelike, NaiveDate};
use parley_core::{Document, Span, TextField};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A document ready for event extraction.
#[derive(Debug, Clone)]
pub struct AnalyzedDocument {
    /// The date relative expressions are resolved against: the dateline's date, else
    /// the publication date, else a date in the URL, else the latest fully dated day the
    /// text names; `None` when nothing dates the story.
    pub anchor: Option<NaiveDate>,
    /// The publication date, when known.
    pub published: Option<NaiveDate>,
    /// The dateline (`中新社约翰内斯堡2月21日电`), when the body opens with one.
    pub dateline: Option<Dateline>,
    /// The body first, then each caption.
    pub fields: Vec<AnalyzedField>,
}

/// A news agency's dateline: where and when the story was filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Where it lies in the body.
    pub span: Span,
    /// The filing date, resolved against the publication date.
    pub date: Option<NaiveDate>,
    /// The city's place id, when the knowledge base knows it.
    pub place: Option<String>,
    /// The country of the city (or the country named instead of a city).
    pub country: Option<String>,
}

/// One text of a document, analysed.
#[derive(Debug, Clone)]
pub struct AnalyzedField {
    /// Which text.
    pub field: TextField,
    /// Its sentences in order.
    pub sentences: Vec<Sentence>,
}

/// One sentence with what was found in it.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in the field's original text.
    pub span: Span,
    /// Index of the paragraph it belongs to, within its field.
    pub paragraph: usize,
    /// The normalised sentence; `local` spans point into `norm.text`.
    pub norm: Normalized,
    /// Actors, places, organisations and roles, in order; the two people of a summit's
    /// nickname (川习会) among them.
    pub actors: Vec<Located<ActorMention>>,
    /// Meetings named by their leaders' summit forms (川习会): spans of the whole
    /// nicknames in [`Sentence::norm`]'s text.
    pub summits: Vec<Span>,
    /// Time expressions resolved against the anchor as reported events (Past), in order.
    pub times: Vec<Located<TimeMention>>,
    /// The time expressions read from `norm.text` (once the anchor is known), for
    /// resolving them again in another direction.
    found_times: Option<FoundTimes>,
}

/// A mention with its span in the normalised sentence; the mention's own span is in
/// the field's original text.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// Byte range in [`Sentence::norm`]'s text.
    pub local: Span,
    /// The mention, its span mapped to the field's original text.
    pub mention: T,
}

impl Sentence {
    /// The time expressions analysis read from the sentence, or a fresh reading when it
    /// kept none (a story without an anchor).
    fn times_found(&self) -> Cow<'_, FoundTimes> {
        match &self.found_times {
            Some(found) => Cow::Borrowed(found),
            None => Cow::Owned(FoundTimes::scan(&self.norm.text)),
        }
    }

    /// The original text of the sentence, given its field's text.
    pub fn text<'a>(&self, field_text: &'a str) -> &'a str {
        field_text.get(self.span.range()).unwrap_or("")
    }

    /// Maps a span of the normalised sentence to the field's original text.
    pub fn to_original(&self, local: Span) -> Span {
        let s = self.norm.to_original(local);
        Span::new(s.start + self.span.start, s.end + self.span.start)
    }
}

impl AnalyzedField {
    /// Time expressions of sentence `index` resolved in another direction (an announced
    /// event reads 周五 as the coming Friday); the expressions analysis found are
    /// resolved again, the text is not read again. An expression that counts from an
    /// earlier day (次日, the day after) counts from the days the field's earlier
    /// sentences name, read in the same direction (On Wednesday, X will meet Y. The day
    /// after, … is the Thursday to come).
    pub fn times_towards(
        &self,
        index: usize,
        anchor: NaiveDate,
        direction: Direction,
    ) -> Vec<Located<TimeMention>> {
        let sentence = &self.sentences[index];
        let found = sentence.times_found();
        let mut context = TimeContext::default();
        if found.leans_on_context() {
            for earlier in &self.sentences[..index] {
                earlier
                    .times_found()
                    .resolve(anchor, direction, &mut context);
            }
        }
        locate_times(sentence, &found, anchor, direction, &mut context)
    }
}

/// Analyses the body and every caption of `doc`.
pub fn analyze(doc: &Document, kb: &KnowledgeBase) -> AnalyzedDocument {
    let published = doc.published.map(|p| p.date());
    let mut fields = Vec::with_capacity(1 + doc.captions.len());
    fields.push(analyze_field(TextField::Body, &doc.body, kb));
    for (i, caption) in doc.captions.iter().enumerate() {
        fields.push(analyze_field(TextField::Caption(i), caption, kb));
    }
    let dated = published.or_else(|| doc.url.as_deref().and_then(date_in_url));
    // Without a publication date, a dateline's month and day fall on or after the
    // latest day the story names with its year: stories report the past.
    let latest = if dated.is_none() {
        latest_dated_day(&mut fields)
    } else {
        None
    };
    let dateline = find_dateline(&doc.body, dated, latest, kb);
    let anchor = dateline.as_ref().and_then(|d| d.date).or(dated).or(latest);
    if let Some(anchor) = anchor {
        for field in &mut fields {
            // 次日 and 同年 count from the days earlier sentences of the field name.
            let mut context = TimeContext::default();
            for sentence in &mut field.sentences {
                let found = sentence
                    .found_times
                    .take()
                    .unwrap_or_else(|| FoundTimes::scan(&sentence.norm.text));
                sentence.times =
                    locate_times(sentence, &found, anchor, Direction::Past, &mut context);
                sentence.found_times = Some(found);
            }
        }
    }
    AnalyzedDocument {
        anchor,
        published,
        dateline,
        fields,
    }
}

/// Sentences of one text with their actor mentions; times are added once the anchor is
/// known.
fn analyze_field(field: TextField, text: &str, kb: &KnowledgeBase) -> AnalyzedField {
    let paragraphs = split_paragraphs(text);
    let mut sentences = Vec::new();
    for (pi, para) in paragraphs.iter().enumerate() {
        let para_text = &text[para.range()];
        for local in split_sentences(para_text) {
            let span = Span::new(para.start + local.start, para.start + local.end);
            let norm = normalize(&text[span.range()]);
            let mut sentence = Sentence {
                span,
                paragraph: pi,
                norm,
                actors: Vec::new(),
                summits: Vec::new(),
                times: Vec::new(),
                found_times: None,
            };
            let mut mentions = kb.find_mentions_normalized(&sentence.norm.text);
            let summits = kb.find_summits(&sentence.norm.text, &mentions);
            if !summits.is_empty() {
                sentence.summits = summits.iter().map(|s| s.span).collect();
                mentions.extend(summits.into_iter().flat_map(|s| s.people));
                mentions.sort_by_key(|m| m.span.start);
            }
            sentence.actors = mentions
                .into_iter()
                .map(|m| {
                    let local = m.span;
                    let span = sentence.to_original(local);
                    Located {
                        local,
                        mention: ActorMention { span, kind: m.kind },
                    }
                })
                .collect();
            sentences.push(sentence);
        }
    }
    AnalyzedField { field, sentences }
}

/// The sentence's time expressions `found`, resolved against `anchor` in `direction`
/// leaning on (and updating) `context`, located in the normalised and the original text.
fn locate_times(
    sentence: &Sentence,
    found: &FoundTimes,
    anchor: NaiveDate,
    direction: Direction,
    context: &mut TimeContext,
) -> Vec<Located<TimeMention>> {
    found
        .resolve(anchor, direction, context)
        .into_iter()
        .map(|mut t| {
            let local = t.span;
            t.span = sentence.to_original(local);
            Located { local, mention: t }
        })
        .collect()
}

/// `新华社北京8月9日电`, `中央社基辅24日综合外电报导`, `中新网2月26日电`: an outlet
/// word, an optional city, a day, and the filing word (on normalised text).
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[^\n。]{0,40}?)(?:社|网|台|报|电视)(\p{Han}{0,12}?)(?:(\d{1,2})月)?(\d{1,2})日(?:新媒体专电|专电|电|讯|综合外电报导|综合报道|报道)")
        .expect("dateline pattern compiles")
});

/// Finds the dateline in the first paragraph of the body.
fn find_dateline(
    body: &str,
    published: Option<NaiveDate>,
    not_before: Option<NaiveDate>,
    kb: &KnowledgeBase,
) -> Option<Dateline> {
    let first = split_paragraphs(body).into_iter().find(|p| {
        let t = &body[p.range()];
        t.chars().nth(15).is_some()
    })?;
    let head_end = body[first.range()]
        .char_indices()
        .nth(80)
        .map_or(first.end, |(i, _)| first.start + i);
    let head = &body[first.start..head_end];
    let norm = normalize(head);
    let caps = DATELINE.captures(&norm.text)?;
    let whole = caps.get(0)?;
    let span = norm.to_original(Span::new(whole.start(), whole.end()));
    let span = Span::new(span.start + first.start, span.end + first.start);
    let day: u32 = caps.get(3)?.as_str().parse().ok()?;
    let month: Option<u32> = caps.get(2).and_then(|m| m.as_str().parse().ok());
    let date = match (published, not_before) {
        (Some(p), _) => resolve_month_day(p, month, day),
        (None, Some(after)) => month.and_then(|m| first_on_or_after(after, m, day)),
        (None, None) => None,
    };
    let (mut place, mut country) = (None, None);
    if let Some(city) = caps.get(1) {
        for m in kb.find_mentions_normalized(city.as_str()) {
            match m.kind {
                MentionKind::Place { id, country: c } => {
                    place = Some(id);
                    country = Some(c);
                }
                MentionKind::Country(c) if country.is_none() => country = Some(c),
                _ => {}
            }
        }
    }
    Some(Dateline {
        span,
        date,
        place,
        country,
    })
}

/// The day `month`/`day` on or before `anchor` (the same month when no month is given).
fn resolve_month_day(anchor: NaiveDate, month: Option<u32>, day: u32) -> Option<NaiveDate> {
    match month {
        Some(m) => {
            let this_year = NaiveDate::from_ymd_opt(anchor.year(), m, day)?;
            if this_year <= anchor + chrono::Days::new(1) {
                Some(this_year)
            } else {
                NaiveDate::from_ymd_opt(anchor.year() - 1, m, day)
            }
        }
        None => {
            let this_month = NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), day);
            match this_month {
                Some(d) if d <= anchor + chrono::Days::new(1) => Some(d),
                _ => {
                    let prev = anchor.with_day(1)?.pred_opt()?;
                    NaiveDate::from_ymd_opt(prev.year(), prev.month(), day)
                }
            }
        }
    }
}

/// The first `month`/`day` on or after `after`.
fn first_on_or_after(after: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (after.year()..after.year() + 2)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|d| *d >= after)
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])?(?:[/_.-]|$)")
        .expect("url date pattern compiles")
});

/// A date in a URL path (`/2025-01/23/`, `/20250123/`, `/2025/01/23/`).
fn date_in_url(url: &str) -> Option<NaiveDate> {
    let caps = URL_DATE.captures(url)?;
    let year = caps.get(1)?.as_str().parse().ok()?;
    let month = caps.get(2)?.as_str().parse().ok()?;
    let day = match caps.get(3) {
        Some(d) => d.as_str().parse().ok()?,
        None => {
            // `/2025-01/23/`: the day is the next path segment.
            let rest = &url[caps.get(0)?.end()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits
                .parse()
                .ok()
                .filter(|d| (1..=31).contains(d))
                .unwrap_or(1)
        }
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The latest day the text names with its year, as a last resort for an anchor.
/// Keeps the time expressions read from each sentence for resolving them later.
fn latest_dated_day(fields: &mut [AnalyzedField]) -> Option<NaiveDate> {
    // Any anchor works for expressions that name their year.
    let probe = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    fields
        .iter_mut()
        .flat_map(|f| &mut f.sentences)
        .flat_map(|s| {
            s.found_times
                .get_or_insert_with(|| FoundTimes::scan(&s.norm.text))
                .resolve(probe, Direction::Past, &mut TimeContext::default())
        })
        .filter(|t| t.explicit_year && t.interval.start == t.interval.end)
        .map(|t| t.interval.end)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    /// `(local span, mention)` pairs, comparable.
    fn pairs(times: &[Located<TimeMention>]) -> Vec<(Span, TimeMention)> {
        times.iter().map(|t| (t.local, t.mention)).collect()
    }

    /// What reading the sentence afresh gives, after the field's earlier sentences have
    /// been read in the same direction: spans in the normalised sentence and, on the
    /// mention, in the field's text.
    fn read_afresh(
        field: &AnalyzedField,
        index: usize,
        anchor: NaiveDate,
        direction: Direction,
    ) -> Vec<(Span, TimeMention)> {
        let mut context = TimeContext::default();
        for earlier in &field.sentences[..index] {
            crate::time::find_times_in_context(&earlier.norm.text, anchor, direction, &mut context);
        }
        let sentence = &field.sentences[index];
        crate::time::find_times_in_context(&sentence.norm.text, anchor, direction, &mut context)
            .into_iter()
            .map(|mut t| {
                let local = t.span;
                t.span = sentence.to_original(local);
                (local, t)
            })
            .collect()
    }

    #[test]
    fn times_towards_matches_reading_the_sentence_again() {
        let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
        let body = "當地時間2月6日（週四），王毅抵達莫斯科，次日將與拉夫羅夫會談。\n\n\
                    双方将于周五至下周二举行磋商，3月31日至4月2日再访，同日签署文件。\n\n\
                    Blinken will visit Beijing on Friday, local time, and again next Tuesday, \
                    Oct. 1 to Oct. 3. The day after, he will fly to Seoul. 同年，双方再次会谈。";
        for (url, published_anchor) in [
            (Some("https://example.com/2025/02/06/story"), true),
            (None, false),
        ] {
            let doc = Document {
                id: "t".into(),
                origin: "test".into(),
                url: url.map(str::to_string),
                title: None,
                published: None,
                source: None,
                author: None,
                body: body.to_string(),
                captions: vec!["周日（2月9日），两国外长通电话。".to_string()],
            };
            let analyzed = analyze(&doc, &kb);
            assert_eq!(analyzed.anchor.is_some(), published_anchor);
            let mut differs = false;
            let mut found = 0;
            for field in &analyzed.fields {
                for (i, sentence) in field.sentences.iter().enumerate() {
                    if let Some(anchor) = analyzed.anchor {
                        assert_eq!(
                            pairs(&sentence.times),
                            read_afresh(field, i, anchor, Direction::Past)
                        );
                    }
                    for anchor in [d(2025, 2, 6), d(2025, 2, 8), d(2024, 12, 30)] {
                        let past = pairs(&field.times_towards(i, anchor, Direction::Past));
                        for direction in [Direction::Past, Direction::Future, Direction::Nearest] {
                            let got = pairs(&field.times_towards(i, anchor, direction));
                            assert_eq!(got, read_afresh(field, i, anchor, direction));
                            found += got.len();
                            differs |= got != past;
                        }
                    }
                }
            }
            assert!(
                found > 0 && differs,
                "the sentences must lean on the direction"
            );
        }
    }

    #[test]
    fn later_sentences_count_from_the_days_earlier_ones_name() {
        let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
        let doc = Document {
            id: "t".into(),
            origin: "test".into(),
            url: None,
            title: None,
            published: Some(parley_core::Timestamp::Day(d(2024, 4, 9))),
            source: None,
            author: None,
            body:
                "On Wednesday, Kishida will meet Biden. The day after, he will attend a summit.\n\n\
                   2月6日，王毅抵达莫斯科。次日，王毅与拉夫罗夫会谈。"
                    .to_string(),
            captions: vec!["次日，双方签署文件。".to_string()],
        };
        let analyzed = analyze(&doc, &kb);
        let body = &analyzed.fields[0];
        let day = |times: &[Located<TimeMention>]| -> Vec<String> {
            times
                .iter()
                .map(|t| t.mention.interval.to_string())
                .collect()
        };
        // Read as reports, Wednesday is the one before the Tuesday of publication.
        assert_eq!(day(&body.sentences[1].times), ["2024-04-04"]);
        // Read as announcements, it is the one to come, and so is the day after it.
        assert_eq!(
            day(&body.times_towards(1, d(2024, 4, 9), Direction::Future)),
            ["2024-04-11"]
        );
        assert_eq!(day(&body.sentences[3].times), ["2024-02-07"]);
        // A caption does not count from the body's days.
        assert!(analyzed.fields[1].sentences[0].times.is_empty());
    }

    #[test]
    fn month_day_resolves_on_or_before_the_anchor() {
        assert_eq!(
            resolve_month_day(d(2025, 2, 21), Some(2), 21),
            Some(d(2025, 2, 21))
        );
        assert_eq!(
            resolve_month_day(d(2025, 1, 3), Some(12), 30),
            Some(d(2024, 12, 30))
        );
        assert_eq!(
            resolve_month_day(d(2026, 2, 24), None, 24),
            Some(d(2026, 2, 24))
        );
        assert_eq!(
            resolve_month_day(d(2026, 3, 2), None, 28),
            Some(d(2026, 2, 28))
        );
        assert_eq!(resolve_month_day(d(2026, 3, 2), Some(2), 30), None);
    }

    #[test]
    fn a_yearless_dateline_follows_the_latest_dated_day() {
        assert_eq!(
            first_on_or_after(d(2015, 11, 24), 8, 9),
            Some(d(2016, 8, 9))
        );
        assert_eq!(first_on_or_after(d(2016, 8, 1), 8, 9), Some(d(2016, 8, 9)));
        assert_eq!(first_on_or_after(d(2016, 8, 1), 2, 30), None);
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            date_in_url("http://www.news.cn/world/2025-01/23/c_1.htm"),
            Some(d(2025, 1, 23))
        );
        assert_eq!(
            date_in_url("https://x.com/a/20240409/b.html"),
            Some(d(2024, 4, 9))
        );
        assert_eq!(
            date_in_url("https://x.com/2019/10/11/story"),
            Some(d(2019, 10, 11))
        );
        assert_eq!(date_in_url("https://x.com/a-68778293"), None);
    }
}
