//! Actors named by reference rather than by name. Newswire names an actor once and then says
//! "he", "the ministry", "the group" or "the rebels"; and it names crowds and armed groups by a
//! bare noun ("protesters", "militants") whose country is the place the sentence is about.
//!
//! This pass runs between the gazetteer and the clause rules. It adds an [`ActorMention`] for
//! each reference it can resolve, copied from its antecedent (the latest fitting actor earlier
//! in the sentence or in the last few sentences of the document), so the role rules treat it
//! like a name. Every added mention comes with a [`Link`] saying why, which ends up in the rule
//! of each event that uses it ("coref: He→Alexander Lukashenko").
//!
//! Within a sentence the clause rules already read "he" and "it" ("Lukashenko said he would
//! …"), so a pronoun is only resolved here when its sentence names no person before it.
//! Measured on the PLOVER development half (single sentences: the bare nouns) and by reading
//! coded multi-sentence documents (the references).

use forewarn_gazetteer::Gazetteer;
use forewarn_model::{ActorKind, ActorMention, Event, PlaceMention};

use crate::text::{Tok, tokenize};

/// How many earlier sentences a pronoun looks back; a definite description ("the ministry")
/// looks back twice as far, since newswire repeats it later.
const PRONOUN_REACH: usize = 2;
const NOUN_REACH: usize = 4;

/// Why a mention was added, for the rule string of the events that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub text: String,
    pub why: String,
}

/// The actors of the sentences coded so far in one document.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    /// `(sentence number, mention)`, oldest first.
    seen: Vec<(usize, ActorMention)>,
    sentence: usize,
}

/// What a reference can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wants {
    Person,
    /// A state body; `sector` is used when only the state can be found.
    Body(&'static str),
    State,
    /// A state acting through one sector ("the government"). Not "the army": in troop moves
    /// it is what is sent ("not to send the army to Ukraine"), not who acts.
    Sector(&'static str),
    Group,
    Igo,
    /// Crowds and factions named by a bare noun: rebels, protesters, the opposition.
    Crowd(&'static str),
}

fn head_noun(word: &str) -> Option<Wants> {
    let w = word.to_ascii_lowercase();
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(&w);
    Some(match w {
        "president" | "minister" | "premier" | "chancellor" | "leader" | "king" | "spokesman"
        | "spokeswoman" | "spokesperson" => Wants::Person,
        "ministry" | "department" => Wants::Body("GOV"),
        "country" | "nation" | "kingdom" | "republic" => Wants::State,
        "government" | "regime" | "authorities" | "administration" | "cabinet" => {
            Wants::Sector("GOV")
        }
        "group" | "movement" | "militia" | "faction" | "organisation" | "organization" => {
            Wants::Group
        }
        "alliance" | "bloc" => Wants::Igo,
        _ => return crowd_noun(w).map(Wants::Crowd),
    })
}

/// Bare nouns for non-state actors, with their sector.
fn crowd_noun(w: &str) -> Option<&'static str> {
    Some(match w {
        "rebels" | "rebel" | "militants" | "insurgents" | "separatists" | "jihadists"
        | "gunmen" | "guerrillas" | "fighters" | "extremists" => "REB",
        "protesters" | "protestors" | "demonstrators" | "crowds" | "activists" => "CVL",
        "opposition" => "OPP",
        _ => return None,
    })
}

/// Modifiers allowed between "the" and the head ("the foreign ministry", "the rebel group").
const MODIFIERS: &[&str] = &[
    "foreign",
    "defence",
    "defense",
    "interior",
    "justice",
    "rebel",
    "militant",
    "armed",
    "islamist",
    "jihadist",
    "ruling",
    "main",
    "paramilitary",
    "military",
    "prime",
    "new",
    "country's",
];

fn is_state_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn fits(m: &ActorMention, wants: Wants) -> bool {
    match wants {
        Wants::Person => matches!(m.kind, ActorKind::Leader | ActorKind::Office),
        Wants::Body(_) => {
            m.kind == ActorKind::Organization
                && ["Ministry", "Department", "ministry", "department"]
                    .iter()
                    .any(|w| m.name.contains(w))
        }
        Wants::Group => {
            m.kind == ActorKind::ArmedGroup
                || (m.sector.as_deref() == Some("REB") && m.kind != ActorKind::Leader)
        }
        Wants::Igo => m.kind == ActorKind::Igo,
        Wants::Crowd(sector) => m.sector.as_deref() == Some(sector) && m.kind != ActorKind::Leader,
        // A state named as such: "Russian troops" is not what "the country" refers back to.
        Wants::State | Wants::Sector(_) => {
            m.country.as_deref().is_some_and(is_state_code)
                && (matches!(m.kind, ActorKind::State | ActorKind::Capital)
                    || (m.kind == ActorKind::Demonym && m.sector.is_none()))
        }
    }
}

impl Memory {
    /// The latest fitting actor within `reach` sentences before the current one.
    fn latest(&self, wants: Wants, reach: usize) -> Option<&ActorMention> {
        self.seen
            .iter()
            .rev()
            .take_while(|(n, _)| n + reach >= self.sentence)
            .map(|(_, m)| m)
            .find(|m| fits(m, wants))
    }

    fn remember(&mut self, actors: &[ActorMention]) {
        let sentence = self.sentence;
        self.seen
            .extend(actors.iter().map(|m| (sentence, m.clone())));
        self.seen.retain(|(n, _)| n + NOUN_REACH >= sentence);
        self.sentence += 1;
    }
}

/// Adds the actors that `text` names by reference to `actors` (kept sorted by span), and
/// remembers this sentence's actors for the next. Returns why each one was added.
pub(crate) fn resolve(
    gaz: &Gazetteer,
    text: &str,
    actors: &mut Vec<ActorMention>,
    places: &[PlaceMention],
    memory: &mut Memory,
) -> Vec<Link> {
    let toks: Vec<Tok> = tokenize(text).into_iter().filter(|t| t.word).collect();
    let covered = |actors: &[ActorMention], t: &Tok| {
        actors
            .iter()
            .any(|m| m.span.0 < t.end && t.start < m.span.1)
    };
    let word = |i: usize| &text[toks[i].start..toks[i].end];
    let mut added: Vec<(ActorMention, Link)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if covered(actors, &t) {
            i += 1;
            continue;
        }
        let w = word(i);
        let earlier = |wants: Wants| {
            added
                .iter()
                .map(|(m, _)| m)
                .chain(actors.iter())
                .filter(|m| m.span.1 <= t.start && fits(m, wants))
                .max_by_key(|m| m.span.0)
                .cloned()
        };
        // "He also accused …": the last person named, when this sentence names none before.
        if w.eq_ignore_ascii_case("he") || w.eq_ignore_ascii_case("she") {
            let person_before = actors
                .iter()
                .any(|m| m.span.1 <= t.start && fits(m, Wants::Person));
            if !person_before && let Some(m) = memory.latest(Wants::Person, PRONOUN_REACH) {
                added.push(copy(m, (t.start, t.end), text, "coref"));
            }
            i += 1;
            continue;
        }
        // "the ministry", "the foreign ministry", "the rebel group"; a bare "rebels".
        let (first, mut j) = if w.eq_ignore_ascii_case("the") {
            (i, i + 1)
        } else {
            (i, i)
        };
        while j < toks.len()
            && j > first
            && j < first + 3
            && MODIFIERS.iter().any(|m| word(j).eq_ignore_ascii_case(m))
            && !covered(actors, &toks[j])
        {
            j += 1;
        }
        let Some(head) = toks.get(j).filter(|h| !covered(actors, h)) else {
            i += 1;
            continue;
        };
        let definite = j > first;
        let Some(wants) = head_noun(word(j)) else {
            i += 1;
            continue;
        };
        // An explicit name follows ("the group Hamas", "the ministry of defence of Belarus"),
        // or a noun the gazetteer joins to a name precedes ("M23 rebels").
        let named_after = toks
            .get(j + 1)
            .is_some_and(|n| covered(actors, n) || word(j + 1).eq_ignore_ascii_case("of"))
            && text[head.end..]
                .trim_start()
                .starts_with(|c: char| c.is_alphanumeric());
        let joined_before = first > 0
            && covered(actors, &toks[first - 1])
            && super::text::capitalized(word(first - 1))
            && !definite;
        if named_after || joined_before {
            i = j + 1;
            continue;
        }
        let span = (toks[first].start, head.end);
        let found = match wants {
            Wants::Crowd(sector) => earlier(wants)
                .or_else(|| {
                    definite
                        .then(|| memory.latest(wants, NOUN_REACH).cloned())
                        .flatten()
                })
                .map(|m| copy(&m, span, text, "coref"))
                .or_else(|| Some(crowd(gaz, text, span, sector, actors, places, memory))),
            // Bare "government", "group", … are too vague without "the".
            _ if !definite => None,
            Wants::Person | Wants::Body(_) | Wants::Group | Wants::Igo => earlier(wants)
                .or_else(|| memory.latest(wants, NOUN_REACH).cloned())
                .map(|m| copy(&m, span, text, "coref"))
                .or_else(|| match wants {
                    Wants::Body(sector) => {
                        state_sector(gaz, text, span, sector, actors, memory, t.start)
                    }
                    _ => None,
                }),
            Wants::State => state_sector(gaz, text, span, "", actors, memory, t.start),
            Wants::Sector(sector) => state_sector(gaz, text, span, sector, actors, memory, t.start),
        };
        if let Some(found) = found {
            added.push(found);
        }
        i = j + 1;
    }
    let links = added.iter().map(|(_, l)| l.clone()).collect();
    actors.extend(added.into_iter().map(|(m, _)| m));
    actors.sort_by_key(|m| m.span.0);
    memory.remember(actors);
    links
}

fn display(m: &ActorMention) -> String {
    match (&m.sector, &m.country) {
        _ if !matches!(m.kind, ActorKind::State | ActorKind::Demonym) => m.name.clone(),
        (Some(s), Some(c)) => format!("{c} {s}"),
        (None, Some(c)) => c.clone(),
        (Some(s), None) => s.clone(),
        (None, None) => m.name.clone(),
    }
}

/// A mention at `span` standing for `antecedent`.
fn copy(
    antecedent: &ActorMention,
    span: (usize, usize),
    text: &str,
    why: &str,
) -> (ActorMention, Link) {
    let said = text[span.0..span.1].to_string();
    let link = Link {
        why: format!("{why}: {said}→{}", display(antecedent)),
        text: said.clone(),
    };
    let m = ActorMention {
        span,
        text: said,
        ..antecedent.clone()
    };
    (m, link)
}

/// The state the sentence is about at `at`: the nearest state mention before it, else the
/// latest one in the document.
fn state_near<'a>(
    actors: &'a [ActorMention],
    memory: &'a Memory,
    at: usize,
) -> Option<&'a ActorMention> {
    actors
        .iter()
        .filter(|m| m.span.1 <= at && fits(m, Wants::State))
        .max_by_key(|m| m.span.0)
        .or_else(|| memory.latest(Wants::State, NOUN_REACH))
}

/// "the government", "the country": the state in view, in a sector.
fn state_sector(
    gaz: &Gazetteer,
    text: &str,
    span: (usize, usize),
    sector: &str,
    actors: &[ActorMention],
    memory: &Memory,
    at: usize,
) -> Option<(ActorMention, Link)> {
    let code = state_near(actors, memory, at)?.country.clone()?;
    let name = gaz.country(&code).map_or(code.clone(), |c| c.name.clone());
    let m = ActorMention {
        span,
        text: text[span.0..span.1].to_string(),
        kind: ActorKind::State,
        country: Some(code),
        sector: (!sector.is_empty()).then(|| sector.to_string()),
        name,
    };
    let link = Link {
        why: format!("coref: {}→{}", m.text, display(&m)),
        text: m.text.clone(),
    };
    Some((m, link))
}

/// "protesters", "the rebels" with no antecedent: their country is the place the sentence
/// names nearest to them, else the nearest state mention, else the document's latest state.
fn crowd(
    gaz: &Gazetteer,
    text: &str,
    span: (usize, usize),
    sector: &str,
    actors: &[ActorMention],
    places: &[PlaceMention],
    memory: &Memory,
) -> (ActorMention, Link) {
    let dist = |s: (usize, usize)| s.0.saturating_sub(span.1).max(span.0.saturating_sub(s.1));
    let place = places
        .iter()
        .min_by_key(|p| dist(p.span))
        .map(|p| (p.country.clone(), format!(" (in {})", p.name)));
    let state = || {
        actors
            .iter()
            .filter(|m| fits(m, Wants::State))
            .min_by_key(|m| dist(m.span))
            .or_else(|| memory.latest(Wants::State, NOUN_REACH))
            .and_then(|m| m.country.clone())
            .map(|c| (c, String::new()))
    };
    let (country, name, whence) = match place.or_else(state) {
        Some((code, whence)) => {
            let name = gaz.country(&code).map_or(code.clone(), |c| c.name.clone());
            (Some(code), name, whence)
        }
        None => (None, String::new(), String::new()),
    };
    let m = ActorMention {
        span,
        text: text[span.0..span.1].to_string(),
        kind: ActorKind::Demonym,
        country,
        sector: Some(sector.to_string()),
        name,
    };
    let link = Link {
        why: format!("actor: {}→{}{whence}", m.text, display(&m)),
        text: m.text.clone(),
    };
    (m, link)
}

/// Adds each link's reason to the rule of every event whose source or target it supplied.
pub(crate) fn annotate(events: &mut [Event], links: &[Link]) {
    if links.is_empty() {
        return;
    }
    for e in events {
        let mut whys: Vec<&str> = Vec::new();
        for r in e.source.iter().chain(&e.target) {
            for l in links {
                if (r.text == l.text || r.text.ends_with(&l.text)) && !whys.contains(&&*l.why) {
                    whys.push(&l.why);
                }
            }
        }
        if !whys.is_empty() {
            e.rule.push_str(&format!(" [{}]", whys.join("; ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::Coder;

    fn coder() -> Coder {
        Coder::new(Arc::new(Gazetteer::builtin()))
    }

    fn doc(text: &str) -> Vec<forewarn_model::CodedSentence> {
        let day = chrono::NaiveDate::from_ymd_opt(2022, 12, 1);
        coder().code_document(text, day).0
    }

    #[test]
    fn a_pronoun_takes_the_last_person_of_earlier_sentences() {
        let s = doc("Lukashenko met Putin in Sochi. He also accused Poland of provocations.");
        let e = &s[1].events[0];
        assert_eq!(e.source[0].name.as_deref(), Some("Vladimir Putin"));
        assert!(e.rule.contains("coref: He→Vladimir Putin"), "{}", e.rule);
        assert_eq!(e.target[0].country.as_deref(), Some("POL"));
    }

    #[test]
    fn a_pronoun_too_far_back_stays_unresolved() {
        let s = doc(
            "Lukashenko spoke on Monday. Prices rose. Markets fell. Rain came. He accused Poland.",
        );
        assert!(
            s[4].actors.iter().all(|a| a.text != "He"),
            "{:?}",
            s[4].actors
        );
        assert!(
            !s[4].events[0].rule.contains("coref"),
            "{}",
            s[4].events[0].rule
        );
    }

    #[test]
    fn definite_descriptions_take_their_kind_of_antecedent() {
        let s = doc("Hamas fired rockets at Israel. The group also threatened to widen the war.");
        let e = &s[1].events[0];
        assert_eq!(e.source[0].name.as_deref(), Some("Hamas"));
        assert!(e.rule.contains("coref: The group→Hamas"), "{}", e.rule);

        let s = doc("Belarus hosted Russian troops. The country denied any plans.");
        let the_country = s[1].actors.iter().find(|a| a.text == "The country");
        assert_eq!(the_country.and_then(|a| a.country.as_deref()), Some("BLR"));
    }

    #[test]
    fn bare_crowds_take_the_country_of_their_place() {
        let c = coder().code_sentence("Protesters clashed with police in Khartoum.", None);
        let e = &c.events[0];
        assert_eq!(e.source[0].country.as_deref(), Some("SDN"));
        assert_eq!(e.source[0].sector.as_deref(), Some("CVL"));
        assert!(
            e.rule.contains("actor: Protesters→SDN CVL (in Khartoum)"),
            "{}",
            e.rule
        );
    }

    #[test]
    fn a_noun_joined_to_a_name_is_not_a_second_actor() {
        let c = coder().code_sentence("M23 rebels seized the town of Bunagana.", None);
        assert_eq!(c.actors.len(), 1, "{:?}", c.actors);
    }
}
