//! The learned layer's model: what it sees of a sentence and what it predicts.
//!
//! It decides, for one sentence, how likely each of the sixteen PLOVER types is to be the main
//! event, and how likely it is that the sentence reports no political event at all ("none":
//! disasters, crime, sport, markets, metaphors, bare reporting verbs). Three binary heads give
//! the main event's negated / hypothetical / future flags for events the rules did not find.
//!
//! Features are hashed (FNV-1a, so buckets are the same on every platform): word unigrams and
//! bigrams of the lower-cased sentence with each gazetteer actor replaced by its kind and sector
//! (so "Kenya" and "Peru" teach the same thing), plus what the rule coder found — its main type,
//! rule family, flags, whether it found a source and target, and every type it coded. The model
//! is a multinomial logistic regression over 17 classes trained by `examples/train_coder.rs` on
//! our own sentences in `train/*.jsonl`; weights are stored as `i16` with one scale per output
//! and compiled in from `model/coder-linear.bin`. Inference is a few hundred multiply-adds per
//! sentence, pure and deterministic.

use forewarn_model::{ActorMention, Event, EventType};

/// The 16 PLOVER types in [`EventType::ALL`] order, then "none".
pub const CLASSES: usize = 17;
/// Index of the "none" class.
pub const NONE: usize = 16;
/// Binary heads after the classes: negated, hypothetical, future.
pub const FLAGS: usize = 3;
pub const OUTPUTS: usize = CLASSES + FLAGS;

const MAGIC: &[u8; 4] = b"FWLC";
const VERSION: u32 = 1;

/// The class index of a type (`None` → [`NONE`]).
pub fn class_of(ty: Option<EventType>) -> usize {
    ty.and_then(|t| EventType::ALL.iter().position(|&a| a == t))
        .unwrap_or(NONE)
}

/// The type of a class index (`None` for [`NONE`]).
pub fn type_of(class: usize) -> Option<EventType> {
    EventType::ALL.get(class).copied()
}

fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The hashed features of a sentence and the rule coder's events for it, as raw 64-bit hashes
/// (the model masks them to its size). Duplicates are kept: a repeated word counts twice.
pub fn features(text: &str, events: &[Event], actors: &[ActorMention], out: &mut Vec<u64>) {
    out.clear();
    out.push(fnv(&[b"bias"]));
    // Words, with actor mentions replaced by one placeholder each.
    let mut words: Vec<String> = Vec::with_capacity(48);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut next_actor = 0;
    while i < bytes.len() {
        while next_actor < actors.len() && actors[next_actor].span.1 <= i {
            next_actor += 1;
        }
        if let Some(a) = actors.get(next_actor)
            && a.span.0 <= i
        {
            let kind = format!("{:?}", a.kind).to_ascii_lowercase();
            let sector = a.sector.as_deref().unwrap_or("-");
            words.push(format!("@{kind}:{sector}"));
            i = a.span.1.max(i + 1);
            continue;
        }
        let c = bytes[i];
        if c.is_ascii_alphanumeric() || c >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] >= 0x80
                    || (matches!(bytes[i], b'-' | b'\'')
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)))
                && !actors
                    .get(next_actor)
                    .is_some_and(|a| a.span.0 == i && i > start)
            {
                i += 1;
            }
            while i < bytes.len() && !text.is_char_boundary(i) {
                i += 1;
            }
            let w = &text[start..i];
            if w.bytes().all(|b| b.is_ascii_digit()) {
                words.push("0".into());
            } else {
                words.push(w.to_lowercase());
            }
        } else {
            i += 1;
        }
    }
    for w in &words {
        out.push(fnv(&[b"w", w.as_bytes()]));
    }
    let mut prev = "<s>";
    for w in &words {
        out.push(fnv(&[b"b", prev.as_bytes(), w.as_bytes()]));
        prev = w;
    }
    out.push(fnv(&[b"b", prev.as_bytes(), b"</s>"]));
    // What the rules found.
    match events.first() {
        None => out.push(fnv(&[b"r0", b"none"])),
        Some(e) => {
            let ty = e.event_type.as_str().as_bytes();
            out.push(fnv(&[b"r0", ty]));
            let family = e.rule.split([':', ' ']).next().unwrap_or("");
            out.push(fnv(&[b"r0rule", family.as_bytes()]));
            for (on, name) in [
                (e.negated, &b"neg"[..]),
                (e.hypothetical, b"hyp"),
                (e.future, b"fut"),
                (e.source.is_empty(), b"nosrc"),
                (e.target.is_empty(), b"notgt"),
                (e.rule.contains("(a statement of intent)"), b"intent"),
            ] {
                if on {
                    out.push(fnv(&[b"r0flag", name]));
                    out.push(fnv(&[b"r0flagty", name, ty]));
                }
            }
            if let Some(m) = &e.mode {
                out.push(fnv(&[b"r0mode", ty, m.as_bytes()]));
            }
            let conf = (e.confidence * 10.0).round() as u8;
            out.push(fnv(&[b"r0conf", &[conf]]));
        }
    }
    for e in events {
        out.push(fnv(&[b"r", e.event_type.as_str().as_bytes()]));
    }
    out.push(fnv(&[b"rn", &[events.len().min(4) as u8]]));
    out.push(fnv(&[b"an", &[actors.len().min(4) as u8]]));
}

/// What the model says about one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Softmax over the 16 types then "none".
    pub probs: [f32; CLASSES],
    /// Sigmoid of the negated, hypothetical and future heads.
    pub flags: [f32; FLAGS],
}

impl Prediction {
    /// The most likely class and its probability (ties go to the lower index).
    pub fn best(&self) -> (usize, f32) {
        let mut best = (0, f32::MIN);
        for (c, &p) in self.probs.iter().enumerate() {
            if p > best.1 {
                best = (c, p);
            }
        }
        best
    }

    pub fn p(&self, ty: Option<EventType>) -> f32 {
        self.probs[class_of(ty)]
    }
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("not a forewarn coder model (bad magic)")]
    Magic,
    #[error("model version {0}, this build reads {VERSION}")]
    Version(u32),
    #[error("model file is truncated or has the wrong size")]
    Size,
}

/// A trained linear model with `i16` weights, `[bucket][output]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    dim_bits: u32,
    bias: [f32; OUTPUTS],
    scale: [f32; OUTPUTS],
    weights: Vec<i16>,
}

impl LinearModel {
    /// Quantises float weights (`[bucket][output]`, `2^dim_bits` buckets).
    pub fn from_floats(dim_bits: u32, bias: [f32; OUTPUTS], w: &[f32]) -> LinearModel {
        let dim = 1usize << dim_bits;
        assert_eq!(
            w.len(),
            dim * OUTPUTS,
            "weights must be 2^dim_bits × OUTPUTS"
        );
        let mut scale = [0f32; OUTPUTS];
        for (o, s) in scale.iter_mut().enumerate() {
            let max = (0..dim)
                .map(|b| w[b * OUTPUTS + o].abs())
                .fold(0f32, f32::max);
            *s = if max > 0.0 { max / 32767.0 } else { 1.0 };
        }
        let weights = w
            .iter()
            .enumerate()
            .map(|(i, &x)| (x / scale[i % OUTPUTS]).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
        LinearModel {
            dim_bits,
            bias,
            scale,
            weights,
        }
    }

    pub fn dim_bits(&self) -> u32 {
        self.dim_bits
    }

    /// The bucket of a feature hash.
    pub fn bucket(&self, h: u64) -> usize {
        (h & ((1u64 << self.dim_bits) - 1)) as usize
    }

    /// Raw scores (before softmax / sigmoid) for hashed features.
    pub fn scores(&self, feats: &[u64]) -> [f32; OUTPUTS] {
        let mut acc = [0i32; OUTPUTS];
        for &h in feats {
            let row = &self.weights[self.bucket(h) * OUTPUTS..][..OUTPUTS];
            for (a, &w) in acc.iter_mut().zip(row) {
                *a += i32::from(w);
            }
        }
        let mut out = [0f32; OUTPUTS];
        for o in 0..OUTPUTS {
            out[o] = self.bias[o] + acc[o] as f32 * self.scale[o];
        }
        out
    }

    pub fn predict(&self, feats: &[u64]) -> Prediction {
        let s = self.scores(feats);
        let mut probs = [0f32; CLASSES];
        softmax(&s[..CLASSES], &mut probs);
        let mut flags = [0f32; FLAGS];
        for (f, &x) in flags.iter_mut().zip(&s[CLASSES..]) {
            *f = sigmoid(x);
        }
        Prediction { probs, flags }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 8 * OUTPUTS + 2 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.dim_bits.to_le_bytes());
        out.extend_from_slice(&(OUTPUTS as u32).to_le_bytes());
        for x in self.bias.iter().chain(&self.scale) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<LinearModel, ModelError> {
        let u32_at = |i: usize| -> Result<u32, ModelError> {
            Ok(u32::from_le_bytes(
                b.get(i..i + 4)
                    .ok_or(ModelError::Size)?
                    .try_into()
                    .unwrap_or([0; 4]),
            ))
        };
        if b.get(..4) != Some(&MAGIC[..]) {
            return Err(ModelError::Magic);
        }
        let version = u32_at(4)?;
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let dim_bits = u32_at(8)?;
        if u32_at(12)? as usize != OUTPUTS || !(8..=24).contains(&dim_bits) {
            return Err(ModelError::Size);
        }
        let head = 16 + 8 * OUTPUTS;
        let n = (1usize << dim_bits) * OUTPUTS;
        if b.len() != head + 2 * n {
            return Err(ModelError::Size);
        }
        let f = |i: usize| f32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut bias = [0f32; OUTPUTS];
        let mut scale = [0f32; OUTPUTS];
        for o in 0..OUTPUTS {
            bias[o] = f(16 + 4 * o);
            scale[o] = f(16 + 4 * (OUTPUTS + o));
        }
        let weights = b[head..]
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(LinearModel {
            dim_bits,
            bias,
            scale,
            weights,
        })
    }
}

pub(crate) fn softmax(s: &[f32], out: &mut [f32]) {
    let max = s.iter().copied().fold(f32::MIN, f32::max);
    let mut sum = 0f32;
    for (o, &x) in out.iter_mut().zip(s) {
        *o = (x - max).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The model compiled into the crate; `None` if the embedded file does not parse (then the
/// coder runs on its rules alone, and a test fails).
pub(crate) static MODEL: std::sync::LazyLock<Option<LinearModel>> =
    std::sync::LazyLock::new(|| {
        LinearModel::from_bytes(include_bytes!("../model/coder-linear.bin")).ok()
    });

/// The compiled-in model, if it loaded.
pub fn builtin_model() -> Option<&'static LinearModel> {
    MODEL.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use forewarn_model::ActorKind;

    fn actor(text: &str, at: usize, country: &str) -> ActorMention {
        ActorMention {
            span: (at, at + text.len()),
            text: text.into(),
            kind: ActorKind::State,
            country: Some(country.into()),
            sector: None,
            name: text.into(),
        }
    }

    #[test]
    fn actors_become_placeholders_so_countries_teach_alike() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features(
            "Kenya shelled the port.",
            &[],
            &[actor("Kenya", 0, "KEN")],
            &mut a,
        );
        features(
            "Peru shelled the port.",
            &[],
            &[actor("Peru", 0, "PER")],
            &mut b,
        );
        assert_eq!(a, b);
        let mut c = Vec::new();
        features("Peru shelled the port.", &[], &[], &mut c);
        assert_ne!(a, c);
    }

    #[test]
    fn odd_text_never_panics() {
        let mut f = Vec::new();
        for text in [
            "",
            "  ",
            "é—«»",
            "1999 2000",
            "a-",
            "'x'",
            "Ünïcödé wörds—here",
        ] {
            features(text, &[], &[], &mut f);
            assert!(!f.is_empty());
        }
    }

    #[test]
    fn model_bytes_round_trip_and_garbage_is_refused() {
        let dim_bits = 8;
        let w: Vec<f32> = (0..(1 << dim_bits) * OUTPUTS)
            .map(|i| ((i % 7) as f32 - 3.0) / 10.0)
            .collect();
        let m = LinearModel::from_floats(dim_bits, [0.1; OUTPUTS], &w);
        let back = LinearModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back, m);
        let p = m.predict(&[1, 2, 3]);
        assert!((p.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(LinearModel::from_bytes(b"nope"), Err(ModelError::Magic));
        let mut short = m.to_bytes();
        short.pop();
        assert_eq!(LinearModel::from_bytes(&short), Err(ModelError::Size));
    }

    #[test]
    fn the_compiled_in_model_loads() {
        let m = builtin_model().expect("model/coder-linear.bin must parse; retrain it");
        assert!(m.dim_bits() >= 12);
    }

    #[test]
    fn classes_and_types_correspond() {
        for (i, t) in EventType::ALL.iter().enumerate() {
            assert_eq!(class_of(Some(*t)), i);
            assert_eq!(type_of(i), Some(*t));
        }
        assert_eq!(class_of(None), NONE);
        assert_eq!(type_of(NONE), None);
    }
}
