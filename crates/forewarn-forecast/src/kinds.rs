//! The library of question kinds: what an outcome of each kind looks like in the news, what
//! precedes it, what speaks against it, and how often questions of the kind resolve yes.
//!
//! The five original templates (`enters-war`, `invades`, `talks`, `ceasefire`,
//! `event-count-surge`) keep their hand-built indicator sets in `template.rs`; every kind,
//! those five included, gets its outcome indicators here. A kind is chosen from the question's
//! words by `understand`; a question no kind's cues fit falls back to the PLOVER type the
//! coder finds in it (`TemplateKind::Event`), so an unseen kind still gets outcome, precursor
//! and counter indicators built from its type, actors and key words.
//!
//! This file holds the table and the parts every builder reads; `outcome` builds the
//! indicators that notice the outcome, `signals` the precursors and counter-indicators.

use forewarn_model::{Direction, EventType, Indicator, IndicatorMatch, IndicatorRole};

use crate::template::{TemplateKind, TemplateSpec};

mod outcome;
mod signals;

pub use outcome::outcome_indicators;
pub use signals::kind_indicators;
pub(crate) use signals::{EVACUATION_WORDS, EVACUEES};

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
