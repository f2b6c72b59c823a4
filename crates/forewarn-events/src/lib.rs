//! Event datasets for forewarn: importers, daily counts, surges and region-by-week warning.
//!
//! - [`gdelt`]: GDELT 2.0 (and 1.0) events, mentions and GKG files as a streaming
//!   [`RowReader`] over any `BufRead` — one reused line buffer, so memory is constant; a row
//!   with the wrong field count is reported with file and line and skipped. CAMEO codes stay
//!   strings and get a PLOVER type ([`cameo_to_plover`]); FIPS 10-4 geo codes become ISO3
//!   ([`fips_to_iso3`]). [`count_dyads`] ([`dyads`]) is the fast, multi-threaded path to daily
//!   dyad counts.
//! - [`masterlist`]: selects a date range from GDELT's master file list and reports every
//!   missing 15-minute file and every checksum failure.
//! - [`csvlist`]: ACLED exports ([`Mapping::acled`]) and any CSV event list through a
//!   [`Mapping`] file; free-text descriptions go through our coder for a PLOVER type.
//! - [`surge`]: rolling-baseline surge scores with weekly seasonality and exact
//!   negative-binomial tails (`docs/surges.md`), [`plot`] draws them.
//! - [`warn`]: region-by-period probabilities from a regularised logistic regression on count
//!   history, and a no-lookahead backtest against persistence and base-rate baselines
//!   (`docs/warn.md`); [`questions`] writes ForecastBench-style questions.
//! - [`source`]: opens plain, `.gz`, `.zip` files and URLs as streams.
//!
//! Everything except `source` and `masterlist`'s file checks is pure.
//!
//! ```
//! use forewarn_events::{GdeltKind, RowReader, event_from_row};
//!
//! let mut fields = vec![""; 61];
//! fields[0] = "1"; fields[1] = "20220210"; fields[7] = "RUS"; fields[26] = "153";
//! fields[53] = "BO";
//! let line = fields.join("\t");
//! let mut rows = RowReader::new(line.as_bytes(), "sample.CSV", GdeltKind::Events);
//! let row = rows.next_row()?.unwrap();
//! let event = event_from_row(&row, "sample.CSV")?;
//! assert_eq!(event.native_type, "153");
//! assert_eq!(event.event_type.unwrap().as_str(), "MOBILIZE");
//! assert_eq!(event.location_country.as_deref(), Some("BLR"));
//! # Ok::<(), forewarn_events::GdeltError>(())
//! ```

#![allow(clippy::disallowed_methods)] // importers are an edge: they stream files

pub mod cameo;
pub mod countries;
pub mod csvexport;
pub mod csvlist;
pub mod dyads;
pub mod gdelt;
pub mod masterlist;
pub mod plot;
pub mod questions;
pub mod source;
pub mod surge;
mod tabmask;
pub mod warn;

pub use cameo::cameo_to_plover;
pub use countries::{fips_to_iso3, name_to_iso3};
pub use csvlist::{Mapping, MappingFileError, read_csv_events};
pub use dyads::{
    DyadCounts, DyadKey, DyadTable, count_dyads, count_dyads_file, count_dyads_threads,
};
pub use gdelt::{GdeltError, GdeltKind, Row, RowReader, event_from_row};
pub use surge::{SurgeDay, SurgeEpisode, SurgeParams};
pub use warn::{Threshold, WarnParams};
