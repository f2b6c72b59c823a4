use chrono::NaiveDate;
use forewarn_model::{
    ActorRef, Contribution, Direction, Forecast, Indicator, IndicatorMatch, Question, TimelinePoint,
};
use forewarn_tell::{
    Briefing, Development, QuoteLine, evidence_table, forecast_line, html, markdown, timeline_table,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn indicator(id: &str, label: &str, direction: Direction, weight: f64) -> Indicator {
    Indicator {
        id: id.into(),
        label: label.into(),
        direction,
        weight,
        half_life_days: 30.0,
        matcher: IndicatorMatch::default(),
        role: Default::default(),
    }
}

fn question() -> Question {
    Question {
        id: "belarus-joins-war".into(),
        question: "Will Belarus join the war against Ukraine?".into(),
        opens: d(2022, 12, 1),
        deadline: d(2023, 6, 30),
        prior: 0.25,
        tags: vec!["belarus".into()],
        resolution: None,
        indicators: vec![
            indicator(
                "troops-to-border",
                "Belarusian troops deployed to the Ukrainian border",
                Direction::For,
                0.9,
            ),
            indicator(
                "putin-visit",
                "Putin visits Minsk for military talks",
                Direction::For,
                0.5,
            ),
            indicator(
                "joint-offensive-exercise",
                "Joint offensive exercise near the border",
                Direction::For,
                0.7,
            ),
            indicator(
                "lukashenko-refuses",
                "Lukashenko rules out sending troops",
                Direction::Against,
                0.8,
            ),
            indicator(
                "anti-war-sentiment",
                "Surveys show opposition to deployment",
                Direction::Against,
                0.4,
            ),
        ],
    }
}

#[allow(clippy::too_many_arguments)]
fn contribution(
    id: &str,
    label: &str,
    direction: Direction,
    log_odds: f64,
    date: NaiveDate,
    sentence: &str,
    title: Option<&str>,
    decay: f64,
    duplicates: usize,
) -> Contribution {
    Contribution {
        indicator_id: id.into(),
        indicator_label: label.into(),
        direction,
        log_odds,
        date,
        published: date,
        sentence: sentence.into(),
        sentence_id: 1,
        document_id: 1,
        document_title: title.map(Into::into),
        document_source: Some("wire report".into()),
        actors: vec![
            ActorRef {
                text: "Belarus".into(),
                country: Some("BLR".into()),
                sector: Some("MIL".into()),
                name: None,
            },
            ActorRef {
                text: "the Belarusian president".into(),
                country: Some("BLR".into()),
                sector: Some("GOV".into()),
                name: Some("Alexander Lukashenko".into()),
            },
        ],
        decay,
        novelty: 1.0,
        rank: 1,
        duplicates,
    }
}

fn forecast() -> Forecast {
    let base = -1.60;
    let contributions = vec![
        contribution(
            "troops-to-border",
            "Belarusian troops deployed to the Ukrainian border",
            Direction::For,
            0.72,
            d(2022, 12, 7),
            "Belarus began ramping up its troop deployments to its border with Ukraine on December 7th under the guise of a counter-terrorism exercise, according to a Reuters report.",
            Some("Belarus moves troops towards Ukraine border"),
            0.8,
            2,
        ),
        contribution(
            "lukashenko-refuses",
            "Lukashenko rules out sending troops",
            Direction::Against,
            -0.6,
            d(2022, 12, 20),
            "After his meeting with Putin, Lukashenko called Russia \"his closest ally and strategic partner\" but made no indication that he would fight with Russia in Ukraine.",
            Some("Lukashenko and Putin meet in Minsk"),
            0.75,
            0,
        ),
        contribution(
            "putin-visit",
            "Putin visits Minsk for military talks",
            Direction::For,
            0.2,
            d(2022, 12, 19),
            "On December 19th, Russian President Vladimir Putin visited Belarus to discuss closer military cooperation with Lukashenko.",
            None,
            0.4,
            0,
        ),
    ];
    let log_odds = base + contributions.iter().map(|c| c.log_odds).sum::<f64>();
    Forecast {
        question_id: "belarus-joins-war".into(),
        as_of: d(2023, 1, 10),
        probability: sigmoid(log_odds),
        log_odds,
        base_log_odds: base,
        contributions,
        reported: None,
    }
}

fn timeline() -> Vec<TimelinePoint> {
    [
        (12, 1, 0.17),
        (12, 8, 0.27),
        (12, 15, 0.26),
        (12, 22, 0.29),
        (12, 29, 0.26),
    ]
    .into_iter()
    .map(|(m, day, p)| TimelinePoint {
        date: d(2022, m, day),
        probability: p,
    })
    .chain([
        TimelinePoint {
            date: d(2023, 1, 5),
            probability: 0.235,
        },
        TimelinePoint {
            date: d(2023, 1, 10),
            probability: 0.2176,
        },
    ])
    .collect()
}

fn quotes() -> Vec<QuoteLine> {
    vec![
        QuoteLine {
            speaker: None,
            text: "It is hard to gauge how big they would be.".into(),
            date: None,
            source: None,
        },
        QuoteLine {
            speaker: Some("Artyom, former Belarusian lieutenant colonel".into()),
            text: "Lukashenko is doing his best not to send the military to Ukraine.".into(),
            date: Some(d(2023, 1, 4)),
            source: Some("Foreign Policy".into()),
        },
        QuoteLine {
            speaker: Some("Hanna Liubakova".into()),
            text: "Losing troops will build discontent in the country.".into(),
            date: Some(d(2023, 1, 4)),
            source: Some("Foreign Policy".into()),
        },
        QuoteLine {
            speaker: Some("Someone later".into()),
            text: "This was said after the briefing date.".into(),
            date: Some(d(2023, 2, 1)),
            source: None,
        },
    ]
}

fn developments() -> Vec<Development> {
    vec![
        Development {
            date: d(2022, 12, 19),
            text: "Putin visits Minsk to discuss closer military cooperation.".into(),
            source: Some("Kremlin press conference".into()),
            direction: Some(Direction::For),
        },
        Development {
            date: d(2022, 12, 7),
            text: "Belarus moves troops towards the Ukrainian border under the guise of a counter-terrorism exercise.".into(),
            source: Some("Reuters".into()),
            direction: Some(Direction::For),
        },
        Development {
            date: d(2022, 12, 20),
            text: "Lukashenko calls Russia his closest ally but makes no commitment to fight.".into(),
            source: None,
            direction: Some(Direction::Against),
        },
        Development {
            date: d(2022, 12, 29),
            text: "A Ukrainian S-300 missile reportedly lands in Belarus.".into(),
            source: Some("Belarusian Defence Ministry".into()),
            direction: None,
        },
        Development {
            date: d(2023, 3, 1),
            text: "After the briefing date: must not appear.".into(),
            source: None,
            direction: Some(Direction::For),
        },
    ]
}

struct Fixture {
    question: Question,
    forecast: Forecast,
    timeline: Vec<TimelinePoint>,
    quotes: Vec<QuoteLine>,
    developments: Vec<Development>,
}

impl Fixture {
    fn full() -> Self {
        Fixture {
            question: question(),
            forecast: forecast(),
            timeline: timeline(),
            quotes: quotes(),
            developments: developments(),
        }
    }

    fn empty() -> Self {
        let question = question();
        let base = -1.60;
        Fixture {
            forecast: Forecast {
                question_id: question.id.clone(),
                as_of: d(2022, 12, 2),
                probability: sigmoid(base),
                log_odds: base,
                base_log_odds: base,
                contributions: vec![],
                reported: None,
            },
            question,
            timeline: vec![],
            quotes: vec![],
            developments: vec![],
        }
    }

    fn briefing(&self, change_7d: Option<f64>, change_30d: Option<f64>) -> Briefing<'_> {
        Briefing {
            question: &self.question,
            forecast: &self.forecast,
            timeline: &self.timeline,
            change_7d,
            change_30d,
            quotes: &self.quotes,
            developments: &self.developments,
        }
    }
}

#[test]
fn markdown_full() {
    let f = Fixture::full();
    insta::assert_snapshot!(markdown(&f.briefing(Some(-0.0174), Some(0.0476))));
}

#[test]
fn markdown_empty_evidence() {
    let f = Fixture::empty();
    insta::assert_snapshot!(markdown(&f.briefing(None, None)));
}

#[test]
fn html_full() {
    let f = Fixture::full();
    insta::assert_snapshot!(html(&f.briefing(Some(-0.0174), Some(0.0476))));
}

#[test]
fn html_empty_evidence() {
    let f = Fixture::empty();
    insta::assert_snapshot!(html(&f.briefing(None, None)));
}

#[test]
fn reported_text_is_escaped() {
    let mut f = Fixture::full();
    f.forecast.contributions[0].sentence =
        "Troops moved <script>alert('x')</script> & more.".into();
    f.quotes[1].speaker = Some("<b>Artyom</b>".into());
    f.developments[0].text = "A <script>alert(1)</script> development".into();
    let page = html(&f.briefing(None, None));
    assert!(!page.contains("<script>"), "raw script tag in HTML");
    assert!(!page.contains("<b>"), "raw markup from a speaker");
    assert!(
        page.contains("Troops moved &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more.")
    );
    let md = markdown(&f.briefing(None, None));
    assert!(!md.contains("<script>"), "raw script tag in Markdown");
    assert!(md.contains(r"Troops moved \<script\>alert('x')\</script\> \& more."));
}

#[test]
fn html_is_standalone() {
    let f = Fixture::full();
    let page = html(&f.briefing(None, None));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<svg viewBox"));
    for forbidden in ["<script", "<link", "src=", "href=", "@import", "url("] {
        assert!(!page.contains(forbidden), "page contains {forbidden}");
    }
}

#[test]
fn sections_in_order() {
    let f = Fixture::full();
    let md = markdown(&f.briefing(None, None));
    let positions: Vec<usize> = [
        "## Bottom line",
        "## Key developments",
        "## The case for",
        "## The case against",
        "## Voices",
        "## What would change the view",
        "## Method",
    ]
    .iter()
    .map(|h| md.find(h).unwrap_or_else(|| panic!("missing {h}")))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn output_is_deterministic_under_input_order() {
    let f = Fixture::full();
    let mut g = Fixture::full();
    g.forecast.contributions.reverse();
    assert_eq!(
        markdown(&f.briefing(None, None)),
        markdown(&g.briefing(None, None))
    );
}

#[test]
fn what_would_change_adds_weight_to_log_odds() {
    let f = Fixture::full();
    let md = markdown(&f.briefing(None, None));
    // Unfired "for" indicator: joint exercise, weight 0.7.
    let expected = format!("{:.1}%", sigmoid(f.forecast.log_odds + 0.7) * 100.0);
    assert!(md.contains(&format!("*Joint offensive exercise near the border* would raise the probability to about **{expected}**")));
    // The border deployment is fresh (decay 0.8), so it is not suggested again.
    let section = &md[md.find("## What would change").unwrap()..md.find("## Method").unwrap()];
    assert!(!section.contains("troops deployed"));
    // The Putin visit has faded below half its weight, so another one would count.
    assert!(section.contains("Putin visits Minsk"));
}

#[test]
fn forecast_line_format() {
    let f = Fixture::full();
    insta::assert_snapshot!(forecast_line(&f.question, &f.forecast, Some(0.031), Some(-0.02)), @"belarus-joins-war  21.8%  (+3.1 pts 7d, −2.0 pts 30d)  as of 2023-01-10");
    assert_eq!(
        forecast_line(&f.question, &f.forecast, None, None),
        "belarus-joins-war  21.8%  as of 2023-01-10"
    );
    assert_eq!(
        forecast_line(&f.question, &f.forecast, None, Some(0.0)),
        "belarus-joins-war  21.8%  (0.0 pts 30d)  as of 2023-01-10"
    );
}

#[test]
fn timeline_table_snapshot() {
    insta::assert_snapshot!(timeline_table(&timeline()));
}

#[test]
fn evidence_tables() {
    let f = Fixture::full();
    insta::assert_snapshot!(
        "evidence_for",
        evidence_table(&f.forecast, Direction::For, 10)
    );
    insta::assert_snapshot!(
        "evidence_against",
        evidence_table(&f.forecast, Direction::Against, 10)
    );
    insta::assert_snapshot!(
        "evidence_for_limited",
        evidence_table(&f.forecast, Direction::For, 1)
    );
    let e = Fixture::empty();
    assert_eq!(
        evidence_table(&e.forecast, Direction::For, 5),
        "No evidence for as of 2022-12-02.\n"
    );
}

#[test]
fn long_tail_is_summed_and_meta_shows_resolution() {
    let mut f = Fixture::full();
    let extra: Vec<Contribution> = (0..7)
        .map(|i| {
            contribution(
                "troops-to-border",
                "Belarusian troops deployed to the Ukrainian border",
                Direction::For,
                0.05,
                d(2022, 12, 10 + i),
                "Another report of troops.",
                None,
                1.0,
                0,
            )
        })
        .collect();
    f.forecast.contributions.extend(extra);
    f.question.resolution = Some(forewarn_model::Resolution {
        outcome: false,
        resolved_on: d(2023, 7, 1),
    });
    f.forecast.as_of = d(2023, 7, 2);
    f.timeline = vec![TimelinePoint {
        date: d(2023, 7, 2),
        probability: 0.02,
    }];
    let md = markdown(&f.briefing(None, None));
    // Two fors above plus seven small ones: six shown, three summed.
    assert!(
        md.contains("…and 3 smaller items, together +0.15 log-odds."),
        "{md}"
    );
    assert!(
        md.contains("deadline 2023-06-30 (passed) · as of 2023-07-02 · resolved no on 2023-07-01")
    );
    // As of a day before the resolution, the briefing cannot know it.
    let mut before = Fixture::full();
    before.question.resolution = f.question.resolution;
    let md_before = markdown(&before.briefing(None, None));
    assert!(before.forecast.as_of < d(2023, 7, 1));
    assert!(!md_before.contains("resolved no"), "{md_before}");
    // Every "for" indicator but one is fresh now; the remaining one is still offered.
    assert!(md.contains("Joint offensive exercise"));
    // A single point still draws a chart, centred, without a second date label.
    let page = html(&f.briefing(None, None));
    assert!(
        page.contains("<circle class=\"dot\" cx=\"334.0\""),
        "{page}"
    );
    assert!(page.contains("0%</text>"));
}

#[test]
fn every_fresh_indicator_is_said_so() {
    let mut f = Fixture::full();
    f.question
        .indicators
        .retain(|i| i.id == "troops-to-border" || i.id == "anti-war-sentiment");
    let md = markdown(&f.briefing(None, None));
    assert!(md.contains("- ▲ Every indicator for already has fresh evidence."));
    assert!(md.contains("▼ A report of *Surveys show opposition to deployment*"));
}
