use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document could not be processed at all.
    Error,
    /// The document was processed, but something in it was ignored or guessed.
    Warning,
}

/// A problem with one document, reported as data so a batch never aborts on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The document it concerns (a path, a feed item's link, a WARC record's URL).
    pub origin: String,
    /// How bad it is.
    pub severity: Severity,
    /// A one-line reason a person can act on.
    pub message: String,
}

impl Diagnostic {
    /// An error: the document was not processed.
    pub fn error(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            origin: origin.into(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning: the document was processed with a caveat.
    pub fn warning(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            origin: origin.into(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.origin, self.message)
    }
}
