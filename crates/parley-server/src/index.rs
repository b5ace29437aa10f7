//! An in-memory summary of every stored event, built through [`Store::for_each_event`],
//! so the API can filter, count, page and draw the network without asking the store to
//! load every event with its mentions on each request. Full events are still read from
//! the store when one is shown.

use crate::names::Names;
use chrono::NaiveDate;
use parley_core::{Event, EventMode, EventStatus, TimeInterval};
use parley_store::{ChangeMark, Counts, Store, StoreError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the timeline needs of one event.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Store id.
    pub id: i64,
    /// How the contact took place.
    pub mode: EventMode,
    /// Whether it happened.
    pub status: EventStatus,
    /// Sorted actor ids.
    pub actors: Vec<String>,
    /// When.
    pub when: TimeInterval,
    /// Where.
    pub location: Option<String>,
    /// The linked plan or occurrence.
    pub linked: Option<i64>,
    /// Ids of the documents reporting it, unique, in mention order.
    pub docs: Vec<String>,
    /// How many mentions it has.
    pub mentions: usize,
    /// The first evidence sentence of its first mention.
    pub evidence: Option<String>,
    /// Every id a country filter may name: the actors, their countries, the place and
    /// its country.
    involved: Vec<String>,
}

/// A filter over events, with the same meaning as [`parley_store::EventQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Actors that must all take part.
    pub actors: Vec<String>,
    /// A country involved as an actor, an actor's country, the place or its country.
    pub country: Option<String>,
    /// Only this mode.
    pub mode: Option<EventMode>,
    /// Only this status.
    pub status: Option<EventStatus>,
    /// Events ending on or after this day.
    pub since: Option<NaiveDate>,
    /// Events starting on or before this day.
    pub until: Option<NaiveDate>,
}

impl Filter {
    /// True when `event` passes every condition set.
    pub fn matches(&self, event: &Summary) -> bool {
        self.mode.is_none_or(|m| m == event.mode)
            && self.status.is_none_or(|s| s == event.status)
            && self.since.is_none_or(|d| event.when.end >= d)
            && self.until.is_none_or(|d| event.when.start <= d)
            && self.actors.iter().all(|a| event.actors.contains(a))
            && self
                .country
                .as_ref()
                .is_none_or(|c| event.involved.contains(c))
    }
}

/// An actor with the number of events it takes part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCount {
    /// Actor id.
    pub id: String,
    /// Events.
    pub events: usize,
}

/// Turns stored events into summaries, remembering each id's country.
struct Summariser<'a> {
    names: &'a Names,
    countries: HashMap<String, Option<String>>,
}

impl<'a> Summariser<'a> {
    fn new(names: &'a Names) -> Self {
        Summariser {
            names,
            countries: HashMap::new(),
        }
    }

    fn event(&mut self, event: Event) -> Summary {
        let mut docs: Vec<String> = Vec::new();
        for m in &event.mentions {
            if !docs.contains(&m.doc) {
                docs.push(m.doc.clone());
            }
        }
        let evidence = event
            .mentions
            .iter()
            .flat_map(|m| m.evidence.first())
            .next()
            .map(|e| e.text.clone());
        let mut involved: Vec<String> = Vec::new();
        for id in event.actors.iter().chain(event.location.as_ref()) {
            involved.push(id.clone());
            let names = self.names;
            involved.extend(
                self.countries
                    .entry(id.clone())
                    .or_insert_with(|| names.country_of(id))
                    .clone(),
            );
        }
        involved.sort();
        involved.dedup();
        Summary {
            id: event.id,
            mode: event.mode,
            status: event.status,
            mentions: event.mentions.len(),
            actors: event.actors,
            when: event.when,
            location: event.location,
            linked: event.linked,
            docs,
            evidence,
            involved,
        }
    }
}

/// Who meets whom among the events a filter selects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Network {
    /// The busiest actors, busiest first.
    pub nodes: Vec<ActorCount>,
    /// Pairs of nodes with the number of events both take part in, heaviest first.
    pub edges: Vec<(String, String, usize)>,
}

/// Every stored event in timeline order (start, end, id), with the counts and the change
/// mark it was built at.
#[derive(Debug, Default)]
pub struct RecordIndex {
    events: Vec<Summary>,
    by_id: HashMap<i64, usize>,
    /// Positions in `events` (ascending) of the events each actor takes part in.
    by_actor: HashMap<String, Vec<usize>>,
    /// Positions in `events` (ascending) of the events each id is involved in (what a
    /// country filter looks at).
    by_involved: HashMap<String, Vec<usize>>,
    counts: Counts,
    mark: ChangeMark,
}

/// What changed in a store since an index was built, read by [`RecordIndex::changes`]
/// and applied, away from the store, by [`RecordIndex::with_changes`].
#[derive(Debug)]
pub struct Changes {
    events: Vec<Summary>,
    counts: Counts,
    mark: ChangeMark,
}

impl Changes {
    /// True when no event changed.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The store's counts when the changes were read.
    pub fn counts(&self) -> Counts {
        self.counts
    }
}

impl RecordIndex {
    /// Reads every event of `store` once.
    pub fn build(store: &dyn Store, names: &Names) -> Result<Self, StoreError> {
        let mark = store.change_mark()?;
        let counts = store.counts()?;
        let mut summarise = Summariser::new(names);
        let mut events = Vec::with_capacity(counts.events);
        store.for_each_event(&mut |event| {
            events.push(summarise.event(event));
            Ok(())
        })?;
        Ok(Self::assemble(events, counts, mark))
    }

    /// Reads the events `store` changed since this index was built (none when its counts
    /// and change mark are as they were). Only these are read, so a large record is not
    /// read again while a writer adds to it.
    pub fn changes(&self, store: &dyn Store, names: &Names) -> Result<Changes, StoreError> {
        let mark = store.change_mark()?;
        let counts = store.counts()?;
        let mut events = Vec::new();
        if (counts, mark) != (self.counts, self.mark) {
            let mut summarise = Summariser::new(names);
            store.for_each_event_changed_since(self.mark, &mut |event| {
                events.push(summarise.event(event));
                Ok(())
            })?;
        }
        Ok(Changes {
            events,
            counts,
            mark,
        })
    }

    /// This index with `changes` applied: changed events replace their old summaries,
    /// new ones join.
    pub fn with_changes(&self, changes: Changes) -> Self {
        let changed: HashSet<i64> = changes.events.iter().map(|e| e.id).collect();
        let mut events: Vec<Summary> = self
            .events
            .iter()
            .filter(|e| !changed.contains(&e.id))
            .cloned()
            .collect();
        events.extend(changes.events);
        Self::assemble(events, changes.counts, changes.mark)
    }

    /// Orders `events` on the timeline and indexes them by id, actor and involvement.
    fn assemble(mut events: Vec<Summary>, counts: Counts, mark: ChangeMark) -> Self {
        events.sort_by(|a, b| {
            (a.when.start, a.when.end, a.id).cmp(&(b.when.start, b.when.end, b.id))
        });
        let by_id = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let mut by_actor: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_involved: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            for a in &e.actors {
                by_actor.entry(a.clone()).or_default().push(i);
            }
            for c in &e.involved {
                by_involved.entry(c.clone()).or_default().push(i);
            }
        }
        RecordIndex {
            events,
            by_id,
            by_actor,
            by_involved,
            counts,
            mark,
        }
    }

    /// The store's counts when the index was built.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// One event's summary.
    pub fn get(&self, id: i64) -> Option<&Summary> {
        self.by_id.get(&id).map(|&i| &self.events[i])
    }

    /// The events `filter` selects, earliest first. An actor or country filter walks
    /// only the events of the rarest of them.
    pub fn matching<'a>(
        &'a self,
        filter: &'a Filter,
    ) -> Box<dyn Iterator<Item = &'a Summary> + 'a> {
        let lists = filter
            .actors
            .iter()
            .map(|a| self.by_actor.get(a))
            .chain(filter.country.as_ref().map(|c| self.by_involved.get(c)));
        let mut rarest: Option<&Vec<usize>> = None;
        for list in lists {
            match list {
                // An actor or country in no event: nothing matches.
                None => return Box::new(std::iter::empty()),
                Some(l) if rarest.is_none_or(|r| l.len() < r.len()) => rarest = Some(l),
                Some(_) => {}
            }
        }
        match rarest {
            Some(positions) => Box::new(
                positions
                    .iter()
                    .map(move |&i| &self.events[i])
                    .filter(move |e| filter.matches(e)),
            ),
            None => Box::new(self.events.iter().filter(move |e| filter.matches(e))),
        }
    }

    /// Every event, earliest first.
    pub fn all(&self) -> &[Summary] {
        &self.events
    }

    /// Every actor with its number of events, busiest first (ties by id).
    pub fn actors(&self) -> Vec<ActorCount> {
        count_actors(self.events.iter())
    }

    /// The events an actor takes part in, earliest first.
    pub fn events_of_actor<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Summary> + 'a {
        self.by_actor
            .get(id)
            .into_iter()
            .flatten()
            .map(move |&i| &self.events[i])
    }

    /// The actors `id` shares events with, with how many, most first.
    pub fn counterparts(&self, id: &str) -> Vec<ActorCount> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for event in self.events_of_actor(id) {
            for other in &event.actors {
                if other != id {
                    *counts.entry(other.as_str()).or_default() += 1;
                }
            }
        }
        sorted_counts(counts)
    }

    /// The events a document reports.
    pub fn events_of_document(&self, doc: &str) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .events
            .iter()
            .filter(|e| e.docs.iter().any(|d| d == doc))
            .map(|e| e.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The network of the events `filter` selects: the `max_nodes` busiest actors and
    /// the edges between them.
    pub fn network(&self, filter: &Filter, max_nodes: usize) -> Network {
        let selected: Vec<&Summary> = self.matching(filter).collect();
        let mut nodes = count_actors(selected.iter().copied());
        nodes.truncate(max_nodes);
        let kept: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for event in &selected {
            for (i, a) in event.actors.iter().enumerate() {
                for b in &event.actors[i + 1..] {
                    if kept.contains(a.as_str()) && kept.contains(b.as_str()) {
                        *pairs.entry((a.as_str(), b.as_str())).or_default() += 1;
                    }
                }
            }
        }
        let mut edges: Vec<(String, String, usize)> = pairs
            .into_iter()
            .map(|((a, b), n)| (a.to_string(), b.to_string(), n))
            .collect();
        edges.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1))));
        Network { nodes, edges }
    }
}

fn count_actors<'a>(events: impl Iterator<Item = &'a Summary>) -> Vec<ActorCount> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for event in events {
        for actor in &event.actors {
            *counts.entry(actor.as_str()).or_default() += 1;
        }
    }
    sorted_counts(counts)
}

fn sorted_counts(counts: HashMap<&str, usize>) -> Vec<ActorCount> {
    let mut out: Vec<ActorCount> = counts
        .into_iter()
        .map(|(id, events)| ActorCount {
            id: id.to_string(),
            events,
        })
        .collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_core::{Document, EventMention, Evidence, Span, TextField};
    use parley_store::SqliteStore;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn put(store: &mut SqliteStore, n: usize, mode: EventMode, actors: &[&str], date: &str) {
        let body = format!("Story {n}: a contact between {}.", actors.join(" and "));
        let doc = Document {
            id: parley_core::fingerprint(None, &body),
            origin: format!("test-{n}"),
            url: None,
            title: None,
            published: None,
            source: None,
            author: None,
            body: body.clone(),
            captions: vec![],
        };
        let mention = EventMention {
            doc: doc.id.clone(),
            mode,
            actors: actors.iter().map(|a| a.to_string()).collect(),
            when: TimeInterval::day(day(date)),
            location: None,
            status: EventStatus::Occurred,
            evidence: vec![Evidence {
                field: TextField::Body,
                span: Span::new(0, body.len()),
                text: body.clone(),
            }],
        };
        store.put(&doc, &[mention]).expect("put");
    }

    /// A store holding the meetings and calls in `events`: (mode, actors, day).
    fn store_with(events: &[(EventMode, &[&str], &str)]) -> SqliteStore {
        let mut store = SqliteStore::open_in_memory().expect("store");
        for (n, (mode, actors, date)) in events.iter().enumerate() {
            put(&mut store, n + 1, *mode, actors, date);
        }
        store
    }

    fn index() -> RecordIndex {
        let store = store_with(&[
            (EventMode::Meet, &["CHN", "RUS"], "2025-03-02"),
            (EventMode::Phone, &["FRA", "wang-yi"], "2025-01-05"),
            (EventMode::Meet, &["FRA", "RUS"], "2025-06-01"),
        ]);
        RecordIndex::build(&store, &Names::default()).expect("index")
    }

    /// What a reader sees of an index: events in order with their docs and mentions,
    /// actor counts and counts.
    fn view(index: &RecordIndex) -> (Vec<String>, Vec<ActorCount>, Counts) {
        let events = index
            .all()
            .iter()
            .map(|e| format!("{} {} {:?} {}", e.id, e.when, e.docs, e.mentions))
            .collect();
        (events, index.actors(), index.counts())
    }

    #[test]
    fn changes_bring_an_index_to_what_a_new_build_gives() {
        let mut store = store_with(&[
            (EventMode::Meet, &["CHN", "RUS"], "2025-03-02"),
            (EventMode::Phone, &["FRA", "wang-yi"], "2025-01-05"),
        ]);
        let names = Names::default();
        let index = RecordIndex::build(&store, &names).expect("index");
        let none = index.changes(&store, &names).expect("changes");
        assert!(none.is_empty());
        assert_eq!(none.counts(), index.counts());

        // A second report of the meeting, and a new event earlier on the timeline.
        put(
            &mut store,
            3,
            EventMode::Meet,
            &["CHN", "RUS"],
            "2025-03-02",
        );
        put(
            &mut store,
            4,
            EventMode::Visit,
            &["FRA", "RUS"],
            "2024-12-01",
        );
        let changes = index.changes(&store, &names).expect("changes");
        assert!(!changes.is_empty());
        let updated = index.with_changes(changes);
        let rebuilt = RecordIndex::build(&store, &names).expect("index");
        assert_eq!(view(&updated), view(&rebuilt));
        assert_eq!(updated.all().len(), 3);
        assert_eq!(updated.events_of_actor("RUS").count(), 2);
        let meeting = updated.all().iter().find(|e| e.mode == EventMode::Meet);
        assert_eq!(meeting.map(|e| e.mentions), Some(2));
        assert!(updated.changes(&store, &names).expect("changes").is_empty());
    }

    #[test]
    fn events_are_in_timeline_order_and_filter_like_the_store() {
        let index = index();
        let dates: Vec<String> = index.all().iter().map(|e| e.when.to_string()).collect();
        assert_eq!(dates, ["2025-01-05", "2025-03-02", "2025-06-01"]);
        let f = Filter {
            country: Some("RUS".into()),
            since: Some(day("2025-03-03")),
            ..Filter::default()
        };
        let ids: Vec<String> = index.matching(&f).map(|e| e.actors.join("+")).collect();
        assert_eq!(ids, ["FRA+RUS"]);
        let f = Filter {
            actors: vec!["FRA".into()],
            mode: Some(EventMode::Phone),
            ..Filter::default()
        };
        assert_eq!(index.matching(&f).count(), 1);
        assert_eq!(index.counts().events, 3);
        let f = Filter {
            actors: vec!["RUS".into(), "nobody".into()],
            ..Filter::default()
        };
        assert_eq!(index.matching(&f).count(), 0);
        let f = Filter {
            actors: vec!["RUS".into(), "FRA".into()],
            country: Some("FRA".into()),
            ..Filter::default()
        };
        let found: Vec<String> = index.matching(&f).map(|e| e.when.to_string()).collect();
        assert_eq!(found, ["2025-06-01"]);
        assert_eq!(index.events_of_actor("RUS").count(), 2);
        assert_eq!(index.events_of_actor("nobody").count(), 0);
    }

    #[test]
    fn actors_counterparts_and_network_count_events() {
        let index = index();
        let actors = index.actors();
        assert_eq!(
            actors[0],
            ActorCount {
                id: "FRA".into(),
                events: 2
            }
        );
        let counterparts = index.counterparts("RUS");
        assert_eq!(counterparts.len(), 2);
        assert!(counterparts.iter().all(|c| c.events == 1));
        let net = index.network(&Filter::default(), 3);
        assert_eq!(net.nodes.len(), 3);
        // FRA and RUS are the busiest; CHN wins the tie with wang-yi by id.
        assert_eq!(net.nodes[2].id, "CHN");
        assert_eq!(net.edges.len(), 2);
        assert!(net.edges.iter().all(|(a, b, n)| a < b && *n == 1));
        let first = index.all()[0].docs[0].clone();
        assert_eq!(index.events_of_document(&first), vec![index.all()[0].id]);
    }
}
