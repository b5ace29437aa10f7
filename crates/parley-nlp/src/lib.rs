//! The language layer: text normalisation with offset maps, sentence splitting, the
//! knowledge base of actors with time-bounded offices, and time expressions resolved
//! against an anchor date.

pub mod analyze;
pub mod kb;
pub mod text;
pub mod time;
