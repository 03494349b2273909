//! Fuzzy search over a corpus: query syntax ([`Query`]), a swappable [`Matcher`], an index of
//! units built once ([`Index`]), ranking, and an incremental [`Searcher`] for search-as-you-type.
//! It returns hits as data (source, section, line, score, matched chars); it never prints or
//! draws, and it never sanitises: callers pass snippet text through `crate::sanitize`.
//!
//! Typical use from a UI thread that must not block:
//! ```no_run
//! use std::sync::Arc;
//! use dossier::search::{CancelToken, Index, Query, SearchOptions, Searcher};
//! let corpus = dossier::corpus::embedded();
//! let mut searcher = Searcher::new(Arc::new(Index::build(&corpus)));
//! let cancel = CancelToken::new(); // keep a clone; call cancel() when a newer keystroke comes
//! let query = Query::parse("nasal spray").unwrap();
//! if let Some(results) = searcher.search(&query, &SearchOptions::default(), &cancel) {
//!     for group in dossier::search::group_hits(&results.hits) { /* draw */ }
//! }
//! ```

mod index;
mod matcher;
mod query;
mod rank;
mod relax;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use index::{Index, SectionUnits, Unit, UnitKind};
pub use matcher::{Matcher, SkimMatcher};
pub use query::{Group, Query, QueryError, Term, TermKind};
pub use relax::{relaxations, Relaxed};

use rank::{
    matched_alternatives, scan_section, Context, Kept, Packed, Prepared, RawHit, Reused, Scratch,
    NOT_POSSIBLE,
};

/// How many hits to return and how many one section may contribute.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    pub limit: usize,
    /// At most this many hits per section, so one section cannot fill the list.
    pub per_section: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 200,
            per_section: 2,
        }
    }
}

/// One result: a unit of text that matched, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into `Corpus::sources`.
    pub source: usize,
    /// Reading-order section index (`Source::flat_sections`); `None` for the lead.
    pub section: Option<usize>,
    /// 1-based line in the source file.
    pub line: usize,
    pub score: i64,
    /// The matched unit (`Index::text(unit)` is its full text).
    pub unit: usize,
    pub kind: UnitKind,
    /// Char indices into `Index::text(unit)` that matched, sorted, for highlighting.
    pub positions: Vec<usize>,
    /// The terms were found in different units of the section, not all in this one.
    pub spread: bool,
}

/// Hits best first, and how much matched before the limit was applied.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Hits found before `limit` cut the list (after the per-section cap).
    pub total: usize,
    /// Units examined (fewer when a refinement filtered the previous query's candidates).
    pub units_scanned: usize,
    /// Set when the query as typed found nothing and these are the hits of a looser form
    /// of it ([`Searcher::search_or_loosen`]): that form, as it would be typed.
    pub loosened: Option<String>,
}

/// Lets a newer keystroke stop older work: clone it into the worker, `cancel()` from the UI.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        CancelToken::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Below this many units a search runs on the calling thread only.
const PARALLEL_THRESHOLD: usize = 20_000;
/// Sections scanned between two looks at the cancel token.
const CANCEL_CHECK_EVERY: usize = 64;

/// Queries remembered for refinement: typing, then Backspace, then typing again stays cheap.
const HISTORY: usize = 32;
/// How many packed outcomes (a word each per term and candidate) the most recently used
/// queries keep between them: 16 MB; older ones keep only their candidates.
const OUTCOMES_KEPT: usize = 2 << 20;

/// A past query and the units that could still match a refinement of it.
struct Previous {
    query: Query,
    candidates: Vec<u32>,
    /// For each candidate, one packed match per term of `query` (empty once forgotten).
    outcomes: Vec<Packed>,
}

impl Previous {
    /// Whether a refinement `query` adds a positive term to this one: then a unit no old
    /// term could match may hold the new one, and count for its section.
    fn widens_to_sections(&self, query: &Query) -> bool {
        let old_groups = self.query.groups().len();
        !query.groups()[old_groups.min(query.groups().len())..]
            .iter()
            .all(|group| group.is_negative())
    }

    /// Each section holding a kept unit, once, in index order.
    fn sections<'a>(&'a self, index: &'a Index) -> impl Iterator<Item = &'a SectionUnits> {
        let mut last = None;
        self.candidates.iter().filter_map(move |&unit| {
            let section = index.section_of(unit as usize);
            (last != Some(section)).then(|| {
                last = Some(section);
                &index.sections()[section]
            })
        })
    }

    /// How many units [`Previous::scope`] would give, without building it.
    fn scope_len(&self, index: &Index, query: &Query) -> usize {
        if self.widens_to_sections(query) {
            self.sections(index).map(|s| s.units.len()).sum()
        } else {
            self.candidates.len()
        }
    }

    /// What a refinement `query` must scan: the kept units when it adds no positive term;
    /// every unit of their sections when it does.
    fn scope<'a>(&'a self, index: &Index, query: &Query) -> Cow<'a, [u32]> {
        if !self.widens_to_sections(query) {
            return Cow::Borrowed(&self.candidates);
        }
        Cow::Owned(
            self.sections(index)
                .flat_map(|s| s.units.clone().map(|u| u as u32))
                .collect(),
        )
    }

    /// How many terms the query has: the packed matches kept per candidate.
    fn terms(&self) -> usize {
        self.query
            .groups()
            .iter()
            .map(|g| g.alternatives.len())
            .sum()
    }

    /// Where each term of `query` stands among this query's terms, for those that can be
    /// read back; `None` when none can, or nothing is remembered.
    ///
    /// When `query` refines this one (`refined`), groups are compared in place, as
    /// [`Query::refines`] does: a unit of [`Previous::scope`] that is not a candidate lies in
    /// a candidate's section, where every group was matched and none could match it, so no
    /// term of a group without negations could. Otherwise this query must be a single
    /// group: its candidates are then every unit it could match anywhere, and any of its
    /// terms found in `query` can be read back over the whole index. Both rest, for the
    /// units this query never scanned, on [`Query::refines`]: a unit left out because a
    /// term could not match it cannot match any refinement of that term. Terms are numbered
    /// in order (the slots of `rank::Prepared`).
    fn shared_terms(&self, query: &Query, refined: bool) -> Option<Vec<Option<usize>>> {
        let old = self.query.groups();
        if self.outcomes.len() != self.candidates.len() * self.terms() || !refined && old.len() != 1
        {
            return None;
        }
        let has_negation = |group: &Group| group.alternatives.iter().any(|t| t.negated);
        let mut old_first = 0;
        let mut columns = Vec::new();
        for (g, group) in query.groups().iter().enumerate() {
            let (first, before) = if refined {
                (old_first, old.get(g))
            } else {
                (0, old.first())
            };
            let before = before.filter(|o| !has_negation(o) && !has_negation(group));
            for term in &group.alternatives {
                let at = before.and_then(|o| o.alternatives.iter().position(|t| t == term));
                columns.push(at.map(|n| first + n));
            }
            old_first += old.get(g).map_or(0, |o| o.alternatives.len());
        }
        columns.iter().any(Option::is_some).then_some(columns)
    }

    /// The remembered matches laid out along `scope` (sorted), for the terms `columns`
    /// ([`Previous::shared_terms`]) names.
    fn read_back(&self, columns: Vec<Option<usize>>, scope: &[u32]) -> Reused {
        let width = self.terms();
        let mut values = Vec::with_capacity(scope.len() * width);
        let mut next = 0;
        for &unit in scope {
            while next < self.candidates.len() && self.candidates[next] < unit {
                next += 1;
            }
            if self.candidates.get(next) == Some(&unit) {
                values.extend_from_slice(&self.outcomes[next * width..(next + 1) * width]);
            } else {
                values.extend(std::iter::repeat_n(NOT_POSSIBLE, width));
            }
        }
        Reused {
            columns,
            width,
            values,
        }
    }
}

/// Search as you type: holds the index and what recent queries could match, so a query that
/// extends an earlier one (`nas` → `nasal`) only rescans the units that could match that one.
pub struct Searcher {
    index: Arc<Index>,
    matcher: Arc<dyn Matcher>,
    /// Most recent last.
    history: Vec<Previous>,
}

impl Searcher {
    /// A searcher with the skim matcher.
    pub fn new(index: Arc<Index>) -> Searcher {
        Searcher::with_matcher(index, Arc::new(SkimMatcher::default()))
    }

    pub fn with_matcher(index: Arc<Index>, matcher: Arc<dyn Matcher>) -> Searcher {
        Searcher {
            index,
            matcher,
            history: Vec::new(),
        }
    }

    pub fn index(&self) -> &Arc<Index> {
        &self.index
    }

    /// Forgets the previous query (the next search scans everything).
    pub fn reset(&mut self) {
        self.history.clear();
    }

    /// Runs `query`; when it finds nothing, its looser forms in turn ([`relaxations`]:
    /// word roots, then any of its words), returning the first that finds something with
    /// `loosened` set. Looser forms are not remembered for refinement: the next keystroke
    /// refines what was typed. `None` if `cancel` fired.
    pub fn search_or_loosen(
        &mut self,
        query: &Query,
        options: &SearchOptions,
        cancel: &CancelToken,
    ) -> Option<Results> {
        let results = self.search(query, options, cancel)?;
        if !results.hits.is_empty() {
            return Some(results);
        }
        for relaxed in relaxations(query) {
            let mut scratch =
                Searcher::with_matcher(Arc::clone(&self.index), Arc::clone(&self.matcher));
            let mut loose = scratch.search(&relaxed.query, options, cancel)?;
            if !loose.hits.is_empty() {
                loose.loosened = Some(relaxed.shown);
                return Some(loose);
            }
        }
        Some(results)
    }

    /// Runs `query`. Returns `None` if `cancel` fired before it finished; what was
    /// remembered is then unchanged, so the next search is still correct.
    pub fn search(
        &mut self,
        query: &Query,
        options: &SearchOptions,
        cancel: &CancelToken,
    ) -> Option<Results> {
        // The remembered query with the fewest candidates that this one refines.
        let narrowest_at = self
            .history
            .iter()
            .enumerate()
            .filter(|(_, previous)| query.refines(&previous.query))
            .min_by_key(|(_, previous)| previous.scope_len(&self.index, query))
            .map(|(at, _)| at);
        let narrowest = narrowest_at.map(|at| &self.history[at]);
        let mut scope = narrowest.map(|previous| previous.scope(&self.index, query));
        let mut reused = narrowest
            .zip(scope.as_deref())
            .and_then(|(previous, scope)| {
                let columns = previous.shared_terms(query, true)?;
                Some(previous.read_back(columns, scope))
            });
        if narrowest.is_none() {
            // A fresh scan still reads back a word typed alone just before (`cost` in
            // `cost | i`), over every unit.
            let alone = self.history.iter().rev().find_map(|previous| {
                let columns = previous.shared_terms(query, false)?;
                Some((previous, columns))
            });
            if let Some((previous, columns)) = alone {
                let all: Vec<u32> = (0..self.index.units().len() as u32).collect();
                reused = Some(previous.read_back(columns, &all));
                scope = Some(Cow::Owned(all));
            }
        }
        let (results, mut kept) = run(
            &self.index,
            self.matcher.as_ref(),
            query,
            options,
            Refining {
                scope: scope.as_deref(),
                reused: reused.as_ref(),
                keep: true,
            },
            cancel,
        )?;
        // The query refined is used again as the next keys vary the last word: it counts as
        // recent, so it keeps its outcomes.
        if let Some(at) = narrowest_at {
            let used = self.history.remove(at);
            self.history.push(used);
        }
        self.history
            .retain(|previous| previous.query.as_str() != query.as_str());
        if self.history.len() >= HISTORY {
            self.history.remove(0);
        }
        // The lists were sized for the whole scope; most of it is usually gone.
        kept.units.shrink_to_fit();
        kept.outcomes.shrink_to_fit();
        self.history.push(Previous {
            query: query.clone(),
            candidates: kept.units,
            outcomes: kept.outcomes,
        });
        let mut budget = OUTCOMES_KEPT;
        for previous in self.history.iter_mut().rev() {
            if previous.outcomes.len() > budget {
                previous.outcomes = Vec::new();
            }
            budget = budget.saturating_sub(previous.outcomes.len());
        }
        Some(results)
    }
}

/// One-shot search over the whole index (the command line).
pub fn search(index: &Index, query: &Query, options: &SearchOptions) -> Results {
    let matcher = SkimMatcher::default();
    // On its own: everything scanned, nothing read back or kept.
    let once = Refining::default();
    run(index, &matcher, query, options, once, &CancelToken::new())
        .map(|(results, _)| results)
        .unwrap_or_default()
}

#[derive(Default)]
struct Partial {
    hits: Vec<RawHit>,
    /// Units a refinement must look at again, in index order, with their outcomes.
    kept: Kept,
    units: usize,
}

/// Consecutive runs of `units` that belong to one section: `(start, end)` into `units`.
fn section_runs(index: &Index, units: &[u32]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, &unit) in units.iter().enumerate() {
        let section = index.section_of(unit as usize);
        match runs.last_mut() {
            Some(run) if index.section_of(units[run.0] as usize) == section => run.1 = i + 1,
            _ => runs.push((i, i + 1)),
        }
    }
    runs
}

fn scan(
    context: &Context,
    options: &SearchOptions,
    units: &[u32],
    runs: &[(usize, usize)],
    cancel: &CancelToken,
) -> Option<Partial> {
    // A refinement keeps at most every unit scanned: room for that from the start saves
    // regrowing (and copying) the lists a unit at a time.
    let most = if context.keep {
        runs.iter().map(|(start, end)| end - start).sum()
    } else {
        0
    };
    let slots = context.prepared.slots();
    let mut partial = Partial {
        hits: Vec::new(),
        kept: Kept {
            units: Vec::with_capacity(most),
            outcomes: Vec::with_capacity(most * slots),
        },
        units: 0,
    };
    let mut scratch = Scratch::new(context.prepared.groups.len(), options.per_section);
    for (n, &(start, end)) in runs.iter().enumerate() {
        if n % CANCEL_CHECK_EVERY == 0 && cancel.is_cancelled() {
            return None;
        }
        partial.units += end - start;
        scan_section(
            context,
            &units[start..end],
            start,
            &mut scratch,
            &mut partial.hits,
            &mut partial.kept,
        );
    }
    Some(partial)
}

/// How a search relates to the ones before it.
#[derive(Clone, Copy, Default)]
struct Refining<'a> {
    /// The units to scan (sorted; `None`: all).
    scope: Option<&'a [u32]>,
    /// Outcomes read back instead of matching their groups, aligned with `scope`.
    reused: Option<&'a Reused>,
    /// Return what a refinement needs ([`Kept`]); a one-shot search has none.
    keep: bool,
}

/// Searches as `refining` says and returns the results and what a refinement of `query`
/// must look at again.
fn run(
    index: &Index,
    matcher: &dyn Matcher,
    query: &Query,
    options: &SearchOptions,
    refining: Refining,
    cancel: &CancelToken,
) -> Option<(Results, Kept)> {
    let prepared = Prepared::new(query, matcher);
    let context = Context {
        prepared: &prepared,
        index,
        matcher,
        reused: refining.reused,
        keep: refining.keep,
    };
    let units = refining.scope;
    let all: Vec<u32>;
    let units: &[u32] = match units {
        Some(units) => units,
        None => {
            all = (0..index.units().len() as u32).collect();
            &all
        }
    };
    let runs = section_runs(index, units);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let parts: Vec<Partial> = if threads > 1 && units.len() >= PARALLEL_THRESHOLD {
        let chunk = runs.len().div_ceil(threads);
        let context = &context;
        let outcomes: Vec<Option<Partial>> = std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .chunks(chunk.max(1))
                .map(|part| scope.spawn(move || scan(context, options, units, part, cancel)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        });
        outcomes.into_iter().collect::<Option<Vec<_>>>()?
    } else {
        vec![scan(&context, options, units, &runs, cancel)?]
    };
    // The first part grows to hold the others, rather than all being copied into new ones.
    let mut parts = parts.into_iter();
    let Partial {
        mut hits,
        mut kept,
        units: mut units_scanned,
    } = parts.next().unwrap_or_default();
    for part in parts {
        hits.extend(part.hits);
        kept.units.extend(part.kept.units);
        kept.outcomes.extend(part.kept.outcomes);
        units_scanned += part.units;
    }
    let total = hits.len();
    let order = |a: &RawHit, b: &RawHit| {
        b.score
            .cmp(&a.score)
            .then_with(|| index.text(a.unit).len().cmp(&index.text(b.unit).len()))
            .then(a.unit.cmp(&b.unit))
    };
    if hits.len() > options.limit && options.limit > 0 {
        hits.select_nth_unstable_by(options.limit - 1, order);
        hits.truncate(options.limit);
    }
    hits.truncate(options.limit);
    hits.sort_by(order);
    let hits = hits
        .into_iter()
        .map(|raw| finish(index, matcher, &prepared, raw))
        .collect();
    Some((
        Results {
            hits,
            total,
            units_scanned,
            loosened: None,
        },
        kept,
    ))
}

fn finish(index: &Index, matcher: &dyn Matcher, prepared: &Prepared, raw: RawHit) -> Hit {
    let unit = index.unit(raw.unit);
    let alternatives = matched_alternatives(prepared, index, raw.unit, matcher);
    let mut positions: Vec<usize> = prepared
        .groups
        .iter()
        .zip(&alternatives)
        .filter_map(|(group, alt)| alt.map(|a| &group.alternatives[a]))
        .filter(|term| !term.term.negated)
        .flat_map(|term| term.positions(index, raw.unit, matcher))
        .collect();
    positions.sort_unstable();
    positions.dedup();
    Hit {
        source: unit.source(),
        section: unit.section(),
        line: unit.line(),
        score: raw.score,
        unit: raw.unit,
        kind: unit.kind(),
        positions,
        spread: raw.spread,
    }
}

/// A short piece of a hit's text around its first match, with the matched chars marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Raw text from the file: pass it through `crate::sanitize` before showing it.
    pub text: String,
    /// Char ranges of `text` that matched, sorted and disjoint.
    pub highlights: Vec<Range<usize>>,
}

/// The hit's text cut to about `max_chars` chars around its first match; `…` marks a cut.
pub fn snippet(index: &Index, hit: &Hit, max_chars: usize) -> Snippet {
    let chars: Vec<char> = index.text(hit.unit).chars().collect();
    let max_chars = max_chars.max(8);
    let first = hit.positions.first().copied().unwrap_or(0);
    let (mut start, mut end) = (0, chars.len());
    if chars.len() > max_chars {
        // Keep a little context before the match, starting on a word.
        start = first.saturating_sub(max_chars / 4);
        while start > 0 && start < first && !chars[start - 1].is_whitespace() {
            start += 1;
        }
        start = start.min(chars.len().saturating_sub(max_chars - 1));
        end = (start + max_chars - 1).min(chars.len());
    }
    let mut text = String::new();
    let mut offset = 0usize;
    if start > 0 {
        text.push('…');
        offset = 1;
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    let shown = hit
        .positions
        .iter()
        .filter(|&&p| p >= start && p < end)
        .map(|&p| p - start + offset);
    Snippet {
        text,
        highlights: char_ranges(shown),
    }
}

/// Sorted char positions merged into ranges: `[3, 4, 5, 9]` → `[3..6, 9..10]`.
pub fn char_ranges(positions: impl IntoIterator<Item = usize>) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for at in positions {
        match ranges.last_mut() {
            Some(last) if last.end == at => last.end = at + 1,
            _ => ranges.push(at..at + 1),
        }
    }
    ranges
}

impl Hit {
    /// The matched text of the unit as char ranges (for highlighting it in the text view):
    /// `Index::text(hit.unit)` holds them.
    pub fn matched_ranges(&self) -> Vec<Range<usize>> {
        char_ranges(self.positions.iter().copied())
    }
}

/// Hits of one section, for the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionGroup {
    pub section: Option<usize>,
    /// Indices into the hit list given to [`group_hits`], best first.
    pub hits: Vec<usize>,
}

/// Hits of one source, its sections in order of their best hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGroup {
    pub source: usize,
    pub sections: Vec<SectionGroup>,
}

/// Groups ranked hits by source, then section, keeping the ranking: the source of the best
/// hit comes first, and within it the section of its best hit.
pub fn group_hits(hits: &[Hit]) -> Vec<SourceGroup> {
    let mut groups: Vec<SourceGroup> = Vec::new();
    for (n, hit) in hits.iter().enumerate() {
        let source = match groups.iter_mut().position(|g| g.source == hit.source) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(SourceGroup {
                    source: hit.source,
                    sections: Vec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        match source
            .sections
            .iter_mut()
            .find(|s| s.section == hit.section)
        {
            Some(section) => section.hits.push(n),
            None => source.sections.push(SectionGroup {
                section: hit.section,
                hits: vec![n],
            }),
        }
    }
    groups
}
