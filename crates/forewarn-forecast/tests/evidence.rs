//! Evidence precision on items we labelled by reading.
//!
//! `fixtures/evidence/*.toml` holds evidence items the development backtests matched
//! (`forewarn backtest questions/dev --evidence FILE`), each retold in our own words and
//! labelled: is this sentence really evidence for what the indicator says, about the actor in
//! the role it names? Each sentence is coded afresh and forecast on its own; precision is the
//! share of labelled-correct items among those the question still counts. Items the matcher
//! now rejects are listed, so a rule that simply counts less shows up as lost recall.
#![allow(clippy::disallowed_methods)] // reads the repository's own question and fixture files

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use forewarn_code::Coder;
use forewarn_forecast::{QuestionFile, forecast, matches, parse_question_file};
use forewarn_gazetteer::Gazetteer;
use forewarn_model::Observation;
use serde::Deserialize;

/// The precision the matcher holds today, as a floor that only moves up. Issue 12 asks for
/// 0.90; the first labelling measured 0.30 on the matcher it was drawn from and 0.39 after
/// the first round of fixes (outcome clauses, doers of sentence signals, people named as
/// sides, evacuees, crises), 0.49 after the second (announcements that are plans, inferred
/// sides of meetings, negated and passive keywords, whose border and whose bid, objects and
/// adjectives of report words), 0.51 with which outcome an announcement names (a nuclear
/// strike, an oil ban) and "station" read as the noun it nearly always is, 0.53 with headline
/// questions and "on the verge of" as not yet done, both sides guessed as no side, and a
/// place naming an accord ("Minsk agreements") as no doer, 0.55 with the coder's rules of
/// 4 December (attacks on an idea or rehearsed in drills use no force, a fight over a seat is
/// a figure of speech, seizing refineries is confiscation), 0.65 with the rules of 6 December
/// (a past act is not dated next year, a participle describing a noun is background, a
/// warning's pronoun or public object is its addressee, a relative clause acts through its
/// antecedent, rejected offers and acts "possible" or "could" are not done, a speaker of
/// another side at the end is the one who denies, the acting side's sector for its moves), 0.69
/// with labels that name a charge ("brands it as ethnic cleansing"), a subject that is no
/// actor ("his mother denounces"), a denial about the question's topic, a noun's possessor
/// as its doer, 0.696 with pullbacks from another front left out (`target_if_named`).
const MIN_PRECISION: f64 = 0.69;
/// Of the items labelled correct, the share still counted: keeps precision from being bought
/// by counting nothing.
const MIN_RECALL: f64 = 0.75;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    item: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    question: String,
    indicator: String,
    published: NaiveDate,
    text: String,
    correct: bool,
    /// Why it is right or wrong: the class of error, for reading misses.
    why: String,
}

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn fixture_items() -> Vec<(String, Item)> {
    let mut items = Vec::new();
    for (name, text) in common::toml_files("tests/fixtures/evidence") {
        let fixture: Fixture = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        items.extend(fixture.item.into_iter().map(|i| (name.clone(), i)));
    }
    items
}

fn question(id: &str, cache: &mut HashMap<String, QuestionFile>) -> QuestionFile {
    cache
        .entry(id.to_string())
        .or_insert_with(|| {
            let path = repo(&format!("questions/dev/{id}.toml"));
            let src = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parse_question_file(&src, &path.display().to_string()).unwrap()
        })
        .clone()
}

/// Whether the question counts the sentence, published on `published`, as evidence of
/// `indicator` when it is the only thing read.
fn counted(coder: &Coder, file: &QuestionFile, item: &Item) -> (bool, String) {
    let coded = coder.code_sentence(&item.text, Some(item.published));
    let obs = Observation {
        sentence_id: 1,
        document_id: 1,
        published: item.published,
        text: item.text.clone(),
        events: coded.events,
        actors: coded.actors,
        document_title: None,
        document_source: Some("fixture".into()),
        duplicate_of: None,
    };
    let counted = forecast(&file.question, std::slice::from_ref(&obs), item.published)
        .contributions
        .iter()
        .any(|c| c.indicator_id == item.indicator);
    (counted, matched_event(file, item, &obs))
}

/// The event the indicator matched, as type, actors and modality, for reading a miss.
fn matched_event(file: &QuestionFile, item: &Item, obs: &Observation) -> String {
    let Some(indicator) = file
        .question
        .indicators
        .iter()
        .find(|i| i.id == item.indicator)
    else {
        return String::new();
    };
    let Some(evidence) = matches(indicator, obs) else {
        return "no match".into();
    };
    let Some(e) = evidence.event_index.map(|i| &obs.events[i]) else {
        let actors: Vec<&str> = evidence.actors.iter().map(|a| a.text.as_str()).collect();
        return format!("sentence; actors {actors:?}");
    };
    let names = |actors: &[forewarn_model::ActorRef]| {
        actors
            .iter()
            .map(|a| format!("{}={}", a.text, a.country.as_deref().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "{:?} '{}' {} -> {}{}{}{}",
        e.event_type,
        e.trigger,
        names(&e.source),
        names(&e.target),
        if e.future { " future" } else { "" },
        if e.hypothetical { " hypothetical" } else { "" },
        if e.negated { " negated" } else { "" },
    )
}

#[test]
fn matched_evidence_is_mostly_right() {
    let items = fixture_items();
    let coder = Coder::new(Arc::new(Gazetteer::builtin()));
    let mut questions = HashMap::new();
    let (mut right, mut wrong, mut correct_total, mut correct_kept) = (0usize, 0usize, 0, 0);
    let mut lines = Vec::new();
    for (file_name, item) in &items {
        let file = question(&item.question, &mut questions);
        assert!(
            file.question
                .indicators
                .iter()
                .any(|i| i.id == item.indicator),
            "{file_name}: question {} has no indicator {}",
            item.question,
            item.indicator
        );
        let (counted, matched) = counted(&coder, &file, item);
        if item.correct {
            correct_total += 1;
            correct_kept += usize::from(counted);
        }
        match (counted, item.correct) {
            (true, true) => {
                right += 1;
                // `EVIDENCE_ALL=1` lists the right ones too, to see what a rule would lose.
                if std::env::var_os("EVIDENCE_ALL").is_some() {
                    lines.push(format!(
                        "counted, right: {} {} — {} {{{matched}}}",
                        item.question, item.indicator, item.text
                    ));
                }
            }
            (true, false) => {
                wrong += 1;
                lines.push(format!(
                    "counted, wrong: {} {} — {} [{}] {{{matched}}}",
                    item.question, item.indicator, item.text, item.why
                ));
            }
            (false, true) => lines.push(format!(
                "missed, right: {} {} — {} [{}]",
                item.question, item.indicator, item.text, item.why
            )),
            (false, false) => {}
        }
    }
    let precision = right as f64 / (right + wrong).max(1) as f64;
    let recall = correct_kept as f64 / correct_total.max(1) as f64;
    let report = format!(
        "{} items; counted {} ({} right, {} wrong); precision {precision:.3}; \
         labelled-correct still counted {correct_kept}/{correct_total} ({recall:.3})\n{}",
        items.len(),
        right + wrong,
        right,
        wrong,
        lines.join("\n")
    );
    println!("{report}");
    assert!(items.len() >= 300, "{} labelled items", items.len());
    assert!(precision >= MIN_PRECISION, "{report}");
    assert!(recall >= MIN_RECALL, "{report}");
}

/// Reports in forms the verb rules miss: the accord as the subject of its own report ("the
/// talks took place"), and the acting side's possessive before the kind's noun ("Moscow's
/// annexation of the region"). Sentences written for this test.
/// Whether `text`, published on 10 April 2024, puts the question asked in `question` (open
/// March to June 2024) in the reported state.
fn reported(coder: &Coder, question: &str, text: &str) -> bool {
    let src = format!(
        "id = \"q\"\nquestion = \"{question}\"\nopens = 2024-03-01\ndeadline = 2024-06-30\n"
    );
    let file = parse_question_file(&src, "q.toml").unwrap();
    let day = NaiveDate::from_ymd_opt(2024, 4, 10).unwrap();
    let coded = coder.code_sentence(text, Some(day));
    let obs = Observation {
        sentence_id: 1,
        document_id: 1,
        published: day,
        text: text.into(),
        events: coded.events,
        actors: coded.actors,
        document_title: None,
        document_source: Some("fixture".into()),
        duplicate_of: None,
    };
    forecast(&file.question, &[obs], day).reported.is_some()
}

#[test]
fn an_accord_under_way_and_a_possessed_act_are_reports() {
    let coder = Coder::new(Arc::new(Gazetteer::builtin()));
    let reported = |question: &str, text: &str| reported(&coder, question, text);
    let talks = "Will Armenia and Azerbaijan hold talks by 30 June 2024?";
    assert!(reported(
        talks,
        "The talks took place in Almaty after Azerbaijan and Armenia exchanged fire on the border."
    ));
    assert!(!reported(
        talks,
        "Talks between Armenia and Azerbaijan will resume next month, officials said."
    ));
    let annex = "Will Russia annex Transnistria by 30 June 2024?";
    assert!(reported(
        annex,
        "Crowds gathered in Chisinau despite Moscow's annexation of Transnistria."
    ));
    assert!(!reported(
        annex,
        "Officials in Chisinau fear a Russian annexation of Transnistria."
    ));
    // A headline naming the event by its doer and its noun before a colon presupposes it;
    // the same headline about the side acted on, or with speculation, does not.
    let coup = "Will the military seize power in Guinea by 30 June 2024?";
    assert!(reported(
        coup,
        "Guinea coup: the return of the strongmen to West Africa."
    ));
    assert!(!reported(
        coup,
        "Guinea coup: what would happen if the army moved."
    ));
    assert!(!reported(
        coup,
        "Guinea junta: elections are delayed again."
    ));
}

/// A report's speculation words count in its own phrase: "more expected" after a comma does
/// not unsay the arrival before it; "may" in the phrase of the report does. Sentences written
/// for this test.
#[test]
fn speculation_beside_a_report_leaves_it_a_report() {
    let coder = Coder::new(Arc::new(Gazetteer::builtin()));
    let question = "Will the US deploy troops to Poland by 30 June 2024?";
    assert!(reported(
        &coder,
        question,
        "The first US troops were deployed to Poland on Tuesday, with more expected next month."
    ));
    assert!(!reported(
        &coder,
        question,
        "US troops may be deployed to Poland, with a decision expected next month."
    ));
}
