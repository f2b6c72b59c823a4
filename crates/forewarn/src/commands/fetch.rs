//! `forewarn fetch`: every feed, then every new article page, into the store.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use forewarn_fetch::{AddressPolicy, FeedStatus, FetchConfig, FetchReport, Fetcher};
use forewarn_pipeline::Pipeline;
use forewarn_store::Store;

use crate::cli::FetchArgs;

pub fn run(db: &Path, args: &FetchArgs) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(db)?;
    let report = fetch(&mut store, args)?;
    if args.json {
        super::print_json(&report)?;
    } else {
        print_report(&report);
    }
    let feed_failed = report.feeds.iter().any(|f| f.status == FeedStatus::Failed);
    Ok(if feed_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One fetch run over every subscribed feed, shared with `forewarn watch`.
pub(crate) fn fetch(store: &mut Store, args: &FetchArgs) -> anyhow::Result<FetchReport> {
    if store.feeds()?.is_empty() {
        anyhow::bail!("no feeds; add one with `forewarn feed add URL`");
    }
    let config = FetchConfig {
        host_delay: Duration::from_secs_f64(args.delay),
        max_page_bytes: args.max_page_kib * 1024,
        addresses: AddressPolicy::from_flag(args.allow_private_hosts),
        ..FetchConfig::default()
    };
    let mut pipeline = Pipeline::new(store)?;
    let mut fetcher = Fetcher::new(config);
    let report = fetcher.fetch_all(store, &mut pipeline, &super::now())?;
    // Alert rules are evaluated after every fetch as after every ingest (`forewarn watch` too).
    if report.added() > 0 {
        super::serve::after_ingest(store)?;
    }
    Ok(report)
}

pub(crate) fn print_report(report: &FetchReport) {
    for feed in &report.feeds {
        let label = feed.name.as_deref().unwrap_or(&feed.url);
        match feed.status {
            FeedStatus::NotModified => println!("{label}: not modified"),
            FeedStatus::Failed => {
                println!("{label}: FAILED: {}", feed.error.as_deref().unwrap_or(""))
            }
            FeedStatus::Fetched => println!(
                "{label}: {} items: {} added ({} events), {} already stored, {} duplicate text, {} failed",
                feed.items,
                feed.added_ids.len(),
                feed.events,
                feed.known,
                feed.duplicates,
                feed.failed.len()
            ),
        }
        if let Some(new_url) = &feed.moved_to {
            println!("  moved permanently: now stored as {new_url}");
        }
        for failure in &feed.failed {
            // Fetch errors name their URL already.
            if failure.error.contains(&failure.url) {
                println!("  failed: {}", failure.error);
            } else {
                println!("  failed: {}: {}", failure.url, failure.error);
            }
        }
    }
    println!(
        "{} feeds: {} new documents, {} failures",
        report.feeds.len(),
        report.added(),
        report.failures()
    );
}
