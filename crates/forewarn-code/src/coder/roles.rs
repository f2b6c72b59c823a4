//! Who acts and who is acted on: an event's source and target.
//!
//! Position decides first: the subject before a verb and the object after it; after a passive
//! the "by" agent acts and the subject suffers; an action noun takes its actor from a modifier
//! or from "by", "from" or "of" after it. Where the clause names no actor, a pronoun, the
//! governing clause or the conjunct before supplies the source (`inherited_source`); where the
//! sentence names no actor for a role at all, the one state it names, or the place attacked,
//! stands in. Scored by the source and target country figures of `forewarn eval plover` on the
//! PLOVER GSR development half (`../shared/data/plover-gsr/PLOVER_GSR_dev.json`, see
//! `docs/coding.md`); PETRARCH2's actors are fictional, so that set does not score roles.

use forewarn_model::{ActorKind, ActorRef, EventType, PlaceMention};

use super::triggers::Found;
use super::{Bound, Clause, Draft, Sentence};
use crate::cues::*;
use crate::text::{eqw, in_list};

/// An event's roles, as mentions (which later clauses inherit and deduplication compares) and
/// as the actor references reported.
pub(super) struct Roles {
    pub(super) passive: bool,
    pub(super) source_m: Vec<usize>,
    pub(super) target_m: Vec<usize>,
    pub(super) source: Vec<ActorRef>,
    pub(super) target: Vec<ActorRef>,
}

/// The roles of the event triggered at `f`, in clause `clause` whose cues reach back to
/// `win_lo`. A role taken from the sentence's subject, from the complement or from an inferred
/// state says so in `why`, so that a reader of the rule can see a guess.
pub(super) fn assign(
    sen: &Sentence<'_>,
    f: &Found,
    clause: &Clause,
    win_lo: usize,
    earlier: &[Draft],
    places: &[PlaceMention],
    why: &mut Vec<String>,
) -> Roles {
    let t = f.first;
    // "is committed to", "is prepared to": adjectives before an infinitive, not passives.
    let passive = !f.nominal() && !sen.s[f.span.0..f.span.1].ends_with(" to") && is_passive(sen, t);
    let end = sen.clause_end(f.last + 1);
    let by_agent = sen
        .first_mention_after(f.last, end, |m| sen.after_prep(m, &["by"]))
        .filter(|&m| sen.mention_tokens(m).0 <= f.last + 4);

    let (mut source_m, mut target_m) = if passive {
        passive_roles(sen, f, clause, by_agent)
    } else if f.nominal() {
        (nominal_source(sen, f, clause, end, by_agent), Vec::new())
    } else {
        let subject = sen.subject_in(clause.start, t);
        (
            subject.map(|m| sen.group_back(m)).unwrap_or_default(),
            Vec::new(),
        )
    };
    // "his mother denounces him": a subject that is no actor stands before the verb, so the
    // act is that person's, not the nearest actor's further back.
    let unknown_subject = source_m.is_empty()
        && !passive
        && !f.nominal()
        && t >= 2
        && sen.toks[t - 1].word
        && sen.actor_at[t - 1].is_none()
        && sen.is_word(t - 2, &["his", "her", "their", "my", "our", "your"]);
    if unknown_subject {
        why.push("source: a subject that is no actor".into());
    }
    if source_m.is_empty() && !unknown_subject {
        source_m = inherited_source(sen, clause, t, earlier);
    }
    let addressee = !passive && !f.nominal() && object_is_not_an_actor(sen, f);
    if addressee {
        why.push("target: the object is no actor".into());
    }
    if !passive
        && !addressee
        && let Some(m) = object(sen, f, end, &source_m, by_agent)
    {
        target_m = sen.group_forward(m);
        target_m.retain(|x| !source_m.contains(x));
    }
    if f.rule.id == "request.must" {
        (source_m, target_m) = demand_roles(sen, f, clause);
    }
    if source_m.is_empty()
        && !passive
        && !unknown_subject
        && let Some(m) = fronted_subject(sen, clause, win_lo, t)
    {
        source_m = sen.group_back(m);
        why.push("source: sentence subject".into());
    }

    let hard_end = (f.last + 1..sen.toks.len())
        .find(|&i| matches!(sen.boundary(i), Some(Bound::Punct | Bound::Speech)))
        .unwrap_or(sen.toks.len());
    if target_m.is_empty() && !passive && !addressee {
        let complement = complement_target(sen, f, end, hard_end, &source_m);
        if !complement.is_empty() {
            target_m = complement;
            why.push("target: in the complement".into());
        }
    }

    let mut source = refs(sen, &source_m);
    let mut target = refs(sen, &target_m);
    if source.is_empty()
        && !passive
        && !unknown_subject
        && let Some(c) = sole_other_state(sen, places, &target)
    {
        why.push(format!("source: inferred {c}"));
        source.push(ActorRef {
            text: String::new(),
            country: Some(c),
            sector: None,
            name: None,
        });
    }
    // Troop moves are exempt: "deployed troops to the border" has no target.
    if target.is_empty()
        && !passive
        && !addressee
        && f.rule.ty != EventType::Mobilize
        && let Some(c) = country_acted_on(sen, f, places, hard_end, &source, &source_m)
    {
        why.push(format!("target: inferred {c}"));
        target.push(ActorRef {
            text: String::new(),
            country: Some(c),
            sector: Some("GOV".into()),
            name: None,
        });
    }
    Roles {
        passive,
        source_m,
        target_m,
        source,
        target,
    }
}

/// A state named as the topic of a noun after it in a complement ("warns that the Ukraine
/// situation could spin out of control") is what is talked about, not a party acted on. (As
/// the verb's own object, "rejected a solution to the North Korean crisis", it is the party.)
fn names_a_topic(sen: &Sentence<'_>, m: usize) -> bool {
    const TOPICS: &[&str] = &[
        "situation",
        "crisis",
        "issue",
        "question",
        "conflict",
        "file",
        "problem",
        "dispute",
        "standoff",
        "stand-off",
    ];
    let next = sen.mtok[m].1 + 1;
    next < sen.toks.len() && sen.actor_at[next].is_none() && sen.is_word(next, TOPICS)
}

/// Whether the verb's object, right after it, is a pronoun or (for words addressed to
/// someone) the public: then the actor named later in the clause is not who the act is aimed
/// at. "China warned her not to add Taiwan" warns Pelosi, not Taiwan; "the junta warned the
/// public against protests" and "warning its people to shun anything South Korean" are said
/// to their own people.
fn object_is_not_an_actor(sen: &Sentence<'_>, f: &Found) -> bool {
    const OBJECT_PRONOUNS: &[&str] = &["her", "him", "them", "us", "me", "you"];
    const DETERMINERS: &[&str] = &["the", "its", "their", "his", "her", "local", "ordinary"];
    const PUBLIC: &[&str] = &[
        "public",
        "people",
        "citizens",
        "residents",
        "population",
        "nationals",
        "voters",
        "parents",
        "students",
        "workers",
        "staff",
        "employees",
        "media",
    ];
    let next = f.last + 1;
    if next >= sen.toks.len() || sen.actor_at[next].is_some() {
        return false;
    }
    // "her" before a noun is a possessive: "warned her neighbours".
    let pronoun = sen.is_word(next, OBJECT_PRONOUNS)
        && !(sen.is_word(next, &["her"])
            && sen.toks.get(next + 1).is_some_and(|t| t.word)
            && !sen.is_word(next + 1, &["not", "to", "against", "that", "of", "over"]));
    let addressed = matches!(f.rule.ty, EventType::Threaten | EventType::Request);
    let public = addressed
        && (sen.is_word(next, PUBLIC)
            || (sen.is_word(next, DETERMINERS)
                && sen.actor_at.get(next + 1).is_some_and(Option::is_none)
                && sen.is_word(next + 1, PUBLIC)));
    pronoun || public
}

/// "was attacked by Russia": the agent acts, the subject suffers; a subject moved by a passive
/// ("troops were deployed") is still the one that moves.
fn passive_roles(
    sen: &Sentence<'_>,
    f: &Found,
    clause: &Clause,
    by_agent: Option<usize>,
) -> (Vec<usize>, Vec<usize>) {
    let mut source_m = by_agent.map(|m| sen.group_forward(m)).unwrap_or_default();
    let mut target_m = Vec::new();
    if let Some(m) = sen.subject_in(clause.start, f.first) {
        if f.rule.ty == EventType::Mobilize && source_m.is_empty() {
            source_m = sen.group_back(m);
        } else {
            target_m = sen.group_back(m);
        }
    }
    (source_m, target_m)
}

/// The actor of an action noun: "an attack by X", "Egyptian demonstrators", "Russia may launch
/// an offensive", "inspection of Belarusian troops", "a visit from Putin", "the spearhead of
/// Russia's offensive", in that order of preference.
fn nominal_source(
    sen: &Sentence<'_>,
    f: &Found,
    clause: &Clause,
    end: usize,
    by_agent: Option<usize>,
) -> Vec<usize> {
    let t = f.first;
    let ty = f.rule.ty;
    let of_agent = sen
        .first_mention_after(f.last, end, |m| {
            sen.after_prep(m, &["from"])
                || (sen.after_prep(m, &["in"]) && ty == EventType::Protest)
                || (sen.after_prep(m, &["of"])
                    && matches!(
                        ty,
                        EventType::Mobilize | EventType::Retreat | EventType::Protest
                    ))
        })
        .filter(|&m| sen.mention_tokens(m).0 <= f.last + 3);
    // Before a noun, a subject ("Russia may launch an offensive") or a modifier right
    // before it ("the spearhead of Russia's offensive").
    let subject = sen
        .mentions_in(clause.start, t)
        .filter(|&m| sen.preceded_by_prep(m).is_none())
        .last();
    let modifier = sen
        .mentions_in(clause.start, t)
        .filter(|&m| sen.mention_tokens(m).1 + 3 >= t)
        .last();
    // "Egyptian demonstrators": the gazetteer may read the whole phrase as one actor.
    let covering = sen.actor_at[t];
    if let Some(m) = by_agent {
        sen.group_forward(m)
    } else if let Some(m) = covering {
        sen.group_back(m)
    } else if let Some(m) = of_agent.filter(|&m| {
        sen.after_prep(m, &["of"]) && matches!(ty, EventType::Mobilize | EventType::Retreat)
    }) {
        // Who withdraws or moves is named after the noun, not by whoever announces or
        // demands it: "Ukraine demanded the withdrawal of Russian troops".
        sen.group_forward(m)
    } else if let Some(m) = subject {
        sen.group_back(m)
    } else if let Some(m) = of_agent {
        sen.group_forward(m)
    } else if let Some(m) = modifier {
        sen.group_back(m)
    } else {
        Vec::new()
    }
}

/// The object of an active verb or action noun: the first actor after the trigger in its
/// clause that is neither the source nor the "by" agent, and not after a preposition of
/// place, origin or comparison.
fn object(
    sen: &Sentence<'_>,
    f: &Found,
    end: usize,
    source_m: &[usize],
    by_agent: Option<usize>,
) -> Option<usize> {
    let ty = f.rule.ty;
    let nominal = f.nominal();
    sen.first_mention_after(f.last, end, |m| {
        if source_m.contains(&m) || Some(m) == by_agent {
            return false;
        }
        // Right after the trigger is the object, even when the trigger ends in a
        // preposition ("called on Belarus", "met with Putin").
        if sen.mention_tokens(m).0 == f.last + 1 {
            return true;
        }
        match sen.preceded_by_prep(m) {
            None => !nominal,
            Some(p) if ty == EventType::Assault && in_list(p, &["with", "alongside"]) => false,
            // "withdrew from Panama": one retreats from the party yielded to.
            Some(p) if ty == EventType::Retreat && eqw(p, "from") => true,
            Some(p) if nominal => in_list(p, TARGET_PREPS),
            Some(p) => !in_list(p, LOCATIVE) && !in_list(p, &["from", "of", "by", "than"]),
        }
    })
}

/// "Russia said that Sudan must return the helicopter": whoever must act is the target of the
/// demand; whoever says so is its source. Returns (source, target).
fn demand_roles(sen: &Sentence<'_>, f: &Found, clause: &Clause) -> (Vec<usize>, Vec<usize>) {
    let target_m = sen
        .subject_in(clause.start, f.first)
        .map(|m| sen.group_back(m))
        .unwrap_or_default();
    let speaker = match (clause.kind, clause.at) {
        (Bound::That, Some(at)) => {
            let gov = sen.clause_of(at);
            sen.subject_in(gov.start, at)
        }
        _ => None,
    }
    .or_else(|| {
        let said = (f.last + 1..sen.toks.len()).find(|&i| sen.is_word(i, SPEECH_BOUNDARY))?;
        sen.mentions_in(said, sen.toks.len()).next()
    })
    .or_else(|| {
        sen.mentions_in(0, clause.start)
            .find(|&m| sen.preceded_by_prep(m).is_none())
    });
    let mut source_m = speaker.map(|m| sen.group_back(m)).unwrap_or_default();
    source_m.retain(|m| !target_m.contains(m));
    (source_m, target_m)
}

/// An apposition or a fronted phrase can split the subject from its verb: "A member of the
/// Syrian parliament, Mohammed Mamoun, started a hunger strike". The first actor of the
/// sentence that is not an object then acts, in a main clause or in a complement whose subject
/// is a pronoun. An actor after a fronted adverbial's preposition is not that subject.
fn fronted_subject(sen: &Sentence<'_>, clause: &Clause, win_lo: usize, t: usize) -> Option<usize> {
    let main = matches!(clause.kind, Bound::Start | Bound::Punct | Bound::Speech);
    let pronoun_complement = matches!(clause.kind, Bound::Inf | Bound::That)
        && (win_lo..t).any(|i| sen.is_word(i, PRONOUNS_OTHER) || sen.is_word(i, PRONOUNS_PERSON));
    if !main && !pronoun_complement {
        return None;
    }
    sen.mentions_in(0, t).find(|&m| {
        !sen.after_prep(
            m,
            &[
                "against", "to", "by", "with", "toward", "towards", "on", "than",
            ],
        ) && !sen.after_prep(m, FRONTED)
    })
}

/// The object of a demand, threat or promise often sits in its complement: "threatened to
/// break relations with Russia", "demanded that the US cancel". Looks from the end of the
/// trigger's clause to the next comma or speech boundary.
///
/// A clause that opens with "while" or "although" has a subject of its own: in
/// "visits front-line trenches while Russia masses its troops" Russia is not visited. A
/// meeting's partner comes with "with" or as an object; an actor after "against", "over" or
/// "on" in its complement is what is discussed ("meet to discuss sanctions against Russia").
fn complement_target(
    sen: &Sentence<'_>,
    f: &Found,
    end: usize,
    hard_end: usize,
    source_m: &[usize],
) -> Vec<usize> {
    if hard_end <= end {
        return Vec::new();
    }
    // A contrast ("while", "whereas", "although") sets another actor beside this one; a cause
    // or a time ("after the bomb struck") may still name who the act was aimed at or by.
    let own_clause = sen.toks.get(end).is_some()
        && sen.is_word(end, &["while", "whereas", "although", "though"]);
    let topic: &[&str] = if f.rule.ty == EventType::Consult {
        &["against", "over", "on", "about", "in", "for"]
    } else {
        &[]
    };
    let Some(m) = sen.mentions_in(end, hard_end).find(|&m| {
        !source_m.contains(&m)
            && !names_a_topic(sen, m)
            && !sen.after_prep(m, &["from", "by", "than", "of"])
            && !sen.after_prep(m, topic)
    }) else {
        return Vec::new();
    };
    // The subject of that clause, not its object: "after deliberations with the Nigerian
    // government" still names the partner.
    if own_clause && sen.preceded_by_prep(m).is_none() {
        return Vec::new();
    }
    let mut target_m = sen.group_forward(m);
    target_m.retain(|x| !source_m.contains(x));
    target_m
}

/// Newswire names the country of an unlisted actor somewhere in the sentence: "President Dos
/// Santos … Angola's rebels". When the sentence names exactly one state apart from the target,
/// that state is the best guess for the source.
fn sole_other_state(
    sen: &Sentence<'_>,
    places: &[PlaceMention],
    target: &[ActorRef],
) -> Option<String> {
    // A state named only in what came before ("Following Pyongyang's tests, President Yoon
    // warned") is not where an unnamed speaker is from.
    let background: Vec<(usize, usize)> = (0..sen.actors.len())
        .filter(|&m| sen.after_prep(m, FRONTED))
        .map(|m| sen.actors[m].span)
        .collect();
    let said_before =
        |span: (usize, usize)| background.iter().any(|b| b.0 < span.1 && span.0 < b.1);
    let tgt: Vec<&str> = target.iter().filter_map(|a| a.country.as_deref()).collect();
    let mut states: Vec<&str> = sen
        .actors
        .iter()
        .filter(|a| !said_before(a.span))
        .filter_map(|a| a.country.as_deref())
        .chain(
            places
                .iter()
                .filter(|p| !said_before(p.span))
                .map(|p| p.country.as_str()),
        )
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .filter(|c| !tgt.contains(c))
        .collect();
    states.sort_unstable();
    states.dedup();
    match states.as_slice() {
        [c] => Some(c.to_string()),
        _ => None,
    }
}

/// No object named: an attacked place or a state after a locative ("a curfew in Montenegro")
/// names the country acted on. A sentence that names neither keeps no target: "Egyptian
/// demonstrators rioted" is not aimed at Egypt's government, nor "signed in Istanbul" at
/// Turkey's.
fn country_acted_on(
    sen: &Sentence<'_>,
    f: &Found,
    places: &[PlaceMention],
    hard_end: usize,
    source: &[ActorRef],
    source_m: &[usize],
) -> Option<String> {
    // "shelled the outskirts of Kharkiv": an attack on a place hits the state it lies in,
    // unless that is the attacker's own; so does aid sent to a place, a withdrawal or a
    // release there, inspectors sent there, a ban on it. Meetings, deals and troop moves
    // happen at places, not to them ("signed in Istanbul").
    let src: Vec<&str> = source.iter().filter_map(|a| a.country.as_deref()).collect();
    let attacked_place = places
        .iter()
        .filter(|p| {
            acts_on_a_place(f.rule.ty)
                && p.span.0 >= f.span.1
                && sen.toks.get(hard_end).is_none_or(|tk| p.span.1 <= tk.start)
        })
        .map(|p| p.country.clone())
        .next()
        .filter(|c| !src.contains(&c.as_str()));
    // "lifted a curfew in Montenegro", "refused to deploy peacekeepers in Iraq". A meeting
    // is held somewhere, or over something, and is with neither.
    if f.rule.ty == EventType::Consult {
        return attacked_place;
    }
    let where_country = sen
        .mentions_in(f.last + 1, hard_end)
        .find(|&m| sen.after_prep(m, LOCATIVE) && !source_m.contains(&m))
        .and_then(|m| sen.actors[m].country.clone());
    attacked_place.or(where_country)
}

/// Types whose act lands on the place after it: the place's state is the target when no actor
/// is named.
fn acts_on_a_place(ty: EventType) -> bool {
    matches!(
        ty,
        EventType::Assault
            | EventType::Aid
            | EventType::Retreat
            | EventType::Concede
            | EventType::Accuse
            | EventType::Sanction
            | EventType::Coerce
    )
}

/// "was attacked", "were reportedly deployed", "has been shelled".
fn is_passive(sen: &Sentence<'_>, t: usize) -> bool {
    let w = sen.w(t).to_ascii_lowercase();
    let participle = w.ends_with("ed")
        || [
            "hit",
            "struck",
            "shot",
            "held",
            "seized",
            "beaten",
            "withdrawn",
            "sent",
            "met",
            "freed",
            "taken",
        ]
        .contains(&w.as_str());
    if !participle {
        return false;
    }
    let mut i = t;
    for _ in 0..3 {
        if i == 0 {
            return false;
        }
        i -= 1;
        let x = sen.w(i);
        if in_list(
            x,
            &[
                "was", "were", "is", "are", "been", "being", "be", "got", "get", "gets", "getting",
            ],
        ) {
            return true;
        }
        let adverb = x.ends_with("ly")
            || in_list(x, &["also", "later", "then", "not", "never", "reportedly"]);
        if !adverb {
            return false;
        }
    }
    false
}

/// When the clause names no actor: resolve pronouns, or share the governing clause's subject.
fn inherited_source(
    sen: &Sentence<'_>,
    clause: &Clause,
    t: usize,
    earlier: &[Draft],
) -> Vec<usize> {
    let pron_person = (clause.start..t).any(|i| sen.is_word(i, PRONOUNS_PERSON));
    let pron_other = (clause.start..t).any(|i| sen.is_word(i, PRONOUNS_OTHER));
    if pron_person || pron_other {
        let m = sen
            .main_subject(pron_person)
            .or_else(|| sen.main_subject(false));
        return m.map(|m| sen.group_back(m)).unwrap_or_default();
    }
    let Some(at) = clause.at else {
        return Vec::new();
    };
    match clause.kind {
        Bound::Inf => {
            let gov = sen.clause_of(at);
            // "pressured Lukashenko to enter", "accused Kyiv of planning to invade": the object
            // acts.
            let ctrl = (gov.start..at)
                .rev()
                .take(6)
                .find(|&i| sen.is_word(i, OBJECT_CONTROL) || sen.is_word(i, ACCUSE_CONTROL));
            if let Some(c) = ctrl
                && let Some(m) = sen.mentions_in(c + 1, at).last()
            {
                return sen.group_back(m);
            }
            if let Some(m) = sen
                .mentions_in(gov.start, at)
                .find(|&m| sen.preceded_by_prep(m).is_none())
            {
                return sen.group_back(m);
            }
            if gov.kind == Bound::Inf || gov.kind == Bound::Coord {
                return inherited_source(sen, &gov, at, earlier);
            }
            earlier
                .last()
                .map(|d| d.source_m.clone())
                .unwrap_or_default()
        }
        Bound::Coord => {
            if let Some(d) = earlier
                .iter()
                .rev()
                .find(|d| d.last < at && !d.source_m.is_empty())
            {
                return d.source_m.clone();
            }
            let gov = sen.clause_of(at);
            sen.subject_in(gov.start, at)
                .map(|m| sen.group_back(m))
                .unwrap_or_default()
        }
        // The relative's antecedent stands right before it, perhaps past a comma: "Belarus,
        // which…". A noun that is no actor ("residents who refuse evacuation") leaves the
        // clause without a source rather than lending it an actor from further back.
        Bound::Rel => sen
            .mentions_in(0, at)
            .last()
            .filter(|&m| {
                // Past a comma, or past the noun an adjective mention qualifies ("Chinese
                // peacekeepers, who…"); not past a verb ("troops are hunting residents who").
                let end = sen.mtok[m].1;
                (end + 1..at).count() <= 2
                    && (end + 1..at).all(|i| {
                        let w = sen.w(i).to_ascii_lowercase();
                        !sen.toks[i].word
                            || !(w.ends_with("ing")
                                || w.ends_with("ed")
                                || in_list(&w, PREPOSITIONS)
                                || in_list(&w, &["are", "is", "was", "were", "has", "have", "had"]))
                    })
            })
            .map(|m| sen.group_back(m))
            .unwrap_or_default(),
        Bound::Adv if sen.clause_of(at).kind == Bound::Start => {
            // "After meeting Putin, Lukashenko said …": the main clause's subject acts.
            let next = sen.clause_end(t);
            let m = sen
                .mentions_in(next, sen.toks.len())
                .find(|&m| sen.preceded_by_prep(m).is_none());
            m.map(|m| sen.group_back(m)).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The actor references of mentions `ms`, merging a title and a name written side by side
/// into one person and dropping repeats.
pub(super) fn refs(sen: &Sentence<'_>, ms: &[usize]) -> Vec<ActorRef> {
    let mut out: Vec<ActorRef> = Vec::with_capacity(ms.len());
    // Token after which the last pushed ref ends, and the byte where its text starts.
    let mut last: Option<(usize, usize)> = None;
    for &m in ms {
        let a = &sen.actors[m];
        let named = matches!(
            a.kind,
            ActorKind::Leader
                | ActorKind::Office
                | ActorKind::Organization
                | ActorKind::Igo
                | ActorKind::ArmedGroup
        );
        let sector = a
            .sector
            .clone()
            .or_else(|| (a.kind == ActorKind::Capital).then(|| "GOV".to_string()));
        let r = ActorRef {
            text: a.text.clone(),
            country: a.country.clone(),
            sector,
            name: named.then(|| a.name.clone()),
        };
        let (f, l) = sen.mtok[m];
        // "Russian President Vladimir Putin" may come as two mentions of one person.
        if let Some((prev_last, prev_start)) = last
            && prev_last + 1 == f
            && let Some(prev) = out.last_mut()
            && prev.country == r.country
            && (prev.name == r.name || prev.name.is_none() || r.name.is_none())
        {
            prev.text = sen.s[prev_start..a.span.1].to_string();
            if prev.name.is_none() {
                prev.name = r.name;
            }
            if prev.sector.is_none() {
                prev.sector = r.sector;
            }
            last = Some((l, prev_start));
            continue;
        }
        last = Some((l, a.span.0));
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}
