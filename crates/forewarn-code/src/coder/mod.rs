//! Coding one sentence: find triggers, mark clause structure, assign roles, set flags.

mod location;
mod roles;
mod triggers;

use chrono::NaiveDate;
use forewarn_model::{ActorKind, ActorMention, DateMention, Event, EventType, PlaceMention};

use crate::cues::*;
use crate::text::{Tok, capitalized, ends_nt, eqw, in_list, tokenize};
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
        // Skip a determiner between the preposition and the actor ("in the Kremlin").
        while i > 0 {
            i -= 1;
            let w = self.w(i);
            if in_list(w, &["the", "a", "an", "its", "his", "her", "their"]) {
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
    // "If they go, they will die": the whole sentence is conditional. A question asserts nothing.
    let first_word = (0..sen.toks.len()).find(|&i| sen.toks[i].word);
    let conditional_sentence = first_word.is_some_and(|i| sen.is_word(i, &["if", "unless"]))
        || s.trim_end_matches(['"', '”', '’', '\'', ' '])
            .ends_with('?');
    let hedged = (0..sen.toks.len()).any(|i| sen.is_word(i, HEDGES))
        || s.to_ascii_lowercase().contains("according to");

    let mut drafts: Vec<Draft> = Vec::with_capacity(found.len());
    for f in &found {
        let d = draft(
            &sen,
            f,
            &drafts,
            places,
            dates,
            reference,
            conditional_sentence,
            hedged,
        );
        drafts.push(d);
    }
    refine_threat_modes(&mut drafts);

    // Keep the first mention of each happening: a noun that re-names an earlier event of the
    // same type ("the visit … the meeting") adds nothing.
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
    kept.sort_by_key(|d| (d.depth, d.first));
    let statement = kept.first().and_then(|d| intent_event(&sen, d));
    statement
        .into_iter()
        .chain(kept.into_iter().map(|d| d.event))
        .collect()
}

/// PLOVER codes a commitment to act as its own event: "Syria says it is willing to withdraw"
/// is AGREE (intent to cooperate), "the farmers said they would blockade Paris" is THREATEN,
/// and a reported "will not" is REJECT. The act itself follows as a future event, so counts of
/// withdrawals or blockades never include mere promises.
fn intent_event(sen: &Sentence<'_>, d: &Draft) -> Option<Event> {
    let e = &d.event;
    // "failed to reach agreement", "did not agree": a refusal, which PLOVER codes REJECT.
    if e.negated && e.event_type == EventType::Agree && !e.source.is_empty() && !e.hypothetical {
        let mut event = e.clone();
        event.event_type = EventType::Reject;
        event.mode = None;
        event.cameo = Some("120".into());
        event.negated = false;
        event.future = false;
        event.rule = format!("reject.no_agreement: negated AGREE '{}'", e.trigger);
        return Some(event);
    }
    let cue = d.intent.as_deref()?;
    if e.source.is_empty() || !(e.future || e.hypothetical) {
        return None;
    }
    use EventType::*;
    let reported = (0..sen.toks.len()).any(|i| {
        sen.is_word(
            i,
            &[
                "said",
                "says",
                "say",
                "announced",
                "announces",
                "told",
                "stated",
                "declared",
            ],
        )
    });
    // "The note claimed that Ukraine was planning an attack": a speaker reporting someone
    // else's plans states no intent of theirs. The speaker's own plans come with a pronoun
    // ("Syria says it is willing").
    let said_before = (0..d.first)
        .rev()
        .find(|&i| sen.is_word(i, SPEECH) || sen.is_word(i, &["insists", "insisted", "claim"]));
    if let Some(i) = said_before
        && !(i..d.first).any(|j| {
            sen.is_word(j, PRONOUNS_OTHER)
                || sen.is_word(j, PRONOUNS_PERSON)
                || sen.is_word(j, &["we", "i"])
        })
    {
        return None;
    }
    // Without a speaker, "would" is a conditional ("Russia would strike again"), not a promise.
    if eqw(cue, "would") && !reported {
        return None;
    }
    let (ty, cameo, id) = if e.negated {
        if !reported {
            return None;
        }
        (Reject, "120", "reject.intent")
    } else {
        match e.event_type {
            Agree | Threaten | Reject | Request | Accuse => return None,
            // A plan to move troops is news about troops, not yet a threat to anyone.
            Mobilize => return None,
            Assault | Coerce | Sanction | Protest => (Threaten, "130", "threaten.intent"),
            // "will withdraw … unless": a conditional promise is a threat.
            _ if (d.last..sen.toks.len()).any(|i| sen.is_word(i, &["unless"])) => {
                (Threaten, "130", "threaten.intent")
            }
            Consult | Support | Concede | Cooperate | Aid | Retreat => {
                (Agree, "030", "agree.intent")
            }
        }
    };
    let mut event = e.clone();
    event.event_type = ty;
    event.mode = None;
    event.cameo = Some(cameo.to_string());
    event.negated = false;
    event.hypothetical = false;
    event.future = false;
    event.rule = format!(
        "{id}: '{cue}' + {} '{}' (a statement of intent)",
        e.event_type, e.trigger
    );
    Some(event)
}

/// The first cue word from `list` in tokens `[lo, hi)`.
fn cue(sen: &Sentence<'_>, lo: usize, hi: usize, list: &[&str]) -> Option<usize> {
    (lo..hi).find(|&i| sen.toks[i].word && sen.actor_at[i].is_none() && in_list(sen.w(i), list))
}

#[allow(clippy::too_many_arguments)]
fn draft(
    sen: &Sentence<'_>,
    f: &Found,
    earlier: &[Draft],
    places: &[PlaceMention],
    dates: &[DateMention],
    reference: Option<NaiveDate>,
    conditional_sentence: bool,
    hedged: bool,
) -> Draft {
    let r = f.rule;
    let t = f.first;
    let clause = sen.clause_of(t);
    let nominal = f.nominal();

    // The governing clause counts for complements: "fears that X", "refused to X".
    // So does the first conjunct when this one has no subject of its own ("would make A and B").
    let own_actor = sen.mentions_in(clause.start, t).next().is_some();
    let gov = match (clause.kind, clause.at) {
        (Bound::That | Bound::If | Bound::Inf, Some(at)) => Some(sen.clause_of(at)),
        (Bound::Coord, Some(at)) if !own_actor => Some(sen.clause_of(at)),
        _ => None,
    };
    let win_lo = gov.as_ref().map_or(clause.start, |g| g.start);

    // ---- flags ----
    let mut why: Vec<String> = Vec::new();
    let mut negated = r.negates;
    let mut hypothetical = conditional_sentence;
    let mut future = false;
    if conditional_sentence {
        why.push("hypothetical: conditional or question".into());
    }
    let neg_at = (win_lo..t).find(|&i| {
        sen.toks[i].word
            && sen.actor_at[i].is_none()
            && (in_list(sen.w(i), NEGATION)
                || ends_nt(sen.w(i))
                || (eqw(sen.w(i), "out")
                    && i > 0
                    && sen.is_word(i - 1, &["ruled", "rules", "rule", "ruling"])))
    });
    // "against getting involved", "against the deployment of troops".
    // Opposing or favouring an act is an opinion about it: a few words before a gerund or an
    // action noun, "oppose" negates; before a gerund, "backed" makes it hypothetical. Finite verbs are
    // left alone ("Russia backed the separatists and attacked").
    let gerund_or_noun = nominal || sen.w(t).to_ascii_lowercase().ends_with("ing");
    let opinion_lo = t.saturating_sub(4).max(clause.start);
    let against_gerund = (opinion_lo..t)
        .find(|&i| sen.is_word(i, &["against"]) || (gerund_or_noun && sen.is_word(i, OPPOSE)));
    let gerund = !nominal && sen.w(t).to_ascii_lowercase().ends_with("ing");
    // Talk about an act is not the act: "said nothing about sending troops", "doubts about
    // invading", "suggested closing the border", "Invading would be a miscalculation", "any
    // attack would meet a response". Acts already negated or hedged by a cue keep that reason.
    let before = |list: &[&str]| t > 0 && sen.is_word(t - 1, list);
    let topic = if gerund && let Some(p) = gerund_subject(sen, &clause, f) {
        Some(format!("{} … {}", sen.w(t), sen.w(p)))
    } else if (gerund && before(&["about", "nothing"])) || (nominal && before(&["any", "every"])) {
        Some(sen.w(t - 1).to_string())
    } else if let Some((head, prep)) = stance_head(sen, t, gerund) {
        Some(format!("{} {}", sen.w(head), sen.w(prep)))
    } else if gerund && t > 0 && sen.is_word(t - 1, GERUND_UNREALISED) {
        Some(sen.w(t - 1).to_string())
    } else {
        degree_for(sen, t, gerund_or_noun)
    };
    if let Some(w) = topic
        && !hypothetical
        && neg_at.or(against_gerund).is_none()
    {
        hypothetical = true;
        why.push(format!("hypothetical: '{w}'"));
    }
    if gerund && let Some(i) = (opinion_lo..t).find(|&i| sen.is_word(i, FAVOUR)) {
        hypothetical = true;
        why.push(format!("hypothetical: '{}'", sen.w(i)));
    }
    if let Some(i) = neg_at.or(against_gerund) {
        negated = true;
        why.push(format!("negated: '{}'", sen.w(i)));
    }
    if let Some(i) = cue(sen, win_lo, t, HYPOTHETICAL) {
        hypothetical = true;
        why.push(format!("hypothetical: '{}'", sen.w(i)));
    }
    let clause_end = sen.clause_end(f.last + 1);
    let fut_at = cue(sen, win_lo, t, FUTURE)
        .or_else(|| {
            cue(
                sen,
                f.last + 1,
                clause_end,
                &["next", "tomorrow", "upcoming"],
            )
        })
        .or_else(|| {
            (win_lo..t).find(|&i| {
                let w = sen.w(i);
                eqw(w, "won't")
                    || eqw(w, "shan't")
                    || w.to_ascii_lowercase().ends_with("'ll")
                    || (eqw(w, "going") && sen.is_word(i + 1, &["to"]))
            })
        });
    if let Some(i) = fut_at {
        future = true;
        why.push(format!("future: '{}'", sen.w(i)));
    }
    if clause.kind == Bound::Inf
        && let Some(at) = clause.at
    {
        // The verb governing the infinitive, skipping "not", adverbs and the object.
        let gov_word = (win_lo..at).rev().find(|&i| {
            sen.toks[i].word
                && sen.actor_at[i].is_none()
                && !sen.is_word(i, &["not", "never", "also", "finally"])
        });
        match gov_word {
            Some(g) if sen.is_word(g, INF_FACTUAL) => {}
            Some(g) if sen.is_word(g, INF_FUTURE) => {
                if !future {
                    future = true;
                    why.push(format!("future: '{} to'", sen.w(g)));
                }
            }
            Some(g) if negated && sen.is_word(g, NEGATION) => {}
            other => {
                if !hypothetical && !negated {
                    hypothetical = true;
                    let w = other.map_or(String::new(), |g| format!("{} ", sen.w(g)));
                    why.push(format!("hypothetical: '{w}to'"));
                }
            }
        }
    }
    if clause.kind == Bound::If && !hypothetical {
        hypothetical = true;
        why.push("hypothetical: 'if'".into());
    }

    // A stated commitment ("Syria says it is willing to withdraw") rather than a guess about
    // the future ("analysts fear Minsk may join").
    let intent = if conditional_sentence || clause.kind == Bound::If {
        None
    } else {
        let doubt = cue(sen, win_lo, t, DOUBT).is_some();
        let at = (win_lo..t).rev().find(|&i| {
            let w = sen.w(i);
            sen.toks[i].word
                && sen.actor_at[i].is_none()
                && (in_list(w, INTENT)
                    || eqw(w, "won't")
                    || w.to_ascii_lowercase().ends_with("'ll")
                    || w.ends_with("’ll")
                    || (eqw(w, "going") && sen.is_word(i + 1, &["to"])))
        });
        at.filter(|_| !doubt).map(|i| sen.w(i).to_string())
    };

    // ---- roles ----
    let roles::Roles {
        passive,
        source_m,
        target_m,
        source,
        target,
    } = roles::assign(sen, f, &clause, win_lo, earlier, places, &mut why);

    // ---- location, date ----
    let location = location::locate(sen, f, &clause, places, &source_m, &target_m);
    let date = location::date_near(dates, f.span).map(|d| d.date);
    if let (Some(d), Some(refd)) = (date, reference)
        && d > refd
        && !future
    {
        future = true;
        why.push(format!("future: dated {d}"));
    }

    // ---- type, mode, context ----
    let mut ty = r.ty;
    let mut mode = r.mode.map(str::to_string);
    let mut cameo = r.cameo;
    if r.id == "mobilize.exercise" {
        let mut countries: Vec<&str> = source.iter().filter_map(|a| a.country.as_deref()).collect();
        countries.sort_unstable();
        countries.dedup();
        if countries.len() >= 2 {
            ty = EventType::Cooperate;
            mode = None;
            cameo = "062";
        }
    }
    if ty == EventType::Mobilize && mode.as_deref() == Some("troops") {
        let lo = t.saturating_sub(3);
        let hi = (f.last + 5).min(sen.toks.len());
        let near = |list: &[&str]| (lo..hi).any(|i| i != t && sen.is_word(i, list));
        if near(crate::rules::mobilize::WEAPON_WORDS) && !near(crate::rules::TROOPS) {
            mode = Some("weapons".into());
        }
    }
    if ty == EventType::Assault && mode.is_none() {
        (mode, cameo) = assault_mode(sen, f).map_or((None, cameo), |(m, c)| (Some(m.into()), c));
    }
    let mut context: Vec<String> = r.context.iter().map(|c| c.to_string()).collect();
    if matches!(
        ty,
        EventType::Assault | EventType::Mobilize | EventType::Cooperate
    ) && r.id != "cooperate.economic"
        && !context.iter().any(|c| c == "military")
    {
        context.push("military".into());
    }
    let lo = t.saturating_sub(8);
    let hi = (f.last + 9).min(sen.toks.len());
    if matches!(ty, EventType::Assault | EventType::Mobilize)
        && (lo..hi).any(|i| {
            sen.is_word(
                i,
                &["territory", "border", "borders", "airspace", "frontier"],
            )
        })
        && !context.iter().any(|c| c == "territory")
    {
        context.push("territory".into());
    }

    // ---- depth, confidence, rule ----
    let of_gerund = !nominal
        && t > 0
        && sen.w(t).to_ascii_lowercase().ends_with("ing")
        && sen.is_word(
            t - 1,
            &[
                "of", "for", "over", "about", "from", "on", "after", "before",
            ],
        );
    let depth = match clause.kind {
        Bound::Start | Bound::Punct | Bound::Coord | Bound::Speech => 0,
        Bound::That => {
            let g = clause
                .at
                .and_then(|at| (0..at).rev().find(|&i| sen.toks[i].word));
            u8::from(!g.is_some_and(|g| sen.is_word(g, SPEECH)))
        }
        _ => 1,
    }
    .max(u8::from(of_gerund));

    let mut conf = r.conf;
    if source.is_empty() {
        conf -= 0.15;
    }
    if hedged {
        conf -= 0.1;
        why.push("hedged".into());
    }
    if depth > 0 {
        conf -= 0.05;
    }
    let confidence = ((conf.clamp(0.05, 0.99)) * 100.0).round() / 100.0;
    let trigger = sen.s[f.span.0..f.span.1].to_string();
    let mut rule = format!("{}: '{}'", r.id, trigger);
    if passive {
        rule.push_str(" (passive)");
    }
    if !why.is_empty() {
        rule.push_str(&format!(" [{}]", why.join("; ")));
    }

    Draft {
        event: Event {
            event_type: ty,
            mode,
            context,
            cameo: Some(cameo.to_string()),
            source,
            target,
            location,
            date,
            negated,
            hypothetical,
            future,
            trigger,
            span: f.span,
            confidence,
            rule,
        },
        first: f.first,
        last: f.last,
        depth,
        nominal,
        source_m,
        intent,
    }
}

/// A gerund clause as a subject names a kind of act; with a modal or a present judgement as its
/// predicate it is talked about, not reported: "Invading would be a tragic miscalculation",
/// "he said sending troops is out of the question", "Sending conscripts abroad is the one order
/// he fears giving". Returns the predicate. A past predicate reports the act ("Fighting erupted
/// overnight", "Invading Iraq was a mistake"), and after "after", "since" or "before" the
/// gerund is an adverbial, not a subject ("After invading Crimea, Russia …").
fn gerund_subject(sen: &Sentence<'_>, clause: &Clause, f: &Found) -> Option<usize> {
    let t = f.first;
    let adverb = |i: usize| {
        sen.toks[i].word
            && (sen.w(i).to_ascii_lowercase().ends_with("ly")
                || sen.is_word(i, &["even", "simply", "just", "merely", "only", "so"]))
    };
    let opens = match clause.kind {
        Bound::Start | Bound::Punct | Bound::Coord | Bound::That | Bound::Speech => true,
        Bound::Adv => clause
            .at
            .is_some_and(|a| sen.is_word(a, &["because", "although", "though", "whereas"])),
        Bound::If | Bound::Rel | Bound::Inf => false,
    } && (clause.start..t).all(adverb);
    let after_saying = t > 0 && sen.is_word(t - 1, SAY_THINK);
    if !opens && !after_saying {
        return None;
    }
    // A direct object right after the gerund ("Sending conscripts", "Invading Iraq") makes it a
    // verb; a bare one may be a plain noun ("Fighting is raging"), judged only by a modal.
    let has_object = sen.toks.get(f.last + 1).is_some_and(|tk| {
        tk.word
            && !sen.is_word(f.last + 1, PREPOSITIONS)
            && !sen.is_word(f.last + 1, MODAL)
            && !sen.is_word(f.last + 1, PRESENT_JUDGEMENT)
    });
    for i in (f.last + 1..sen.toks.len()).take(12) {
        match sen.boundary(i) {
            // "Sending troops and tanks would …" coordinates objects; "Fighting broke out and
            // could spread" coordinates predicates, so the first one was not a modal.
            Some(Bound::Coord) if sen.is_word(i, &["and", "or"]) => {
                if sen.is_word(i + 1, MODAL) {
                    return None;
                }
                continue;
            }
            // "Sending conscripts to die in Ukraine is …": an infinitive inside the subject.
            Some(Bound::Inf) => continue,
            Some(_) => return None,
            None => {}
        }
        if !sen.toks[i].word {
            continue;
        }
        if sen.is_word(i, MODAL) {
            return Some(i);
        }
        if sen.is_word(i, PRESENT_JUDGEMENT) {
            // "Shelling is continuing", "Sending troops is reported": progressive or passive.
            let next_verbal = sen.toks.get(i + 1).is_some_and(|tk| {
                let w = sen.s[tk.start..tk.end].to_ascii_lowercase();
                tk.word && (w.ends_with("ing") || w.ends_with("ed"))
            });
            return (has_object && !next_verbal).then_some(i);
        }
        if sen.is_word(i, &["was", "were", "had", "has", "have", "did"])
            || (i == f.last + 1 && sen.w(i).to_ascii_lowercase().ends_with("ed"))
        {
            return None;
        }
    }
    None
}

/// "too small for an attack", "strong enough for an offensive": a degree that measures a
/// force against an act says nothing of the act happening. Only a gerund or action noun right
/// after "for" (and at most one determiner) counts; returns the cue as "too … for".
fn degree_for(sen: &Sentence<'_>, t: usize, gerund_or_noun: bool) -> Option<String> {
    if !gerund_or_noun || t < 3 {
        return None;
    }
    let mut i = t - 1;
    if sen.is_word(i, &["a", "an", "any", "the"]) {
        i -= 1;
    }
    if i < 2 || !sen.is_word(i, &["for"]) || !sen.toks[i - 1].word {
        return None;
    }
    if sen.is_word(i - 1, &["enough"]) {
        return Some(format!("{} enough for", sen.w(i - 2)));
    }
    sen.is_word(i - 2, &["too"])
        .then(|| format!("too {} for", sen.w(i - 1)))
}

/// "doubts about invading", "talk of a new offensive", "warnings against attacking": the word of
/// stance or talk governing the act through a preposition, and that preposition. Between the
/// preposition and a gerund only adverbs and the gerund's own subject may stand ("of possibly
/// invading", "the idea of Belarus invading"); before an action
/// noun, modifiers and actors may ("of a full-scale Russian offensive") but not a definite
/// determiner: "the cost of the attack" names an attack that happened.
fn stance_head(sen: &Sentence<'_>, t: usize, gerund: bool) -> Option<(usize, usize)> {
    let mut i = t;
    let prep = loop {
        if i == 0 || t - i >= 5 {
            return None;
        }
        i -= 1;
        if !sen.toks[i].word {
            return None;
        }
        if sen.is_word(i, STANCE_PREPS) {
            break i;
        }
        let w = sen.w(i).to_ascii_lowercase();
        let ok = if gerund {
            // "the idea of Belarus invading", "fears of their sending troops".
            w.ends_with("ly")
                || sen.is_word(i, &["even", "actually", "his", "her", "its", "their"])
                || sen.actor_at[i].is_some()
        } else {
            sen.boundary(i).is_none()
                && !sen.is_word(i, PREPOSITIONS)
                && !sen.is_word(
                    i,
                    &["the", "this", "that", "these", "those", "its", "their"],
                )
        };
        if !ok {
            return None;
        }
    };
    let mut head = prep.checked_sub(1)?;
    // "talk in Minsk of sending troops": a short place phrase may part the head from its
    // complement.
    if !sen.is_word(head, STANCE_HEADS)
        && let Some(loc) = (prep.saturating_sub(4)..prep)
            .rev()
            .find(|&i| sen.is_word(i, LOCATIVE))
        && (loc + 1..prep).all(|i| sen.toks[i].word && sen.boundary(i).is_none())
    {
        head = loc.checked_sub(1)?;
    }
    // Heads that are themselves hedges or plans ("fears of", "plans for") flag the act already.
    let cued = sen.is_word(head, HYPOTHETICAL) || sen.is_word(head, FUTURE);
    (sen.is_word(head, STANCE_HEADS) && !cued).then_some((head, prep))
}

fn assault_mode(sen: &Sentence<'_>, f: &Found) -> Option<(&'static str, &'static str)> {
    let lo = f.first.saturating_sub(6);
    let hi = (f.last + 7).min(sen.toks.len());
    let near = |list: &[&str]| (lo..hi).any(|i| sen.is_word(i, list));
    if near(&[
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "drone",
        "drones",
        "airstrike",
        "airstrikes",
        "air",
        "aircraft",
        "jets",
        "warplanes",
        "bombers",
        "s-300",
        "aerial",
    ]) {
        Some(("aerial", "195"))
    } else if near(&[
        "artillery",
        "shelling",
        "shells",
        "shelled",
        "mortar",
        "mortars",
        "tanks",
        "howitzers",
    ]) {
        Some(("heavy-weapons", "194"))
    } else if near(&[
        "gun", "guns", "gunmen", "rifle", "rifles", "gunfire", "shot", "sniper",
    ]) {
        Some(("firearms", "190"))
    } else if near(&[
        "bomb",
        "bombs",
        "explosive",
        "explosives",
        "ied",
        "mine",
        "mines",
        "grenade",
    ]) {
        Some(("explosives", "183"))
    } else {
        None
    }
}

/// THREATEN takes its mode from what is threatened: "threatened to strike" is violence.
fn refine_threat_modes(drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        if drafts[i].event.event_type != EventType::Threaten || drafts[i].event.mode.is_some() {
            continue;
        }
        let last = drafts[i].last;
        let next = drafts
            .iter()
            .find(|d| d.first > last && d.first <= last + 4)
            .map(|d| (d.event.event_type, d.event.mode.clone()));
        let mode = match next {
            Some((EventType::Assault | EventType::Mobilize, _)) => Some("violence"),
            Some((EventType::Sanction, _)) => Some("relations"),
            Some((EventType::Coerce, Some(m))) if m == "arrest" => Some("arrest"),
            Some((EventType::Coerce, Some(m))) if m == "deport" => Some("expel"),
            Some((EventType::Coerce, _)) => Some("restrict"),
            _ => None,
        };
        drafts[i].event.mode = mode.map(str::to_string);
    }
}

/// An event the learned layer supplies where the rules found none. It has no trigger, so its
/// roles are the plainest reading of the sentence: the main clause's subject is the source and
/// the next actor of another name is the target (none when the sentence names none). Its flags
/// come from the model's heads, leaning to "not factual": a head at 0.35 or more sets its flag,
/// and so does a conditional, a question or a hedge anywhere in the sentence.
#[allow(clippy::too_many_arguments)]
pub(crate) fn model_event(
    s: &str,
    actors: &[ActorMention],
    places: &[PlaceMention],
    dates: &[DateMention],
    reference: Option<NaiveDate>,
    ty: EventType,
    p: f32,
    flags: [f32; 3],
) -> Event {
    let sen = Sentence::new(s, actors);
    let source_m: Vec<usize> = sen.main_subject(false).into_iter().collect();
    let target_m: Vec<usize> = source_m
        .first()
        .and_then(|&m| {
            let (_, last) = sen.mention_tokens(m);
            sen.first_mention_after(last, sen.toks.len(), |o| {
                actors[o].name != actors[m].name && actors[o].country.is_some()
            })
        })
        .into_iter()
        .collect();
    let first_word = (0..sen.toks.len()).find(|&i| sen.toks[i].word);
    let cue = first_word.is_some_and(|i| sen.is_word(i, &["if", "unless"]))
        || s.trim_end_matches(['"', '”', '’', '\'', ' '])
            .ends_with('?')
        || (0..sen.toks.len()).any(|i| sen.is_word(i, HEDGES));
    const LEAN: f32 = 0.35;
    let whole = (0, s.len());
    let date = location::date_near(dates, whole).map(|d| d.date);
    let p = (p * 100.0).round() / 100.0;
    Event {
        event_type: ty,
        mode: None,
        context: Vec::new(),
        cameo: Some(ty.cameo_root().to_string()),
        source: roles::refs(&sen, &source_m),
        target: roles::refs(&sen, &target_m),
        location: location::place_near(places, whole).map(location::place_location),
        date,
        negated: flags[0] >= LEAN,
        hypothetical: flags[1] >= LEAN || cue,
        future: flags[2] >= LEAN || date.zip(reference).is_some_and(|(d, r)| d > r),
        trigger: String::new(),
        span: whole,
        confidence: p,
        rule: format!(
            "model p={p:.2}: {ty} (no rule fired; flags p={:.2}/{:.2}/{:.2})",
            flags[0], flags[1], flags[2]
        ),
    }
}
