//! The sentence-embedding model that lets pre-scoring compare meanings: all-MiniLM-L6-v2 run
//! in-process with candle on the CPU. Its files come from `scripts/setup.sh` (the Python registry's
//! wheel, hash-checked); nothing is fetched at run time. Texts become unit vectors, so the cosine
//! similarity of two texts is their dot product.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

/// Stored beside every pre-score, so a change of model is seen and the answers scored again.
pub const MODEL_VERSION: &str = "all-MiniLM-L6-v2@53aa5117";
/// Longer texts are cut here: the model was trained on up to 256 word pieces, and an open answer
/// past that is rare (and its opening says what it covers).
pub const MAX_TOKENS: usize = 256;
/// The tokenizer's id for a piece it cannot spell.
const UNKNOWN_ID: u32 = 100;

pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
}

impl Embedder {
    /// The folder `scripts/setup.sh` fills, or `RURALRISE_MODEL_DIR`.
    pub fn default_dir() -> PathBuf {
        std::env::var_os("RURALRISE_MODEL_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("scripts/model/all-minilm-l6-v2"))
    }

    /// Loads the weights (memory-mapped), the tokenizer and the configuration from `dir`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let missing = |what: &str, e: &dyn std::fmt::Display| {
            format!("cannot load the pre-scoring model's {what} from {} ({e}); run scripts/setup.sh", dir.display())
        };
        let config = std::fs::read_to_string(dir.join("config.json")).map_err(|e| missing("config.json", &e))?;
        let config: Config = serde_json::from_str(&config).map_err(|e| missing("config.json", &e))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| missing("tokenizer.json", &e))?;
        tokenizer.with_padding(Some(PaddingParams::default()));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(|e| missing("tokenizer.json", &e))?;
        // SAFETY: the file is memory-mapped read-only; setup.sh writes it once and the app never
        // changes it while running.
        let weights = unsafe { VarBuilder::from_mmaped_safetensors(&[dir.join("model.safetensors")], DTYPE, &Device::Cpu) }
            .map_err(|e| missing("model.safetensors", &e))?;
        let model = BertModel::load(weights, &config).map_err(|e| missing("model.safetensors", &e))?;
        Ok(Embedder { model, tokenizer })
    }

    /// One unit vector per text: the model's token vectors averaged over the real (unpadded)
    /// tokens, then scaled to length 1. CPU-heavy: call it off the async runtime.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        self.embed_batch(texts).map_err(|e| format!("the pre-scoring model failed: {e}"))
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Box<dyn std::error::Error + Send + Sync>> {
        let encodings = self.tokenizer.encode_batch(texts.to_vec(), true)?;
        let width = encodings[0].get_ids().len();
        let ids: Vec<u32> = encodings.iter().flat_map(|e| e.get_ids().iter().copied()).collect();
        let mask: Vec<u32> = encodings.iter().flat_map(|e| e.get_attention_mask().iter().copied()).collect();
        let device = &self.model.device;
        let ids = Tensor::from_vec(ids, (texts.len(), width), device)?;
        let mask = Tensor::from_vec(mask, (texts.len(), width), device)?;
        let token_types = ids.zeros_like()?;
        let tokens = self.model.forward(&ids, &token_types, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = tokens.broadcast_mul(&mask)?.sum(1)?;
        let mean = summed.broadcast_div(&mask.sum(1)?)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        Ok(mean.broadcast_div(&norm)?.to_vec2::<f32>()?)
    }

    /// The share of a text's words (three letters or more) that the model's vocabulary does not
    /// hold as words: spelled in three or more pieces, or not at all. Around 0.05 for English and
    /// 0.4 for Kiswahili; a high share means the similarities say little.
    pub fn unfamiliar_share(&self, text: &str) -> f32 {
        let Ok(encoding) = self.tokenizer.encode(text, false) else { return 1.0 };
        let mut words: Vec<(usize, usize, bool)> = Vec::new(); // (start, end, unknown piece)
        let mut pieces: Vec<usize> = Vec::new();
        let mut last = None;
        for ((word, (start, end)), id) in encoding.get_word_ids().iter().zip(encoding.get_offsets()).zip(encoding.get_ids()) {
            let Some(word) = word else { continue };
            if last != Some(*word) {
                words.push((*start, *end, false));
                pieces.push(0);
                last = Some(*word);
            }
            let current = words.len() - 1;
            words[current].1 = *end;
            words[current].2 |= *id == UNKNOWN_ID;
            pieces[current] += 1;
        }
        let counted: Vec<bool> = words
            .iter()
            .zip(&pieces)
            .filter(|((start, end, _), _)| text.get(*start..*end).is_some_and(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3))
            .map(|((_, _, unknown), n)| *unknown || *n >= 3)
            .collect();
        if counted.is_empty() {
            return 0.0;
        }
        counted.iter().filter(|u| **u).count() as f32 / counted.len() as f32
    }
}

/// Cosine similarity of two unit vectors.
pub fn similarity(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
