use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use forewarn_code::Coder;
use forewarn_gazetteer::Gazetteer;
use serde_json::{Value, json};

use crate::cli::CodeArgs;

/// Reads `{"id","text","date"?}` lines and writes `{"id","events","quotes"}` lines. The first
/// event of a line is the main event of its first coded sentence. A bad line gets an `error`
/// line naming its number; the rest are still coded.
pub fn run(args: &CodeArgs) -> anyhow::Result<ExitCode> {
    let mut gazetteer = Gazetteer::builtin();
    if let Some(path) = &args.actors {
        let src = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        gazetteer.extend_from_actor_file(&src, &path.display().to_string())?;
    }
    let coder = Coder::new(Arc::new(gazetteer));
    let coder = if args.rules_only {
        coder.rules_only()
    } else {
        coder
    };
    let label = args.input.display().to_string();
    let reader: Box<dyn BufRead> = if label == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(&args.input).with_context(|| format!("cannot open {label}"))?,
        ))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.with_context(|| format!("cannot read {label}"))?;
        let location = format!("{label}:{}", i + 1);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match code_line(&coder, &line, args.date) {
            Ok(value) => writeln!(out, "{value}")?,
            Err((id, message)) => {
                failed = true;
                writeln!(
                    out,
                    "{}",
                    json!({"id": id, "events": [], "quotes": [], "error": format!("{location}: {message}")})
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn code_line(
    coder: &Coder,
    line: &[u8],
    default_date: Option<chrono::NaiveDate>,
) -> Result<Value, (Value, String)> {
    let line = std::str::from_utf8(line).map_err(|_| (Value::Null, "invalid UTF-8".to_string()))?;
    let value: Value =
        serde_json::from_str(line).map_err(|err| (Value::Null, format!("not JSON: {err}")))?;
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let Some(text) = value.get("text").and_then(Value::as_str) else {
        return Err((id, "missing string field `text`".to_string()));
    };
    let date = match value.get("date").and_then(Value::as_str) {
        Some(raw) => Some(
            forewarn_extract::parse_date(raw)
                .ok_or_else(|| (id.clone(), format!("cannot read date `{raw}`")))?,
        ),
        None => default_date,
    };
    let (sentences, _diagnostics) = coder.code_document(text, date);
    let events: Vec<_> = sentences.iter().flat_map(|s| s.events.iter()).collect();
    let plain: Vec<_> = sentences
        .iter()
        .map(|s| forewarn_model::Sentence {
            index: s.index,
            text: s.text.clone(),
            span: s.span,
        })
        .collect();
    let quotes: Vec<_> = forewarn_extract::find_quotes(text, &plain)
        .into_iter()
        .map(|q| json!({"speaker": q.speaker, "text": q.text}))
        .collect();
    Ok(json!({"id": id, "events": events, "quotes": quotes}))
}
