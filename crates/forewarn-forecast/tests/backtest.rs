//! Backtests, templates and fitting on a small resolved question set with a tiny corpus we
//! wrote (`fixtures/backtest/`).

use chrono::NaiveDate;
use forewarn_forecast::{
    BacktestOptions, FitOptions, QuestionFile, apply_params, backtest, fit, forecast,
    parse_question_file, probability_paths_svg, reliability_svg, replay_dates,
};
use forewarn_model::{ActorKind, ActorMention, ActorRef, Event, EventType, Observation};
use serde::Deserialize;

const FILES: [(&str, &str); 5] = [
    (
        "invades-yes.toml",
        include_str!("fixtures/backtest/invades-yes.toml"),
    ),
    (
        "enters-war-no.toml",
        include_str!("fixtures/backtest/enters-war-no.toml"),
    ),
    (
        "talks-yes.toml",
        include_str!("fixtures/backtest/talks-yes.toml"),
    ),
    (
        "surge-yes.toml",
        include_str!("fixtures/backtest/surge-yes.toml"),
    ),
    ("open.toml", include_str!("fixtures/backtest/open.toml")),
];

#[derive(Deserialize)]
struct Corpus {
    report: Vec<Report>,
}

#[derive(Deserialize)]
struct Report {
    doc: i64,
    published: NaiveDate,
    text: String,
    source: Option<String>,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    events: Vec<WireEvent>,
}

#[derive(Deserialize)]
struct WireEvent {
    #[serde(rename = "type")]
    event_type: EventType,
    source: String,
    target: String,
    date: Option<NaiveDate>,
    #[serde(default)]
    future: bool,
}

fn actor(code: &str) -> ActorRef {
    ActorRef {
        text: code.into(),
        country: Some(code.into()),
        sector: Some("GOV".into()),
        name: None,
    }
}

fn corpus() -> Vec<Observation> {
    let c: Corpus = toml::from_str(include_str!("fixtures/backtest/corpus.toml")).unwrap();
    c.report
        .into_iter()
        .map(|r| Observation {
            sentence_id: r.doc * 10,
            document_id: r.doc,
            published: r.published,
            events: r
                .events
                .iter()
                .map(|e| Event {
                    event_type: e.event_type,
                    mode: None,
                    context: vec![],
                    cameo: None,
                    source: vec![actor(&e.source)],
                    target: vec![actor(&e.target)],
                    location: None,
                    date: e.date,
                    negated: false,
                    hypothetical: false,
                    future: e.future,
                    trigger: String::new(),
                    span: (0, 0),
                    confidence: 0.9,
                    rule: "test".into(),
                })
                .collect(),
            actors: r
                .actors
                .iter()
                .map(|code| ActorMention {
                    span: (0, 0),
                    text: code.clone(),
                    kind: ActorKind::State,
                    country: Some(code.clone()),
                    sector: Some("GOV".into()),
                    name: code.clone(),
                })
                .collect(),
            text: r.text,
            document_title: None,
            document_source: r.source,
            duplicate_of: None,
        })
        .collect()
}

fn files() -> Vec<QuestionFile> {
    FILES
        .iter()
        .map(|(name, src)| parse_question_file(src, name).unwrap())
        .collect()
}

#[test]
fn backtest_table_daily() {
    let report = backtest(&files(), &corpus(), BacktestOptions { step_days: 1 });
    insta::assert_snapshot!(report.table());
}

#[test]
fn backtest_table_weekly() {
    let report = backtest(&files(), &corpus(), BacktestOptions { step_days: 7 });
    insta::assert_snapshot!(report.table());
}

#[test]
fn backtest_path_matches_forecast() {
    let obs = corpus();
    let report = backtest(&files(), &obs, BacktestOptions::default());
    for f in files().iter().filter(|f| {
        f.template
            .as_ref()
            .is_some_and(|t| t.kind != forewarn_forecast::TemplateKind::EventCountSurge)
    }) {
        let Some(q) = report.questions.iter().find(|q| q.id == f.question.id) else {
            continue;
        };
        for p in &q.path {
            let direct = forecast(&f.question, &obs, p.date).probability;
            assert!((p.ours - direct).abs() < 1e-9, "{} {}", q.id, p.date);
        }
    }
}

#[test]
fn no_lookahead_in_replay() {
    // Dropping everything published after a date changes nothing up to that date.
    let obs = corpus();
    let cut = NaiveDate::from_ymd_opt(2022, 2, 15).unwrap();
    let early: Vec<Observation> = obs.iter().filter(|o| o.published <= cut).cloned().collect();
    let full = backtest(&files(), &obs, BacktestOptions::default());
    let part = backtest(&files(), &early, BacktestOptions::default());
    for (a, b) in full.questions.iter().zip(&part.questions) {
        for (x, y) in a.path.iter().zip(&b.path).filter(|(x, _)| x.date <= cut) {
            assert_eq!(x.ours, y.ours, "{} {}", a.id, x.date);
        }
    }
}

#[test]
fn replay_stops_the_day_before_resolution() {
    let f = &files()[0];
    let dates = replay_dates(&f.question, 7);
    let first = dates.first().unwrap().to_string();
    let last = dates.last().unwrap().to_string();
    assert_eq!(
        (first.as_str(), last.as_str()),
        ("2022-02-01", "2022-02-23")
    );
}

#[test]
fn svg_charts() {
    let report = backtest(&files(), &corpus(), BacktestOptions { step_days: 7 });
    let rel = reliability_svg(&report);
    assert!(rel.starts_with("<svg") && rel.trim_end().ends_with("</svg>"));
    insta::assert_snapshot!(probability_paths_svg(&report.questions[2]));
}

#[test]
fn fit_reports_cross_validation() {
    let fs = files();
    let report = fit(&fs, &corpus(), FitOptions::default());
    insta::assert_snapshot!(report.table());
    // Applying the fitted parameters gives the in-sample score.
    let fitted: Vec<QuestionFile> = fs.iter().map(|f| apply_params(f, &report.params)).collect();
    let again = fit(
        &fitted,
        &corpus(),
        FitOptions {
            iterations: 0,
            ..FitOptions::default()
        },
    );
    assert!((again.in_sample_default_brier - report.in_sample_fitted_brier).abs() < 1e-9);
}
