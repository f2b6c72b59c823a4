//! The on-disk question format (TOML) and its validation into a model [`Question`].

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use forewarn_model::{
    Direction, EventType, Indicator, IndicatorMatch, IndicatorRole, Measure, Question, Resolution,
    SurgeMatch,
};
use serde::Deserialize;
use toml::Spanned;

use crate::template::{
    CountSpec, CrowdPoint, QuestionFile, TemplateKind, TemplateSpec, template_indicators,
    template_prior,
};
use crate::understand::{Understanding, understand};

/// A question file that could not be used. Always carries the file it came from and the line
/// and column (1-based) of the offending text, so the message reads `belarus.toml:7:3: …`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {}{kind}", field_prefix(.field))]
pub struct QuestionError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    /// Path of the offending field (`prior`, `indicator[2].weight`), when known. Indicator
    /// indices are 0-based, in file order.
    pub field: Option<String>,
    pub kind: QuestionErrorKind,
}

fn field_prefix(field: &Option<String>) -> String {
    field
        .as_ref()
        .map(|f| format!("`{f}`: "))
        .unwrap_or_default()
}

/// What is wrong, for callers that want to react to a particular problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuestionErrorKind {
    /// Not TOML, or TOML that does not fit the schema: a wrong type, a missing field, an
    /// unknown field (the message names it and lists the expected ones).
    #[error("{0}")]
    Toml(String),
    #[error("expected a date like 2022-10-01, got {0}")]
    BadDate(String),
    #[error("prior must be strictly between 0 and 1, got {0}")]
    PriorOutOfRange(f64),
    #[error("deadline {deadline} must be after opens {opens}")]
    DeadlineNotAfterOpens {
        opens: NaiveDate,
        deadline: NaiveDate,
    },
    #[error("weight must be a finite number ≥ 0 (use direction = \"against\" to lower), got {0}")]
    NegativeWeight(f64),
    #[error("half_life_days must be a finite number > 0, got {0}")]
    NonPositiveHalfLife(f64),
    #[error("indicator id `{0}` is used more than once")]
    DuplicateIndicatorId(String),
    #[error("{0}")]
    UnknownEventType(#[from] forewarn_model::UnknownEventType),
    #[error("direction must be \"for\" or \"against\", got \"{0}\"")]
    BadDirection(String),
    #[error("resolution must be \"yes\" or \"no\", got \"{0}\"")]
    BadResolution(String),
    #[error("resolution and resolved_on must be given together")]
    IncompleteResolution,
    #[error("must not be empty")]
    Empty,
    #[error("unknown kind `{0}` (expected one of {kinds})", kinds = kind_names())]
    UnknownTemplate(String),
    #[error(
        "no deadline: give `deadline`, or say it in the question (\"before 2022-10-01\", \"by the end of March 2022\")"
    )]
    NoDeadline,
    #[error("role must be \"signal\" or \"outcome\", got \"{0}\"")]
    BadRole(String),
    #[error("template `{template}` needs `{field}`")]
    MissingTemplateField {
        template: &'static str,
        field: &'static str,
    },
    #[error("{0} is only read with a template")]
    NeedsTemplate(&'static str),
    #[error("crowd probability must be between 0 and 1, got {0}")]
    CrowdOutOfRange(f64),
}

fn kind_names() -> String {
    TemplateKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A TOML date (`2022-10-01`) or a string holding one (`"2022-10-01"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum WireDate {
    Toml(toml::value::Datetime),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireQuestion {
    id: Spanned<String>,
    question: Spanned<String>,
    opens: Spanned<WireDate>,
    /// Read from the question's words when absent.
    deadline: Option<Spanned<WireDate>>,
    prior: Option<Spanned<f64>>,
    #[serde(default)]
    tags: Vec<String>,
    resolution: Option<Spanned<String>>,
    resolved_on: Option<Spanned<WireDate>>,
    /// A kind (`enters-war`, `offensive`, …; `template` is the older name); its indicators
    /// come first, and a file indicator with the same id replaces the kind's. Without it, and
    /// without indicators, the kind and everything below are read from the question's words.
    #[serde(alias = "kind")]
    template: Option<Spanned<String>>,
    actor: Option<String>,
    #[serde(default)]
    actors: Vec<String>,
    opponent: Option<String>,
    ally: Option<String>,
    #[serde(default)]
    location: Vec<String>,
    #[serde(default)]
    sectors: Vec<String>,
    #[serde(default)]
    outcome_types: Vec<Spanned<String>>,
    #[serde(default)]
    outcome_words: Vec<String>,
    #[serde(default)]
    persons: Vec<String>,
    count: Option<Spanned<WireCount>>,
    #[serde(default)]
    crowd: Vec<Spanned<WireCrowd>>,
    #[serde(default, rename = "indicator")]
    indicators: Vec<Spanned<WireIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCrowd {
    date: Spanned<WireDate>,
    p: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCount {
    #[serde(default)]
    event_types: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    location: Vec<String>,
    window_days: Option<u32>,
    baseline_days: Option<u32>,
    ratio: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireIndicator {
    id: Spanned<String>,
    label: String,
    direction: Spanned<String>,
    weight: Spanned<f64>,
    half_life_days: Spanned<f64>,
    #[serde(default, rename = "match")]
    matcher: WireMatch,
    #[serde(default)]
    role: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WireMatch {
    #[serde(default)]
    event_types: Vec<Spanned<String>>,
    #[serde(default)]
    modes: Vec<String>,
    #[serde(default)]
    source: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
    #[serde(default)]
    location: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    exclude_keywords: Vec<String>,
    #[serde(default)]
    context_keywords: Vec<String>,
    #[serde(default)]
    all_keywords: Vec<String>,
    #[serde(default)]
    subject: bool,
    #[serde(default)]
    sectors: Vec<String>,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    allow_future: bool,
    #[serde(default)]
    allow_hypothetical: bool,
    #[serde(default)]
    planned: bool,
    #[serde(default)]
    between: bool,
    #[serde(default)]
    target_if_named: bool,
    #[serde(default)]
    surge: Option<WireSurge>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireSurge {
    #[serde(default, rename = "type")]
    event_type: Option<Spanned<String>>,
    #[serde(default)]
    source: Vec<String>,
    #[serde(default)]
    location: Vec<String>,
    min_z: Spanned<f64>,
    #[serde(default)]
    measure: Option<Spanned<String>>,
}

struct Ctx<'a> {
    src: &'a str,
    origin: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: Range<usize>,
        field: Option<String>,
        kind: QuestionErrorKind,
    ) -> QuestionError {
        let (line, column) = line_col(self.src, span.start);
        QuestionError {
            origin: self.origin.to_string(),
            line,
            column,
            field,
            kind,
        }
    }

    fn date(&self, d: &Spanned<WireDate>, field: &str) -> Result<NaiveDate, QuestionError> {
        let bad = |shown: String| {
            self.err(
                d.span(),
                Some(field.to_string()),
                QuestionErrorKind::BadDate(shown),
            )
        };
        match d.get_ref() {
            WireDate::Toml(dt) => match (&dt.date, &dt.time, &dt.offset) {
                (Some(date), None, None) => NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .ok_or_else(|| bad(dt.to_string())),
                _ => Err(bad(dt.to_string())),
            },
            WireDate::Text(s) => {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad(format!("\"{s}\"")))
            }
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Parses and validates a question file. `origin` (usually the file path) is only used to
/// label errors.
///
/// Beyond the fields shown in the crate docs, all of [`IndicatorMatch`]'s fields are accepted
/// in an indicator's `match` table (`modes`, `target`, `location`, `exclude_keywords`,
/// `negated`, `allow_future`, `allow_hypothetical`, `planned`, `between`). Dates may be TOML dates or strings.
/// Unknown fields are errors, so a typo never silently drops a condition.
pub fn parse_question(src: &str, origin: &str) -> Result<Question, QuestionError> {
    parse_question_file(src, origin).map(|f| f.question)
}

/// Parses a question file with what [`parse_question`] leaves out: the template the question
/// was written with (its indicators already expanded into the question) and crowd forecasts.
///
/// ```toml
/// template = "enters-war"     # enters-war | invades | talks | ceasefire | event-count-surge
/// actor = "BLR"               # the state the question is about
/// opponent = "UKR"            # all but event-count-surge
/// ally = "RUS"                # optional
/// prior = 0.1                 # optional with a template (the template's default)
/// crowd = [{ date = 2022-02-10, p = 0.4 }]
/// count = { event_types = ["ASSAULT"], sources = ["cir"], window_days = 30, baseline_days = 90, ratio = 1.0 }
/// ```
pub fn parse_question_file(src: &str, origin: &str) -> Result<QuestionFile, QuestionError> {
    let ctx = Ctx { src, origin };
    let wire: WireQuestion = toml::from_str(src).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ctx.err(
            span,
            None,
            QuestionErrorKind::Toml(e.message().trim_end().to_string()),
        )
    })?;

    let non_empty = |s: &Spanned<String>, field: &str| {
        if s.get_ref().trim().is_empty() {
            Err(ctx.err(s.span(), Some(field.to_string()), QuestionErrorKind::Empty))
        } else {
            Ok(s.get_ref().trim().to_string())
        }
    };
    let id = non_empty(&wire.id, "id")?;
    let question = non_empty(&wire.question, "question")?;
    let opens = ctx.date(&wire.opens, "opens")?;
    // Plain words are read when the file leaves the kind, its sides or the deadline out.
    let needs_understanding = (wire.template.is_none() && wire.indicators.is_empty())
        || wire.deadline.is_none()
        || wire.prior.is_none()
        || (wire.template.is_some() && wire.actor.is_none());
    let understanding = needs_understanding.then(|| understand(&question, Some(opens)));
    let deadline_span = wire.deadline.as_ref().map_or(0..0, |d| d.span());
    let deadline = match (
        &wire.deadline,
        understanding.as_ref().and_then(|u| u.deadline),
    ) {
        (Some(d), _) => ctx.date(d, "deadline")?,
        (None, Some(d)) => d,
        (None, None) => {
            return Err(ctx.err(
                wire.question.span(),
                Some("deadline".into()),
                QuestionErrorKind::NoDeadline,
            ));
        }
    };
    if deadline <= opens {
        return Err(ctx.err(
            deadline_span,
            Some("deadline".into()),
            QuestionErrorKind::DeadlineNotAfterOpens { opens, deadline },
        ));
    }
    let template = template_spec(&ctx, &wire, understanding.as_ref())?;
    let window_days = (deadline - opens).num_days() as f64;
    let understood_prior = understanding
        .as_ref()
        .map(|u| template_prior(&u.spec, window_days));
    let prior = match (&wire.prior, &template) {
        (Some(p), _) => {
            let prior = *p.get_ref();
            if !(prior > 0.0 && prior < 1.0) {
                return Err(ctx.err(
                    p.span(),
                    Some("prior".into()),
                    QuestionErrorKind::PriorOutOfRange(prior),
                ));
            }
            prior
        }
        (None, Some(spec)) => template_prior(spec, window_days),
        // Hand-written indicators and no prior: the prior of the kind the words suggest.
        (None, None) => understood_prior.unwrap_or(0.2),
    };
    let mut crowd = Vec::with_capacity(wire.crowd.len());
    for (i, c) in wire.crowd.iter().enumerate() {
        let c = c.get_ref();
        let p = *c.p.get_ref();
        if !(0.0..=1.0).contains(&p) {
            return Err(ctx.err(
                c.p.span(),
                Some(format!("crowd[{i}].p")),
                QuestionErrorKind::CrowdOutOfRange(p),
            ));
        }
        crowd.push(CrowdPoint {
            date: ctx.date(&c.date, &format!("crowd[{i}].date"))?,
            p,
        });
    }
    crowd.sort_by_key(|c| c.date);

    let resolution = match (&wire.resolution, &wire.resolved_on) {
        (None, None) => None,
        (Some(r), Some(on)) => {
            let outcome = match r.get_ref().trim().to_ascii_lowercase().as_str() {
                "yes" => true,
                "no" => false,
                _ => {
                    return Err(ctx.err(
                        r.span(),
                        Some("resolution".into()),
                        QuestionErrorKind::BadResolution(r.get_ref().clone()),
                    ));
                }
            };
            Some(Resolution {
                outcome,
                resolved_on: ctx.date(on, "resolved_on")?,
            })
        }
        (Some(r), None) => {
            return Err(ctx.err(
                r.span(),
                Some("resolved_on".into()),
                QuestionErrorKind::IncompleteResolution,
            ));
        }
        (None, Some(on)) => {
            return Err(ctx.err(
                on.span(),
                Some("resolution".into()),
                QuestionErrorKind::IncompleteResolution,
            ));
        }
    };

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut indicators = Vec::with_capacity(wire.indicators.len());
    let template_set = template
        .as_ref()
        .map(template_indicators)
        .unwrap_or_default();
    for (i, spanned) in wire.indicators.iter().enumerate() {
        let ind = spanned.get_ref();
        let path = |f: &str| format!("indicator[{i}].{f}");
        let ind_id = non_empty(&ind.id, &path("id"))?;
        if seen.insert(ind_id.clone(), i).is_some() {
            return Err(ctx.err(
                ind.id.span(),
                Some(path("id")),
                QuestionErrorKind::DuplicateIndicatorId(ind_id),
            ));
        }
        let direction = match ind.direction.get_ref().trim().to_ascii_lowercase().as_str() {
            "for" => Direction::For,
            "against" => Direction::Against,
            _ => {
                return Err(ctx.err(
                    ind.direction.span(),
                    Some(path("direction")),
                    QuestionErrorKind::BadDirection(ind.direction.get_ref().clone()),
                ));
            }
        };
        let weight = *ind.weight.get_ref();
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(ctx.err(
                ind.weight.span(),
                Some(path("weight")),
                QuestionErrorKind::NegativeWeight(weight),
            ));
        }
        let half_life = *ind.half_life_days.get_ref();
        if !(half_life.is_finite() && half_life > 0.0) {
            return Err(ctx.err(
                ind.half_life_days.span(),
                Some(path("half_life_days")),
                QuestionErrorKind::NonPositiveHalfLife(half_life),
            ));
        }
        let role = match &ind.role {
            None => IndicatorRole::Signal,
            Some(r) => match r.get_ref().trim().to_ascii_lowercase().as_str() {
                "signal" => IndicatorRole::Signal,
                "outcome" => IndicatorRole::Outcome,
                _ => {
                    return Err(ctx.err(
                        r.span(),
                        Some(path("role")),
                        QuestionErrorKind::BadRole(r.get_ref().clone()),
                    ));
                }
            },
        };
        let m = &ind.matcher;
        let mut event_types = Vec::with_capacity(m.event_types.len());
        for (j, t) in m.event_types.iter().enumerate() {
            let parsed = t.get_ref().parse::<EventType>().map_err(|e| {
                ctx.err(
                    t.span(),
                    Some(path(&format!("match.event_types[{j}]"))),
                    e.into(),
                )
            })?;
            event_types.push(parsed);
        }
        let surge = match &m.surge {
            None => None,
            Some(s) => {
                let event_type = match &s.event_type {
                    None => None,
                    Some(t) => Some(t.get_ref().parse::<EventType>().map_err(|e| {
                        ctx.err(t.span(), Some(path("match.surge.type")), e.into())
                    })?),
                };
                let min_z = *s.min_z.get_ref();
                if !min_z.is_finite() {
                    return Err(ctx.err(
                        s.min_z.span(),
                        Some(path("match.surge.min_z")),
                        QuestionErrorKind::Toml(format!(
                            "min_z must be a finite number, got {min_z}"
                        )),
                    ));
                }
                let measure = match &s.measure {
                    None => Measure::Events,
                    Some(m) => m.get_ref().parse::<Measure>().map_err(|e| {
                        ctx.err(
                            m.span(),
                            Some(path("match.surge.measure")),
                            QuestionErrorKind::Toml(e),
                        )
                    })?,
                };
                let event_filters = event_type.is_some() || !s.source.is_empty();
                if !measure.allows(event_filters, s.location.len()) {
                    return Err(ctx.err(
                        s.measure.as_ref().map_or(s.min_z.span(), |m| m.span()),
                        Some(path("match.surge.measure")),
                        QuestionErrorKind::Toml(
                            "articles are counted by the country they name: give one `location`, and no `type` or `source`".into(),
                        ),
                    ));
                }
                Some(SurgeMatch {
                    event_type,
                    source: s.source.clone(),
                    location: s.location.clone(),
                    min_z,
                    measure,
                })
            }
        };
        indicators.push(Indicator {
            id: ind_id,
            label: ind.label.trim().to_string(),
            direction,
            weight,
            half_life_days: half_life,
            matcher: IndicatorMatch {
                event_types,
                modes: m.modes.clone(),
                source: m.source.clone(),
                target: m.target.clone(),
                location: m.location.clone(),
                keywords: m.keywords.clone(),
                exclude_keywords: m.exclude_keywords.clone(),
                context_keywords: m.context_keywords.clone(),
                all_keywords: m.all_keywords.clone(),
                subject: m.subject,
                sectors: m.sectors.clone(),
                negated: m.negated,
                allow_future: m.allow_future,
                allow_hypothetical: m.allow_hypothetical,
                planned: m.planned,
                between: m.between,
                target_if_named: m.target_if_named,
                surge,
            },
            role,
        });
    }

    // The file's own indicators replace template indicators of the same id and follow the
    // rest, so a template can be tuned one indicator at a time.
    let mut merged: Vec<Indicator> = template_set
        .into_iter()
        .filter(|t| !seen.contains_key(&t.id))
        .collect();
    merged.extend(indicators);

    Ok(QuestionFile {
        question: Question {
            id,
            question,
            opens,
            deadline,
            prior,
            tags: wire.tags,
            resolution,
            indicators: merged,
        },
        prior_given: wire.prior.is_some(),
        template,
        crowd,
        understanding,
    })
}

fn template_spec(
    ctx: &Ctx<'_>,
    wire: &WireQuestion,
    understood: Option<&Understanding>,
) -> Result<Option<TemplateSpec>, QuestionError> {
    let read = understood.filter(|_| wire.template.is_some() || wire.indicators.is_empty());
    let Some(name) = &wire.template else {
        // No kind named: the words decide, unless the file wrote its own indicators.
        let Some(u) = read else {
            if let Some(count) = &wire.count {
                return Err(ctx.err(
                    count.span(),
                    Some("count".into()),
                    QuestionErrorKind::NeedsTemplate("count"),
                ));
            }
            return Ok(None);
        };
        return corrected(ctx, wire, u.spec.clone(), true).map(Some);
    };
    let kind = TemplateKind::parse(name.get_ref()).ok_or_else(|| {
        ctx.err(
            name.span(),
            Some("template".into()),
            QuestionErrorKind::UnknownTemplate(name.get_ref().clone()),
        )
    })?;
    // A named kind keeps what the words say of sides and place only when the words read the
    // same kind; otherwise the file must give them.
    let base = match read {
        Some(u) if u.spec.kind == kind => u.spec.clone(),
        Some(u) => TemplateSpec {
            kind,
            outcome_types: Vec::new(),
            outcome_words: Vec::new(),
            count: None,
            ..u.spec.clone()
        },
        None => TemplateSpec {
            kind,
            actor: String::new(),
            actors: Vec::new(),
            opponent: None,
            ally: None,
            location: Vec::new(),
            sectors: Vec::new(),
            outcome_types: Vec::new(),
            outcome_words: Vec::new(),
            persons: Vec::new(),
            count: None,
        },
    };
    corrected(ctx, wire, base, false).map(Some)
}

/// The spec with every field the file gives in place of the one read from the words, checked
/// against what the kind needs.
fn corrected(
    ctx: &Ctx<'_>,
    wire: &WireQuestion,
    mut spec: TemplateSpec,
    understood: bool,
) -> Result<TemplateSpec, QuestionError> {
    let kind = spec.kind;
    let span = wire
        .template
        .as_ref()
        .map_or_else(|| wire.question.span(), |t| t.span());
    let missing = |field: &'static str| {
        ctx.err(
            span.clone(),
            Some(field.into()),
            QuestionErrorKind::MissingTemplateField {
                template: kind.as_str(),
                field,
            },
        )
    };
    let code = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|s| !s.is_empty())
    };
    let codes = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    if let Some(a) = code(&wire.actor) {
        spec.actor = a;
    }
    if let Some(o) = code(&wire.opponent) {
        spec.opponent = Some(o);
    }
    if let Some(l) = code(&wire.ally) {
        spec.ally = Some(l);
    }
    if !wire.actors.is_empty() {
        spec.actors = codes(&wire.actors);
    }
    if !wire.location.is_empty() {
        spec.location = wire.location.iter().map(|s| s.trim().to_string()).collect();
    }
    if !wire.sectors.is_empty() {
        spec.sectors = codes(&wire.sectors);
    }
    if !wire.outcome_words.is_empty() {
        spec.outcome_words = wire.outcome_words.clone();
    }
    if !wire.persons.is_empty() {
        spec.persons = wire.persons.iter().map(|s| s.trim().to_string()).collect();
    }
    if !wire.outcome_types.is_empty() {
        let mut types = Vec::with_capacity(wire.outcome_types.len());
        for (j, t) in wire.outcome_types.iter().enumerate() {
            types.push(
                t.get_ref().parse::<EventType>().map_err(|e| {
                    ctx.err(t.span(), Some(format!("outcome_types[{j}]")), e.into())
                })?,
            );
        }
        spec.outcome_types = types;
    }
    // The original templates need their sides to build their indicators; a kind read from
    // words may lack them, and a file that lists its indicators has them already.
    if !understood && wire.indicators.is_empty() {
        if spec.actor.is_empty() {
            return Err(missing("actor"));
        }
        if kind.needs_opponent() && spec.opponent.is_none() {
            return Err(missing("opponent"));
        }
    }
    spec.count = match (&wire.count, kind) {
        (None, TemplateKind::EventCountSurge) => Some(spec.count.unwrap_or_default()),
        (None, _) => None,
        (Some(c), TemplateKind::EventCountSurge) => {
            let w = c.get_ref();
            let mut event_types = Vec::with_capacity(w.event_types.len());
            for (j, t) in w.event_types.iter().enumerate() {
                event_types.push(t.get_ref().parse::<EventType>().map_err(|e| {
                    ctx.err(t.span(), Some(format!("count.event_types[{j}]")), e.into())
                })?);
            }
            let d = spec.count.clone().unwrap_or_default();
            Some(CountSpec {
                event_types,
                sources: w.sources.clone(),
                location: w.location.clone(),
                window_days: w.window_days.unwrap_or(d.window_days).max(1),
                baseline_days: w.baseline_days.unwrap_or(d.baseline_days).max(1),
                ratio: w
                    .ratio
                    .filter(|r| r.is_finite() && *r > 0.0)
                    .unwrap_or(d.ratio),
            })
        }
        (Some(c), _) => {
            return Err(ctx.err(
                c.span(),
                Some("count".into()),
                QuestionErrorKind::NeedsTemplate("count (event-count-surge)"),
            ));
        }
    };
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
    }
}
