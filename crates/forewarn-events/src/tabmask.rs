//! Bit masks of the tabs and newlines in a block: bit `i % 64` of word `i / 64` is set when
//! byte `i` is a tab (or a newline), and `ranks[w]` is the number of tabs before word `w`. The
//! dyad counter then finds fields by counting and selecting bits instead of looking at bytes
//! one at a time.
//!
//! The builder is picked at run time: with AVX-512BW a 64-byte chunk is one load and two
//! compares straight into 64-bit masks; with AVX2 it is two loads, four compares and four
//! `movemask`s; elsewhere a portable eight-bytes-at-a-time (SWAR) version gives the same
//! masks. The tests check every builder this CPU has against a byte-by-byte reference.

/// Words of [`Masks::ranks`] padding past the block: a rank search may read this far ahead.
pub(crate) const RANK_WINDOW: usize = 8;
/// The padding's value, above any rank, so a search never stops inside the padding.
const PAST_END: i32 = i32::MAX;

/// Tab and newline masks and tab ranks of one block, reused from block to block.
#[derive(Debug, Default)]
pub(crate) struct Masks {
    pub(crate) tabs: Vec<u64>,
    pub(crate) newlines: Vec<u64>,
    /// Tabs before each word, then [`RANK_WINDOW`] words of padding. `i32`, because the
    /// search compares them as signed lanes; a block holds far fewer than 2^31 tabs.
    pub(crate) ranks: Vec<i32>,
}

/// Which mask builder this machine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    #[cfg(target_arch = "x86_64")]
    Avx512,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Portable,
}

impl Kernel {
    /// The fastest builder this CPU supports.
    pub(crate) fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw")
            {
                return Kernel::Avx512;
            }
            return Kernel::Avx2;
        }
        Kernel::Portable
    }

    /// Every builder this CPU can run, fastest first (for tests and benches).
    #[cfg(test)]
    pub(crate) fn all_here() -> Vec<Kernel> {
        let mut kernels = vec![Kernel::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            let best = Kernel::detect();
            if best == Kernel::Avx512 {
                kernels.insert(0, Kernel::Avx2);
            }
            if best != Kernel::Portable {
                kernels.insert(0, best);
            }
        }
        kernels
    }
}

/// Proof that BMI2's `pdep` is present here and fast: only [`FastPdep::detect`] makes one. It
/// is fast on every Intel CPU that has it and on AMD from Zen 3 (family 19h); Zen 1 and 2 (and
/// Hygon's Zen 1 derivative) run it in microcode, ~50 times slower, and other vendors are not
/// trusted with it. Without one the field walk selects bits one at a time instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FastPdep(());

impl FastPdep {
    pub(crate) fn detect() -> Option<FastPdep> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("bmi2") {
            let (vendor, family) = simd::vendor_and_family();
            if &vendor == b"GenuineIntel" || (&vendor == b"AuthenticAMD" && family >= 0x19) {
                return Some(FastPdep(()));
            }
        }
        None
    }
}

impl Masks {
    /// Fills the masks and ranks for `block`; bytes past its end read as zero (neither tab nor
    /// newline). Inlined so that the rank count gets the caller's `popcnt`.
    #[inline(always)]
    pub(crate) fn fill(&mut self, block: &[u8], kernel: Kernel) {
        let words = block.len().div_ceil(64);
        self.tabs.resize(words, 0);
        self.newlines.resize(words, 0);
        self.ranks.resize(words + RANK_WINDOW, PAST_END);
        let chunks = block.chunks_exact(64);
        let tail = chunks.remainder();
        let whole = block.len() / 64;
        let (tabs, newlines) = (&mut self.tabs[..whole], &mut self.newlines[..whole]);
        match kernel {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => simd::fill_avx512(tabs, newlines, chunks),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => simd::fill_avx2(tabs, newlines, chunks),
            Kernel::Portable => {
                for ((chunk, t), n) in chunks.zip(tabs).zip(newlines) {
                    let chunk: &[u8; 64] = chunk.try_into().unwrap_or(&[0; 64]);
                    (*t, *n) = portable_chunk(chunk);
                }
            }
        }
        if !tail.is_empty() {
            let mut padded = [0u8; 64];
            padded[..tail.len()].copy_from_slice(tail);
            (self.tabs[whole], self.newlines[whole]) = portable_chunk(&padded);
        }
        let mut rank = 0i32;
        for (r, &t) in self.ranks.iter_mut().zip(&self.tabs) {
            *r = rank;
            rank += t.count_ones() as i32;
        }
        self.ranks[words..].fill(PAST_END);
    }
}

/// One bit per byte of `word` that equals the byte repeated in `pattern`, packed into the low
/// eight bits. The zero-byte test is the carry-free one, so no byte is flagged by a borrow
/// from its neighbour; the multiply gathers bit 8i to bit 56+i with no two products landing
/// on the same bit, so nothing carries.
#[inline(always)]
fn movemask_eq(word: u64, pattern: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ pattern;
    let high_bits = !(((x & LOW7) + LOW7) | x | LOW7);
    (high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

fn portable_chunk(chunk: &[u8; 64]) -> (u64, u64) {
    const TAB: u64 = 0x0909_0909_0909_0909;
    const NEWLINE: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut tabs = 0u64;
    let mut newlines = 0u64;
    for (k, bytes) in chunk.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        tabs |= movemask_eq(word, TAB) << (8 * k);
        newlines |= movemask_eq(word, NEWLINE) << (8 * k);
    }
    (tabs, newlines)
}

/// Work to run compiled for AVX2 with `popcnt`, BMI1 and BMI2 (hardware `popcount`, `tzcnt`,
/// `blsr`, `pdep`): the field walk after the masks is mostly counting and selecting bits. The
/// implementation must be `#[inline(always)]`: only code inlined into [`with_avx2`]'s
/// `#[target_feature]` function is compiled with those features (a closure would not reliably
/// be inlined there).
pub(crate) trait SimdWork {
    type Output;
    fn run(self) -> Self::Output;
}

/// Runs `work` compiled for AVX2, POPCNT, BMI1 and BMI2. Only for a SIMD [`Kernel`], which
/// [`Kernel::detect`] picks only where all four are present.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) fn with_avx2<W: SimdWork>(work: W) -> W::Output {
    simd::run(work)
}

/// The position of the `k`-th (from 0) set bit of `word`, which has more than `k`: one `pdep`
/// given a [`FastPdep`], else the low bits cleared one at a time.
#[inline(always)]
pub(crate) fn select_bit(word: u64, k: u32, pdep: Option<FastPdep>) -> u32 {
    #[cfg(target_arch = "x86_64")]
    if let Some(proof) = pdep {
        return simd::pdep(1u64 << k, word, proof).trailing_zeros();
    }
    let _ = pdep;
    let mut bits = word;
    for _ in 0..k {
        bits &= bits - 1;
    }
    bits.trailing_zeros()
}

#[cfg(target_arch = "x86_64")]
mod simd {
    use std::arch::x86_64::{
        __m256i, __m512i, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_set1_epi8,
        _mm512_cmpeq_epi8_mask, _mm512_set1_epi8,
    };
    use std::slice::ChunksExact;

    #[allow(unsafe_code)]
    #[inline(always)]
    pub(super) fn run<W: super::SimdWork>(work: W) -> W::Output {
        #[target_feature(enable = "avx2,popcnt,bmi1,bmi2")]
        fn features<W: super::SimdWork>(work: W) -> W::Output {
            work.run()
        }
        // SAFETY: a SIMD `Kernel` is only chosen after `Kernel::detect` saw AVX2, POPCNT,
        // BMI1 and BMI2 on this CPU, the one requirement of a `#[target_feature]` function.
        unsafe { features(work) }
    }

    /// BMI2 `pdep`; inlined into [`run`]'s BMI2 code it is the one instruction.
    #[allow(unsafe_code)]
    #[inline(always)]
    pub(super) fn pdep(source: u64, mask: u64, _proof: super::FastPdep) -> u64 {
        // SAFETY: a `FastPdep` is only made after BMI2 was detected on this CPU.
        unsafe { std::arch::x86_64::_pdep_u64(source, mask) }
    }

    /// The CPU's vendor string and family (base plus extended).
    #[allow(unsafe_code, unused_unsafe)]
    pub(super) fn vendor_and_family() -> ([u8; 12], u32) {
        use std::arch::x86_64::__cpuid;
        // SAFETY: every x86_64 CPU has CPUID leaves 0 and 1; `__cpuid` is only an `unsafe fn`
        // on older Rust, hence `unused_unsafe`.
        let (leaf0, leaf1) = unsafe { (__cpuid(0), __cpuid(1)) };
        let mut vendor = [0u8; 12];
        vendor[..4].copy_from_slice(&leaf0.ebx.to_le_bytes());
        vendor[4..8].copy_from_slice(&leaf0.edx.to_le_bytes());
        vendor[8..].copy_from_slice(&leaf0.ecx.to_le_bytes());
        let family = (leaf1.eax >> 8 & 0xf) + (leaf1.eax >> 20 & 0xff);
        (vendor, family)
    }

    #[allow(unsafe_code)]
    pub(super) fn fill_avx2(tabs: &mut [u64], newlines: &mut [u64], chunks: ChunksExact<'_, u8>) {
        // SAFETY: as in `run`; the same detection stands behind `Kernel::Avx2`.
        unsafe { fill_avx2_inner(tabs, newlines, chunks) }
    }

    #[allow(unsafe_code)]
    pub(super) fn fill_avx512(tabs: &mut [u64], newlines: &mut [u64], chunks: ChunksExact<'_, u8>) {
        // SAFETY: `Kernel::Avx512` is only chosen after `Kernel::detect` saw AVX-512F and
        // AVX-512BW (and AVX2, POPCNT, BMI1, BMI2) on this CPU.
        unsafe { fill_avx512_inner(tabs, newlines, chunks) }
    }

    #[target_feature(enable = "avx2,popcnt,bmi1")]
    fn fill_avx2_inner(tabs: &mut [u64], newlines: &mut [u64], chunks: ChunksExact<'_, u8>) {
        let tab = _mm256_set1_epi8(b'\t' as i8);
        let newline = _mm256_set1_epi8(b'\n' as i8);
        for ((chunk, t), n) in chunks.zip(tabs).zip(newlines) {
            let (low, high) = chunk.split_at(32);
            let low: __m256i = bytemuck::cast(<[u8; 32]>::try_from(low).unwrap_or([0; 32]));
            let high: __m256i = bytemuck::cast(<[u8; 32]>::try_from(high).unwrap_or([0; 32]));
            let bits = |v: __m256i, pattern: __m256i| -> u64 {
                u64::from(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, pattern)) as u32)
            };
            *t = bits(low, tab) | bits(high, tab) << 32;
            *n = bits(low, newline) | bits(high, newline) << 32;
        }
    }

    #[target_feature(enable = "avx512f,avx512bw,avx2,popcnt,bmi1")]
    fn fill_avx512_inner(tabs: &mut [u64], newlines: &mut [u64], chunks: ChunksExact<'_, u8>) {
        let tab = _mm512_set1_epi8(b'\t' as i8);
        let newline = _mm512_set1_epi8(b'\n' as i8);
        for ((chunk, t), n) in chunks.zip(tabs).zip(newlines) {
            let v: __m512i = bytemuck::cast(<[u8; 64]>::try_from(chunk).unwrap_or([0; 64]));
            *t = _mm512_cmpeq_epi8_mask(v, tab);
            *n = _mm512_cmpeq_epi8_mask(v, newline);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(block: &[u8]) -> Masks {
        let mut m = Masks::default();
        let mut rank = 0;
        for chunk in block.chunks(64) {
            let mut t = 0u64;
            let mut n = 0u64;
            for (i, &b) in chunk.iter().enumerate() {
                t |= u64::from(b == b'\t') << i;
                n |= u64::from(b == b'\n') << i;
            }
            m.tabs.push(t);
            m.newlines.push(n);
            m.ranks.push(rank);
            rank += t.count_ones() as i32;
        }
        m.ranks.extend([PAST_END; RANK_WINDOW]);
        m
    }

    #[test]
    fn every_kernel_matches_the_byte_by_byte_masks() {
        // Every byte value at every offset, tabs and newlines next to their neighbours
        // (0x08, 0x0b, 0x89, 0x8a) and lengths that end mid-chunk.
        let mut block: Vec<u8> = (0..=255u8).cycle().take(64 * 9 + 17).collect();
        block.extend_from_slice(b"\t\t\n\x08\t\x0b\n\x89\x8a\t\n");
        let mut got = Masks::default();
        // Long to short, so a reused `Masks` must forget the longer block.
        for len in [block.len(), 200, 65, 64, 63, 1, 0] {
            let want = reference(&block[..len]);
            for kernel in Kernel::all_here() {
                got.fill(&block[..len], kernel);
                assert_eq!(got.tabs, want.tabs, "tabs, {kernel:?}, len {len}");
                assert_eq!(
                    got.newlines, want.newlines,
                    "newlines, {kernel:?}, len {len}"
                );
                assert_eq!(got.ranks, want.ranks, "ranks, {kernel:?}, len {len}");
            }
        }
    }
}
