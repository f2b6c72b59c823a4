//! `forewarn eval plover FILE.json` and `forewarn eval extract --aeb DIR | --trafilatura DIR`.
//! Reading files and running the coder or extractor happen here; the scoring is `forewarn-eval`.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use forewarn_code::Coder;
use forewarn_eval::aeb::{self, SnippetScore};
use forewarn_eval::plover::{self, PredictedEvent};
use forewarn_gazetteer::Gazetteer;
use serde_json::{Value, json};

use crate::cli::{EvalCommand, EvalExtractArgs, EvalPloverArgs};

pub fn run(command: &EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Plover(args) => plover_eval(args),
        EvalCommand::Extract(args) => extract_eval(args),
    }
}

fn plover_eval(args: &EvalPloverArgs) -> anyhow::Result<ExitCode> {
    let src = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = plover::parse_gold(&src)
        .with_context(|| format!("{} is not a PLOVER gold file", args.gold.display()))?;
    let mut gazetteer = Gazetteer::builtin();
    if let Some(path) = &args.actors {
        let src = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        gazetteer.extend_from_actor_file(&src, &path.display().to_string())?;
    }
    let coder = Coder::new(Arc::new(gazetteer));
    let model = match &args.model {
        Some(dir) => Some(
            forewarn_embed::ModelCoder::load(coder.clone(), dir)
                .with_context(|| format!("cannot use the model in {}", dir.display()))?,
        ),
        None => None,
    };
    let mut predictions = HashMap::new();
    let mut lines = Vec::new();
    for record in &gold {
        let date = record
            .date
            .as_deref()
            .and_then(forewarn_extract::parse_date);
        let (sentences, _) = match &model {
            Some(model) => model.code_document(&record.text, date)?,
            None => coder.code_document(&record.text, date),
        };
        let events: Vec<_> = sentences.iter().flat_map(|s| s.events.iter()).collect();
        let reduced = events
            .iter()
            .map(|e| PredictedEvent {
                event_type: e.event_type.as_str().to_string(),
                source: e.source.iter().filter_map(|a| a.country.clone()).collect(),
                target: e.target.iter().filter_map(|a| a.country.clone()).collect(),
            })
            .collect();
        predictions.insert(record.id.clone(), reduced);
        if args.predictions_out.is_some() {
            lines.push(json!({"id": record.id, "events": events}).to_string());
        }
    }
    if let Some(path) = &args.predictions_out {
        std::fs::write(path, lines.join("\n") + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let report = plover::score(&gold, &predictions);
    if args.json {
        super::print_json(&report)?;
    } else {
        print!("{}", report.render());
    }
    Ok(ExitCode::SUCCESS)
}

fn read_maybe_gz(path: &Path) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .with_context(|| format!("{} is not valid gzip", path.display()))?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}

fn extract_eval(args: &EvalExtractArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.aeb {
        let truth_path = dir.join("ground-truth.json");
        let truth: HashMap<String, Value> = serde_json::from_str(
            &std::fs::read_to_string(&truth_path)
                .with_context(|| format!("cannot read {}", truth_path.display()))?,
        )
        .with_context(|| {
            format!(
                "{} is not the AEB ground-truth format",
                truth_path.display()
            )
        })?;
        let mut ids: Vec<&String> = truth.keys().collect();
        ids.sort();
        let mut extracted = HashMap::new();
        let mut pages = Vec::new();
        for id in &ids {
            let path = dir.join("html").join(format!("{id}.html.gz"));
            match read_maybe_gz(&path) {
                Ok(bytes) => pages.push(((*id).clone(), bytes)),
                Err(err) => eprintln!("warning: {err:#}"),
            }
        }
        // Each round extracts every page from its bytes (charset detection included); the
        // median round is the reported speed, since the machine's load varies between rounds.
        let mut rounds = Vec::new();
        for _ in 0..args.repeat {
            let started = Instant::now();
            for (id, bytes) in &pages {
                extracted.insert(
                    id.clone(),
                    forewarn_extract::extract_html_bytes(bytes, None).text,
                );
            }
            rounds.push(started.elapsed().as_secs_f64());
        }
        rounds.sort_by(f64::total_cmp);
        let seconds = rounds[rounds.len() / 2];
        let triples: Vec<(&str, &str, Option<&str>)> = ids
            .iter()
            .map(|id| {
                let body = truth[*id]
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                (id.as_str(), body, extracted.get(*id).map(String::as_str))
            })
            .collect();
        let (score, per_page) = aeb::score(triples);
        if let Some(path) = &args.predictions_out {
            let out: HashMap<_, _> = extracted
                .iter()
                .map(|(id, text)| (id, json!({"articleBody": text})))
                .collect();
            std::fs::write(path, serde_json::to_string(&out)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if args.json {
            super::print_json(
                &json!({"aeb": score, "pages_per_second": pages.len() as f64 / seconds}),
            )?;
        } else {
            println!(
                "AEB F1={:.3} precision={:.3} recall={:.3} n={} missing={}",
                score.f1, score.precision, score.recall, score.n, score.missing
            );
            println!(
                "extracted {} pages in {:.3}s ({:.0} pages/s, one core; median of {} rounds)",
                pages.len(),
                seconds,
                pages.len() as f64 / seconds,
                rounds.len()
            );
            let mut worst = per_page;
            worst.sort_by(|a, b| (a.precision + a.recall).total_cmp(&(b.precision + b.recall)));
            println!("worst pages:");
            for page in worst.iter().take(10) {
                println!(
                    "  {}  precision {:.3}  recall {:.3}",
                    page.id, page.precision, page.recall
                );
            }
        }
    }
    if let Some(dir) = &args.trafilatura {
        let eval_path = dir.join("evaldata.json");
        let evaldata: HashMap<String, Value> = serde_json::from_str(
            &std::fs::read_to_string(&eval_path)
                .with_context(|| format!("cannot read {}", eval_path.display()))?,
        )
        .with_context(|| {
            format!(
                "{} is not the trafilatura evaldata format",
                eval_path.display()
            )
        })?;
        let mut keys: Vec<&String> = evaldata.keys().collect();
        keys.sort();
        let mut score = SnippetScore::default();
        let mut pages = 0;
        for key in keys {
            let entry = &evaldata[key];
            let Some(file) = entry.get("file").and_then(Value::as_str) else {
                continue;
            };
            let strings = |field: &str| -> Vec<String> {
                entry
                    .get(field)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            };
            let html = match read_maybe_gz(&dir.join("html").join(file)) {
                Ok(bytes) => bytes,
                Err(err) => {
                    eprintln!("warning: {err:#}");
                    Vec::new()
                }
            };
            pages += 1;
            let text = forewarn_extract::extract_html_bytes(&html, None).text;
            score.add(&text, &strings("with"), &strings("without"));
        }
        if args.json {
            super::print_json(
                &json!({"trafilatura": score, "pages": pages, "with_found": score.with_share(), "without_kept_out": score.without_share()}),
            )?;
        } else {
            println!(
                "trafilatura set: {pages} pages; 'with' snippets found {}/{} ({:.3}); 'without' snippets kept out {}/{} ({:.3})",
                score.with_found,
                score.with_total,
                score.with_share(),
                score.without_kept_out,
                score.without_total,
                score.without_share()
            );
        }
    }
    if args.aeb.is_none() && args.trafilatura.is_none() {
        anyhow::bail!("give --aeb DIR and/or --trafilatura DIR");
    }
    Ok(ExitCode::SUCCESS)
}
