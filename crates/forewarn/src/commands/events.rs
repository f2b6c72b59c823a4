use std::path::Path;
use std::process::ExitCode;

use forewarn_store::EventFilter;
use serde_json::json;

use crate::cli::EventsArgs;

/// Lists stored events matching the filters, in the store's order.
pub fn run(db: &Path, args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let filter = EventFilter {
        actor_country: args.actor.clone(),
        event_type: args.event_type.as_deref().map(str::parse).transpose()?,
        location_country: args.location.clone(),
        from: args.since,
        to: args.until,
        limit: Some(args.limit),
        after_id: None,
    };
    let events = store.events(&filter)?;
    if args.json {
        let rows: Vec<_> = events
            .iter()
            .map(|e| json!({"id": e.id, "document_id": e.document_id, "published": e.published, "sentence": e.sentence, "event": e.event}))
            .collect();
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    for stored in &events {
        let e = &stored.event;
        let actors = |list: &[forewarn_model::ActorRef]| -> String {
            let names: Vec<String> = list
                .iter()
                .map(|a| {
                    format!(
                        "{}{}",
                        a.country.as_deref().unwrap_or("?"),
                        a.sector
                            .as_deref()
                            .map(|s| format!(" {s}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            if names.is_empty() {
                "-".to_string()
            } else {
                names.join("+")
            }
        };
        let mut flags = Vec::new();
        if e.negated {
            flags.push("negated");
        }
        if e.hypothetical {
            flags.push("hypothetical");
        }
        if e.future {
            flags.push("future");
        }
        println!(
            "{}  {:<9} {:<10} {} → {}  {}{}\n    {}",
            e.date
                .or(stored.published)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated   ".to_string()),
            e.event_type.as_str(),
            e.mode.as_deref().unwrap_or("-"),
            actors(&e.source),
            actors(&e.target),
            e.location
                .as_ref()
                .map(|l| format!("@{} ", l.name))
                .unwrap_or_default(),
            if flags.is_empty() {
                String::new()
            } else {
                format!("[{}]", flags.join(", "))
            },
            stored.sentence
        );
    }
    Ok(ExitCode::SUCCESS)
}
