//! The vocabulary shared by every stage of parley, without any I/O.
//!
//! Data flows `RawDocument` → [`Document`] → (analysis) → [`EventMention`] → [`Event`].
//! Every piece of text that a later stage points at is addressed by a [`Span`] into the
//! text a reader sees (a document's body or one of its captions), so evidence can always
//! be shown in context.

mod diagnostic;
mod document;
mod event;
mod span;
mod time;

pub use diagnostic::{Diagnostic, Severity};
pub use document::{fingerprint, Document, RawDocument, Timestamp};
pub use event::{Event, EventMention, EventMode, EventStatus, Evidence, EVENT_TYPE_CONSULT};
pub use span::{Span, TextField};
pub use time::{Granularity, TimeInterval};
