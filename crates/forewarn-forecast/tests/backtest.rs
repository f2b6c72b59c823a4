//! Backtests, templates and fitting on a small resolved question set with a tiny corpus we
//! wrote (`fixtures/backtest/`).

use chrono::NaiveDate;
use forewarn_forecast::{
    BacktestOptions, FitOptions, QuestionFile, apply_params, backtest, fit, forecast,
    parse_question_file, probability_paths_svg, reliability_svg, replay_dates,
};
use forewarn_model::{ActorKind, ActorMention, ActorRef, Event, EventType, Observation};
use serde::Deserialize;

const FILES: [(&str, &str); 6] = [
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
    (
        "offensive-noticed.toml",
        include_str!("fixtures/backtest/offensive-noticed.toml"),
    ),
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
            .is_none_or(|t| t.kind != forewarn_forecast::TemplateKind::EventCountSurge)
    }) {
        let Some(q) = report.questions.iter().find(|q| q.id == f.question.id) else {
            continue;
        };
        for p in &q.path {
            let direct = forecast(&f.question, &obs, p.date).probability;
            assert!((p.ours - direct).abs() < 1e-9, "{} {}", q.id, p.date);
            // The prior alone is the model's forecast when it has read nothing.
            let alone = forecast(&f.question, &[], p.date).probability;
            assert!((p.prior - alone).abs() < 1e-12, "{} {}", q.id, p.date);
        }
        if let Some(n) = &q.noticed {
            let direct = forecast(&f.question, &obs, n.date).probability;
            assert!((n.ours.p - direct).abs() < 1e-9, "{} {}", q.id, n.date);
        }
    }
}

#[test]
fn noticed_three_days_after_a_yes_and_never_scored() {
    let report = backtest(&files(), &corpus(), BacktestOptions { step_days: 7 });
    let by_id = |id: &str| report.questions.iter().find(|q| q.id == id).unwrap();
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();

    // Two independent reports of the offensive: noticed.
    let offensive = by_id("tiny-offensive");
    let noticed = offensive.noticed.unwrap();
    assert_eq!(noticed.date, day("2022-02-27"));
    assert!(noticed.ours.pass && noticed.ours.p >= 0.9, "{noticed:?}");
    assert!(!noticed.prior.pass && !noticed.constant.pass);
    // Only the talks announcement, as a plan: not noticed.
    let talks = by_id("tiny-talks").noticed.unwrap();
    assert_eq!(talks.date, day("2022-03-03"));
    assert!(!talks.ours.pass, "{talks:?}");
    // No questions have no noticed check, and the noticed date is never in the scored path.
    assert!(by_id("tiny-belarus-enters").noticed.is_none());
    for q in &report.questions {
        assert!(q.path.iter().all(|p| p.date < q.closes), "{}", q.id);
    }
    let yes = report.questions.iter().filter(|q| q.outcome).count();
    assert_eq!(report.noticed.of, yes);
    assert_eq!(
        report.noticed.ours,
        report
            .questions
            .iter()
            .filter(|q| q.noticed.is_some_and(|n| n.ours.pass))
            .count()
    );
}

#[test]
fn constant_baseline_scores() {
    let report = backtest(&files(), &corpus(), BacktestOptions::default());
    for q in &report.questions {
        let y = if q.outcome { 1.0 } else { 0.0 };
        assert!((q.constant.brier_mean - (0.3f64 - y).powi(2)).abs() < 1e-12);
        // 0.3 is on the right side of 0.5 exactly for the no questions.
        assert_eq!(q.week_before.constant.pass, !q.outcome);
    }
    let o = report.ours.unwrap();
    let c = report.constant.unwrap();
    let gain = report.improvement.unwrap().brier_vs_constant_pct.unwrap();
    assert!((gain - 100.0 * (c.brier_mean - o.brier_mean) / c.brier_mean).abs() < 1e-9);
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

/// The in-sample Brier of the questions with `params` applied, read as their defaults.
fn in_sample_with(fs: &[QuestionFile], params: &forewarn_forecast::FittedParams) -> f64 {
    let applied: Vec<QuestionFile> = fs.iter().map(|f| apply_params(f, params)).collect();
    let options = FitOptions {
        iterations: 0,
        ..FitOptions::default()
    };
    fit(&applied, &corpus(), options).in_sample_default_brier
}

#[test]
fn fit_reports_cross_validation() {
    let fs = files();
    let report = fit(&fs, &corpus(), FitOptions::default());
    insta::assert_snapshot!(report.table());
    // Applying the fitted parameters gives the in-sample score.
    assert!((in_sample_with(&fs, &report.params) - report.in_sample_fitted_brier).abs() < 1e-9);
}

#[test]
fn a_fit_from_the_library_replaces_the_shipped_parameters() {
    let fs = files();
    let options = FitOptions {
        from_library: true,
        iterations: 100,
        ..FitOptions::default()
    };
    let report = fit(&fs, &corpus(), options);
    assert!(report.params.from_library);
    // Applied to the questions as they read (shipped parameters in), the fit from the library
    // gives its in-sample score: the shipped parameters are taken back, not compounded.
    assert!((in_sample_with(&fs, &report.params) - report.in_sample_fitted_brier).abs() < 1e-9);
    // And the library's own weights differ from the shipped ones, so the test is not empty.
    let shipped = forewarn_forecast::shipped_params();
    assert!(shipped.prior_shift != 0.0 || shipped.scales.values().any(|s| *s != 1.0));
}
