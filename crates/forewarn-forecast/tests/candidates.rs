//! The candidate query of a question admits every sentence its indicators match, and few else.
//!
//! Every development question is checked against every sentence of the evidence fixture (the
//! sentences the development backtests matched, retold, coded afresh), so each question meets
//! both its own evidence and the other questions'.
#![allow(clippy::disallowed_methods)] // reads the repository's own question and fixture files

mod common;

use std::sync::Arc;

use forewarn_code::Coder;
use forewarn_forecast::{candidate_query, matches, parse_question_file};
use forewarn_gazetteer::Gazetteer;
use forewarn_model::{CandidateQuery, Observation, Question};

fn dev_questions() -> Vec<Question> {
    common::toml_files("../../questions/dev")
        .into_iter()
        .map(|(name, src)| parse_question_file(&src, &name).unwrap().question)
        .collect()
}

fn fixture_observations() -> Vec<Observation> {
    let coder = Coder::new(Arc::new(Gazetteer::builtin()));
    let mut out = Vec::new();
    for (name, text) in common::toml_files("tests/fixtures/evidence") {
        let fixture: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for item in fixture["item"].as_array().unwrap() {
            let text = item["text"].as_str().unwrap().to_string();
            let published = item["published"].as_str().unwrap().parse().unwrap();
            let coded = coder.code_sentence(&text, Some(published));
            out.push(Observation {
                sentence_id: out.len() as i64 + 1,
                document_id: out.len() as i64 + 1,
                published,
                text,
                events: coded.events,
                actors: coded.actors,
                document_title: None,
                document_source: Some("fixture".into()),
                duplicate_of: None,
            });
        }
    }
    out
}

#[test]
fn candidates_hold_every_match_and_narrow_the_rest() {
    let questions = dev_questions();
    let observations = fixture_observations();
    assert!(questions.len() >= 40 && observations.len() >= 300);
    let (mut matched, mut admitted, mut everything) = (0usize, 0usize, Vec::new());
    for q in &questions {
        let query = candidate_query(q);
        if query == CandidateQuery::Everything {
            everything.push(q.id.clone());
        }
        for obs in &observations {
            let admits = query.admits(obs);
            admitted += usize::from(admits);
            for ind in &q.indicators {
                if matches(ind, obs).is_some() {
                    matched += 1;
                    assert!(
                        admits,
                        "{}: indicator {} matches but the candidate query {query:?} does not admit: {}",
                        q.id, ind.id, obs.text
                    );
                }
            }
        }
    }
    let pairs = questions.len() * observations.len();
    println!(
        "{} questions × {} sentences: {admitted} admitted ({:.1}%), {matched} indicator matches; \
         read everything: {everything:?}",
        questions.len(),
        observations.len(),
        100.0 * admitted as f64 / pairs as f64
    );
    // Every development question is narrowed by its indexes, and together they admit a small
    // share of sentences that are, all of them, about war and diplomacy.
    assert!(everything.is_empty(), "{everything:?}");
    assert!(matched > 0);
    assert!(admitted * 3 < pairs, "{admitted} of {pairs} admitted");
}
