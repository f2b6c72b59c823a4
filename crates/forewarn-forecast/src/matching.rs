//! Deciding whether an observation is evidence for an indicator.

use std::collections::HashSet;

use chrono::NaiveDate;
use forewarn_model::{
    ActorMention, ActorRef, Event, EventType, Indicator, IndicatorMatch, IndicatorRole, Measure,
    Observation, SURGE_RULE_PREFIX, SurgeMatch,
};
use serde::{Deserialize, Serialize};

/// An observation that satisfies an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedEvidence {
    /// When the development happened: the matched event's date if the text gives one, else the
    /// publication date.
    pub date: NaiveDate,
    /// The matched event's source then target actors; without event types, the actors
    /// mentioned in the sentence. Repeats removed, first occurrence kept.
    pub actors: Vec<ActorRef>,
    /// Index into `obs.events` of the matched event; `None` when the sentence itself is the
    /// evidence (an indicator without event types).
    pub event_index: Option<usize>,
}

/// Whether `obs` is evidence for `indicator`, following the [`IndicatorMatch`] rules.
///
/// - Keywords and exclude keywords are matched case-insensitively on word boundaries, so
///   `border` does not match `borderline`; a keyword may be a phrase. An outcome indicator's
///   exclude keywords count, for an event, only in the phrase of its trigger (between commas or
///   dashes): "First US troops arrive in Poland, more expected" reports an arrival.
/// - With event types, the first event of the sentence that satisfies every condition is the
///   evidence: its type, mode, source/target actor countries, location (country code or place
///   name) and modality. `negated = true` accepts only negated events, `false` only asserted
///   ones; future and hypothetical events need `allow_future` / `allow_hypothetical`.
/// - Without event types the sentence itself is the evidence: `source` and `target` are met by
///   any actor mentioned in the sentence, `location` by any event's location or the place name
///   appearing in the text, `modes` by any event's mode. `negated`, `allow_future` and
///   `allow_hypothetical` do not apply: they describe events, and here keywords and actors
///   decide — a denial such as "Minsk will not enter the war" is exactly what a keyword
///   indicator looks for, whatever the coder made of its verb. Use `exclude_keywords`
///   ("may", "if") to keep speculation out.
/// - `between` asks for two different countries: with event types, a source actor from
///   `source` and a target actor from `target` whose countries differ; without, two actors
///   mentioned in the sentence, one from each list, from different countries.
/// - `target_if_named` lets an event that names no target through `target`: a pullback from
///   nowhere named counts, one from another front does not.
///
/// Country codes and modes compare case-insensitively.
///
/// Surge indicators (`match.surge`) match only surge observations — those whose first event's
/// rule starts with [`SURGE_RULE_PREFIX`], built from daily counts by `forewarn-events` — of
/// the wanted type, source and location with a z-score of at least `min_z`; surge observations
/// match no other indicator, so a surge is never double-counted as a sentence.
pub fn matches(indicator: &Indicator, obs: &Observation) -> Option<MatchedEvidence> {
    matches_prepared(indicator, obs, &Prepared::new(&obs.text))
}

/// A sentence made ready to be matched against many indicators: lower-cased once, with the set
/// of its words, so that a one-word keyword is a set lookup rather than a search.
pub(crate) struct Prepared {
    lower: String,
    words: HashSet<Box<str>>,
}

impl Prepared {
    pub(crate) fn new(text: &str) -> Self {
        let lower = text.to_lowercase();
        let words = lower
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(Box::from)
            .collect();
        Prepared { lower, words }
    }

    /// [`contains_word`] on the lower-cased text. A needle of word characters only is found
    /// exactly when it is one of the words (a maximal run of word characters), so the set
    /// answers; anything else (phrases, punctuation, cased letters) is searched for.
    fn has(&self, needle: &str) -> bool {
        let needle = needle.trim();
        let one_word = !needle.is_empty()
            && needle
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '_');
        if one_word {
            self.words.contains(needle)
        } else {
            contains_word(&self.lower, needle)
        }
    }
}

/// [`matches`] on a [`Prepared`] sentence.
pub(crate) fn matches_prepared(
    indicator: &Indicator,
    obs: &Observation,
    prepared: &Prepared,
) -> Option<MatchedEvidence> {
    let m = &indicator.matcher;
    let surge_z = obs
        .events
        .first()
        .and_then(|e| e.rule.strip_prefix(SURGE_RULE_PREFIX));
    match (&m.surge, surge_z) {
        (None, None) => {}
        (Some(s), Some(z)) => return surge_match(s, obs, z),
        _ => return None,
    }
    if !m.keywords.is_empty() && !m.keywords.iter().any(|k| prepared.has(k)) {
        return None;
    }
    // An event report's exclusions (speculation, plans, fears) hold in the phrase of its
    // trigger: "First US troops arrive in Poland, more expected" reports an arrival.
    let outcome = indicator.role == IndicatorRole::Outcome;
    if !outcome && m.exclude_keywords.iter().any(|k| prepared.has(k)) {
        return None;
    }
    let excluded_at =
        |at: usize| outcome && excluded_in_phrase(&m.exclude_keywords, &prepared.lower, at);
    if !m.context_keywords.is_empty() && !m.context_keywords.iter().any(|k| prepared.has(k)) {
        return None;
    }
    if !m.all_keywords.iter().all(|k| prepared.has(k)) {
        return None;
    }

    if m.event_types.is_empty() {
        // A sentence report has no trigger the coder placed and flagged, only keywords that
        // may stand in any phrase: its exclusions hold for the whole sentence.
        if outcome && m.exclude_keywords.iter().any(|k| prepared.has(k)) {
            return None;
        }
        return sentence_match(m, obs, &prepared.lower);
    }

    let (index, event) = obs.events.iter().enumerate().find(|(_, e)| {
        event_matches(m, e) && !modifies_a_noun(&obs.text, e.span.0) && !excluded_at(e.span.0)
    })?;
    let actors = dedup(event.source.iter().chain(&event.target).cloned());
    Some(MatchedEvidence {
        date: event.date.unwrap_or(obs.published),
        actors,
        event_index: Some(index),
    })
}

fn surge_match(s: &SurgeMatch, obs: &Observation, z: &str) -> Option<MatchedEvidence> {
    let e = &obs.events[0];
    let z: f64 = z.trim().parse().ok()?;
    // Surge observations name a measure other than events in their context.
    let measure = e
        .context
        .iter()
        .find_map(|c| c.parse::<Measure>().ok())
        .unwrap_or(Measure::Events);
    let ok = z >= s.min_z
        && measure == s.measure
        && s.event_type.is_none_or(|t| t == e.event_type)
        && actors_ok(&s.source, &e.source)
        && (s.location.is_empty()
            || e.location
                .as_ref()
                .and_then(|l| l.country.as_deref())
                .is_some_and(|c| any_eq(&s.location, c)));
    ok.then(|| MatchedEvidence {
        date: e.date.unwrap_or(obs.published),
        actors: dedup(e.source.iter().chain(&e.target).cloned()),
        event_index: Some(0),
    })
}

fn event_matches(m: &IndicatorMatch, e: &Event) -> bool {
    if !m.event_types.contains(&e.event_type) {
        return false;
    }
    let (source, target) = named_roles(e);
    modality_ok(m, e)
        && (m.modes.is_empty() || e.mode.as_deref().is_some_and(|mode| any_eq(&m.modes, mode)))
        && actors_ok(&m.source, &source)
        && sectors_ok(&m.source, &m.sectors, &source)
        && ((m.target_if_named && target.is_empty()) || actors_ok(&m.target, &target))
        && (!m.between || crosses(&m.source, &m.target, &source, &target))
        && (m.location.is_empty()
            || e.location.as_ref().is_some_and(|l| {
                any_eq(&m.location, &l.name)
                    || l.country.as_deref().is_some_and(|c| any_eq(&m.location, c))
            }))
}

/// The actors of a role that can stand for a side. A role the coder inferred (an actor
/// without words: the one state the sentence names, the country of a place) is a fair guess
/// for force, which lands on a place ("shelled Kharkiv" hits Ukraine), but not for words or
/// meetings: "US and Russian officials meet amid worries over Ukraine" is no meeting with
/// Ukraine, and a reporter who "visits soldiers" near Russian lines is not Russia. Both roles
/// guessed is no side at all ("Clashes erupted in Paris").
fn named_roles(e: &Event) -> (Vec<ActorRef>, Vec<ActorRef>) {
    let acts_on_places = matches!(
        e.event_type,
        EventType::Assault
            | EventType::Coerce
            | EventType::Mobilize
            | EventType::Retreat
            | EventType::Protest
    );
    let named = |a: &&ActorRef| !a.text.trim().is_empty();
    let all_guessed = !e.source.is_empty()
        && !e.target.is_empty()
        && !e.source.iter().chain(&e.target).any(|a| named(&a));
    let keep = |actors: &[ActorRef]| -> Vec<ActorRef> {
        actors
            .iter()
            .filter(|a| named(a) || (acts_on_places && !all_guessed))
            .cloned()
            .collect()
    };
    (keep(&e.source), keep(&e.target))
}

fn sentence_match(m: &IndicatorMatch, obs: &Observation, text: &str) -> Option<MatchedEvidence> {
    let mentioned = |codes: &[String]| {
        codes.is_empty()
            || obs
                .actors
                .iter()
                .any(|a| a.country.as_deref().is_some_and(|c| any_eq(codes, c)))
    };
    if !mentioned(&m.source) || !mentioned(&m.target) {
        return None;
    }
    if !m.keywords.is_empty()
        && !m
            .keywords
            .iter()
            .any(|k| !keyword_sites(text, k).is_empty())
    {
        return None;
    }
    if m.subject && (!subject_speaks(m, obs, text) || said_by_another_side(m, obs, text)) {
        return None;
    }
    if m.between {
        let refs: Vec<ActorRef> = obs.actors.iter().map(mention_to_ref).collect();
        if !crosses(&m.source, &m.target, &refs, &refs) {
            return None;
        }
    }
    if !m.modes.is_empty()
        && !obs
            .events
            .iter()
            .any(|e| e.mode.as_deref().is_some_and(|mode| any_eq(&m.modes, mode)))
    {
        return None;
    }
    if !m.location.is_empty() {
        let in_events = obs
            .events
            .iter()
            .filter_map(|e| e.location.as_ref())
            .any(|l| {
                any_eq(&m.location, &l.name)
                    || l.country.as_deref().is_some_and(|c| any_eq(&m.location, c))
            });
        if !in_events && !m.location.iter().any(|place| contains_word(text, place)) {
            return None;
        }
    }
    Some(MatchedEvidence {
        date: obs.published,
        actors: dedup(obs.actors.iter().map(mention_to_ref)),
        event_index: None,
    })
}

fn modality_ok(m: &IndicatorMatch, e: &Event) -> bool {
    e.negated == m.negated
        && (m.allow_future || !e.future)
        && (m.allow_hypothetical || !e.hypothetical)
        && (!m.planned || e.future || e.hypothetical)
}

/// With `sectors`, some source actor of a wanted country must also be of a wanted sector.
fn sectors_ok(codes: &[String], sectors: &[String], actors: &[ActorRef]) -> bool {
    sectors.is_empty()
        || actors.iter().any(|a| {
            (codes.is_empty() || a.country.as_deref().is_some_and(|c| any_eq(codes, c)))
                && a.sector.as_deref().is_some_and(|s| any_eq(sectors, s))
        })
}

/// Whether the actor nearest before some keyword (the clause's speaker or doer, in the word
/// order of English news: "Moscow has no plans to…", "Belarusian troops will not…") is of a
/// `source` country (and sector, when given). A sentence that names the side only after the
/// keyword, or names another side in between, is about someone else.
fn subject_speaks(m: &IndicatorMatch, obs: &Observation, text: &str) -> bool {
    let keywords: &[String] = if m.keywords.is_empty() {
        &m.context_keywords
    } else {
        &m.keywords
    };
    keywords.iter().any(|k| {
        keyword_sites(text, k).into_iter().any(|at| {
            doers_before(obs, text, 0, at)
                .into_iter()
                .chain(possessor(obs, text, at))
                .any(|a| {
                    a.country
                        .as_deref()
                        .is_some_and(|c| m.source.is_empty() || any_eq(&m.source, c))
                        && (m.sectors.is_empty()
                            || a.sector.as_deref().is_some_and(|s| any_eq(&m.sectors, s)))
                })
        })
    })
}

/// The side that owns the noun at byte `at`, written just before it: "Russia's military
/// build-up", "the Russian troop buildup", even after a preposition ("concern over Russia's
/// military build-up"). At most one word (military, troop, naval) between.
fn possessor<'a>(obs: &'a Observation, text: &str, at: usize) -> Option<&'a ActorMention> {
    let a = obs
        .actors
        .iter()
        .filter(|a| a.span.1 <= at)
        .max_by_key(|a| a.span.1)?;
    let gap = text.get(a.span.1..at)?;
    let gap = gap
        .strip_prefix("'s")
        .or_else(|| gap.strip_prefix("’s"))
        .unwrap_or(gap);
    let words: Vec<&str> = gap.split_whitespace().collect();
    let one_modifier = words.len() <= 1
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
    (gap.starts_with(' ') || gap.is_empty())
        .then_some(())
        .and(one_modifier.then_some(a))
}

/// Whether the sentence ends by naming who said it, and that speaker is of another side:
/// "Russia will not start a full-scale offensive…, a Ukrainian delegate said" is Ukraine's
/// forecast, not a Russian denial. A speaker of no known side leaves the sentence as it reads.
fn said_by_another_side(m: &IndicatorMatch, obs: &Observation, text: &str) -> bool {
    const SAYING: [&str; 9] = [
        "said", "says", "added", "claimed", "claims", "believes", "believe", "reported", "reports",
    ];
    let body = text.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let Some(comma) = body.rfind(',') else {
        return false;
    };
    let tail = &body[comma + 1..];
    let words: Vec<&str> = tail.split_whitespace().collect();
    let attribution = words.len() <= 10
        && (words.last().is_some_and(|w| SAYING.contains(w))
            || words.first().is_some_and(|w| *w == "according"));
    if !attribution || m.source.is_empty() {
        return false;
    }
    let speakers: Vec<&ActorMention> = obs.actors.iter().filter(|a| a.span.0 > comma).collect();
    !speakers.is_empty()
        && speakers
            .iter()
            .all(|a| a.country.as_deref().is_some_and(|c| !any_eq(&m.source, c)))
}

/// Where a sentence indicator's keyword stands as said: not under a negation just before it
/// ("very little progress", "without a breakthrough", "not massing troops"), unless the
/// keyword is itself a negation ("no plans", "will not"), and not as a passive participle,
/// whose subject suffers it ("officials were denied entry" denies nothing).
fn keyword_sites(text: &str, keyword: &str) -> Vec<usize> {
    const NEGATORS: [&str; 10] = [
        "no", "not", "without", "little", "never", "nor", "lack", "t", "cannot", "any",
    ];
    const BE: [&str; 6] = ["was", "were", "been", "being", "be", "is"];
    let keyword = keyword.trim().to_lowercase();
    let keyword_words: Vec<&str> = keyword
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    let negative = keyword_words
        .iter()
        .any(|w| NEGATORS.contains(w) || *w == "won");
    // Irregular participles too: "was met with silence" is no meeting.
    const IRREGULAR: [&str; 10] = [
        "met", "held", "sent", "taken", "seen", "made", "begun", "fought", "won", "signed",
    ];
    let participle = keyword_words.len() == 1
        && (keyword.ends_with("ed") || IRREGULAR.contains(&keyword.as_str()));
    word_positions(text, &keyword)
        .into_iter()
        .filter(|&at| {
            let before: Vec<&str> = text[..at]
                .split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .rev()
                .take(3)
                .collect();
            let negated = !negative && before.iter().any(|w| NEGATORS.contains(w));
            let passive = participle && before.first().is_some_and(|w| BE.contains(w));
            !negated && !passive
        })
        .collect()
}

/// The doers of a verb at byte `at`: the actor mentioned nearest before it (after `from`), and
/// the actors joined to that one by "and" or a comma ("Finland and Sweden have applied").
fn doers_before<'a>(
    obs: &'a Observation,
    text: &str,
    from: usize,
    at: usize,
) -> Vec<&'a ActorMention> {
    // An actor after a preposition is an object ("a long war with Russia, offers…"), not the
    // one who acts.
    // ("between" and "among" name the parties themselves: "talks between Kyiv and Moscow".)
    const PREPOSITIONS: [&str; 15] = [
        "with", "against", "on", "to", "of", "from", "by", "for", "over", "into", "in", "at",
        "about", "toward", "towards",
    ];
    // A place that names an accord or a forum is no doer: "any new Minsk agreements".
    const NAMED_AFTER: [&str; 9] = [
        "agreement",
        "agreements",
        "accord",
        "accords",
        "format",
        "process",
        "protocol",
        "summit",
        "talks",
    ];
    let names_a_thing = |a: &ActorMention| {
        text.get(a.span.1..)
            .unwrap_or("")
            .split(|c: char| !is_word_char(c))
            .find(|w| !w.is_empty())
            .is_some_and(|w| NAMED_AFTER.contains(&w))
    };
    let after_preposition = |a: &ActorMention| {
        text.get(..a.span.0)
            .unwrap_or("")
            .split(|c: char| !is_word_char(c))
            .rfind(|w| !w.is_empty())
            .is_some_and(|w| PREPOSITIONS.contains(&w))
    };
    let mut before: Vec<&ActorMention> = obs
        .actors
        .iter()
        .filter(|a| {
            a.span.0 >= from && a.span.1 <= at && !after_preposition(a) && !names_a_thing(a)
        })
        .collect();
    before.sort_by_key(|a| a.span.1);
    let Some(last) = before.pop() else {
        return Vec::new();
    };
    let mut out = vec![last];
    let mut start = last.span.0;
    while let Some(prev) = before.pop() {
        let gap = text.get(prev.span.1..start).unwrap_or("").trim();
        let joined = matches!(gap, "," | "and" | ", and" | "&" | "and the" | ", the");
        if !joined {
            break;
        }
        out.push(prev);
        start = prev.span.0;
    }
    out
}

/// Whether a sentence an outcome indicator matched reads as a report of *that* outcome: some
/// occurrence of a report word is a verb (not "Russian-held", "temporarily occupied"), and in
/// its clause stand the question's topic word, its place (named as itself, not "the outskirts
/// of Kyiv") and, for sentence reports, a doer of the acting side.
/// Clauses end at `;`, `:`, dashes, bars and a comma before "leaving", "as", "while" and the
/// like, so "Taliban captures two cities, leaving Kabul cut off" is not Kabul's capture.
pub(crate) fn reads_as_report(m: &IndicatorMatch, obs: &Observation) -> bool {
    if m.keywords.is_empty() {
        return true;
    }
    let text = obs.text.to_lowercase();
    let clauses = clause_spans(&text);
    let places: Vec<String> = m
        .location
        .iter()
        .filter(|l| l.chars().any(char::is_lowercase))
        .map(|l| l.to_lowercase())
        .collect();
    m.keywords.iter().any(|k| {
        word_positions(&text, k).into_iter().any(|at| {
            // An infinitive is what is sought, not what was done: "vowed to take control".
            if adjectival(&text, at) || text[..at].ends_with("to ") {
                return false;
            }
            if object_is_another_side(m, obs, &text, at, k.trim().len()) {
                return false;
            }
            let Some(&(start, end)) = clauses.iter().find(|(s, e)| *s <= at && at < *e) else {
                return false;
            };
            let clause = &text[start..end];
            // A word after the verb belongs to it only in the same run of words: in "captures
            // two cities, and Kabul is left isolated" Kabul is another clause's subject.
            let joined_to_verb = |q: usize| {
                let between = clause.get(at - start..q).unwrap_or("");
                !between.contains(", and ") && !between.contains(", but ")
            };
            let topic_ok = m.context_keywords.is_empty()
                || m.context_keywords.iter().any(|c| {
                    word_positions(clause, &c.to_lowercase())
                        .into_iter()
                        .any(joined_to_verb)
                });
            let place_ok = places.is_empty()
                || places.iter().any(|p| {
                    word_positions(clause, p)
                        .into_iter()
                        .any(|q| !qualified_place(clause, q, p.len()) && joined_to_verb(q))
                });
            let doer_ok = !m.subject
                || doers_before(obs, &text, start, at).into_iter().any(|a| {
                    a.country
                        .as_deref()
                        .is_some_and(|c| m.source.is_empty() || any_eq(&m.source, c))
                });
            topic_ok && place_ok && doer_ok
        })
    })
}

/// Whether the report word at byte `at` (of `len` bytes) is done to a side the question does
/// not ask about: the actor right after it ("After Russia invades Ukraine, Moldova's
/// parliament votes" reports nothing about Moldova). One-sided kinds with a named target only.
fn object_is_another_side(
    m: &IndicatorMatch,
    obs: &Observation,
    text: &str,
    at: usize,
    len: usize,
) -> bool {
    if m.target.is_empty() || m.between {
        return false;
    }
    let end = at + len;
    let Some(object) = obs
        .actors
        .iter()
        .filter(|a| a.span.0 >= end)
        .min_by_key(|a| a.span.0)
    else {
        return false;
    };
    let gap = text.get(end..object.span.0).unwrap_or("").trim();
    let directly_after = gap.is_empty() || matches!(gap, "the" | "into" | "in");
    directly_after
        && object
            .country
            .as_deref()
            .is_some_and(|c| !any_eq(&m.target, c) && !any_eq(&m.source, c))
}

/// Whether the trigger at byte `at` is a past participle that describes a noun rather than
/// reporting an act, so the sentence's news lies elsewhere: a reduced relative clause whose
/// noun phrase is the object of a preposition ("the bodies of its own troops killed in
/// Ukraine") or the subject of a later verb ("troops massed on the border have not
/// increased"), or a participle right after a preposition before its noun ("bodies of killed
/// Ukrainians"). A headline's "Four soldiers killed in attack" has no later verb and stays
/// the report it is.
fn modifies_a_noun(text: &str, at: usize) -> bool {
    const PARTICIPLES: [&str; 10] = [
        "held", "sent", "shot", "struck", "taken", "fought", "drawn", "thrown", "hit", "seen",
    ];
    const PREPOSITIONS: [&str; 10] = [
        "of",
        "for",
        "with",
        "among",
        "including",
        "from",
        "about",
        "against",
        "by",
        "to",
    ];
    const FINITE: [&str; 10] = [
        "have", "has", "had", "are", "is", "was", "were", "will", "remain", "remains",
    ];
    const NOT_NOUNS: [&str; 22] = [
        "who",
        "which",
        "that",
        "and",
        "or",
        "but",
        "then",
        "also",
        "not",
        "never",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "reportedly",
        "allegedly",
        "just",
        "already",
        "had",
    ];
    let Some(rest) = text.get(at..) else {
        return false;
    };
    let word: String = rest.chars().take_while(|&c| is_word_char(c)).collect();
    let lower = word.to_lowercase();
    if !(lower.ends_with("ed") || PARTICIPLES.contains(&lower.as_str())) {
        return false;
    }
    let before: Vec<&str> = text[..at].rsplit(' ').skip(1).take(6).collect();
    let Some(&previous) = before.first() else {
        return false;
    };
    let previous_lower = previous.to_lowercase();
    if PREPOSITIONS.contains(&previous_lower.as_str()) {
        return rest[word.len()..].starts_with(' ');
    }
    // The word before must be a common noun: lower case, no punctuation, not a function word.
    if previous.is_empty()
        || !previous.chars().all(|c| c.is_lowercase() || c == '-')
        || NOT_NOUNS.contains(&previous)
        || FINITE.contains(&previous)
        || matches!(previous, "be" | "been" | "being")
    {
        return false;
    }
    // The noun phrase (up to four words, no comma) after a preposition.
    // "Thousands of protesters rallied" is a quantity and its subject: there the participle
    // is the verb.
    const QUANTITIES: [&str; 14] = [
        "thousands",
        "hundreds",
        "dozens",
        "millions",
        "scores",
        "tens",
        "number",
        "lots",
        "some",
        "many",
        "most",
        "all",
        "group",
        "groups",
    ];
    let preposition = before
        .iter()
        .take(5)
        .take_while(|w| !w.ends_with(',') && !w.ends_with(';'))
        .position(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()));
    if let Some(p) = preposition {
        let head = before
            .get(p + 1)
            .map(|w| w.to_lowercase())
            .unwrap_or_default();
        let quantity = QUANTITIES.contains(&head.as_str())
            || head.chars().next().is_some_and(|c| c.is_ascii_digit())
            || head.is_empty();
        if !(before[p].eq_ignore_ascii_case("of") && quantity) {
            return true;
        }
    }
    // A finite verb later in the clause, not joined by "and", "but" or a comma.
    let clause_end = rest.find(['.', ';', ':', '—', '–']).unwrap_or(rest.len());
    let mut later = rest[word.len()..clause_end]
        .split(' ')
        .filter(|w| !w.is_empty());
    later.try_fold((), |(), w| {
        let w = w.to_lowercase();
        if w.ends_with(',')
            || matches!(
                w.as_str(),
                "and" | "but" | "or" | "who" | "which" | "that" | "as" | "while" | "after" | "when"
            )
        {
            return Err(false);
        }
        if FINITE.contains(&w.as_str()) {
            return Err(true);
        }
        Ok(())
    }) == Err(true)
}

/// A participle used as an adjective: joined by a hyphen to the word before ("Russian-held",
/// "self-proclaimed"), after a determiner or a possessive ("the left bank", "the Dnipro's left
/// bank", "its captured soldiers") or after an adverb that makes it a state ("temporarily
/// occupied"). A noun after a determiner is still the report it names: "Moscow's annexation
/// of the region", "the withdrawal of Russian forces".
fn adjectival(text: &str, at: usize) -> bool {
    // Past participles that stand before nouns; the kinds' irregular ones.
    const PARTICIPLES: [&str; 8] = [
        "left", "held", "taken", "won", "fallen", "begun", "struck", "seized",
    ];
    const STATE_ADVERBS: [&str; 7] = [
        "temporarily",
        "earlier",
        "previously",
        "newly",
        "formerly",
        "recently",
        "partially",
    ];
    const DETERMINERS: [&str; 10] = [
        "the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
    ];
    let before = &text[..at];
    let word: String = text[at..]
        .chars()
        .take_while(|&c| is_word_char(c))
        .collect();
    let participle = word.ends_with("ed") || PARTICIPLES.contains(&word.as_str());
    let possessive = before.ends_with("'s ") || before.ends_with("’s ");
    let previous = before
        .split(|c: char| !is_word_char(c))
        .rfind(|w| !w.is_empty());
    before.ends_with('-')
        || (participle && possessive)
        || previous
            .is_some_and(|w| STATE_ADVERBS.contains(&w) || (participle && DETERMINERS.contains(&w)))
}

/// A place named as the edge or the neighbourhood of the report: "the outskirts of Kyiv",
/// "a town west of Kyiv", "near Kherson", "the Kharkiv direction". (A city's region is a
/// capture kind's exclusion, since for annexations the region is the place asked about.)
fn qualified_place(clause: &str, at: usize, len: usize) -> bool {
    const AFTER: [&str; 2] = ["direction", "axis"];
    const BEFORE: [&str; 18] = [
        "outskirts",
        "suburb",
        "suburbs",
        "near",
        "outside",
        "around",
        "towards",
        "toward",
        "approaches",
        "edge",
        "west",
        "east",
        "north",
        "south",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
    ];
    let words_after = clause[at + len..]
        .split(|c: char| !is_word_char(c))
        .find(|w| !w.is_empty());
    if words_after.is_some_and(|w| AFTER.contains(&w)) {
        return true;
    }
    clause[..at]
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(|w| BEFORE.contains(&w))
}

/// Whether an exclusion word stands in the phrase around byte `at`: between the commas,
/// semicolons or dashes on either side. Not colons: in a headline, "Guinea coup: what would
/// happen if the army moved" speculates about the word before the colon.
fn excluded_in_phrase(exclude: &[String], text: &str, at: usize) -> bool {
    if exclude.is_empty() || at > text.len() || !text.is_char_boundary(at) {
        return !exclude.is_empty() && exclude.iter().any(|k| contains_word(text, k));
    }
    let cut = |c: char| matches!(c, ',' | ';' | '—' | '–' | '|');
    let lo = text[..at].rfind(cut).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let hi = text[at..].find(cut).map_or(text.len(), |i| at + i);
    let phrase = &text[lo..hi];
    exclude
        .iter()
        .any(|k| contains_word(phrase, &k.trim().to_lowercase()))
}

/// Byte ranges of the clauses of a lowercased sentence (see [`reads_as_report`]).
fn clause_spans(text: &str) -> Vec<(usize, usize)> {
    // Words that open a new clause even without a comma before them.
    const OPENERS: [&str; 2] = ["while", "whereas"];
    const JOINERS: [&str; 12] = [
        "leaving",
        "as",
        "while",
        "after",
        "amid",
        "but",
        "which",
        "where",
        "following",
        "before",
        "when",
        "with",
    ];
    let mut cuts = vec![0];
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let cut = match c {
            ';' | ':' | '|' | '«' | '»' | '—' | '–' => true,
            '-' => i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' '),
            ',' => text[i + 1..]
                .split(|c: char| !is_word_char(c))
                .find(|w| !w.is_empty())
                .is_some_and(|w| JOINERS.contains(&w) || (w.len() > 4 && w.ends_with("ing"))),
            ' ' => OPENERS.iter().any(|o| {
                text[i + 1..].starts_with(o)
                    && text[i + 1 + o.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !is_word_char(c))
            }),
            _ => false,
        };
        if cut {
            cuts.push(i);
        }
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Whether a sentence speaks of an event before the window opened rather than reporting one
/// in it: an anniversary, "years ago", "last year", or a year before the opening year
/// ("since Russia's 2014 annexation of Crimea", "the worst fighting since 1945").
pub(crate) fn refers_to_earlier_event(text: &str, opens: NaiveDate) -> bool {
    use chrono::Datelike;
    let lower = text.to_lowercase();
    const EARLIER: [&str; 9] = [
        "anniversary",
        "years ago",
        "a year ago",
        "last year",
        "in the past",
        "previous year",
        "years since",
        "commemorat",
        "remembrance",
    ];
    if EARLIER.iter().any(|w| lower.contains(w)) {
        return true;
    }
    let bytes = lower.as_bytes();
    (0..bytes.len().saturating_sub(3)).any(|i| {
        let window = &bytes[i..i + 4];
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let boundary_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        boundary_before
            && boundary_after
            && window.iter().all(u8::is_ascii_digit)
            && (window[0] == b'1' && window[1] == b'9' || window[0] == b'2' && window[1] == b'0')
            && std::str::from_utf8(window)
                .ok()
                .and_then(|y| y.parse::<i32>().ok())
                .is_some_and(|year| year < opens.year())
    })
}

fn actors_ok(codes: &[String], actors: &[ActorRef]) -> bool {
    codes.is_empty()
        || actors
            .iter()
            .any(|a| a.country.as_deref().is_some_and(|c| any_eq(codes, c)))
}

/// Whether some source actor's country (in `source_codes`, or any when empty) differs from some
/// target actor's country (in `target_codes`, or any when empty).
fn crosses(
    source_codes: &[String],
    target_codes: &[String],
    sources: &[ActorRef],
    targets: &[ActorRef],
) -> bool {
    let countries = |codes: &[String], actors: &[ActorRef]| -> Vec<String> {
        actors
            .iter()
            .filter_map(|a| a.country.as_deref())
            .filter(|c| codes.is_empty() || any_eq(codes, c))
            .map(|c| c.trim().to_ascii_uppercase())
            .collect()
    };
    let from = countries(source_codes, sources);
    let to = countries(target_codes, targets);
    from.iter().any(|s| to.iter().any(|t| s != t))
}

fn any_eq(wanted: &[String], value: &str) -> bool {
    wanted
        .iter()
        .any(|w| w.trim().eq_ignore_ascii_case(value.trim()))
}

fn mention_to_ref(a: &ActorMention) -> ActorRef {
    ActorRef {
        text: a.text.clone(),
        country: a.country.clone(),
        sector: a.sector.clone(),
        name: Some(a.name.clone()),
    }
}

fn dedup(actors: impl Iterator<Item = ActorRef>) -> Vec<ActorRef> {
    let mut out: Vec<ActorRef> = Vec::new();
    for a in actors {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `needle` occurs in the already-lowercased `haystack` with no word character
/// directly before or after it.
pub(crate) fn contains_word(haystack: &str, needle: &str) -> bool {
    !word_positions_up_to(haystack, needle, 1).is_empty()
}

/// Byte offsets of every whole-word occurrence of `needle` in the lowercased `haystack`.
fn word_positions(haystack: &str, needle: &str) -> Vec<usize> {
    word_positions_up_to(haystack, needle, usize::MAX)
}

fn word_positions_up_to(haystack: &str, needle: &str, limit: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return out;
    }
    let mut from = 0;
    // A boundary is needed only where the needle itself starts or ends with a word character:
    // "'s annexation" is found in "moscow's annexation".
    let starts_word = needle.chars().next().is_some_and(is_word_char);
    let ends_word = needle.chars().next_back().is_some_and(is_word_char);
    while let Some(pos) = haystack[from..].find(&needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = !starts_word
            || haystack[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
        let after_ok = !ends_word
            || haystack[end..]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c));
        if before_ok && after_ok {
            out.push(start);
            if out.len() >= limit {
                return out;
            }
        }
        // Step one character, not one byte, to stay on a char boundary.
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{contains_word, excluded_in_phrase, reads_as_report, refers_to_earlier_event};

    #[test]
    fn an_exclusion_holds_in_its_phrase_across_dashes() {
        let exclude = vec!["expected".to_string(), "may".to_string()];
        let text = "war – latest: troops arrived in poland, more expected – officials";
        let at = text.find("arrived").unwrap();
        assert!(!excluded_in_phrase(&exclude, text, at));
        let text = "troops may arrive – in poland";
        assert!(excluded_in_phrase(
            &exclude,
            text,
            text.find("arrive").unwrap()
        ));
        let text = "– may – troops arrived";
        assert!(!excluded_in_phrase(
            &exclude,
            text,
            text.find("arrived").unwrap()
        ));
    }
    use chrono::NaiveDate;
    use forewarn_model::{ActorMention, IndicatorMatch, Observation};

    #[test]
    fn earlier_events_are_recognised() {
        let opens = NaiveDate::from_ymd_opt(2022, 2, 1).unwrap();
        assert!(refers_to_earlier_event(
            "Tensions have run high since Russia's 2014 annexation of Crimea.",
            opens
        ));
        assert!(refers_to_earlier_event(
            "Veterans marked the anniversary of the invasion.",
            opens
        ));
        assert!(!refers_to_earlier_event(
            "Russian forces invaded Ukraine on 24 February 2022.",
            opens
        ));
        assert!(!refers_to_earlier_event(
            "Troops crossed at 2300 hours.",
            opens
        ));
    }

    fn report_matcher(location: &[&str]) -> IndicatorMatch {
        IndicatorMatch {
            source: vec!["RUS".into()],
            location: location.iter().map(|s| s.to_string()).collect(),
            keywords: vec!["captured".into(), "occupied".into()],
            subject: true,
            ..IndicatorMatch::default()
        }
    }

    fn said(text: &str, actor_at: Option<&str>) -> Observation {
        let actors = actor_at
            .map(|a| {
                let start = text.find(a).unwrap();
                vec![ActorMention {
                    span: (start, start + a.len()),
                    text: a.into(),
                    kind: forewarn_model::ActorKind::State,
                    country: Some("RUS".into()),
                    sector: None,
                    name: a.into(),
                }]
            })
            .unwrap_or_default();
        Observation {
            sentence_id: 1,
            document_id: 1,
            published: NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
            text: text.into(),
            events: Vec::new(),
            actors,
            document_title: None,
            document_source: None,
            duplicate_of: None,
        }
    }

    /// A sentence whose actors are the given (name, country) pairs, at their first occurrence.
    fn naming(text: &str, names: &[(&str, &str)]) -> Observation {
        let mut o = said(text, None);
        for (name, country) in names {
            let start = text.find(name).unwrap();
            o.actors.push(ActorMention {
                span: (start, start + name.len()),
                text: (*name).into(),
                kind: forewarn_model::ActorKind::State,
                country: Some((*country).into()),
                sector: None,
                name: (*name).into(),
            });
        }
        o
    }

    #[test]
    fn outcome_reports_need_the_verb_the_place_and_the_doer_in_one_clause() {
        let m = report_matcher(&["Kherson"]);
        let ok = |t: &str, a: &str| reads_as_report(&m, &said(t, Some(a)));
        assert!(ok(
            "Russian troops captured Kherson on Wednesday.",
            "Russian"
        ));
        // Another city taken while the one asked about is only threatened.
        assert!(!ok(
            "Russian troops captured two towns; Kherson is now cut off.",
            "Russian"
        ));
        // The place named as a neighbourhood.
        assert!(!ok(
            "Russian troops captured a village near Kherson.",
            "Russian"
        ));
        // A participle as an adjective is a state, not a report.
        assert!(!ok(
            "Kherson residents fled the Russian-occupied city.",
            "Russian"
        ));
        assert!(!ok(
            "Aid reached the temporarily occupied Kherson on Monday, Russian officials said.",
            "Russian"
        ));
        // Nobody of the acting side before the verb.
        assert!(!reads_as_report(
            &m,
            &said("Officials captured images of Kherson.", None)
        ));
    }

    #[test]
    fn doers_are_joined_subjects_not_objects_of_prepositions() {
        let m = report_matcher(&[]);
        let with = |text: &str, names: &[(&str, &str)]| reads_as_report(&m, &naming(text, names));
        assert!(with(
            "Russia and Belarus captured the border post.",
            &[("Russia", "RUS"), ("Belarus", "BLR")]
        ));
        assert!(with(
            "Belarus and Russia captured the border post.",
            &[("Belarus", "BLR"), ("Russia", "RUS")]
        ));
        // Russia is the object of "with"; the one who captured is not named.
        assert!(!with(
            "After a long war with Russia captured villages were retaken.",
            &[("Russia", "RUS")]
        ));
    }

    #[test]
    fn every_named_person_must_appear() {
        let m = IndicatorMatch {
            keywords: vec!["met".into()],
            all_keywords: vec!["Putin".into(), "Zelensky".into()],
            ..IndicatorMatch::default()
        };
        let ind = forewarn_model::Indicator {
            id: "meet".into(),
            label: "meet".into(),
            direction: forewarn_model::Direction::For,
            weight: 0.0,
            half_life_days: 365.0,
            matcher: m,
            role: forewarn_model::IndicatorRole::Outcome,
        };
        assert!(super::matches(&ind, &said("Putin met Zelensky in Istanbul.", None)).is_some());
        assert!(super::matches(&ind, &said("Putin met Austria's chancellor.", None)).is_none());
    }

    #[test]
    fn sentence_keywords_count_only_where_they_are_said() {
        let sites = |t: &str, k: &str| super::keyword_sites(&t.to_lowercase(), k).len();
        assert_eq!(
            sites("Negotiators report progress on a draft.", "progress"),
            1
        );
        assert_eq!(sites("The talks made very little progress.", "progress"), 0);
        assert_eq!(
            sites("The talks ended without a breakthrough.", "breakthrough"),
            0
        );
        // A keyword that is itself a negation is what it says.
        assert_eq!(sites("Minsk has no plans to fight.", "no plans"), 1);
        // A passive participle's subject suffers it.
        assert_eq!(sites("Officials were denied entry.", "denied"), 0);
        assert_eq!(sites("The Kremlin denied the reports.", "denied"), 1);
    }

    #[test]
    fn a_report_done_to_another_side_or_read_as_an_adjective_is_not_one() {
        let m = IndicatorMatch {
            source: vec!["RUS".into()],
            target: vec!["MDA".into()],
            keywords: vec!["invades".into(), "left".into()],
            subject: true,
            ..IndicatorMatch::default()
        };
        let with = |text: &str, names: &[(&str, &str)]| reads_as_report(&m, &naming(text, names));
        assert!(with(
            "Russia invades Moldova.",
            &[("Russia", "RUS"), ("Moldova", "MDA")]
        ));
        assert!(!with(
            "After Russia invades Ukraine, Moldova declares an emergency.",
            &[("Russia", "RUS"), ("Ukraine", "UKR"), ("Moldova", "MDA")]
        ));
        assert!(!with(
            "Russian troops dig in on the left bank.",
            &[("Russian", "RUS")]
        ));
    }

    #[test]
    fn an_inferred_role_stands_for_a_side_only_where_force_lands_on_a_place() {
        use forewarn_model::{ActorRef, Event, EventType};
        let inferred = ActorRef {
            text: String::new(),
            country: Some("UKR".into()),
            sector: None,
            name: None,
        };
        let event = |event_type| Event {
            event_type,
            mode: None,
            context: Vec::new(),
            cameo: None,
            source: vec![ActorRef {
                text: "Russia".into(),
                country: Some("RUS".into()),
                sector: None,
                name: None,
            }],
            target: vec![inferred.clone()],
            location: None,
            date: None,
            negated: false,
            hypothetical: false,
            future: false,
            trigger: String::new(),
            span: (0, 0),
            confidence: 1.0,
            rule: String::new(),
        };
        let m = IndicatorMatch {
            event_types: vec![EventType::Assault, EventType::Consult],
            source: vec!["RUS".into()],
            target: vec!["UKR".into()],
            ..IndicatorMatch::default()
        };
        assert!(super::event_matches(&m, &event(EventType::Assault)));
        assert!(!super::event_matches(&m, &event(EventType::Consult)));
        // A planned-only indicator wants what is announced, not what is done.
        let planned = IndicatorMatch {
            planned: true,
            allow_future: true,
            ..m.clone()
        };
        let mut announced = event(EventType::Assault);
        assert!(!super::event_matches(&planned, &announced));
        announced.future = true;
        assert!(super::event_matches(&planned, &announced));
    }

    #[test]
    fn keywords_respect_word_boundaries() {
        assert!(contains_word("troops at the border.", "border"));
        assert!(contains_word("troops at the border.", "The Border"));
        assert!(!contains_word("a borderline case", "border"));
        assert!(!contains_word("cross-borders", "border"));
        assert!(contains_word("cross-border raids", "border"));
        assert!(contains_word(
            "near the ukrainian border",
            "ukrainian border"
        ));
        assert!(!contains_word("anything", ""));
        assert!(contains_word("мінск і брэст", "брэст"));
        // A needle that starts with punctuation needs no boundary there.
        assert!(contains_word(
            "despite moscow's annexation of",
            "'s annexation"
        ));
        assert!(!contains_word("moscow's annexations", "'s annexation"));
    }
}
