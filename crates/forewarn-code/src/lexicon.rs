//! The trigger lexicon: rule tables from `rules/*` compiled once into one Aho-Corasick
//! automaton, so a sentence is scanned for every trigger of every family in a single pass.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use forewarn_model::EventType;

use crate::text::{Tok, in_list};

/// How a trigger is written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    /// A regular verb given by its base form ("attack", "call on"); the first word is inflected.
    Verb,
    /// Forms listed explicitly, `|`-separated, that behave as verbs ("meet|meets|met").
    Verbs,
    /// Noun phrases, `|`-separated ("snap inspection|snap inspections").
    Noun,
}

/// A condition on the words around the trigger that must hold for the rule to fire.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Guard {
    Always,
    /// One of the words occurs within `before` words before or `after` words after the trigger.
    Near(&'static [&'static str], usize, usize),
    /// None of the words occurs in that window.
    NotNear(&'static [&'static str], usize, usize),
    /// None of the first words within `before` words before, and none of the second within
    /// `after` words after: "strike" as a verb, but not "carrier strike group".
    Neither(
        &'static [&'static str],
        usize,
        &'static [&'static str],
        usize,
    ),
    /// Every one of these guards holds.
    All(&'static [Guard]),
    /// None of the windows holds one of its words: `NotNear` over several lists at once.
    NoneNear(&'static [(&'static [&'static str], usize, usize)]),
    /// `Near` the first words and not `Near` the second: "strike" after "a" but not before
    /// "group" ("a carrier strike group" is a fleet, not an attack).
    NearNot(
        &'static [&'static str],
        usize,
        usize,
        &'static [&'static str],
        usize,
        usize,
    ),
}

#[derive(Debug)]
pub(crate) struct Rule {
    /// Family and name, e.g. `mobilize.deploy`; printed in `Event::rule`.
    pub id: &'static str,
    pub forms: &'static str,
    pub pos: Pos,
    pub ty: EventType,
    pub mode: Option<&'static str>,
    pub cameo: &'static str,
    pub context: &'static [&'static str],
    pub guard: Guard,
    pub conf: f32,
    /// The event is negated by the trigger's own meaning ("staying out of the war").
    pub negates: bool,
}

/// Terse constructor used by the rule tables.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn rule(
    id: &'static str,
    forms: &'static str,
    pos: Pos,
    ty: EventType,
    mode: Option<&'static str>,
    cameo: &'static str,
    context: &'static [&'static str],
    guard: Guard,
) -> Rule {
    let conf = match pos {
        Pos::Noun => 0.65,
        _ => 0.8,
    };
    Rule {
        id,
        forms,
        pos,
        ty,
        mode,
        cameo,
        context,
        guard,
        conf,
        negates: false,
    }
}

impl Rule {
    pub(crate) const fn negating(mut self) -> Rule {
        self.negates = true;
        self
    }

    pub(crate) const fn conf(mut self, conf: f32) -> Rule {
        self.conf = conf;
        self
    }

    pub(crate) fn guard_ok(&self, sentence: &str, toks: &[Tok], first: usize, last: usize) -> bool {
        guard_holds(&self.guard, sentence, toks, first, last)
    }
}

fn guard_holds(guard: &Guard, sentence: &str, toks: &[Tok], first: usize, last: usize) -> bool {
    let window = |words: &[&str], before: usize, after: usize| {
        let lo = first.saturating_sub(before);
        let hi = (last + 1 + after).min(toks.len());
        (lo..first).chain(last + 1..hi).any(|i| {
            let t = toks[i];
            t.word && in_list(&sentence[t.start..t.end], words)
        })
    };
    match *guard {
        Guard::Always => true,
        Guard::All(guards) => guards
            .iter()
            .all(|g| guard_holds(g, sentence, toks, first, last)),
        Guard::Near(words, b, a) => window(words, b, a),
        Guard::NotNear(words, b, a) => !window(words, b, a),
        Guard::NoneNear(windows) => !windows.iter().any(|&(words, b, a)| window(words, b, a)),
        Guard::Neither(before, b, after, a) => !window(before, b, 0) && !window(after, 0, a),
        Guard::NearNot(yes, b, a, no, b2, a2) => window(yes, b, a) && !window(no, b2, a2),
    }
}

/// Regular inflections of a verb's first word: base, 3rd person, past, gerund.
pub(crate) fn inflect(base: &str) -> Vec<String> {
    let (head, rest) = match base.find(' ') {
        Some(i) => (&base[..i], &base[i..]),
        None => (base, ""),
    };
    let b = head.as_bytes();
    let last = *b.last().unwrap_or(&b'x');
    let before_last = if b.len() >= 2 { b[b.len() - 2] } else { b'a' };
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let (s, ed, ing) = if last == b'e' {
        let stem = &head[..head.len() - 1];
        (format!("{head}s"), format!("{head}d"), format!("{stem}ing"))
    } else if last == b'y' && !vowel(before_last) {
        let stem = &head[..head.len() - 1];
        (
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{head}ing"),
        )
    } else if head.ends_with('s') || head.ends_with("sh") || head.ends_with("ch") || last == b'x' {
        (
            format!("{head}es"),
            format!("{head}ed"),
            format!("{head}ing"),
        )
    } else if doubles_last(head) {
        // "slam" → "slammed", "scrap" → "scrapping": one syllable ending consonant, vowel,
        // consonant doubles the consonant.
        (
            format!("{head}s"),
            format!("{head}{}ed", last as char),
            format!("{head}{}ing", last as char),
        )
    } else {
        (
            format!("{head}s"),
            format!("{head}ed"),
            format!("{head}ing"),
        )
    };
    [head.to_string(), s, ed, ing]
        .into_iter()
        .map(|h| format!("{h}{rest}"))
        .collect()
}

/// Whether a verb doubles its last letter before "-ed" and "-ing": one vowel group, ending in
/// consonant, vowel, consonant (not w, x or y).
fn doubles_last(word: &str) -> bool {
    let b = word.as_bytes();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let groups = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| vowel(c) && (i == 0 || !vowel(b[i - 1])))
        .count();
    let n = b.len();
    groups == 1
        && n >= 3
        && !vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
}

pub(crate) struct Lexicon {
    pub rules: Vec<&'static Rule>,
    pub ac: AhoCorasick,
    /// Pattern id → candidate rules, in table order; the first whose guard holds wins.
    pub candidates: Vec<Vec<usize>>,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let rules: Vec<&'static Rule> = crate::rules::all().collect();
    let mut patterns: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut candidates: Vec<Vec<usize>> = Vec::new();
    for (ri, r) in rules.iter().enumerate() {
        let forms: Vec<String> = match r.pos {
            Pos::Verb => r.forms.split('|').flat_map(inflect).collect(),
            Pos::Verbs | Pos::Noun => r.forms.split('|').map(str::to_string).collect(),
        };
        for f in forms {
            let f = f.to_ascii_lowercase();
            let pid = *index.entry(f.clone()).or_insert_with(|| {
                patterns.push(f);
                candidates.push(Vec::new());
                patterns.len() - 1
            });
            if !candidates[pid].contains(&ri) {
                candidates[pid].push(ri);
            }
        }
    }
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("trigger patterns are plain strings");
    Lexicon {
        rules,
        ac,
        candidates,
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        assert_eq!(
            inflect("accuse"),
            ["accuse", "accuses", "accused", "accusing"]
        );
        assert_eq!(
            inflect("deploy"),
            ["deploy", "deploys", "deployed", "deploying"]
        );
        assert_eq!(
            inflect("carry"),
            ["carry", "carries", "carried", "carrying"]
        );
        assert_eq!(
            inflect("call on"),
            ["call on", "calls on", "called on", "calling on"]
        );
        assert_eq!(inflect("mass"), ["mass", "masses", "massed", "massing"]);
        assert_eq!(inflect("slam"), ["slam", "slams", "slammed", "slamming"]);
        assert_eq!(
            inflect("scrap"),
            ["scrap", "scraps", "scrapped", "scrapping"]
        );
        // Two syllables, or two vowels before the consonant: no doubling.
        assert_eq!(inflect("visit"), ["visit", "visits", "visited", "visiting"]);
        assert_eq!(inflect("raid"), ["raid", "raids", "raided", "raiding"]);
        assert_eq!(inflect("vow"), ["vow", "vows", "vowed", "vowing"]);
    }

    #[test]
    fn lexicon_builds() {
        assert!(LEXICON.rules.len() > 80);
    }
}
