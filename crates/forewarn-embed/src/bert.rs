//! candle BertModel + mean pooling + L2 normalisation (only with the `model` feature).
//! Loading is an edge: it reads the weights folder named on the command line. Embedding is pure.
#![allow(clippy::disallowed_methods)] // `Bert::load` reads config.json, tokenizer.json and the weights

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::EmbedError;

/// all-MiniLM-L6-v2 was trained with sequences of at most 256 word pieces.
const MAX_TOKENS: usize = 256;

pub(crate) struct Bert {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

fn run_err(e: impl std::fmt::Display) -> EmbedError {
    EmbedError::Run(e.to_string())
}

impl Bert {
    pub(crate) fn load(dir: &Path) -> Result<Bert, EmbedError> {
        let load_err = |message: String| EmbedError::Load {
            dir: dir.display().to_string(),
            message,
        };
        let device = Device::Cpu;
        let config: Config = serde_json::from_str(
            &std::fs::read_to_string(dir.join("config.json"))
                .map_err(|e| load_err(format!("config.json: {e}")))?,
        )
        .map_err(|e| load_err(format!("config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| load_err(format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| load_err(format!("tokenizer truncation: {e}")))?;
        let weights = dir.join("model.safetensors");
        if !weights.is_file() {
            return Err(load_err("model.safetensors is missing".into()));
        }
        // Safe API: reads the file into memory rather than mmapping it (unsafe is forbidden here).
        let bytes = std::fs::read(&weights).map_err(|e| load_err(format!("{e}")))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DTYPE, &device)
            .map_err(|e| load_err(format!("model.safetensors: {e}")))?;
        let model = BertModel::load(vb, &config).map_err(|e| load_err(format!("weights: {e}")))?;
        Ok(Bert {
            model,
            tokenizer,
            device,
        })
    }

    pub(crate) fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(run_err)?;
        let ids: Vec<Tensor> = encodings
            .iter()
            .map(|e| Tensor::new(e.get_ids(), &self.device))
            .collect::<Result<_, _>>()
            .map_err(run_err)?;
        let masks: Vec<Tensor> = encodings
            .iter()
            .map(|e| Tensor::new(e.get_attention_mask(), &self.device))
            .collect::<Result<_, _>>()
            .map_err(run_err)?;
        let ids = Tensor::stack(&ids, 0).map_err(run_err)?;
        let mask = Tensor::stack(&masks, 0).map_err(run_err)?;
        let type_ids = ids.zeros_like().map_err(run_err)?;
        let hidden = self
            .model
            .forward(&ids, &type_ids, Some(&mask))
            .map_err(run_err)?;
        // Mean over the real tokens only, then L2-normalise.
        let pooled = (|| -> candle_core::Result<Tensor> {
            let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&m)?.sum(1)?;
            let counts = m.sum(1)?.clamp(1e-9, f32::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f32::MAX)?;
            mean.broadcast_div(&norm)
        })()
        .map_err(run_err)?;
        pooled.to_vec2::<f32>().map_err(run_err)
    }
}
