//! The forewarn command line as a library: argument types in [`cli`] and one module per command;
//! ingest goes through `forewarn-pipeline`. `main.rs` only parses and calls [`run`]. The clock and the file system are touched here and in the store, never in the pure
//! stages (coding, forecasting, telling).
//!
//! ```no_run
//! use clap::Parser;
//! let cli = forewarn::cli::Cli::parse_from(["forewarn", "--db", "demo.db", "forecast", "--json"]);
//! let _exit = forewarn::run(cli);
//! ```

#![allow(clippy::disallowed_methods)] // the command line is the edge: it reads files and the clock for the stages below

pub mod cli;
mod commands;

use std::process::ExitCode;

use cli::{Cli, Command, QuestionCommand};

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => commands::ingest::run(&cli.db, &args),
        Command::Extract(args) => commands::extract::run(&args),
        Command::Code(args) => commands::code::run(&args),
        Command::Question(QuestionCommand::Add { file }) => commands::question::add(&cli.db, &file),
        Command::Question(QuestionCommand::Ask(args)) => commands::question::ask(&cli.db, &args),
        Command::Question(QuestionCommand::Show { id, toml }) => {
            commands::question::show(&cli.db, &id, toml)
        }
        Command::Question(QuestionCommand::List { json }) => {
            commands::question::list(&cli.db, json)
        }
        Command::Forecast(args) => commands::forecast::run(&cli.db, &args),
        Command::Explain(args) => commands::explain::run(&cli.db, &args),
        Command::Timeline(args) => commands::timeline::run(&cli.db, &args),
        Command::Brief(args) => commands::brief::run(&cli.db, &args),
        Command::Events(args) => commands::events::run(&cli.db, &args),
        Command::Demo(args) => commands::serve::demo(&args),
        Command::Serve(args) => commands::serve::serve(&cli.db, &args),
        Command::Token(command) => commands::serve::token(&cli.db, &command),
        Command::Alert(command) => commands::serve::alert(&cli.db, &command),
        Command::Eval(command) => commands::eval::run(&command),
        Command::Backtest(args) => commands::backtest::run(&cli.db, &args),
        Command::Fit(args) => commands::fit::run(&cli.db, &args),
        Command::Import(command) => commands::import::run(&cli.db, &command),
        Command::Export(command) => commands::export::run(&cli.db, &command),
        Command::Surge(args) => commands::surge::run(&cli.db, &args),
        Command::Warn(args) => commands::warn::run(&cli.db, &args),
        Command::Questions(command) => commands::questions::run(&cli.db, &command),
        Command::Feed(command) => commands::feed::run(&cli.db, &command),
        Command::Fetch(args) => commands::fetch::run(&cli.db, &args),
        Command::Watch(args) => commands::watch::run(&cli.db, &args),
    }
}

/// Logs go to standard error so that `--json` output stays clean.
pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("FOREWARN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
