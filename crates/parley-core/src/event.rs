use crate::{Span, TextField, TimeInterval};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The PLOVER event type parley extracts today.
pub const EVENT_TYPE_CONSULT: &str = "CONSULT";

/// How a CONSULT event took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventMode {
    /// An in-person meeting or talks.
    Meet,
    /// A phone call.
    Phone,
    /// A video call or video meeting.
    Video,
    /// A trip by one actor to a host country.
    Visit,
}

impl EventMode {
    /// Every mode, in a stable order.
    pub const ALL: [EventMode; 4] = [
        EventMode::Meet,
        EventMode::Phone,
        EventMode::Video,
        EventMode::Visit,
    ];

    /// The lower-case name used in output and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            EventMode::Meet => "meet",
            EventMode::Phone => "phone",
            EventMode::Video => "video",
            EventMode::Visit => "visit",
        }
    }
}

impl fmt::Display for EventMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventMode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                format!("unknown event mode {s:?} (expected meet, phone, video or visit)")
            })
    }
}

/// Whether an event happened or is only announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// It took place.
    Occurred,
    /// It will or may take place.
    Planned,
}

impl EventStatus {
    /// The lower-case name used in output and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Occurred => "occurred",
            EventStatus::Planned => "planned",
        }
    }
}

impl fmt::Display for EventStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "occurred" => Ok(EventStatus::Occurred),
            "planned" => Ok(EventStatus::Planned),
            _ => Err(format!(
                "unknown event status {s:?} (expected occurred or planned)"
            )),
        }
    }
}

/// The passage of a document that states an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The text the span points into.
    pub field: TextField,
    /// Byte range of the sentence in that text.
    pub span: Span,
    /// The sentence itself, as the reader sees it.
    pub text: String,
}

/// What one document says about one event: possibly several sentences of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMention {
    /// The document's id ([`crate::Document::id`]).
    pub doc: String,
    /// How the contact took place.
    pub mode: EventMode,
    /// Actor ids, sorted and unique: people as slugs, countries as ISO 3166 alpha-3.
    /// For a visit: the traveller and the host country.
    pub actors: Vec<String>,
    /// When, as precisely as the text supports.
    pub when: TimeInterval,
    /// Where: a place id (lower-case English city name) or a country's alpha-3 code.
    pub location: Option<String>,
    /// Whether it happened or is announced.
    pub status: EventStatus,
    /// Every sentence of the document that states it, in document order.
    pub evidence: Vec<Evidence>,
}

/// One real-world event, merged from every mention that reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id in the store.
    pub id: i64,
    /// How the contact took place.
    pub mode: EventMode,
    /// Actor ids, sorted and unique.
    pub actors: Vec<String>,
    /// The most precise date its mentions agree on.
    pub when: TimeInterval,
    /// Where, when any mention says.
    pub location: Option<String>,
    /// `Occurred` as soon as any mention reports it happened.
    pub status: EventStatus,
    /// The event this one fulfils or is fulfilled by: a planned event links to its occurrence.
    pub linked: Option<i64>,
    /// Every report of it.
    pub mentions: Vec<EventMention>,
}
