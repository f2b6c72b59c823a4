//! Finding the event: which written forms of the rule tables (`rules/*`) occur in a sentence,
//! and which rule each occurrence triggers.
//!
//! One pass of the lexicon's Aho-Corasick automaton finds every form at word boundaries; the
//! longest form wins at a start and overlaps are dropped left to right, so "reached an
//! agreement" is one trigger, not two. Of the rules sharing a form, the first whose guard holds
//! is taken. Whether the right event is found is what the type figures measure: main and any
//! type on the PLOVER GSR development half (`../shared/data/plover-gsr/PLOVER_GSR_dev.json`)
//! and the penta class of the main event on the CAMEO penta-class sentences
//! (`../shared/data/coding/conflibert-cameo/`); see `docs/coding.md`.

use super::Sentence;
use crate::lexicon::{LEXICON, Pos, Rule};

/// A trigger in the sentence: the rule it fires and where it stands.
pub(super) struct Found {
    pub(super) rule: &'static Rule,
    /// First and last token of the trigger.
    pub(super) first: usize,
    pub(super) last: usize,
    /// Byte span of the trigger.
    pub(super) span: (usize, usize),
}

impl Found {
    /// An action noun ("the attack") rather than a verb: its roles hang on prepositions.
    pub(super) fn nominal(&self) -> bool {
        self.rule.pos == Pos::Noun
    }
}

pub(super) fn find_triggers(sen: &Sentence<'_>) -> Vec<Found> {
    let lex = &*LEXICON;
    let s = sen.s;
    let bytes = s.as_bytes();
    let boundary_ok = |a: usize, b: usize| {
        let before = s[..a].chars().next_back();
        let after = s[b..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        !word(before) && !word(after)
    };
    let mut cands: Vec<(usize, usize, usize)> = lex
        .ac
        .find_overlapping_iter(bytes)
        .filter(|m| boundary_ok(m.start(), m.end()))
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect();
    // Longest match first at each start; then keep non-overlapping matches left to right.
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<Found> = Vec::new();
    let mut taken_until = 0;
    for (a, b, pid) in cands {
        if a < taken_until {
            continue;
        }
        let first = sen.toks.partition_point(|t| t.end <= a);
        let last = sen.toks.partition_point(|t| t.start < b).saturating_sub(1);
        if first >= sen.toks.len() || last < first {
            continue;
        }
        let rule = lex.candidates[pid]
            .iter()
            .map(|&ri| lex.rules[ri])
            .find(|r| r.guard_ok(s, &sen.toks, first, last));
        if let Some(rule) = rule {
            out.push(Found {
                rule,
                first,
                last,
                span: (a, b),
            });
            taken_until = b;
        }
    }
    out
}
