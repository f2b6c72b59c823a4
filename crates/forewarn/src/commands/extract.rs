use std::io::Write;
use std::process::ExitCode;

use forewarn_ingest::IngestOptions;
use serde_json::json;

use crate::cli::ExtractArgs;

/// One JSON line per input document; a file that yields nothing still gets a line with its error.
pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let (files, missing) = forewarn_ingest::discover(&args.paths);
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for diagnostic in missing {
        failed = true;
        writeln!(
            out,
            "{}",
            json!({"path": diagnostic.location, "title": null, "text": null, "published": null, "author": null, "error": diagnostic.message})
        )?;
    }
    for path in files {
        let outcome = forewarn_ingest::read_path(&path, &IngestOptions::default());
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == forewarn_model::Severity::Error)
            .collect();
        if outcome.documents.is_empty() {
            failed = true;
            let error = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            writeln!(
                out,
                "{}",
                json!({"path": path.display().to_string(), "title": null, "text": null, "published": null, "author": null, "error": error})
            )?;
        }
        for doc in outcome.documents {
            writeln!(
                out,
                "{}",
                json!({
                    "path": doc.origin,
                    "title": doc.title,
                    "text": doc.text,
                    "published": doc.published,
                    "author": doc.author,
                    "error": null,
                })
            )?;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
