//! Question files: the happy path, and one test per kind of error.

use forewarn_forecast::{QuestionErrorKind, parse_question};
use forewarn_model::{Direction, EventType};

const BELARUS: &str = include_str!("fixtures/belarus.toml");

#[test]
fn parses_the_example_question() {
    let q = parse_question(BELARUS, "belarus.toml").unwrap();
    insta::assert_yaml_snapshot!(q);
    assert_eq!(q.indicators[2].direction, Direction::Against);
    assert_eq!(
        q.indicators[1].matcher.event_types,
        vec![EventType::Mobilize, EventType::Cooperate]
    );
}

#[test]
fn dates_as_strings_and_resolution() {
    let src = BELARUS.replace(
        "opens = 2022-10-01",
        "opens = \"2022-10-01\"\nresolution = \"no\"\nresolved_on = 2023-03-01",
    );
    let q = parse_question(&src, "b.toml").unwrap();
    let r = q.resolution.unwrap();
    assert!(!r.outcome);
    assert_eq!(r.resolved_on.to_string(), "2023-03-01");
}

const MINIMAL: &str = r#"id = "q"
question = "Will it?"
opens = 2022-10-01
deadline = 2023-03-01
prior = 0.1
"#;

const INDICATOR: &str = r#"
[[indicator]]
id = "a"
label = "A"
direction = "for"
weight = 0.7
half_life_days = 30
match = { event_types = ["MOBILIZE"] }
"#;

/// (case, source) → the rendered error. Snapshotted together so the messages can be reviewed
/// side by side.
fn error_cases() -> Vec<(&'static str, String)> {
    let with = |a: &str, b: &str| format!("{MINIMAL}{INDICATOR}").replacen(a, b, 1);
    let two = format!("{MINIMAL}{INDICATOR}{INDICATOR}");
    vec![
        (
            "malformed toml",
            format!("{MINIMAL}{INDICATOR}").replace("weight = 0.7", "weight = = 0.7"),
        ),
        (
            "unknown indicator field",
            with("weight = 0.7", "wieght = 0.7"),
        ),
        (
            "unknown top-level field",
            format!("{MINIMAL}priors = 0.2\n"),
        ),
        ("unknown match field", with("event_types", "event_type")),
        ("missing field", MINIMAL.replace("id = \"q\"\n", "")),
        (
            "no deadline anywhere",
            MINIMAL.replace("deadline = 2023-03-01\n", ""),
        ),
        (
            "wrong type",
            MINIMAL.replace("prior = 0.1", "prior = \"high\""),
        ),
        (
            "bad date",
            MINIMAL.replace("opens = 2022-10-01", "opens = \"October 1\""),
        ),
        (
            "datetime not date",
            MINIMAL.replace("opens = 2022-10-01", "opens = 2022-10-01T10:00:00Z"),
        ),
        ("prior zero", MINIMAL.replace("prior = 0.1", "prior = 0")),
        ("prior one", MINIMAL.replace("prior = 0.1", "prior = 1.0")),
        (
            "deadline before opens",
            MINIMAL.replace("deadline = 2023-03-01", "deadline = 2022-10-01"),
        ),
        (
            "negative weight",
            format!(
                "{MINIMAL}{INDICATOR}{}",
                INDICATOR
                    .replace("id = \"a\"", "id = \"c\"")
                    .replace("weight = 0.7", "weight = -0.7")
            ),
        ),
        (
            "zero half-life",
            with("half_life_days = 30", "half_life_days = 0"),
        ),
        ("duplicate indicator id", two),
        (
            "unknown event type",
            with("[\"MOBILIZE\"]", "[\"MOBILISE\"]"),
        ),
        (
            "bad direction",
            with("direction = \"for\"", "direction = \"up\""),
        ),
        (
            "bad resolution",
            format!("{MINIMAL}resolution = \"maybe\"\nresolved_on = 2023-03-01\n"),
        ),
        (
            "resolution without date",
            format!("{MINIMAL}resolution = \"yes\"\n"),
        ),
        ("empty id", MINIMAL.replace("id = \"q\"", "id = \" \"")),
    ]
}

#[test]
fn error_messages() {
    let rendered: Vec<String> = error_cases()
        .into_iter()
        .map(|(case, src)| match parse_question(&src, "belarus.toml") {
            Ok(_) => panic!("{case}: parsed"),
            Err(e) => format!("{case}: {e}"),
        })
        .collect();
    insta::assert_yaml_snapshot!(rendered);
}

fn err(case: &str) -> forewarn_forecast::QuestionError {
    let (_, src) = error_cases().into_iter().find(|(c, _)| *c == case).unwrap();
    parse_question(&src, "belarus.toml").unwrap_err()
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    let e = err("malformed toml");
    assert!(matches!(e.kind, QuestionErrorKind::Toml(_)));
    assert_eq!((e.origin.as_str(), e.line), ("belarus.toml", 11));
    assert!(e.to_string().starts_with("belarus.toml:11:"), "{e}");
}

#[test]
fn unknown_indicator_field_is_named_with_its_line() {
    let e = err("unknown indicator field");
    assert_eq!(e.line, 11);
    assert!(
        e.to_string()
            .contains("unknown field `wieght`, expected one of"),
        "{e}"
    );
}

#[test]
fn validation_errors_name_the_field() {
    let cases = [
        ("prior zero", "prior", 5),
        ("deadline before opens", "deadline", 4),
        ("negative weight", "indicator[1].weight", 19),
        ("zero half-life", "indicator[0].half_life_days", 12),
        ("duplicate indicator id", "indicator[1].id", 16),
        (
            "unknown event type",
            "indicator[0].match.event_types[0]",
            13,
        ),
        ("bad direction", "indicator[0].direction", 10),
        ("bad date", "opens", 3),
    ];
    for (case, field, line) in cases {
        let e = err(case);
        assert_eq!(e.field.as_deref(), Some(field), "{case}: {e}");
        assert_eq!(e.line, line, "{case}: {e}");
    }
    assert!(matches!(err("prior one").kind, QuestionErrorKind::PriorOutOfRange(p) if p == 1.0));
    assert!(matches!(
        err("deadline before opens").kind,
        QuestionErrorKind::DeadlineNotAfterOpens { .. }
    ));
    assert!(
        matches!(err("negative weight").kind, QuestionErrorKind::NegativeWeight(w) if w == -0.7)
    );
    assert!(matches!(
        err("zero half-life").kind,
        QuestionErrorKind::NonPositiveHalfLife(_)
    ));
    assert!(
        matches!(err("duplicate indicator id").kind, QuestionErrorKind::DuplicateIndicatorId(ref id) if id == "a")
    );
    assert!(matches!(
        err("unknown event type").kind,
        QuestionErrorKind::UnknownEventType(_)
    ));
}
