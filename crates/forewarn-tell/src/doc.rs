//! The briefing as a small document tree, built once and rendered to Markdown or HTML, so the
//! two outputs can never disagree about content or numbers.

use chrono::NaiveDate;
use forewarn_model::{Contribution, Direction, Indicator};

use crate::num::{log_odds, marginal_pts, pct, pts, sigmoid};
use crate::text::{collapse, document, ranked, truncate};
use crate::words_of_estimative_probability;
use crate::{Briefing, Development, QuoteLine};

/// Contributions listed per side; the rest are summed in one line so a long tail of weak
/// reports does not bury the ones that matter.
const MAX_CASE: usize = 6;
/// Indicators suggested per side under "What would change the view".
const MAX_CHANGE: usize = 3;
/// An indicator whose newest evidence keeps at least this share of its weight counts as
/// "fresh": another report of it would mostly repeat what the forecast already knows.
const FRESH_DECAY: f64 = 0.5;
const MAX_SENTENCE: usize = 400;

pub(crate) enum Span {
    Text(String),
    Strong(String),
    Em(String),
    Code(String),
    /// Quoted words: curly quotes in Markdown, `<q>` in HTML.
    Quote(String),
    Date(NaiveDate),
    Marker(Direction),
}

pub(crate) enum Block {
    /// The headline paragraph (larger in HTML).
    Lead(Vec<Span>),
    Para(Vec<Span>),
    List {
        ordered: bool,
        class: &'static str,
        items: Vec<Vec<Span>>,
    },
    /// The probability path: a sparkline in Markdown, an SVG chart in HTML.
    Chart,
}

pub(crate) struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub blocks: Vec<Block>,
}

pub(crate) struct Doc {
    pub title: String,
    pub meta: Vec<Span>,
    pub sections: Vec<Section>,
}

fn t(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

pub(crate) fn build(b: &Briefing) -> Doc {
    let title = match collapse(&b.question.question) {
        s if s.is_empty() => b.question.id.clone(),
        s => s,
    };
    Doc {
        title,
        meta: meta(b),
        sections: vec![
            Section {
                id: "bottom-line",
                title: "Bottom line",
                blocks: bottom_line(b),
            },
            Section {
                id: "developments",
                title: "Key developments",
                blocks: developments(b),
            },
            Section {
                id: "case-for",
                title: "The case for",
                blocks: case(b, Direction::For),
            },
            Section {
                id: "case-against",
                title: "The case against",
                blocks: case(b, Direction::Against),
            },
            Section {
                id: "voices",
                title: "Voices",
                blocks: voices(b),
            },
            Section {
                id: "what-would-change",
                title: "What would change the view",
                blocks: what_would_change(b),
            },
            Section {
                id: "method",
                title: "Method",
                blocks: method(b),
            },
        ],
    }
}

fn meta(b: &Briefing) -> Vec<Span> {
    let q = b.question;
    let as_of = b.forecast.as_of;
    let mut m = vec![
        t("Question "),
        Span::Code(q.id.clone()),
        t(" · deadline "),
        Span::Date(q.deadline),
    ];
    let left = q.deadline.signed_duration_since(as_of).num_days();
    m.push(t(match left {
        1 => " (1 day left)".to_string(),
        n if n >= 0 => format!(" ({n} days left)"),
        _ => " (passed)".to_string(),
    }));
    m.extend([t(" · as of "), Span::Date(as_of)]);
    // A briefing as of a date before the resolution must not know how it turned out.
    if let Some(r) = q.resolution.filter(|r| r.resolved_on <= as_of) {
        m.extend([
            t(format!(
                " · resolved {} on ",
                if r.outcome { "yes" } else { "no" }
            )),
            Span::Date(r.resolved_on),
        ]);
    }
    m
}

fn trend(change_7d: Option<f64>, change_30d: Option<f64>) -> Option<String> {
    let parts: Vec<String> = [(change_7d, 7), (change_30d, 30)]
        .into_iter()
        .filter_map(|(c, days)| {
            let c = c.filter(|c| c.is_finite())?;
            let p = pts(c.abs());
            Some(if p.starts_with("0.0") {
                format!("unchanged over {days} days")
            } else if c > 0.0 {
                format!("up {} over {days} days", p.trim_start_matches('+'))
            } else {
                format!("down {} over {days} days", p.trim_start_matches('+'))
            })
        })
        .collect();
    let s = parts.join(" and ");
    let mut chars = s.chars();
    let first = chars.next()?;
    Some(format!("{}{}.", first.to_uppercase(), chars.as_str()))
}

fn factor(c: &Contribution) -> Vec<Span> {
    vec![
        Span::Em(collapse(&c.indicator_label)),
        t(" ("),
        Span::Date(c.date),
        t(format!(", {} log-odds)", log_odds(c.log_odds))),
    ]
}

fn bottom_line(b: &Briefing) -> Vec<Block> {
    let f = b.forecast;
    let mut lead = vec![
        Span::Strong(pct(f.probability)),
        t(" — "),
        Span::Strong(words_of_estimative_probability(f.probability).to_string()),
        t(" on the UK PHIA yardstick."),
    ];
    if let Some(tr) = trend(b.change_7d, b.change_30d) {
        lead.push(t(format!(" {tr}")));
    }
    let top_for = ranked(f, Direction::For).first().copied();
    let top_against = ranked(f, Direction::Against).first().copied();
    let mut why = Vec::new();
    match (top_for, top_against) {
        (None, None) => why.push(t(
            "No indicator has fired yet: the forecast is the question's prior, scaled to the time left.",
        )),
        (Some(a), None) => {
            why.push(t("The strongest factor for is "));
            why.extend(factor(a));
            why.push(t("; nothing seen so far argues against."));
        }
        (None, Some(z)) => {
            why.push(t("Nothing seen so far argues for; the strongest factor against is "));
            why.extend(factor(z));
            why.push(t("."));
        }
        (Some(a), Some(z)) => {
            why.push(t("The strongest factor for is "));
            why.extend(factor(a));
            why.push(t("; the strongest against is "));
            why.extend(factor(z));
            why.push(t("."));
        }
    }
    let mut blocks = vec![Block::Lead(lead)];
    // Once the news says it happened, that is the first thing a reader needs.
    if let Some(r) = &f.reported {
        blocks.push(Block::Para(vec![
            Span::Strong(format!("Outcome {}.", r.summary())),
            t(format!(
                " From the reports alone, the chance it has already happened is {}.",
                pct(r.happened)
            )),
        ]));
        blocks.push(Block::List {
            ordered: false,
            class: "reported",
            items: r
                .reports
                .iter()
                .take(MAX_CASE)
                .map(|s| {
                    let mut item = vec![Span::Date(s.published)];
                    if let Some(src) = &s.document_source {
                        item.push(t(format!(" ({src})")));
                    }
                    item.push(t(if s.denial { " denial: " } else { " " }));
                    item.push(Span::Quote(truncate(&collapse(&s.sentence), MAX_SENTENCE)));
                    item
                })
                .collect(),
        });
    }
    blocks.push(Block::Para(why));
    if !b.timeline.is_empty() {
        blocks.push(Block::Chart);
    }
    blocks
}

/// Items dated after the briefing date are dropped: a briefing as of D knows nothing later.
fn developments(b: &Briefing) -> Vec<Block> {
    let mut devs: Vec<&Development> = b
        .developments
        .iter()
        .filter(|d| d.date <= b.forecast.as_of)
        .collect();
    devs.sort_by_key(|d| d.date);
    if devs.is_empty() {
        return vec![Block::Para(vec![t(format!(
            "No dated developments recorded up to {}.",
            b.forecast.as_of
        ))])];
    }
    let items = devs
        .iter()
        .map(|d| {
            let mut item = vec![Span::Date(d.date), t(" ")];
            if let Some(dir) = d.direction {
                item.extend([Span::Marker(dir), t(" ")]);
            }
            item.push(t(collapse(&d.text)));
            if let Some(src) = d.source.as_deref().map(collapse).filter(|s| !s.is_empty()) {
                item.extend([t(" — "), Span::Em(src)]);
            }
            item
        })
        .collect();
    let mut blocks = vec![Block::List {
        ordered: false,
        class: "timeline",
        items,
    }];
    if devs.iter().any(|d| d.direction.is_some()) {
        blocks.push(Block::Para(vec![
            Span::Marker(Direction::For),
            t(" pushed the forecast up; "),
            Span::Marker(Direction::Against),
            t(" pushed it down."),
        ]));
    }
    blocks
}

fn case(b: &Briefing, direction: Direction) -> Vec<Block> {
    let f = b.forecast;
    let all = ranked(f, direction);
    if all.is_empty() {
        return vec![Block::Para(vec![t(format!(
            "Nothing seen up to {} argues {}.",
            f.as_of,
            direction.as_str()
        ))])];
    }
    let shown = &all[..MAX_CASE.min(all.len())];
    let items = shown
        .iter()
        .map(|c| {
            let mut item = vec![
                Span::Date(c.date),
                t(" · "),
                Span::Strong(collapse(&c.indicator_label)),
                t(": "),
                Span::Quote(truncate(&c.sentence, MAX_SENTENCE)),
            ];
            if let Some(doc) = document(c) {
                item.extend([t(" — "), Span::Em(doc)]);
            }
            item.push(t(format!(
                ". {} log-odds, {}",
                log_odds(c.log_odds),
                pts(marginal_pts(f.log_odds, c.log_odds))
            )));
            let mut notes = Vec::new();
            if c.decay < 0.995 {
                notes.push(format!(
                    "faded to {:.0}% of its weight",
                    c.decay.clamp(0.0, 1.0) * 100.0
                ));
            }
            match c.duplicates {
                0 => {}
                1 => notes.push("1 near-duplicate counted once".to_string()),
                n => notes.push(format!("{n} near-duplicates counted once")),
            }
            if !notes.is_empty() {
                item.push(t(format!(" ({})", notes.join("; "))));
            }
            item.push(t("."));
            item
        })
        .collect();
    let mut blocks = vec![Block::List {
        ordered: true,
        class: "evidence",
        items,
    }];
    if all.len() > shown.len() {
        let rest = &all[shown.len()..];
        let sum: f64 = rest.iter().map(|c| c.log_odds).sum();
        blocks.push(Block::Para(vec![t(format!(
            "…and {} smaller item{}, together {} log-odds.",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" },
            log_odds(sum)
        ))]));
    }
    blocks
}

fn voices(b: &Briefing) -> Vec<Block> {
    let as_of = b.forecast.as_of;
    let visible: Vec<&QuoteLine> = b
        .quotes
        .iter()
        .filter(|q| q.date.is_none_or(|d| d <= as_of) && !collapse(&q.text).is_empty())
        .collect();
    if visible.is_empty() {
        return vec![Block::Para(vec![t("No quotations recorded.")])];
    }
    let speaker = |q: &QuoteLine| q.speaker.as_deref().map(collapse).filter(|s| !s.is_empty());
    // Attributed voices first: an unattributed quote is weaker evidence of who thinks what.
    let (named, anon): (Vec<&QuoteLine>, Vec<&QuoteLine>) =
        visible.into_iter().partition(|q| speaker(q).is_some());
    let items = named
        .iter()
        .chain(anon.iter())
        .map(|q| {
            let mut item = vec![Span::Quote(truncate(&q.text, MAX_SENTENCE)), t(" — ")];
            item.push(match speaker(q) {
                Some(s) => Span::Strong(s),
                None => Span::Em("unattributed".to_string()),
            });
            if let Some(d) = q.date {
                item.extend([t(", "), Span::Date(d)]);
            }
            if let Some(src) = q.source.as_deref().map(collapse).filter(|s| !s.is_empty()) {
                item.extend([t(", "), Span::Em(src)]);
            }
            item
        })
        .collect();
    vec![Block::List {
        ordered: false,
        class: "voices",
        items,
    }]
}

fn what_would_change(b: &Briefing) -> Vec<Block> {
    let q = b.question;
    let f = b.forecast;
    if q.indicators
        .iter()
        .all(|i| i.weight == 0.0 || !i.weight.is_finite())
    {
        return vec![Block::Para(vec![t(
            "The question defines no weighted indicators.",
        )])];
    }
    let mut blocks = vec![Block::Para(vec![t(format!(
        "Each figure adds one fresh report's weight to today's {} log-odds; indicators with fresh evidence already are left out.",
        log_odds(f.log_odds)
    ))])];
    // One list for both sides: the markers tell them apart, and adjacent Markdown lists would
    // merge into one anyway.
    let mut items = Vec::new();
    for direction in [Direction::For, Direction::Against] {
        let mut candidates: Vec<(&Indicator, Option<&Contribution>)> = q
            .indicators
            .iter()
            .filter(|i| i.direction == direction && i.weight.is_finite() && i.weight != 0.0)
            .map(|i| {
                let newest = f
                    .contributions
                    .iter()
                    .filter(|c| c.indicator_id == i.id)
                    .max_by(|a, b| a.decay.total_cmp(&b.decay).then(a.date.cmp(&b.date)));
                (i, newest)
            })
            .filter(|(_, newest)| newest.is_none_or(|c| c.decay < FRESH_DECAY))
            .collect();
        candidates.sort_by(|a, b| {
            b.0.weight
                .abs()
                .total_cmp(&a.0.weight.abs())
                .then(a.0.id.cmp(&b.0.id))
        });
        let verb = match direction {
            Direction::For => "raise",
            Direction::Against => "lower",
        };
        if candidates.is_empty() {
            items.push(vec![
                Span::Marker(direction),
                t(format!(
                    " Every indicator {} already has fresh evidence.",
                    direction.as_str()
                )),
            ]);
            continue;
        }
        items.extend(candidates.iter().take(MAX_CHANGE).map(|(ind, newest)| {
            // Weights are magnitudes; the indicator's direction gives the sign.
            let new_p = sigmoid(f.log_odds + direction.sign() * ind.weight.abs());
            let mut item = vec![
                Span::Marker(direction),
                t(" A report of "),
                Span::Em(collapse(&ind.label)),
                t(format!(" would {verb} the probability to about ")),
                Span::Strong(pct(new_p)),
                t(format!(" ({})", pts(new_p - f.probability))),
            ];
            match newest {
                None => item.push(t("; not seen so far.")),
                Some(c) => {
                    item.extend([t("; last seen "), Span::Date(c.date)]);
                    item.push(t(format!(
                        ", now at {:.0}% of its weight.",
                        c.decay.clamp(0.0, 1.0) * 100.0
                    )));
                }
            }
            item
        }));
    }
    blocks.push(Block::List {
        ordered: false,
        class: "change",
        items,
    });
    blocks
}

fn method(b: &Briefing) -> Vec<Block> {
    let q = b.question;
    let f = b.forecast;
    let evidence: f64 = f.contributions.iter().map(|c| c.log_odds).sum();
    vec![Block::Para(vec![
        t(format!(
            "The forecast starts from the question's prior, {} that it happens between ",
            pct(q.prior)
        )),
        Span::Date(q.opens),
        t(" and "),
        Span::Date(q.deadline),
        t(format!(
            ", scaled to the time left: {} ({} log-odds) as of ",
            pct(sigmoid(f.base_log_odds)),
            log_odds(f.base_log_odds)
        )),
        Span::Date(f.as_of),
        t(
            ". Each report that matches an indicator adds that indicator's weight in log-odds; the weight halves every half-life as the report ages, and near-duplicate reports are folded together and counted once. ",
        ),
        t(if f.contributions.is_empty() {
            format!(
                "No evidence has been seen, so the forecast is the scaled prior, {}. Details: ",
                pct(f.probability)
            )
        } else {
            format!(
                "Here {} item{} of evidence add {} log-odds, for {} in total, or {}. Log-odds add up, so the contributions above sum to the forecast; the points beside them show each item's marginal effect and do not add up. Details: ",
                f.contributions.len(),
                if f.contributions.len() == 1 { "" } else { "s" },
                log_odds(evidence),
                log_odds(f.log_odds),
                pct(f.probability)
            )
        }),
        Span::Code("docs/forecasting.md".to_string()),
        t("."),
    ])]
}
