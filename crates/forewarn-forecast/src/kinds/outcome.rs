//! Outcome indicators: the words and forms in which the news says the outcome happened (a
//! kind's verbs in a past or headline form, an achievement verb beside its noun, the acting
//! side's possessive, an accord under way), and what makes a sentence no report (speculation,
//! negation, advocacy). `reads_as_report` in `matching.rs` then checks the clause. Shown by the
//! noticed rate of `forewarn backtest questions/dev` and the outcome items of the evidence
//! fixture (`tests/fixtures/evidence`).

use forewarn_model::{Direction, Indicator, IndicatorMatch};

use super::{Builder, Family as F, kind_def, parts, strings};
use crate::template::{TemplateKind, TemplateSpec};

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
    "overthrew",
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
/// are exclusions anyway). So does a headline that names the event by its doer and its noun
/// before a colon: "Sudan coup: why the army is gambling", "Burkina Faso coup: return of the
/// strongmen". The doer before the noun is checked as for any report.
fn possessed_nouns(words: &[String]) -> Vec<String> {
    let done = done_words(words);
    words
        .iter()
        .filter(|w| !done.contains(w))
        .filter(|w| {
            let first = w.split(' ').next().unwrap_or("");
            !first.ends_with("ed") && !first.ends_with('s') && !first.ends_with("ing")
        })
        .flat_map(|w| {
            let headline = (!RULERS.contains(&w.as_str())).then(|| format!("{w}:"));
            [Some(format!("'s {w}")), Some(format!("’s {w}")), headline]
        })
        .flatten()
        .collect()
}

/// Nouns for who rules rather than for what happened: "Myanmar junta: …" heads news for years
/// after its coup, so a headline naming one reports nothing new.
const RULERS: &[&str] = &["junta", "regime", "government", "occupation"];

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
        let under_way: Vec<String> = nouns
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
