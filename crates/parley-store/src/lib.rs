//! Storage of documents, event mentions and merged events.
