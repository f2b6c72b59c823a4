//! The `forewarn` binary: parse arguments, run, map errors to exit codes.

#![allow(clippy::disallowed_methods)] // the binary is the edge

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = forewarn::cli::Cli::parse();
    forewarn::init_logging(cli.verbose);
    match forewarn::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`forewarn explain … | head`) is not a failure.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
