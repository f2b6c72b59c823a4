//! `forewarn eval plover | cameo-class | cameo-actors | cir | petrarch | all` (coding) and
//! `forewarn eval extract --aeb DIR | --trafilatura DIR`. Reading files and running the coder or
//! extractor happen here; the scoring is `forewarn-eval`.

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
use forewarn_eval::{cameo, cameo_actors, cir, petrarch};
use forewarn_gazetteer::Gazetteer;
use forewarn_model::Event;
use serde_json::{Value, json};

use crate::cli::{EvalAllArgs, EvalCommand, EvalExtractArgs, EvalPloverArgs};

pub fn run(command: &EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Plover(args) => plover_eval(args),
        EvalCommand::Extract(args) => extract_eval(args),
        EvalCommand::CameoClass(args) => {
            let report = cameo_report(&make_coder(args.rules_only), &args.file)?;
            show(args.json, &report, || report.render(args.misses))
        }
        EvalCommand::CameoActors(args) => {
            let report = cameo_actors_report(&make_coder(args.rules_only), &args.file)?;
            show(args.json, &report, || report.render(args.misses))
        }
        EvalCommand::Cir(args) => {
            let report = cir_report(&make_coder(args.rules_only), &args.file)?;
            show(args.json, &report, || report.render(args.misses))
        }
        EvalCommand::Petrarch(args) => {
            let report =
                petrarch_report(&make_coder(args.rules_only), &args.records, &args.mapping)?;
            show(args.json, &report, || report.render(args.misses))
        }
        EvalCommand::All(args) => all_eval(args),
    }
}

fn show<T: serde::Serialize>(
    json: bool,
    report: &T,
    text: impl FnOnce() -> String,
) -> anyhow::Result<ExitCode> {
    if json {
        super::print_json(report)?;
    } else {
        print!("{}", text());
    }
    Ok(ExitCode::SUCCESS)
}

fn make_coder(rules_only: bool) -> Coder {
    let coder = Coder::new(Arc::new(Gazetteer::builtin()));
    if rules_only {
        coder.rules_only()
    } else {
        coder
    }
}

/// Every event coded in `text` (split into sentences), the first sentence's main event first.
fn events_of(coder: &Coder, text: &str, date: Option<chrono::NaiveDate>) -> Vec<Event> {
    let (sentences, _) = coder.code_document(text, date);
    sentences.into_iter().flat_map(|s| s.events).collect()
}

/// A gold file's text, or an error naming it.
fn read_set(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The records of a line-oriented gold file; each bad line is named in a warning and skipped.
fn read_records<R, E: std::fmt::Display>(
    path: &Path,
    parse: impl Fn(&str) -> (Vec<R>, Vec<E>),
) -> anyhow::Result<Vec<R>> {
    let (records, errors) = parse(&read_set(path)?);
    for e in &errors {
        eprintln!("warning: {}: {e}", path.display());
    }
    Ok(records)
}

fn types_of(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.event_type.as_str().to_string())
        .collect()
}

fn cameo_report(coder: &Coder, path: &Path) -> anyhow::Result<cameo::PentaReport> {
    let records = read_records(path, cameo::parse_tsv)?;
    let predicted: Vec<Option<u8>> = records
        .iter()
        .map(|r| {
            let events = events_of(coder, &r.text, None);
            events
                .first()
                .map(|e| cameo::penta_of_event(Some((e.event_type.as_str(), e.cameo.as_deref()))))
        })
        .collect();
    Ok(cameo::score(&records, &predicted))
}

fn cameo_actors_report(coder: &Coder, path: &Path) -> anyhow::Result<cameo_actors::ActorReport> {
    let records = read_records(path, cameo_actors::parse_bio)?;
    let names = |actors: &[forewarn_model::ActorRef]| -> Vec<String> {
        actors
            .iter()
            .flat_map(|a| [Some(a.text.clone()), a.name.clone()])
            .flatten()
            .filter(|t| !t.is_empty())
            .collect()
    };
    let predicted: Vec<Option<cameo_actors::PredictedActors>> = records
        .iter()
        .map(|r| {
            events_of(coder, &r.text, None)
                .first()
                .map(|e| cameo_actors::PredictedActors {
                    sources: names(&e.source),
                    targets: names(&e.target),
                })
        })
        .collect();
    Ok(cameo_actors::score(&records, &predicted))
}

fn cir_report(coder: &Coder, path: &Path) -> anyhow::Result<cir::CirReport> {
    let rows = cir::parse_csv(&read_set(path)?).with_context(|| format!("{}", path.display()))?;
    let predicted: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let date = forewarn_extract::parse_date(&r.date);
            types_of(&events_of(coder, &r.description, date))
        })
        .collect();
    Ok(cir::score(&rows, &predicted))
}

fn petrarch_report(
    coder: &Coder,
    records_path: &Path,
    mapping_path: &Path,
) -> anyhow::Result<petrarch::PetrarchReport> {
    let records = petrarch::parse_records(&read_set(records_path)?);
    let table = petrarch::CameoToPlover::parse(&read_set(mapping_path)?);
    if records.is_empty() || table.is_empty() {
        anyhow::bail!(
            "no records in {} or no mappings in {}",
            records_path.display(),
            mapping_path.display()
        );
    }
    let predicted: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let date = r.date.as_deref().and_then(forewarn_extract::parse_date);
            types_of(&events_of(coder, &r.text, date))
        })
        .collect();
    Ok(petrarch::score(&records, &table, &predicted))
}

fn plover_report(coder: &Coder, path: &Path) -> anyhow::Result<plover::PloverReport> {
    let gold = plover::parse_gold(&read_set(path)?)
        .with_context(|| format!("{} is not a PLOVER gold file", path.display()))?;
    let predictions = gold
        .iter()
        .map(|record| {
            let date = record
                .date
                .as_deref()
                .and_then(forewarn_extract::parse_date);
            (
                record.id.clone(),
                reduce(&events_of(coder, &record.text, date)),
            )
        })
        .collect();
    Ok(plover::score(&gold, &predictions))
}

fn reduce(events: &[Event]) -> Vec<PredictedEvent> {
    events
        .iter()
        .map(|e| PredictedEvent {
            event_type: e.event_type.as_str().to_string(),
            source: e.source.iter().filter_map(|a| a.country.clone()).collect(),
            target: e.target.iter().filter_map(|a| a.country.clone()).collect(),
        })
        .collect()
}

/// `eval all`: the development gold sets in one table. A set missing from the folder is named
/// and skipped.
fn all_eval(args: &EvalAllArgs) -> anyhow::Result<ExitCode> {
    let coder = make_coder(args.rules_only);
    let d = &args.shared;
    let mut json_out = serde_json::Map::new();
    let mut lines = Vec::new();
    let missing = |what: &str, err: anyhow::Error| eprintln!("warning: {what}: {err:#}");
    match plover_report(&coder, &d.join("plover-gsr/PLOVER_GSR_dev.json")) {
        Ok(r) => {
            lines.push(r.summary_line());
            json_out.insert("plover_dev".into(), serde_json::to_value(&r)?);
        }
        Err(e) => missing("plover", e),
    }
    match cameo_report(
        &coder,
        &d.join("coding/conflibert-cameo/cameo_class_train.tsv"),
    ) {
        Ok(r) => {
            lines.push(r.summary_line());
            json_out.insert("cameo_class".into(), serde_json::to_value(&r)?);
        }
        Err(e) => missing("cameo-class", e),
    }
    match cameo_actors_report(
        &coder,
        &d.join("coding/conflibert-cameo/cameo_ner_train.txt"),
    ) {
        Ok(r) => {
            lines.push(r.summary_line());
            json_out.insert("cameo_actors".into(), serde_json::to_value(&r)?);
        }
        Err(e) => missing("cameo-actors", e),
    }
    match cir_report(&coder, &d.join("cir-events/events_2022H1.csv")) {
        Ok(r) => {
            lines.push(r.summary_line());
            json_out.insert("cir".into(), serde_json::to_value(&r)?);
        }
        Err(e) => missing("cir", e),
    }
    match petrarch_report(
        &coder,
        &d.join("petrarch2/PETR.UnitTest.records.xml"),
        &d.join("plover-gsr/CAMEO2PLOVER-2021.txt"),
    ) {
        Ok(r) => {
            lines.push(r.summary_line());
            json_out.insert("petrarch".into(), serde_json::to_value(&r)?);
        }
        Err(e) => missing("petrarch", e),
    }
    if lines.is_empty() {
        anyhow::bail!("no gold set found under {}", d.display());
    }
    if args.json {
        super::print_json(&Value::Object(json_out))?;
    } else {
        println!(
            "coder: {}",
            if args.rules_only {
                "rules only"
            } else {
                "rules + learned layer"
            }
        );
        for l in lines {
            println!("{l}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plover_eval(args: &EvalPloverArgs) -> anyhow::Result<ExitCode> {
    let gold = plover::parse_gold(&read_set(&args.gold)?)
        .with_context(|| format!("{} is not a PLOVER gold file", args.gold.display()))?;
    let mut gazetteer = Gazetteer::builtin();
    if let Some(path) = &args.actors {
        gazetteer.extend_from_actor_file(&read_set(path)?, &path.display().to_string())?;
    }
    let coder = Coder::new(Arc::new(gazetteer));
    let coder = if args.rules_only {
        coder.rules_only()
    } else {
        coder
    };
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
