//! A question's forecast over what `forewarn_report` reads — the candidates its query finds by
//! index, or the matches recorded for it plus what came since — equals its forecast over every
//! stored observation: the index and the records only save reading, they never change an answer.
//!
//! The store holds the demo corpus and the sentences of the evidence fixture (retold news the
//! development backtests matched), so the development questions all have evidence to find.
#![allow(clippy::disallowed_methods)] // reads the repository's own corpus and fixture files

use std::path::{Path, PathBuf};

use forewarn_forecast::{candidate_query, forecast, parse_question_file};
use forewarn_model::{Document, Question};
use forewarn_pipeline::Pipeline;
use forewarn_store::{RecordedMatches, Store};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn toml_paths(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(repo(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
}

fn questions() -> Vec<Question> {
    let mut out = Vec::new();
    for dir in ["questions/dev", "demo/questions"] {
        for p in toml_paths(dir) {
            let src = std::fs::read_to_string(&p).unwrap();
            out.push(
                parse_question_file(&src, &p.display().to_string())
                    .unwrap()
                    .question,
            );
        }
    }
    out
}

/// Each fixture item as a one-sentence document of its day, from its own outlet so that items
/// corroborate one another as separate reports would.
fn fixture_documents() -> Vec<Document> {
    let mut docs = Vec::new();
    for p in toml_paths("crates/forewarn-forecast/tests/fixtures/evidence") {
        let table: toml::Table = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        for (i, item) in table["item"].as_array().unwrap().iter().enumerate() {
            let text = item["text"].as_str().unwrap();
            let published = item["published"].as_str().unwrap();
            let source = format!("outlet{}", i % 7);
            let bytes = format!("---\npublished: {published}\nsource: {source}\n---\n{text}\n");
            let name = format!("{}-{i}.txt", p.file_stem().unwrap().to_string_lossy());
            docs.extend(
                forewarn_ingest::read_bytes(&name, bytes.as_bytes(), &Default::default()).documents,
            );
        }
    }
    docs
}

/// What a question reads with the recorded matches of all questions read once (as a forecast
/// of many does) is what it reads alone, whenever `recorded` was read.
fn compare_recorded(
    store: &Store,
    questions: &[Question],
    recorded: &RecordedMatches,
    stage: &str,
) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    for q in questions {
        for requested in [None, Some(q.opens + (q.deadline - q.opens) / 2)] {
            let alone = forewarn_report::observations_as_of(store, q, requested, today).unwrap();
            let shared =
                forewarn_report::observations_as_of_recorded(store, q, requested, today, recorded)
                    .unwrap();
            assert_eq!(shared, alone, "{stage}: {} as of {requested:?}", q.id);
        }
    }
}

/// Every question's forecast on a few dates, from what `forewarn_report` reads against what
/// every stored observation gives; returns how many had evidence.
fn compare(store: &Store, questions: &[Question], stage: &str) -> (usize, usize) {
    compare_recorded(store, questions, &store.recorded_matches().unwrap(), stage);
    let everything = store.observations(None).unwrap();
    let (mut compared, mut with_evidence) = (0, 0);
    for q in questions {
        let mut all = everything.clone();
        all.extend(forewarn_report::surge_observations(store, q, None).unwrap());
        let read = forewarn_report::observations_for(store, q, None).unwrap();
        let days = (q.deadline - q.opens).num_days();
        for step in [days / 2, days] {
            let as_of = q.opens + chrono::Duration::days(step);
            let expected = forecast(q, &all, as_of);
            let got = forecast(q, &read, as_of);
            assert_eq!(got, expected, "{stage}: {} as of {as_of}", q.id);
            if step < days {
                let capped = forewarn_report::observations_for(store, q, Some(as_of)).unwrap();
                assert!(capped.iter().all(|o| o.published <= as_of));
                let got = forecast(q, &capped, as_of);
                assert_eq!(got, expected, "{stage}: {} capped at {as_of}", q.id);
            }
            with_evidence += usize::from(!expected.contributions.is_empty());
            compared += 1;
        }
    }
    (compared, with_evidence)
}

#[test]
fn forecasts_over_candidates_and_recorded_matches_equal_forecasts_over_everything() {
    let mut store = Store::open_in_memory().unwrap();
    let mut pipeline = Pipeline::new(&store).unwrap();
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(repo("demo/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    let now = "2026-12-02T00:00:00Z";
    pipeline
        .ingest_files(&mut store, &corpus, &Default::default(), now, |_| {})
        .unwrap();
    let mut fixture = fixture_documents();
    let later = fixture.split_off(fixture.len() / 2);
    let added = pipeline
        .add_documents(&mut store, fixture, now)
        .unwrap()
        .added;
    let questions = questions();

    // The store finds exactly what each query admits, in the same order.
    let everything = store.observations(None).unwrap();
    let mut read = 0;
    for q in &questions {
        let query = candidate_query(q);
        let candidates = store.observations_matching(None, &query, 0).unwrap();
        let admitted: Vec<_> = everything
            .iter()
            .filter(|o| query.admits(o))
            .cloned()
            .collect();
        assert_eq!(
            candidates, admitted,
            "{}: candidates differ from the query's own reading",
            q.id
        );
        read += candidates.len();
    }
    println!(
        "{read} candidates read against {} observations per question",
        everything.len()
    );

    // Before any scan: candidates found by index.
    let (compared, with_evidence) = compare(&store, &questions, "unscanned");
    // The comparison means something only if many forecasts have evidence to lose.
    assert!(
        with_evidence * 3 > compared,
        "{with_evidence} of {compared}"
    );

    // Scanned: recorded matches.
    let mut matched = 0;
    for q in &questions {
        matched += forewarn_report::update_matches(&mut store, q).unwrap().1;
    }
    assert!(matched > 0);
    assert_eq!(
        forewarn_report::update_matches(&mut store, &questions[0]).unwrap(),
        (0, 0)
    );
    compare(&store, &questions, "scanned");

    // New documents since the scan: recorded matches plus what came after.
    let added_later = pipeline
        .add_documents(&mut store, later, now)
        .unwrap()
        .added;
    assert!(
        added + added_later >= 300,
        "{added} + {added_later} fixture documents stored"
    );
    compare(&store, &questions, "stale");
    let before_rescan = store.recorded_matches().unwrap();
    for q in &questions {
        forewarn_report::update_matches(&mut store, q).unwrap();
    }
    compare(&store, &questions, "rescanned");
    // Matches recorded after the shared read are not in it: the question reads them itself.
    compare_recorded(&store, &questions, &before_rescan, "rescanned, read before");

    // An edited question no longer fits its recorded matches: they are not used, then replaced.
    let mut edited = questions.clone();
    for q in &mut edited {
        q.indicators
            .retain(|i| i.direction == forewarn_model::Direction::For);
    }
    compare(&store, &edited, "edited");
    for q in &edited {
        forewarn_report::update_matches(&mut store, q).unwrap();
    }
    compare(&store, &edited, "edited and rescanned");
}
