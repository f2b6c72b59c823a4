//! The library of question kinds: what an outcome of each kind looks like in the news, what
//! precedes it, what speaks against it, and how often questions of the kind resolve yes.
//!
//! The five original templates (`enters-war`, `invades`, `talks`, `ceasefire`,
//! `event-count-surge`) keep their hand-built indicator sets in `template.rs`; every kind,
//! those five included, gets its outcome indicators here. A kind is chosen from the question's
//! words by `understand`; a question no kind's cues fit falls back to the PLOVER type the
//! coder finds in it (`TemplateKind::Event`), so an unseen kind still gets outcome, precursor
//! and counter indicators built from its type, actors and key words.

use forewarn_model::{Direction, EventType, Indicator, IndicatorMatch, IndicatorRole};

use crate::template::{TemplateKind, TemplateSpec};

/// Which standard precursors and counter-indicators a kind gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Force used against another side: invasion, offensive, capture, nuclear use.
    Military,
    /// Force shown rather than used: mobilisation, deployment abroad, exercises, weapons tests.
    Posture,
    /// Two sides coming to terms: talks, ceasefires, deals, recognition.
    Accord,
    /// Joining an organisation: applications and membership.
    Membership,
    /// Breaking ties: quitting a deal, sanctions, closing an embassy.
    Rupture,
    /// Power inside a state: coups, leaders leaving office, emergencies.
    Domestic,
    /// Giving ground: withdrawals and releases.
    Yielding,
}

/// What the library knows about one kind.
#[derive(Debug, Clone, Copy)]
pub struct KindDef {
    pub kind: TemplateKind,
    pub family: Family,
    /// Phrases in a question that select the kind, matched on word boundaries. The first kind
    /// (in [`KINDS`] order) with a cue in the question wins, so specific kinds come first.
    pub cues: &'static [&'static str],
    /// With these, a cue counts only when one of them is in the question too ("quit" needs
    /// "deal", "treaty", …).
    pub cue_context: &'static [&'static str],
    /// PLOVER types of an event that is the outcome.
    pub outcome_types: &'static [EventType],
    /// Words a report of the outcome uses (any one).
    pub outcome_words: &'static [&'static str],
    /// Share of questions of the kind's reference class that resolved yes, and the class's
    /// typical window in days (`docs/questions.md`): the prior for a window of `T` days is
    /// `1 − (1 − rate)^(T / days)`.
    pub reference_rate: f64,
    pub reference_days: f64,
}

use EventType as T;
use Family as F;
use TemplateKind as K;

const DEAL_WORDS: &[&str] = &[
    "deal",
    "agreement",
    "treaty",
    "accord",
    "pact",
    "initiative",
    "arrangement",
];

/// The kinds in the order their cues are tried.
pub const KINDS: &[KindDef] = &[
    KindDef {
        kind: K::EventCountSurge,
        family: F::Posture,
        cues: &[
            "incidents",
            "number of events",
            "events be recorded",
            "more events",
        ],
        cue_context: &["average", "more", "than"],
        outcome_types: &[],
        outcome_words: &[],
        reference_rate: 0.40,
        reference_days: 30.0,
    },
    KindDef {
        kind: K::NuclearUse,
        family: F::Military,
        cues: &[
            "detonate a nuclear",
            "use a nuclear",
            "use nuclear",
            "nuclear strike",
            "nuclear attack",
            "nuclear weapon against",
        ],
        cue_context: &[],
        outcome_types: &[T::Assault],
        outcome_words: &[
            "nuclear strike",
            "nuclear attack",
            "nuclear weapon",
            "nuclear bomb",
        ],
        reference_rate: 0.02,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::WeaponsTest,
        family: F::Posture,
        cues: &[
            "nuclear test",
            "missile test",
            "flight test",
            "test-fire",
            "test fire",
            "test launch",
            "test a missile",
            "ballistic missile",
            "test explosion",
        ],
        cue_context: &[],
        outcome_types: &[T::Mobilize],
        outcome_words: &[
            "test",
            "tested",
            "test-fired",
            "launched",
            "fired",
            "detonated",
            "explosion",
        ],
        reference_rate: 0.30,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::DeclaresWar,
        family: F::Military,
        cues: &["declare war", "declaration of war", "declares war"],
        cue_context: &[],
        outcome_types: &[T::Threaten],
        outcome_words: &["declared war", "declares war", "declaration of war"],
        reference_rate: 0.03,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::EntersWar,
        family: F::Military,
        cues: &[
            "join the war",
            "enter the war",
            "take part in ground combat",
            "take part in combat",
            "take part in the war",
            "take part in fighting",
            "join the fighting",
            "to fight",
        ],
        cue_context: &[],
        outcome_types: &[T::Assault],
        outcome_words: &[
            "entered the war",
            "joined the war",
            "crossed into",
            "crossed the border",
            "took part in",
            "fighting alongside",
            "joined the fighting",
            "invaded",
            "attacked",
        ],
        reference_rate: 0.08,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Annexation,
        family: F::Military,
        cues: &["annex", "annexation", "annexe", "incorporate"],
        cue_context: &[],
        outcome_types: &[T::Coerce],
        outcome_words: &[
            "annexed",
            "annexes",
            "annexation",
            "annexing",
            "incorporated",
            "treaties of accession",
            "accession treaties",
        ],
        reference_rate: 0.15,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Recognition,
        family: F::Accord,
        cues: &["recognise", "recognize", "recognition"],
        cue_context: &[],
        outcome_types: &[T::Support],
        outcome_words: &[
            "recognised",
            "recognized",
            "recognises",
            "recognizes",
            "recognition",
        ],
        reference_rate: 0.20,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::MembershipApplication,
        family: F::Membership,
        cues: &[
            "apply to join",
            "apply for membership",
            "formally apply",
            "application for membership",
            "bid to join",
            "submit an application",
            "apply",
        ],
        cue_context: &[],
        outcome_types: &[T::Request],
        outcome_words: &[
            "applied",
            "application",
            "applies",
            "submitted",
            "signed the application",
            "bid to join",
        ],
        reference_rate: 0.30,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Membership,
        family: F::Membership,
        cues: &[
            "become a member",
            "become a full member",
            "full member",
            "candidate for membership",
            "candidate status",
            "status of candidate",
            "official candidate",
            "accession",
            "admit",
            "join",
        ],
        cue_context: &[],
        outcome_types: &[T::Agree, T::Support],
        outcome_words: &[
            "member",
            "membership",
            "candidate status",
            "status of candidate",
            "candidate for membership",
            "accession",
            "admitted",
            "joined",
            "ratified",
        ],
        reference_rate: 0.25,
        reference_days: 120.0,
    },
    KindDef {
        kind: K::Coup,
        family: F::Domestic,
        cues: &["coup", "seize power", "overthrow", "topple", "take power"],
        cue_context: &[],
        outcome_types: &[T::Coerce, T::Assault],
        outcome_words: &[
            "coup",
            "seized power",
            "took power",
            "overthrew",
            "overthrown",
            "toppled",
            "ousted",
            "junta",
        ],
        reference_rate: 0.05,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::LeaderLeaves,
        family: F::Domestic,
        cues: &[
            "cease to be",
            "removed from power",
            "removed from office",
            "resign",
            "step down",
            "leave office",
            "leave power",
            "be ousted",
            "lose power",
            "out of office",
            "vacate",
        ],
        cue_context: &[],
        outcome_types: &[T::Concede, T::Coerce],
        outcome_words: &[
            "resigned",
            "resigns",
            "resignation",
            "stepped down",
            "steps down",
            "ousted",
            "removed",
            "deposed",
            "fled",
            "left office",
            "overthrown",
            "toppled",
            "detained",
            "flees",
            // A coup is how a leader is removed as often as a resignation: "the army confirms
            // the coup", "soldiers seized power".
            "coup",
            "seized power",
            "seizes power",
            "took power",
            "takes power",
        ],
        reference_rate: 0.15,
        reference_days: 120.0,
    },
    KindDef {
        kind: K::Emergency,
        family: F::Domestic,
        cues: &[
            "state of emergency",
            "martial law",
            "curfew",
            "emergency rule",
        ],
        cue_context: &[],
        outcome_types: &[T::Coerce],
        outcome_words: &[
            "state of emergency",
            "martial law",
            "curfew",
            "emergency rule",
        ],
        reference_rate: 0.25,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Ceasefire,
        family: F::Accord,
        cues: &[
            "ceasefire",
            "cease-fire",
            "truce",
            "armistice",
            "cessation of hostilities",
            "stop the fighting",
            "end the fighting",
        ],
        cue_context: &[],
        outcome_types: &[T::Agree],
        outcome_words: &[
            "ceasefire",
            "cease-fire",
            "truce",
            "armistice",
            "cessation of hostilities",
        ],
        reference_rate: 0.15,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::DealQuit,
        family: F::Rupture,
        cues: &[
            "quit",
            "suspend",
            "pull out of",
            "withdraw from",
            "exit",
            "leave the",
            "abandon",
            "terminate",
            "end its participation",
        ],
        cue_context: DEAL_WORDS,
        outcome_types: &[T::Reject],
        outcome_words: &[
            "suspended",
            "suspends",
            "quit",
            "quits",
            "pulled out",
            "withdrew from",
            "withdraws from",
            "exited",
            "abandoned",
            "terminated",
        ],
        reference_rate: 0.15,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Sanctions,
        family: F::Rupture,
        cues: &[
            "sanction",
            "sanctions",
            "embargo",
            "ban on",
            "price cap",
            "ban imports",
            "ban the import",
        ],
        cue_context: &[],
        outcome_types: &[T::Sanction],
        outcome_words: &[
            "sanction",
            "sanctions",
            "embargo",
            "ban",
            "banned",
            "bans",
            "price cap",
        ],
        reference_rate: 0.40,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::DealSigned,
        family: F::Accord,
        cues: &[
            "sign", "agree", "reach", "conclude", "revive", "seal", "strike",
        ],
        cue_context: DEAL_WORDS,
        outcome_types: &[T::Agree],
        outcome_words: &[
            "signed",
            "signs",
            "agreed",
            "reached",
            "concluded",
            "sealed",
            "struck",
        ],
        reference_rate: 0.25,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Talks,
        family: F::Accord,
        cues: &[
            "talks",
            "meet",
            "negotiations",
            "summit",
            "negotiate",
            "face to face",
            "face-to-face",
            "in person",
        ],
        cue_context: &[],
        outcome_types: &[T::Consult],
        outcome_words: &[
            "talks",
            "met",
            "meeting",
            "negotiations",
            "summit",
            "held talks",
        ],
        reference_rate: 0.35,
        reference_days: 60.0,
    },
    KindDef {
        kind: K::Release,
        family: F::Yielding,
        cues: &["release", "free", "set free"],
        cue_context: &[],
        outcome_types: &[T::Concede],
        outcome_words: &["released", "freed", "releases", "frees", "set free"],
        reference_rate: 0.20,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Embassy,
        family: F::Rupture,
        cues: &["embassy", "embassies", "consulate"],
        cue_context: &[],
        outcome_types: &[T::Retreat, T::Sanction],
        outcome_words: &[
            "closed",
            "closes",
            "moved",
            "moves",
            "relocated",
            "relocates",
            "evacuated",
            "suspended operations",
            "shut",
        ],
        reference_rate: 0.25,
        reference_days: 60.0,
    },
    KindDef {
        kind: K::Withdrawal,
        family: F::Yielding,
        cues: &[
            "withdraw",
            "withdrawal",
            "pull out",
            "pull back",
            "pull its troops",
            "retreat",
            "leave",
        ],
        cue_context: &[],
        outcome_types: &[T::Retreat],
        outcome_words: &[
            "withdrew",
            "withdrawn",
            "withdrawal",
            "withdraws",
            "pulled out",
            "pulled back",
            "retreated",
            "left",
        ],
        reference_rate: 0.25,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Invades,
        family: F::Military,
        cues: &[
            "invade",
            "invasion",
            "incursion",
            "ground operation",
            "ground offensive",
            "enter",
            "cross into",
        ],
        cue_context: &[],
        outcome_types: &[T::Assault],
        outcome_words: &[
            "invaded",
            "invades",
            "invasion",
            "invading",
            "incursion",
            "ground offensive",
            "ground operation",
            "crossed the border",
            "crossed into",
            "entered",
            "poured into",
            "rolled into",
        ],
        reference_rate: 0.12,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Capture,
        family: F::Military,
        cues: &[
            "capture",
            "take control",
            "seize",
            "retake",
            "regain control",
            "recapture",
            "occupy",
            "take the city",
            "fall to",
        ],
        cue_context: &[],
        outcome_types: &[T::Assault, T::Coerce],
        outcome_words: &[
            "captured",
            "captures",
            "took",
            "takes",
            "took control",
            "takes control",
            // Headline plurals: "Russian troops take control of Kherson", "Ukrainian forces
            // retake Izium" (an infinitive, "to take control", is never a report).
            "take control",
            "seized",
            "seizes",
            "retook",
            "retakes",
            "retake",
            "retaken",
            "recaptured",
            "regained control",
            "liberated",
            "fell to",
            "fallen",
            "occupied",
        ],
        reference_rate: 0.25,
        reference_days: 60.0,
    },
    KindDef {
        kind: K::Intervention,
        family: F::Military,
        cues: &[
            "no-fly zone",
            "no fly zone",
            "intervene",
            "military intervention",
        ],
        cue_context: &[],
        outcome_types: &[T::Assault, T::Mobilize],
        outcome_words: &["no-fly zone", "intervened", "intervention", "imposed"],
        reference_rate: 0.05,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Mobilisation,
        family: F::Posture,
        cues: &[
            "mobilisation",
            "mobilization",
            "mobilise",
            "mobilize",
            "call up",
            "call-up",
            "reservists",
            "conscription",
        ],
        cue_context: &[],
        outcome_types: &[T::Mobilize],
        outcome_words: &[
            "mobilisation",
            "mobilization",
            "mobilised",
            "mobilized",
            "call-up",
            "called up",
            "reservists",
            "conscription",
        ],
        reference_rate: 0.15,
        reference_days: 90.0,
    },
    KindDef {
        kind: K::Deployment,
        family: F::Posture,
        cues: &[
            "deploy",
            "deployed",
            "send troops",
            "troops to",
            "station",
            "peacekeepers",
            "send forces",
        ],
        cue_context: &[],
        outcome_types: &[T::Mobilize, T::Aid],
        outcome_words: &[
            "deployed",
            "deploys",
            "deployment",
            "arrived",
            "sent",
            "stationed",
            "landed",
            "troops",
        ],
        reference_rate: 0.35,
        reference_days: 60.0,
    },
    KindDef {
        kind: K::Exercise,
        family: F::Posture,
        cues: &[
            "exercise",
            "exercises",
            "drills",
            "war games",
            "manoeuvres",
            "maneuvers",
        ],
        cue_context: &[],
        outcome_types: &[T::Mobilize],
        outcome_words: &["exercise", "exercises", "drills", "war games", "manoeuvres"],
        reference_rate: 0.45,
        reference_days: 60.0,
    },
    KindDef {
        kind: K::Offensive,
        family: F::Military,
        cues: &[
            "offensive",
            "attack",
            "strike",
            "shell",
            "bomb",
            "airstrike",
            "air strike",
            "clash",
            "military action",
            "use force",
            "military force",
            "fire on",
        ],
        cue_context: &[],
        outcome_types: &[T::Assault],
        outcome_words: &[
            "offensive",
            "attacked",
            "attacks",
            "struck",
            "strikes",
            "shelled",
            "shelling",
            "bombed",
            "bombing",
            "airstrikes",
            "clashes",
            "launched",
            "assault",
            "fighting",
        ],
        reference_rate: 0.20,
        reference_days: 60.0,
    },
];

/// Everything the library knows about `kind`; the fallback entry for kinds without a
/// table row (`Event`).
pub fn kind_def(kind: TemplateKind) -> Option<&'static KindDef> {
    KINDS.iter().find(|d| d.kind == kind)
}

/// The kind's prior for a window of `days`: the reference class's yes rate turned into a
/// constant hazard and spread over the window, kept within [0.02, 0.6].
pub fn kind_prior(kind: TemplateKind, days: f64) -> f64 {
    let (rate, over) =
        kind_def(kind).map_or((0.20, 90.0), |d| (d.reference_rate, d.reference_days));
    (1.0 - (1.0 - rate).powf(days.max(1.0) / over)).clamp(0.02, 0.6)
}

/// Words that mark a sentence as speculation, warning or plan rather than a report that
/// something happened. Outcome reports must have none of them.
const NOT_A_REPORT: &[&str] = &[
    "may",
    "might",
    "could",
    "would",
    "will",
    "won't",
    "if",
    "whether",
    "fear",
    "fears",
    "feared",
    "warn",
    "warns",
    "warned",
    "warning",
    "threat",
    "threatens",
    "threatened",
    "risk",
    "possible",
    "possibility",
    "potential",
    "prevent",
    "deter",
    "avert",
    "avoid",
    "plan",
    "plans",
    "planned",
    "planning",
    "imminent",
    "prepare",
    "prepares",
    "preparing",
    "ready to",
    "poised",
    "expected",
    "likely",
    "unlikely",
    "any",
    "deny",
    "denies",
    "denied",
    "not",
    "cannot",
    "can't",
    "unable to",
    "failed to",
    "no",
    "never",
    "neither",
    "yet to",
    "since",
    "call for",
    "calls for",
    "urge",
    "urges",
    "urged",
    "consider",
    "considering",
    "discuss",
    "discussed",
    "debate",
    "vote on",
    "seeks",
    "seeking",
    "wants",
    "hopes",
    "aim",
    "aims",
    "bid",
    "attempt",
    "ahead of",
    "effort",
    "efforts",
    "push",
    "pushing",
    "progress",
    "pretext",
    "the minute",
    "demand",
    "demands",
    "position",
    "appeal",
    "roadmap",
    "to be",
    "set to",
    "intend",
    "intends",
    // Anticipation and advocacy: "on the brink of invading", "signs suggest", "declared its
    // readiness", "a tour to persuade them to support".
    "brink",
    "signs",
    "gathering",
    "readiness",
    "offer",
    "offers",
    "tried to",
    "try to",
    "persuade",
    "in support of",
    "continue to",
    "continues to",
    "covert",
    "?",
];

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

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

struct Builder {
    prefix: String,
    out: Vec<Indicator>,
}

impl Builder {
    fn push(
        &mut self,
        name: &str,
        label: String,
        direction: Direction,
        (weight, half_life_days): (f64, f64),
        role: IndicatorRole,
        matcher: IndicatorMatch,
    ) {
        self.out.push(Indicator {
            id: format!("{}/{name}", self.prefix),
            label,
            direction,
            weight,
            half_life_days,
            matcher,
            role,
        });
    }

    fn signal(
        &mut self,
        name: &str,
        label: String,
        direction: Direction,
        weight: f64,
        half_life_days: f64,
        mut matcher: IndicatorMatch,
    ) {
        // A sentence signal is about the side that does the thing: "Moscow masses troops",
        // not any sentence that names Russia beside a keyword.
        if matcher.event_types.is_empty()
            && matcher.surge.is_none()
            && !matcher.source.is_empty()
            && !matcher.keywords.is_empty()
        {
            matcher.subject = true;
        }
        let strength = (weight, half_life_days);
        self.push(
            name,
            label,
            direction,
            strength,
            IndicatorRole::Signal,
            matcher,
        );
    }

    /// An outcome indicator: its weight and half-life are unused (reports do not decay).
    fn outcome(&mut self, name: &str, label: String, direction: Direction, m: IndicatorMatch) {
        self.push(
            name,
            label,
            direction,
            (0.0, 365.0),
            IndicatorRole::Outcome,
            m,
        );
    }
}

/// The sides and words a spec gives, ready for matchers.
struct Parts {
    actor: Vec<String>,
    target: Vec<String>,
    location: Vec<String>,
    sectors: Vec<String>,
    types: Vec<EventType>,
    /// The kind's report words ("invaded", "ceasefire").
    words: Vec<String>,
    /// What the question is about ("grain", "exports"): a report must name one.
    topic: Vec<String>,
    name: String,
    target_name: String,
}

fn parts(spec: &TemplateSpec) -> Parts {
    let def = kind_def(spec.kind);
    let mut actor: Vec<String> = std::iter::once(spec.actor.clone())
        .chain(spec.actors.iter().cloned())
        .filter(|a| !a.is_empty() && a != "ANY")
        .collect();
    actor.dedup();
    let target: Vec<String> = spec.opponent.iter().cloned().collect();
    let types = if spec.outcome_types.is_empty() {
        def.map(|d| d.outcome_types.to_vec()).unwrap_or_default()
    } else {
        spec.outcome_types.clone()
    };
    // A kind's own report words, and the question's topic words beside them; a question no
    // kind fits has only the coder's verb, which is its report word.
    let (words, topic) = match def {
        Some(d) if !d.outcome_words.is_empty() => {
            let words = strings(d.outcome_words);
            (words.clone(), distinguishing(&spec.outcome_words, &words))
        }
        _ => (spec.outcome_words.clone(), Vec::new()),
    };
    let name = if actor.is_empty() {
        "any side".to_string()
    } else {
        actor.join("/")
    };
    let target_name = target
        .first()
        .cloned()
        .or_else(|| spec.location.first().cloned())
        .unwrap_or_else(|| "the other side".into());
    Parts {
        actor,
        target,
        location: spec.location.clone(),
        sectors: spec.sectors.clone(),
        types,
        words,
        topic,
        name,
        target_name,
    }
}

/// The topic words that say *which* outcome of the kind is asked about: those that are not
/// a form of one of the kind's own report words. "nuclear test" keeps "nuclear", since every
/// missile launch is a "test" too; when nothing is left, all topic words stay.
fn distinguishing(topic: &[String], kind_words: &[String]) -> Vec<String> {
    let is_kind_word = |t: &str| {
        kind_words.iter().any(|w| {
            let w = w.split(' ').next().unwrap_or("");
            let stem = t.trim_end_matches('s');
            w == t || (stem.len() >= 4 && w.starts_with(stem))
        })
    };
    let kept: Vec<String> = topic.iter().filter(|t| !is_kind_word(t)).cloned().collect();
    if kept.is_empty() {
        topic.to_vec()
    } else {
        kept
    }
}

/// Irregular past forms among report words; the rest are told by their "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "took",
    "fell",
    "fallen",
    "struck",
    "met",
    "left",
    "held",
    "sent",
    "shut",
    "quit",
    "retaken",
    "withdrawn",
    "overthrown",
    "freed",
    "begun",
    "began",
];

/// Report words that say it was done ("invaded", "took control", "invades" beside
/// "invaded"), not nouns that speculation uses as freely as news ("invasion", "ceasefire").
fn done_words(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| {
            let (first, rest) = w.split_once(' ').unwrap_or((w.as_str(), ""));
            // A headline plural beside its "-s" form ("take control" beside "takes control").
            let plural_of_listed = {
                let third_person =
                    format!("{first}s{}{rest}", if rest.is_empty() { "" } else { " " });
                words.contains(&third_person)
            };
            plural_of_listed
                || first.ends_with("ed")
                || IRREGULAR_PAST.contains(&first)
                || first.strip_suffix('s').is_some_and(|stem| {
                    words.iter().any(|o| {
                        o.split(' ').next().is_some_and(|f| {
                            f.len() > 2
                                && f.ends_with("ed")
                                && f.starts_with(&stem[..stem.len().min(f.len() - 2)])
                        })
                    })
                })
        })
        .cloned()
        .collect()
}

/// The kind's nouns owned by a doer: "Moscow's annexation of the region", "its army's
/// withdrawal from Kherson". A possessive presupposes the act; speculation says "a Russian
/// invasion", "an annexation", not "Russia's invasion" (and its "would", "fears" or "plans"
/// are exclusions anyway). The doer before the apostrophe is checked as for any report.
fn possessed_nouns(words: &[String]) -> Vec<String> {
    let done = done_words(words);
    words
        .iter()
        .filter(|w| !done.contains(w))
        .filter(|w| {
            let first = w.split(' ').next().unwrap_or("");
            !first.ends_with("ed") && !first.ends_with('s') && !first.ends_with("ing")
        })
        .flat_map(|w| [format!("'s {w}"), format!("’s {w}")])
        .collect()
}

/// What an accord does once it is real, said of the accord itself ("the talks took place",
/// "the ceasefire holds", "talks ended without a breakthrough").
const UNDER_WAY: &[&str] = &[
    "took place",
    "takes place",
    "holds",
    "held",
    "took effect",
    "takes effect",
    "came into force",
    "comes into force",
    "entered into force",
    "began",
    "begins",
    "opened",
    "ended",
    "resumed",
    "went ahead",
    "were held",
    "was held",
];

/// Verbs that say an accord was reached rather than sought.
const ACHIEVED: &[&str] = &[
    "agreed",
    "signed",
    "reached",
    "declared",
    "announced",
    // Headline present: "Israel and Hamas agree to a ceasefire", "Putin announces annexation".
    "agree to a",
    "agrees to a",
    "agree a",
    "agrees a",
    "signs",
    "reaches",
    "declares",
    "announces",
    "seals",
    "took effect",
    "takes effect",
    "came into force",
    "entered into force",
    "began",
    "sealed",
    "struck",
    "approved",
    "granted",
    "held",
    "met",
    // What says an event of the kind's noun has happened or begun, not that it is sought:
    // "the military confirms the coup", "China starts drills", "the EU grants candidate
    // status", "the Duma ratified the annexation", "the ceasefire holds". Not "launched":
    // missiles are launched every week, and a launch is not the test a question asks about.
    "confirms",
    "confirmed",
    "starts",
    "started",
    "grants",
    "proclaims",
    "proclaimed",
    "ratifies",
    "ratified",
    "approves",
    "holds",
];

/// Qualifiers that make a report about a lesser thing than the question asks ("a local
/// truce", "a temporary pause"), unless the question itself uses them.
const QUALIFIERS: &[&str] = &[
    "local",
    "temporary",
    "partial",
    "humanitarian",
    "corridor",
    "corridors",
    "limited",
    "brief",
];

/// The outcome indicators every kind gets: factual events of the outcome's types by the acting
/// side that a report word pins down, and sentences in which the acting side is the subject of
/// a report word with no sign of speculation; plus, against, denials or corrections of it.
pub fn outcome_indicators(spec: &TemplateSpec) -> Vec<Indicator> {
    let p = parts(spec);
    let mut b = Builder {
        prefix: format!("{}/outcome", spec.kind),
        out: Vec::new(),
    };
    if p.words.is_empty() {
        return b.out;
    }
    // Two-sided kinds (talks, ceasefires, deals between A and O) accept either side as the
    // source; the other must be named.
    let family = kind_def(spec.kind).map(|d| d.family);
    let two_sided = matches!(family, Some(F::Accord | F::Membership));
    // A leaders' meeting or a leader's fall is about those people; an invasion a leader orders
    // is reported under the state's name as often as under theirs.
    let persons = if two_sided || family == Some(F::Domestic) {
        spec.persons.clone()
    } else {
        Vec::new()
    };
    let mut exclude = strings(NOT_A_REPORT);
    if spec.kind == TemplateKind::Capture {
        // Taking a city is not holding part of its region: "occupied areas of Kharkiv region".
        for place in &p.location {
            for unit in ["region", "oblast", "province"] {
                exclude.push(format!("{} {unit}", place.to_lowercase()));
            }
        }
    }
    if two_sided {
        // Talks about an accord are not the accord; for a question about talks they are the
        // outcome ("met for talks on the border").
        if spec.kind != TemplateKind::Talks {
            exclude.extend(strings(&["talks on", "negotiations on"]));
        }
        exclude.extend(strings(&["proposal", "proposed"]));
        exclude.extend(strings(QUALIFIERS));
    }
    let (source, target) = if two_sided {
        let both: Vec<String> = p.actor.iter().chain(&p.target).cloned().collect();
        (
            both.clone(),
            if p.target.is_empty() { vec![] } else { both },
        )
    } else {
        (p.actor.clone(), p.target.clone())
    };
    if !p.types.is_empty() {
        b.outcome(
            "event",
            format!("reported: {} ({} → {})", spec.kind, p.name, p.target_name),
            Direction::For,
            IndicatorMatch {
                event_types: p.types.clone(),
                source: source.clone(),
                target: if p.location.is_empty() {
                    target.clone()
                } else {
                    Vec::new()
                },
                location: p.location.clone(),
                keywords: p.words.clone(),
                context_keywords: p.topic.clone(),
                all_keywords: persons.clone(),
                exclude_keywords: exclude.clone(),
                sectors: p.sectors.clone(),
                between: two_sided && !p.target.is_empty(),
                ..IndicatorMatch::default()
            },
        );
    }
    // The sentence form needs a named acting side: "troops entered the city" says nothing
    // about whose troops without one.
    // Accords are said done by an achievement verb beside the accord's noun ("agreed a
    // ceasefire"); other kinds by their own verbs in a past or headline form ("captured",
    // "invades"). Nouns alone ("invasion", "truce") are what speculation says too.
    let (said, context) = if two_sided {
        let context = if p.topic.is_empty() {
            p.words.clone()
        } else {
            p.topic.clone()
        };
        // The kind's own verbs in a past form report it too: "Finland applied to join".
        let mut said = strings(ACHIEVED);
        for w in done_words(&p.words) {
            if !said.contains(&w) {
                said.push(w);
            }
        }
        (said, context)
    } else {
        let context = if p.topic.is_empty() {
            p.location.clone()
        } else {
            p.topic.clone()
        };
        let mut said = done_words(&p.words);
        said.extend(possessed_nouns(&p.words));
        (said, context)
    };
    if !p.actor.is_empty() && !said.is_empty() {
        b.outcome(
            "report",
            format!("reported: {} by {}", spec.kind, p.name),
            Direction::For,
            IndicatorMatch {
                source: source.clone(),
                target: if p.location.is_empty() {
                    target.clone()
                } else {
                    Vec::new()
                },
                between: two_sided && !p.target.is_empty(),
                keywords: said,
                context_keywords: context,
                all_keywords: persons.clone(),
                exclude_keywords: exclude.clone(),
                // The doer of "met", "signed", "began" must be one of the sides: "Austria's
                // chancellor met Putin" is not a Russia–Ukraine meeting.
                subject: true,
                sectors: p.sectors.clone(),
                ..IndicatorMatch::default()
            },
        );
    }
    // "The talks took place after…", "Aid arrives as ceasefire holds": an accord is often the
    // subject of its own report, with the sides named elsewhere in the sentence. Its noun
    // right before a verb that says it is under way, and both sides named.
    if family == Some(F::Accord) && !p.target.is_empty() {
        let achieved = strings(ACHIEVED);
        let done = done_words(&p.words);
        let mut nouns: Vec<String> = p
            .words
            .iter()
            .chain(&p.topic)
            .filter(|w| !done.contains(w) && !achieved.contains(w) && !w.ends_with("ed"))
            .cloned()
            .collect();
        nouns.dedup();
        let mut under_way: Vec<String> = nouns
            .iter()
            .flat_map(|n| UNDER_WAY.iter().map(move |v| format!("{n} {v}")))
            .collect();
        if !under_way.is_empty() {
            b.outcome(
                "under-way",
                format!(
                    "reported under way: {} ({} and {})",
                    spec.kind, p.name, p.target_name
                ),
                Direction::For,
                IndicatorMatch {
                    source: source.clone(),
                    target: target.clone(),
                    between: true,
                    keywords: under_way,
                    all_keywords: persons.clone(),
                    exclude_keywords: exclude.clone(),
                    ..IndicatorMatch::default()
                },
            );
        }
    }
    // "Putin announced the annexation", "the army declared a state of emergency": an
    // achievement verb beside the kind's own noun, by the acting side, at the place asked.
    if !two_sided && !p.actor.is_empty() && !p.words.is_empty() {
        // The kind's noun must be another word than the verb that says it was done, or
        // "launched" would be both ("North Korea launched a missile" is no nuclear test).
        let mut context: Vec<String> = p
            .words
            .iter()
            .filter(|w| !ACHIEVED.contains(&w.as_str()))
            .cloned()
            .collect();
        context.extend(p.topic.iter().cloned());
        b.outcome(
            "announced",
            format!(
                "reported as announced or begun: {} by {}",
                spec.kind, p.name
            ),
            Direction::For,
            IndicatorMatch {
                source: p.actor.clone(),
                target: if p.location.is_empty() {
                    p.target.clone()
                } else {
                    Vec::new()
                },
                location: p.location.clone(),
                keywords: strings(ACHIEVED),
                context_keywords: context,
                all_keywords: persons.clone(),
                exclude_keywords: exclude.clone(),
                subject: true,
                sectors: p.sectors.clone(),
                ..IndicatorMatch::default()
            },
        );
    }
    if !p.actor.is_empty() {
        let mut denial_context = p.words.clone();
        denial_context.extend(p.location.iter().cloned());
        b.outcome(
            "denied",
            format!("{} denies or corrects reports of it", p.name),
            Direction::Against,
            IndicatorMatch {
                source: p.actor.clone(),
                keywords: strings(&[
                    "denied",
                    "denies",
                    "false reports",
                    "not true",
                    "retracted",
                    "corrected",
                ]),
                context_keywords: denial_context,
                subject: true,
                ..IndicatorMatch::default()
            },
        );
    }
    b.out
}

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
            context_keywords: if words.is_empty() {
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
                    source: sides.clone(),
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
