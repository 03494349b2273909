//! Benefit, risk or neither for one statement: section context first, then the cue
//! lexicon, then negation and contrast. When unsure it says neither; a statement whose
//! point is a risk is never put among the benefits.

use std::ops::Range;

use super::lexicon::{Cue, Lean, Lexicon};
use super::phrases::{Hit, PhraseSet, Token};
use super::statements::Statement;

/// The primary reading of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Benefit,
    Risk,
    Neither,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Benefit => "benefit",
            Verdict::Risk => "risk",
            Verdict::Neither => "neither",
        }
    }
}

/// Where a statement stands. A statement stands in both columns when its point is a
/// benefit and a conceded clause names a risk ("while sometimes intense, … safe"); each
/// column then emphasises its own clause (byte ranges into the statement's text).
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub verdict: Verdict,
    /// Some when the statement belongs among the benefits; the range is the clause to
    /// emphasise, None meaning the whole statement.
    pub benefit: Option<Option<Range<usize>>>,
    /// Some when the statement belongs among the risks, as for `benefit`.
    pub risk: Option<Option<Range<usize>>>,
    pub benefit_score: f32,
    pub risk_score: f32,
}

impl Classification {
    /// True when the statement stands in both columns, each emphasising its own clause.
    pub fn in_both_columns(&self) -> bool {
        self.benefit.is_some() && self.risk.is_some()
    }

    /// "benefit", "risk", "neither" or "both": how a reader sees the statement placed.
    pub fn reading(&self) -> &'static str {
        if self.in_both_columns() {
            "both"
        } else {
            self.verdict.name()
        }
    }

    fn neither() -> Self {
        Classification {
            verdict: Verdict::Neither,
            benefit: None,
            risk: None,
            benefit_score: 0.0,
            risk_score: 0.0,
        }
    }
}

/// What a token is doing in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The list item's label ("Potential for Abuse").
    Label,
    /// The part of the sentence that carries its point.
    Focus,
    /// Conceded ("While it is promising, …", "…, but …" before the but).
    Concession,
    /// A condition or a description of people: not a claim about the treatment.
    Ignored,
}

/// How many words before a cue a negation or treating verb still reaches.
const NEGATION_REACH: usize = 3;
const TREATING_REACH: usize = 4;
const LESSENING_REACH: usize = 2;
/// How far a verb reaches over the items of a short list, in tokens.
const LIST_REACH: usize = 7;
/// How many words a share of people ("half of patients with …") may stand before its
/// outcome ("respond").
const SHARE_REACH: usize = 8;
/// The longest a "who …" clause describing people is taken to be, in words.
const POPULATION_REACH: usize = 6;
/// A comma this close still closes the "who …" clause ("those who have tried two drugs
/// without success, …").
const POPULATION_COMMA_REACH: usize = 10;

fn set_is_population(set: &PhraseSet<()>, lexicon: &Lexicon) -> bool {
    std::ptr::eq(set, &lexicon.population)
}

/// Classifies one statement: the rules, then the learned weighing of their findings
/// (see [`super::learned`]).
pub fn classify(statement: &Statement, lexicon: &Lexicon) -> Classification {
    super::learned::refine(
        statement,
        classify_by_rules(statement, lexicon),
        super::learned::Model::embedded(),
        lexicon,
    )
}

/// Classifies one statement by the rules alone: section context, cues, negation and
/// contrast.
pub fn classify_by_rules(statement: &Statement, lexicon: &Lexicon) -> Classification {
    let text = statement
        .text
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\''));
    if text.ends_with('?') || text.ends_with(':') {
        return Classification::neither();
    }
    let tokens = super::phrases::tokenize(&statement.text);
    if let Some(answer) = short_answer(statement, &tokens, lexicon) {
        return answer;
    }
    let label_end = statement
        .label_len
        .map(|len| {
            tokens
                .iter()
                .position(|t| t.start >= len)
                .unwrap_or(tokens.len())
        })
        .unwrap_or(0);
    // The colon after a label is not part of the body.
    let body_start = if tokens.get(label_end).is_some_and(|t| t.norm == ":") {
        label_end + 1
    } else {
        label_end
    };
    let opening = opening_words(&tokens[body_start..], lexicon);
    if lexicon.meta.starts(opening) {
        return Classification::neither();
    }
    let advice = lexicon.advice.starts(opening);
    let precaution = lexicon.precaution.starts(opening);
    let (roles, adversative_at) = roles(&tokens, body_start, lexicon);
    let lean = section_lean(&statement.headings, lexicon);

    let cue_hits = lexicon.cues.scan(&tokens);
    let neutral: Vec<Range<usize>> = cue_hits
        .iter()
        .filter(|h| h.tag == Cue::Neutral)
        .map(|h| h.start..h.end)
        .collect();
    let treating = lexicon.treating.scan(&tokens);
    // Every verb that cancels a risk it governs: treating it or looking for it.
    let caring: Vec<Hit<()>> = {
        let mut all: Vec<Hit<()>> = lexicon
            .checking
            .scan(&tokens)
            .into_iter()
            .chain(treating.iter().cloned())
            .collect();
        all.sort_by_key(|hit| (hit.start, hit.end));
        all
    };
    let lessening = lexicon.lessening.scan(&tokens);
    let indicating = lexicon.indicating.scan(&tokens);
    let assessing = lexicon.assessing.scan(&tokens);
    // A negation inside a description of people ("who tried two drugs without success")
    // denies nothing about the treatment after it.
    let negations: Vec<Hit<()>> = lexicon
        .negation
        .scan(&tokens)
        .into_iter()
        .filter(|hit| roles[hit.start] != Role::Ignored)
        .collect();
    let balanced: Vec<Range<usize>> = clause_runs(&roles, &tokens)
        .into_iter()
        .filter(|run| {
            let clause = &tokens[run.clone()];
            lexicon.balance_benefit.any(clause) && lexicon.balance_risk.any(clause)
        })
        .collect();
    let generic = |hit: &Hit<Cue>| {
        balanced.iter().any(|run| run.contains(&hit.start)) && {
            let words = &tokens[hit.start..hit.end];
            lexicon.balance_benefit.starts(words) || lexicon.balance_risk.starts(words)
        }
    };
    let mut mitigations: Vec<Range<usize>> = Vec::new();
    // Where the last mitigated risk ends: "checks heart rate, oxygen and blood pressure"
    // mitigates every item of the list the verb governs.
    let mut mitigated_until: Option<usize> = None;
    let mut scored: Vec<(usize, Cue)> = Vec::new();
    for hit in &cue_hits {
        if generic(hit) {
            continue;
        }
        let cue = match hit.tag {
            Cue::Neutral => continue,
            Cue::Condition => {
                // "suicidal ideation fell", "symptoms eased": the illness receding.
                let follows = |set: &PhraseSet<()>| {
                    (hit.end..tokens.len().min(hit.end + NEGATION_REACH))
                        .take_while(|&at| tokens[at].is_word())
                        .any(|at| set.starts(&tokens[at..]))
                };
                if reaches(&lessening, &tokens, hit.start, LESSENING_REACH) {
                    // "fewer depressive symptoms", "less anxiety": the illness lessened.
                    Cue::Benefit(2)
                } else if follows(&lexicon.returning) {
                    // "symptoms came back within a month": the illness returning.
                    Cue::Risk(2)
                } else if follows(&lexicon.resolving)
                    || reaches(&treating, &tokens, hit.start, TREATING_REACH)
                {
                    Cue::Benefit(2)
                } else if reaches(&indicating, &tokens, hit.start, TREATING_REACH) {
                    // "a treatment for depression" names a use, which is a weaker claim.
                    Cue::Benefit(1)
                } else {
                    continue;
                }
            }
            Cue::Risk(weight) => {
                let condition_before = cue_hits.iter().any(|c| {
                    c.tag == Cue::Condition
                        && c.end <= hit.start
                        && hit.start - c.end < NEGATION_REACH
                        && !tokens[c.end..hit.start].iter().any(is_clause_mark)
                });
                // Over the rest of a list: "blood pressure, weight and blood sugar improve".
                let betters = (hit.end..tokens.len().min(hit.end + LIST_REACH))
                    .take_while(|&at| tokens[at].is_word() || tokens[at].norm == ",")
                    .any(|at| lexicon.bettering.starts(&tokens[at..]));
                if betters {
                    // "blood pressure and weight often improve": the problem easing.
                    scored.push((hit.start, Cue::Benefit(2)));
                    continue;
                }
                if condition_before && lexicon.resolving.starts(&tokens[hit.start..hit.end]) {
                    // "symptoms largely disappear": the illness going away.
                    scored.push((hit.start, Cue::Benefit(2)));
                    continue;
                }
                if reaches(&lessening, &tokens, hit.start, LESSENING_REACH) {
                    // "fewer dropouts", "less nausea than the spray".
                    scored.push((hit.start, Cue::Benefit(2)));
                    continue;
                }
                if mitigated_until.is_some_and(|end| in_same_list(&tokens, end, hit.start)) {
                    mitigated_until = Some(hit.end);
                    continue;
                }
                let verb = reaching(&caring, &tokens, hit.start, TREATING_REACH).or_else(|| {
                    // A list stays within one clause: "lifts mood, but the effect fades"
                    // is no list of things the verb governs.
                    reaching_over_list(&caring, &tokens, hit.start)
                        .filter(|&verb| roles[verb] == roles[hit.start])
                });
                match verb {
                    // "nobody checks blood pressure": the care is denied, the risk stands.
                    Some(verb) if negated(&negations, &tokens, verb) => Cue::Risk(weight),
                    Some(verb) => {
                        // "manage side effects", "mitigate risks": care, not a risk or a
                        // benefit.
                        mitigations.push(verb.saturating_sub(2)..hit.start);
                        mitigated_until = Some(hit.end);
                        continue;
                    }
                    None if negated(&negations, &tokens, hit.start) => continue,
                    None => Cue::Risk(weight),
                }
            }
            Cue::Benefit(weight) => {
                if reaches(&assessing, &tokens, hit.start, TREATING_REACH) {
                    continue;
                }
                if reaches(&lessening, &tokens, hit.start, LESSENING_REACH) {
                    // "less effective than ECT", "lower response rates": a benefit
                    // lessened is a weakness.
                    scored.push((hit.start, Cue::Risk(weight)));
                    continue;
                }
                if negated(&negations, &tokens, hit.start) {
                    Cue::Risk(1)
                } else {
                    Cue::Benefit(weight)
                }
            }
        };
        scored.push((hit.start, cue));
    }
    // "Roughly half of patients respond", "60 percent improved": a share of people with
    // an outcome is an efficacy claim even without a cue word of weight.
    let mut shares = lexicon.shares.scan(&tokens);
    // "60% of patients": the tokenizer drops the sign, the number and "of" remain.
    shares.extend(tokens.windows(2).enumerate().filter_map(|(at, pair)| {
        let number = pair[0].norm.chars().all(|c| c.is_ascii_digit());
        (number && pair[1].norm == "of").then_some(Hit {
            start: at,
            end: at + 2,
            tag: (),
        })
    }));
    for outcome in lexicon.outcomes.scan(&tokens) {
        let share_before = shares.iter().any(|share| {
            share.end <= outcome.start
                && outcome.start - share.end < SHARE_REACH
                && !tokens[share.end..outcome.start].iter().any(is_clause_mark)
        });
        if share_before && !negated(&negations, &tokens, outcome.start) {
            scored.push((outcome.start, Cue::Benefit(2)));
        }
    }
    let downplayed: Vec<Range<usize>> = clause_runs(&roles, &tokens)
        .into_iter()
        .filter(|run| lexicon.downplay.any(&tokens[run.clone()]))
        .collect();

    let mut focus = Scores::default();
    let mut conceded = Scores::default();
    for (at, cue) in scored {
        if matches!(cue, Cue::Benefit(_)) && mitigations.iter().any(|span| span.contains(&at)) {
            continue;
        }
        let cue = match cue {
            Cue::Benefit(_) if downplayed.iter().any(|run| run.contains(&at)) => Cue::Risk(1),
            other => other,
        };
        let factor = match roles[at] {
            // The label names what the item is about: it counts double.
            Role::Label => 2.0,
            // Advice to the reader ("Communicate any side effects …") claims nothing.
            Role::Focus if advice => 0.0,
            _ => 1.0,
        };
        let scores = match roles[at] {
            Role::Label | Role::Focus => &mut focus,
            Role::Concession => &mut conceded,
            Role::Ignored => continue,
        };
        match cue {
            Cue::Risk(w) => scores.add_risk(factor * f32::from(w), at),
            Cue::Benefit(w) => scores.add_benefit(factor * f32::from(w), at),
            _ => {}
        }
    }
    for run in clause_runs(&roles, &tokens) {
        let clause = &tokens[run.clone()];
        let subject = lexicon
            .caveat_subjects
            .scan(clause)
            .iter()
            .any(|hit| !neutral.iter().any(|n| n.contains(&(run.start + hit.start))));
        if subject && lexicon.caveat_doubts.any(clause) {
            match roles[run.start] {
                Role::Label | Role::Focus if !advice => focus.add_risk(2.0, run.start),
                Role::Label => focus.add_risk(2.0, run.start),
                Role::Concession => conceded.add_risk(2.0, run.start),
                _ => {}
            }
        }
    }

    let mut risk = focus.risk;
    let mut benefit = focus.benefit;
    let mut benefit_needed = 2.0;
    match lean {
        Some(Lean::Risk) => {
            if risk > 0.0 {
                risk += 1.0;
            } else if statement.list_item && benefit == 0.0 {
                // An item listed under a "Risks" heading is one, unless it names a benefit.
                risk = 1.0;
            }
            benefit_needed = 3.0;
        }
        Some(Lean::Benefit) => {
            if benefit > 0.0 {
                benefit += 1.0;
            } else if statement.list_item && risk == 0.0 {
                // An item listed under a "Benefits" heading is one, unless it names a risk.
                benefit = benefit_needed;
            }
            benefit_needed = 1.0;
        }
        _ => {}
    }
    if precaution && benefit == 0.0 {
        // "Avoid alcohol on treatment days": a warning to the reader names a harm.
        risk = risk.max(1.0);
    }
    if risk == 0.0 && benefit == 0.0 {
        // Only a conceded clause speaks: "Despite the risks, …" with nothing after it.
        risk = conceded.risk * 0.5;
    }

    // Two weak cues pulling both ways ("promising yet complex") say nothing clear.
    let weak_tie = risk == benefit && risk < 2.0;
    let verdict = if risk >= 1.0 && risk >= benefit && !weak_tie {
        Verdict::Risk
    } else if benefit >= benefit_needed && benefit >= risk + 2.0 {
        Verdict::Benefit
    } else {
        Verdict::Neither
    };
    let mut result = Classification {
        verdict,
        benefit: None,
        risk: None,
        benefit_score: benefit,
        risk_score: risk,
    };
    match verdict {
        Verdict::Benefit => {
            result.benefit = Some(None);
            if conceded.risk >= 1.0 {
                let risk_clause = conceded
                    .risk_at
                    .and_then(|at| run_containing(&roles, &tokens, at))
                    .map(|run| byte_range(&tokens[run]));
                let focus_clause = focus
                    .benefit_at
                    .and_then(|at| run_containing(&roles, &tokens, at))
                    .map(|run| byte_range(&tokens[run]));
                result.risk = Some(risk_clause);
                result.benefit = Some(focus_clause);
            }
        }
        Verdict::Risk => {
            result.risk = Some(None);
            // "It brings relief within days, but the benefit fades": a concrete benefit
            // (not a hedge such as "promising") stated before "but", and a risk after it.
            // Each column shows the statement with its own clause emphasised. A clause
            // opened by "while"/"although" is only conceded and never reaches the
            // benefits.
            let benefit_clause = conceded
                .benefit_at
                .filter(|&at| adversative_at.is_some_and(|marker| at < marker))
                .filter(|_| conceded.best_benefit >= 2.0)
                .filter(|_| conceded.benefit >= conceded.risk + 2.0)
                .filter(|_| !advice)
                .and_then(|at| run_containing(&roles, &tokens, at));
            let risk_clause = focus
                .risk_at
                .and_then(|at| run_containing(&roles, &tokens, at));
            if let (Some(benefit_run), Some(risk_run)) = (benefit_clause, risk_clause) {
                if !lexicon.concessive.starts(opening) {
                    result.benefit = Some(Some(byte_range(&tokens[benefit_run])));
                    result.risk = Some(Some(byte_range(&tokens[risk_run])));
                }
            }
        }
        Verdict::Neither => {}
    }
    result
}

/// The longest a bare answer to a question heading is, in words ("For many people, yes.").
const ANSWER_WORDS: usize = 6;

/// A bare yes or no right under a question heading takes the question's side ("Does it
/// work?" — "For many people, yes.") or denies it ("Is it covered by insurance?" —
/// "Usually not." is a risk). A denied risk ("Is it addictive?" — "Rarely.") is only
/// no longer a risk: it never becomes a benefit.
fn short_answer(
    statement: &Statement,
    tokens: &[Token],
    lexicon: &Lexicon,
) -> Option<Classification> {
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_word()).collect();
    if statement.list_item || words.is_empty() || words.len() > ANSWER_WORDS {
        return None;
    }
    let question = statement.headings.last()?.trim();
    let question = question.strip_suffix('?')?;
    let any_at =
        |set: &PhraseSet<()>| (0..tokens.len()).any(|at| set.longest_at(tokens, at).is_some());
    let denied = any_at(&lexicon.answer_no);
    if !denied && !any_at(&lexicon.answer_yes) {
        return None;
    }
    let asked = classify_by_rules(
        &Statement {
            text: question.to_string(),
            headings: statement.headings[..statement.headings.len() - 1].to_vec(),
            label_len: None,
            list_item: false,
            ..statement.clone()
        },
        lexicon,
    );
    let (benefit, risk) = (asked.benefit_score, asked.risk_score);
    let verdict = match (benefit > risk, risk > benefit, denied) {
        (true, _, false) => Verdict::Benefit,
        (true, _, true) => Verdict::Risk,
        (_, true, false) => Verdict::Risk,
        // The question leans nowhere or the answer only denies a risk: read it as usual.
        _ => return None,
    };
    let mut answer = Classification::neither();
    answer.verdict = verdict;
    if verdict == Verdict::Benefit {
        answer.benefit = Some(None);
        answer.benefit_score = benefit;
    } else {
        answer.risk = Some(None);
        answer.risk_score = risk.max(benefit);
    }
    Some(answer)
}

/// The body without the connectives it may open with ("However, understanding …").
fn opening_words<'a>(body: &'a [Token], lexicon: &Lexicon) -> &'a [Token] {
    let mut at = 0;
    while at < body.len() {
        if !body[at].is_word() {
            at += 1;
            continue;
        }
        match lexicon.connectives.longest_at(body, at) {
            Some(hit) => at = hit.end,
            None => break,
        }
    }
    &body[at..]
}

#[derive(Debug, Default)]
struct Scores {
    risk: f32,
    benefit: f32,
    /// Token index of the strongest cue of each kind, to find its clause.
    risk_at: Option<usize>,
    benefit_at: Option<usize>,
    best_risk: f32,
    best_benefit: f32,
}

impl Scores {
    fn add_risk(&mut self, weight: f32, at: usize) {
        self.risk += weight;
        if weight > self.best_risk {
            self.best_risk = weight;
            self.risk_at = Some(at);
        }
    }

    fn add_benefit(&mut self, weight: f32, at: usize) {
        self.benefit += weight;
        if weight > self.best_benefit {
            self.best_benefit = weight;
            self.benefit_at = Some(at);
        }
    }
}

fn is_clause_mark(token: &Token) -> bool {
    !token.is_word()
}

/// The start of the last hit (of `set`'s hits) ending within `reach` words before `at`
/// with no punctuation between.
fn reaching(hits: &[Hit<()>], tokens: &[Token], at: usize, reach: usize) -> Option<usize> {
    hits.iter()
        .filter(|hit| hit.end <= at && at - hit.end < reach)
        .filter(|hit| !tokens[hit.end..at].iter().any(is_clause_mark))
        .map(|hit| hit.start)
        .next_back()
}

/// Like [`reaching`], across the commas of a short list: "tracked mood, sleep and side
/// effects".
fn reaching_over_list(hits: &[Hit<()>], tokens: &[Token], at: usize) -> Option<usize> {
    hits.iter()
        .filter(|hit| hit.end <= at && at - hit.end < LIST_REACH)
        .filter(|hit| {
            let between = &tokens[hit.end..at];
            between.iter().all(|t| t.is_word() || t.norm == ",")
                && between.split(|t| t.norm == ",").all(|item| item.len() <= 3)
        })
        .map(|hit| hit.start)
        .next_back()
}

fn reaches(hits: &[Hit<()>], tokens: &[Token], at: usize, reach: usize) -> bool {
    reaching(hits, tokens, at, reach).is_some()
}

/// True when only a list separator (", ", "and", "or", and a few words of the next item)
/// lies between the end of one list item and a cue at `at`.
fn in_same_list(tokens: &[Token], end: usize, at: usize) -> bool {
    const ITEM_REACH: usize = 5;
    if at < end || at - end > ITEM_REACH {
        return false;
    }
    let between = &tokens[end..at];
    let separated = between
        .iter()
        .any(|t| matches!(t.norm.as_str(), "," | "and" | "or"));
    let only_commas = between.iter().all(|t| t.is_word() || t.norm == ",");
    separated && only_commas
}

/// An odd number of negations just before `at`: "no side effects" but "not without risks".
fn negated(negations: &[Hit<()>], tokens: &[Token], at: usize) -> bool {
    let count = negations
        .iter()
        .filter(|hit| hit.end <= at && at - hit.end < NEGATION_REACH)
        .filter(|hit| !tokens[hit.end..at].iter().any(is_clause_mark))
        .count();
    count % 2 == 1
}

/// Assigns every token a role: label, focus, concession or ignored.
/// Also returns where the last adversative ("but", ", yet") starts, when one splits the
/// statement.
fn roles(tokens: &[Token], body_start: usize, lexicon: &Lexicon) -> (Vec<Role>, Option<usize>) {
    let mut roles = vec![Role::Focus; tokens.len()];
    for role in roles.iter_mut().take(body_start) {
        *role = Role::Label;
    }
    let first_word = tokens[body_start..]
        .iter()
        .position(Token::is_word)
        .map(|p| p + body_start);
    // "…, but …": what comes before the last adversative is conceded. At the very start
    // ("However, …") it answers the previous sentence and concedes nothing here.
    let adversatives = lexicon.adversative.scan(tokens);
    let mut adversative_at = None;
    if let Some(marker) = adversatives.iter().rev().find(|hit| {
        Some(hit.start) != first_word
            && hit.start >= body_start
            && !tokens[..hit.start]
                .last()
                .is_some_and(|t| matches!(t.norm.as_str(), "not" | "as" | "and"))
            && tokens.get(hit.end).is_none_or(|t| t.norm != "also")
    }) {
        for role in &mut roles[body_start..marker.start] {
            *role = Role::Concession;
        }
        for role in &mut roles[marker.start..marker.end] {
            *role = Role::Ignored;
        }
        adversative_at = Some(marker.start);
    }
    // "While …, " and "If …, " clauses run to the next comma; "who …" describes people.
    let openers = [
        (&lexicon.concessive, Role::Concession),
        (&lexicon.conditional, Role::Ignored),
        (&lexicon.population, Role::Ignored),
    ];
    for (set, role) in openers {
        for hit in set.scan(tokens) {
            if hit.start < body_start {
                continue;
            }
            // ", while …" and ", whereas …" after a main clause contrast two claims rather
            // than concede one ("ECT has decades of data, while ketamine's is thin"): both
            // halves carry the point. Only an opening "While …," concedes.
            let after_comma = hit.start > 0 && tokens[hit.start - 1].norm == ",";
            let to_the_end = tokens[clause_end(tokens, hit.end)..]
                .iter()
                .all(|t| !t.is_word());
            if role == Role::Concession
                && after_comma
                && to_the_end
                && Some(hit.start) != first_word
            {
                continue;
            }
            let mut end = clause_end(tokens, hit.end);
            if role == Role::Ignored && set_is_population(set, lexicon) {
                // "Doctors who prescribe it say it works": a relative clause is short.
                let closed_by_comma = tokens.get(end).is_some_and(|t| t.norm == ",");
                if !closed_by_comma || end > hit.start + POPULATION_COMMA_REACH {
                    end = end.min(hit.start + POPULATION_REACH);
                }
                // "People who are pregnant are advised to avoid it": the main clause's
                // verb, after the relative clause's own, ends the description.
                let is_verb = |at: usize| lexicon.main_verbs.longest_at(tokens, at).is_some();
                // "Patients who have tried two drugs without success often respond": the
                // main verb may come later than a short clause would reach.
                let description_end = clause_end(tokens, hit.end)
                    .min(hit.start + POPULATION_COMMA_REACH)
                    .max(end);
                if let Some(main_verb) = (hit.end + 1..description_end)
                    .find(|&at| is_verb(at) && !is_verb(at - 1) && tokens[at - 1].norm != "not")
                {
                    end = main_verb;
                }
            }
            let whole_body = Some(hit.start) == first_word && end == tokens.len();
            if whole_body && role == Role::Concession {
                continue;
            }
            for slot in &mut roles[hit.start..end] {
                // A concession inside a concession stays conceded.
                if *slot != Role::Ignored {
                    *slot = role;
                }
            }
        }
    }
    (roles, adversative_at)
}

/// Where a clause opened at `from` ends: at the next comma or stronger mark, except commas
/// that only separate the items of a list ("If nausea, dizziness, or fainting occur, …").
fn clause_end(tokens: &[Token], from: usize) -> usize {
    let mut at = from;
    while at < tokens.len() {
        match tokens[at].norm.as_str() {
            ";" | "." | "(" | ")" | "—" | "–" | ":" | "!" | "?" => return at,
            "," => {
                let next = &tokens[at + 1..];
                let list_comma = next
                    .first()
                    .is_some_and(|t| matches!(t.norm.as_str(), "and" | "or"))
                    || next.iter().take(4).skip(1).any(|t| t.norm == ",");
                if !list_comma {
                    return at;
                }
            }
            _ => {}
        }
        at += 1;
    }
    tokens.len()
}

/// Maximal runs of tokens sharing a role, also split at semicolons and sentence ends.
fn clause_runs(roles: &[Role], tokens: &[Token]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=roles.len() {
        let breaks = i < roles.len() && matches!(tokens[i].norm.as_str(), ";" | "." | "!");
        if i == roles.len() || roles[i] != roles[start] || breaks {
            runs.push(start..i);
            start = i;
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

fn run_containing(roles: &[Role], tokens: &[Token], at: usize) -> Option<Range<usize>> {
    clause_runs(roles, tokens)
        .into_iter()
        .find(|run| run.contains(&at))
}

/// The byte range covered by `tokens`, trimmed of leading and trailing punctuation.
fn byte_range(tokens: &[Token]) -> Range<usize> {
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_word()).collect();
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => 0..0,
    }
}

/// The lean of the nearest heading that has one; a heading naming both risks and
/// benefits ("Balancing Risks and Rewards") leans neither and stops the search.
pub fn section_lean(headings: &[String], lexicon: &Lexicon) -> Option<Lean> {
    for heading in headings.iter().rev() {
        let tokens = super::phrases::tokenize(heading);
        let hits = lexicon.sections.scan(&tokens);
        let risk = hits.iter().filter(|h| h.tag == Lean::Risk).count();
        let benefit = hits.iter().filter(|h| h.tag == Lean::Benefit).count();
        let neutral = hits.iter().any(|h| h.tag == Lean::Neutral);
        match (risk, benefit) {
            (0, 0) if neutral => return Some(Lean::Neutral),
            (0, 0) => continue,
            (_, 0) => return Some(Lean::Risk),
            (0, _) => return Some(Lean::Benefit),
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(text: &str, headings: &[&str], label: Option<&str>) -> Statement {
        let text = match label {
            Some(label) => format!("{label}: {text}"),
            None => text.to_string(),
        };
        Statement {
            source: 0,
            section: Some(0),
            line: 1,
            text,
            label_len: label.map(str::len),
            headings: headings.iter().map(|h| h.to_string()).collect(),
            list_item: label.is_some(),
        }
    }

    fn verdict(text: &str) -> Verdict {
        classify_by_rules(&statement(text, &[], None), &Lexicon::default()).verdict
    }

    #[test]
    fn plain_cues() {
        assert_eq!(
            verdict("Patients may feel nausea and dizziness."),
            Verdict::Risk
        );
        assert_eq!(
            verdict("It can provide relief within hours."),
            Verdict::Benefit
        );
        assert_eq!(verdict("The clinic is open on weekdays."), Verdict::Neither);
    }

    #[test]
    fn negation_flips_or_cancels() {
        assert_eq!(
            verdict("The treatment is not without risks."),
            Verdict::Risk
        );
        assert_eq!(
            verdict("In this trial it was not effective."),
            Verdict::Risk
        );
        // A denied risk is not a benefit: it is only no longer a risk.
        assert_eq!(
            verdict("Patients reported no nausea at all."),
            Verdict::Neither
        );
    }

    #[test]
    fn contrast_keeps_the_point_not_the_concession() {
        assert_eq!(
            verdict("While early results are promising, serious safety concerns remain."),
            Verdict::Risk
        );
        assert_eq!(
            verdict("It offers rapid relief, but dissociation is common."),
            Verdict::Risk
        );
        assert_eq!(
            verdict("Despite its benefits, the drug is not without risks."),
            Verdict::Risk
        );
        assert_eq!(
            verdict("Some argue the benefits may be overstated."),
            Verdict::Risk
        );
    }

    #[test]
    fn a_benefit_with_a_conceded_risk_stands_in_both_columns() {
        let lexicon = Lexicon::default();
        let s = statement(
            "While sometimes intense, these sessions are generally considered safe and effective.",
            &[],
            None,
        );
        let c = classify_by_rules(&s, &lexicon);
        assert_eq!(c.verdict, Verdict::Benefit);
        let risk = c.risk.clone().flatten().expect("risk clause");
        assert_eq!(&s.text[risk], "While sometimes intense");
        let benefit = c.benefit.clone().flatten().expect("benefit clause");
        assert!(s.text[benefit].contains("generally considered safe"));
    }

    #[test]
    fn a_risk_with_a_conceded_benefit_stays_out_of_the_benefits() {
        let lexicon = Lexicon::default();
        let s = statement(
            "Although it works quickly and is effective, the associated risks cannot be overlooked.",
            &[],
            None,
        );
        let c = classify_by_rules(&s, &lexicon);
        assert_eq!(c.verdict, Verdict::Risk);
        assert!(c.benefit.is_none());
    }

    #[test]
    fn a_concrete_benefit_before_but_and_a_risk_after_stand_in_both_columns() {
        let lexicon = Lexicon::default();
        let s = statement(
            "It can bring relief within hours, but the effect often fades within a week.",
            &[],
            None,
        );
        let c = classify_by_rules(&s, &lexicon);
        assert_eq!(c.reading(), "both");
        let benefit = c.benefit.clone().flatten().expect("benefit clause");
        let risk = c.risk.clone().flatten().expect("risk clause");
        assert!(s.text[benefit].contains("relief within hours"));
        assert!(s.text[risk].contains("fades"));
        // A hedge is not a benefit claim: the statement stays a risk only.
        let hedged = statement(
            "The approach looks promising, but the side effects are serious.",
            &[],
            None,
        );
        assert_eq!(classify_by_rules(&hedged, &lexicon).reading(), "risk");
    }

    #[test]
    fn general_shapes_of_risk_and_benefit() {
        let risk = [
            "Patients with a history of seizures should not use the device.",
            "It is not recommended for people with untreated glaucoma.",
            "The drug was less effective than standard care in a head-to-head trial.",
            "Only a third of participants responded.",
            "The trial enrolled fewer than fifty patients, so the result needs confirmation.",
            "Improvements tend to wear off within a month.",
            "In several participants, symptoms came back after the course ended.",
            "People who are breastfeeding are advised to avoid it.",
        ];
        for text in risk {
            assert_eq!(verdict(text), Verdict::Risk, "{text}");
        }
        let benefit = [
            "Roughly two thirds of patients improved after four sessions.",
            "In one study 60% of participants responded.",
            "Those who kept training were less likely to slip back into depression.",
            "Participants reported less anxiety after eight weeks.",
            "Blood pressure, weight and cholesterol often improve as well.",
        ];
        for text in benefit {
            assert_eq!(verdict(text), Verdict::Benefit, "{text}");
        }
        assert_eq!(
            verdict("Nurses check heart rate, oxygen and blood pressure every ten minutes."),
            Verdict::Neither,
            "checking a list of risks is care"
        );
        assert_eq!(
            verdict("Patients who tried two drugs without success often respond well."),
            Verdict::Benefit,
            "a negation describing the patients denies nothing about the treatment"
        );
    }

    #[test]
    fn a_warning_to_the_reader_is_a_risk() {
        for text in [
            "Avoid alcohol and other sedatives on treatment days.",
            "Do not combine it with opioids.",
            "Never take a dose before driving.",
        ] {
            assert_eq!(verdict(text), Verdict::Risk, "{text}");
        }
        assert_eq!(
            verdict("Ask your clinic about its screening."),
            Verdict::Neither
        );
    }

    #[test]
    fn a_bare_answer_takes_the_side_of_its_question() {
        let lexicon = Lexicon::default();
        let answer = |question: &str, text: &str| {
            classify_by_rules(&statement(text, &[question], None), &lexicon).reading()
        };
        assert_eq!(answer("Is it covered by insurance?", "Rarely."), "risk");
        assert_eq!(
            answer("Is it covered by insurance?", "In most cases, yes."),
            "benefit"
        );
        assert_eq!(answer("Can it cause nausea?", "Yes, often."), "risk");
        assert_eq!(
            answer("Can it cause nausea?", "Usually not."),
            "neither",
            "a denied risk is not a benefit"
        );
        assert_eq!(answer("How is it given?", "Yes."), "neither");
    }

    #[test]
    fn care_and_conditions_are_not_risks() {
        assert_eq!(
            verdict("Staff monitor patients to manage any side effects."),
            Verdict::Neither
        );
        assert_eq!(
            verdict("If nausea occurs, tell the nurse on duty."),
            Verdict::Neither
        );
        assert_eq!(
            verdict("The long-term effects on memory remain unknown."),
            Verdict::Risk,
            "an evidence caveat is a risk"
        );
        assert_eq!(
            verdict("At home nobody checks blood pressure."),
            Verdict::Risk,
            "care that is denied does not cancel the risk"
        );
        assert_eq!(
            verdict("After three sessions her symptoms largely disappeared."),
            Verdict::Benefit,
            "a condition fading is a benefit"
        );
        assert_eq!(
            verdict("The relief usually fades within two weeks."),
            Verdict::Risk,
            "a benefit fading is a risk"
        );
        assert_eq!(
            verdict("The treatment is easily misused."),
            Verdict::Risk,
            "words that merely start like a treating verb mitigate nothing"
        );
        assert_eq!(
            verdict("It may help reduce cravings in people with alcohol use disorder."),
            Verdict::Benefit
        );
    }

    #[test]
    fn questions_definitions_and_intros_are_neither() {
        assert_eq!(verdict("Is ketamine safe for everyone?"), Verdict::Neither);
        assert_eq!(verdict("Key benefits include:"), Verdict::Neither);
        assert_eq!(
            verdict("This article explores the risks and benefits."),
            Verdict::Neither
        );
    }

    #[test]
    fn section_context_leans_by_keyword_not_by_title() {
        let lexicon = Lexicon::default();
        let under = |heading: &str, label: &str, text: &str| {
            classify_by_rules(&statement(text, &[heading], Some(label)), &lexicon).verdict
        };
        assert_eq!(
            under(
                "Why Patients Value It: The Benefits",
                "Calmer Days",
                "Many sleep better."
            ),
            Verdict::Benefit
        );
        assert_eq!(
            under(
                "Downsides to Weigh",
                "Cost",
                "Sessions are often paid out of pocket."
            ),
            Verdict::Risk
        );
        assert_eq!(
            section_lean(&["Potential Risks and Precautions".into()], &lexicon),
            Some(Lean::Risk)
        );
        assert_eq!(
            section_lean(&["Weighing Risks and Rewards".into()], &lexicon),
            None
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Found by the property below: a statement that is only "who" used to slice out of bounds.
    #[test]
    fn a_lone_who_clause_classifies() {
        let statement = Statement {
            source: 0,
            section: Some(0),
            line: 1,
            label_len: None,
            text: "who".to_string(),
            headings: vec!["Risks and Benefits".to_string()],
            list_item: false,
        };
        let c = classify_by_rules(&statement, &Lexicon::default());
        assert_eq!(c.verdict, Verdict::Neither);
    }

    proptest! {
        // Failures become named unit tests above instead of files beside the sources.
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_text_classifies_without_panicking_and_ranges_fit(
            text in "\\PC{0,120}",
            label in proptest::option::of("[A-Za-z ]{0,12}"),
            heading in "\\PC{0,30}",
        ) {
            let text = match &label {
                Some(label) => format!("{label}: {text}"),
                None => text,
            };
            let statement = Statement {
                source: 0,
                section: None,
                line: 1,
                label_len: label.as_ref().map(String::len),
                text,
                headings: vec![heading],
                list_item: label.is_some(),
            };
            let c = classify_by_rules(&statement, &Lexicon::default());
            for range in [c.benefit.clone().flatten(), c.risk.clone().flatten()].into_iter().flatten() {
                prop_assert!(statement.text.get(range).is_some());
            }
            // A risk reaches the benefits only in both columns, each with its own clause.
            if c.verdict == Verdict::Risk && c.benefit.is_some() {
                prop_assert!(matches!(
                    (&c.benefit, &c.risk),
                    (Some(Some(b)), Some(Some(r))) if b.end <= r.start
                ));
            }
        }

        #[test]
        fn sentences_built_from_cue_words_classify_without_panicking(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "who", "while", "if", "but", ", yet", ",", ";", ".", "not", "no", "without",
                    "side effects", "relief", "rapid", "reduce", "cravings", "risks", "benefits",
                    "manage", "fewer", "symptoms", "fade", "long-term", "unknown", "however",
                    "understanding", "consult", "patients", "it", ":", "—", "(", ")",
                ]),
                0..40,
            ),
        ) {
            let statement = Statement {
                source: 0,
                section: Some(0),
                line: 1,
                label_len: None,
                text: words.join(" "),
                headings: vec!["Risks and Benefits".to_string()],
                list_item: false,
            };
            let c = classify_by_rules(&statement, &Lexicon::default());
            // A risk reaches the benefits only in both columns, each with its own clause.
            if c.verdict == Verdict::Risk && c.benefit.is_some() {
                prop_assert!(matches!(
                    (&c.benefit, &c.risk),
                    (Some(Some(b)), Some(Some(r))) if b.end <= r.start
                ));
            }
        }
    }
}
