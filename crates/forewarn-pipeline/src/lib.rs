//! The ingest loop: files → documents → coded sentences and quotes → the store, one transaction
//! per document. The command line and the HTTP server both ingest through [`Pipeline`], so a
//! document is coded the same way whichever door it came in by.
//!
//! ```
//! use forewarn_pipeline::Pipeline;
//! use forewarn_store::Store;
//! let mut store = Store::open_in_memory()?;
//! let mut pipeline = Pipeline::new(&store)?;
//! let doc = forewarn_ingest::read_bytes(
//!     "note.txt",
//!     b"---\npublished: 2022-12-13\n---\nLukashenko ordered a snap inspection of the army on Tuesday.\n",
//!     &Default::default(),
//! );
//! let summary = pipeline.add_documents(&mut store, doc.documents, "2026-01-01T00:00:00Z")?;
//! assert_eq!(summary.added, 1);
//! # Ok::<(), forewarn_pipeline::PipelineError>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use forewarn_code::Coder;
use forewarn_detect::NearDuplicateIndex;
use forewarn_gazetteer::Gazetteer;
use forewarn_ingest::IngestOptions;
use forewarn_model::{Diagnostic, Document, Sentence, Severity};
use forewarn_store::{Inserted, Store, StoreError};
use serde::Serialize;

/// Two documents sharing this much of their word 3-grams are one story.
pub const DOCUMENT_DUPLICATE_THRESHOLD: f64 = 0.7;

/// Why a batch stopped. Per-document problems are not errors: they are listed in
/// [`IngestSummary::failed`] and the batch goes on.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one ingest run did.
#[derive(Debug, Default, Serialize)]
pub struct IngestSummary {
    pub files: usize,
    pub added: usize,
    /// Ids of the documents added, in order.
    pub added_ids: Vec<i64>,
    /// Already in the store (same content hash): nothing written.
    pub skipped_duplicate: usize,
    /// Added, but marked as a near-duplicate of an earlier document.
    pub near_duplicates: usize,
    pub sentences: usize,
    pub events: usize,
    pub quotes: usize,
    pub failed: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads, codes and stores documents. Holds the coder and the near-duplicate index so a batch
/// builds them once.
pub struct Pipeline {
    coder: Coder,
    duplicates: NearDuplicateIndex,
    /// The highest document id in `duplicates`. A long-lived pipeline (the server's, `watch`)
    /// shares the file with other processes; each batch first indexes what they stored since.
    indexed_up_to: i64,
}

impl Pipeline {
    /// Loads the built-in gazetteer and indexes the documents already in the store.
    pub fn new(store: &Store) -> Result<Pipeline, PipelineError> {
        Pipeline::with_gazetteer(store, Gazetteer::builtin())
    }

    /// As [`Pipeline::new`], with a gazetteer the caller extended.
    pub fn with_gazetteer(store: &Store, gazetteer: Gazetteer) -> Result<Pipeline, PipelineError> {
        let mut pipeline = Pipeline {
            coder: Coder::new(Arc::new(gazetteer)),
            duplicates: NearDuplicateIndex::new(DOCUMENT_DUPLICATE_THRESHOLD),
            indexed_up_to: 0,
        };
        pipeline.catch_up(store)?;
        Ok(pipeline)
    }

    /// Indexes the documents stored since the last batch, by this or any other connection;
    /// returns how many. Every batch calls it first.
    pub fn catch_up(&mut self, store: &Store) -> Result<usize, PipelineError> {
        let texts = store.document_texts_for_dedup(self.indexed_up_to)?;
        for (id, text) in &texts {
            self.index(*id, text);
        }
        Ok(texts.len())
    }

    fn index(&mut self, id: i64, text: &str) {
        self.duplicates.insert(id, text);
        self.indexed_up_to = self.indexed_up_to.max(id);
    }

    /// The coder, for callers that code text without storing it.
    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    /// Reads and ingests files; `on_file` is called after each one (for a progress bar).
    /// `ingested_at` is passed in because the clock belongs to the caller.
    pub fn ingest_files(
        &mut self,
        store: &mut Store,
        files: &[PathBuf],
        options: &IngestOptions,
        ingested_at: &str,
        mut on_file: impl FnMut(&Path),
    ) -> Result<IngestSummary, PipelineError> {
        let mut summary = IngestSummary {
            files: files.len(),
            ..IngestSummary::default()
        };
        for path in files {
            let outcome = forewarn_ingest::read_path(path, options);
            for diagnostic in outcome.diagnostics {
                match diagnostic.severity {
                    Severity::Error => summary.failed.push(diagnostic),
                    Severity::Warning => summary.warnings.push(diagnostic),
                }
            }
            self.add_into(store, outcome.documents, ingested_at, &mut summary)?;
            on_file(path);
        }
        Ok(summary)
    }

    /// Codes and stores documents that were read some other way (a feed, an API call).
    pub fn add_documents(
        &mut self,
        store: &mut Store,
        documents: Vec<Document>,
        ingested_at: &str,
    ) -> Result<IngestSummary, PipelineError> {
        let mut summary = IngestSummary::default();
        self.add_into(store, documents, ingested_at, &mut summary)?;
        Ok(summary)
    }

    fn add_into(
        &mut self,
        store: &mut Store,
        documents: Vec<Document>,
        ingested_at: &str,
        summary: &mut IngestSummary,
    ) -> Result<(), PipelineError> {
        self.catch_up(store)?;
        for doc in documents {
            if store.has_hash(&doc.hash)?.is_some() {
                summary.skipped_duplicate += 1;
                continue;
            }
            let (sentences, diagnostics) = self.coder.code_document(&doc.text, doc.published);
            let plain: Vec<Sentence> = sentences
                .iter()
                .map(|s| Sentence {
                    index: s.index,
                    text: s.text.clone(),
                    span: s.span,
                })
                .collect();
            let quotes = forewarn_extract::find_quotes(&doc.text, &plain);
            summary.warnings.extend(diagnostics);
            let earlier = self.duplicates.find(&doc.text);
            match store.insert_document(&doc, &sentences, &quotes, earlier, ingested_at) {
                Ok(Inserted::New(id)) => {
                    self.index(id, &doc.text);
                    summary.added += 1;
                    summary.added_ids.push(id);
                    summary.near_duplicates += usize::from(earlier.is_some());
                    summary.sentences += sentences.len();
                    summary.events += sentences.iter().map(|s| s.events.len()).sum::<usize>();
                    summary.quotes += quotes.len();
                }
                Ok(Inserted::Duplicate(_)) => summary.skipped_duplicate += 1,
                Err(err) => summary.failed.push(Diagnostic::error(
                    doc.origin.clone().unwrap_or_else(|| "document".to_string()),
                    format!("could not store the document: {err}"),
                )),
            }
        }
        Ok(())
    }
}
