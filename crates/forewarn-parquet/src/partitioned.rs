//! One table written as Hive-partitioned Parquet: `TABLE/KEY=VALUE/part-N.parquet`, or
//! `TABLE/part-N.parquet` for a table without a partition key.
//!
//! Memory is bounded whatever the input order: each open partition buffers at most one batch
//! (rows or bytes, whichever fills first) before it goes to its Parquet writer, whose row groups
//! are capped in rows and bytes; at most `max_open` partitions are open, and the one used least
//! recently is closed to open another (a later row for it starts its next part file); and when
//! everything held passes a budget the largest holder is flushed. Input sorted by the key (the
//! store's export) so keeps one partition open at a time. A file is written under a hidden
//! name (`.part-N.parquet.inprogress`, which engines skip) and renamed when complete.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::ExportError;
use crate::columns::{Buffer, Col, schema};

/// Rows per record batch handed to the writer, and per row group.
pub(crate) const BATCH_ROWS: usize = 64 * 1024;
/// A batch is also cut when its values pass this many bytes (document texts are long).
const BATCH_BYTES: usize = 16 << 20;
/// Cap on a row group's encoded size: the writer holds one row group per open file.
const ROW_GROUP_BYTES: usize = 32 << 20;
/// Everything buffered and held by writers, across partitions, before the largest is flushed.
const BUDGET_BYTES: usize = 96 << 20;
/// Rows between checks of the budget.
const CHECK_EVERY: u64 = 4096;

/// The value Hive and the engines read as a null partition key.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

struct Part {
    buffer: Buffer,
    writer: Option<ArrowWriter<File>>,
    dir: PathBuf,
    index: usize,
    used: u64,
}

impl Part {
    fn tmp_path(&self) -> PathBuf {
        self.dir
            .join(format!(".part-{}.parquet.inprogress", self.index))
    }

    fn path(&self) -> PathBuf {
        self.dir.join(format!("part-{}.parquet", self.index))
    }

    fn held(&self) -> usize {
        self.buffer.bytes() + self.writer.as_ref().map_or(0, ArrowWriter::memory_size)
    }
}

/// What was written for one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSummary {
    pub table: &'static str,
    pub rows: u64,
    pub files: usize,
    /// Distinct partition values written (0 for a table without a key).
    pub partitions: usize,
}

pub(crate) struct PartitionedWriter {
    table: &'static str,
    dir: PathBuf,
    key: Option<&'static str>,
    cols: &'static [Col],
    schema: SchemaRef,
    props: WriterProperties,
    max_open: usize,
    open: HashMap<String, Part>,
    /// Next part-file index per partition segment; its size is the partitions seen.
    next_index: HashMap<String, usize>,
    tick: u64,
    files: usize,
    rows: u64,
}

impl PartitionedWriter {
    /// A writer for `root/table`, which must not exist yet (nothing is ever overwritten or
    /// mixed with an earlier run's files).
    pub fn create(
        root: &Path,
        table: &'static str,
        key: Option<&'static str>,
        cols: &'static [Col],
        max_open: usize,
    ) -> Result<PartitionedWriter, ExportError> {
        let dir = root.join(table);
        if dir.exists() {
            return Err(ExportError::Exists { path: dir });
        }
        std::fs::create_dir_all(&dir).map_err(|source| ExportError::Io {
            path: dir.clone(),
            source,
        })?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(BATCH_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_created_by(concat!("forewarn ", env!("CARGO_PKG_VERSION")).to_string())
            .build();
        Ok(PartitionedWriter {
            table,
            dir,
            key,
            cols,
            schema: schema(cols),
            props,
            max_open: max_open.max(1),
            open: HashMap::new(),
            next_index: HashMap::new(),
            tick: 0,
            files: 0,
            rows: 0,
        })
    }

    /// Adds one row to the partition `value` of the key (ignored for a table without one):
    /// `fill` pushes one value per column, in order.
    pub fn push(
        &mut self,
        value: Option<&str>,
        fill: impl FnOnce(&mut Buffer) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let segment = match self.key {
            Some(key) => segment(key, value),
            None => String::new(),
        };
        if !self.open.contains_key(&segment) {
            self.open_part(&segment)?;
        }
        self.tick += 1;
        let part = self.open.get_mut(&segment).expect("opened above");
        part.used = self.tick;
        fill(&mut part.buffer)?;
        part.buffer.end_row();
        self.rows += 1;
        if part.buffer.rows() >= BATCH_ROWS || part.buffer.bytes() >= BATCH_BYTES {
            write_buffer(part, &self.schema, &self.props)?;
        }
        if self.tick.is_multiple_of(CHECK_EVERY) {
            self.keep_budget()?;
        }
        Ok(())
    }

    fn open_part(&mut self, segment: &str) -> Result<(), ExportError> {
        if self.open.len() >= self.max_open {
            let lru = self
                .open
                .iter()
                .min_by_key(|(_, p)| p.used)
                .map(|(k, _)| k.clone())
                .expect("max_open is at least one");
            let part = self.open.remove(&lru).expect("listed above");
            self.close_part(part)?;
        }
        let next = self.next_index.entry(segment.to_string()).or_insert(0);
        let index = *next;
        *next += 1;
        let dir = if segment.is_empty() {
            self.dir.clone()
        } else {
            self.dir.join(segment)
        };
        std::fs::create_dir_all(&dir).map_err(|source| ExportError::Io {
            path: dir.clone(),
            source,
        })?;
        self.open.insert(
            segment.to_string(),
            Part {
                buffer: Buffer::new(self.cols),
                writer: None,
                dir,
                index,
                used: self.tick,
            },
        );
        Ok(())
    }

    /// Flushes the biggest holders until everything held fits the budget.
    fn keep_budget(&mut self) -> Result<(), ExportError> {
        // Bounded: each round empties one holder, and what a flushed writer keeps is small.
        for _ in 0..self.open.len() {
            let total: usize = self.open.values().map(Part::held).sum();
            if total <= BUDGET_BYTES {
                break;
            }
            let part = self
                .open
                .values_mut()
                .max_by_key(|p| p.held())
                .expect("something is held");
            write_buffer(part, &self.schema, &self.props)?;
            if let Some(w) = part.writer.as_mut() {
                w.flush()?;
            }
        }
        Ok(())
    }

    fn close_part(&mut self, mut part: Part) -> Result<(), ExportError> {
        write_buffer(&mut part, &self.schema, &self.props)?;
        let Some(writer) = part.writer.take() else {
            return Ok(());
        };
        writer.close()?;
        let (tmp, path) = (part.tmp_path(), part.path());
        std::fs::rename(&tmp, &path).map_err(|source| ExportError::Io { path, source })?;
        self.files += 1;
        Ok(())
    }

    /// Closes every open file. A table with no rows gets one file with its schema and no rows,
    /// so engines still see its columns.
    pub fn finish(mut self) -> Result<TableSummary, ExportError> {
        let mut parts: Vec<(String, Part)> = self.open.drain().collect();
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, part) in parts {
            self.close_part(part)?;
        }
        if self.files == 0 {
            let path = self.dir.join("part-0.parquet");
            let file = create(&path)?;
            ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))?.close()?;
            self.files = 1;
        }
        Ok(TableSummary {
            table: self.table,
            rows: self.rows,
            files: self.files,
            partitions: if self.key.is_some() {
                self.next_index.len()
            } else {
                0
            },
        })
    }
}

fn create(path: &Path) -> Result<File, ExportError> {
    File::create(path).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn write_buffer(
    part: &mut Part,
    schema: &SchemaRef,
    props: &WriterProperties,
) -> Result<(), ExportError> {
    if part.buffer.rows() == 0 {
        return Ok(());
    }
    if part.writer.is_none() {
        let file = create(&part.tmp_path())?;
        part.writer = Some(ArrowWriter::try_new(
            file,
            schema.clone(),
            Some(props.clone()),
        )?);
    }
    let batch = part.buffer.take(schema)?;
    part.writer.as_mut().expect("created above").write(&batch)?;
    Ok(())
}

/// `key=value` (an empty or null value is Hive's null partition) with the value escaped as Hive escapes path segments (`%XX` for anything but
/// letters, digits and `-_.`), so a date stays readable and any other text stays one segment.
fn segment(key: &str, value: Option<&str>) -> String {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return format!("{key}={NULL_PARTITION}");
    };
    let mut out = String::with_capacity(key.len() + 1 + value.len());
    out.push_str(key);
    out.push('=');
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::{Kind, col};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    const COLS: &[Col] = &[col("n", Kind::Int, false), col("note", Kind::Text, true)];

    fn rows_in(path: &Path) -> usize {
        ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
            .unwrap()
            .build()
            .unwrap()
            .map(|b| b.unwrap().num_rows())
            .sum()
    }

    /// Dates in turn, more of them than may be open: each reopened partition starts its next
    /// part file, and every row is in exactly one complete file.
    #[test]
    fn more_partitions_than_open_files_keeps_every_row() {
        let out = tempfile::tempdir().unwrap();
        let mut w = PartitionedWriter::create(out.path(), "t", Some("day"), COLS, 2).unwrap();
        for n in 0..30i64 {
            let day = format!("2022-01-0{}", n % 3 + 1);
            let note = (n % 2 == 0).then(|| format!("row {n}"));
            w.push(Some(&day), |b| {
                b.int(0, Some(n));
                b.text(1, note.as_deref());
                Ok(())
            })
            .unwrap();
        }
        let summary = w.finish().unwrap();
        assert_eq!((summary.rows, summary.partitions), (30, 3));
        assert!(summary.files > 3, "{summary:?}");
        let mut total = 0;
        for day in 1..=3 {
            let dir = out.path().join(format!("t/day=2022-01-0{day}"));
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_str().unwrap().to_string();
                assert!(
                    name.starts_with("part-") && name.ends_with(".parquet"),
                    "{name}"
                );
                total += rows_in(&path);
            }
        }
        assert_eq!(total, 30);
        assert!(PartitionedWriter::create(out.path(), "t", None, COLS, 1).is_err());
    }

    #[test]
    fn an_empty_table_is_one_file_with_its_columns() {
        let out = tempfile::tempdir().unwrap();
        let w = PartitionedWriter::create(out.path(), "t", Some("day"), COLS, 1).unwrap();
        assert_eq!(w.finish().unwrap().files, 1);
        let path = out.path().join("t/part-0.parquet");
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
        assert_eq!(reader.schema().fields().len(), 2);
        assert_eq!(rows_in(&path), 0);
    }

    #[test]
    fn segments_escape_all_but_plain_characters() {
        assert_eq!(segment("date", Some("2022-02-24")), "date=2022-02-24");
        assert_eq!(segment("date", None), "date=__HIVE_DEFAULT_PARTITION__");
        assert_eq!(segment("as_of", Some("a/b c")), "as_of=a%2Fb%20c");
    }
}
