//! dossier: a terminal reader for weighing a folder of articles on one topic.
//! Data flows one way: files → corpus → model → (layout, search, compare) → views.

pub mod app;
pub mod cli;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod layout;
pub mod model;
pub mod parallel;
pub mod persist;
pub mod sanitize;
pub mod search;
pub mod tui;
pub mod ui;
pub mod wording;
