//! `forewarn import …`: event datasets into the store.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use forewarn_code::Coder;
use forewarn_events::csvexport::raw_or_export;
use forewarn_events::gdelt::{
    GdeltError, GdeltKind, RowReader, article_from_row, event_from_row, mention_from_row,
};
use forewarn_events::masterlist::{self, MasterEntry};
use forewarn_events::source::open_input;
use forewarn_events::{Mapping, read_csv_events};
use forewarn_model::{ImportedArticle, ImportedEvent, ImportedMention};
use forewarn_parquet::ImportedEventsWriter;
use forewarn_store::Store;
use serde_json::json;

use crate::cli::ImportCommand;

const BATCH: usize = 50_000;

pub fn run(db: &Path, command: &ImportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ImportCommand::Gdelt {
            inputs,
            kind,
            check,
            parquet,
            json,
        } => {
            let kinds = inputs
                .iter()
                .map(|input| kind_of(kind.as_deref(), input))
                .collect::<anyhow::Result<Vec<_>>>()?;
            if parquet.is_some() {
                for (input, kind) in inputs.iter().zip(&kinds) {
                    events_only(input, *kind)?;
                }
            }
            let mut sink = Sink::open(db, *check, parquet.as_deref())?;
            let mut summary = Summary::default();
            for (input, kind) in inputs.iter().zip(kinds) {
                import_gdelt(&mut sink, input, kind, &mut summary)?;
            }
            sink.finish(&mut summary)?;
            summary.print(*json)
        }
        ImportCommand::GdeltMaster {
            list,
            from,
            to,
            kind,
            dir,
            check_only,
            parquet,
            json,
        } => {
            let kind = GdeltKind::parse(kind)
                .with_context(|| format!("unknown GDELT kind `{kind}` (events, mentions, gkg)"))?;
            if parquet.is_some() {
                events_only(list, kind)?;
            }
            let reader = open_input(list)?;
            let sel = masterlist::select(reader, list, kind, *from, *to)?;
            let mut summary = Summary::default();
            for slot in &sel.missing_slots {
                summary.problems.push(format!(
                    "{list}: no {kind:?} file for the 15-minute slot {slot}"
                ));
            }
            summary.problems.extend(sel.bad_lines.iter().cloned());
            let mut sink = Sink::open(db, *check_only, parquet.as_deref())?;
            for entry in &sel.entries {
                match fetch_and_verify(entry, dir.as_deref()) {
                    Ok(fetched) => {
                        summary.files_ok += 1;
                        if !check_only {
                            let path = fetched.path.display().to_string();
                            import_gdelt(&mut sink, &path, kind, &mut summary)?;
                        }
                    }
                    Err(problem) => summary.problems.push(problem),
                }
            }
            summary.files_listed = sel.entries.len();
            summary.slots_missing = sel.missing_slots.len();
            sink.finish(&mut summary)?;
            summary.print(*json)
        }
        ImportCommand::Acled { inputs, json } => import_csv(db, inputs, &Mapping::acled(), *json),
        ImportCommand::Csv {
            inputs,
            mapping,
            json,
        } => {
            let text = std::fs::read_to_string(mapping)
                .with_context(|| format!("cannot read {}", mapping.display()))?;
            let m = Mapping::from_toml(&text, &mapping.display().to_string())?;
            import_csv(db, inputs, &m, *json)
        }
    }
}

/// Where parsed GDELT rows go: the store, Parquet files (events only), or nowhere (a check).
enum Sink {
    Store(Store),
    // Boxed: the writer is large and a sink is made once per run.
    Parquet(Box<ImportedEventsWriter>),
    Check,
}

impl Sink {
    fn open(db: &Path, check: bool, parquet: Option<&Path>) -> anyhow::Result<Sink> {
        Ok(match (check, parquet) {
            (true, _) => Sink::Check,
            (false, Some(dir)) => Sink::Parquet(Box::new(
                ImportedEventsWriter::create(dir)
                    .with_context(|| format!("cannot write Parquet under {}", dir.display()))?,
            )),
            (false, None) => Sink::Store(super::open_store(db)?),
        })
    }

    fn finish(self, summary: &mut Summary) -> anyhow::Result<()> {
        match self {
            Sink::Store(mut store) => after_import(Some(&mut store), summary),
            Sink::Parquet(writer) => {
                let written = (*writer).finish()?;
                summary.parquet = Some((written.files, written.partitions));
                Ok(())
            }
            Sink::Check => Ok(()),
        }
    }
}

/// `--parquet` writes the `imported_events` table; mentions and GKG articles go to the store.
fn events_only(input: &str, kind: GdeltKind) -> anyhow::Result<()> {
    anyhow::ensure!(
        kind == GdeltKind::Events,
        "{input}: --parquet writes GDELT events only, and this is a {kind:?} file; import it into the store instead"
    );
    Ok(())
}

/// New events change the daily counts that surge alert rules watch (and the surge days that
/// questions' surge indicators read), so rules are evaluated as after an ingest.
fn after_import(store: Option<&mut Store>, summary: &Summary) -> anyhow::Result<()> {
    match store {
        Some(store) if summary.imported > 0 || summary.mentions > 0 || summary.articles > 0 => {
            super::serve::after_ingest(store)
        }
        _ => Ok(()),
    }
}

fn kind_of(kind: Option<&str>, input: &str) -> anyhow::Result<GdeltKind> {
    match kind {
        Some(k) => GdeltKind::parse(k)
            .with_context(|| format!("unknown GDELT kind `{k}` (events, mentions, gkg)")),
        None => Ok(GdeltKind::from_name(input)),
    }
}

#[derive(Default)]
struct Summary {
    files: usize,
    rows: u64,
    imported: usize,
    mentions: usize,
    articles: usize,
    /// Mentions in the store, and how many of them mention a stored event (after a mentions
    /// import).
    mention_totals: Option<(u64, u64)>,
    skipped_rows: u64,
    problems: Vec<String>,
    /// Files that could not be opened or whose reading broke off (a decompression limit, a
    /// broken archive); the other files are still imported, and the run exits 1.
    files_failed: usize,
    files_listed: usize,
    files_ok: usize,
    slots_missing: usize,
    /// Parquet files and date partitions written (`--parquet`).
    parquet: Option<(usize, usize)>,
}

impl Summary {
    /// Row problems are reported but do not fail the run; a master-list gap or checksum failure does.
    fn print(&self, json: bool) -> anyhow::Result<ExitCode> {
        if json {
            super::print_json(&json!({
                "files": self.files, "rows": self.rows, "imported": self.imported,
                "mentions": self.mentions,
                "articles": self.articles,
                "mentions_stored": self.mention_totals.map(|t| t.0),
                "mentions_of_stored_events": self.mention_totals.map(|t| t.1),
                "skipped_rows": self.skipped_rows, "files_listed": self.files_listed,
                "files_ok": self.files_ok, "slots_missing": self.slots_missing,
                "parquet_files": self.parquet.map(|p| p.0),
                "parquet_partitions": self.parquet.map(|p| p.1),
                "problems": self.problems,
            }))?;
        } else {
            for p in &self.problems {
                eprintln!("{p}");
            }
            println!(
                "{} file(s), {} rows, {} new events, {} rows skipped, {} problem(s)",
                self.files,
                self.rows,
                self.imported,
                self.skipped_rows,
                self.problems.len()
            );
            if let Some((files, partitions)) = self.parquet {
                println!(
                    "{} events written as Parquet: {files} file(s) in {partitions} date partition(s)",
                    self.imported
                );
            }
            if self.articles > 0 {
                println!("{} new GKG article(s)", self.articles);
            }
            if let Some((stored, of_events)) = self.mention_totals {
                println!(
                    "{} new mention(s); the store holds {stored}, {of_events} of them of stored events (the rest count once their events are imported)",
                    self.mentions
                );
            }
            if self.files_listed > 0 || self.slots_missing > 0 {
                println!(
                    "master list: {} file(s) in range, {} verified, {} 15-minute slot(s) without a file",
                    self.files_listed, self.files_ok, self.slots_missing
                );
            }
        }
        Ok(
            if self.slots_missing > 0 || self.files_ok < self.files_listed {
                ExitCode::from(2)
            } else if self.files_failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            },
        )
    }
}

/// Streams one GDELT file: row errors are reported and skipped, events, mentions and GKG 2.1
/// articles go to the store in batches (GKG 1.0 rows are checked and counted, not stored), or
/// events go to Parquet one by one (the writer batches them).
fn import_gdelt(
    sink: &mut Sink,
    input: &str,
    kind: GdeltKind,
    s: &mut Summary,
) -> anyhow::Result<()> {
    match sink {
        Sink::Store(store) => import_gdelt_rows(Some(store), None, input, kind, s),
        Sink::Parquet(writer) => import_gdelt_rows(None, Some(&mut **writer), input, kind, s),
        Sink::Check => import_gdelt_rows(None, None, input, kind, s),
    }
}

fn import_gdelt_rows(
    mut store: Option<&mut Store>,
    mut parquet: Option<&mut ImportedEventsWriter>,
    input: &str,
    kind: GdeltKind,
    s: &mut Summary,
) -> anyhow::Result<()> {
    // A file that cannot be opened (or whose first line cannot be read) costs only itself.
    let opened = open_input(input).and_then(|reader| {
        // A BigQuery CSV export (header, commas) reads as the raw file it was exported from.
        raw_or_export(reader, kind)
    });
    let source = match opened {
        Ok(source) => source,
        Err(e) => {
            s.files_failed += 1;
            s.problems.push(format!("{input}: cannot read: {e}"));
            return Ok(());
        }
    };
    let mut rows = RowReader::new(source.reader, input, kind);
    if let Some(fields) = source.fields {
        rows = rows.with_fields(fields);
    }
    let mut events: Vec<ImportedEvent> = Vec::new();
    let mut mentions: Vec<ImportedMention> = Vec::new();
    let mut articles: Vec<ImportedArticle> = Vec::new();
    let mut gkg_1_0 = 0u64;
    s.files += 1;
    loop {
        let row = match rows.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) if e.is_row_error() => {
                s.skipped_rows += 1;
                s.problems.push(e.to_string());
                continue;
            }
            Err(e) => {
                s.files_failed += 1;
                s.problems.push(e.to_string());
                break;
            }
        };
        s.rows += 1;
        if let Some(writer) = parquet.as_deref_mut() {
            match event_from_row(&row, input) {
                Ok(event) => {
                    writer.push(&event)?;
                    s.imported += 1;
                }
                Err(e @ GdeltError::BadField { .. }) => {
                    s.skipped_rows += 1;
                    s.problems.push(e.to_string());
                }
                Err(e) => return Err(e.into()),
            }
            continue;
        }
        let Some(st) = store.as_deref_mut() else {
            continue;
        };
        let parsed = match kind {
            GdeltKind::Events => event_from_row(&row, input).map(|e| events.push(e)),
            GdeltKind::Mentions => mention_from_row(&row, input).map(|m| mentions.push(m)),
            // GKG 1.0 has no record id to keep re-imports idempotent.
            GdeltKind::Gkg if row.len() != 27 => {
                gkg_1_0 += 1;
                Ok(())
            }
            GdeltKind::Gkg => article_from_row(&row, input).map(|a| articles.push(a)),
        };
        match parsed {
            Ok(()) => {}
            Err(e @ GdeltError::BadField { .. }) => {
                s.skipped_rows += 1;
                s.problems.push(e.to_string());
            }
            Err(e) => return Err(e.into()),
        }
        if events.len() >= BATCH {
            s.imported += st.insert_imported_events(&events)?;
            events.clear();
        }
        if mentions.len() >= BATCH {
            s.mentions += st.insert_imported_mentions(&mentions)?;
            mentions.clear();
        }
        if articles.len() >= BATCH {
            s.articles += st.insert_imported_articles(&articles)?;
            articles.clear();
        }
    }
    if gkg_1_0 > 0 {
        s.problems.push(format!(
            "{input}: {gkg_1_0} GKG 1.0 row(s) checked, not stored (only GKG 2.1 rows have record ids)"
        ));
    }
    if let Some(st) = store {
        s.imported += st.insert_imported_events(&events)?;
        s.mentions += st.insert_imported_mentions(&mentions)?;
        s.articles += st.insert_imported_articles(&articles)?;
        if kind == GdeltKind::Mentions {
            s.mention_totals = Some(st.mention_totals()?);
        }
    }
    Ok(())
}

/// A master-list file on disk; a downloaded one is deleted when this is dropped.
struct Fetched {
    path: std::path::PathBuf,
    downloaded: bool,
}

impl Drop for Fetched {
    fn drop(&mut self) {
        if self.downloaded {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The file for a master-list entry, checked against its size and MD5: a local copy in `dir`,
/// or else downloaded (streamed, ureq with rustls) into a temporary file. Errors are problem
/// lines.
fn fetch_and_verify(entry: &MasterEntry, dir: Option<&Path>) -> Result<Fetched, String> {
    let name = entry.file_name();
    let fetched = match dir {
        Some(d) => {
            let path = d.join(name);
            if !path.exists() {
                return Err(format!(
                    "{}: missing (listed in the master file list for {})",
                    path.display(),
                    entry.slot
                ));
            }
            Fetched {
                path,
                downloaded: false,
            }
        }
        None => {
            let path =
                std::env::temp_dir().join(format!("forewarn-gdelt-{}-{name}", std::process::id()));
            let fetched = Fetched {
                path,
                downloaded: true,
            };
            let mut body =
                forewarn_events::source::download(&entry.url).map_err(|e| e.to_string())?;
            let mut file = File::create(&fetched.path)
                .map_err(|e| format!("{}: {e}", fetched.path.display()))?;
            std::io::copy(&mut body, &mut file)
                .map_err(|e| format!("{}: download failed: {e}", entry.url))?;
            fetched
        }
    };
    let path = &fetched.path;
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (md5, size) = masterlist::md5_hex(BufReader::new(file))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if md5 != entry.md5 || size != entry.size {
        // A downloaded copy is gone once this returns; name what the user can look up.
        let source = if fetched.downloaded {
            entry.url.clone()
        } else {
            path.display().to_string()
        };
        return Err(format!(
            "{source}: checksum failure: MD5 {md5} and {size} bytes, the master list says {} and {} bytes",
            entry.md5, entry.size
        ));
    }
    Ok(fetched)
}

fn import_csv(
    db: &Path,
    inputs: &[std::path::PathBuf],
    mapping: &Mapping,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(db)?;
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
    let mut s = Summary::default();
    for input in inputs {
        let origin = input.display().to_string();
        let reader = match open_input(&origin) {
            Ok(reader) => reader,
            Err(e) => {
                s.files_failed += 1;
                s.problems.push(format!("{origin}: cannot read: {e}"));
                continue;
            }
        };
        let mut imported = 0;
        let result = read_csv_events(reader, &origin, mapping, &coder, 5_000, |batch| {
            imported += store
                .insert_imported_events(&batch)
                .map_err(|e| e.to_string())?;
            Ok(())
        })?;
        s.files += 1;
        s.rows += result.rows;
        s.imported += imported;
        s.skipped_rows += result.errors.len() as u64;
        s.files_failed += usize::from(result.read_failed);
        s.problems.extend(result.errors);
    }
    after_import(Some(&mut store), &s)?;
    s.print(json)
}
