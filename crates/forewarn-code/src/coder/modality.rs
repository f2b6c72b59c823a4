//! Whether the event happened: its three flags (`negated`, `hypothetical`, `future`) with the
//! cue behind each, and whether its source commits itself to it, which PLOVER codes as an event
//! of its own (`intent_event`: "Syria says it is willing to withdraw" is AGREE, then a future
//! RETREAT).
//!
//! Talk about an act is not the act: a cue in the trigger's clause or the clause governing it
//! ("did not", "may", "will", "refused to"), a stance ("doubts about invading"), a degree ("too
//! small for an attack") or a gerund subject under a modal ("Invading would be a mistake") flags
//! it. No gold set scores the flags: the evals count every event, factual or not, and
//! `tests/flags.rs` pins them instead. Statements of intent do move the main type, which the
//! PLOVER GSR development half (`../shared/data/plover-gsr/PLOVER_GSR_dev.json`) scores (PLOVER
//! codes a promise as AGREE or THREATEN); see `docs/coding.md`.

use chrono::NaiveDate;
use forewarn_model::{Event, EventType};

use super::triggers::Found;
use super::{Bound, Clause, Draft, Sentence};
use crate::cues::*;
use crate::text::{ends_nt, eqw, in_list};

/// The three ways an event may not have happened; with none set it is factual
/// ([`Event::is_factual`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Flags {
    pub(super) negated: bool,
    pub(super) hypothetical: bool,
    pub(super) future: bool,
}

/// "If they go, they will die": the whole sentence is conditional. A question asserts nothing.
pub(super) fn conditional_or_question(sen: &Sentence<'_>) -> bool {
    let first_word = (0..sen.toks.len()).find(|&i| sen.toks[i].word);
    first_word.is_some_and(|i| sen.is_word(i, &["if", "unless"]))
        || sen
            .s
            .trim_end_matches(['"', '”', '’', '\'', ' '])
            .ends_with('?')
}

/// A headline question inside a longer text: "Attack by Belarus on Ukraine? The ministry
/// said…". The trigger stands in a sentence that ends at a question mark, though the text
/// goes on.
fn asked(sen: &Sentence<'_>, f: &Found) -> bool {
    let rest = &sen.s[f.span.1..];
    rest.find('?')
        .is_some_and(|q| !rest[..q].contains(['.', '!']))
}

/// "reportedly", "allegedly", "probably": the sentence vouches for nothing it reports.
pub(super) fn has_hedge_word(sen: &Sentence<'_>) -> bool {
    (0..sen.toks.len()).any(|i| sen.is_word(i, HEDGES))
}

/// The flags of the event triggered at `f`, each with its cue pushed to `why`. `win_lo` is
/// where the cues may start: the trigger's clause, or the clause governing it.
pub(super) fn flags(
    sen: &Sentence<'_>,
    f: &Found,
    clause: &Clause,
    win_lo: usize,
    conditional_sentence: bool,
    why: &mut Vec<String>,
) -> Flags {
    let t = f.first;
    let nominal = f.nominal();
    let mut fl = Flags {
        negated: f.rule.negates,
        hypothetical: conditional_sentence,
        future: false,
    };
    if conditional_sentence {
        why.push("hypothetical: conditional or question".into());
    } else if asked(sen, f) {
        fl.hypothetical = true;
        why.push("hypothetical: a question".into());
    }
    let neg_at = negation_cue(sen, win_lo, t);
    // "against getting involved", "against the deployment of troops".
    // Opposing or favouring an act is an opinion about it: a few words before a gerund or an
    // action noun, "oppose" negates; before a gerund, "backed" makes it hypothetical. Finite verbs are
    // left alone ("Russia backed the separatists and attacked").
    let gerund_or_noun = nominal || sen.w(t).to_ascii_lowercase().ends_with("ing");
    let opinion_lo = t.saturating_sub(4).max(clause.start);
    let against_gerund = (opinion_lo..t)
        .find(|&i| sen.is_word(i, &["against"]) || (gerund_or_noun && sen.is_word(i, OPPOSE)));
    let gerund = !nominal && sen.w(t).to_ascii_lowercase().ends_with("ing");
    // Acts already negated or hedged by a cue keep that reason.
    if let Some(w) = talked_about(sen, clause, f, gerund, gerund_or_noun)
        && !fl.hypothetical
        && neg_at.or(against_gerund).is_none()
    {
        fl.hypothetical = true;
        why.push(format!("hypothetical: '{w}'"));
    }
    if gerund && let Some(i) = (opinion_lo..t).find(|&i| sen.is_word(i, FAVOUR)) {
        fl.hypothetical = true;
        why.push(format!("hypothetical: '{}'", sen.w(i)));
    }
    if let Some(i) = neg_at
        .or(against_gerund)
        .or_else(|| rejected_offer(sen, f, clause))
    {
        fl.negated = true;
        why.push(format!("negated: '{}'", sen.w(i)));
    }
    if !fl.hypothetical
        && let Some(i) = spoken_of_as_possible(sen, f).or_else(|| a_label_for(sen, f, clause))
    {
        fl.hypothetical = true;
        why.push(format!("hypothetical: '{}'", sen.w(i)));
    }
    if let Some(i) = cue(sen, win_lo, t, HYPOTHETICAL) {
        fl.hypothetical = true;
        why.push(format!("hypothetical: '{}'", sen.w(i)));
    }
    if let Some(i) = future_cue(sen, win_lo, f) {
        fl.future = true;
        why.push(format!("future: '{}'", sen.w(i)));
    }
    if clause.kind == Bound::Inf
        && let Some(at) = clause.at
    {
        infinitive_flags(sen, win_lo, at, &mut fl, why);
    }
    if clause.kind == Bound::If && !fl.hypothetical {
        fl.hypothetical = true;
        why.push("hypothetical: 'if'".into());
    }
    fl
}

/// A token of quotation marks only.
fn is_quote(sen: &Sentence<'_>, i: usize) -> bool {
    !sen.toks[i].word && sen.w(i).chars().all(|c| "'’\"“”‘".contains(c))
}

/// A name someone gives an act is their charge, not a report of it: "brands Israel's action
/// as 'ethnic cleansing'", "described the shelling as a massacre" (the shelling may be coded
/// on its own). Returns the labelling verb.
fn a_label_for(sen: &Sentence<'_>, f: &Found, clause: &Clause) -> Option<usize> {
    const LABELS: &[&str] = &[
        "brand",
        "brands",
        "branded",
        "branding",
        "call",
        "calls",
        "called",
        "calling",
        "describe",
        "describes",
        "described",
        "describing",
        "label",
        "labels",
        "labelled",
        "labeled",
        "term",
        "terms",
        "termed",
        "denounce",
        "denounces",
        "denounced",
        "condemn",
        "condemns",
        "condemned",
        "decry",
        "decries",
        "decried",
    ];
    let mut j = f.first;
    // Back over quotes and an article to "as".
    while j > clause.start && (is_quote(sen, j - 1) || sen.is_word(j - 1, &["a", "an", "the"])) {
        j -= 1;
    }
    if j == 0 || !sen.is_word(j - 1, &["as"]) {
        return None;
    }
    let lo = j.saturating_sub(9).max(clause.start);
    (lo..j - 1).rev().find(|&i| sen.is_word(i, LABELS))
}

/// An act named by a noun and then spoken of as a possibility: the noun heading a word of
/// fear or plan ("an invasion 'storm'", "invasion fears", "withdrawal plans"), before a modal
/// ("what mobilization could change") or as the subject of a likelihood ("talks remained
/// possible", "an offensive does not look imminent"). Returns the word that says so.
fn spoken_of_as_possible(sen: &Sentence<'_>, f: &Found) -> Option<usize> {
    const HEADS: &[&str] = &[
        "threat",
        "threats",
        "fear",
        "fears",
        "scare",
        "storm",
        "risk",
        "risks",
        "plan",
        "plans",
        "rumours",
        "rumors",
        "talk",
        "warning",
        "warnings",
        "possibility",
        "prospect",
        "prospects",
        "danger",
        "spectre",
        "specter",
    ];
    const MODALS: &[&str] = &["could", "would", "might", "may"];
    const COPULAS: &[&str] = &[
        "is", "are", "was", "were", "remain", "remains", "remained", "seem", "seems", "seemed",
        "look", "looks", "looked", "appear", "appears", "appeared",
    ];
    const BETWEEN: &[&str] = &[
        "still",
        "not",
        "now",
        "increasingly",
        "very",
        "more",
        "less",
        "does",
        "do",
        "did",
        "t",
        "n",
    ];
    const LIKELY: &[&str] = &[
        "possible",
        "likely",
        "unlikely",
        "imminent",
        "expected",
        "feared",
        "probable",
        "inevitable",
        "looming",
    ];
    // A verb is seldom followed straight by "could" or "is": the trigger here is a noun
    // whatever its rule's part of speech ("talks", "attacks").
    let n = sen.toks.len();
    let bare = |i: usize| {
        sen.w(i)
            .trim_matches(|c| matches!(c, '\'' | '’' | '‘'))
            .to_ascii_lowercase()
    };
    let is =
        |i: usize, list: &[&str]| i < n && sen.toks[i].word && list.contains(&bare(i).as_str());
    let mut j = f.last + 1;
    while j < n && is_quote(sen, j) {
        j += 1;
    }
    if j >= n || sen.actor_at[j].is_some() {
        return None;
    }
    // A head noun after a verb is its object ("blaming threats from Kyiv"), after a noun a
    // compound ("invasion fears").
    if (f.nominal() && is(j, HEADS)) || is(j, MODALS) {
        return Some(j);
    }
    // Past the noun's own phrase: "talks with Zelenskiy remained possible", "an offensive
    // against Ukraine does not look imminent".
    if is(
        j,
        &[
            "with", "between", "against", "on", "over", "in", "by", "of", "to",
        ],
    ) {
        let lo = j + 1;
        j = (lo..(lo + 5).min(n))
            .find(|&i| is(i, COPULAS) || is(i, MODALS) || is(i, &["does", "do", "did"]))
            .filter(|&i| (lo..i).all(|x| sen.toks[x].word))?;
        if is(j, MODALS) {
            return Some(j);
        }
    }
    let mut k = j;
    while k < n && is(k, BETWEEN) {
        k += 1;
    }
    let copula = is(k, COPULAS);
    if copula {
        k += 1;
        while k < n && is(k, BETWEEN) {
            k += 1;
        }
    }
    (copula && is(k, LIKELY)).then_some(k)
}

/// An offered act that its object's verb turns down did not happen: "rejected the
/// government's ceasefire offer", "turned down calls for talks". The act is the one offered
/// (a deal, talks, a truce, a concession, help), not one already made: "rejected the US
/// accusations" still reports the accusation. Returns the rejecting verb's token.
fn rejected_offer(sen: &Sentence<'_>, f: &Found, clause: &Clause) -> Option<usize> {
    const REJECTS: &[&str] = &[
        "rejected",
        "rejects",
        "rejecting",
        "reject",
        "refused",
        "refuses",
        "refuse",
        "dismissed",
        "dismisses",
        "rebuffed",
        "rebuffs",
        "spurned",
        "spurns",
        "declined",
        "declines",
        "down",
    ];
    let offered = matches!(
        f.rule.ty,
        EventType::Agree
            | EventType::Consult
            | EventType::Retreat
            | EventType::Concede
            | EventType::Cooperate
            | EventType::Aid
    );
    if !offered {
        return None;
    }
    let lo = f.first.saturating_sub(8).max(clause.start);
    let verb = (lo..f.first)
        .rev()
        .take_while(|&i| sen.toks[i].word || sen.w(i) == "'" || sen.w(i) == "’")
        .find(|&i| {
            sen.is_word(i, REJECTS)
                && (!sen.is_word(i, &["down"])
                    || i > 0 && sen.is_word(i - 1, &["turned", "turns", "turn"]))
        })?;
    // The trigger stands in the object's noun phrase (a noun, whatever the rule's part of
    // speech): a determiner or a possessive comes between.
    let in_object = f.nominal()
        || (verb + 1..f.first).any(|i| {
            sen.is_word(
                i,
                &["the", "a", "an", "its", "their", "his", "her", "any", "s"],
            )
        });
    in_object.then_some(verb)
}

/// An act dated after the publication date has not happened yet.
pub(super) fn future_if_dated(
    fl: &mut Flags,
    date: Option<NaiveDate>,
    reference: Option<NaiveDate>,
    why: &mut Vec<String>,
) {
    if let (Some(d), Some(refd)) = (date, reference)
        && d > refd
        && !fl.future
    {
        fl.future = true;
        why.push(format!("future: dated {d}"));
    }
}

/// The first cue word from `list` in tokens `[lo, hi)`.
fn cue(sen: &Sentence<'_>, lo: usize, hi: usize, list: &[&str]) -> Option<usize> {
    (lo..hi).find(|&i| sen.toks[i].word && sen.actor_at[i].is_none() && in_list(sen.w(i), list))
}

/// "not", "didn't", "ruled out" before the trigger.
fn negation_cue(sen: &Sentence<'_>, win_lo: usize, t: usize) -> Option<usize> {
    (win_lo..t).find(|&i| {
        sen.toks[i].word
            && sen.actor_at[i].is_none()
            && (in_list(sen.w(i), NEGATION)
                || ends_nt(sen.w(i))
                || (eqw(sen.w(i), "out")
                    && i > 0
                    && sen.is_word(i - 1, &["ruled", "rules", "rule", "ruling"])))
    })
}

/// Talk about an act is not the act: "said nothing about sending troops", "doubts about
/// invading", "suggested closing the border", "Invading would be a miscalculation", "any attack
/// would meet a response". Returns the words that make it talk.
fn talked_about(
    sen: &Sentence<'_>,
    clause: &Clause,
    f: &Found,
    gerund: bool,
    gerund_or_noun: bool,
) -> Option<String> {
    let t = f.first;
    let nominal = f.nominal();
    let before = |list: &[&str]| t > 0 && sen.is_word(t - 1, list);
    if gerund && let Some(p) = gerund_subject(sen, clause, f) {
        Some(format!("{} … {}", sen.w(t), sen.w(p)))
    } else if (gerund && before(&["about", "nothing"])) || (nominal && before(&["any", "every"])) {
        Some(sen.w(t - 1).to_string())
    } else if let Some((head, prep)) = stance_head(sen, t, gerund) {
        Some(format!("{} {}", sen.w(head), sen.w(prep)))
    } else if gerund && t > 0 && sen.is_word(t - 1, GERUND_UNREALISED) {
        Some(sen.w(t - 1).to_string())
    } else {
        degree_for(sen, t, gerund_or_noun)
    }
}

/// "will", "'ll", "going to" before the trigger, or "next", "tomorrow" after it in its clause.
fn future_cue(sen: &Sentence<'_>, win_lo: usize, f: &Found) -> Option<usize> {
    let t = f.first;
    let clause_end = sen.clause_end(f.last + 1);
    cue(sen, win_lo, t, FUTURE)
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
        })
}

/// An infinitive takes its status from the verb governing it at token `at`'s left: "managed
/// to" reports the act, "plans to" puts it in the future, "refused to" keeps its negation, and
/// any other ("wants to", "was asked to") makes it hypothetical.
fn infinitive_flags(
    sen: &Sentence<'_>,
    win_lo: usize,
    at: usize,
    fl: &mut Flags,
    why: &mut Vec<String>,
) {
    // The verb governing the infinitive, skipping "not", adverbs and the object.
    let gov_word = (win_lo..at).rev().find(|&i| {
        sen.toks[i].word
            && sen.actor_at[i].is_none()
            && !sen.is_word(i, &["not", "never", "also", "finally"])
    });
    match gov_word {
        Some(g) if sen.is_word(g, INF_FACTUAL) => {}
        Some(g) if sen.is_word(g, INF_FUTURE) => {
            if !fl.future {
                fl.future = true;
                why.push(format!("future: '{} to'", sen.w(g)));
            }
        }
        Some(g) if fl.negated && sen.is_word(g, NEGATION) => {}
        other => {
            if !fl.hypothetical && !fl.negated {
                fl.hypothetical = true;
                let w = other.map_or(String::new(), |g| format!("{} ", sen.w(g)));
                why.push(format!("hypothetical: '{w}to'"));
            }
        }
    }
}

/// A stated commitment ("Syria says it is willing to withdraw") rather than a guess about the
/// future ("analysts fear Minsk may join"): the word by which the source commits itself.
pub(super) fn commitment(
    sen: &Sentence<'_>,
    clause: &Clause,
    win_lo: usize,
    t: usize,
    conditional_sentence: bool,
) -> Option<String> {
    if conditional_sentence || clause.kind == Bound::If {
        return None;
    }
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
}

/// PLOVER codes a commitment to act as its own event: "Syria says it is willing to withdraw"
/// is AGREE (intent to cooperate), "the farmers said they would blockade Paris" is THREATEN,
/// and a reported "will not" is REJECT. The act itself follows as a future event, so counts of
/// withdrawals or blockades never include mere promises.
pub(super) fn intent_event(sen: &Sentence<'_>, d: &Draft) -> Option<Event> {
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
