//! Near-duplicate detection: "ten copies of one report are one piece of evidence".
//!
//! Texts are reduced to sets of hashed word 3-grams ([`shingles`]); two texts are
//! near-duplicates when the [`jaccard`] similarity of their sets reaches a threshold.
//! [`NearDuplicateIndex`] finds candidates with MinHash signatures and LSH banding, so indexing
//! N documents costs about O(N) rather than comparing every pair, and then confirms each
//! candidate with the true Jaccard similarity, so it never reports a false duplicate.
//!
//! Everything is deterministic: the hashes are FNV-1a and fixed mixers, not the randomly
//! seeded std hasher, so signatures are identical across runs and platforms.
//!
//! ```
//! use forewarn_detect::{jaccard, shingles, NearDuplicateIndex};
//!
//! let a = "Belarusian troops moved toward the Ukrainian border on Monday, officials said.";
//! let b = "BELARUSIAN troops moved toward the Ukrainian border on Monday, officials say.";
//! assert!(jaccard(&shingles(a), &shingles(b)) > 0.6);
//!
//! let mut index = NearDuplicateIndex::new(0.6);
//! assert_eq!(index.insert(1, a), None);
//! assert_eq!(index.insert(2, b), Some(1));
//! assert_eq!(index.insert(3, "Minsk hosted talks on grain exports."), None);
//! ```

use std::collections::HashMap;

/// Words per shingle.
const SHINGLE_WORDS: usize = 3;
/// MinHash signature length. 120 has many divisors, so bands can be tuned to the threshold.
const SIGNATURE_LEN: usize = 120;
/// Wanted probability that a pair exactly at the threshold becomes an LSH candidate.
const TARGET_RECALL: f64 = 0.99;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// SplitMix64 finaliser: a cheap, well-mixing bijection used to derive the MinHash family.
const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Lowercased `\w+` tokens (Unicode letters, digits and `_`).
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The set of hashed word 3-grams of `text`, sorted and without repeats.
///
/// Text is lowercased and split into `\w+` tokens, so punctuation and spacing do not matter.
/// A text of one or two words yields a single shingle of all its words (so short texts still
/// compare equal to themselves); a text without words yields none.
pub fn shingles(text: &str) -> Vec<u64> {
    let toks = tokens(text);
    if toks.is_empty() {
        return Vec::new();
    }
    let hash_window = |window: &[String]| {
        window.iter().fold(FNV_OFFSET, |h, t| {
            // The unit separator keeps ("ab", "c") and ("a", "bc") apart.
            fnv1a(fnv1a(h, t.as_bytes()), &[0x1f])
        })
    };
    let mut out: Vec<u64> = if toks.len() < SHINGLE_WORDS {
        vec![hash_window(&toks)]
    } else {
        toks.windows(SHINGLE_WORDS).map(hash_window).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn as_set(s: &[u64]) -> std::borrow::Cow<'_, [u64]> {
    if s.windows(2).all(|w| w[0] < w[1]) {
        std::borrow::Cow::Borrowed(s)
    } else {
        let mut v = s.to_vec();
        v.sort_unstable();
        v.dedup();
        std::borrow::Cow::Owned(v)
    }
}

/// Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle sets, in 0–1.
///
/// Inputs need not be sorted or unique (the output of [`shingles`] is both, which is the fast
/// path). Two empty sets score 0: texts without words carry no evidence of being the same report.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (a, b) = (as_set(a), as_set(b));
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    common as f64 / union as f64
}

/// Finds, for each new text, earlier texts whose Jaccard similarity reaches a threshold.
///
/// MinHash signatures of [`SIGNATURE_LEN`](self) values are cut into `b` bands of `r` rows;
/// texts sharing any band become candidates. `r` is the largest value for which a pair exactly
/// at the threshold is still a candidate with probability ≥ 0.99 (`1 − (1 − t^r)^b`), so misses
/// are rare while dissimilar texts seldom collide. Every candidate is then checked with the
/// true Jaccard similarity, so reported duplicates are exact.
#[derive(Debug, Clone)]
pub struct NearDuplicateIndex {
    threshold: f64,
    rows: usize,
    /// Insertion order → (id, shingles).
    docs: Vec<(i64, Box<[u64]>)>,
    /// Each bucket, keyed by its band number and band hash mixed into one number, → its newest
    /// entry in `entries`. Two buckets whose keys collide share a list: that only adds
    /// candidates, and every candidate is checked.
    heads: HashMap<u64, u32>,
    /// (position in `docs`, the bucket's previous entry or [`NO_ENTRY`]): every bucket is a
    /// list threaded through one vector, newest first. A map of small vectors cost about 94
    /// bytes per document and band (30 bands at the pipeline's threshold), 425 MB on 151,000
    /// feed items; this costs about 27.
    entries: Vec<(u32, u32)>,
}

/// The end of a bucket's list in [`NearDuplicateIndex::entries`].
const NO_ENTRY: u32 = u32::MAX;

impl NearDuplicateIndex {
    /// An empty index reporting pairs with Jaccard ≥ `threshold` (clamped to 0–1).
    pub fn new(threshold: f64) -> Self {
        let threshold = if threshold.is_nan() {
            1.0
        } else {
            threshold.clamp(0.0, 1.0)
        };
        let rows = (1..=SIGNATURE_LEN)
            .rev()
            .filter(|r| SIGNATURE_LEN.is_multiple_of(*r))
            .find(|&r| {
                let bands = (SIGNATURE_LEN / r) as f64;
                1.0 - (1.0 - threshold.powi(r as i32)).powf(bands) >= TARGET_RECALL
            })
            .unwrap_or(1);
        Self {
            threshold,
            rows,
            docs: Vec::new(),
            heads: HashMap::new(),
            entries: Vec::new(),
        }
    }

    /// The similarity threshold.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Number of texts indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Indexes `text` under `id` and returns the id of the earliest-inserted text it is a
    /// near-duplicate of (true Jaccard ≥ threshold), if any. Texts with the same id never
    /// match each other; texts without words never match anything.
    pub fn insert(&mut self, id: i64, text: &str) -> Option<i64> {
        self.insert_all(id, text).into_iter().next()
    }

    /// Like [`insert`](Self::insert) but returns every earlier near-duplicate, in insertion
    /// order (ids may repeat if the same id was inserted more than once).
    pub fn insert_all(&mut self, id: i64, text: &str) -> Vec<i64> {
        self.insert_shingles(id, shingles(text))
    }

    /// The id of the earliest indexed text that `text` is a near-duplicate of, without indexing
    /// it. Callers that learn the new text's id only after storing it use this, then
    /// [`insert`](Self::insert).
    pub fn find(&self, text: &str) -> Option<i64> {
        let shingles = shingles(text);
        if shingles.is_empty() {
            return None;
        }
        let sig = signature(&shingles);
        let mut candidates = Vec::new();
        for (band, rows) in sig.chunks(self.rows).enumerate() {
            if let Some(&head) = self.heads.get(&bucket_key(band, rows)) {
                self.collect_bucket(head, &mut candidates);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .find(|&c| jaccard(&shingles, &self.docs[c].1) >= self.threshold)
            .map(|c| self.docs[c].0)
    }

    /// Like [`insert_all`](Self::insert_all) for a text already reduced by [`shingles`].
    pub fn insert_shingles(&mut self, id: i64, shingles: Vec<u64>) -> Vec<i64> {
        let sig = (!shingles.is_empty()).then(|| signature(&shingles));
        self.insert_signed(id, shingles, sig.as_ref())
    }

    /// Like [`insert_all`](Self::insert_all) for a text reduced once by [`Shingled::new`],
    /// for callers that put the same text into several indexes.
    pub fn insert_shingled(&mut self, id: i64, text: &Shingled) -> Vec<i64> {
        self.insert_signed(id, text.shingles.clone(), text.signature.as_ref())
    }

    fn insert_signed(
        &mut self,
        id: i64,
        shingles: Vec<u64>,
        sig: Option<&[u64; SIGNATURE_LEN]>,
    ) -> Vec<i64> {
        let pos = self.docs.len();
        let Some(sig) = sig.filter(|_| !shingles.is_empty()) else {
            self.docs.push((id, Box::default()));
            return Vec::new();
        };
        let mut candidates = Vec::new();
        // Past u32::MAX entries (143 million documents) a text is still compared, no longer
        // indexed.
        let indexed = u32::try_from(pos)
            .ok()
            .filter(|_| self.entries.len() + sig.len() / self.rows < NO_ENTRY as usize);
        for (band, rows) in sig.chunks(self.rows).enumerate() {
            let key = bucket_key(band, rows);
            let head = self.heads.get(&key).copied();
            if let Some(head) = head {
                self.collect_bucket(head, &mut candidates);
            }
            if let Some(pos) = indexed {
                let entry = self.entries.len() as u32;
                self.entries.push((pos, head.unwrap_or(NO_ENTRY)));
                self.heads.insert(key, entry);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates
            .into_iter()
            .filter(|&c| {
                let (other, ref other_shingles) = self.docs[c];
                other != id && jaccard(&shingles, other_shingles) >= self.threshold
            })
            .map(|c| self.docs[c].0)
            .collect();
        self.docs.push((id, shingles.into_boxed_slice()));
        found
    }

    /// Appends the positions in the bucket list starting at `entry`.
    fn collect_bucket(&self, mut entry: u32, out: &mut Vec<usize>) {
        while entry != NO_ENTRY {
            let (pos, previous) = self.entries[entry as usize];
            out.push(pos as usize);
            entry = previous;
        }
    }
}

/// One number for a band of a signature: its hash with the band's number mixed in, so equal
/// rows in different bands are different buckets.
fn bucket_key(band: usize, rows: &[u64]) -> u64 {
    mix(band_hash(rows) ^ (band as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A text reduced for near-duplicate indexes: its [`shingles`] and their MinHash signature,
/// computed once however many indexes it goes into.
#[derive(Debug, Clone)]
pub struct Shingled {
    shingles: Vec<u64>,
    signature: Option<[u64; SIGNATURE_LEN]>,
}

impl Shingled {
    pub fn new(text: &str) -> Self {
        let shingles = shingles(text);
        let signature = (!shingles.is_empty()).then(|| signature(&shingles));
        Shingled {
            shingles,
            signature,
        }
    }
}

fn band_hash(rows: &[u64]) -> u64 {
    rows.iter()
        .fold(FNV_OFFSET, |h, v| fnv1a(h, &v.to_le_bytes()))
}

/// Each signature slot's seed, `mix(slot + 1)`, computed once rather than per shingle.
const SLOT_SEEDS: [u64; SIGNATURE_LEN] = {
    let mut seeds = [0u64; SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        seeds[i] = mix(i as u64 + 1);
        i += 1;
    }
    seeds
};

fn signature(shingles: &[u64]) -> [u64; SIGNATURE_LEN] {
    let mut sig = [u64::MAX; SIGNATURE_LEN];
    for &s in shingles {
        for (slot, seed) in sig.iter_mut().zip(SLOT_SEEDS) {
            // Each slot is an independent-looking permutation: hash of (shingle, slot seed).
            let h = mix(s ^ seed);
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenising_ignores_case_and_punctuation() {
        assert_eq!(
            shingles("Troops, moved: NORTH!"),
            shingles("troops moved north")
        );
        assert_eq!(shingles("a b c d").len(), 2);
    }

    #[test]
    fn shingle_hashes_are_stable_across_runs() {
        // Pinned so a change of hash (which would silently re-key stored data) fails loudly.
        assert_eq!(
            shingles("one two three"),
            vec![fnv_of(&["one", "two", "three"])]
        );
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    fn fnv_of(words: &[&str]) -> u64 {
        words
            .iter()
            .fold(FNV_OFFSET, |h, w| fnv1a(fnv1a(h, w.as_bytes()), &[0x1f]))
    }

    /// The bucket lists threaded through one vector find what a map of (band, hash) to
    /// position lists finds: the same near-duplicates, in the same order, for every text.
    #[test]
    fn threaded_buckets_find_what_a_map_of_lists_finds() {
        let words = [
            "troops",
            "border",
            "moved",
            "talks",
            "minister",
            "said",
            "army",
            "city",
            "shelled",
            "ceasefire",
            "aid",
            "convoy",
            "north",
            "south",
            "capital",
            "drill",
        ];
        // Texts from a small vocabulary, and every fifth one a light edit of an earlier one.
        let mut texts: Vec<String> = Vec::new();
        let mut state = 7u64;
        for i in 0..400 {
            state = mix(state);
            let text = if i % 5 == 4 {
                let base = &texts[(state % texts.len() as u64) as usize];
                format!("{base} {}", words[(state >> 8) as usize % words.len()])
            } else {
                (0..30)
                    .map(|k| words[(mix(state ^ k) % words.len() as u64) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            texts.push(text);
        }
        let mut index = NearDuplicateIndex::new(0.7);
        let mut reference: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
        let mut seen: Vec<Vec<u64>> = Vec::new();
        let mut found_any = 0;
        for (pos, text) in texts.iter().enumerate() {
            let sh = shingles(text);
            let sig = signature(&sh);
            let mut candidates = Vec::new();
            for (band, rows) in sig.chunks(index.rows).enumerate() {
                let bucket = reference.entry((band, band_hash(rows))).or_default();
                candidates.extend_from_slice(bucket);
                bucket.push(pos);
            }
            candidates.sort_unstable();
            candidates.dedup();
            let expected: Vec<i64> = candidates
                .into_iter()
                .filter(|&c| jaccard(&sh, &seen[c]) >= 0.7)
                .map(|c| c as i64)
                .collect();
            assert_eq!(index.find(text), expected.first().copied(), "text {pos}");
            assert_eq!(index.insert_all(pos as i64, text), expected, "text {pos}");
            found_any += usize::from(!expected.is_empty());
            seen.push(sh);
        }
        assert!(found_any >= 40, "the edits are found ({found_any})");
    }

    #[test]
    fn jaccard_handles_unsorted_and_empty() {
        assert_eq!(jaccard(&[3, 1, 2, 2], &[1, 2, 3]), 1.0);
        assert_eq!(jaccard(&[1, 2], &[2, 3]), 1.0 / 3.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
    }

    #[test]
    fn rows_follow_the_threshold() {
        assert_eq!(NearDuplicateIndex::new(0.8).rows, 6);
        assert_eq!(NearDuplicateIndex::new(0.5).rows, 3);
        assert_eq!(NearDuplicateIndex::new(0.05).rows, 1);
    }

    #[test]
    fn find_does_not_index() {
        let text = "Belarus moved troops and armour toward the Ukrainian border on Wednesday under a counter-terrorism exercise, the defence ministry said.";
        let mut index = NearDuplicateIndex::new(0.7);
        assert_eq!(index.find(text), None);
        index.insert(7, text);
        assert_eq!(index.find(&format!("{text} More for you.")), Some(7));
        assert_eq!(index.len(), 1);
        assert_eq!(
            index.find("Lukashenko visited Beijing for talks with Xi Jinping."),
            None
        );
    }
}
