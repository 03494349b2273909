//! dossier: a terminal reader for weighing a folder of articles on one topic.
//! Data flows one way: files → corpus → model → (layout, search, compare) → views.

pub mod cli;
pub mod corpus;
pub mod layout;
pub mod model;
pub mod sanitize;
pub mod search;
