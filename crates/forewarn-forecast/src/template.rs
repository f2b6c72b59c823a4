//! Question templates: the questions analysts ask again and again ("will X enter the war",
//! "will X invade Y", "will talks happen", "will events surge"), each with a standard indicator
//! set and prior, so a question file can be written as a template plus its actors.
//!
//! The weights are judgement, written and justified in `docs/templates.md`; `fit` can learn
//! them from resolved questions. Indicator ids are stable per template, so fitted weights for
//! `enters-war/allied-forces-stationed` carry over to every enters-war question.

use chrono::NaiveDate;
use forewarn_model::{
    Direction, EventType, Indicator, IndicatorMatch, Measure, Question, SurgeMatch,
};
use serde::{Deserialize, Serialize};

/// The kinds of question the library knows (`template = "…"` or `kind = "…"` in a question
/// file). The first five are the original templates, with hand-built indicator sets; the rest
/// get theirs from their family in `kinds.rs`. `Event` is the fallback for a question no kind
/// fits: its outcome is the PLOVER type the coder finds in the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateKind {
    /// `actor` joins a war that `ally` is fighting against `opponent`.
    EntersWar,
    /// `actor` launches a military invasion of `opponent`.
    Invades,
    /// `actor` and `opponent` hold direct talks (`talks-or-ceasefire` is accepted as a name).
    Talks,
    /// `actor` and `opponent` agree a general ceasefire.
    Ceasefire,
    /// The ForecastBench/ACLED form: more matching events located in `actor` in the last
    /// `window_days` before the deadline than `ratio` × the window average over the
    /// `baseline_days` before `opens`.
    EventCountSurge,
    NuclearUse,
    WeaponsTest,
    DeclaresWar,
    Annexation,
    Recognition,
    MembershipApplication,
    Membership,
    Coup,
    LeaderLeaves,
    Emergency,
    DealQuit,
    Sanctions,
    DealSigned,
    Release,
    Embassy,
    Withdrawal,
    Capture,
    Intervention,
    Mobilisation,
    Deployment,
    Exercise,
    Offensive,
    Event,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 28] = [
        TemplateKind::EntersWar,
        TemplateKind::Invades,
        TemplateKind::Talks,
        TemplateKind::Ceasefire,
        TemplateKind::EventCountSurge,
        TemplateKind::NuclearUse,
        TemplateKind::WeaponsTest,
        TemplateKind::DeclaresWar,
        TemplateKind::Annexation,
        TemplateKind::Recognition,
        TemplateKind::MembershipApplication,
        TemplateKind::Membership,
        TemplateKind::Coup,
        TemplateKind::LeaderLeaves,
        TemplateKind::Emergency,
        TemplateKind::DealQuit,
        TemplateKind::Sanctions,
        TemplateKind::DealSigned,
        TemplateKind::Release,
        TemplateKind::Embassy,
        TemplateKind::Withdrawal,
        TemplateKind::Capture,
        TemplateKind::Intervention,
        TemplateKind::Mobilisation,
        TemplateKind::Deployment,
        TemplateKind::Exercise,
        TemplateKind::Offensive,
        TemplateKind::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::EntersWar => "enters-war",
            TemplateKind::Invades => "invades",
            TemplateKind::Talks => "talks",
            TemplateKind::Ceasefire => "ceasefire",
            TemplateKind::EventCountSurge => "event-count-surge",
            TemplateKind::NuclearUse => "nuclear-use",
            TemplateKind::WeaponsTest => "weapons-test",
            TemplateKind::DeclaresWar => "declares-war",
            TemplateKind::Annexation => "annexation",
            TemplateKind::Recognition => "recognition",
            TemplateKind::MembershipApplication => "membership-application",
            TemplateKind::Membership => "membership",
            TemplateKind::Coup => "coup",
            TemplateKind::LeaderLeaves => "leader-leaves",
            TemplateKind::Emergency => "emergency",
            TemplateKind::DealQuit => "deal-quit",
            TemplateKind::Sanctions => "sanctions",
            TemplateKind::DealSigned => "deal-signed",
            TemplateKind::Release => "release",
            TemplateKind::Embassy => "embassy",
            TemplateKind::Withdrawal => "withdrawal",
            TemplateKind::Capture => "capture",
            TemplateKind::Intervention => "intervention",
            TemplateKind::Mobilisation => "mobilisation",
            TemplateKind::Deployment => "deployment",
            TemplateKind::Exercise => "exercise",
            TemplateKind::Offensive => "offensive",
            TemplateKind::Event => "event",
        }
    }

    /// The name in a question file; `talks-or-ceasefire` is an alias of `talks`.
    pub fn parse(name: &str) -> Option<TemplateKind> {
        let name = name.trim().to_ascii_lowercase();
        if name == "talks-or-ceasefire" {
            return Some(TemplateKind::Talks);
        }
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether the kind needs an `opponent` (the original templates' rule; kinds read from
    /// plain words may lack one).
    pub fn needs_opponent(self) -> bool {
        matches!(
            self,
            TemplateKind::EntersWar
                | TemplateKind::Invades
                | TemplateKind::Talks
                | TemplateKind::Ceasefire
        )
    }

    /// One of the five original templates, with a hand-built indicator set.
    pub fn is_template(self) -> bool {
        matches!(
            self,
            TemplateKind::EntersWar
                | TemplateKind::Invades
                | TemplateKind::Talks
                | TemplateKind::Ceasefire
                | TemplateKind::EventCountSurge
        )
    }
}

impl std::fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an `event-count-surge` question counts (the `[count]` table of a question file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountSpec {
    /// Only sentences carrying a factual event of one of these types count; any when empty.
    pub event_types: Vec<EventType>,
    /// Only documents whose source label is one of these count; any when empty. Lets a
    /// question count an incident list without counting news about it.
    pub sources: Vec<String>,
    /// Where the events happened: country codes or place names; defaults to the actor and its
    /// English name, unless `sources` is given (then the source label is taken to name the
    /// place and no place test is made).
    pub location: Vec<String>,
    /// The counted window: the last `window_days` up to and including the deadline.
    pub window_days: u32,
    /// The baseline: the `baseline_days` before `opens`, as an average per `window_days`.
    pub baseline_days: u32,
    /// The count must exceed `ratio` × the baseline average (1 = "more than the average").
    pub ratio: f64,
}

impl Default for CountSpec {
    fn default() -> Self {
        Self {
            event_types: Vec::new(),
            sources: Vec::new(),
            location: Vec::new(),
            window_days: 30,
            baseline_days: 360,
            ratio: 1.0,
        }
    }
}

/// A question's kind and actors, as the question file gave them or as they were understood
/// from its words (`understand`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateSpec {
    pub kind: TemplateKind,
    /// ISO 3166 alpha-3 (or IGO) code of the acting side; empty when the question names none
    /// ("will any state recognise …").
    pub actor: String,
    /// Further acting sides ("Russia and Ukraine agree …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// The side acted on.
    pub opponent: Option<String>,
    /// The actor's ally (for enters-war: the belligerent it would join).
    pub ally: Option<String>,
    /// Where the outcome happens: place names or country codes ("Kharkiv", "Gaza").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location: Vec<String>,
    /// Sectors the acting side must have (`REB` for "the Taliban", so the Afghan government is
    /// not taken for it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// PLOVER types of the outcome event; the kind's when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_types: Vec<EventType>,
    /// Words a report of the outcome uses; the kind's when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_words: Vec<String>,
    /// The people the question names as sides (surnames). For meetings, accords, memberships
    /// and questions of power a report of the outcome must name every one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<String>,
    /// Only for `event-count-surge`.
    pub count: Option<CountSpec>,
}

/// A crowd or market forecast for the question on a date (ForecastBench freeze values,
/// Metaculus community predictions), scored beside ours in a backtest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrowdPoint {
    pub date: NaiveDate,
    pub p: f64,
}

/// A parsed question file: the question (template indicators expanded) plus what a backtest
/// and a fit need beyond it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionFile {
    pub question: Question,
    pub template: Option<TemplateSpec>,
    /// Sorted by date.
    pub crowd: Vec<CrowdPoint>,
    /// Whether the file stated its prior (else the template's default is used, and a fit may
    /// replace it with the template's fitted prior).
    pub prior_given: bool,
    /// What was read from the question's words, when anything was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub understanding: Option<crate::understand::Understanding>,
}

/// The prior of a question that gives none: the library's ([`library_prior`]) with the fitted
/// parameters shipped in `fitted.json` applied (`crate::fitted`), except for count questions,
/// which the fit does not touch.
pub fn template_prior(spec: &TemplateSpec, window_days: f64) -> f64 {
    crate::fitted::shipped_prior(spec.kind, library_prior(spec, window_days))
}

/// The kind's hand-set prior for a window of `window_days`: its reference class's rate spread
/// over the window (`kinds::kind_prior`, `docs/questions.md`), except for count questions,
/// whose prior depends on the ratio asked for.
pub fn library_prior(spec: &TemplateSpec, window_days: f64) -> f64 {
    match spec.kind {
        TemplateKind::EventCountSurge => {
            // "More than the average" resolves yes about 40% of the time on ACLED-style
            // series (counts are skewed: the mean sits above the median); a tenfold surge is rare.
            let ratio = spec.count.as_ref().map_or(1.0, |c| c.ratio);
            if ratio <= 1.0 {
                0.40
            } else if ratio < 3.0 {
                0.20
            } else {
                0.05
            }
        }
        kind => crate::kinds::kind_prior(kind, window_days),
    }
}

/// English names for the country codes the templates most often meet, used where a place
/// name must appear in text (counting events located in a country). Unknown codes fall back
/// to the code itself.
pub fn country_name(code: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("ARM", "Armenia"),
        ("AZE", "Azerbaijan"),
        ("BLR", "Belarus"),
        ("CHN", "China"),
        ("EST", "Estonia"),
        ("FIN", "Finland"),
        ("GEO", "Georgia"),
        ("IRN", "Iran"),
        ("ISR", "Israel"),
        ("KAZ", "Kazakhstan"),
        ("LBN", "Lebanon"),
        ("LTU", "Lithuania"),
        ("LVA", "Latvia"),
        ("MDA", "Moldova"),
        ("POL", "Poland"),
        ("PSE", "Palestine"),
        ("ROU", "Romania"),
        ("RUS", "Russia"),
        ("SRB", "Serbia"),
        ("SYR", "Syria"),
        ("TWN", "Taiwan"),
        ("UKR", "Ukraine"),
        ("USA", "United States"),
    ];
    let code = code.trim().to_ascii_uppercase();
    NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The standard indicators of a template ([`library_indicators`]) with the weight scales
/// shipped in `fitted.json` applied (`crate::fitted`).
pub fn template_indicators(spec: &TemplateSpec) -> Vec<Indicator> {
    let mut out = library_indicators(spec);
    crate::fitted::scale_weights(&mut out, crate::fitted::shipped());
    out
}

/// The standard indicators of a template as the library sets them by hand, with ids
/// `kind/name` so fitted weights are shared by every question of the template. Weights are ln
/// hazard ratios of one independent report.
pub fn library_indicators(spec: &TemplateSpec) -> Vec<Indicator> {
    let mut out = if spec.kind.is_template() {
        original_template_indicators(spec)
    } else {
        crate::kinds::kind_indicators(spec)
    };
    if spec.kind != TemplateKind::EventCountSurge {
        out.extend(crate::kinds::outcome_indicators(spec));
    }
    out
}

fn original_template_indicators(spec: &TemplateSpec) -> Vec<Indicator> {
    let a = spec.actor.trim().to_ascii_uppercase();
    let o = spec
        .opponent
        .as_deref()
        .map(|s| s.trim().to_ascii_uppercase());
    let l = spec.ally.as_deref().map(|s| s.trim().to_ascii_uppercase());
    let mut b = Builder {
        kind: spec.kind,
        out: Vec::new(),
    };
    let o_list = o.clone().into_iter().collect::<Vec<_>>();
    let both: Vec<String> = std::iter::once(a.clone()).chain(o.clone()).collect();
    use Direction::{Against, For};
    use EventType as T;
    match spec.kind {
        TemplateKind::EntersWar | TemplateKind::Invades => {
            let invades = spec.kind == TemplateKind::Invades;
            b.add(
                "mobilisation",
                format!("{a} mobilises or moves forces toward {}", name_or(&o)),
                For,
                0.6,
                21.0,
                events(&[T::Mobilize], &[&a], &o_list),
            );
            b.add(
                "forces-massed-at-border",
                format!("{a} forces massed near the border"),
                For,
                0.5,
                21.0,
                // Whose border: the sentence names the side they face, or a build-up against
                // Ukraine counts for a question about Moldova.
                sentence(
                    &[&a],
                    &o_list.iter().map(String::as_str).collect::<Vec<_>>(),
                    &[
                        "massed",
                        "massing",
                        "amassed",
                        "build-up",
                        "buildup",
                        "troops near the border",
                        "forces near the border",
                        "concentration of troops",
                    ],
                ),
            );
            // Sightings of equipment on the move are how a build-up shows in open-source
            // monitoring lists ("convoy of tanks moving towards the border") and often in no
            // other words; they count when the sentence names the opponent (the direction of
            // the movement) or, for an invasion, the ally whose soil is the staging ground.
            let mut toward: Vec<&str> = o_list.iter().map(String::as_str).collect();
            if invades && let Some(l) = &l {
                toward.push(l);
            }
            b.add(
                "force-movements",
                format!("{a} military equipment seen moving toward {}", name_or(&o)),
                For,
                0.3,
                14.0,
                sentence(
                    &[&a],
                    &toward,
                    &[
                        "convoy",
                        "convoys",
                        "column",
                        "columns",
                        "tanks",
                        "armoured vehicles",
                        "armored vehicles",
                        "military equipment",
                        "heavy weaponry",
                        "artillery",
                        "rocket launchers",
                        "field hospital",
                    ],
                ),
            );
            if let Some(l) = &l {
                let label = if invades {
                    format!("{a} forces stationed in or arriving in {l}")
                } else {
                    format!("{l} forces stationed in or arriving in {a}")
                };
                b.add(
                    "allied-forces-stationed",
                    label,
                    For,
                    0.5,
                    45.0,
                    sentence(
                        &[l],
                        &[&a],
                        &[
                            "troops",
                            "forces",
                            "soldiers",
                            "deployed",
                            "deployment",
                            "stationed",
                            "arrived",
                            "arriving",
                        ],
                    ),
                );
                b.add(
                    "leader-consults-belligerent",
                    format!("{a} leaders meet or call {l}'s"),
                    For,
                    0.3,
                    30.0,
                    events(&[T::Consult], &[&a], std::slice::from_ref(l)),
                );
            }
            let partner: Vec<&str> = l.iter().map(String::as_str).collect();
            b.add(
                "joint-exercises",
                format!("{a} holds military exercises{}", with_name(&l)),
                For,
                if l.is_some() { 0.4 } else { 0.3 },
                30.0,
                sentence(
                    &[&a],
                    &partner,
                    &[
                        "exercise",
                        "exercises",
                        "drills",
                        "manoeuvres",
                        "maneuvers",
                        "war games",
                    ],
                ),
            );
            b.add(
                "border-incidents",
                format!("{a} forces in clashes or coercion against {}", name_or(&o)),
                For,
                0.5,
                14.0,
                events(&[T::Assault, T::Coerce], &[&a], &o_list),
            );
            if !invades {
                b.add(
                    "attacks-from-territory",
                    format!("attacks launched from {a}'s territory"),
                    For,
                    0.4,
                    14.0,
                    sentence(
                        &[&a],
                        &[],
                        &[
                            "launched from",
                            "fired from",
                            "from the territory",
                            "from belarusian territory",
                            "via belarus",
                        ],
                    ),
                );
            }
            b.add(
                "embassy-evacuations",
                "embassies evacuated or citizens told to leave".to_string(),
                For,
                0.4,
                21.0,
                with_context(
                    sentence(
                        &both.iter().map(String::as_str).collect::<Vec<_>>(),
                        &[],
                        &[crate::kinds::EVACUATION_WORDS, &["relocate its embassy"]].concat(),
                    ),
                    crate::kinds::EVACUEES,
                ),
            );
            b.add(
                "threats",
                format!("{a} threatens {}", name_or(&o)),
                For,
                0.4,
                21.0,
                events(&[T::Threaten], &[&a], &o_list),
            );
            if invades {
                b.add(
                    "pretext-accusations",
                    format!("{a} accuses {} (a possible pretext)", name_or(&o)),
                    For,
                    0.3,
                    21.0,
                    events(&[T::Accuse], &[&a], &o_list),
                );
            }
            // Against.
            let mut denial = sentence(
                &[&a],
                &[],
                &[
                    "no plans",
                    "no intention",
                    "not planning",
                    "will not",
                    "won't",
                    "not going to",
                    "deny",
                    "denies",
                    "denied",
                    "not take part",
                    "not participate",
                    "not join",
                ],
            );
            denial.exclude_keywords = vec!["if".into()];
            // The acting side must be the one that speaks ("Moscow has no plans to…"), and
            // the denial must be about war, not travel bans or a footballer's plans.
            denial.subject = true;
            denial.context_keywords = strings(&[
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
                "combat",
            ]);
            b.add(
                "official-denial",
                format!("{a} officials deny plans to fight"),
                Against,
                if invades { 0.2 } else { 0.4 },
                21.0,
                denial,
            );
            b.add(
                "domestic-opposition",
                format!("domestic opposition to war in {a}"),
                Against,
                0.3,
                30.0,
                // Not bare "protest": in war news it is mostly a diplomatic protest or a
                // protest abroad (at A's embassy), which says nothing about A's home front.
                sentence(
                    &[&a],
                    &[],
                    &[
                        "anti-war",
                        "antiwar",
                        "against the war",
                        "dissent",
                        "sabotage",
                        "partisans",
                    ],
                ),
            );
            b.add(
                "army-dependence",
                format!("{a}'s army is needed at home or unreliable"),
                Against,
                0.3,
                60.0,
                sentence(
                    &[&a],
                    &[],
                    &[
                        "loyalty",
                        "morale",
                        "defect",
                        "defection",
                        "deserters",
                        "unreliable",
                        "reluctant",
                        "refuse to fight",
                        "refused to fight",
                    ],
                ),
            );
            if let Some(l) = &l {
                b.add(
                    "ally-setbacks",
                    format!("{l} suffers setbacks"),
                    Against,
                    0.3,
                    21.0,
                    // Setbacks of an army, not of a currency or an oil price.
                    IndicatorMatch {
                        context_keywords: strings(&[
                            "troops",
                            "forces",
                            "army",
                            "soldiers",
                            "units",
                            "offensive",
                            "front",
                        ]),
                        ..sentence(
                            &[l],
                            &[],
                            &[
                                "setback",
                                "setbacks",
                                "heavy losses",
                                "stalled",
                                "bogged down",
                                "retreat",
                                "retreated",
                                "counteroffensive",
                                "counter-offensive",
                            ],
                        )
                    },
                );
            }
            if invades {
                b.add(
                    "talks-held",
                    format!("{a} and {} hold talks", name_or(&o)),
                    Against,
                    0.3,
                    14.0,
                    events(&[T::Consult], &[&a], &o_list),
                );
                b.add(
                    "pullback",
                    format!("{a} pulls forces back"),
                    Against,
                    0.4,
                    14.0,
                    // Forces, not prices or shares, pull back, from the side asked about or
                    // from nowhere named, not from another front.
                    IndicatorMatch {
                        keywords: strings(&[
                            "troops", "forces", "units", "soldiers", "military", "army", "tanks",
                        ]),
                        target_if_named: true,
                        ..events(&[T::Retreat], &[&a], &o_list)
                    },
                );
            }
        }
        TemplateKind::Talks | TemplateKind::Ceasefire => {
            let ceasefire = spec.kind == TemplateKind::Ceasefire;
            let sides: Vec<&str> = both.iter().map(String::as_str).collect();
            let mut announced = between(&[T::Consult], &sides);
            announced.allow_future = true;
            b.add(
                "talks-announced",
                format!("{a} and {} meet or announce a meeting", name_or(&o)),
                For,
                if ceasefire { 0.4 } else { 0.7 },
                14.0,
                announced,
            );
            b.add(
                "talks-proposed",
                "talks or a delegation proposed".to_string(),
                For,
                0.4,
                14.0,
                sentence(
                    &[&a],
                    &o_list.iter().map(String::as_str).collect::<Vec<_>>(),
                    &[
                        "talks",
                        "negotiations",
                        "negotiate",
                        "delegation",
                        "peace talks",
                    ],
                ),
            );
            b.add(
                "mediation",
                "a third party offers to mediate or host".to_string(),
                For,
                0.3,
                21.0,
                sentence(
                    &sides,
                    &[],
                    &[
                        "mediate",
                        "mediation",
                        "mediator",
                        "host talks",
                        "offered to host",
                    ],
                ),
            );
            if ceasefire {
                b.add(
                    "ceasefire-agreed",
                    "a ceasefire or truce agreed".to_string(),
                    For,
                    1.0,
                    14.0,
                    // One of the two sides must be party: a truce in another war is no news
                    // about this one.
                    IndicatorMatch {
                        event_types: vec![T::Agree, T::Concede],
                        source: strings(&sides),
                        keywords: vec!["ceasefire".into(), "truce".into(), "armistice".into()],
                        ..IndicatorMatch::default()
                    },
                );
                b.add(
                    "humanitarian-pause",
                    "local pauses or humanitarian corridors".to_string(),
                    For,
                    0.3,
                    7.0,
                    sentence(
                        &sides,
                        &[],
                        &[
                            "humanitarian corridor",
                            "humanitarian corridors",
                            "local ceasefire",
                            "evacuation corridor",
                        ],
                    ),
                );
            } else {
                let mut agree = between(&[T::Agree], &sides);
                agree.allow_future = true;
                b.add(
                    "agree-to-meet",
                    "both sides agree to meet".to_string(),
                    For,
                    0.6,
                    14.0,
                    agree,
                );
            }
            b.add(
                "rejects-talks",
                "a side rejects talks or terms".to_string(),
                Against,
                0.4,
                14.0,
                between(&[T::Reject], &sides),
            );
            let mut demands = sentence(
                &sides,
                &[],
                &[
                    "precondition",
                    "preconditions",
                    "ultimatum",
                    "capitulation",
                    "surrender",
                    "demilitarisation",
                    "demilitarization",
                ],
            );
            // "Talks without preconditions" is the opposite signal.
            demands
                .exclude_keywords
                .extend(strings(&["without preconditions", "no preconditions"]));
            b.add(
                "maximalist-demands",
                "preconditions or maximalist demands".to_string(),
                Against,
                0.3,
                14.0,
                demands,
            );
            b.add(
                "heavy-fighting",
                "heavy fighting between the sides".to_string(),
                Against,
                if ceasefire { 0.15 } else { 0.05 },
                7.0,
                between(&[T::Assault], &sides),
            );
        }
        TemplateKind::EventCountSurge => {
            let count = spec.count.clone().unwrap_or_default();
            let location = if count.location.is_empty() {
                vec![a.clone()]
            } else {
                count.location.clone()
            };
            // The count model (`count_forecast`) answers the question itself; this indicator
            // lets the ordinary forecast read surges that forewarn-events detects.
            b.add(
                "count-surge",
                format!("a surge in daily event counts in {a}"),
                For,
                0.8,
                7.0,
                IndicatorMatch {
                    surge: Some(SurgeMatch {
                        event_type: count.event_types.first().copied(),
                        source: Vec::new(),
                        location,
                        min_z: 3.0,
                        measure: Measure::Events,
                    }),
                    ..IndicatorMatch::default()
                },
            );
        }
        // Kinds built in `kinds.rs`; never reached through `is_template`.
        _ => {}
    }
    b.out
}

struct Builder {
    kind: TemplateKind,
    out: Vec<Indicator>,
}

impl Builder {
    fn add(
        &mut self,
        name: &str,
        label: String,
        direction: Direction,
        weight: f64,
        half_life_days: f64,
        matcher: IndicatorMatch,
    ) {
        self.out.push(Indicator {
            id: format!("{}/{name}", self.kind),
            label,
            direction,
            weight,
            half_life_days,
            matcher,
            role: Default::default(),
        });
    }
}

fn name_or(code: &Option<String>) -> String {
    code.clone().unwrap_or_else(|| "the opponent".into())
}

fn with_name(code: &Option<String>) -> String {
    code.as_ref()
        .map(|c| format!(" with {c}"))
        .unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// An event indicator: a factual event of one of `types` by `source` against `target`.
fn events(types: &[EventType], source: &[&str], target: &[String]) -> IndicatorMatch {
    IndicatorMatch {
        event_types: types.to_vec(),
        source: strings(source),
        target: target.to_vec(),
        ..IndicatorMatch::default()
    }
}

/// An event indicator between the sides: a factual event of one of `types` from one of `sides`
/// to another of them, never one country's dealings with itself.
fn between(types: &[EventType], sides: &[&str]) -> IndicatorMatch {
    IndicatorMatch {
        event_types: types.to_vec(),
        source: strings(sides),
        target: strings(sides),
        between: true,
        ..IndicatorMatch::default()
    }
}

/// `m`, also needing one of `words` in the sentence.
fn with_context(mut m: IndicatorMatch, words: &[&str]) -> IndicatorMatch {
    m.context_keywords = strings(words);
    m
}

/// A sentence indicator: the sentence mentions `source` (and `target`) and one keyword, and
/// a `source` actor is the doer nearest before the keyword ("Minsk says it will not…", not
/// "London says Minsk…"). Speculation is kept out, since sentence indicators ignore the
/// coder's modality flags.
fn sentence(source: &[&str], target: &[&str], keywords: &[&str]) -> IndicatorMatch {
    IndicatorMatch {
        subject: !source.is_empty(),
        source: strings(source),
        target: strings(target),
        keywords: strings(keywords),
        exclude_keywords: strings(&["may", "might", "could", "would", "fears", "if"]),
        ..IndicatorMatch::default()
    }
}
