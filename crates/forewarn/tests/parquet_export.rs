#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! `export parquet` on a store built from the demo corpus, a question with a forecast and our
//! GDELT fixture events, read back with the parquet crate; and `import gdelt --parquet` on the
//! fixture events with one truncated row, which must give the same `imported_events` rows as
//! the store's export.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::util::{Workspace, repo_root};

fn fixture_events() -> String {
    std::fs::read_to_string(repo_root().join("crates/forewarn-events/tests/fixtures/events.tsv"))
        .unwrap()
}

/// Every `.parquet` file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn read(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

/// Rows of a table as (partition folder, column → value as text), in file order.
fn rows(dir: &Path, table: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let root = dir.join(table);
    let mut out = Vec::new();
    for file in files(&root) {
        let partition = file
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        for batch in read(&root.join(&file)) {
            for i in 0..batch.num_rows() {
                let mut row = BTreeMap::new();
                for (field, col) in batch.schema().fields().iter().zip(batch.columns()) {
                    row.insert(field.name().clone(), cell(col.as_ref(), i));
                }
                out.push((partition.clone(), row));
            }
        }
    }
    out
}

fn cell(col: &dyn Array, i: usize) -> String {
    use arrow_array::types::{Float64Type, Int64Type};
    use arrow_schema::DataType;
    if col.is_null(i) {
        return "null".into();
    }
    match col.data_type() {
        DataType::Utf8 => col.as_string::<i32>().value(i).to_string(),
        DataType::Int64 => col.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::Float64 => col.as_primitive::<Float64Type>().value(i).to_string(),
        DataType::Boolean => col.as_boolean().value(i).to_string(),
        other => panic!("unexpected column type {other}"),
    }
}

/// The demo corpus and question, a forecast, and our GDELT fixture events, in the store `db`.
fn store_with_everything(ws: &Workspace, db: &str) {
    ws.demo_store_on(db);
    ws.run_on(
        db,
        &["forecast", "belarus-joins-war", "--as-of", "2022-12-31"],
    )
    .success();
    ws.write("events.CSV", fixture_events());
    ws.run_on(db, &["import", "gdelt", "events.CSV"]).success();
}

#[test]
fn export_writes_every_table_with_the_stores_row_counts() {
    let ws = Workspace::new();
    store_with_everything(&ws, ws.path("test.db").to_str().unwrap());
    let run = ws.run(&["export", "parquet", "out", "--json"]);
    run.success();
    let summary = run.json();
    let out = ws.path("out");

    let store = forewarn_store::Store::open(&ws.path("test.db")).unwrap();
    let counts = store.counts().unwrap();
    let imported: u64 = store.imported_counts().unwrap().iter().map(|c| c.1).sum();
    let expected = [
        ("documents", counts.documents as u64),
        ("sentences", counts.sentences as u64),
        ("events", counts.events as u64),
        ("quotes", counts.quotes as u64),
        ("questions", counts.questions as u64),
        ("forecasts", counts.forecasts as u64),
        ("imported_events", imported),
        ("imported_mentions", 0),
        ("imported_articles", 0),
    ];
    for (table, n) in expected {
        let listed = summary["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["table"] == table)
            .unwrap_or_else(|| panic!("{table} missing from {summary}"));
        assert_eq!(listed["rows"], n, "{table}: {summary}");
        assert_eq!(rows(&out, table).len() as u64, n, "{table} read back");
    }
    assert!(
        counts.events > 10 && counts.quotes > 0 && imported == 12,
        "{counts:?}"
    );

    // Dates are partition folders, not columns; other columns keep the store's values.
    let events = rows(&out, "events");
    assert!(
        events
            .iter()
            .all(|(p, r)| p.starts_with("date=") && !r.contains_key("date"))
    );
    let mobilize = events
        .iter()
        .find(|(_, r)| r["event_type"] == "MOBILIZE" && r["negated"] == "false")
        .expect("the corpus has troop movements");
    assert!(mobilize.1["rule"].len() > 1, "{mobilize:?}");
    let docs = rows(&out, "documents");
    assert_eq!(
        docs[0].0, "published=2022-10-10",
        "sorted by date: {:?}",
        docs[0]
    );
    let forecasts = rows(&out, "forecasts");
    assert_eq!(forecasts[0].0, "as_of=2022-12-31");
    assert_eq!(forecasts[0].1["question_id"], "belarus-joins-war");

    // The layout: one file per date partition, one file for undated tables, an empty table is
    // one file with its columns.
    let layout: Vec<String> = files(&out)
        .iter()
        .map(|p| p.display().to_string())
        .filter(|p| !p.starts_with("events/") && !p.starts_with("documents/"))
        .collect();
    insta::assert_yaml_snapshot!("parquet_layout", layout);
    let empty = read(&out.join("imported_mentions/part-0.parquet"));
    assert!(empty.iter().all(|b| b.num_rows() == 0));

    // Nothing is overwritten.
    let again = ws.run(&["export", "parquet", "out"]);
    assert_eq!(again.code(), 2, "{}", again.stderr());
    assert!(
        again.stderr().contains("already exists"),
        "{}",
        again.stderr()
    );
}

#[test]
fn gdelt_streams_to_parquet_with_bad_rows_reported() {
    let ws = Workspace::new();
    let mut lines: Vec<String> = fixture_events().lines().map(str::to_string).collect();
    let truncated: String = lines[0].split('\t').take(20).collect::<Vec<_>>().join("\t");
    lines.insert(4, truncated);
    ws.write("events.CSV", lines.join("\n") + "\n");

    let run = ws.run(&["import", "gdelt", "events.CSV", "--parquet", "pq", "--json"]);
    run.success();
    let s = run.json();
    assert_eq!(
        (s["rows"].as_u64(), s["imported"].as_u64()),
        (Some(12), Some(12)),
        "{s}"
    );
    assert_eq!(s["skipped_rows"], 1, "{s}");
    let problem = s["problems"][0].as_str().unwrap();
    assert!(
        problem.starts_with("events.CSV:5: expected 61"),
        "{problem}"
    );
    assert!(
        !ws.path("test.db").exists(),
        "--parquet goes past the store"
    );

    // The same rows, in the same layout, as the store's export of the same file.
    ws.run(&["import", "gdelt", "events.CSV"]);
    ws.run(&["export", "parquet", "out"]).success();
    let by_id = |dir: &str| {
        let mut r = rows(&ws.path(dir), "imported_events");
        r.sort_by(|a, b| a.1["source_id"].cmp(&b.1["source_id"]));
        r
    };
    let streamed = by_id("pq");
    assert_eq!(streamed, by_id("out"));
    assert_eq!(streamed.len(), 12);
    let first = &streamed[0];
    assert_eq!(first.0, "date=2022-02-01");
    assert_eq!(
        (
            first.1["native_type"].as_str(),
            first.1["event_type"].as_str()
        ),
        ("153", "MOBILIZE")
    );
    assert_eq!(first.1["source_country"], "RUS");

    let again = ws.run(&["import", "gdelt", "events.CSV", "--parquet", "pq"]);
    assert!(
        again.stderr().contains("already exists"),
        "{}",
        again.stderr()
    );
    let mentions = ws.run(&["import", "gdelt", "x.mentions.CSV", "--parquet", "pq2"]);
    assert!(
        mentions.stderr().contains("events only"),
        "{}",
        mentions.stderr()
    );
}

/// The same store built on each backend exports the same rows, table by table and partition
/// by partition (files may order a partition's rows differently); only the times of ingest
/// and of adding the question differ.
#[test]
fn export_from_postgres_has_the_rows_of_export_from_sqlite() {
    let ws = Workspace::new();
    let mut exports = Vec::new();
    for db in forewarn_testdb::backends() {
        let target = db.target.as_str();
        store_with_everything(&ws, target);
        let out = format!("out-{}", db.backend);
        ws.run_on(target, &["export", "parquet", &out]).success();
        let tables: Vec<_> = forewarn_parquet::table_names()
            .map(|table| {
                let mut rows = rows(&ws.path(&out), table);
                for (_, row) in &mut rows {
                    row.remove("ingested_at");
                    row.remove("added_at");
                }
                rows.sort();
                (table, rows)
            })
            .collect();
        exports.push((db.backend, tables));
    }
    let (first, reference) = &exports[0];
    assert!(reference.iter().any(|(_, rows)| rows.len() > 10));
    for (backend, tables) in &exports[1..] {
        for ((table, a), (_, b)) in reference.iter().zip(tables) {
            assert_eq!(a.len(), b.len(), "{table}: {first} and {backend}");
            assert!(a == b, "{table} differs between {first} and {backend}");
        }
    }
}
