//! CLI integration tests: one binary, temp dirs, fixtures we wrote, no network.

mod util;

mod alerts;
mod backtest;
mod bad_input;
mod code;
mod demo;
mod eval_plover;
mod events_import;
mod feeds;
mod gdelt_attention;
mod gdelt_master;
mod hostile;
mod ingest;
mod parquet_export;
mod postgres;
