//! Precursors and counter-indicators by family: what an acting side announces, masses,
//! threatens or denies before the outcome, and what speaks against it. Each signal names its
//! side in the role it plays and the words that pin its meaning. Shown by the evidence-precision
//! fixture (`tests/fixtures/evidence`) and the Brier scores of `forewarn backtest
//! questions/dev`.

use forewarn_model::{Direction, EventType, Indicator, IndicatorMatch};

use super::{Builder, Family as F, kind_def, parts, strings};
use crate::template::TemplateSpec;
use EventType as T;

/// Words of an evacuation or an order to leave.
pub(crate) const EVACUATION_WORDS: &[&str] = &[
    "evacuate",
    "evacuated",
    "evacuating",
    "evacuation",
    "leave immediately",
    "ordered to leave",
    "urged to leave",
    "embassy staff",
];

/// Who an evacuation that signals war moves: diplomats and foreign nationals.
pub(crate) const EVACUEES: &[&str] = &[
    "embassy",
    "embassies",
    "diplomats",
    "diplomatic",
    "nationals",
    "citizens",
    "staff",
    "foreigners",
];

/// Speculation words for precursor sentences (the old templates' list).
const SPECULATION: &[&str] = &["may", "might", "could", "would", "fears", "if"];

const DENIAL_WORDS: &[&str] = &[
    "no plans",
    "no plan",
    "no intention",
    "not planning",
    "does not plan",
    "do not plan",
    "will not",
    "won't",
    "not going to",
    "denies",
    "denied",
    "deny",
    "dismissed",
    "rejected claims",
    "ruled out",
    "rules out",
    "refused",
    "refuses",
];

/// What negotiators make progress in or stall over.
const TALKS_WORDS: &[&str] = &[
    "talks",
    "deal",
    "agreement",
    "negotiations",
    "ceasefire",
    "truce",
];

const WAR_WORDS: &[&str] = &[
    "war",
    "attack",
    "invade",
    "invasion",
    "troops",
    "forces",
    "offensive",
    "fight",
    "military",
    "strike",
];

/// Precursors and counter-indicators for the kinds that are not one of the five original
/// templates, by family.
pub fn kind_indicators(spec: &TemplateSpec) -> Vec<Indicator> {
    let Some(def) = kind_def(spec.kind) else {
        return generic_indicators(spec);
    };
    let p = parts(spec);
    let mut b = Builder {
        prefix: spec.kind.to_string(),
        out: Vec::new(),
    };
    use Direction::{Against, For};
    let words = p.words.clone();
    let target_or_place: Vec<String> = if p.target.is_empty() {
        p.location.clone()
    } else {
        p.target.clone()
    };
    // Announcements, threats and plans of the outcome itself by the acting side.
    if !p.types.is_empty() {
        b.signal(
            "announced",
            format!("{} announces, plans or threatens it", p.name),
            For,
            0.5,
            21.0,
            IndicatorMatch {
                event_types: p.types.clone(),
                source: p.actor.clone(),
                target: p.target.clone(),
                // The same kind of event at the place asked about is a precursor; the same
                // kind of event anywhere else is the war's background, not this question.
                location: p.location.clone(),
                sectors: p.sectors.clone(),
                // Which outcome of the type: a nuclear strike, not any strike; an oil ban,
                // not any sanctions.
                context_keywords: p.topic.clone(),
                allow_future: true,
                allow_hypothetical: true,
                // Done, it is the outcome itself (or, elsewhere, the war's background).
                planned: true,
                ..IndicatorMatch::default()
            },
        );
    }
    b.signal(
        "threats",
        format!("{} threatens {}", p.name, p.target_name),
        For,
        0.4,
        21.0,
        IndicatorMatch {
            event_types: vec![T::Threaten],
            source: p.actor.clone(),
            target: p.target.clone(),
            ..IndicatorMatch::default()
        },
    );
    b.signal(
        "denial",
        format!("{} denies it will do it", p.name),
        Against,
        0.3,
        21.0,
        IndicatorMatch {
            source: p.actor.clone(),
            keywords: strings(DENIAL_WORDS),
            // What is denied: the question's own topic when it has one ("will not quit the
            // grain deal"), else the kind's words; soldiers who refused orders and then
            // "withdrew" deny nothing about a deal.
            context_keywords: if !p.topic.is_empty() {
                p.topic.clone()
            } else if words.is_empty() {
                strings(WAR_WORDS)
            } else {
                words.clone()
            },
            exclude_keywords: strings(&["if", "unless", "until"]),
            subject: true,
            ..IndicatorMatch::default()
        },
    );
    match def.family {
        F::Military => {
            b.signal(
                "mobilisation",
                format!("{} mobilises or moves forces", p.name),
                For,
                0.5,
                21.0,
                IndicatorMatch {
                    event_types: vec![T::Mobilize],
                    source: p.actor.clone(),
                    // The side asked about, not its country's other forces: the TPLF's
                    // moves, not the Ethiopian army's.
                    sectors: p.sectors.clone(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "forces-massed",
                format!("{} forces massed or built up", p.name),
                For,
                0.5,
                21.0,
                IndicatorMatch {
                    source: p.actor.clone(),
                    keywords: strings(&[
                        "massed",
                        "massing",
                        "amassed",
                        "build-up",
                        "buildup",
                        "reinforcements",
                        "concentration of troops",
                        "regrouping",
                    ]),
                    exclude_keywords: strings(SPECULATION),
                    subject: true,
                    sectors: p.sectors.clone(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "warnings",
                "officials warn it is imminent".to_string(),
                For,
                0.5,
                10.0,
                IndicatorMatch {
                    keywords: strings(&[
                        "imminent",
                        "within days",
                        "any day",
                        "at any moment",
                        "at any time",
                        "could begin",
                        "is preparing",
                        "are preparing",
                    ]),
                    context_keywords: words.clone(),
                    source: p.actor.clone(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "evacuations",
                "embassies evacuated or citizens told to leave".to_string(),
                For,
                0.5,
                21.0,
                IndicatorMatch {
                    // Where: the side attacked or the place asked about, else the acting
                    // side's own country (rebels advancing on their capital). An evacuation
                    // anywhere else is another story.
                    source: if target_or_place.is_empty() {
                        p.actor.clone()
                    } else {
                        target_or_place.clone()
                    },
                    keywords: strings(EVACUATION_WORDS),
                    // Whose evacuation: diplomats and foreigners leaving, not residents fleeing
                    // shelling, a flood or a volcano.
                    context_keywords: strings(EVACUEES),
                    exclude_keywords: strings(SPECULATION),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "clashes",
                format!(
                    "{} forces in clashes with or attacks on {}",
                    p.name, p.target_name
                ),
                For,
                0.3,
                14.0,
                IndicatorMatch {
                    event_types: vec![T::Assault, T::Coerce],
                    source: p.actor.clone(),
                    target: p.target.clone(),
                    sectors: p.sectors.clone(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "pullback",
                format!("{} pulls forces back", p.name),
                Against,
                0.4,
                14.0,
                IndicatorMatch {
                    event_types: vec![T::Retreat],
                    source: p.actor.clone(),
                    // Pulling back from the side asked about, or from nowhere named: not
                    // from another front.
                    target: p.target.clone(),
                    target_if_named: true,
                    sectors: p.sectors.clone(),
                    keywords: strings(&[
                        "troops", "forces", "units", "soldiers", "military", "army",
                    ]),
                    ..IndicatorMatch::default()
                },
            );
            if !p.target.is_empty() {
                b.signal(
                    "talks",
                    format!("{} and {} hold talks", p.name, p.target_name),
                    Against,
                    0.2,
                    14.0,
                    between(&[T::Consult], &p.actor, &p.target),
                );
            }
        }
        F::Posture => {
            b.signal(
                "preparations",
                format!("{} seen preparing", p.name),
                For,
                0.4,
                21.0,
                IndicatorMatch {
                    source: p.actor.clone(),
                    keywords: strings(&[
                        "preparing",
                        "preparations",
                        "satellite images",
                        "signs of",
                        "readiness",
                        "ready to",
                    ]),
                    // Preparing a nuclear test, when the question asks about one, not any test.
                    context_keywords: if p.topic.is_empty() {
                        words.clone()
                    } else {
                        p.topic.clone()
                    },
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "tensions",
                format!("{} accuses or rejects its rivals", p.name),
                For,
                0.2,
                21.0,
                IndicatorMatch {
                    event_types: vec![T::Accuse, T::Reject],
                    source: p.actor.clone(),
                    // Its rivals: the side the question names, when it names one.
                    target: p.target.clone(),
                    ..IndicatorMatch::default()
                },
            );
        }
        F::Accord => {
            let sides: Vec<String> = p.actor.iter().chain(&p.target).cloned().collect();
            let mut meet = between(&[T::Consult], &sides, &sides);
            meet.allow_future = true;
            b.signal(
                "meetings",
                "the sides meet or announce a meeting".to_string(),
                For,
                0.5,
                14.0,
                meet,
            );
            b.signal(
                "progress",
                "negotiators report progress or a draft".to_string(),
                For,
                0.5,
                14.0,
                IndicatorMatch {
                    // The side asked about is a party to the progress reported: progress in
                    // other talks that a mediator of these joins is not these talks' progress.
                    source: if p.actor.is_empty() {
                        sides.clone()
                    } else {
                        p.actor.clone()
                    },
                    keywords: strings(&[
                        "progress",
                        "breakthrough",
                        "draft",
                        "close to",
                        "final stage",
                        "near a deal",
                        "text agreed",
                    ]),
                    context_keywords: strings(TALKS_WORDS),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "mediation",
                "a third party offers to mediate or host".to_string(),
                For,
                0.3,
                21.0,
                IndicatorMatch {
                    source: sides.clone(),
                    keywords: strings(&["mediate", "mediation", "mediator", "host talks"]),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "rejection",
                "a side rejects talks or terms".to_string(),
                Against,
                0.4,
                14.0,
                between(&[T::Reject], &sides, &sides),
            );
            b.signal(
                "deadlock",
                "talks stall or collapse".to_string(),
                Against,
                0.4,
                14.0,
                IndicatorMatch {
                    source: sides.clone(),
                    keywords: strings(&[
                        "stalled",
                        "deadlock",
                        "collapsed",
                        "walked out",
                        "impasse",
                        "broke down",
                        "no progress",
                    ]),
                    // What stalls: talks, not a health system or the USSR.
                    context_keywords: strings(TALKS_WORDS),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "fighting",
                "heavy fighting between the sides".to_string(),
                Against,
                0.1,
                7.0,
                between(&[T::Assault], &sides, &sides),
            );
        }
        F::Membership => {
            b.signal(
                "backing",
                "governments, parliaments or members back it".to_string(),
                For,
                0.5,
                21.0,
                IndicatorMatch {
                    source: p.actor.iter().chain(&p.target).cloned().collect(),
                    // Both the body and the applicant named: support for Ukraine's bid is not
                    // Georgia's, nor backing to join NATO backing to join the EU.
                    target: p.actor.iter().chain(&p.target).cloned().collect(),
                    between: true,
                    keywords: strings(&[
                        "backs",
                        "backed",
                        "support",
                        "supports",
                        "approved",
                        "approves",
                        "voted",
                        "recommend",
                        "recommended",
                        "welcome",
                        "welcomed",
                    ]),
                    context_keywords: strings(&[
                        "membership",
                        "join",
                        "joining",
                        "accession",
                        "candidate",
                        "application",
                        "bid",
                    ]),
                    // Talk about backing is not backing: "ministers will meet to discuss
                    // giving Ukraine candidate status".
                    exclude_keywords: SPECULATION
                        .iter()
                        .chain(&["discuss", "debate", "consider", "considering"])
                        .map(|w| w.to_string())
                        .collect(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "obstacles",
                "a member objects, blocks or vetoes".to_string(),
                Against,
                0.5,
                30.0,
                IndicatorMatch {
                    keywords: strings(&[
                        "veto",
                        "vetoes",
                        "block",
                        "blocks",
                        "blocking",
                        "objection",
                        "objections",
                        "opposes",
                        "conditions",
                        "not ready",
                    ]),
                    context_keywords: strings(&[
                        "membership",
                        "join",
                        "joining",
                        "accession",
                        "candidate",
                        "application",
                        "bid",
                    ]),
                    source: p.actor.iter().chain(&p.target).cloned().collect(),
                    target: p.actor.iter().chain(&p.target).cloned().collect(),
                    between: true,
                    ..IndicatorMatch::default()
                },
            );
        }
        F::Rupture => {
            b.signal(
                "hostility",
                format!("{} accuses or rejects {}", p.name, p.target_name),
                For,
                0.3,
                21.0,
                IndicatorMatch {
                    event_types: vec![T::Accuse, T::Reject, T::Coerce],
                    source: p.actor.clone(),
                    target: p.target.clone(),
                    ..IndicatorMatch::default()
                },
            );
            if !p.target.is_empty() {
                b.signal(
                    "engagement",
                    format!("{} and {} agree or consult", p.name, p.target_name),
                    Against,
                    0.3,
                    14.0,
                    between(&[T::Agree, T::Consult], &p.actor, &p.target),
                );
            }
        }
        F::Domestic => {
            let place: Vec<String> = p.actor.iter().chain(&target_or_place).cloned().collect();
            b.signal(
                "unrest",
                "protests or unrest".to_string(),
                For,
                0.4,
                14.0,
                IndicatorMatch {
                    event_types: vec![T::Protest],
                    source: place.clone(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "crisis",
                "calls to go, mutiny or a crisis of power".to_string(),
                For,
                0.4,
                14.0,
                IndicatorMatch {
                    source: place.clone(),
                    keywords: strings(&[
                        "calls to resign",
                        "demand his resignation",
                        "demand her resignation",
                        "mutiny",
                        "unrest",
                        // A crisis of power, not the economic, fuel or humanitarian crisis
                        // that fills the same country's news.
                        "political crisis",
                        "constitutional crisis",
                        "crisis of power",
                        "gunfire",
                        "curfew",
                        "state of emergency",
                    ]),
                    exclude_keywords: strings(SPECULATION),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "crackdown",
                "the government cracks down".to_string(),
                For,
                0.2,
                14.0,
                IndicatorMatch {
                    event_types: vec![T::Coerce],
                    source: place,
                    ..IndicatorMatch::default()
                },
            );
        }
        F::Yielding => {
            b.signal(
                "pressure",
                format!("{} is pressed by attacks or talks", p.name),
                For,
                0.3,
                14.0,
                IndicatorMatch {
                    event_types: vec![T::Assault],
                    target: p.actor.clone(),
                    ..IndicatorMatch::default()
                },
            );
            b.signal(
                "entrenched",
                format!("{} vows to stay", p.name),
                Against,
                0.3,
                21.0,
                IndicatorMatch {
                    source: p.actor.clone(),
                    keywords: strings(&[
                        "will stay",
                        "will remain",
                        "here forever",
                        "will not leave",
                        "reinforce",
                        "reinforced",
                        "dig in",
                    ]),
                    subject: true,
                    ..IndicatorMatch::default()
                },
            );
        }
    }
    b.out
}

/// For a question no kind fits: the outcome's own type announced, threatened or denied by
/// the acting side.
fn generic_indicators(spec: &TemplateSpec) -> Vec<Indicator> {
    let p = parts(spec);
    let mut b = Builder {
        prefix: spec.kind.to_string(),
        out: Vec::new(),
    };
    if !p.types.is_empty() {
        b.signal(
            "announced",
            format!("{} announces, plans or threatens it", p.name),
            Direction::For,
            0.5,
            21.0,
            IndicatorMatch {
                event_types: p.types.clone(),
                source: p.actor.clone(),
                target: p.target.clone(),
                allow_future: true,
                allow_hypothetical: true,
                // Done, it is the outcome itself (or, elsewhere, the war's background).
                planned: true,
                ..IndicatorMatch::default()
            },
        );
        b.signal(
            "refused",
            format!("{} says it will not", p.name),
            Direction::Against,
            0.3,
            21.0,
            IndicatorMatch {
                event_types: p.types.clone(),
                source: p.actor.clone(),
                negated: true,
                allow_future: true,
                ..IndicatorMatch::default()
            },
        );
    }
    b.out
}

fn between(types: &[EventType], source: &[String], target: &[String]) -> IndicatorMatch {
    let sides: Vec<String> = source.iter().chain(target).cloned().collect();
    IndicatorMatch {
        event_types: types.to_vec(),
        source: sides.clone(),
        target: sides,
        between: true,
        ..IndicatorMatch::default()
    }
}
