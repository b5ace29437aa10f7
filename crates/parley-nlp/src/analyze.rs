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
use crate::time::{find_times, Direction, TimeMention};
use chrono::{Datelike, NaiveDate};
use parley_core::{Document, Span, TextField};
use regex::Regex;
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
    /// Actors, places, organisations and roles, in order.
    pub actors: Vec<Located<ActorMention>>,
    /// Time expressions resolved against the anchor as reported events (Past), in order.
    pub times: Vec<Located<TimeMention>>,
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
    /// The original text of the sentence, given its field's text.
    pub fn text<'a>(&self, field_text: &'a str) -> &'a str {
        field_text.get(self.span.range()).unwrap_or("")
    }

    /// Maps a span of the normalised sentence to the field's original text.
    pub fn to_original(&self, local: Span) -> Span {
        let s = self.norm.to_original(local);
        Span::new(s.start + self.span.start, s.end + self.span.start)
    }

    /// Time expressions of the sentence resolved in another direction (an announced
    /// event reads 周五 as the coming Friday).
    pub fn times_towards(
        &self,
        anchor: NaiveDate,
        direction: Direction,
    ) -> Vec<Located<TimeMention>> {
        locate_times(self, anchor, direction)
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
        latest_dated_day(&fields)
    } else {
        None
    };
    let dateline = find_dateline(&doc.body, dated, latest, kb);
    let anchor = dateline.as_ref().and_then(|d| d.date).or(dated).or(latest);
    if let Some(anchor) = anchor {
        for field in &mut fields {
            for sentence in &mut field.sentences {
                sentence.times = locate_times(sentence, anchor, Direction::Past);
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
                times: Vec::new(),
            };
            sentence.actors = kb
                .find_mentions_normalized(&sentence.norm.text)
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

fn locate_times(
    sentence: &Sentence,
    anchor: NaiveDate,
    direction: Direction,
) -> Vec<Located<TimeMention>> {
    find_times(&sentence.norm.text, anchor, direction)
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
        t.chars().count() > 15
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
fn latest_dated_day(fields: &[AnalyzedField]) -> Option<NaiveDate> {
    // Any anchor works for expressions that name their year.
    let probe = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    fields
        .iter()
        .flat_map(|f| &f.sentences)
        .flat_map(|s| find_times(&s.norm.text, probe, Direction::Past))
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
