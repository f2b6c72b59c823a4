//! The store as Hive-partitioned Parquet, for the engines that scale past one machine (Spark,
//! DataFusion, DuckDB, polars, pyarrow).
//!
//! - [`export_store`] writes every table of a store under a folder, `TABLE/KEY=VALUE/part-N.parquet`,
//!   partitioned by date where the table has one (`documents` by `published`, `events` and
//!   `imported_events` by `date`, `forecasts` by `as_of`, mentions and GKG articles by `day`);
//!   `sentences`, `quotes` and `questions` are `TABLE/part-0.parquet`. A null key is Hive's
//!   `__HIVE_DEFAULT_PARTITION__`; the key is in the path, not in the files.
//! - [`ImportedEventsWriter`] writes imported events (a GDELT file streamed past the store)
//!   in the same `imported_events` layout.
//!
//! # Invariants
//!
//! - Memory is bounded whatever the size or order of the input: rows go out in record batches
//!   of at most 64k rows (or 16 MiB), row groups are capped, at most a fixed number of
//!   partitions are open and everything held has a budget.
//! - Nothing is overwritten: a table folder that exists is an error before anything is
//!   written, and each file appears under its name only once complete (it is written as a
//!   hidden `.part-N.parquet.inprogress`, which engines skip).
//! - An export is one read-only snapshot of the store (SQLite or PostgreSQL), so its tables
//!   agree with each other.
//!
//! ```
//! use forewarn_model::ImportedEvent;
//! use forewarn_parquet::ImportedEventsWriter;
//!
//! let out = tempfile::tempdir()?;
//! let mut w = ImportedEventsWriter::create(out.path())?;
//! w.push(&ImportedEvent {
//!     dataset: "gdelt".into(),
//!     source_id: "1".into(),
//!     date: chrono::NaiveDate::from_ymd_opt(2022, 2, 24),
//!     native_type: "190".into(),
//!     ..Default::default()
//! })?;
//! let summary = w.finish()?;
//! assert_eq!((summary.rows, summary.files), (1, 1));
//! assert!(out.path().join("imported_events/date=2022-02-24/part-0.parquet").exists());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![allow(clippy::disallowed_methods)] // an edge: it writes Parquet files

mod columns;
mod partitioned;
mod tables;

use std::path::{Path, PathBuf};

use forewarn_model::ImportedEvent;
use forewarn_store::Store;

pub use partitioned::{NULL_PARTITION, TableSummary};

/// What can stop an export or a stream.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path} already exists; export into a new folder (nothing is overwritten)")]
    Exists { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the store has schema version {found}, this build exports version {expected}; open it with this forewarn first"
    )]
    Schema { found: i64, expected: i64 },
    #[error(
        "{table}.{column}, row {row} of the export: found {found}, which the column cannot hold"
    )]
    Value {
        table: &'static str,
        column: &'static str,
        row: u64,
        found: &'static str,
    },
    #[error("store: {0}")]
    Store(#[from] forewarn_store::StoreError),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

/// The tables [`export_store`] writes, in order.
pub fn table_names() -> impl Iterator<Item = &'static str> {
    tables::TABLES.iter().map(|t| t.name)
}

/// Writes `store` (SQLite or PostgreSQL, at this build's schema) under `out`, one folder per
/// table; returns what was written per table.
pub fn export_store(store: &mut Store, out: &Path) -> Result<Vec<TableSummary>, ExportError> {
    tables::export(store, out)
}

/// Streams imported events to `OUT/imported_events/date=…/part-N.parquet`, in any date
/// order, in bounded memory.
pub struct ImportedEventsWriter {
    inner: partitioned::PartitionedWriter,
    date: String,
}

impl ImportedEventsWriter {
    /// Fails when `out/imported_events` exists.
    pub fn create(out: &Path) -> Result<ImportedEventsWriter, ExportError> {
        Ok(ImportedEventsWriter {
            inner: partitioned::PartitionedWriter::create(
                out,
                "imported_events",
                Some("date"),
                tables::IMPORTED_EVENTS,
                tables::UNSORTED_OPEN,
            )?,
            date: String::new(),
        })
    }

    pub fn push(&mut self, e: &ImportedEvent) -> Result<(), ExportError> {
        use std::fmt::Write;
        self.date.clear();
        if let Some(d) = e.date {
            write!(self.date, "{d}").expect("a String takes any write");
        }
        let key = e.date.map(|_| self.date.as_str());
        // In the order of `tables::IMPORTED_EVENTS`; the store writes the same values.
        self.inner.push(key, |b| {
            b.text(0, Some(&e.dataset));
            b.text(1, Some(&e.source_id));
            b.text(2, Some(&e.native_type));
            b.text(3, e.event_type.map(|t| t.as_str()));
            b.text(4, e.mode.as_deref());
            b.text(5, e.source_country.as_deref());
            b.text(6, e.target_country.as_deref());
            b.text(7, e.location_country.as_deref());
            b.text(8, e.admin1.as_deref());
            b.text(9, e.location.as_deref());
            b.real(10, e.lat);
            b.real(11, e.lon);
            b.text(12, e.description.as_deref());
            b.text(13, e.url.as_deref());
            Ok(())
        })
    }

    /// Closes every file; until then the last files are incomplete (and hidden).
    pub fn finish(self) -> Result<TableSummary, ExportError> {
        self.inner.finish()
    }
}
