//! A table's columns as Arrow builders: rows go in one value at a time and come out as a
//! record batch, with a running estimate of the bytes held so callers can flush by size.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use crate::ExportError;

/// The Arrow type of a column. The store's columns are SQLite integers, reals and text;
/// flags (`negated`, …) are integers there and booleans here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Real,
    Text,
    Bool,
}

/// One column of a table layout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

pub(crate) const fn col(name: &'static str, kind: Kind, nullable: bool) -> Col {
    Col {
        name,
        kind,
        nullable,
    }
}

pub(crate) fn schema(cols: &[Col]) -> SchemaRef {
    let fields: Vec<Field> = cols
        .iter()
        .map(|c| {
            let t = match c.kind {
                Kind::Int => DataType::Int64,
                Kind::Real => DataType::Float64,
                Kind::Text => DataType::Utf8,
                Kind::Bool => DataType::Boolean,
            };
            Field::new(c.name, t, c.nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

enum Builder {
    Int(Int64Builder),
    Real(Float64Builder),
    Text(StringBuilder),
    Bool(BooleanBuilder),
}

/// The rows of one partition not yet handed to its Parquet writer.
pub(crate) struct Buffer {
    builders: Vec<Builder>,
    cols: &'static [Col],
    rows: usize,
    bytes: usize,
}

impl Buffer {
    pub fn new(cols: &'static [Col]) -> Buffer {
        let builders = cols
            .iter()
            .map(|c| match c.kind {
                Kind::Int => Builder::Int(Int64Builder::new()),
                Kind::Real => Builder::Real(Float64Builder::new()),
                Kind::Text => Builder::Text(StringBuilder::new()),
                Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            })
            .collect();
        Buffer {
            builders,
            cols,
            rows: 0,
            bytes: 0,
        }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Roughly what the buffered values occupy: text bytes plus eight per value.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Marks the end of a row; every column must have had exactly one value pushed.
    pub fn end_row(&mut self) {
        self.rows += 1;
        self.bytes += 8 * self.cols.len();
    }

    pub fn int(&mut self, i: usize, v: Option<i64>) {
        match &mut self.builders[i] {
            Builder::Int(b) => b.append_option(v),
            _ => unreachable!("column {} is not an integer", self.cols[i].name),
        }
    }

    pub fn real(&mut self, i: usize, v: Option<f64>) {
        match &mut self.builders[i] {
            Builder::Real(b) => b.append_option(v),
            _ => unreachable!("column {} is not a real", self.cols[i].name),
        }
    }

    pub fn text(&mut self, i: usize, v: Option<&str>) {
        self.bytes += v.map_or(0, str::len);
        match &mut self.builders[i] {
            Builder::Text(b) => b.append_option(v),
            _ => unreachable!("column {} is not text", self.cols[i].name),
        }
    }

    pub fn bool(&mut self, i: usize, v: Option<bool>) {
        match &mut self.builders[i] {
            Builder::Bool(b) => b.append_option(v),
            _ => unreachable!("column {} is not a flag", self.cols[i].name),
        }
    }

    /// The buffered rows as a batch; the buffer is empty afterwards.
    pub fn take(&mut self, schema: &SchemaRef) -> Result<RecordBatch, ExportError> {
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Real(b) => Arc::new(b.finish()),
                    Builder::Text(b) => Arc::new(b.finish()),
                    Builder::Bool(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        self.rows = 0;
        self.bytes = 0;
        Ok(RecordBatch::try_new(schema.clone(), arrays)?)
    }
}
