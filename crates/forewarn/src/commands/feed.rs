//! `forewarn feed add|list`: the feeds `forewarn fetch` reads.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;

use crate::cli::FeedCommand;

pub fn run(db: &Path, command: &FeedCommand) -> anyhow::Result<ExitCode> {
    match command {
        FeedCommand::Add { url, name } => add(db, url, name.as_deref()),
        FeedCommand::List { json } => list(db, *json),
    }
}

fn add(db: &Path, url: &str, name: Option<&str>) -> anyhow::Result<ExitCode> {
    // Refuse typos now rather than fail on every fetch later.
    let parsed = url::Url::parse(url).with_context(|| format!("`{url}` is not a URL"))?;
    anyhow::ensure!(
        matches!(parsed.scheme(), "http" | "https"),
        "`{url}`: only http and https feeds can be fetched"
    );
    let mut store = super::open_store(db)?;
    let (id, new) = store.add_feed(parsed.as_str(), name, &super::now())?;
    if new {
        println!("added feed {id}: {parsed}");
    } else {
        println!("feed {id} already subscribed: {parsed}");
    }
    Ok(ExitCode::SUCCESS)
}

fn list(db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let feeds = store.feeds()?;
    if json {
        let rows: Vec<_> = feeds
            .iter()
            .map(|f| {
                json!({
                    "id": f.id,
                    "url": f.url,
                    "name": f.name,
                    "etag": f.etag,
                    "last_modified": f.last_modified,
                    "last_fetched": f.last_fetched,
                    "last_error": f.last_error,
                })
            })
            .collect();
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if feeds.is_empty() {
        println!("no feeds; add one with `forewarn feed add URL`");
    }
    for f in &feeds {
        let state = match (&f.last_fetched, &f.last_error) {
            (None, _) => "never fetched".to_string(),
            (Some(at), None) => format!("ok at {at}"),
            (Some(at), Some(err)) => format!("FAILED at {at}: {err}"),
        };
        println!(
            "{:>3}  {}  {}  [{state}]",
            f.id,
            f.name.as_deref().unwrap_or("-"),
            f.url
        );
    }
    Ok(ExitCode::SUCCESS)
}
