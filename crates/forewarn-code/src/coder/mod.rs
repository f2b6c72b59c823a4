//! Coding one sentence: find its triggers, then for each the clause it sits in, its roles, its
//! flags and its kind, and order the events so the main one comes first.
//!
//! The steps live in their own modules: `triggers` (which rules fire), `roles` (source and
//! target), `modality` (negated, hypothetical, future, statements of intent), `mode` (type,
//! mode, CAMEO code, context), `location` (where and when) and `model` (the event the learned
//! layer supplies where no rule fired). This module holds the sentence with its clause
//! structure, and the order of the steps. The main event is scored by the main-type figures of
//! `forewarn eval plover` on the PLOVER GSR development half
//! (`../shared/data/plover-gsr/PLOVER_GSR_dev.json`) and by `forewarn eval cameo-class` on the
//! CAMEO penta-class sentences (`../shared/data/coding/conflibert-cameo/`); see
//! `docs/coding.md`.

mod location;
mod modality;
mod mode;
mod model;
mod roles;
mod triggers;

use chrono::NaiveDate;
use forewarn_model::{ActorKind, ActorMention, DateMention, Event, PlaceMention};

use crate::cues::*;
use crate::text::{Tok, capitalized, eqw, in_list, tokenize};

pub(crate) use model::model_event;
use triggers::Found;

/// What ends the clause a trigger sits in, looking left from the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Start,
    Punct,
    Coord,
    That,
    If,
    Rel,
    Adv,
    Speech,
    Inf,
}

struct Clause {
    /// First token of the clause.
    start: usize,
    kind: Bound,
    /// The boundary token, when there is one.
    at: Option<usize>,
}

pub(crate) struct Sentence<'a> {
    s: &'a str,
    toks: Vec<Tok>,
    actors: &'a [ActorMention],
    /// Token range `[first, last]` of each actor mention.
    mtok: Vec<(usize, usize)>,
    /// Token index → actor mention covering it.
    actor_at: Vec<Option<usize>>,
}

/// An event under construction, with what ordering and deduplication need.
struct Draft {
    event: Event,
    first: usize,
    last: usize,
    depth: u8,
    nominal: bool,
    source_m: Vec<usize>,
    /// The word by which the source commits itself to this (future) act, when there is one and
    /// nothing casts doubt on it: "will", "offered", "is willing".
    intent: Option<String>,
}

impl<'a> Sentence<'a> {
    pub(crate) fn new(s: &'a str, actors: &'a [ActorMention]) -> Self {
        let toks = tokenize(s);
        let mut actor_at = vec![None; toks.len()];
        let mut mtok = Vec::with_capacity(actors.len());
        for (mi, m) in actors.iter().enumerate() {
            let first = toks.partition_point(|t| t.end <= m.span.0);
            let mut last = first;
            let mut i = first;
            while i < toks.len() && toks[i].start < m.span.1 {
                actor_at[i] = Some(mi);
                last = i;
                i += 1;
            }
            mtok.push((first, last));
        }
        Sentence {
            s,
            toks,
            actors,
            mtok,
            actor_at,
        }
    }

    fn w(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        &self.s[t.start..t.end]
    }

    fn is_word(&self, i: usize, list: &[&str]) -> bool {
        i < self.toks.len() && self.toks[i].word && in_list(self.w(i), list)
    }

    fn boundary(&self, i: usize) -> Option<Bound> {
        let t = self.toks[i];
        if !t.word {
            return matches!(
                self.w(i),
                "," | ";" | ":" | "—" | "–" | "(" | ")" | "\"" | "“" | "”" | "?" | "!" | "«" | "»"
            )
            .then_some(Bound::Punct);
        }
        let w = self.w(i);
        if in_list(w, SUBORDINATORS_THAT) {
            Some(Bound::That)
        } else if in_list(w, SUBORDINATORS_IF) {
            Some(Bound::If)
        } else if in_list(w, RELATIVES) {
            Some(Bound::Rel)
        } else if in_list(w, ADVERBIAL) {
            Some(Bound::Adv)
        } else if in_list(w, COORD) {
            Some(Bound::Coord)
        } else if in_list(w, SPEECH_BOUNDARY) {
            Some(Bound::Speech)
        } else if eqw(w, "to") && self.infinitive_after(i) {
            Some(Bound::Inf)
        } else {
            None
        }
    }

    /// "to" followed by what looks like a bare verb.
    fn infinitive_after(&self, i: usize) -> bool {
        let Some(n) = (i + 1..self.toks.len()).next() else {
            return false;
        };
        let t = self.toks[n];
        if !t.word || self.actor_at[n].is_some() {
            return false;
        }
        let w = self.w(n);
        !capitalized(w) && !in_list(w, NOT_VERB_AFTER_TO) && !w.ends_with("ing")
    }

    fn clause_of(&self, t: usize) -> Clause {
        let mut i = t;
        while i > 0 {
            i -= 1;
            if let Some(kind) = self.boundary(i) {
                return Clause {
                    start: i + 1,
                    kind,
                    at: Some(i),
                };
            }
        }
        Clause {
            start: 0,
            kind: Bound::Start,
            at: None,
        }
    }

    fn clause_end(&self, t: usize) -> usize {
        (t..self.toks.len())
            .find(|&i| self.boundary(i).is_some())
            .unwrap_or(self.toks.len())
    }

    fn mention_tokens(&self, m: usize) -> (usize, usize) {
        self.mtok[m]
    }

    /// Mentions lying wholly inside tokens `[lo, hi)`, in text order.
    fn mentions_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.actors.len()).filter(move |&m| {
            let (f, l) = self.mtok[m];
            f >= lo && l < hi && f <= l
        })
    }

    fn preceded_by_prep(&self, m: usize) -> Option<&'a str> {
        let (f, _) = self.mtok[m];
        let mut i = f;
        // Skip a determiner or a count between the preposition and the actor ("in the
        // Kremlin", "against 28 Chilean officials", "to several Iranian ships").
        while i > 0 {
            i -= 1;
            let w = self.w(i);
            // A count, not a year: "in 2014, Russia" keeps Russia the subject.
            let count = !w.is_empty()
                && w.bytes().all(|b| b.is_ascii_digit() || b == b',')
                && (w.len() <= 3 || w.contains(','));
            if count
                || in_list(w, &["the", "a", "an", "its", "his", "her", "their"])
                || in_list(w, COUNTS)
            {
                continue;
            }
            return in_list(w, PREPOSITIONS).then_some(w);
        }
        None
    }

    /// The actor group written just before token `hi` in `[lo, hi)`: prefers an actor in
    /// subject position (not after a preposition).
    fn subject_in(&self, lo: usize, hi: usize) -> Option<usize> {
        let ms: Vec<usize> = self.mentions_in(lo, hi).collect();
        ms.iter()
            .rev()
            .copied()
            .find(|&m| self.preceded_by_prep(m).is_none())
            .or(ms.last().copied())
    }

    fn after_prep(&self, m: usize, list: &[&str]) -> bool {
        self.preceded_by_prep(m).is_some_and(|p| in_list(p, list))
    }

    fn gap_words(&self, a_last: usize, b_first: usize) -> Vec<&'a str> {
        (a_last + 1..b_first).map(|i| self.w(i)).collect()
    }

    /// Coordinated actors ending at mention `m`: "Hungarian and Romanian officials".
    fn group_back(&self, m: usize) -> Vec<usize> {
        let mut out = vec![m];
        let mut cur = m;
        let mut seen_conj = false;
        while let Some(p) = (0..cur).rev().find(|&p| self.mtok[p].1 < self.mtok[cur].0) {
            let gap = self.gap_words(self.mtok[p].1, self.mtok[cur].0);
            let ok = match gap.as_slice() {
                [] => true,
                [c] if in_list(c, &["and", "or", "&"]) => {
                    seen_conj = true;
                    true
                }
                [",", c] if in_list(c, &["and", "or"]) => {
                    seen_conj = true;
                    true
                }
                [","] => seen_conj,
                _ => false,
            };
            if !ok {
                break;
            }
            out.push(p);
            cur = p;
        }
        out.reverse();
        out
    }

    /// Coordinated actors starting at mention `m`, reading right.
    fn group_forward(&self, m: usize) -> Vec<usize> {
        let mut out = vec![m];
        let mut commas_pending = 0;
        let mut cur = m;
        while let Some(n) =
            (cur + 1..self.actors.len()).find(|&n| self.mtok[n].0 > self.mtok[cur].1)
        {
            let gap = self.gap_words(self.mtok[cur].1, self.mtok[n].0);
            match gap.as_slice() {
                [] => {}
                [c] | [",", c] if in_list(c, &["and", "or", "&"]) => commas_pending = 0,
                [","] => commas_pending += 1,
                _ => break,
            }
            out.push(n);
            cur = n;
        }
        // A trailing comma list with no "and" is an apposition or a new clause, not a group.
        out.truncate(out.len() - commas_pending);
        out
    }

    /// First actor after trigger token `after` and before `end`, skipping those the filter rejects.
    fn first_mention_after(
        &self,
        after: usize,
        end: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        self.mentions_in(after + 1, end).find(|&m| keep(m))
    }

    /// The main clause's subject: the first actor not after a preposition.
    fn main_subject(&self, person: bool) -> Option<usize> {
        let ok_kind = |m: usize| {
            !person || matches!(self.actors[m].kind, ActorKind::Leader | ActorKind::Office)
        };
        (0..self.actors.len()).find(|&m| self.preceded_by_prep(m).is_none() && ok_kind(m))
    }

    /// Where cues for the trigger at `t` in `clause` may start. The governing clause counts
    /// for complements: "fears that X", "refused to X". So does the first conjunct when this
    /// one has no subject of its own ("would make A and B").
    fn cue_window(&self, clause: &Clause, t: usize) -> usize {
        let own_actor = self.mentions_in(clause.start, t).next().is_some();
        let gov = match (clause.kind, clause.at) {
            (Bound::That | Bound::If | Bound::Inf, Some(at)) => Some(self.clause_of(at)),
            (Bound::Coord, Some(at)) if !own_actor => Some(self.clause_of(at)),
            _ => None,
        };
        gov.as_ref().map_or(clause.start, |g| g.start)
    }
}

pub(crate) fn code(
    s: &str,
    actors: &[ActorMention],
    places: &[PlaceMention],
    dates: &[DateMention],
    reference: Option<NaiveDate>,
) -> Vec<Event> {
    let sen = Sentence::new(s, actors);
    let found = triggers::find_triggers(&sen);
    let whole = Whole {
        conditional: modality::conditional_or_question(&sen),
        hedged: modality::has_hedge_word(&sen) || s.to_ascii_lowercase().contains("according to"),
    };
    let mut drafts: Vec<Draft> = Vec::with_capacity(found.len());
    for f in &found {
        let d = draft(&sen, f, &drafts, places, dates, reference, whole);
        drafts.push(d);
    }
    mode::refine_threat_modes(&mut drafts);
    let mut kept = keep_first_mentions(drafts);
    kept.sort_by_key(|d| (d.depth, d.first));
    let statement = kept.first().and_then(|d| modality::intent_event(&sen, d));
    statement
        .into_iter()
        .chain(kept.into_iter().map(|d| d.event))
        .collect()
}

/// What holds for the whole sentence, and so for each of its events.
#[derive(Debug, Clone, Copy)]
struct Whole {
    /// Conditional ("If they go, …") or a question.
    conditional: bool,
    /// A hedge word or "according to" anywhere: the sentence reports less surely.
    hedged: bool,
}

/// Keep the first mention of each happening: a noun that re-names an earlier event of the same
/// type ("the visit … the meeting") adds nothing.
fn keep_first_mentions(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut kept: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let dup = kept.iter_mut().find(|k| {
            k.event.event_type == d.event.event_type
                && (d.nominal || k.source_m == d.source_m || k.event.source.is_empty())
                && d.event.negated == k.event.negated
        });
        match dup {
            // "With the signing of the accord, A and B agreed to …": the noun names the
            // happening, the later verb its actors.
            Some(k) => {
                if k.event.source.is_empty() && !d.event.source.is_empty() {
                    k.event.source = d.event.source.clone();
                    k.source_m = d.source_m.clone();
                    if k.event.target.is_empty() {
                        k.event.target = d.event.target.clone();
                    }
                }
            }
            None => kept.push(d),
        }
    }
    kept
}

/// The event of one trigger, given the events of the triggers before it (whose sources a
/// clause without an actor inherits). The order of the steps is the order of the reasons in
/// its `rule`.
fn draft(
    sen: &Sentence<'_>,
    f: &Found,
    earlier: &[Draft],
    places: &[PlaceMention],
    dates: &[DateMention],
    reference: Option<NaiveDate>,
    whole: Whole,
) -> Draft {
    let clause = sen.clause_of(f.first);
    let win_lo = sen.cue_window(&clause, f.first);
    let mut why: Vec<String> = Vec::new();
    let mut flags = modality::flags(sen, f, &clause, win_lo, whole.conditional, &mut why);
    let intent = modality::commitment(sen, &clause, win_lo, f.first, whole.conditional);
    let roles = roles::assign(sen, f, &clause, win_lo, earlier, places, &mut why);
    let location = location::locate(sen, f, &clause, places, &roles.source_m, &roles.target_m);
    let date = location::date_of(sen, f, dates, reference);
    modality::future_if_dated(&mut flags, date, reference, &mut why);
    let kind = mode::kind(sen, f, &roles.source);
    let depth = depth(sen, &clause, f);
    let confidence = confidence(f, roles.source.is_empty(), whole.hedged, depth, &mut why);
    let trigger = sen.s[f.span.0..f.span.1].to_string();
    let mut rule = format!("{}: '{}'", f.rule.id, trigger);
    if roles.passive {
        rule.push_str(" (passive)");
    }
    if !why.is_empty() {
        rule.push_str(&format!(" [{}]", why.join("; ")));
    }
    Draft {
        event: Event {
            event_type: kind.ty,
            mode: kind.mode,
            context: kind.context,
            cameo: Some(kind.cameo.to_string()),
            source: roles.source,
            target: roles.target,
            location,
            date,
            negated: flags.negated,
            hypothetical: flags.hypothetical,
            future: flags.future,
            trigger,
            span: f.span,
            confidence,
            rule,
        },
        first: f.first,
        last: f.last,
        depth,
        nominal: f.nominal(),
        source_m: roles.source_m,
        intent,
    }
}

/// How far below the main clause the trigger sits: 0 in the main clause or in speech reported
/// by it ("said that Y attacked"), 1 in any other subordinate clause or after "of" and the like
/// as a gerund ("accused of attacking"). The shallowest event is the main event.
fn depth(sen: &Sentence<'_>, clause: &Clause, f: &Found) -> u8 {
    let t = f.first;
    let of_gerund = !f.nominal()
        && t > 0
        && sen.w(t).to_ascii_lowercase().ends_with("ing")
        && sen.is_word(
            t - 1,
            &[
                "of", "for", "over", "about", "from", "on", "after", "before",
            ],
        );
    match clause.kind {
        Bound::Start | Bound::Punct | Bound::Coord | Bound::Speech => 0,
        Bound::That => {
            let g = clause
                .at
                .and_then(|at| (0..at).rev().find(|&i| sen.toks[i].word));
            u8::from(!g.is_some_and(|g| sen.is_word(g, SPEECH)))
        }
        _ => 1,
    }
    .max(u8::from(of_gerund))
}

/// The rule's confidence, less for an event without a source, in a hedged sentence or below
/// the main clause; rounded to two places.
fn confidence(f: &Found, no_source: bool, hedged: bool, depth: u8, why: &mut Vec<String>) -> f32 {
    let mut conf = f.rule.conf;
    if no_source {
        conf -= 0.15;
    }
    if hedged {
        conf -= 0.1;
        why.push("hedged".into());
    }
    if depth > 0 {
        conf -= 0.05;
    }
    ((conf.clamp(0.05, 0.99)) * 100.0).round() / 100.0
}

/// Words of number that may stand between a preposition and the actors it governs.
const COUNTS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "several",
    "some",
    "many",
    "all",
    "both",
    "dozen",
    "scores",
];
