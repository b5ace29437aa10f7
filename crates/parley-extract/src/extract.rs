//! CONSULT event extraction from an analysed document, sentence by sentence.
//!
//! For each trigger word (from [`Rules`]) in a sentence, the rules read the trigger's
//! clause (commas split clauses):
//!
//! - **status**: a planned cue (将, will) before the trigger in its clause, right after
//!   it (访华将是), or in an earlier clause without a trigger of its own, makes it
//!   `planned`; a negation (未, not) before it, a cancellation (取消) anywhere in the
//!   clause, or a question or condition (是否, if) drops it;
//! - **actors**: a summit's nickname (川习会) names its two leaders; for a meeting,
//!   call or video call, the people (persons, and roles resolved as of the date) of
//!   the clause, less those who only invite or send (应X邀请,
//!   受X委派); a clause without its own subject (与费萨尔举行了会谈, 会见了…) takes the
//!   nearest person before it, or after a pronoun the previous sentence's subject;
//!   countries when only delegations are named (俄美高级别代表); pairs when 分别 / 先后
//!   says the meetings were separate; 双方 / 两人 are the previous contact's actors. For
//!   a visit: each traveller (the person before the trigger and those listed with them,
//!   the person after 来访的, the owner in "X's visit") and the host country (named by
//!   the trigger, by the destination after it, by 对X进行访问, or by where the sentence is
//!   set);
//! - **date**: the time expression of the clause nearest the trigger, else one of an
//!   earlier clause of the sentence up to a clause with another trigger, else one of the
//!   previous sentence of the paragraph; an announced event reads its times forwards (周五
//!   → the coming Friday) and only from its own clause or a clause that is only a time.
//!   Without any, an event that happened takes the date of the document's lead event
//!   (its first dated one, within ten days of the anchor), else the dateline's or
//!   publication's day; an announced one the day after;
//! - **location**: for a visit its destination; else a place the clause names, a
//!   country it is set in (在新加坡), a place the sentence names, or the dateline's city
//!   for an event of the dateline's day.
//!
//! The same event told in several sentences or captions is one [`EventMention`] with
//! several evidence entries: same mode, actors and status, with overlapping dates (a
//! visit: within a week), or one of them undated; a plan whose dates hold a dated
//! occurrence is that occurrence (the plan was carried out) unless it says 再次 / again.

use crate::merge::is_country_code;
use crate::rules::{Cue, Hit, Rules, Trigger};
use chrono::{Days, NaiveDate};
use parley_core::{
    Document, EventMention, EventMode, EventStatus, Evidence, Span, TextField, TimeInterval,
};
use parley_nlp::analyze::{AnalyzedDocument, AnalyzedField, Located, Sentence};
use parley_nlp::kb::{KnowledgeBase, MentionKind};
use parley_nlp::text::split_clauses;
use parley_nlp::time::{Direction, TimeMention};
use std::borrow::Cow;
use std::cell::OnceCell;

/// How far after a trigger (in bytes of normalised Chinese text; twice as far in
/// English) a time may stand and still date it: 访问俄罗斯期间的9日, "met his US
/// counterpart Antony Blinken in Washington DC on Tuesday".
const TIME_AFTER_TRIGGER: usize = 40;

/// How many days before the anchor the lead event may lie to date undated retellings.
const LEAD_WINDOW_DAYS: u64 = 10;

/// Days apart two reports of one visit may be (arrival, then a meeting on day three).
const VISIT_DAYS: i64 = 7;

/// Longest plan (in days) that can be one contact the story reports as done.
const PLAN_DAYS: i64 = 31;

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
    // Read only when a lone surname turns up (English stories).
    let named = OnceCell::new();
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
            named: &named,
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
    date_undated(&mut found, anchor);
    let mut events = merge_within_document(found);
    locate_by_visits(&mut events);
    events
}

/// A meeting the text does not place happens where one of its actors is visiting at
/// the time: the location of a visit in the same document by one of them, within a
/// week of it.
fn locate_by_visits(events: &mut [EventMention]) {
    let visits: Vec<(Vec<String>, TimeInterval, String)> = events
        .iter()
        .filter(|e| e.mode == EventMode::Visit)
        .filter_map(|e| Some((e.actors.clone(), e.when, e.location.clone()?)))
        .collect();
    for e in events
        .iter_mut()
        .filter(|e| e.mode == EventMode::Meet && e.location.is_none())
    {
        let near = |v: &TimeInterval| {
            v.overlaps(&e.when)
                || (e.when.start - v.end).num_days().abs() <= VISIT_DAYS
                || (v.start - e.when.end).num_days().abs() <= VISIT_DAYS
        };
        e.location = visits
            .iter()
            .find(|(actors, when, _)| {
                near(when)
                    && actors
                        .iter()
                        .any(|a| !is_country_code(a) && e.actors.contains(a))
            })
            .map(|(_, _, place)| place.clone());
    }
}

/// An event mention and whether its date came from the text.
struct Found {
    mention: EventMention,
    dated: bool,
    /// The clause says the contact is another one (再次, again): not one told before.
    again: bool,
}

/// What every sentence of one field needs.
struct FieldContext<'a> {
    analyzed: &'a AnalyzedDocument,
    field: &'a AnalyzedField,
    field_text: &'a str,
    kb: &'a KnowledgeBase,
    rules: &'a Rules,
    anchor: NaiveDate,
    /// Who and what the document names (for lone surnames), read on first need.
    named: &'a OnceCell<Named<'a>>,
}

/// What a document names, to tell whether a lone surname is the person the knowledge
/// base knows by it.
struct Named<'a> {
    /// People named in full or with a title somewhere (Donald Trump, President Trump).
    people: Vec<&'a str>,
    /// Countries named, or of the places and roles named.
    countries: Vec<&'a str>,
}

impl Named<'_> {
    /// True when a person named only by a surname is that person here: named in full or
    /// with a title elsewhere, or a country they served is part of the story.
    fn vouches_for(&self, kb: &KnowledgeBase, id: &str) -> bool {
        self.people.contains(&id)
            || kb.person(id).is_some_and(|p| {
                p.offices
                    .iter()
                    .any(|o| self.countries.contains(&o.country.as_str()))
            })
    }
}

/// True when a mention's text is a lone Latin-script word (Morrison): a surname that
/// may belong to anyone of that name.
fn is_lone_surname(text: &str) -> bool {
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
}

/// The people `analyzed` names by more than a lone surname (Donald Trump, 特朗普) or
/// with a title before it (President Trump), and the countries it names, anywhere in
/// the document.
fn named_in_full<'a>(analyzed: &'a AnalyzedDocument, rules: &Rules) -> Named<'a> {
    let mut out: Vec<&str> = Vec::new();
    let mut countries: Vec<&str> = Vec::new();
    for sentence in analyzed.fields.iter().flat_map(|f| &f.sentences) {
        let text = sentence.norm.text.as_str();
        for a in &sentence.actors {
            let id = match &a.mention.kind {
                MentionKind::Person(id) => id,
                MentionKind::Country(c) | MentionKind::Place { country: c, .. } => {
                    if !countries.contains(&c.as_str()) {
                        countries.push(c);
                    }
                    continue;
                }
                MentionKind::Role(role) => {
                    for c in &role.countries {
                        if !countries.contains(&c.as_str()) {
                            countries.push(c);
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            let full = text
                .get(a.local.range())
                .is_none_or(|name| !is_lone_surname(name))
                || rules.titled(&text[..a.local.start.min(text.len())]);
            if full && !out.contains(&id.as_str()) {
                out.push(id);
            }
        }
    }
    Named {
        people: out,
        countries,
    }
}

/// One sentence's clauses, cues and triggers, in normalised coordinates.
struct SentenceView<'a> {
    sentence: &'a Sentence,
    clauses: Vec<Span>,
    cues: Vec<Hit<Cue>>,
    triggers: Vec<Hit<&'a Trigger>>,
    inviters: Vec<Span>,
}

impl<'a> SentenceView<'a> {
    fn new(sentence: &'a Sentence, rules: &'a Rules) -> Option<Self> {
        let scan = rules.scan_with_summits(&sentence.norm.text, &sentence.summits);
        if scan.triggers.is_empty() {
            return None;
        }
        let mut view = SentenceView {
            sentence,
            clauses: split_clauses(&sentence.norm.text),
            cues: scan.cues,
            triggers: scan.triggers,
            inviters: Vec::new(),
        };
        view.inviters = view.inviter_phrases();
        Some(view)
    }

    fn text(&self) -> &str {
        &self.sentence.norm.text
    }

    /// The index of the clause holding byte `pos`.
    fn clause_index(&self, pos: usize) -> Option<usize> {
        self.clauses
            .iter()
            .position(|c| c.start <= pos && pos < c.end.max(c.start + 1))
    }

    /// The clause holding byte `pos` (the whole sentence when none does).
    fn clause_of(&self, pos: usize) -> Span {
        self.clause_index(pos)
            .map_or(Span::new(0, self.text().len()), |i| self.clauses[i])
    }

    /// The cues of `kind` starting inside `range` (将会面: the cue may run into the
    /// trigger), outside inviter phrases.
    fn cues_in(&self, kind: Cue, range: Span) -> impl Iterator<Item = &Hit<Cue>> + '_ {
        self.cues.iter().filter(move |c| {
            c.value == kind
                && range.start <= c.span.start
                && c.span.start < range.end.max(range.start + 1)
                && !self.inviters.iter().any(|p| p.contains(c.span))
        })
    }

    fn has_cue(&self, kind: Cue, range: Span) -> bool {
        self.cues_in(kind, range).next().is_some()
    }

    /// True when a cue of `kind` ends right at `pos` (white space aside).
    fn cue_ends_at(&self, kind: Cue, pos: usize) -> bool {
        self.cues.iter().any(|c| {
            c.value == kind && c.span.end <= pos && self.text()[c.span.end..pos].trim().is_empty()
        })
    }

    /// True when a cue of `kind` starts right at `pos` (white space aside).
    fn cue_starts_at(&self, kind: Cue, pos: usize) -> bool {
        self.cues.iter().any(|c| {
            c.value == kind
                && c.span.start >= pos
                && self.text()[pos..c.span.start].trim().is_empty()
        })
    }

    /// True when the clause holds another trigger than `trigger`.
    fn has_other_trigger(&self, clause: Span, trigger: Span) -> bool {
        self.triggers
            .iter()
            .any(|t| t.span != trigger && clause.contains(t.span))
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

/// An earlier contact a sentence measures its own against (see
/// [`FieldContext::visit_recalled_since`]).
struct Recalled {
    actors: Vec<String>,
    when: TimeInterval,
    place: Option<String>,
}

/// Where a trigger stands and what its clause says.
struct Frame {
    trigger: Span,
    clause: Span,
    /// The clause before, when this one continues it (no subject of its own).
    continued: Option<Span>,
    status: EventStatus,
}

impl FieldContext<'_> {
    fn sentence_events(
        &self,
        si: usize,
        sentence: &Sentence,
        last_actors: &[String],
        doc_id: &str,
    ) -> Vec<Found> {
        let Some(view) = SentenceView::new(sentence, self.rules) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut forward = Vec::new();
        // The sentence's people as of each day a trigger resolves roles on.
        let mut people_on: Vec<(NaiveDate, Vec<Person>)> = Vec::new();
        for (ti, trigger) in view.triggers.iter().enumerate() {
            let Some(frame) = self.frame(&view, ti) else {
                continue;
            };
            let (when, dated) = self.date_of(si, &view, &frame, &mut forward);
            // What the text dates after the story cannot have happened yet (下星期访问).
            let status = if dated && when.start > self.anchor {
                EventStatus::Planned
            } else {
                frame.status
            };
            let date = self.role_date(when);
            let people = match people_on.iter().position(|(d, _)| *d == date) {
                Some(i) => &people_on[i].1,
                None => {
                    people_on.push((date, self.people(&view, date)));
                    &people_on[people_on.len() - 1].1
                }
            };
            let mut mode = trigger.value.mode;
            if mode == EventMode::Meet && view.has_cue(Cue::Video, frame.clause) {
                mode = EventMode::Video;
            } else if mode == EventMode::Meet && view.has_cue(Cue::Phone, frame.clause) {
                mode = EventMode::Phone;
            }
            // A trigger that holds its people (川习会, a summit's nickname) names them.
            let mut named: Vec<String> = people
                .iter()
                .filter(|p| trigger.span.contains(p.span))
                .map(|p| p.id.clone())
                .collect();
            named.sort();
            named.dedup();
            let groups = if named.len() >= 2 {
                vec![(named, None)]
            } else if mode == EventMode::Visit {
                self.visit(si, &view, trigger, &frame, people)
            } else {
                self.contact(si, &view, &frame, people, last_actors)
            };
            // Every event the trigger states, with the sentence as its evidence.
            let mention = |actors, when, location, status| EventMention {
                doc: doc_id.to_string(),
                mode,
                actors,
                when,
                location,
                status,
                evidence: vec![Evidence {
                    field: self.field.field,
                    span: sentence.span,
                    text: sentence.text(self.field_text).to_string(),
                }],
            };
            for (actors, place) in groups {
                let location = place.or_else(|| self.location(&view, frame.clause, when));
                out.push(Found {
                    mention: mention(actors, when, location, status),
                    dated,
                    again: view.has_cue(Cue::Again, frame.clause),
                });
            }
            if mode == EventMode::Visit {
                if let Some(recalled) = self.visit_recalled_since(&view, trigger, &frame, people) {
                    out.push(Found {
                        mention: mention(
                            recalled.actors,
                            recalled.when,
                            recalled.place,
                            EventStatus::Occurred,
                        ),
                        dated: true,
                        again: false,
                    });
                }
            }
        }
        out
    }

    /// The earlier trip a visit is measured against: "the first state visit by a
    /// Japanese prime minister since the late Shinzo Abe in 2015" says Abe made the same
    /// trip in 2015. A person right after `since` (a title or two between), then a past
    /// time right after them (in 2015), in the trigger's clause after the trigger.
    fn visit_recalled_since(
        &self,
        view: &SentenceView,
        trigger: &Hit<&Trigger>,
        frame: &Frame,
        people: &[Person],
    ) -> Option<Recalled> {
        let text = view.text();
        let after = Span::new(trigger.span.end, frame.clause.end);
        let since = view.cues_in(Cue::Since, after).next()?;
        let person = people
            .iter()
            .filter(|p| p.span.start >= since.span.end)
            .min_by_key(|p| p.span.start)?;
        let gap = &text[since.span.end..person.span.start];
        let few_words = gap.split_whitespace().count() <= 2
            && gap
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c.is_whitespace());
        if !few_words {
            return None;
        }
        let time = view
            .sentence
            .times
            .iter()
            .find(|t| t.local.start >= person.span.end)?;
        let joins = matches!(
            text[person.span.end..time.local.start].trim(),
            "in" | "back in"
        );
        if !joins || time.mention.vague || time.mention.interval.end > self.anchor {
            return None;
        }
        let (host, place, _) = self.destination(view, trigger, frame.clause)?;
        if host == person.id {
            return None;
        }
        Some(Recalled {
            actors: sorted(vec![person.id.clone(), host.clone()]),
            when: time.mention.interval,
            place: place.or(Some(host)),
        })
    }

    /// The clause of trigger `ti` and its status; `None` when the event is denied,
    /// called off or only supposed.
    fn frame(&self, view: &SentenceView, ti: usize) -> Option<Frame> {
        // Every trigger of the clause shares its cues: 将访华并会见.
        let trigger = view.triggers[ti].span;
        let clause = view.clause_of(trigger.start);
        let continued = if self.needs_subject(view, clause, trigger) {
            view.clause_index(clause.start)
                .and_then(|i| i.checked_sub(1))
                .map(|i| view.clauses[i])
        } else {
            None
        };
        // Cues count from the clause start (the previous one's, for a continuation).
        let from = continued.map_or(clause.start, |c| c.start);
        let before = Span::new(from.min(trigger.start), trigger.start);
        // A condition in the clause before (如果属实,将是…访华) governs this one too.
        let condition = view
            .clause_index(clause.start)
            .and_then(|i| i.checked_sub(1))
            .map(|i| view.clauses[i])
            .filter(|c| !view.triggers.iter().any(|t| c.contains(t.span)))
            .is_some_and(|c| view.has_cue(Cue::Hypothetical, c));
        if view.has_cue(Cue::Negation, before)
            || view.has_cue(Cue::Hypothetical, before)
            || view.has_cue(Cue::Cancelled, clause)
            || condition
        {
            return None;
        }
        // A sentence opening with its modal (这将是…, This will be…) announces all of it.
        let opening = view
            .text()
            .char_indices()
            .nth(4)
            .map_or(view.text().len(), |(i, _)| i);
        let earlier_planned = view
            .cues_in(Cue::Planned, Span::new(0, opening.min(clause.start)))
            .next()
            .is_some();
        // 抵达金奈，出席…会晤, arrived in Beijing to attend talks: the meeting is what the
        // trip is for, still to come, unless 了 reports it done (出席了会晤).
        let purpose = view.cues_in(Cue::Purpose, before).next().is_some_and(|p| {
            view.cues_in(Cue::Arrival, Span::new(0, p.span.start))
                .next()
                .is_some()
                && !view.text()[p.span.end..trigger.start].starts_with('了')
        });
        let planned = view.has_cue(Cue::Planned, before)
            || view.has_cue(Cue::InviterClose, before)
            || view.cue_starts_at(Cue::Planned, trigger.end)
            || earlier_planned
            || purpose;
        let status = if planned {
            EventStatus::Planned
        } else {
            EventStatus::Occurred
        };
        Some(Frame {
            trigger,
            clause,
            continued,
            status,
        })
    }

    /// True when the clause has no subject of its own before the trigger: nobody
    /// before it, or only the other party after 与 / with.
    fn needs_subject(&self, view: &SentenceView, clause: Span, trigger: Span) -> bool {
        if is_attributive(view, trigger) {
            return false;
        }
        let first_person = view
            .sentence
            .actors
            .iter()
            .find(|a| clause.contains(a.local) && a.local.end <= trigger.start && may_act(view, a))
            .map(|a| a.local.start);
        let Some(first_person) = first_person else {
            return true;
        };
        let partner = view
            .cues_in(Cue::Partner, Span::new(clause.start, trigger.start))
            .next()
            .map(|c| c.span.start);
        partner.is_some_and(|p| p < first_person)
    }

    /// The day roles are resolved on: the event's last day up to the anchor.
    fn role_date(&self, when: TimeInterval) -> NaiveDate {
        if when.end <= self.anchor {
            when.end
        } else if when.start >= self.anchor {
            when.start
        } else {
            self.anchor
        }
    }

    /// People of the sentence: persons named, and roles resolved as of `date`, less
    /// those inside inviter phrases and roles that are predicates or buildings.
    fn people(&self, view: &SentenceView, date: NaiveDate) -> Vec<Person> {
        let actors = &view.sentence.actors;
        let text = view.text();
        let mut out: Vec<Person> = Vec::new();
        for (i, located) in actors.iter().enumerate() {
            if !may_act(view, located) {
                continue;
            }
            match &located.mention.kind {
                // A bare surname the story never ties to anyone (Morrison) is no one.
                MentionKind::Person(id)
                    if text.get(located.local.range()).is_some_and(is_lone_surname)
                        && !self
                            .named
                            .get_or_init(|| named_in_full(self.analyzed, self.rules))
                            .vouches_for(self.kb, id)
                        && !self
                            .rules
                            .titled(text.get(..located.local.start).unwrap_or("")) => {}
                MentionKind::Person(id) => out.push(Person {
                    id: id.clone(),
                    span: located.local,
                }),
                MentionKind::Role(role) => {
                    let ids = if !role.countries.is_empty() {
                        self.kb.resolve_role(role, date, &[])
                    } else if role.plural {
                        let context = self.plural_context(view, located.local, date);
                        self.kb.resolve_role(role, date, &context)
                    } else {
                        let listed = countries_listed_before(text, actors, i);
                        let countries = if listed.is_empty() {
                            self.coordinated_country(text, actors, i, &out, date)
                                .into_iter()
                                .collect()
                        } else {
                            listed
                        };
                        countries
                            .iter()
                            .flat_map(|c| self.kb.resolve_role(role, date, std::slice::from_ref(c)))
                            .collect()
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

    /// The country of the role or person coordinated right before actor `i` (伊朗外长
    /// 阿卜杜拉希扬和总统莱希: 总统 is Iran's too).
    fn coordinated_country(
        &self,
        text: &str,
        actors: &[Located<parley_nlp::kb::ActorMention>],
        i: usize,
        people: &[Person],
        date: NaiveDate,
    ) -> Option<String> {
        let prev = actors[..i].last()?;
        let gap = text.get(prev.local.end..actors[i].local.start)?;
        if !is_connector(&strip_brackets(gap)) || gap.trim().is_empty() {
            return None;
        }
        match &prev.mention.kind {
            MentionKind::Role(r) if r.countries.len() == 1 => Some(r.countries[0].clone()),
            MentionKind::Person(id) => person_country(self.kb, id, date),
            MentionKind::Role(_) => people
                .iter()
                .rfind(|p| p.span == prev.local)
                .and_then(|p| person_country(self.kb, &p.id, date)),
            _ => None,
        }
    }

    /// The countries a plural role without its own (两国领导人, the two presidents)
    /// means: named or represented in its clause, else by the previous contact's
    /// actors, else earlier in the sentence, else in the paragraph's earlier sentences.
    fn plural_context(&self, view: &SentenceView, at: Span, date: NaiveDate) -> Vec<String> {
        let mut countries: Vec<String> = Vec::new();
        let add = |c: Option<String>, countries: &mut Vec<String>| {
            if let Some(c) = c {
                if !countries.contains(&c) {
                    countries.push(c);
                }
            }
        };
        let clause = view.clause_of(at.start);
        for a in view
            .sentence
            .actors
            .iter()
            .filter(|a| clause.contains(a.local))
        {
            add(
                self.country_of_mention(&a.mention.kind, date),
                &mut countries,
            );
        }
        if countries.len() < 2 {
            for a in view
                .sentence
                .actors
                .iter()
                .filter(|a| a.local.end <= clause.start)
            {
                add(
                    self.country_of_mention(&a.mention.kind, date),
                    &mut countries,
                );
            }
        }
        let here = view.sentence.span.start;
        let para = view.sentence.paragraph;
        let earlier = self
            .field
            .sentences
            .iter()
            .rev()
            .filter(|s| s.paragraph == para && s.span.start < here);
        for s in earlier {
            if countries.len() >= 2 {
                break;
            }
            for a in &s.actors {
                add(
                    self.country_of_mention(&a.mention.kind, date),
                    &mut countries,
                );
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

    /// The subject a clause without one takes: the nearest person of an earlier clause,
    /// else after a pronoun, the first person of the previous sentence with people.
    fn subject_before(
        &self,
        si: usize,
        view: &SentenceView,
        clause: Span,
        people: &[Person],
        trigger: Span,
    ) -> Option<Person> {
        // Not someone inside a noun phrase (柯斯塔昨天登上的火车): nobody whose own
        // clause goes on to a 的 without a completed verb (了) on the way.
        let text = view.text();
        let eligible = |p: &&Person| {
            let own = view.clause_of(p.span.start);
            let rest = &text[p.span.end..own.end.max(p.span.end)];
            p.span.end <= clause.start && (!rest.contains('的') || rest.contains('了'))
        };
        // The subject of the nearest earlier clause with people: its first person
        // (马克龙星期一与普京会面，星期二和泽连斯基会谈: 马克龙, not 普京).
        if let Some(nearest) = people.iter().rfind(eligible) {
            let own = view.clause_of(nearest.span.start);
            let first = people
                .iter()
                .filter(eligible)
                .find(|p| own.contains(p.span));
            return first.or(Some(nearest)).cloned();
        }
        if !view.has_cue(Cue::Pronoun, Span::new(0, trigger.start)) {
            return None;
        }
        let date = self.anchor;
        let para = view.sentence.paragraph;
        let previous = self.field.sentences[..si]
            .iter()
            .rev()
            .take(2)
            .filter(|s| s.paragraph == para);
        for s in previous {
            let first = s.actors.iter().find_map(|a| match &a.mention.kind {
                MentionKind::Person(id) => Some(id.clone()),
                MentionKind::Role(r) if !r.plural && r.countries.len() == 1 => {
                    self.kb.resolve_role(r, date, &[]).into_iter().next()
                }
                _ => None,
            });
            if let Some(id) = first {
                // Not a position in this sentence: before everything.
                return Some(Person {
                    id,
                    span: Span::new(0, 0),
                });
            }
        }
        None
    }

    /// Actor sets of a meeting, call or video call (several when 分别 makes pairs).
    fn contact(
        &self,
        si: usize,
        view: &SentenceView,
        frame: &Frame,
        people: &[Person],
        last_actors: &[String],
    ) -> Vec<(Vec<String>, Option<String>)> {
        let clause = frame.clause;
        // "Trump's July 25 call with Zelensky": the owner and those after the trigger,
        // not whoever else the clause names (an aide to Pence on …).
        if let Some(owner) = possessive_owner(view, clause, frame.trigger, people) {
            let mut group: Vec<String> = people
                .iter()
                .filter(|p| clause.contains(p.span) && p.span.start >= frame.trigger.end)
                .map(|p| p.id.clone())
                .collect();
            group.push(owner.id.clone());
            let actors = sorted(group);
            if actors.len() >= 2 {
                return vec![(actors, None)];
            }
        }
        // Who discusses a contact (讨论了与金正恩会晤) is not in it.
        let topic = topic_end(view, frame.trigger);
        let mut group: Vec<Person> = people
            .iter()
            .filter(|p| clause.contains(p.span) && topic.is_none_or(|end| p.span.start >= end))
            .cloned()
            .collect();
        if self.needs_subject(view, clause, frame.trigger) && topic.is_none() {
            if let Some(subject) = self.subject_before(si, view, clause, people, frame.trigger) {
                group.insert(0, subject);
            }
        }
        if let Some(distributive) = view.cues_in(Cue::Distributive, clause).next() {
            // 甲分别会见乙、丙 and 乙、丙分别会见甲 split at the distributive word;
            // 甲与乙、丙分别会谈, where everyone comes before it, at the partner word.
            let everyone_before = group.iter().all(|p| p.span.end <= distributive.span.start);
            let split = if everyone_before {
                group
                    .iter()
                    .map(|p| p.span.end)
                    .min()
                    .and_then(|first| {
                        view.cues_in(Cue::Partner, Span::new(first, distributive.span.start))
                            .next()
                    })
                    .map_or(distributive.span, |partner| partner.span)
            } else {
                distributive.span
            };
            let before: Vec<&Person> = group.iter().filter(|p| p.span.end <= split.start).collect();
            let after: Vec<&Person> = group.iter().filter(|p| p.span.start >= split.end).collect();
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
        let actors = sorted(group.iter().map(|p| p.id.clone()).collect());
        if actors.len() >= 2 {
            return vec![(actors, None)];
        }
        let subject_part = Span::new(
            frame.continued.map_or(clause.start, |c| c.start),
            frame.trigger.start,
        );
        let delegations = delegation_countries(view, subject_part);
        if delegations.len() >= 2 {
            return vec![(sorted(delegations), None)];
        }
        // 双方 / the ministers in the clause, or in the next one when the trigger opens
        // the sentence (During phone conversations in March, the ministers…).
        let both_scope = match view.clause_index(clause.start) {
            Some(0) => view
                .clauses
                .get(1)
                .map_or(clause, |next| Span::new(clause.start, next.end)),
            _ => clause,
        };
        if actors.is_empty() && view.has_cue(Cue::Both, both_scope) && last_actors.len() >= 2 {
            return vec![(last_actors.to_vec(), None)];
        }
        Vec::new()
    }

    /// The travellers and host of a visit, with the destination place when named: one
    /// actor set per traveller.
    fn visit(
        &self,
        si: usize,
        view: &SentenceView,
        trigger: &Hit<&Trigger>,
        frame: &Frame,
        people: &[Person],
    ) -> Vec<(Vec<String>, Option<String>)> {
        let Some((host, place, object_end)) = self.destination(view, trigger, frame.clause) else {
            return Vec::new();
        };
        let travellers = self.travellers(si, view, trigger.span, object_end, frame, people, &host);
        let place = place
            .or_else(|| self.place_in(view, &host))
            .or(Some(host.clone()));
        travellers
            .into_iter()
            .map(|t| (sorted(vec![t, host.clone()]), place.clone()))
            .collect()
    }

    /// The host country of a visit, its place when named, and where the destination
    /// phrase ends.
    fn destination(
        &self,
        view: &SentenceView,
        trigger: &Hit<&Trigger>,
        clause: Span,
    ) -> Option<(String, Option<String>, usize)> {
        let text = view.text();
        let actors = &view.sentence.actors;
        if let Some(host) = &trigger.value.host {
            return Some((host.clone(), None, trigger.span.end));
        }
        if trigger.value.object {
            // Right after the trigger: 访问俄罗斯, 前往沙特首都利雅得, arrived in Washington.
            let after = actors.iter().position(|a| {
                a.local.start >= trigger.span.end
                    && is_destination(&a.mention.kind)
                    && gap_is_small(&text[trigger.span.end..a.local.start])
            });
            if let Some(i) = after {
                let (country, mut place) = as_destination(&actors[i].mention.kind)?;
                let mut end = actors[i].local.end;
                // 沙特首都利雅得: a city of that country right after it.
                if place.is_none() {
                    if let Some(next) = actors.get(i + 1) {
                        if let MentionKind::Place { id, country: c } = &next.mention.kind {
                            let gap = &text[end.min(next.local.start)..next.local.start];
                            if *c == country && gap.chars().count() <= 3 {
                                place = Some(id.clone());
                                end = next.local.end;
                            }
                        }
                    }
                }
                return Some((country, place, end));
            }
        }
        // 对中国进行访问, 赴美访问: the destination before the trigger after 对/赴/到.
        let before = actors.iter().rev().find(|a| {
            a.local.end <= trigger.span.start
                && clause.contains(a.local)
                && is_destination(&a.mention.kind)
                && ends_with_any(
                    &text[clause.start..a.local.start],
                    &["对", "赴", "到", "往", "至"],
                )
        });
        if let Some(dest) = before {
            let (country, place) = as_destination(&dest.mention.kind)?;
            return Some((country, place, trigger.span.end));
        }
        if trigger.value.object {
            // arriving at the White House in Washington: where the clause is set, after
            // the trigger.
            let rest = Span::new(trigger.span.end, clause.end.max(trigger.span.end));
            let (country, place) = self.setting(view, rest)?;
            return Some((country, place, trigger.span.end));
        }
        // 来访: the host is where the clause (or sentence) is set (在北京), or the
        // dateline's country.
        let set = self
            .setting(view, clause)
            .or_else(|| self.setting(view, Span::new(0, text.len())));
        if let Some((country, place)) = set {
            return Some((country, place, trigger.span.end));
        }
        let dateline = self.analyzed.dateline.as_ref()?;
        Some((
            dateline.country.clone()?,
            dateline.place.clone(),
            trigger.span.end,
        ))
    }

    /// The place (or country) a span says things happen in: 在北京, 于人民大会堂 in
    /// Beijing, in Singapore.
    fn setting(&self, view: &SentenceView, range: Span) -> Option<(String, Option<String>)> {
        let text = view.text();
        let actors = &view.sentence.actors;
        actors.iter().enumerate().find_map(|(i, a)| {
            if !range.contains(a.local) {
                return None;
            }
            let (country, place) = as_destination(&a.mention.kind)?;
            let mut start = a.local.start;
            // 在南非约翰内斯堡: step back over the country before the city.
            if place.is_some() && i > 0 {
                let prev = &actors[i - 1];
                if matches!(prev.mention.kind, MentionKind::Country(_))
                    && text[prev.local.end..a.local.start].trim().is_empty()
                {
                    start = prev.local.start;
                }
            }
            ends_with_any(&text[..start], &["在", "于", "in", "at"]).then_some((country, place))
        })
    }

    /// A place of `country` the sentence names (the city of a visit to a country).
    fn place_in(&self, view: &SentenceView, country: &str) -> Option<String> {
        view.sentence
            .actors
            .iter()
            .find_map(|a| match &a.mention.kind {
                MentionKind::Place { id, country: c } if c == country => Some(id.clone()),
                _ => None,
            })
    }

    /// The travellers of a visit.
    #[allow(clippy::too_many_arguments)]
    fn travellers(
        &self,
        si: usize,
        view: &SentenceView,
        trigger: Span,
        object_end: usize,
        frame: &Frame,
        people: &[Person],
        host: &str,
    ) -> Vec<String> {
        let text = view.text();
        let clause = frame.clause;
        let away = |p: &&Person| !self.is_at_home(&p.id, host);
        // "Starmer's visit": the owner, or nobody.
        let possessive = text[..trigger.start].trim_end();
        if possessive.ends_with("'s") || possessive.ends_with("’s") {
            let owner_end = possessive.len()
                - if possessive.ends_with("'s") {
                    2
                } else {
                    "’s".len()
                };
            return people
                .iter()
                .filter(|p| p.span.end == owner_end)
                .filter(away)
                .map(|p| p.id.clone())
                .take(1)
                .collect();
        }
        let before: Vec<&Person> = people
            .iter()
            .filter(|p| p.span.end <= trigger.start && clause.contains(p.span))
            .collect();
        let after = || {
            people
                .iter()
                .filter(|p| p.span.start >= object_end && clause.contains(p.span))
                .find(away)
        };
        // 来访的拉夫罗夫, 应邀访问阿尔巴尼亚的张高丽: the person the phrase describes, unless
        // someone stands right before the trigger (习近平访美的…).
        let attributive = text[object_end..].trim_start().starts_with('的');
        let adjacent = before
            .last()
            .filter(|p| text[p.span.end..trigger.start].chars().count() <= 2);
        if attributive && adjacent.is_none() {
            return after().map(|p| p.id.clone()).into_iter().collect();
        }
        let Some(nearest) = before.last().copied() else {
            if self.needs_subject(view, clause, trigger) {
                if let Some(s) = self.subject_before(si, view, clause, people, trigger) {
                    if !self.is_at_home(&s.id, host) {
                        return vec![s.id];
                    }
                }
            }
            return after().map(|p| p.id.clone()).into_iter().collect();
        };
        if self.is_at_home(&nearest.id, host) {
            // 李克强会见来华出席…的拉马: the visitor comes after; else the host stands
            // between the visitor and the trigger (Lee is welcomed by Trump after
            // arriving at the White House; Kishida met Biden after arriving in Washington).
            return after()
                .or_else(|| before.iter().rev().copied().find(away))
                .map(|p| p.id.clone())
                .into_iter()
                .collect();
        }
        // Those listed with the nearest one: 佛瑞德里克森（左）、柯斯塔（中）、范德赖恩抵达.
        let mut out = vec![nearest.id.clone()];
        let mut end = nearest.span.start;
        for p in before.iter().rev().skip(1) {
            let gap = strip_brackets(&text[p.span.end.min(end)..end]);
            if !starts_with_connector(&gap) {
                break;
            }
            if !self.is_at_home(&p.id, host) && !out.contains(&p.id) {
                out.push(p.id.clone());
            }
            end = p.span.start;
        }
        out
    }

    /// True when `person` holds an office of `country` (a trip home is no visit).
    fn is_at_home(&self, person: &str, country: &str) -> bool {
        person_country(self.kb, person, self.anchor).is_some_and(|c| c == country)
    }

    /// The event's date (see the module documentation), and whether the text gave it.
    ///
    /// `forward` keeps the sentence's times read towards the future, per local anchor,
    /// for the sentence's other announced triggers.
    fn date_of(
        &self,
        si: usize,
        view: &SentenceView,
        frame: &Frame,
        forward: &mut Vec<(NaiveDate, Vec<Located<TimeMention>>)>,
    ) -> (TimeInterval, bool) {
        let sentence = view.sentence;
        let planned = frame.status == EventStatus::Planned;
        let times: &[Located<TimeMention>] = if planned {
            // Announced as of the sentence's own dated day (周四(2月6日)抵达…将在周五会谈).
            let text = view.text();
            let local_anchor = sentence
                .times
                .iter()
                .filter(|t| t.local.end <= frame.continued.unwrap_or(frame.clause).start)
                .filter(|t| !t.mention.vague)
                .filter(|t| text[t.local.range()].contains(|c: char| c.is_ascii_digit()))
                .filter(|t| t.mention.interval.start == t.mention.interval.end)
                .map(|t| t.mention.interval.end)
                .filter(|d| *d <= self.anchor)
                .max()
                .unwrap_or(self.anchor);
            let i = match forward.iter().position(|(d, _)| *d == local_anchor) {
                Some(i) => i,
                None => {
                    let times = self
                        .field
                        .times_towards(si, local_anchor, Direction::Future);
                    forward.push((local_anchor, times));
                    forward.len() - 1
                }
            };
            &forward[i].1
        } else {
            &sentence.times
        };
        let usable: Vec<&Located<TimeMention>> =
            times.iter().filter(|t| !is_since(view, t.local)).collect();
        let trigger = frame.trigger;
        let in_clause = |clause: Span| {
            usable
                .iter()
                .copied()
                .filter(move |t| clause.contains(Span::new(t.local.start, t.local.start)))
        };
        // The trigger's clause: nearest before, then close after; precise before vague.
        // Before the trigger, not before a planned cue of it when another trigger comes
        // first (arrived on Monday ahead of talks: Monday is the arrival's; 双方4月将会见
        // is April's).
        let cue_at = view
            .cues_in(Cue::Planned, Span::new(frame.clause.start, trigger.start))
            .map(|c| c.span.start)
            .last();
        let after_other_trigger = |t: &Located<TimeMention>| {
            view.triggers.iter().any(|other| {
                other.span != trigger
                    && frame.clause.start <= other.span.start
                    && other.span.end <= t.local.start
            })
        };
        let own: Vec<&Located<TimeMention>> = in_clause(frame.clause)
            .filter(|t| {
                !planned
                    || cue_at.is_none_or(|c| {
                        t.local.start >= c
                            || t.local.start >= trigger.end
                            || !after_other_trigger(t)
                    })
            })
            .collect();
        let chinese = view
            .text()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let after_limit = if chinese {
            TIME_AFTER_TRIGGER
        } else {
            2 * TIME_AFTER_TRIGGER
        };
        for vague in [false, true] {
            if let Some(t) = own
                .iter()
                .rev()
                .find(|t| t.local.end <= trigger.start && t.mention.vague == vague)
            {
                return (t.mention.interval, true);
            }
            if let Some(t) = own.iter().find(|t| {
                t.local.start >= trigger.end
                    && t.local.start - trigger.end <= after_limit
                    && !view.has_cue(Cue::Since, Span::new(trigger.end, t.local.start))
                    && t.mention.vague == vague
            }) {
                return (t.mention.interval, true);
            }
        }
        // The clause this one continues; for an announcement, only one that announces
        // too (a report of what happened dates that, not what is planned).
        let announces =
            |c: Span| !view.has_other_trigger(c, trigger) || view.has_cue(Cue::Planned, c);
        if let Some(prev) = frame.continued.filter(|c| !planned || announces(*c)) {
            if let Some(t) = in_clause(prev).next_back() {
                return (t.mention.interval, true);
            }
        }
        // Earlier clauses, nearest first, precise before vague; a clause with a trigger
        // of its own keeps its times and ends the search. An announcement takes only a
        // clause that is nothing but a time (周三, On Wednesday).
        let mut earlier: Vec<&Located<TimeMention>> = Vec::new();
        for clause in view
            .clauses
            .iter()
            .rev()
            .filter(|c| c.end <= frame.clause.start)
        {
            let times: Vec<&Located<TimeMention>> = in_clause(*clause).collect();
            let other_trigger = view.has_other_trigger(*clause, trigger);
            // Another event's clause: its times are its own, and once a time is in
            // hand, what lies beyond it dates that event, not this one.
            if other_trigger && (!times.is_empty() || !earlier.is_empty()) {
                break;
            }
            if times.is_empty() {
                continue;
            }
            if planned {
                let rest = times
                    .iter()
                    .fold(view.text()[clause.range()].to_string(), |acc, t| {
                        acc.replace(&view.text()[t.local.range()], "")
                    });
                let only_time = rest.trim().trim_start_matches(['在', '于']).trim().len() <= 3;
                if only_time || view.has_cue(Cue::Planned, *clause) {
                    earlier.extend(times.iter().rev());
                }
                break;
            }
            earlier.extend(times.iter().rev());
        }
        if let Some(t) = earlier
            .iter()
            .find(|t| !t.mention.vague)
            .or(earlier.first())
        {
            return (t.mention.interval, true);
        }
        // The previous sentence of the paragraph.
        if !planned && si > 0 {
            let prev = &self.field.sentences[si - 1];
            if prev.paragraph == sentence.paragraph {
                if let Some(t) = prev.times.iter().rev().find(|t| !t.mention.vague) {
                    return (t.mention.interval, true);
                }
            }
        }
        let day = if planned {
            self.anchor
                .checked_add_days(Days::new(1))
                .unwrap_or(self.anchor)
        } else {
            self.analyzed
                .dateline
                .as_ref()
                .and_then(|d| d.date)
                .unwrap_or(self.anchor)
        };
        (TimeInterval::day(day), false)
    }

    /// A place named in the clause, a country it is set in, a place the sentence
    /// names, or the dateline's city for an event on the dateline's day.
    fn location(&self, view: &SentenceView, clause: Span, when: TimeInterval) -> Option<String> {
        let place_in = |range: Span| {
            view.sentence
                .actors
                .iter()
                .find_map(|a| match &a.mention.kind {
                    MentionKind::Place { id, .. } if range.contains(a.local) => Some(id.clone()),
                    _ => None,
                })
        };
        place_in(clause)
            .or_else(|| {
                self.setting(view, clause)
                    .map(|(country, place)| place.unwrap_or(country))
            })
            .or_else(|| place_in(Span::new(0, view.text().len())))
            .or_else(|| {
                let dateline = self.analyzed.dateline.as_ref()?;
                let day = dateline.date?;
                (when.start <= day && day <= when.end).then(|| dateline.place.clone())?
            })
    }
}

/// True when a person or role mention can be a participant: not inside an inviter
/// phrase, and for a role, not what someone becomes (担任总统) nor a building (总统府).
fn may_act(view: &SentenceView, a: &Located<parley_nlp::kb::ActorMention>) -> bool {
    if view.inviters.iter().any(|p| p.contains(a.local)) {
        return false;
    }
    match &a.mention.kind {
        MentionKind::Person(_) => true,
        MentionKind::Role(_) => {
            !view.cue_ends_at(Cue::RoleBefore, a.local.start)
                && !view.cue_starts_at(Cue::RoleAfter, a.local.end)
        }
        _ => false,
    }
}

/// The person who owns the trigger noun in English: "Trump's July 25 call", the owner
/// of a possessive at most four words before the trigger, within its clause.
fn possessive_owner<'p>(
    view: &SentenceView,
    clause: Span,
    trigger: Span,
    people: &'p [Person],
) -> Option<&'p Person> {
    let text = view.text();
    people.iter().rev().find(|p| {
        if !clause.contains(p.span) || p.span.end > trigger.start {
            return false;
        }
        let between = &text[p.span.end..trigger.start];
        let Some(rest) = between
            .strip_prefix("'s")
            .or_else(|| between.strip_prefix("’s"))
        else {
            return false;
        };
        rest.starts_with(' ')
            && rest.split_whitespace().count() <= 4
            && !rest.contains([',', ';', '(', ')'])
    })
}

/// True when the trigger (with its destination) describes a noun after 的: 来访的拉夫罗夫,
/// 抵达新加坡的川普, 访问阿尔巴尼亚的张高丽.
fn is_attributive(view: &SentenceView, trigger: Span) -> bool {
    let text = view.text();
    let mut end = trigger.end;
    if let Some(dest) = view.sentence.actors.iter().find(|a| {
        a.local.start >= trigger.end
            && is_destination(&a.mention.kind)
            && gap_is_small(&text[trigger.end..a.local.start])
    }) {
        end = dest.local.end;
    }
    text[trigger.end..].trim_start().starts_with('的') || text[end..].trim_start().starts_with('的')
}

/// True when the time at `local` says since when (自去年…以来, since 2018).
fn is_since(view: &SentenceView, local: Span) -> bool {
    view.cue_ends_at(Cue::Since, local.start)
        || view.text()[local.end..].trim_start().starts_with("以来")
}

/// Dates events the text left undated: one that happened takes the lead event's date
/// (the first dated occurrence within [`LEAD_WINDOW_DAYS`] of the anchor).
fn date_undated(found: &mut [Found], anchor: NaiveDate) {
    let window_start = anchor
        .checked_sub_days(Days::new(LEAD_WINDOW_DAYS))
        .unwrap_or(anchor);
    let lead = found
        .iter()
        .find(|f| {
            f.dated
                && f.mention.status == EventStatus::Occurred
                && f.mention.when.end <= anchor
                && f.mention.when.start >= window_start
        })
        .map(|f| f.mention.when);
    let Some(lead) = lead else { return };
    for f in found
        .iter_mut()
        .filter(|f| !f.dated && f.mention.status == EventStatus::Occurred)
    {
        f.mention.when = lead;
    }
}

/// Country ids listed right before actor `i` (伊朗、以色列外长): Country mentions joined
/// only by list connectors.
fn countries_listed_before(
    text: &str,
    actors: &[Located<parley_nlp::kb::ActorMention>],
    i: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut end = actors[i].local.start;
    for a in actors[..i].iter().rev() {
        let MentionKind::Country(c) = &a.mention.kind else {
            break;
        };
        if a.local.end > end || !is_connector(&text[a.local.end..end]) {
            break;
        }
        out.push(c.clone());
        end = a.local.start;
    }
    out.reverse();
    out
}

/// Countries named right before a delegation word in `range` (俄美高级别代表,
/// 美国与朝鲜官员, US and Ukrainian negotiators).
fn delegation_countries(view: &SentenceView, range: Span) -> Vec<String> {
    let text = view.text();
    let actors = &view.sentence.actors;
    let mut out: Vec<String> = Vec::new();
    for cue in view.cues_in(Cue::Delegation, range) {
        let mut end = cue.span.start;
        for a in actors
            .iter()
            .rev()
            .filter(|a| a.local.end <= cue.span.start && range.contains(a.local))
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

/// List connectors between two items.
const CONNECTORS: &[&str] = &["、", "与", "和", "及", "以及", "同", "跟", ",", "and", "&"];

/// Text between two list items: nothing, or a connector.
fn is_connector(gap: &str) -> bool {
    let g = gap.trim();
    g.is_empty() || CONNECTORS.contains(&g)
}

/// Text between two listed people opens with a connector (titles may follow it).
fn starts_with_connector(gap: &str) -> bool {
    let g = gap.trim_start();
    CONNECTORS.iter().any(|c| g.starts_with(c))
}

/// Where the topic word ends when the contact at `trigger` is what someone discusses
/// (discussing a possible meeting with Kim, 讨论了与金正恩会晤): a topic word before it,
/// with only an article, a modifier or the partner phrase between.
fn topic_end(view: &SentenceView, trigger: Span) -> Option<usize> {
    const BETWEEN: &[&str] = &[
        "a",
        "an",
        "the",
        "possible",
        "potential",
        "future",
        "another",
    ];
    let text = view.text();
    view.cues
        .iter()
        .filter(|c| c.value == Cue::Topic && c.span.end <= trigger.start)
        .find(|c| {
            let gap = text[c.span.end..trigger.start].trim();
            let gap = gap.strip_prefix('了').unwrap_or(gap).trim_start();
            gap.split_whitespace()
                .all(|w| BETWEEN.iter().any(|b| b.eq_ignore_ascii_case(w)))
                || view
                    .cues_in(Cue::Partner, Span::new(c.span.end, trigger.start))
                    .next()
                    .is_some_and(|p| {
                        text[c.span.end..p.span.start]
                            .trim_matches([' ', '了'])
                            .is_empty()
                    })
        })
        .map(|c| c.span.end)
}

/// The text without bracketed asides: 佛瑞德里克森（左）、 → 佛瑞德里克森、.
fn strip_brackets(text: &str) -> Cow<'_, str> {
    if !text.contains(['(', '（', '[', '【', ')', '）', ']', '】']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Text between a visit trigger and its destination: a particle or an English
/// preposition and article at most.
fn gap_is_small(gap: &str) -> bool {
    const SMALL: &[&str] = &[
        "", "了", "到", "至", "于", "到了", "to", "in", "to the", "in the", "of", "of the", "the",
        "at",
    ];
    let g = gap.trim();
    SMALL.iter().any(|s| s.eq_ignore_ascii_case(g))
}

fn ends_with_any(text: &str, suffixes: &[&str]) -> bool {
    let t = text.trim_end();
    suffixes.iter().any(|s| {
        t.ends_with(s)
            && (s.is_empty()
                || !s.starts_with(|c: char| c.is_ascii_alphabetic())
                || !t[..t.len() - s.len()].ends_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// True when a mention can be a destination: a country or a place.
fn is_destination(kind: &MentionKind) -> bool {
    matches!(kind, MentionKind::Country(_) | MentionKind::Place { .. })
}

/// The host country and place id a destination mention names.
fn as_destination(kind: &MentionKind) -> Option<(String, Option<String>)> {
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

/// True when two reports can be one event: overlapping dates, either undated, or for
/// a visit, days within [`VISIT_DAYS`].
fn same_event(a: &Found, b: &Found) -> bool {
    let (x, y) = (&a.mention, &b.mention);
    if x.mode != y.mode || x.actors != y.actors {
        return false;
    }
    if x.status != y.status {
        // An undated retelling of an announced event (川普访华被认为是重要访问) is it.
        let undated_occurrence = |f: &Found| !f.dated && f.mention.status == EventStatus::Occurred;
        return undated_occurrence(a) || undated_occurrence(b) || plan_carried_out(a, b);
    }
    if x.when.overlaps(&y.when) || !a.dated || !b.dated {
        return true;
    }
    x.mode == EventMode::Visit
        && (y.when.start - x.when.end)
            .num_days()
            .abs()
            .min((x.when.start - y.when.end).num_days().abs())
            <= VISIT_DAYS
}

/// True when one of two reports is a plan of a month or less whose dates hold the
/// other, a dated occurrence: the plan was carried out (they had vowed to meet in April
/// … met on Thursday), unless the plan says it is another contact (再次, again). A plan
/// for a whole year says too little to be any one contact.
fn plan_carried_out(a: &Found, b: &Found) -> bool {
    let (plan, done) = if a.mention.status == EventStatus::Planned {
        (a, b)
    } else {
        (b, a)
    };
    plan.mention.status == EventStatus::Planned
        && done.mention.status == EventStatus::Occurred
        && plan.dated
        && done.dated
        && !plan.again
        && plan.mention.when.days() <= PLAN_DAYS
        && plan.mention.when.contains(&done.mention.when)
}

/// One mention per event within the document (see [`same_event`]). The merged mention
/// keeps the most precise date the text gave (a visit: its first day), the most
/// specific location, and every evidence sentence in document order.
fn merge_within_document(found: Vec<Found>) -> Vec<EventMention> {
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        let Some(e) = out.iter_mut().find(|e| same_event(e, &f)) else {
            out.push(f);
            continue;
        };
        let carried_out = plan_carried_out(e, &f);
        let m = f.mention;
        if e.mention.status != m.status {
            // A plan carried out is what happened; an undated retelling of an announced
            // event leaves it announced.
            e.mention.status = if carried_out {
                EventStatus::Occurred
            } else {
                EventStatus::Planned
            };
        }
        if e.dated && f.dated && m.mode == EventMode::Visit && !e.mention.when.overlaps(&m.when) {
            // Two days of one visit: the first (the arrival).
            if m.when.start < e.mention.when.start {
                e.mention.when = m.when;
            }
        } else {
            let better = match (e.dated, f.dated) {
                (false, true) => true,
                (true, false) => false,
                _ => m.when.days() < e.mention.when.days(),
            };
            if better {
                e.mention.when = m.when;
                e.dated = f.dated;
            }
        }
        let specific = |l: &Option<String>| l.as_deref().is_some_and(|s| !is_country_code(s));
        if e.mention.location.is_none() || (!specific(&e.mention.location) && specific(&m.location))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_stripped_and_connectors_found() {
        assert_eq!(strip_brackets("（左）、歐盟理事會主席"), "、歐盟理事會主席");
        assert!(starts_with_connector(&strip_brackets(
            "(左)、欧盟理事会主席"
        )));
        assert!(!starts_with_connector("欢迎"));
        assert!(is_connector(" and "));
        assert!(!is_connector("会见"));
    }

    #[test]
    fn small_gaps_before_a_destination() {
        assert!(gap_is_small(" to the "));
        assert!(gap_is_small("了"));
        assert!(!gap_is_small("factories of"));
    }

    #[test]
    fn suffixes_respect_english_words() {
        assert!(ends_with_any("会见在", &["在"]));
        assert!(ends_with_any("met in ", &["in"]));
        assert!(!ends_with_any("Berlin", &["in"]));
    }
}
