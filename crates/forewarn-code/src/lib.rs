//! forewarn-code: a rule-based PLOVER event coder.
//!
//! A sentence goes in; PLOVER events come out, each with its type, mode, context tags, CAMEO
//! code, source and target actors, location, date, the trigger words, a confidence and the rule
//! that fired. Events carry three flags so that talk about war is not mistaken for war:
//! `negated` ("won't get involved"), `hypothetical` ("may be preparing", "if they go") and
//! `future` ("will send"). The first event of a sentence is its main event: the one on the main
//! clause's verb, or for reported speech ("X said Y attacked Z") the reported event.
//!
//! Triggers for all sixteen PLOVER types live in `rules/*`, one file per family, compiled once
//! into a single Aho-Corasick automaton. Coding is pure and deterministic (no clock, no I/O) and
//! never fails: odd input yields fewer events and, where useful, [`Diagnostic`]s.
//!
//! ```
//! use std::sync::Arc;
//! use chrono::NaiveDate;
//! use forewarn_code::Coder;
//! use forewarn_model::EventType;
//!
//! let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
//! let day = NaiveDate::from_ymd_opt(2023, 1, 4);
//! let coded = coder.code_sentence("Belarus deployed troops to the border on December 7th.", day);
//! let main = &coded.events[0];
//! assert_eq!(main.event_type, EventType::Mobilize);
//! assert_eq!(main.source[0].country.as_deref(), Some("BLR"));
//! assert_eq!(main.date, NaiveDate::from_ymd_opt(2022, 12, 7));
//! assert!(main.is_factual());
//!
//! let coded = coder.code_sentence("Belarus probably still won't get involved.", day);
//! assert!(coded.events[0].negated && coded.events[0].future);
//! ```

mod coder;
mod coref;
mod cues;
pub mod ensemble;
pub mod learned;
mod lexicon;
mod rules;
mod text;
pub mod train;

use std::sync::Arc;

use chrono::NaiveDate;
use forewarn_gazetteer::Gazetteer;
use forewarn_model::{ActorMention, CodedSentence, Diagnostic, Event, PlaceMention};

/// Sentences longer than this are coded anyway but flagged: they are usually lists or tables
/// glued together by extraction, where clause rules guess poorly.
const LONG_SENTENCE: usize = 1500;

/// The coding of one sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coded {
    /// The main event first.
    pub events: Vec<Event>,
    pub actors: Vec<ActorMention>,
    pub places: Vec<PlaceMention>,
    pub diagnostics: Vec<Diagnostic>,
    /// Events the rules coded and the learned layer vetoed as a near-miss, each with the veto
    /// appended to its `rule`. Not reported; kept so a veto can be read and questioned.
    pub vetoed: Vec<Event>,
}

/// The rule-based event coder. Cheap to clone behind an `Arc`; `Send + Sync`.
#[derive(Clone)]
pub struct Coder {
    gazetteer: Arc<Gazetteer>,
    /// Whether the learned layer may veto or supply events (see [`Coder::rules_only`]).
    learned: bool,
}

impl std::fmt::Debug for Coder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Coder").finish_non_exhaustive()
    }
}

impl Coder {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Coder {
        // Build the trigger automaton now rather than on the first sentence.
        std::sync::LazyLock::force(&lexicon::LEXICON);
        Coder {
            gazetteer,
            learned: true,
        }
    }

    /// The same coder with the rules alone: the learned layer neither vetoes nor supplies
    /// events. For measuring what the layer adds.
    pub fn rules_only(mut self) -> Coder {
        self.learned = false;
        self
    }

    /// Codes one sentence. `reference_date` (the publication date) resolves "on December 29th";
    /// without it events carry no date. The rules code first; then, unless the coder is
    /// [`Coder::rules_only`], the learned layer may veto, retype or supply the main event
    /// ([`ensemble`]).
    pub fn code_sentence(&self, text: &str, reference_date: Option<NaiveDate>) -> Coded {
        self.code_in_document(text, reference_date, &mut coref::Memory::default())
    }

    /// Codes one sentence of a document; `memory` holds the actors of the sentences before it,
    /// which pronouns and descriptions ("he", "the ministry") refer back to.
    fn code_in_document(
        &self,
        text: &str,
        reference_date: Option<NaiveDate>,
        memory: &mut coref::Memory,
    ) -> Coded {
        let mut coded = self.rules_in_document(text, reference_date, memory);
        if self.learned
            && let Some(model) = learned::builtin_model()
            && !text.trim().is_empty()
        {
            self.apply_model(model, text, reference_date, &mut coded);
        }
        coded
    }

    fn apply_model(
        &self,
        model: &learned::LinearModel,
        text: &str,
        reference_date: Option<NaiveDate>,
        coded: &mut Coded,
    ) {
        let mut feats = Vec::with_capacity(96);
        learned::features(text, &coded.events, &coded.actors, &mut feats);
        let pred = model.predict(&feats);
        let main = coded.events.first().map(|e| {
            // A statement of intent follows PLOVER's convention, which our training
            // sentences do not, and an event the rules already flag as not factual is talk
            // about an act, which they label "none": the model overrules neither.
            let sure = if is_statement(e) || !e.is_factual() {
                1.0
            } else {
                e.confidence
            };
            (learned::class_of(Some(e.event_type)), sure)
        });
        match ensemble::decide(main, &pred) {
            ensemble::Decision::Keep => {}
            ensemble::Decision::Veto { p_none } => {
                for mut e in coded.events.drain(..) {
                    e.rule = format!("{} [vetoed: model p(none)={p_none:.2}]", e.rule);
                    coded.vetoed.push(e);
                }
            }
            ensemble::Decision::Retype { class, p } => {
                if let (Some(ty), Some(e)) = (learned::type_of(class), coded.events.first_mut()) {
                    e.rule = format!(
                        "model p={p:.2}: {ty} (the rules said {}: {})",
                        e.event_type, e.rule
                    );
                    e.event_type = ty;
                    e.mode = None;
                    e.cameo = Some(ty.cameo_root().to_string());
                    e.confidence = (p * 100.0).round() / 100.0;
                }
            }
            ensemble::Decision::Supply { class, p } => {
                if let Some(ty) = learned::type_of(class) {
                    let dates = match reference_date {
                        Some(d) => forewarn_extract::find_dates(text, d),
                        None => Vec::new(),
                    };
                    coded.events.push(coder::model_event(
                        text,
                        &coded.actors,
                        &coded.places,
                        &dates,
                        reference_date,
                        ty,
                        p,
                        pred.flags,
                    ));
                }
            }
        }
    }

    /// The rules alone, whatever the coder's setting.
    pub fn code_rules(&self, text: &str, reference_date: Option<NaiveDate>) -> Coded {
        self.rules_in_document(text, reference_date, &mut coref::Memory::default())
    }

    fn rules_in_document(
        &self,
        text: &str,
        reference_date: Option<NaiveDate>,
        memory: &mut coref::Memory,
    ) -> Coded {
        let mut diagnostics = Vec::new();
        if text.trim().is_empty() {
            diagnostics.push(Diagnostic::warning(
                "sentence",
                "empty sentence; nothing to code",
            ));
            return Coded {
                diagnostics,
                ..Coded::default()
            };
        }
        if text.len() > LONG_SENTENCE {
            diagnostics.push(Diagnostic::warning(
                "sentence",
                format!(
                    "very long sentence ({} bytes); roles may be unreliable",
                    text.len()
                ),
            ));
        }
        let (mut actors, places) = self.gazetteer.scan(text, reference_date);
        actors.sort_by_key(|a| (a.span.0, std::cmp::Reverse(a.span.1)));
        actors.dedup_by(|b, a| b.span.0 < a.span.1);
        // "ethnic Albanians in Macedonia" are a community, not the Albanian state.
        actors.retain(|a| {
            let before = text[..a.span.0].trim_end();
            !before
                .get(before.len().saturating_sub(6)..)
                .is_some_and(|w| w.eq_ignore_ascii_case("ethnic"))
        });
        let links = coref::resolve(&self.gazetteer, text, &mut actors, &places, memory);
        let dates = match reference_date {
            Some(d) => forewarn_extract::find_dates(text, d),
            None => Vec::new(),
        };
        let mut events = coder::code(text, &actors, &places, &dates, reference_date);
        coref::annotate(&mut events, &links);
        Coded {
            events,
            actors,
            places,
            diagnostics,
            vetoed: Vec::new(),
        }
    }

    /// Splits a document into sentences and codes each, resolving references to actors named
    /// in earlier sentences ("He also accused …"). Diagnostics name the sentence.
    pub fn code_document(
        &self,
        text: &str,
        reference_date: Option<NaiveDate>,
    ) -> (Vec<CodedSentence>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let mut diagnostics = Vec::new();
        let mut memory = coref::Memory::default();
        for s in forewarn_extract::split_sentences(text) {
            let coded = self.code_in_document(&s.text, reference_date, &mut memory);
            diagnostics.extend(coded.diagnostics.into_iter().map(|mut d| {
                d.location = format!("sentence {}", s.index);
                d
            }));
            out.push(CodedSentence {
                index: s.index,
                text: s.text,
                span: s.span,
                events: coded.events,
                actors: coded.actors,
                places: coded.places,
            });
        }
        (out, diagnostics)
    }
}

/// Rule ids of the events that record a statement about an act rather than the act: "Syria says
/// it is willing to withdraw" is coded AGREE (the statement, factual) followed by RETREAT (the
/// act, flagged future).
pub const STATEMENT_RULES: [&str; 4] = [
    "agree.intent",
    "threaten.intent",
    "reject.intent",
    "reject.no_agreement",
];

/// True when the event is a statement of intent or refusal derived from the act coded after it.
pub fn is_statement(event: &Event) -> bool {
    STATEMENT_RULES.iter().any(|id| {
        event
            .rule
            .strip_prefix(id)
            .is_some_and(|r| r.starts_with(':'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn coder_is_send_sync() {
        assert_send_sync::<Coder>();
    }
}
