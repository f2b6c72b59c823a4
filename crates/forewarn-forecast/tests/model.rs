//! The forecast model's promises, one per test, plus a snapshot of the worked example in
//! docs/forecasting.md.

mod common;

use common::*;
use forewarn_forecast::{
    CORROBORATION_RATIO, PROBABILITY_EPSILON, forecast, logistic, logit, parse_question, timeline,
};
use forewarn_model::{Forecast, Observation, Question};

fn question() -> Question {
    parse_question(BELARUS, "belarus.toml").unwrap()
}

/// Evidence log-odds: the forecast minus its base.
fn evidence(f: &Forecast) -> f64 {
    f.log_odds - f.base_log_odds
}

/// The hazard exponent S the evidence gives: the forecast is `1 − (1 − base)^(e^S)`.
fn signal(q: &Question, f: &Forecast) -> f64 {
    let base = forewarn_forecast::base_probability(q, f.as_of);
    ((-f64::ln_1p(-f.probability)) / (-f64::ln_1p(-base))).ln()
}

fn assert_invariant(f: &Forecast) {
    let sum: f64 = f.contributions.iter().map(|c| c.log_odds).sum();
    assert!(
        (f.log_odds - (f.base_log_odds + sum)).abs() < 1e-12,
        "{f:?}"
    );
    assert!((f.probability - logistic(f.log_odds)).abs() < 1e-15);
    let mut sorted = f.contributions.clone();
    sorted.sort_by(|a, b| b.log_odds.abs().total_cmp(&a.log_odds.abs()));
    assert_eq!(
        sorted.iter().map(|c| c.log_odds).collect::<Vec<_>>(),
        f.contributions
            .iter()
            .map(|c| c.log_odds)
            .collect::<Vec<_>>()
    );
}

#[test]
fn without_evidence_the_prior_falls_as_the_deadline_nears() {
    let q = question();
    let at = |s: &str| forecast(&q, &[], d(s)).probability;
    assert!((at("2022-10-01") - 0.10).abs() < 1e-12, "prior at opens");
    assert!(
        (at("2022-09-01") - 0.10).abs() < 1e-12,
        "no more than the prior before opens"
    );
    // Half the window left: 1 − 0.9^(75/151).
    let half = 1.0 - 0.9f64.powf(75.0 / 151.0);
    assert!((at("2022-12-16") - half).abs() < 1e-12);
    // The remaining window is empty at and after the deadline: ε, up to logit/logistic rounding.
    assert!((at("2023-03-01") - PROBABILITY_EPSILON).abs() < 1e-18);
    assert!((at("2023-06-01") - PROBABILITY_EPSILON).abs() < 1e-18);
    let path = timeline(&q, &[], d("2022-10-01"), d("2023-03-01"), 1);
    assert_eq!(path.len(), 152);
    assert!(path.windows(2).all(|w| w[1].probability < w[0].probability));
}

#[test]
fn one_report_raises_log_odds_by_exactly_the_weight() {
    let q = question();
    let f = forecast(
        &q,
        &[troops(
            1,
            1,
            "2022-10-12",
            "Belarusian units moved toward the border.",
        )],
        d("2022-10-12"),
    );
    assert_invariant(&f);
    assert_eq!(f.contributions.len(), 1);
    let c = &f.contributions[0];
    assert_eq!((c.decay, c.rank, c.duplicates), (1.0, 1, 0));
    // One report multiplies the hazard by e^w; its contribution is what that does to the
    // log-odds.
    assert!((signal(&q, &f) - 0.7).abs() < 1e-9);
    assert!((c.log_odds - evidence(&f)).abs() < 1e-12);
    assert!(c.log_odds > 0.7);
}

#[test]
fn ten_near_duplicate_reports_count_as_one() {
    let q = question();
    let one = vec![troops(
        1,
        1,
        "2022-10-12",
        "Belarusian units moved toward the border with Ukraine on Wednesday.",
    )];
    let mut ten = Vec::new();
    for i in 0..10 {
        // Syndicated rewrites: a dateline in front, a different tail, later days.
        let text = format!(
            "MINSK ({i}) - Belarusian units moved toward the border with Ukraine on Wednesday, outlet {i} reported."
        );
        ten.push(troops(
            100 + i,
            10 + i,
            &format!("2022-10-{:02}", 12 + i % 3),
            &text,
        ));
    }
    ten[0] = one[0].clone();
    let as_of = d("2022-10-20");
    let f1 = forecast(&q, &one, as_of);
    let f10 = forecast(&q, &ten, as_of);
    assert_invariant(&f10);
    assert_eq!(f10.contributions.len(), 1);
    assert_eq!(f10.contributions[0].duplicates, 9);
    assert_eq!(
        f10.contributions[0].sentence_id, 1,
        "the earliest report represents the group"
    );
    assert_eq!(f10.log_odds, f1.log_odds);
}

#[test]
fn copies_of_one_document_and_restatements_within_it_count_once() {
    let q = question();
    let original = troops(
        1,
        1,
        "2022-10-12",
        "Belarusian units moved toward the border.",
    );
    let restated = troops(
        2,
        1,
        "2022-10-12",
        "The ministry confirmed the border deployment of its units.",
    );
    let mut copy = troops(
        3,
        2,
        "2022-10-13",
        "Units from Belarus have been sent to the border area, a report says.",
    );
    copy.duplicate_of = Some(1);
    let f = forecast(&q, &[original, restated, copy], d("2022-10-13"));
    assert_eq!(f.contributions.len(), 1);
    assert_eq!(f.contributions[0].duplicates, 2);
}

#[test]
fn two_independent_reports_add_less_than_twice_one() {
    let q = question();
    let a = troops(
        1,
        1,
        "2022-10-12",
        "Belarusian units moved toward the border.",
    );
    let b = troops(
        2,
        2,
        "2022-10-12",
        "Satellite images show armoured columns of the Belarusian army heading to the border near Brest.",
    );
    let as_of = d("2022-10-12");
    let one = evidence(&forecast(&q, std::slice::from_ref(&a), as_of));
    let f = forecast(&q, &[a, b], as_of);
    assert_invariant(&f);
    assert_eq!(
        f.contributions.iter().map(|c| c.rank).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!((signal(&q, &f) - (0.7 + 0.7 * CORROBORATION_RATIO)).abs() < 1e-9);
    assert!(evidence(&f) < 2.0 * one);
    assert!(evidence(&f) > one);
}

#[test]
fn corroboration_is_capped_below_twice_the_weight() {
    let q = question();
    let words = [
        "tanks",
        "trucks",
        "artillery",
        "engineers",
        "helicopters",
        "infantry",
        "medics",
        "signals",
    ];
    let reports: Vec<Observation> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            troops(
                i as i64,
                i as i64,
                "2022-10-12",
                &format!("Belarus sent {w} to the border, source {i} said."),
            )
        })
        .collect();
    let f = forecast(&q, &reports, d("2022-10-12"));
    assert_eq!(f.contributions.len(), words.len());
    // Eight reports add 0.7·(1 − r⁸)/(1 − r); no number of them passes 0.7/(1 − r).
    let r = CORROBORATION_RATIO;
    let eight = 0.7 * (1.0 - r.powi(8)) / (1.0 - r);
    assert!((signal(&q, &f) - eight).abs() < 1e-9);
    assert!(signal(&q, &f) < 0.7 / (1.0 - r));
}

#[test]
fn evidence_halves_after_its_half_life() {
    let q = question();
    let o = troops(
        1,
        1,
        "2022-10-12",
        "Belarusian units moved toward the border.",
    );
    let f = forecast(&q, std::slice::from_ref(&o), d("2022-11-11"));
    let c = &f.contributions[0];
    assert_eq!(c.decay, 0.5);
    // Thirty days earlier the same report stood at full strength, so the indicator is below
    // its usual level of (1 + 0 + 0)/3 by less than its level: a third of it counts.
    assert!((c.novelty - (0.5 - 1.0 / 3.0) / 0.5).abs() < 1e-12);
    assert!((signal(&q, &f) - 0.35 * c.novelty).abs() < 1e-9);
}

#[test]
fn a_signal_counts_only_above_its_usual_level() {
    let q = question();
    // Distinct wording, so no two reports are near-duplicates of each other.
    let on = |day: &str, id: i64| {
        const UNITS: [&str; 7] = [
            "tank",
            "artillery",
            "infantry",
            "engineer",
            "signals",
            "rocket",
            "medical",
        ];
        const MOVES: [&str; 4] = [
            "moved toward",
            "deployed near",
            "arrived at",
            "massed close to",
        ];
        const TOWNS: [&str; 5] = ["Mozyr", "Brest", "Gomel", "Pinsk", "Grodno"];
        let i = id as usize;
        let text = format!(
            "Belarusian {} units {} the border at {} on day {id}.",
            UNITS[i % 7],
            MOVES[(i / 7) % 4],
            TOWNS[(i / 3) % 5]
        );
        troops(id, id, day, &text)
    };
    // A flurry: four reports in the last week, none in the months before.
    let flurry: Vec<Observation> = (0..4)
        .map(|i| on(&format!("2022-11-0{}", i + 5), i))
        .collect();
    let f = forecast(&q, &flurry, d("2022-11-10"));
    assert!(f.contributions.iter().all(|c| c.novelty == 1.0));
    // The same four reports a week, every week for four months: background, not a warning.
    let steady: Vec<Observation> = (0..17 * 4)
        .map(|i| {
            let day = d("2022-07-15") + chrono::Duration::days(i * 7 / 4);
            on(&day.to_string(), i)
        })
        .filter(|o| o.published <= d("2022-11-10"))
        .collect();
    let g = forecast(&q, &steady, d("2022-11-10"));
    let novelty = g.contributions[0].novelty;
    assert!(novelty < 0.2, "novelty {novelty}");
    assert!(g.probability < f.probability);
    // The contributions still sum to the forecast.
    let sum: f64 = g.contributions.iter().map(|c| c.log_odds).sum();
    assert!((g.base_log_odds + sum - g.log_odds).abs() < 1e-12);
}

#[test]
fn age_runs_from_the_event_date_not_the_publication() {
    let q = question();
    let mut o = troops(
        1,
        1,
        "2022-11-11",
        "Belarusian units moved toward the border a month ago.",
    );
    o.events[0].date = Some(d("2022-10-12"));
    let c = &forecast(&q, &[o], d("2022-11-11")).contributions[0];
    assert_eq!(
        (c.decay, c.date, c.published),
        (0.5, d("2022-10-12"), d("2022-11-11"))
    );
}

#[test]
fn as_of_excludes_later_documents_and_future_dates() {
    let q = question();
    let early = troops(
        1,
        1,
        "2022-10-12",
        "Belarusian units moved toward the border.",
    );
    let late = troops(
        2,
        2,
        "2022-10-20",
        "Belarus sent more armour to the border near Mozyr.",
    );
    let obs = vec![early.clone(), late];
    let f = forecast(&q, &obs, d("2022-10-15"));
    assert_eq!(f, forecast(&q, &[early], d("2022-10-15")));
    assert_eq!(forecast(&q, &obs, d("2022-10-11")).contributions.len(), 0);

    // An event dated after the as-of date (a coder's slip) is clamped to it.
    let mut odd = troops(
        3,
        3,
        "2022-10-12",
        "Belarusian units moved toward the border.",
    );
    odd.events[0].date = Some(d("2022-12-01"));
    let c = &forecast(&q, &[odd], d("2022-10-12")).contributions[0];
    assert_eq!((c.date, c.decay), (d("2022-10-12"), 1.0));
}

#[test]
fn later_copies_cannot_merge_earlier_reports_before_they_appear() {
    let q = question();
    // a and b are independent; c (published later) is a copy of a's document whose sentence
    // repeats b's, so it links the two.
    let a = troops(
        1,
        1,
        "2022-10-12",
        "Belarusian tank units moved toward the border near Brest on Monday.",
    );
    let b = troops(
        2,
        2,
        "2022-10-12",
        "Belarusian artillery units moved toward the border near Gomel on Monday.",
    );
    let mut c = troops(
        3,
        3,
        "2022-10-14",
        "Belarusian artillery units moved toward the border near Gomel on Monday, it said.",
    );
    c.duplicate_of = Some(1);
    let before = forecast(&q, &[a.clone(), b.clone(), c.clone()], d("2022-10-13"));
    assert_eq!(before.contributions.len(), 2);
    let after = forecast(&q, &[a, b, c], d("2022-10-14"));
    assert_eq!(after.contributions.len(), 1);
    assert_eq!(
        (
            after.contributions[0].sentence_id,
            after.contributions[0].duplicates
        ),
        (1, 2)
    );
}

#[test]
fn against_evidence_lowers_the_probability() {
    let q = question();
    let f = forecast(
        &q,
        &[denial(
            1,
            1,
            "2022-10-12",
            "Minsk said it had no intention of entering the war.",
        )],
        d("2022-10-12"),
    );
    assert_invariant(&f);
    assert!((signal(&q, &f) + 0.4).abs() < 1e-9);
    assert!(f.contributions[0].log_odds < 0.0);
    assert_eq!(f.against_evidence().count(), 1);
    assert!(f.probability < forecast(&q, &[], d("2022-10-12")).probability);
}

fn worked_example() -> Vec<Observation> {
    let mut copy = troops(
        21,
        2,
        "2022-10-13",
        "MINSK - Belarusian units began moving toward the border with Ukraine on Wednesday, the ministry said.",
    );
    copy.duplicate_of = Some(1);
    copy.document_source = Some("regional outlet".into());
    let mut russians = obs(
        30,
        3,
        "2022-10-17",
        "Russian troops began arriving in Belarus by rail to join a regional grouping.",
        vec![located(
            event(
                forewarn_model::EventType::Mobilize,
                "RUS",
                Some("2022-10-16"),
            ),
            "Belarus",
            "BLR",
        )],
    );
    russians.document_source = Some("defence ministry statement".into());
    vec![
        troops(
            10,
            1,
            "2022-10-12",
            "Belarusian units began moving toward the border with Ukraine on Wednesday, the ministry said.",
        ),
        copy,
        troops(
            40,
            4,
            "2022-11-02",
            "Satellite images show armoured columns heading south to the border near Mozyr.",
        ),
        russians,
        denial(
            50,
            5,
            "2022-11-05",
            "Minsk said it had no intention of sending troops into Ukraine.",
        ),
        troops(
            60,
            6,
            "2022-11-20",
            "Belarus moved more units to the border, after this forecast's date.",
        ),
    ]
}

#[test]
fn worked_example_snapshot() {
    let q = question();
    let f = forecast(&q, &worked_example(), d("2022-11-10"));
    assert_invariant(&f);
    insta::assert_json_snapshot!(f);
}

#[test]
fn shuffled_input_gives_the_same_forecast() {
    let q = question();
    let obs = worked_example();
    let expected = forecast(&q, &obs, d("2022-11-10"));
    let mut rotated = obs.clone();
    for k in 1..obs.len() {
        rotated.rotate_left(1);
        assert_eq!(
            forecast(&q, &rotated, d("2022-11-10")),
            expected,
            "rotation {k}"
        );
    }
    let mut reversed = obs;
    reversed.reverse();
    assert_eq!(forecast(&q, &reversed, d("2022-11-10")), expected);
}

#[test]
fn timeline_points_equal_forecasts() {
    let q = question();
    let obs = worked_example();
    let path = timeline(&q, &obs, d("2022-10-01"), d("2022-12-01"), 3);
    assert_eq!(path.len(), 21);
    for p in &path {
        assert_eq!(
            p.probability,
            forecast(&q, &obs, p.date).probability,
            "{}",
            p.date
        );
    }
    assert!(timeline(&q, &obs, d("2022-12-01"), d("2022-10-01"), 1).is_empty());
    assert_eq!(
        timeline(&q, &obs, d("2022-10-01"), d("2022-10-03"), 0).len(),
        3
    );
}

#[test]
fn logit_and_logistic_are_inverse() {
    for p in [0.01, 0.1, 0.5, 0.9] {
        assert!((logistic(logit(p)) - p).abs() < 1e-15);
    }
}

#[test]
fn long_daily_timeline_over_many_observations_is_cheap() {
    let q = question();
    let obs: Vec<Observation> = (0..3000)
        .map(|i| {
            let day = chrono::Duration::days(i % 150);
            let published = (d("2022-10-01") + day).format("%Y-%m-%d").to_string();
            troops(
                i,
                i / 3,
                &published,
                &format!(
                    "Report {i}: unit {} moved to the border sector {}.",
                    i % 97,
                    i % 13
                ),
            )
        })
        .collect();
    // Speed is a benchmark's business, not a test's: this only checks that a long path over many
    // observations comes out whole.
    let path = timeline(&q, &obs, d("2022-10-01"), d("2023-02-27"), 1);
    assert_eq!(path.len(), 150);
}
