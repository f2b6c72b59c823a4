//! Stamps the build with a hash of the matcher's source, so that stores can tell whether the
//! matches they recorded for a question were made by this very matcher (`match_key`).
#![allow(clippy::disallowed_methods)] // a build script reads the crate's own sources

use std::path::{Path, PathBuf};

fn main() {
    // What decides a match: this crate's code and the types it reads (forewarn-model).
    let dirs = [
        Path::new("src").to_path_buf(),
        Path::new("../forewarn-model/src").to_path_buf(),
    ];
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in &dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        collect(dir, &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits: stable across Rust versions, unlike the standard library's hashers.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let name = file.to_string_lossy();
        let bytes = std::fs::read(file).expect("read a source file");
        for &b in name
            .as_bytes()
            .iter()
            .chain([0u8].iter())
            .chain(bytes.iter())
        {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        println!("cargo:rerun-if-changed={name}");
    }
    println!("cargo:rustc-env=FOREWARN_MATCHER_BUILD={hash:016x}");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a source folder") {
        let path = entry.expect("read a source folder").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
