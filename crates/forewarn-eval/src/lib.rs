//! Scoring, kept apart from what is scored so the numbers can be trusted.
//!
//! - [`plover`] scores event coding against a PLOVER gold-standard file (the `PLOVER_GSR` JSON
//!   format): type accuracy, any-type accuracy, source and target country accuracy, a confusion
//!   matrix and the worst misses. It gives the same figures as `shared/bench/plover_score.py`.
//! - [`cameo`] scores CAMEO penta-class (statement … material conflict) of each sentence's main
//!   event against labelled sentences, with a confusion matrix and per-class precision/recall.
//! - [`cameo_actors`] scores the main event's source and target against the same set's actor
//!   spans (BIO tags), by the words they share.
//! - [`cir`] scores event types against the CIR incident list's event groups.
//! - [`petrarch`] scores event types against PETRARCH2's validation records mapped through the
//!   CAMEO→PLOVER table, and how often its no-event records stay without an event.
//! - [`aeb`] scores article-body extraction the way the ScrapingHub article-extraction benchmark
//!   does (4-gram shingles of `\w+` tokens), matching `shared/bench/aeb_score.py`.
//!
//! Everything here is pure: callers read the files and run the coder or extractor.
//!
//! ```
//! let (tp, fp, fn_) = forewarn_eval::aeb::tp_fp_fn("one two three four five", "one two three four");
//! assert!(tp > 0.0 && fp == 0.0 && fn_ > 0.0);
//! ```

pub mod aeb;
pub mod cameo;
pub mod cameo_actors;
pub mod cir;
pub mod petrarch;
pub mod plover;
