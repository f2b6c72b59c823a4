//! Every development question (questions/dev) is accepted in plain words, what was read from
//! it is pinned in a snapshot, and its editable file (`question show --toml`) parses back to
//! the same question.
#![allow(clippy::disallowed_methods)] // reads the repository's own question files as fixtures

mod common;

use forewarn_forecast::{parse_question_file, question_file_toml, understand};

fn dev_questions() -> Vec<(String, String)> {
    common::toml_files("../../questions/dev")
}

#[test]
fn every_dev_question_is_read_from_its_words() {
    let questions = dev_questions();
    assert!(questions.len() >= 40, "{} questions", questions.len());
    let mut summary = Vec::new();
    for (name, src) in &questions {
        let file = parse_question_file(src, name).unwrap_or_else(|e| panic!("{e}"));
        let spec = file
            .template
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no kind"));
        assert!(file.understanding.is_some(), "{name}: not read from words");
        summary.push(format!(
            "{:<44} {:<22} {:<5} → {:<5} {:<26} prior {:.3}",
            name.trim_end_matches(".toml"),
            spec.kind.as_str(),
            if spec.actor.is_empty() {
                "any"
            } else {
                &spec.actor
            },
            spec.opponent.as_deref().unwrap_or("-"),
            spec.location.join("|"),
            file.question.prior
        ));
    }
    insta::assert_snapshot!(summary.join("\n"));
}

#[test]
fn shown_files_round_trip() {
    for (name, src) in dev_questions() {
        let file = parse_question_file(&src, &name).unwrap();
        let shown = question_file_toml(&file);
        let again = parse_question_file(&shown, &name)
            .unwrap_or_else(|e| panic!("{name}: the shown file does not parse: {e}\n{shown}"));
        assert_eq!(again.question, file.question, "{name}");
        assert_eq!(
            question_file_toml(&again)
                .lines()
                .filter(|l| !l.starts_with('#'))
                .count(),
            shown.lines().filter(|l| !l.starts_with('#')).count(),
            "{name}"
        );
    }
}

#[test]
fn derived_spec_of_one_question() {
    let (_, src) = dev_questions()
        .into_iter()
        .find(|(n, _)| n.starts_with("azerbaijan-offensive-armenia"))
        .unwrap();
    let file = parse_question_file(&src, "azerbaijan.toml").unwrap();
    insta::assert_snapshot!(question_file_toml(&file));
}

#[test]
fn a_question_no_kind_fits_gets_its_type_from_the_coder() {
    let u = understand(
        "Will Turkey expel the Swedish ambassador before 1 March 2023?",
        chrono::NaiveDate::from_ymd_opt(2023, 1, 10),
    );
    assert_eq!(u.spec.actor, "TUR");
    assert!(u.deadline.is_some());
    // Whatever the kind, the question yields indicators of its own.
    let src = "id = \"x\"\nquestion = \"Will Turkey expel the Swedish ambassador before 1 March 2023?\"\nopens = 2023-01-10\n";
    let file = parse_question_file(src, "x.toml").unwrap();
    assert!(
        file.question
            .indicators
            .iter()
            .any(|i| i.role == forewarn_model::IndicatorRole::Outcome)
    );
}
