//! Putting one document, once for both backends: the checks, the document row, and the
//! loop that applies [`parley_extract::merge`] decisions to its mentions. A backend
//! supplies only the statements, through [`WriteTx`], inside its write transaction.

use crate::{PutOutcome, StoreError};
use chrono::NaiveDate;
use parley_core::{Document, Event, EventMention, EventMode, TimeInterval};
use parley_extract::merge::{self, Geography};

/// The statements putting a document needs, in one backend's dialect, run inside the
/// backend's write transaction (and savepoint for the document).
pub(crate) trait WriteTx {
    /// True when a document with `doc`'s id, or its URL, is already stored.
    fn document_stored(&mut self, doc: &Document) -> Result<bool, StoreError>;

    /// Inserts the document and indexes its title, body and captions for search; false
    /// when another writer stored the same document first (nothing inserted).
    fn insert_document(&mut self, doc: &Document) -> Result<bool, StoreError>;

    /// Events of `mode` with an actor among `actors` whose dates overlap `from..=to`, in
    /// id order, without their mentions.
    fn candidates(
        &mut self,
        mode: EventMode,
        from: NaiveDate,
        to: NaiveDate,
        actors: &[String],
    ) -> Result<Vec<Event>, StoreError>;

    /// Sets an event's interval and place (with the place's country).
    fn update_event(
        &mut self,
        id: i64,
        when: &TimeInterval,
        location: Option<&str>,
        location_country: Option<&str>,
    ) -> Result<(), StoreError>;

    /// Inserts an event as `mention` describes it (place's country given) and returns its
    /// id; its actors are added with [`WriteTx::insert_event_actor`].
    fn insert_event(
        &mut self,
        mention: &EventMention,
        location_country: Option<&str>,
    ) -> Result<i64, StoreError>;

    /// Records that `actor` (of `country`, when known) takes part in event `event`.
    fn insert_event_actor(
        &mut self,
        event: i64,
        actor: &str,
        country: Option<&str>,
    ) -> Result<(), StoreError>;

    /// Sets event `event`'s link to `partner`; when `only_if_unlinked`, only if it has none.
    fn set_link(
        &mut self,
        event: i64,
        partner: i64,
        only_if_unlinked: bool,
    ) -> Result<(), StoreError>;

    /// Stores `mention`, the `ordinal`-th of its document, as a mention of `event`.
    fn insert_mention(
        &mut self,
        event: i64,
        ordinal: usize,
        mention: &EventMention,
    ) -> Result<(), StoreError>;
}

/// Puts one document with its mentions: nothing when it (or its URL) is already stored;
/// else the document, and each mention merged into an event (joining one, or starting
/// one) and linked as [`merge::decide`] says.
pub(crate) fn put_document(
    tx: &mut impl WriteTx,
    geo: &dyn Geography,
    doc: &Document,
    mentions: &[EventMention],
) -> Result<PutOutcome, StoreError> {
    if tx.document_stored(doc)? {
        return Ok(PutOutcome::default());
    }
    if doc.id.trim().is_empty() {
        return Err(StoreError::Invalid(format!(
            "{}: document without an id",
            doc.origin
        )));
    }
    let mentions = mentions
        .iter()
        .map(|m| normalise(doc, m))
        .collect::<Result<Vec<_>, _>>()?;
    if !tx.insert_document(doc)? {
        return Ok(PutOutcome::default());
    }
    let mut outcome = PutOutcome {
        new_document: true,
        ..PutOutcome::default()
    };
    for (ordinal, mention) in mentions.iter().enumerate() {
        let wide = merge::widen(&mention.when, merge::NEAR_DAYS);
        let candidates = tx.candidates(mention.mode, wide.start, wide.end, &mention.actors)?;
        let decision = merge::decide(mention, &candidates, geo);
        let event_id = match decision
            .merge_into
            .and_then(|id| candidates.iter().find(|e| e.id == id))
        {
            Some(event) => {
                let (when, location) = merge::absorb(event, mention, geo);
                let country = location.as_deref().and_then(|l| geo.country_of(l));
                tx.update_event(event.id, &when, location.as_deref(), country.as_deref())?;
                outcome.events_merged += 1;
                event.id
            }
            None => {
                let country = mention.location.as_deref().and_then(|l| geo.country_of(l));
                let id = tx.insert_event(mention, country.as_deref())?;
                for actor in &mention.actors {
                    tx.insert_event_actor(id, actor, geo.country_of(actor).as_deref())?;
                }
                outcome.events_new += 1;
                id
            }
        };
        if let Some(partner) = decision.link {
            tx.set_link(event_id, partner, false)?;
            tx.set_link(partner, event_id, true)?;
            outcome.links += 1;
        }
        tx.insert_mention(event_id, ordinal, mention)?;
    }
    Ok(outcome)
}

/// Checks a mention against its document and puts its actors in canonical form.
fn normalise(doc: &Document, m: &EventMention) -> Result<EventMention, StoreError> {
    let invalid = |why: String| Err(StoreError::Invalid(format!("{}: {why}", doc.origin)));
    if m.doc != doc.id {
        return invalid(format!(
            "a mention names document {:?}, not this one ({})",
            m.doc, doc.id
        ));
    }
    let mut actors: Vec<String> = m.actors.iter().map(|a| a.trim().to_string()).collect();
    actors.sort();
    actors.dedup();
    if actors.is_empty() || actors.iter().any(String::is_empty) {
        return invalid("a mention without actors".into());
    }
    for date in [m.when.start, m.when.end] {
        if !(1..=9999).contains(&chrono::Datelike::year(&date)) {
            return invalid(format!("a mention dated outside years 1-9999: {date}"));
        }
    }
    if m.when.start > m.when.end {
        return invalid(format!(
            "a mention whose interval ends before it starts: {}",
            m.when
        ));
    }
    Ok(EventMention {
        actors,
        ..m.clone()
    })
}
