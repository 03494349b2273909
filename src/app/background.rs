//! Work too slow for a keystroke (comparing a large corpus takes seconds): the app describes
//! it as a [`Job`], `tui` runs it on a thread and hands the result back to [`super::finish`].
//! Tests run jobs at once with [`super::run_jobs`]. No threads or I/O here.

use crate::compare::{Comparison, Config};

/// A piece of work and what to do with it; `Send` so it can leave the UI thread.
pub struct Job {
    work: Box<dyn FnOnce() -> Done + Send>,
}

impl Job {
    pub fn new(work: impl FnOnce() -> Done + Send + 'static) -> Job {
        Job {
            work: Box::new(work),
        }
    }

    /// Does the work (on whichever thread calls this).
    pub fn run(self) -> Done {
        (self.work)()
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// A finished job's result, for `finish` to put into the state.
#[derive(Debug)]
pub enum Done {
    /// Every benefit and risk of the corpus (the `r` view).
    Comparison(Box<Comparison>),
    /// The comparison's lexicon and topics as read, and why the user's could not be used.
    CompareConfig {
        config: Box<Config>,
        problem: Option<String>,
    },
}
