//! Surges as evidence: daily counts scored against their rolling baseline, and each flagged day
//! turned into an observation that `match.surge` indicators can match.

use chrono::NaiveDate;
use forewarn_events::surge::{self, SurgeDay, SurgeParams};
use forewarn_model::{
    ActorRef, Event, EventType, Location, Measure, Observation, Question, SURGE_RULE_PREFIX,
};
use forewarn_store::{CountFilter, Store, StoreError};

/// The scored daily series for a filter, dense from the first day of the selected datasets (so
/// quiet days before the first matching event count as zeros) to the last.
pub fn scored_series(
    store: &Store,
    filter: &CountFilter,
    params: &SurgeParams,
) -> Result<Vec<SurgeDay>, StoreError> {
    Ok(surge::score(&dense_series(store, filter)?, params))
}

/// The flagged days of [`scored_series`].
fn flagged_days(
    store: &Store,
    filter: &CountFilter,
    params: &SurgeParams,
) -> Result<Vec<SurgeDay>, StoreError> {
    Ok(surge::flagged(&dense_series(store, filter)?, params))
}

/// The daily series for a filter, dense as [`scored_series`] scores it.
fn dense_series(store: &Store, filter: &CountFilter) -> Result<Vec<(NaiveDate, u64)>, StoreError> {
    let span = store.daily_counts(&CountFilter {
        datasets: filter.datasets.clone(),
        until: filter.until,
        measure: filter.measure,
        ..Default::default()
    })?;
    let (Some(first), Some(last)) = (span.first(), span.last()) else {
        return Ok(vec![]);
    };
    let counts = store.daily_counts(filter)?;
    Ok(surge::dense(&counts, first.0, last.0))
}

/// One observation per flagged day for each surge indicator of the question. A surge day is
/// "published" on its own date and its z-score only looks back, so replaying as of any date
/// stays free of lookahead.
pub fn surge_observations(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
) -> Result<Vec<Observation>, StoreError> {
    let mut out = Vec::new();
    for (i, indicator) in question.indicators.iter().enumerate() {
        let Some(surge) = &indicator.matcher.surge else {
            continue;
        };
        let upper = |v: &[String]| {
            v.iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect::<Vec<_>>()
        };
        let filter = CountFilter {
            source: upper(&surge.source),
            location: upper(&surge.location),
            event_types: surge
                .event_type
                .map(|t| vec![t.as_str().to_string()])
                .unwrap_or_default(),
            until: as_of,
            measure: surge.measure,
            ..Default::default()
        };
        let params = SurgeParams {
            min_z: surge.min_z,
            ..Default::default()
        };
        for (j, day) in flagged_days(store, &filter, &params)?.iter().enumerate() {
            // Negative ids keep surge days apart from stored sentences and documents.
            let id = -((i as i64 + 1) * 1_000_000 + j as i64);
            out.push(observation(
                id,
                &indicator.label,
                surge.event_type,
                &filter,
                day,
            ));
        }
    }
    Ok(out)
}

fn observation(
    id: i64,
    label: &str,
    event_type: Option<EventType>,
    filter: &CountFilter,
    day: &SurgeDay,
) -> Observation {
    let place = filter.location.join("+");
    let (counted, noun) = match filter.measure {
        Measure::Events => ("events", "event"),
        Measure::Mentions => ("articles mentioning events", "mention"),
        Measure::Articles => ("articles naming the country", "article"),
    };
    let text = format!(
        "Surge: {} {}{counted}{} on {} against about {:.1} expected (z = {:.1}).",
        day.count,
        event_type.map_or(String::new(), |t| format!("{} ", t.as_str())),
        if place.is_empty() {
            String::new()
        } else {
            format!(" in {place}")
        },
        day.date,
        day.expected,
        day.z
    );
    let event = Event {
        // An untyped surge still needs a type on its one event; matching ignores it then.
        event_type: event_type.unwrap_or(EventType::Assault),
        mode: None,
        // `surge_match` tells the measures apart by this context.
        context: match filter.measure {
            Measure::Events => vec!["surge".to_string()],
            other => vec!["surge".to_string(), other.as_str().to_string()],
        },
        cameo: None,
        source: filter
            .source
            .iter()
            .map(|c| ActorRef {
                text: c.clone(),
                country: Some(c.clone()),
                ..ActorRef::default()
            })
            .collect(),
        target: Vec::new(),
        location: filter.location.first().map(|c| Location {
            name: c.clone(),
            country: Some(c.clone()),
            lat: None,
            lon: None,
        }),
        date: Some(day.date),
        negated: false,
        hypothetical: false,
        future: false,
        trigger: "surge".to_string(),
        span: (0, 0),
        confidence: 1.0,
        rule: format!("{SURGE_RULE_PREFIX}{:.2}", day.z),
    };
    Observation {
        sentence_id: id,
        document_id: id,
        published: day.date,
        text,
        events: vec![event],
        actors: Vec::new(),
        document_title: Some(format!("daily {noun} counts ({label})")),
        document_source: Some(format!("{noun} counts")),
        duplicate_of: None,
    }
}
