//! One test per status flag and per structural rule, each over a handful of sentences.

use std::sync::{Arc, LazyLock};

use forewarn_code::Coder;
use forewarn_model::{Event, EventType};

static CODER: LazyLock<Coder> =
    LazyLock::new(|| Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin())));

fn main_event(text: &str) -> Event {
    let coded = CODER.code_sentence(text, None);
    coded
        .events
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no event in {text:?}"))
}

/// The main act, after any statement of intent about it.
fn act(text: &str) -> Event {
    let coded = CODER.code_sentence(text, None);
    coded
        .events
        .into_iter()
        .find(|e| !forewarn_code::is_statement(e))
        .unwrap_or_else(|| panic!("no act in {text:?}"))
}

fn countries(e: &Event, target: bool) -> Vec<String> {
    let v = if target { &e.target } else { &e.source };
    v.iter().filter_map(|a| a.country.clone()).collect()
}

#[test]
fn negation_cues() {
    for text in [
        "Belarus did not send troops to Ukraine.",
        "Belarus won't send troops to Ukraine.",
        "Belarus will not send troops to Ukraine.",
        "Lukashenko refused to send troops to Ukraine.",
        "Minsk denied that it had deployed troops to the border.",
        "Lukashenko made no indication that he would fight with Russia in Ukraine.",
        "Lukashenko has held firm on staying out of the conflict.",
        "Lukashenko is doing his best not to send the army to Ukraine.",
        "Belarusian society is against getting involved.",
    ] {
        let coded = CODER.code_sentence(text, None);
        assert!(
            coded
                .events
                .iter()
                .any(|e| e.negated && e.event_type != EventType::Reject),
            "{text}: {:#?}",
            coded.events
        );
    }
}

#[test]
fn hypothetical_cues() {
    for text in [
        "Lukashenko may be preparing his country for an offensive against Ukraine.",
        "Belarus might attack Ukraine from the north.",
        "Belarus could deploy troops to the border.",
        "Russia would strike Kyiv again.",
        "If Belarus attacks Ukraine, the war will widen.",
        "Experts fear that Belarus will invade Ukraine.",
        "Analysts are worried that Russia will launch an offensive from Belarus.",
        "Many assumed the visit was meant to drag Belarus into the war and to invade Ukraine.",
        "Belarus is preparing to invade Ukraine.",
        "It is unlikely Belarus will enter the war.",
        "If they go to Ukraine, they will either die or get wounded.",
        "Officials say Belarus is on the verge of invading Ukraine.",
        "Russian attack on Moldova? Officials in Chisinau said they see no sign of one.",
    ] {
        let coded = CODER.code_sentence(text, None);
        assert!(
            coded.events.iter().any(|e| e.hypothetical),
            "{text}: {:#?}",
            coded.events
        );
        assert!(
            !coded.events.first().is_some_and(Event::is_factual),
            "{text}"
        );
    }
}

/// An act named as what is talked about, weighed, proposed or judged is not an act that
/// happened, in any of the shapes a gerund or action noun can take.
#[test]
fn acts_under_talk_or_stance_are_not_factual() {
    for (text, ty) in [
        // object of a preposition after a word of stance or talk
        (
            "Latvia has doubts about deploying troops to the border.",
            EventType::Mobilize,
        ),
        (
            "Analysts dismissed talk of invading the island.",
            EventType::Assault,
        ),
        (
            "The idea of sending tanks to Ukraine split the coalition.",
            EventType::Aid,
        ),
        (
            "Officials spoke of the danger of a new offensive.",
            EventType::Assault,
        ),
        (
            "Georgia issued warnings against attacking its ports.",
            EventType::Assault,
        ),
        (
            "Minsk called the idea of Poland invading Belarus absurd.",
            EventType::Assault,
        ),
        // a gerund clause as the subject of a modal or a present judgement
        (
            "Invading would be a tragic miscalculation.",
            EventType::Assault,
        ),
        (
            "He said attacking Kyiv again could mean a longer war.",
            EventType::Assault,
        ),
        (
            "Sending conscripts abroad is the one order he fears giving.",
            EventType::Mobilize,
        ),
        (
            "“Sending soldiers to fight in Ukraine is a step too far,” one officer said.",
            EventType::Mobilize,
        ),
        // a gerund as the object of a verb that proposes, weighs or delays
        (
            "Finland is weighing closing its eastern border.",
            EventType::Coerce,
        ),
        (
            "Lithuania postponed expelling the Russian diplomats.",
            EventType::Sanction,
        ),
        // "ruled out" negates
        (
            "Hungary ruled out sending troops to Ukraine.",
            EventType::Mobilize,
        ),
    ] {
        let coded = CODER.code_sentence(text, None);
        let acts: Vec<&Event> = coded.events.iter().filter(|e| e.event_type == ty).collect();
        assert!(!acts.is_empty(), "{text}: no {ty}: {:#?}", coded.events);
        assert!(
            acts.iter().all(|e| !e.is_factual()),
            "{text}: {:#?}",
            coded.events
        );
    }
}

#[test]
fn gerunds_that_report_the_act_stay_factual() {
    for text in [
        "Russian forces began invading from the north.",
        "After invading Crimea in 2014, Russia annexed the peninsula.",
        "Fighting erupted overnight near the border.",
        "Russia resumed shelling Kharkiv on Monday.",
        "Invading Iraq was a mistake, the former minister conceded.",
        // words of record, not of stance
        "Kyiv spoke of fighting near Bakhmut.",
        "Moscow has waged a campaign of shelling civilian areas.",
    ] {
        let e = main_event(text);
        assert_eq!(e.event_type, EventType::Assault, "{text}");
        assert!(e.is_factual(), "{text}: {e:#?}");
    }
}

#[test]
fn the_accused_plans_what_they_are_accused_of() {
    let coded = CODER.code_sentence("Kyiv accused Moscow of planning to invade Moldova.", None);
    let accuse = &coded.events[0];
    assert_eq!(accuse.event_type, EventType::Accuse);
    assert!(accuse.is_factual());
    assert_eq!(countries(accuse, false), ["UKR"]);
    let plan = coded
        .events
        .iter()
        .find(|e| e.event_type == EventType::Assault)
        .expect("the planned invasion");
    assert!(plan.future && !plan.is_factual(), "{plan:#?}");
    assert_eq!(countries(plan, false), ["RUS"]);
    assert_eq!(countries(plan, true), ["MDA"]);
}

#[test]
fn reportedly_stays_factual_with_lower_confidence() {
    let plain = main_event("A Ukrainian missile landed in Belarus.");
    let hedged = main_event("A Ukrainian missile reportedly landed in Belarus.");
    assert!(hedged.is_factual());
    assert!(hedged.confidence < plain.confidence);
}

#[test]
fn future_cues() {
    for text in [
        "Belarus will hold military exercises with Russia.",
        "Poland plans to deploy troops to the border.",
        "Putin is set to visit Minsk.",
        "Russia is expected to deploy more troops to Belarus.",
        "Lithuania is going to close its border with Belarus.",
    ] {
        let e = act(text);
        assert!(e.future, "{text}: {e:#?}");
        assert!(!e.negated, "{text}");
    }
}

#[test]
fn factual_sentences_have_no_flags() {
    for text in [
        "Belarus deployed troops to the border.",
        "Russian forces shelled Kharkiv.",
        "Putin visited Belarus.",
        "Belarus began deploying troops to the border.",
    ] {
        let e = main_event(text);
        assert!(e.is_factual(), "{text}: {e:#?}");
    }
}

#[test]
fn passive_voice_swaps_roles() {
    let e = main_event("Kyiv was attacked by Russian forces.");
    assert_eq!(e.event_type, EventType::Assault);
    assert_eq!(countries(&e, false), ["RUS"]);
    assert_eq!(countries(&e, true), ["UKR"]);
    assert!(e.rule.contains("passive"));
}

#[test]
fn reported_speech_puts_the_reported_event_first() {
    let e = main_event("Ukraine said that Russian forces attacked Kharkiv.");
    assert_eq!(e.event_type, EventType::Assault);
    assert_eq!(countries(&e, false), ["RUS"]);
    let e = main_event("Russian forces attacked Kharkiv, Ukraine said.");
    assert_eq!(countries(&e, false), ["RUS"]);
}

#[test]
fn compound_subjects_give_several_sources() {
    let e = main_event("Russia and Belarus held joint military exercises.");
    assert_eq!(e.event_type, EventType::Cooperate);
    assert_eq!(countries(&e, false), ["RUS", "BLR"]);
}

#[test]
fn capitals_are_governments() {
    let e = main_event("Moscow accused Kyiv of provocations.");
    assert_eq!(e.event_type, EventType::Accuse);
    assert_eq!(countries(&e, false), ["RUS"]);
    assert_eq!(countries(&e, true), ["UKR"]);
    assert_eq!(e.source[0].sector.as_deref(), Some("GOV"));
}

#[test]
fn every_event_says_why() {
    let coded = CODER.code_sentence("Belarus won't send troops to Ukraine.", None);
    let e = &coded.events[0];
    assert!(
        e.rule.starts_with("mobilize.send_troops: 'send'"),
        "{}",
        e.rule
    );
    assert!(e.rule.contains("negated: 'won't'"), "{}", e.rule);
    assert_eq!(
        &"Belarus won't send troops to Ukraine."[e.span.0..e.span.1],
        e.trigger
    );
}

#[test]
fn messy_text_never_panics() {
    for text in [
        "",
        "   ",
        "?!",
        "“",
        "to",
        "and and and",
        "Belarus",
        "deployed",
        "\u{feff}x — y",
        "ü'’-",
    ] {
        let _ = CODER.code_sentence(text, None);
        let _ = CODER.code_document(text, None);
    }
    let coded = CODER.code_sentence("", None);
    assert!(coded.events.is_empty());
    assert_eq!(coded.diagnostics.len(), 1);
}

#[test]
fn documents_are_split_and_indexed() {
    let text = "Belarus deployed troops to the border. Putin visited Minsk.\n\nNothing happened.";
    let (sentences, diags) = CODER.code_document(text, None);
    assert!(diags.is_empty());
    assert_eq!(sentences.len(), 3);
    assert_eq!(sentences[1].index, 1);
    assert_eq!(
        &text[sentences[1].span.0..sentences[1].span.1],
        sentences[1].text
    );
    assert_eq!(sentences[0].events[0].event_type, EventType::Mobilize);
    assert_eq!(sentences[1].events[0].event_type, EventType::Consult);
    assert!(sentences[2].events.is_empty());
}
