//! A question written back as an editable question file: everything that was read from its
//! words or derived from its kind, so an analyst can see it and correct it. Parsing the
//! output gives the same question (`question show --toml` round-trips).

use chrono::NaiveDate;
use forewarn_model::{EventType, Indicator};
use serde::Serialize;

use crate::template::{CountSpec, QuestionFile};

#[derive(Serialize)]
struct Shown<'a> {
    id: &'a str,
    question: &'a str,
    opens: NaiveDate,
    deadline: NaiveDate,
    prior: f64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    actors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    opponent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ally: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    location: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sectors: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    outcome_types: &'a [EventType],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    outcome_words: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    persons: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    crowd: &'a [crate::template::CrowdPoint],
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<&'a CountSpec>,
    #[serde(rename = "indicator")]
    indicators: &'a [Indicator],
}

/// The question file for `file`, with what was read from the words as comments on top.
pub fn question_file_toml(file: &QuestionFile) -> String {
    let q = &file.question;
    let spec = file.template.as_ref();
    let shown = Shown {
        id: &q.id,
        question: &q.question,
        opens: q.opens,
        deadline: q.deadline,
        prior: q.prior,
        tags: &q.tags,
        resolution: q.resolution.map(|r| if r.outcome { "yes" } else { "no" }),
        resolved_on: q.resolution.map(|r| r.resolved_on),
        kind: spec.map(|s| s.kind.as_str()),
        actor: spec.map(|s| s.actor.as_str()).filter(|a| !a.is_empty()),
        actors: spec.map_or(&[][..], |s| &s.actors),
        opponent: spec.and_then(|s| s.opponent.as_deref()),
        ally: spec.and_then(|s| s.ally.as_deref()),
        location: spec.map_or(&[][..], |s| &s.location),
        sectors: spec.map_or(&[][..], |s| &s.sectors),
        outcome_types: spec.map_or(&[][..], |s| &s.outcome_types),
        outcome_words: spec.map_or(&[][..], |s| &s.outcome_words),
        persons: spec.map_or(&[][..], |s| &s.persons),
        crowd: &file.crowd,
        count: spec.and_then(|s| s.count.as_ref()),
        indicators: &q.indicators,
    };
    let mut out = String::new();
    if let Some(u) = &file.understanding {
        out.push_str("# Read from the question's words (edit any field to correct it):\n");
        for note in &u.notes {
            out.push_str(&format!("#   {note}\n"));
        }
    }
    if !file.prior_given {
        out.push_str(&format!(
            "# prior: the {} kind's reference rate over a {}-day window (docs/questions.md)\n",
            spec.map_or("default", |s| s.kind.as_str()),
            (q.deadline - q.opens).num_days()
        ));
    }
    match toml::to_string(&shown) {
        Ok(body) => out.push_str(&body),
        // Every field above is plain data; a failure here is a bug worth showing, not hiding.
        Err(e) => out.push_str(&format!("# could not write the question file: {e}\n")),
    }
    out
}
