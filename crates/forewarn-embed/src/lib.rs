//! Optional model path for the event coder: sentence embeddings from all-MiniLM-L6-v2 (candle
//! `BertModel`, mean pooling, L2 normalisation) and a k-nearest-neighbour PLOVER type head built
//! from example sentences we wrote (the `forewarn-code` fixtures).
//!
//! The heavy dependencies are behind the `model` cargo feature, off by default. Without it the
//! crate still compiles with the same API, and [`Embedder::load`] returns
//! [`EmbedError::NoModelFeature`].
//!
//! The model never overrides the rules: [`ModelCoder`] runs the rules first and asks the k-NN
//! head only about sentences where the rules found no event (the fallback). The event it adds
//! names its nearest examples in `rule`, so every model event is explainable.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use forewarn_code::{Coded, Coder};
use forewarn_model::{ActorMention, ActorRef, CodedSentence, Diagnostic, Event, EventType};

#[cfg(feature = "model")]
mod bert;

/// What can go wrong on the model path.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "forewarn was built without the `model` feature; rebuild with `--features model` to use a sentence model"
    )]
    NoModelFeature,
    #[error("cannot load the model from {dir}: {message}")]
    Load { dir: String, message: String },
    #[error("embedding failed: {0}")]
    Run(String),
    #[error("bad example file: {0}")]
    Examples(String),
}

/// A sentence embedder: all-MiniLM-L6-v2 (or another BERT sentence model) read from a local
/// folder holding `model.safetensors`, `tokenizer.json` and `config.json`. Never downloads.
pub struct Embedder {
    #[cfg(feature = "model")]
    inner: bert::Bert,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").finish_non_exhaustive()
    }
}

impl Embedder {
    /// Loads the model from `dir`. Without the `model` feature this always fails with
    /// [`EmbedError::NoModelFeature`].
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        #[cfg(feature = "model")]
        {
            Ok(Embedder {
                inner: bert::Bert::load(dir)?,
            })
        }
        #[cfg(not(feature = "model"))]
        {
            let _ = dir;
            Err(EmbedError::NoModelFeature)
        }
    }

    /// True when this build can load a model.
    pub const fn available() -> bool {
        cfg!(feature = "model")
    }

    /// Embeds a batch of texts; each vector is L2-normalised, so a dot product is the cosine.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        #[cfg(feature = "model")]
        {
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(32) {
                out.extend(self.inner.embed(chunk)?);
            }
            Ok(out)
        }
        #[cfg(not(feature = "model"))]
        {
            let _ = texts;
            Err(EmbedError::NoModelFeature)
        }
    }
}

/// Dot product of two L2-normalised vectors: their cosine.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// One labelled example sentence. `label` is a PLOVER type or `NONE`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Example {
    pub id: String,
    pub text: String,
    /// Cases without a type (they test flags, not the type) are skipped.
    #[serde(rename = "type", default)]
    pub label: String,
}

#[derive(serde::Deserialize)]
struct ExampleFile {
    case: Vec<Example>,
}

/// The built-in examples: the hand-written fixture sentences of `forewarn-code` (none copied
/// from any evaluation set), with the type of each one's main event.
pub fn builtin_examples() -> Vec<Example> {
    parse_examples(include_str!(
        "../../forewarn-code/tests/fixtures/sentences.toml"
    ))
    .expect("the forewarn-code fixtures parse")
}

/// Reads examples from a TOML file of `[[case]]` tables with `id`, `text` and `type`.
pub fn parse_examples(src: &str) -> Result<Vec<Example>, EmbedError> {
    let file: ExampleFile = toml::from_str(src).map_err(|e| EmbedError::Examples(e.to_string()))?;
    Ok(file
        .case
        .into_iter()
        .filter(|c| !c.label.is_empty())
        .collect())
}

/// A neighbour of a query sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub id: String,
    pub label: String,
    pub similarity: f32,
}

/// The k-NN answer for one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    /// The winning label (a PLOVER type or `NONE`): the largest similarity-weighted vote.
    pub label: String,
    /// The winner's share of the total vote, 0–1.
    pub share: f32,
    /// The k nearest examples, nearest first: the explanation.
    pub neighbours: Vec<Neighbour>,
}

impl Vote {
    /// "knn:MOBILIZE 0.67 [seed-deploy 0.71, …]" — what goes in an event's `rule`.
    pub fn explain(&self) -> String {
        let nn: Vec<String> = self
            .neighbours
            .iter()
            .map(|n| format!("{}={} {:.2}", n.id, n.label, n.similarity))
            .collect();
        format!("knn:{} {:.2} [{}]", self.label, self.share, nn.join(", "))
    }
}

/// A k-nearest-neighbour type head over embedded example sentences.
#[derive(Debug, Clone)]
pub struct KnnHead {
    examples: Vec<Example>,
    vectors: Vec<Vec<f32>>,
    /// How many neighbours vote.
    pub k: usize,
    /// The nearest example must be at least this similar, or the head abstains (`NONE`).
    pub min_similarity: f32,
    /// The winner must hold at least this share of the vote, or the head abstains.
    pub min_share: f32,
}

impl KnnHead {
    /// A head over examples and their (normalised) vectors, in the same order.
    pub fn new(examples: Vec<Example>, vectors: Vec<Vec<f32>>) -> KnnHead {
        assert_eq!(examples.len(), vectors.len(), "one vector per example");
        KnnHead {
            examples,
            vectors,
            k: 5,
            min_similarity: 0.5,
            min_share: 0.5,
        }
    }

    /// Embeds the examples with the model.
    pub fn build(embedder: &Embedder, examples: Vec<Example>) -> Result<KnnHead, EmbedError> {
        let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
        let vectors = embedder.embed(&texts)?;
        Ok(KnnHead::new(examples, vectors))
    }

    pub fn len(&self) -> usize {
        self.examples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// The similarity-weighted vote of the k nearest examples. Abstains with `NONE` when the
    /// nearest example is not similar enough or no label holds `min_share` of the vote.
    pub fn vote(&self, query: &[f32]) -> Vote {
        let mut scored: Vec<(usize, f32)> = self
            .vectors
            .iter()
            .enumerate()
            .map(|(i, v)| (i, cosine(query, v)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(self.k.max(1));
        let neighbours: Vec<Neighbour> = scored
            .iter()
            .map(|&(i, s)| Neighbour {
                id: self.examples[i].id.clone(),
                label: self.examples[i].label.clone(),
                similarity: s,
            })
            .collect();
        let mut tally: Vec<(String, f32)> = Vec::new();
        let mut total = 0.0;
        for n in &neighbours {
            let w = n.similarity.max(0.0);
            total += w;
            match tally.iter_mut().find(|(l, _)| *l == n.label) {
                Some((_, t)) => *t += w,
                None => tally.push((n.label.clone(), w)),
            }
        }
        // Ties go to the label of the nearer neighbour (first pushed).
        let (mut label, weight) =
            tally
                .iter()
                .fold((String::from("NONE"), 0.0f32), |best, (l, w)| {
                    if *w > best.1 { (l.clone(), *w) } else { best }
                });
        let share = if total > 0.0 { weight / total } else { 0.0 };
        let nearest = neighbours.first().map_or(0.0, |n| n.similarity);
        if nearest < self.min_similarity || share < self.min_share {
            label = "NONE".into();
        }
        Vote {
            label,
            share,
            neighbours,
        }
    }
}

/// The rules with the model as a fallback: sentences where the rules code no event get the k-NN
/// head's type if it does not abstain, with the sentence's actors as source and target.
pub struct ModelCoder {
    pub coder: Coder,
    pub embedder: Arc<Embedder>,
    pub head: KnnHead,
}

impl std::fmt::Debug for ModelCoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelCoder")
            .field("examples", &self.head.len())
            .finish_non_exhaustive()
    }
}

/// Confidence given to an event the model added (the rules' events are usually higher).
pub const MODEL_CONFIDENCE: f32 = 0.4;

impl ModelCoder {
    /// Loads the model from `dir` and embeds the built-in examples.
    pub fn load(coder: Coder, dir: &Path) -> Result<ModelCoder, EmbedError> {
        let embedder = Arc::new(Embedder::load(dir)?);
        let head = KnnHead::build(&embedder, builtin_examples())?;
        Ok(ModelCoder {
            coder,
            embedder,
            head,
        })
    }

    /// Codes a batch of sentences: rules on all, the model (one batched embedding call) only on
    /// those the rules left without an event.
    pub fn code_sentences(
        &self,
        texts: &[&str],
        reference_date: Option<NaiveDate>,
    ) -> Result<Vec<Coded>, EmbedError> {
        let mut coded: Vec<Coded> = texts
            .iter()
            .map(|t| self.coder.code_sentence(t, reference_date))
            .collect();
        let empty: Vec<usize> = coded
            .iter()
            .enumerate()
            .filter(|(i, c)| c.events.is_empty() && !texts[*i].trim().is_empty())
            .map(|(i, _)| i)
            .collect();
        if empty.is_empty() {
            return Ok(coded);
        }
        let queries: Vec<&str> = empty.iter().map(|&i| texts[i]).collect();
        let vectors = self.embedder.embed(&queries)?;
        for (&i, v) in empty.iter().zip(&vectors) {
            let vote = self.head.vote(v);
            if let Some(event) = fallback_event(&coded[i].actors, &vote) {
                coded[i].events.push(event);
            }
        }
        Ok(coded)
    }

    /// `Coder::code_document` with the model as a document-level fallback: only when the rules
    /// found no event in any sentence are the sentences embedded (one batched call), so a model
    /// event never displaces the rules' main event of the document.
    pub fn code_document(
        &self,
        text: &str,
        reference_date: Option<NaiveDate>,
    ) -> Result<(Vec<CodedSentence>, Vec<Diagnostic>), EmbedError> {
        let (mut sentences, diagnostics) = self.coder.code_document(text, reference_date);
        if sentences.iter().any(|s| !s.events.is_empty()) {
            return Ok((sentences, diagnostics));
        }
        let empty: Vec<usize> = sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.events.is_empty() && !s.text.trim().is_empty())
            .map(|(i, _)| i)
            .collect();
        if !empty.is_empty() {
            let queries: Vec<&str> = empty.iter().map(|&i| sentences[i].text.as_str()).collect();
            let vectors = self.embedder.embed(&queries)?;
            for (&i, v) in empty.iter().zip(&vectors) {
                let vote = self.head.vote(v);
                if let Some(event) = fallback_event(&sentences[i].actors, &vote) {
                    sentences[i].events.push(event);
                }
            }
        }
        Ok((sentences, diagnostics))
    }
}

/// The event the k-NN vote adds to a sentence the rules left empty: source is the first actor
/// with a country, target the first actor of another country. `None` when the head abstains.
pub fn fallback_event(actors: &[ActorMention], vote: &Vote) -> Option<Event> {
    let event_type: EventType = vote.label.parse().ok()?;
    let to_ref = |a: &ActorMention| ActorRef {
        text: a.text.clone(),
        country: a.country.clone(),
        sector: a.sector.clone(),
        name: None,
    };
    let first = actors.iter().find(|a| a.country.is_some());
    let second = first.and_then(|f| {
        actors
            .iter()
            .find(|a| a.country.is_some() && a.country != f.country)
    });
    Some(Event {
        event_type,
        mode: None,
        context: Vec::new(),
        cameo: None,
        source: first.map(to_ref).into_iter().collect(),
        target: second.map(to_ref).into_iter().collect(),
        location: None,
        date: None,
        negated: false,
        hypothetical: false,
        future: false,
        trigger: String::new(),
        span: (0, 0),
        confidence: MODEL_CONFIDENCE,
        rule: vote.explain(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(id: &str, label: &str) -> Example {
        Example {
            id: id.into(),
            text: id.into(),
            label: label.into(),
        }
    }

    #[test]
    fn builtin_examples_parse() {
        let examples = builtin_examples();
        assert!(examples.len() > 50);
        assert!(examples.iter().any(|e| e.label == "MOBILIZE"));
    }

    #[test]
    fn vote_weighs_neighbours_and_abstains() {
        let head = KnnHead::new(
            vec![ex("a", "MOBILIZE"), ex("b", "MOBILIZE"), ex("c", "CONSULT")],
            vec![vec![1.0, 0.0], vec![0.9, 0.436], vec![0.0, 1.0]],
        );
        let vote = head.vote(&[1.0, 0.0]);
        assert_eq!(vote.label, "MOBILIZE");
        assert_eq!(vote.neighbours[0].id, "a");
        assert!(vote.explain().starts_with("knn:MOBILIZE"));
        // Far from everything: abstain.
        let vote = head.vote(&[-1.0, 0.0]);
        assert_eq!(vote.label, "NONE");
    }

    #[test]
    fn without_the_feature_loading_says_so() {
        if !Embedder::available() {
            let err = Embedder::load(Path::new("/nonexistent")).unwrap_err();
            assert!(err.to_string().contains("without the `model` feature"));
        }
    }
}
