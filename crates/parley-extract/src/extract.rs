//! CONSULT event extraction from an analysed document, sentence by sentence.
//!
//! For each trigger word (from [`Rules`]) in a sentence, the rules read, within the
//! trigger's clause (Chinese commas split clauses; English sentences are one clause):
//!
//! - **status**: a planned cue (将, will) before the trigger makes it `planned`; a
//!   negation (未, not) or a question/condition (是否, if) drops it;
//! - **date**: the sentence's own time expression nearest before the trigger (after it
//!   when none is before), else one from an earlier sentence of the paragraph, else the
//!   dateline's date, else the publication date; an announced event reads its times
//!   forwards (周五 → the coming Friday);
//! - **actors**: for a meeting, call or video call, every person (or role resolved as of
//!   the date) in the clause, less those who only invite or send (应X邀请, 受X委派),
//!   plus the subject of an earlier clause when the clause names one person; countries
//!   when only delegations are named (俄美高级别代表); pairs when 分别/先后 says the
//!   meetings were separate. For a visit: the traveller (the person before the
//!   trigger, or after 来访的) and the host country (named by the trigger, by the
//!   destination after it, by 对X进行访问, or by where the sentence is set);
//! - **location**: a place the clause names, else a place the sentence names, else the
//!   visit's destination, else the dateline's city for an event of the dateline's day.
//!
//! The same event told in several sentences or captions is one [`EventMention`] with
//! several evidence entries.

use crate::merge::is_country_code;
use crate::rules::{Cue, Hit, Rules, Trigger};
use chrono::NaiveDate;
use parley_core::{
    Document, EventMention, EventMode, EventStatus, Evidence, Span, TextField, TimeInterval,
};
use parley_nlp::analyze::{AnalyzedDocument, AnalyzedField, Located, Sentence};
use parley_nlp::kb::{ActorMention, KnowledgeBase, MentionKind};
use parley_nlp::text::split_clauses;
use parley_nlp::time::{Direction, TimeMention};

/// Extracts every CONSULT event mention of an analysed document.
pub fn extract(
    analyzed: &AnalyzedDocument,
    doc: &Document,
    kb: &KnowledgeBase,
    rules: &Rules,
) -> Vec<EventMention> {
    let Some(anchor) = analyzed.anchor else {
        return Vec::new();
    };
    let mut found: Vec<Found> = Vec::new();
    for field in &analyzed.fields {
        let Some(field_text) = doc.text(field.field) else {
            continue;
        };
        let ctx = FieldContext {
            analyzed,
            field,
            field_text,
            kb,
            rules,
            anchor,
        };
        let mut last_actors: Vec<String> = Vec::new();
        for (si, sentence) in field.sentences.iter().enumerate() {
            for event in ctx.sentence_events(si, sentence, &last_actors, &doc.id) {
                if event.mention.mode != EventMode::Visit {
                    last_actors = event.mention.actors.clone();
                }
                found.push(event);
            }
        }
    }
    merge_within_document(found)
}

/// An event mention and whether its date came from the text.
struct Found {
    mention: EventMention,
    dated: bool,
}

/// What every sentence of one field needs.
struct FieldContext<'a> {
    analyzed: &'a AnalyzedDocument,
    field: &'a AnalyzedField,
    field_text: &'a str,
    kb: &'a KnowledgeBase,
    rules: &'a Rules,
    anchor: NaiveDate,
}

/// One sentence's clauses, cues and triggers, in normalised coordinates.
struct SentenceView<'a> {
    sentence: &'a Sentence,
    clauses: Vec<Span>,
    cues: Vec<Hit<Cue>>,
    triggers: Vec<Hit<&'a Trigger>>,
}

impl SentenceView<'_> {
    fn text(&self) -> &str {
        &self.sentence.norm.text
    }

    /// The clause holding byte `pos`.
    fn clause_of(&self, pos: usize) -> Span {
        self.clauses
            .iter()
            .copied()
            .find(|c| c.start <= pos && pos < c.end.max(c.start + 1))
            .unwrap_or(Span::new(0, self.text().len()))
    }

    /// The cues of `kind` inside `range`.
    fn cues_in(&self, kind: Cue, range: Span) -> impl Iterator<Item = &Hit<Cue>> + '_ {
        self.cues
            .iter()
            .filter(move |c| c.value == kind && range.contains(c.span))
    }

    fn has_cue(&self, kind: Cue, range: Span) -> bool {
        self.cues_in(kind, range).next().is_some()
    }

    /// Spans of inviter phrases (应 … 邀请, 受 … 委派) that hold no trigger.
    fn inviter_phrases(&self) -> Vec<Span> {
        let mut out = Vec::new();
        for open in self.cues.iter().filter(|c| c.value == Cue::Inviter) {
            let clause = self.clause_of(open.span.start);
            let close = self.cues.iter().find(|c| {
                c.value == Cue::InviterClose
                    && c.span.start >= open.span.end
                    && c.span.end <= clause.end
            });
            if let Some(close) = close {
                let phrase = Span::new(open.span.start, close.span.end);
                let holds_trigger = self.triggers.iter().any(|t| phrase.contains(t.span));
                if !holds_trigger && phrase.len() <= 60 {
                    out.push(phrase);
                }
            }
        }
        out
    }
}

/// A participant found in a sentence: a person id, at a position.
#[derive(Debug, Clone)]
struct Person {
    id: String,
    span: Span,
}

impl FieldContext<'_> {
    fn sentence_events(
        &self,
        si: usize,
        sentence: &Sentence,
        last_actors: &[String],
        doc_id: &str,
    ) -> Vec<Found> {
        let triggers = self.rules.find_triggers(&sentence.norm.text);
        if triggers.is_empty() {
            return Vec::new();
        }
        let view = SentenceView {
            sentence,
            clauses: split_clauses(&sentence.norm.text),
            cues: self.rules.find_cues(&sentence.norm.text),
            triggers,
        };
        let inviters = view.inviter_phrases();
        let mut out = Vec::new();
        for (ti, trigger) in view.triggers.iter().enumerate() {
            let clause = view.clause_of(trigger.span.start);
            // Cues count from the clause start, or from the previous trigger in it.
            let cue_from = view.triggers[..ti]
                .iter()
                .rev()
                .find(|t| t.span.end <= trigger.span.start && clause.contains(t.span))
                .map_or(clause.start, |t| t.span.end);
            let before = Span::new(cue_from.min(trigger.span.start), trigger.span.start);
            let clause_before = Span::new(clause.start, trigger.span.start);
            if view.has_cue(Cue::Negation, before) || view.has_cue(Cue::Hypothetical, clause_before)
            {
                continue;
            }
            let status = if view.has_cue(Cue::Planned, before) {
                EventStatus::Planned
            } else {
                EventStatus::Occurred
            };
            let (when, dated) = self.date_of(si, sentence, trigger.span, clause, status);
            let people = self.people(&view, when.start, &inviters);
            let mut mode = trigger.value.mode;
            if mode == EventMode::Meet && view.has_cue(Cue::Video, clause) {
                mode = EventMode::Video;
            } else if mode == EventMode::Meet && view.has_cue(Cue::Phone, clause) {
                mode = EventMode::Phone;
            }
            let groups = if mode == EventMode::Visit {
                self.visit(&view, trigger, clause, &people)
                    .into_iter()
                    .collect::<Vec<_>>()
            } else {
                self.contact(&view, trigger.span, clause, &people, last_actors)
            };
            for (actors, place) in groups {
                let location = place.or_else(|| self.location(&view, clause, when));
                let evidence = Evidence {
                    field: self.field.field,
                    span: sentence.span,
                    text: sentence.text(self.field_text).to_string(),
                };
                let mention = EventMention {
                    doc: doc_id.to_string(),
                    mode,
                    actors,
                    when,
                    location,
                    status,
                    evidence: vec![evidence],
                };
                out.push(Found { mention, dated });
            }
        }
        out
    }

    /// People of the sentence: persons named, and roles resolved as of `date`, less
    /// those inside inviter phrases.
    fn people(&self, view: &SentenceView, date: NaiveDate, inviters: &[Span]) -> Vec<Person> {
        let actors = &view.sentence.actors;
        let mut out = Vec::new();
        for (i, located) in actors.iter().enumerate() {
            if inviters.iter().any(|p| p.contains(located.local)) {
                continue;
            }
            match &located.mention.kind {
                MentionKind::Person(id) => out.push(Person {
                    id: id.clone(),
                    span: located.local,
                }),
                MentionKind::Role(role) => {
                    let ids = if role.countries.is_empty() {
                        let listed = countries_listed_before(view.text(), actors, i);
                        if listed.is_empty() {
                            let context = self.role_context(view, located.local, role.plural, date);
                            self.kb.resolve_role(role, date, &context)
                        } else {
                            listed
                                .iter()
                                .flat_map(|c| {
                                    self.kb.resolve_role(role, date, std::slice::from_ref(c))
                                })
                                .collect()
                        }
                    } else {
                        self.kb.resolve_role(role, date, &[])
                    };
                    out.extend(ids.into_iter().map(|id| Person {
                        id,
                        span: located.local,
                    }));
                }
                _ => {}
            }
        }
        out
    }

    /// Countries near a role without its own: for a plural role, the two countries
    /// named or represented nearest (clause, sentence, paragraph); for a singular one,
    /// the country named last before it.
    fn role_context(
        &self,
        view: &SentenceView,
        at: Span,
        plural: bool,
        date: NaiveDate,
    ) -> Vec<String> {
        let mut countries: Vec<String> = Vec::new();
        let add = |c: String, countries: &mut Vec<String>| {
            if !countries.contains(&c) {
                countries.push(c);
            }
        };
        let clause = view.clause_of(at.start);
        if !plural {
            let last = view
                .sentence
                .actors
                .iter()
                .filter(|a| a.local.end <= at.start && clause.contains(a.local))
                .filter_map(|a| match &a.mention.kind {
                    MentionKind::Country(c) => Some(c.clone()),
                    _ => None,
                })
                .next_back();
            return last.into_iter().collect();
        }
        let in_clause: Vec<&Located<ActorMention>> = view
            .sentence
            .actors
            .iter()
            .filter(|a| clause.contains(a.local))
            .collect();
        let in_sentence: Vec<&Located<ActorMention>> = view.sentence.actors.iter().collect();
        for group in [in_clause, in_sentence] {
            for a in group {
                if let Some(c) = self.country_of_mention(&a.mention.kind, date) {
                    add(c, &mut countries);
                }
            }
            if countries.len() >= 2 {
                countries.truncate(2);
                return countries;
            }
        }
        // Earlier sentences of the paragraph, nearest first.
        let here = view.sentence.span.start;
        let para = view.sentence.paragraph;
        for s in self
            .field
            .sentences
            .iter()
            .rev()
            .filter(|s| s.paragraph == para && s.span.start < here)
        {
            for a in &s.actors {
                if let Some(c) = self.country_of_mention(&a.mention.kind, date) {
                    add(c, &mut countries);
                }
            }
            if countries.len() >= 2 {
                break;
            }
        }
        countries.truncate(2);
        countries
    }

    /// The country a mention stands for or belongs to (a person: the country of the
    /// office held on `date`).
    fn country_of_mention(&self, kind: &MentionKind, date: NaiveDate) -> Option<String> {
        match kind {
            MentionKind::Country(c) => Some(c.clone()),
            MentionKind::Person(id) => person_country(self.kb, id, date),
            _ => None,
        }
    }

    /// Actor sets of a meeting, call or video call (several when 分别 makes pairs).
    fn contact(
        &self,
        view: &SentenceView,
        trigger: Span,
        clause: Span,
        people: &[Person],
        last_actors: &[String],
    ) -> Vec<(Vec<String>, Option<String>)> {
        let mut in_clause: Vec<&Person> =
            people.iter().filter(|p| clause.contains(p.span)).collect();
        if distinct(&in_clause) < 2 && lacks_subject(&view.text()[clause.range()]) {
            // The subject of an earlier clause: 阿卜杜拉希扬抵达利雅得,与费萨尔举行了会谈.
            if let Some(subject) = people.iter().rfind(|p| p.span.end <= clause.start) {
                in_clause.insert(0, subject);
            }
        }
        if let Some(split) = view.cues_in(Cue::Distributive, clause).next() {
            let before: Vec<&Person> = in_clause
                .iter()
                .copied()
                .filter(|p| p.span.end <= split.span.start)
                .collect();
            let after: Vec<&Person> = in_clause
                .iter()
                .copied()
                .filter(|p| p.span.start >= split.span.end)
                .collect();
            let (one, many) = if distinct(&before) == 1 {
                (before, after)
            } else {
                (after, before)
            };
            if distinct(&one) == 1 && distinct(&many) >= 2 {
                return many
                    .iter()
                    .filter(|p| p.id != one[0].id)
                    .map(|p| (sorted(vec![one[0].id.clone(), p.id.clone()]), None))
                    .collect();
            }
        }
        let mut actors: Vec<String> = in_clause.iter().map(|p| p.id.clone()).collect();
        actors = sorted(actors);
        if actors.len() < 2 {
            let delegations = delegation_countries(view, clause);
            if delegations.len() >= 2 {
                return vec![(sorted(delegations), None)];
            }
            if view.has_cue(Cue::Both, Span::new(clause.start, trigger.end))
                && last_actors.len() >= 2
            {
                return vec![(last_actors.to_vec(), None)];
            }
            return Vec::new();
        }
        vec![(actors, None)]
    }

    /// The traveller and host of a visit, with the destination place when named.
    fn visit(
        &self,
        view: &SentenceView,
        trigger: &Hit<&Trigger>,
        clause: Span,
        people: &[Person],
    ) -> Option<(Vec<String>, Option<String>)> {
        let text = view.text();
        let actors = &view.sentence.actors;
        let mut host = trigger.value.host.clone();
        let mut place: Option<String> = None;
        let mut object_end = trigger.span.end;
        if host.is_none() && trigger.value.object {
            // The destination right after the trigger: 访问俄罗斯, arrived in Washington.
            if let Some(dest) = actors.iter().find(|a| {
                a.local.start >= trigger.span.end
                    && gap_is_small(&text[trigger.span.end..a.local.start])
                    && destination(&a.mention.kind).is_some()
            }) {
                let (country, p) = destination(&dest.mention.kind)?;
                host = Some(country);
                place = p;
                object_end = dest.local.end;
            }
        }
        if host.is_none() {
            // 对中国进行访问, 前往X: the destination before the trigger after 对/赴/到.
            if let Some(dest) = actors.iter().rev().find(|a| {
                a.local.end <= trigger.span.start
                    && clause.contains(a.local)
                    && destination(&a.mention.kind).is_some()
                    && ends_with_any(
                        &text[clause.start..a.local.start],
                        &["对", "赴", "到", "往", "至"],
                    )
            }) {
                let (country, p) = destination(&dest.mention.kind)?;
                host = Some(country);
                place = p;
            }
        }
        if host.is_none() {
            // 来访: the host is where the sentence is set (在北京), or the dateline's country.
            if let Some(set) = actors.iter().find(|a| {
                matches!(a.mention.kind, MentionKind::Place { .. })
                    && ends_with_any(&text[..a.local.start], &["在", "于", "in ", "at "])
            }) {
                let (country, p) = destination(&set.mention.kind)?;
                host = Some(country);
                place = p;
            } else if !trigger.value.object {
                host = self
                    .analyzed
                    .dateline
                    .as_ref()
                    .and_then(|d| d.country.clone());
            }
        }
        let host = host?;
        // The traveller: after 来访的 / 访华的, else the person nearest before the trigger.
        let attributive = text[object_end..].trim_start().starts_with('的');
        let traveller = if attributive {
            people
                .iter()
                .find(|p| p.span.start >= object_end && clause.contains(p.span))
        } else {
            people
                .iter()
                .rfind(|p| p.span.end <= trigger.span.start && clause.contains(p.span))
                .or_else(|| people.iter().rfind(|p| p.span.end <= clause.start))
        }?;
        if self.is_at_home(&traveller.id, &host) {
            return None;
        }
        Some((
            sorted(vec![traveller.id.clone(), host.clone()]),
            place.or(Some(host)),
        ))
    }

    /// True when `person` holds an office of `country` (a trip home is no visit).
    fn is_at_home(&self, person: &str, country: &str) -> bool {
        person_country(self.kb, person, self.anchor).is_some_and(|c| c == country)
    }

    /// The event's date (see the module documentation), and whether the text gave it
    /// (false: the dateline's or publication's day stands in).
    fn date_of(
        &self,
        si: usize,
        sentence: &Sentence,
        trigger: Span,
        clause: Span,
        status: EventStatus,
    ) -> (TimeInterval, bool) {
        let planned = status == EventStatus::Planned;
        let own: Vec<Located<TimeMention>> = if planned {
            // An announcement's date is in its own clause; earlier ones date the report.
            let mut times = sentence.times_towards(self.anchor, Direction::Future);
            times.retain(|t| clause.contains(t.local));
            times
        } else {
            sentence.times.clone()
        };
        if let Some(t) = pick_time(&own, trigger, clause) {
            return (t, true);
        }
        // An earlier sentence of the same paragraph.
        if !planned {
            for s in self.field.sentences[..si]
                .iter()
                .rev()
                .take_while(|s| s.paragraph == sentence.paragraph)
            {
                if let Some(t) = s.times.iter().rev().find(|t| !t.mention.vague) {
                    return (t.mention.interval, true);
                }
            }
        }
        let day = if planned {
            self.anchor
        } else {
            self.analyzed
                .dateline
                .as_ref()
                .and_then(|d| d.date)
                .unwrap_or(self.anchor)
        };
        (TimeInterval::day(day), false)
    }

    /// A place named in the clause, else in the sentence; else the dateline's city for
    /// an event on the dateline's day.
    fn location(&self, view: &SentenceView, clause: Span, when: TimeInterval) -> Option<String> {
        let places = |range: Span| {
            view.sentence
                .actors
                .iter()
                .find_map(|a| match &a.mention.kind {
                    MentionKind::Place { id, .. } if range.contains(a.local) => Some(id.clone()),
                    _ => None,
                })
        };
        places(clause)
            .or_else(|| places(Span::new(0, view.text().len())))
            .or_else(|| {
                let dateline = self.analyzed.dateline.as_ref()?;
                let day = dateline.date?;
                (when.start <= day && day <= when.end).then(|| dateline.place.clone())?
            })
    }
}

/// Picks the time of a trigger from its sentence's times: in its clause or before it,
/// nearest first, precise before vague; after it when nothing precedes.
fn pick_time(times: &[Located<TimeMention>], trigger: Span, clause: Span) -> Option<TimeInterval> {
    let before: Vec<&Located<TimeMention>> = times
        .iter()
        .filter(|t| t.local.end <= trigger.start)
        .collect();
    let in_clause_after: Vec<&Located<TimeMention>> = times
        .iter()
        .filter(|t| t.local.start >= trigger.end && clause.contains(t.local))
        .collect();
    for vague in [false, true] {
        if let Some(t) = before.iter().rev().find(|t| t.mention.vague == vague) {
            return Some(t.mention.interval);
        }
        if let Some(t) = in_clause_after.iter().find(|t| t.mention.vague == vague) {
            return Some(t.mention.interval);
        }
    }
    None
}

/// Country ids listed right before actor `i` (伊朗、以色列外长): Country mentions joined
/// only by list connectors.
fn countries_listed_before(text: &str, actors: &[Located<ActorMention>], i: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut end = actors[i].local.start;
    for a in actors[..i].iter().rev() {
        let MentionKind::Country(c) = &a.mention.kind else {
            break;
        };
        if !is_connector(&text[a.local.end.min(end)..end]) {
            break;
        }
        out.push(c.clone());
        end = a.local.start;
    }
    out.reverse();
    out
}

/// Countries named right before a delegation word in the clause (俄美高级别代表,
/// 美国与朝鲜官员, US and Ukrainian negotiators).
fn delegation_countries(view: &SentenceView, clause: Span) -> Vec<String> {
    let text = view.text();
    let actors = &view.sentence.actors;
    let mut out: Vec<String> = Vec::new();
    for cue in view.cues_in(Cue::Delegation, clause) {
        let mut end = cue.span.start;
        for a in actors
            .iter()
            .rev()
            .filter(|a| a.local.end <= cue.span.start && clause.contains(a.local))
        {
            let MentionKind::Country(c) = &a.mention.kind else {
                break;
            };
            if a.local.end > end || !is_connector(&text[a.local.end..end]) {
                break;
            }
            if !out.contains(c) {
                out.push(c.clone());
            }
            end = a.local.start;
        }
    }
    out
}

/// True when a clause opens with a preposition or adverb instead of its own subject
/// (与费萨尔举行了会谈, 并会见了…), so its subject is the previous clause's.
fn lacks_subject(clause: &str) -> bool {
    const OPENERS: &[&str] = &[
        "与", "同", "和", "跟", "并", "随后", "还", "也", "又", "后", "期间", "其间",
    ];
    let c = clause.trim_start();
    OPENERS.iter().any(|o| c.starts_with(o))
}

/// Text between two list items: nothing, 、, 与, 和, and, commas.
fn is_connector(gap: &str) -> bool {
    let g = gap.trim();
    g.is_empty() || ["、", "与", "和", "及", "同", "跟", ",", "and", "&"].contains(&g)
}

/// Text between a visit trigger and its destination: a particle or an English
/// preposition and article at most.
fn gap_is_small(gap: &str) -> bool {
    let g = gap.trim().to_lowercase();
    g.is_empty()
        || [
            "了", "到", "至", "于", "到了", "to", "in", "to the", "in the", "of", "of the", "the",
            "at",
        ]
        .contains(&g.as_str())
}

fn ends_with_any(text: &str, suffixes: &[&str]) -> bool {
    let t = text.trim_end();
    suffixes.iter().any(|s| t.ends_with(s.trim_end()))
}

/// The host country and place id a destination mention names.
fn destination(kind: &MentionKind) -> Option<(String, Option<String>)> {
    match kind {
        MentionKind::Country(c) => Some((c.clone(), None)),
        MentionKind::Place { id, country } => Some((country.clone(), Some(id.clone()))),
        _ => None,
    }
}

/// The country a person served on `date`, else the country of their latest office.
fn person_country(kb: &KnowledgeBase, id: &str, date: NaiveDate) -> Option<String> {
    let person = kb.person(id)?;
    let is_country = |c: &str| kb.country(c).is_some();
    person
        .offices_on(date)
        .map(|o| o.country.clone())
        .find(|c| is_country(c))
        .or_else(|| {
            person
                .offices
                .iter()
                .rev()
                .map(|o| o.country.clone())
                .find(|c| is_country(c))
        })
}

fn distinct(people: &[&Person]) -> usize {
    let mut ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

/// One mention per event within the document: mentions with the same mode, actors and
/// status are one when their dates overlap or when either date only stands in for a
/// date the text did not give (an undated retelling). The merged mention keeps the most
/// precise date the text gave, the most specific location, and every evidence sentence
/// in document order.
fn merge_within_document(found: Vec<Found>) -> Vec<EventMention> {
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        let m = f.mention;
        let same = out.iter_mut().find(|e| {
            let e_m = &e.mention;
            e_m.mode == m.mode
                && e_m.actors == m.actors
                && e_m.status == m.status
                && (e_m.when.overlaps(&m.when) || !e.dated || !f.dated)
        });
        match same {
            Some(e) => {
                let better = match (e.dated, f.dated) {
                    (false, true) => true,
                    (true, false) => false,
                    _ => m.when.days() < e.mention.when.days(),
                };
                if better {
                    e.mention.when = m.when;
                    e.dated = f.dated;
                }
                let specific =
                    |l: &Option<String>| l.as_deref().is_some_and(|s| !is_country_code(s));
                if e.mention.location.is_none()
                    || (!specific(&e.mention.location) && specific(&m.location))
                {
                    e.mention.location = m.location.clone();
                }
                for ev in m.evidence {
                    if !e.mention.evidence.contains(&ev) {
                        e.mention.evidence.push(ev);
                    }
                }
                e.mention
                    .evidence
                    .sort_by_key(|ev| (field_order(ev.field), ev.span.start));
            }
            None => out.push(Found {
                mention: m,
                dated: f.dated,
            }),
        }
    }
    out.into_iter()
        .map(|f| f.mention)
        .filter(|e| e.actors.len() >= 2)
        .collect()
}

fn field_order(field: TextField) -> (u8, usize) {
    match field {
        TextField::Body => (0, 0),
        TextField::Caption(i) => (1, i),
    }
}
