//! `forewarn export parquet DIR`: the store as Hive-partitioned Parquet.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use serde_json::json;

use crate::cli::ExportCommand;

pub fn run(db: &Path, command: &ExportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ExportCommand::Parquet { dir, json } => {
            // Opening migrates an older store, so the export reads this build's schema.
            let mut store = super::open_store(db)?;
            let start = Instant::now();
            let tables = forewarn_parquet::export_store(&mut store, dir).with_context(|| {
                format!("cannot export {} to {}", super::shown(db), dir.display())
            })?;
            let seconds = start.elapsed().as_secs_f64();
            let rows: u64 = tables.iter().map(|t| t.rows).sum();
            if *json {
                let list: Vec<_> = tables
                    .iter()
                    .map(|t| {
                        json!({"table": t.table, "rows": t.rows, "files": t.files,
                               "partitions": t.partitions})
                    })
                    .collect();
                super::print_json(&json!({
                    "dir": dir.display().to_string(), "tables": list, "rows": rows,
                    "seconds": seconds,
                }))?;
            } else {
                for t in &tables {
                    println!(
                        "{:<18} {:>10} rows  {:>5} file(s)  {:>5} partition(s)",
                        t.table, t.rows, t.files, t.partitions
                    );
                }
                println!(
                    "{rows} rows in {seconds:.2} s ({:.0} rows/s) under {}",
                    rows as f64 / seconds.max(1e-9),
                    dir.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
