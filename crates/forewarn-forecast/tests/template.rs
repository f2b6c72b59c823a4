//! Question templates: a question written as a template plus actors gets the standard
//! indicator set.

use forewarn_forecast::{QuestionErrorKind, TemplateKind, parse_question, parse_question_file};
use forewarn_model::Direction;

const ENTERS_WAR: &str = r#"
id = "belarus-enters"
question = "Will Belarus enter the war against Ukraine before 2023-03-01?"
template = "enters-war"
actor = "BLR"
opponent = "UKR"
ally = "RUS"
opens = 2022-10-01
deadline = 2023-03-01
"#;

fn summary(src: &str) -> Vec<String> {
    let q = parse_question(src, "q.toml").unwrap();
    // Three decimals: the shipped fit scales the library's weights and shifts its priors.
    let mut out = vec![format!("prior {:.3}", q.prior)];
    out.extend(q.indicators.iter().map(|i| {
        format!(
            "{} [{} {:.3} h{}] {} — types {:?} source {:?} target {:?} keywords {}",
            i.id,
            i.direction.as_str(),
            i.weight,
            i.half_life_days,
            i.label,
            i.matcher.event_types,
            i.matcher.source,
            i.matcher.target,
            i.matcher.keywords.len()
        )
    }));
    out
}

#[test]
fn enters_war_from_actors_only() {
    let q = parse_question(ENTERS_WAR, "q.toml").unwrap();
    // The kind's reference rate over the 151-day window, shifted as the shipped fit says.
    let library = forewarn_forecast::kind_prior(TemplateKind::EntersWar, 151.0);
    let shift = forewarn_forecast::shipped_params().prior_shift;
    let shifted = forewarn_forecast::logistic(forewarn_forecast::logit(library) + shift);
    assert!((q.prior - shifted).abs() < 1e-12);
    let ids: Vec<&str> = q.indicators.iter().map(|i| i.id.as_str()).collect();
    for wanted in [
        "enters-war/mobilisation",
        "enters-war/forces-massed-at-border",
        "enters-war/allied-forces-stationed",
        "enters-war/leader-consults-belligerent",
        "enters-war/joint-exercises",
        "enters-war/border-incidents",
        "enters-war/embassy-evacuations",
        "enters-war/threats",
        "enters-war/official-denial",
        "enters-war/domestic-opposition",
        "enters-war/army-dependence",
        "enters-war/ally-setbacks",
    ] {
        assert!(ids.contains(&wanted), "{wanted} missing from {ids:?}");
    }
    assert!(
        q.indicators
            .iter()
            .any(|i| i.direction == Direction::Against)
    );
    insta::assert_yaml_snapshot!(summary(ENTERS_WAR));
}

#[test]
fn every_template_expands() {
    for (name, extra) in [
        ("invades", "opponent = \"UKR\"\n"),
        ("talks", "opponent = \"UKR\"\n"),
        ("talks-or-ceasefire", "opponent = \"UKR\"\n"),
        ("ceasefire", "opponent = \"UKR\"\n"),
        (
            "event-count-surge",
            "count = { event_types = [\"ASSAULT\"], ratio = 10 }\n",
        ),
    ] {
        let src = format!(
            "id = \"q\"\nquestion = \"?\"\ntemplate = \"{name}\"\nactor = \"RUS\"\n{extra}opens = 2022-02-01\ndeadline = 2022-03-01\n"
        );
        insta::assert_yaml_snapshot!(name, summary(&src));
    }
}

#[test]
fn file_indicators_override_template_ones() {
    let src = format!(
        "{ENTERS_WAR}prior = 0.2\n[[indicator]]\nid = \"enters-war/threats\"\nlabel = \"Threats\"\ndirection = \"for\"\nweight = 1.5\nhalf_life_days = 10\n"
    );
    let f = parse_question_file(&src, "q.toml").unwrap();
    assert!(f.prior_given);
    assert_eq!(f.question.prior, 0.2);
    assert_eq!(f.template.unwrap().kind, TemplateKind::EntersWar);
    let threats: Vec<_> = f
        .question
        .indicators
        .iter()
        .filter(|i| i.id == "enters-war/threats")
        .collect();
    assert_eq!(threats.len(), 1);
    assert_eq!(threats[0].weight, 1.5);
}

#[test]
fn template_errors() {
    let cases = [
        (ENTERS_WAR.replace("enters-war\"", "joins-war\""), "unknown"),
        // Sides missing from the file and from the question's words.
        (
            ENTERS_WAR
                .replace("opponent = \"UKR\"\n", "")
                .replace("the war against Ukraine", "the war"),
            "opponent",
        ),
        (
            ENTERS_WAR
                .replace("actor = \"BLR\"\n", "")
                .replace("Will Belarus enter", "Will they enter"),
            "actor",
        ),
        (
            format!("{ENTERS_WAR}crowd = [{{ date = 2022-11-01, p = 1.5 }}]\n"),
            "crowd",
        ),
        (format!("{ENTERS_WAR}count = {{ ratio = 2 }}\n"), "count"),
    ];
    let rendered: Vec<String> = cases
        .iter()
        .map(|(src, case)| {
            let e = parse_question(src, "q.toml").unwrap_err();
            assert!(!matches!(e.kind, QuestionErrorKind::Toml(_)), "{case}: {e}");
            format!("{case}: {e}")
        })
        .collect();
    insta::assert_yaml_snapshot!(rendered);
}
