//! Daily dyad counts over a GDELT events file: the fast path behind `scripts/bench-events`.
//!
//! [`count_dyads`] reads the stream in blocks of about 1 MiB, each cut after its last newline
//! (the partial line is carried into the next block), and counts the blocks on every core.
//! Each worker takes the next block under a lock, reads it into its own buffer and counts it
//! into its own table, so memory is one block per worker plus the tables, whatever the file
//! size. Only the tabs and newlines are located: no per-row allocation, no UTF-8 validation.
//! With AVX2 a block first becomes tab and newline bit masks (`tabmask`) and each line's
//! fields are found by counting and selecting bits; elsewhere lines are split with `memchr`
//! and scanned eight bytes at a time. Every line still has its tabs counted, so a truncated
//! row is reported with its file and line, exactly as [`RowReader::next_row`] reports it;
//! block reports are merged in file order to turn block-relative line numbers into file lines.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::io::{self, BufRead};
use std::sync::Mutex;

use rustc_hash::FxBuildHasher;

use crate::gdelt::{GdeltError, GdeltKind, RowReader};
use crate::tabmask::{Kernel, Masks};

/// Key of a daily dyad count: date as `YYYYMMDD` (0 when the field is not eight digits), the
/// two actor country codes (up to three bytes, zero-padded) and the CAMEO root code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DyadKey {
    pub date: u32,
    pub actor1: [u8; 3],
    pub actor2: [u8; 3],
    pub root: [u8; 2],
}

/// One hash table of counts: a fast, non-keyed hasher (the keys come from the file counted).
pub type DyadMap = HashMap<DyadKey, u64, FxBuildHasher>;

/// The table of packed keys.
type PackedMap = HashMap<u64, u64, BuildHasherDefault<PackedHasher>>;

/// Partitions of a [`DyadTable`]'s packed keys; a key's partition is four bits of its hash.
const PARTS: usize = 16;
/// Keys gathered before they are counted partition by partition.
const PENDING: usize = 1 << 16;

fn part_of(packed: u64) -> usize {
    // Bits the table itself does not use: hashbrown takes the bucket from the low bits and
    // its tag from the top seven.
    (PackedHasher::hash(packed) >> 32) as usize % PARTS
}

/// Counts per [`DyadKey`]. A key whose parts are all in GDELT's alphabets (a date in
/// 1900–2154 or none, actor codes of capital letters and digits, a numeric root) is packed
/// into 61 bits of a `u64`, so table entries are 16 bytes instead of 24 and hashing is one
/// multiply; any other key is counted as it is in a second map, so every count stays exact.
/// Packed keys are split into 16 tables by hash: the dyad counter updates them in batches,
/// one partition at a time, so the table being updated stays in cache even when the whole
/// table does not (200k groups are ~5 MB; one partition is ~300 KB).
#[derive(Debug, Clone)]
pub struct DyadTable {
    parts: Vec<PackedMap>,
    other: DyadMap,
}

impl Default for DyadTable {
    fn default() -> Self {
        DyadTable {
            parts: vec![PackedMap::default(); PARTS],
            other: DyadMap::default(),
        }
    }
}

impl DyadTable {
    /// The number of distinct keys.
    pub fn len(&self) -> usize {
        self.parts.iter().map(HashMap::len).sum::<usize>() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, key: &DyadKey) -> Option<u64> {
        match pack(key) {
            Some(p) => self.parts[part_of(p)].get(&p),
            None => self.other.get(key),
        }
        .copied()
    }

    /// Every key and its count, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (DyadKey, u64)> + '_ {
        let packed = self.parts.iter().flatten().map(|(&p, &n)| (unpack(p), n));
        packed.chain(self.other.iter().map(|(k, &n)| (*k, n)))
    }

    /// Adds `n` to `key`'s count.
    pub fn add(&mut self, key: DyadKey, n: u64) {
        match pack(&key) {
            Some(p) => *self.parts[part_of(p)].entry(p).or_insert(0) += n,
            None => *self.other.entry(key).or_insert(0) += n,
        }
    }

    /// All counts in one map.
    pub fn into_map(self) -> DyadMap {
        let mut map = DyadMap::with_capacity_and_hasher(self.len(), FxBuildHasher);
        map.extend(
            self.parts
                .into_iter()
                .flatten()
                .map(|(p, n)| (unpack(p), n)),
        );
        map.extend(self.other);
        map
    }

    /// Adds every count of `other`, partition by partition.
    fn merge(&mut self, other: DyadTable) {
        for (mine, theirs) in self.parts.iter_mut().zip(other.parts) {
            add_all(mine, theirs);
        }
        add_all(&mut self.other, other.other);
    }
}

/// Adds `from` into `into`, walking the smaller of the two.
fn add_all<K: Hash + Eq, S: BuildHasher>(into: &mut HashMap<K, u64, S>, from: HashMap<K, u64, S>) {
    let from = if into.len() < from.len() {
        std::mem::replace(into, from)
    } else {
        from
    };
    for (k, n) in from {
        *into.entry(k).or_insert(0) += n;
    }
}

/// The hasher of packed keys: one 64×64→128-bit multiply folded to 64 bits, so every key
/// bit reaches both the bucket (low bits) and the tag (top bits) of the table. FxHash's
/// plain multiply leaves the low bits of the hash to the low bits of the key, and packed keys
/// that differ only in their date (the top bits) then crowd the same buckets.
#[derive(Debug, Default, Clone, Copy)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    #[inline(always)]
    fn write_u64(&mut self, key: u64) {
        let product = u128::from(key ^ self.0) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product as u64) ^ (product >> 64) as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl PackedHasher {
    #[inline(always)]
    fn hash(packed: u64) -> u64 {
        let mut h = PackedHasher::default();
        h.write_u64(packed);
        h.finish()
    }
}

/// Six-bit codes of the bytes an actor code may hold: 0 for none, 1–26 for `A`–`Z`, 27–36 for
/// `0`–`9`; [`NOT_PACKED`] for any other byte.
const ACTOR_CODE: [u8; 256] = byte_codes(true);
/// Four-bit codes of a root's bytes: 0 for none, 1–10 for `0`–`9`.
const ROOT_CODE: [u8; 256] = byte_codes(false);
const NOT_PACKED: u8 = 0x80;

const fn byte_codes(letters: bool) -> [u8; 256] {
    let mut table = [NOT_PACKED; 256];
    table[0] = 0;
    let mut d = 0;
    while d < 10 {
        table[(b'0' + d) as usize] = if letters { 27 + d } else { 1 + d };
        d += 1;
    }
    if letters {
        let mut l = 0;
        while l < 26 {
            table[(b'A' + l) as usize] = 1 + l;
            l += 1;
        }
    }
    table
}

/// `key` in 61 bits (date 17, actors 18 each, root 8), or `None` when a part is outside the
/// packed alphabets.
#[inline(always)]
fn pack(key: &DyadKey) -> Option<u64> {
    let date = match key.date {
        0 => 0,
        d => {
            let (year, month, day) = (d / 10_000, d / 100 % 100, d % 100);
            if !(1900..2155).contains(&year) || month > 15 || day > 31 {
                return None;
            }
            u64::from((year - 1899) << 9 | month << 5 | day)
        }
    };
    let [a, b, c] = key.actor1;
    let [d, e, f] = key.actor2;
    let [g, h] = key.root;
    let actors = [a, b, c, d, e, f].map(|x| ACTOR_CODE[usize::from(x)]);
    let root = [g, h].map(|x| ROOT_CODE[usize::from(x)]);
    if (actors.iter().chain(&root).fold(0, |acc, &x| acc | x)) & NOT_PACKED != 0 {
        return None;
    }
    let mut packed = date;
    for code in actors {
        packed = packed << 6 | u64::from(code);
    }
    for code in root {
        packed = packed << 4 | u64::from(code);
    }
    Some(packed)
}

/// The key [`pack`] packed.
fn unpack(mut packed: u64) -> DyadKey {
    let mut take = |bits: u32| {
        let v = packed & ((1 << bits) - 1);
        packed >>= bits;
        v as u8
    };
    let root_byte = |c: u8| if c == 0 { 0 } else { b'0' + c - 1 };
    let actor_byte = |c: u8| match c {
        0 => 0,
        1..=26 => b'A' + c - 1,
        _ => b'0' + c - 27,
    };
    let h = root_byte(take(4));
    let g = root_byte(take(4));
    let mut actors = [0u8; 6];
    for slot in actors.iter_mut().rev() {
        *slot = actor_byte(take(6));
    }
    let date = match packed as u32 {
        0 => 0,
        v => ((v >> 9) + 1899) * 10_000 + (v >> 5 & 15) * 100 + (v & 31),
    };
    DyadKey {
        date,
        actor1: [actors[0], actors[1], actors[2]],
        actor2: [actors[3], actors[4], actors[5]],
        root: [g, h],
    }
}

/// A worker's table and the packed keys it has gathered but not yet counted.
struct Counter {
    table: DyadTable,
    pending: Vec<Vec<u64>>,
    pending_len: usize,
}

impl Counter {
    fn new() -> Counter {
        Counter {
            table: DyadTable::default(),
            pending: vec![Vec::new(); PARTS],
            pending_len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, key: DyadKey) {
        match pack(&key) {
            Some(p) => {
                self.pending[part_of(p)].push(p);
                self.pending_len += 1;
                if self.pending_len >= PENDING {
                    self.flush();
                }
            }
            None => self.table.add(key, 1),
        }
    }

    fn flush(&mut self) {
        for (part, keys) in self.table.parts.iter_mut().zip(&mut self.pending) {
            for k in keys.drain(..) {
                *part.entry(k).or_insert(0) += 1;
            }
        }
        self.pending_len = 0;
    }

    fn finish(mut self) -> DyadTable {
        self.flush();
        self.table
    }
}

/// What [`count_dyads`] saw.
#[derive(Debug, Default, Clone)]
pub struct DyadCounts {
    pub counts: DyadTable,
    pub rows: u64,
    /// Row errors (file and line), in file order; at most the first 100 are kept.
    pub errors: Vec<String>,
    pub error_count: u64,
}

const MAX_ERRORS: usize = 100;
/// Block size; a block grows only for a line longer than this.
const BLOCK: usize = 1 << 20;
/// Stop filling a block when less than this is left, so every read is large enough to bypass
/// a `BufReader`'s own buffer (256 KiB in `source::open_input`) instead of copying through it.
const MIN_READ: usize = 256 * 1024;

#[inline(always)]
fn code3(b: &[u8]) -> [u8; 3] {
    let mut out = [0u8; 3];
    for (o, &x) in out.iter_mut().zip(b) {
        *o = x;
    }
    out
}

#[inline(always)]
fn ymd(b: &[u8]) -> u32 {
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        b.iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
    } else {
        0
    }
}

#[inline(always)]
fn key(date: &[u8], actor1: &[u8], actor2: &[u8], root: &[u8]) -> DyadKey {
    DyadKey {
        date: ymd(date),
        actor1: code3(actor1),
        actor2: code3(actor2),
        root: [
            root.first().copied().unwrap_or(0),
            root.get(1).copied().unwrap_or(0),
        ],
    }
}

/// Events per (day, actor1 country, actor2 country, CAMEO root) over a whole events file, on
/// all available cores. Rows with the wrong field count are counted in `error_count` and
/// reported (the first 100) as `file:line`; an I/O error stops the count.
pub fn count_dyads<R: BufRead + Send>(reader: &mut RowReader<R>) -> Result<DyadCounts, GdeltError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    count_dyads_threads(reader, threads)
}

/// [`count_dyads`] on `threads` threads (1 counts on the calling thread).
pub fn count_dyads_threads<R: BufRead + Send>(
    reader: &mut RowReader<R>,
    threads: usize,
) -> Result<DyadCounts, GdeltError> {
    if reader.kind != GdeltKind::Events {
        return count_dyads_rows(reader);
    }
    let feed = Mutex::new(Feed {
        inner: &mut reader.inner,
        kind: reader.kind,
        layout: reader.layout,
        carry: Vec::new(),
        next_block: 0,
        eof: false,
        error: None,
    });
    let merge = Mutex::new(Merge {
        origin: &reader.origin,
        kind: reader.kind,
        first_line: reader.line,
        next_block: 0,
        pending: BTreeMap::new(),
        lines: 0,
        rows: 0,
        errors: Vec::new(),
        error_count: 0,
    });
    let kernel = Kernel::detect();
    let work = || {
        let mut buf = vec![0u8; BLOCK];
        #[cfg(target_arch = "x86_64")]
        let mut masks = Masks::default();
        let mut counter = Counter::new();
        loop {
            let next = feed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .fill(&mut buf);
            let Some((block, len, layout)) = next else {
                return counter.finish();
            };
            let bytes = &buf[..len];
            let report = match kernel {
                // Without AVX2 the byte scan is the measured path; the portable masks exist
                // as the tests' reference.
                Kernel::Portable => count_block(bytes, layout, &mut counter),
                #[cfg(target_arch = "x86_64")]
                Kernel::Avx2 => crate::tabmask::with_avx2(|| {
                    count_block_masked(bytes, layout, &mut masks, kernel, &mut counter)
                }),
            };
            merge
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .add(block, report);
        }
    };
    let mut tables: Vec<DyadTable> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads.max(1)).map(|_| s.spawn(work)).collect();
        let mut tables = vec![work()];
        tables.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("dyad counter panicked")),
        );
        tables
    });
    let feed = feed.into_inner().unwrap_or_else(|e| e.into_inner());
    let merge = merge.into_inner().unwrap_or_else(|e| e.into_inner());
    let (layout, error) = (feed.layout, feed.error);
    let line = merge.first_line + merge.lines;
    let (rows, errors, error_count) = (merge.rows, merge.errors, merge.error_count);
    reader.layout = layout;
    reader.line = line;
    if let Some(source) = error {
        return Err(GdeltError::Io {
            origin: reader.origin.clone(),
            line: line + 1,
            source,
        });
    }
    tables.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut counts = tables.swap_remove(0);
    for table in tables {
        counts.merge(table);
    }
    Ok(DyadCounts {
        counts,
        rows,
        errors,
        error_count,
    })
}

/// The row-at-a-time path through [`RowReader::next_row`], for kinds other than events.
fn count_dyads_rows<R: BufRead>(reader: &mut RowReader<R>) -> Result<DyadCounts, GdeltError> {
    let mut out = DyadCounts::default();
    loop {
        match reader.next_row() {
            Ok(Some(row)) => {
                let k = key(row.bytes(1), row.bytes(7), row.bytes(17), row.bytes(28));
                out.counts.add(k, 1);
                out.rows += 1;
            }
            Ok(None) => return Ok(out),
            Err(e) if e.is_row_error() => {
                out.error_count += 1;
                if out.errors.len() < MAX_ERRORS {
                    out.errors.push(e.to_string());
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Hands out blocks that end with a newline, in file order.
struct Feed<'a, R> {
    inner: &'a mut R,
    kind: GdeltKind,
    layout: Option<&'static [usize]>,
    /// The partial line after the last block's final newline.
    carry: Vec<u8>,
    next_block: u64,
    eof: bool,
    error: Option<io::Error>,
}

impl<R: BufRead> Feed<'_, R> {
    /// Fills `buf` with the next block; returns its number, its length (it ends with `\n`)
    /// and the layout, or `None` at the end or after a read error.
    fn fill(&mut self, buf: &mut Vec<u8>) -> Option<(u64, usize, &'static [usize])> {
        if self.eof && self.carry.is_empty() {
            return None;
        }
        let mut filled = self.carry.len();
        if buf.len() < filled + MIN_READ {
            buf.resize((filled + MIN_READ).max(BLOCK), 0);
        }
        buf[..filled].copy_from_slice(&self.carry);
        self.carry.clear();
        let mut scanned = filled; // no newline before this
        let len = loop {
            while !self.eof && buf.len() - filled >= MIN_READ {
                match self.inner.read(&mut buf[filled..]) {
                    Ok(0) => self.eof = true,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        // Count the complete lines read so far, then stop.
                        self.error = Some(e);
                        self.eof = true;
                        let end = memchr::memrchr(b'\n', &buf[..filled]).map_or(0, |p| p + 1);
                        filled = end;
                    }
                }
            }
            match memchr::memrchr(b'\n', &buf[scanned..filled]) {
                Some(p) => break scanned + p + 1,
                None if self.eof => {
                    if filled == 0 {
                        return None;
                    }
                    // The last line has no newline: give it one.
                    if filled == buf.len() {
                        buf.push(0);
                    }
                    buf[filled] = b'\n';
                    filled += 1;
                    break filled;
                }
                None => {
                    // A line longer than the block: grow it.
                    scanned = filled;
                    let grown = buf.len() * 2;
                    buf.resize(grown, 0);
                }
            }
        };
        self.carry.extend_from_slice(&buf[len..filled]);
        let layout = match self.layout {
            Some(l) => l,
            None => {
                let first = buf[..len]
                    .split(|&b| b == b'\n')
                    .map(trim_line_end)
                    .find(|l| !l.is_empty());
                match first {
                    Some(line) => {
                        let l = self
                            .kind
                            .layout_for(memchr::memchr_iter(b'\t', line).count() + 1);
                        self.layout = Some(l);
                        l
                    }
                    // Only empty lines so far: nothing in this block is checked.
                    None => self.kind.layouts()[0],
                }
            }
        };
        let block = self.next_block;
        self.next_block += 1;
        Some((block, len, layout))
    }
}

/// The line without trailing `\r` (and `\n`), as [`RowReader`] trims it.
fn trim_line_end(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r' | b'\n'] = line {
        line = rest;
    }
    line
}

/// One block's lines, rows and bad rows (block-relative line numbers).
struct BlockReport {
    layout: &'static [usize],
    lines: u64,
    rows: u64,
    bad: Vec<(u64, usize)>,
    bad_count: u64,
}

impl BlockReport {
    fn new(layout: &'static [usize]) -> BlockReport {
        BlockReport {
            layout,
            lines: 0,
            rows: 0,
            bad: Vec::new(),
            bad_count: 0,
        }
    }

    /// Counts the current line as a row with the wrong number of fields.
    fn reject(&mut self, fields: usize) {
        self.bad_count += 1;
        if self.bad.len() < MAX_ERRORS {
            self.bad.push((self.lines, fields));
        }
    }
}

/// Where the first `tabs.len()` tabs of `line` are; returns how many it found and where the
/// scan stopped (just past the last tab found, or the line's end). Eight bytes at a time:
/// `x ^ 0x09…` has a zero byte exactly where `line` has a tab, and the carry-free zero-byte
/// test marks those bytes' high bits.
fn find_tabs(line: &[u8], tabs: &mut [usize]) -> (usize, usize) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TAB: u64 = 0x0909_0909_0909_0909;
    let mut n = 0;
    let mut base = 0;
    while base < line.len() {
        let word = match line.get(base..base + 8) {
            Some(w) => u64::from_le_bytes(w.try_into().unwrap_or_default()),
            None => {
                let mut w = [0u8; 8];
                w[..line.len() - base].copy_from_slice(&line[base..]);
                u64::from_le_bytes(w)
            }
        };
        let x = word ^ TAB;
        let mut hits = !(((x & LOW7) + LOW7) | x | LOW7);
        while hits != 0 {
            let at = base + (hits.trailing_zeros() / 8) as usize;
            tabs[n] = at;
            n += 1;
            if n == tabs.len() {
                return (n, at + 1);
            }
            hits &= hits - 1;
        }
        base += 8;
    }
    (n, line.len())
}

/// Counts the rows of one block (ending with `\n`) into `counter`.
fn count_block(block: &[u8], layout: &'static [usize], counter: &mut Counter) -> BlockReport {
    let mut report = BlockReport::new(layout);
    let mut pos = 0;
    // Positions of the first 29 tabs: fields 1, 7, 17 and 28 lie between them.
    let mut tabs = [0usize; 29];
    for end in memchr::memchr_iter(b'\n', block) {
        report.lines += 1;
        let line = trim_line_end(&block[pos..end]);
        pos = end + 1;
        if line.is_empty() {
            continue;
        }
        let (seen, rest) = find_tabs(line, &mut tabs);
        let found = seen + memchr::memchr_iter(b'\t', &line[rest..]).count() + 1;
        if !layout.contains(&found) {
            report.reject(found);
            continue;
        }
        let field = |i: usize| -> &[u8] {
            let start = if i == 0 { 0 } else { tabs[i - 1] + 1 };
            let end = if i < seen { tabs[i] } else { line.len() };
            line.get(start..end).unwrap_or(&[])
        };
        counter.push(key(field(1), field(7), field(17), field(28)));
        report.rows += 1;
    }
    report
}

/// The key fields (1, 7, 17 and 28) all end within the first 29 tabs of a line.
const KEY_TAB_COUNT: usize = 29;

/// [`count_block`] on tab and newline bit masks: each line's tabs are counted with `popcount`
/// a word at a time and the first 29 are read off their words bit by bit, so no byte is looked
/// at one at a time. Same rows, keys and report as [`count_block`]. Only the AVX2 path calls it
/// outside tests, hence the `allow` on other targets.
#[inline(always)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn count_block_masked(
    block: &[u8],
    layout: &'static [usize],
    masks: &mut Masks,
    kernel: Kernel,
    counter: &mut Counter,
) -> BlockReport {
    masks.fill(block, kernel);
    let mut report = BlockReport::new(layout);
    let tabs = &masks.tabs;
    let mut start = 0usize;
    for (word_index, &newline_word) in masks.newlines.iter().enumerate() {
        let mut newline_bits = newline_word;
        while newline_bits != 0 {
            let end = word_index * 64 + newline_bits.trailing_zeros() as usize;
            newline_bits &= newline_bits - 1;
            report.lines += 1;
            let line_start = start;
            start = end + 1;
            // How many tabs the line has, and where the first 29 are (the key fields lie
            // between them).
            let (first, last) = (line_start / 64, end / 64);
            let mut at = [0usize; KEY_TAB_COUNT];
            let mut found = 0usize;
            let mut seen = 0u32;
            for (w, &word) in tabs.iter().enumerate().take(last + 1).skip(first) {
                let mut bits = word;
                if w == first {
                    bits &= u64::MAX << (line_start % 64);
                }
                if w == last {
                    bits &= (1u64 << (end % 64)) - 1;
                }
                seen += bits.count_ones();
                while bits != 0 && found < KEY_TAB_COUNT {
                    at[found] = w * 64 + bits.trailing_zeros() as usize;
                    found += 1;
                    bits &= bits - 1;
                }
            }
            if seen == 0 && trim_line_end(&block[line_start..end]).is_empty() {
                continue;
            }
            let fields = seen as usize + 1;
            if !layout.contains(&fields) || found < KEY_TAB_COUNT {
                report.reject(fields);
                continue;
            }
            // Field i lies between tab i and tab i + 1 (1-based), i.e. at[i - 1] and at[i].
            let field = |i: usize| &block[at[i - 1] + 1..at[i]];
            counter.push(key(field(1), field(7), field(17), field(28)));
            report.rows += 1;
        }
    }
    report
}

/// Puts block reports back in file order to number their lines.
struct Merge<'a> {
    origin: &'a str,
    kind: GdeltKind,
    first_line: u64,
    next_block: u64,
    pending: BTreeMap<u64, BlockReport>,
    lines: u64,
    rows: u64,
    errors: Vec<String>,
    error_count: u64,
}

impl Merge<'_> {
    fn add(&mut self, block: u64, report: BlockReport) {
        self.pending.insert(block, report);
        while let Some(report) = self.pending.remove(&self.next_block) {
            let base = self.first_line + self.lines;
            for (line, found) in report.bad {
                if self.errors.len() < MAX_ERRORS {
                    self.errors.push(
                        self.kind
                            .field_count_error(self.origin, base + line, found, report.layout)
                            .to_string(),
                    );
                }
            }
            self.error_count += report.bad_count;
            self.lines += report.lines;
            self.rows += report.rows;
            self.next_block += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize) -> String {
        let mut f = vec![String::new(); 61];
        f[0] = (1_000 + i).to_string();
        f[1] = format!("202202{:02}", 1 + i % 28);
        f[6] = "SOME ACTOR NAME".into();
        f[7] = ["RUS", "UKR", ""][i % 3].into();
        f[17] = ["BLR", "", "USA", "POL"][i % 4].into();
        f[26] = "0871".into();
        f[28] = ["08", "19", "1"][i % 3].into();
        f[52] = "Donetsk, Donets'ka Oblast', Ukraine".into();
        f[60] = format!("https://news.example.org/story/{i}");
        f.join("\t")
    }

    /// Enough lines to span several blocks, with truncated, over-long, empty and CRLF lines,
    /// one line longer than a block, and no newline at the end.
    fn text() -> String {
        let mut out = String::new();
        for i in 0..12_000 {
            let r = row(i);
            match i % 997 {
                5 => out.push_str(&r.split('\t').take(30).collect::<Vec<_>>().join("\t")),
                6 => out.push_str(&format!("{r}\textra")),
                7 => {}
                8 => out.push_str(&format!("{r}\r")),
                _ => out.push_str(&r),
            }
            if i == 7_000 {
                out.push_str(&"x".repeat(BLOCK + 10));
            }
            if i + 1 < 12_000 {
                out.push('\n');
            }
        }
        out
    }

    fn sorted(t: &DyadTable) -> Vec<(DyadKey, u64)> {
        let mut v: Vec<_> = t.iter().collect();
        v.sort();
        v
    }

    #[test]
    fn blocks_on_any_thread_count_match_the_row_reader() {
        let text = text();
        let mut rows = RowReader::new(text.as_bytes(), "big.CSV", GdeltKind::Events);
        let expected = count_dyads_rows(&mut rows).unwrap();
        // 13 truncated and 13 over-long rows, 13 empty lines; row 7000 is longer than a block.
        assert_eq!(expected.error_count, 26);
        assert_eq!(expected.rows, 12_000 - 26 - 13);
        assert!(
            expected.errors[0].starts_with("big.CSV:6: expected 61 tab-separated fields, found 30")
        );
        for threads in [1, 2, 3] {
            let mut blocks = RowReader::new(text.as_bytes(), "big.CSV", GdeltKind::Events);
            let got = count_dyads_threads(&mut blocks, threads).unwrap();
            assert_eq!(got.rows, expected.rows, "{threads} threads");
            assert_eq!(got.errors, expected.errors, "{threads} threads");
            assert_eq!(got.error_count, expected.error_count);
            assert_eq!(sorted(&got.counts), sorted(&expected.counts));
            assert_eq!(blocks.lines(), rows.lines());
        }
    }

    #[test]
    fn the_mask_walk_matches_the_byte_scan_on_every_kernel() {
        // A CR-only line and lines of every length around the 64-byte words, besides text()'s.
        let mut block = text();
        block.push_str("\n\r\n\t\n");
        for n in 0..130 {
            block.push_str(&row(n)[..n.min(60)]);
            block.push('\n');
        }
        let block = block.as_bytes();
        let layout = GdeltKind::Events.layouts()[0];
        let mut want_counter = Counter::new();
        let want = count_block(block, layout, &mut want_counter);
        let want_table = want_counter.finish();
        assert!(
            want.rows > 11_000 && want.bad_count > 150,
            "{} {}",
            want.rows,
            want.bad_count
        );
        let mut kernels = vec![Kernel::Portable, Kernel::detect()];
        kernels.dedup();
        for kernel in kernels {
            let mut counter = Counter::new();
            let got =
                count_block_masked(block, layout, &mut Masks::default(), kernel, &mut counter);
            assert_eq!(
                (got.lines, got.rows, got.bad_count),
                (want.lines, want.rows, want.bad_count),
                "{kernel:?}"
            );
            assert_eq!(got.bad, want.bad, "{kernel:?}");
            assert_eq!(sorted(&counter.finish()), sorted(&want_table), "{kernel:?}");
        }
    }

    #[test]
    fn keys_pack_losslessly_or_stay_exact_in_the_other_map() {
        let k = |date, a1: &[u8], a2: &[u8], root: &[u8]| key(date, a1, a2, root);
        let packable = [
            k(b"20220224", b"RUS", b"UKR", b"19"),
            k(b"19000101", b"", b"", b""),
            k(b"21541231", b"ZZZ", b"A9", b"0"),
            k(b"202202", b"RUS", b"UKR", b"19"), // not eight digits: date 0
            k(b"20221531", b"USA", b"123", b"20"),
        ];
        for key in packable {
            let p = pack(&key).unwrap_or_else(|| panic!("{key:?} should pack"));
            assert!(p < 1 << 61);
            assert_eq!(unpack(p), key);
        }
        let unpackable = [
            k(b"18991231", b"RUS", b"UKR", b"19"), // before 1900
            k(b"20221632", b"RUS", b"UKR", b"19"), // month 16
            k(b"20220232", b"RUS", b"UKR", b"19"), // day 32
            k(b"20220224", b"rus", b"UKR", b"19"),
            k(b"20220224", b"RUS", b"UK-", b"19"),
            k(b"20220224", b"RUS", b"UKR", b"1a"),
        ];
        let mut table = DyadTable::default();
        for (i, key) in packable.iter().chain(&unpackable).enumerate() {
            if i >= packable.len() {
                assert_eq!(pack(key), None, "{key:?}");
            }
            table.add(*key, 1 + i as u64);
            table.add(*key, 1);
        }
        assert_eq!(table.len(), 11);
        for (i, key) in packable.iter().chain(&unpackable).enumerate() {
            assert_eq!(table.get(key), Some(2 + i as u64), "{key:?}");
        }
        let map = table.clone().into_map();
        assert_eq!(map.len(), 11);
        assert_eq!(sorted(&table).len(), 11);
    }

    #[test]
    fn a_1_0_file_keeps_its_layout_and_a_bad_first_row_is_reported() {
        let r57: Vec<String> = (0..5)
            .map(|i| row(i).split('\t').take(57).collect::<Vec<_>>().join("\t"))
            .collect();
        let text = format!("\n{}\n{}\n{}", r57[0], row(1), r57[2]);
        let mut blocks = RowReader::new(text.as_bytes(), "old.CSV", GdeltKind::Events);
        let got = count_dyads_threads(&mut blocks, 2).unwrap();
        assert_eq!(got.rows, 2);
        assert_eq!(
            got.errors,
            [
                "old.CSV:3: expected 57 or 58 tab-separated fields, found 61 (truncated or not a GDELT Events file)"
            ]
        );
        let mut blocks = RowReader::new("a\tb\n".as_bytes(), "x", GdeltKind::Events);
        let got = count_dyads_threads(&mut blocks, 1).unwrap();
        assert_eq!((got.rows, got.error_count), (0, 1));
    }

    #[test]
    fn finds_tabs_across_words() {
        let line = b"a\tbb\t\t0123456789\tend";
        let mut tabs = [0usize; 3];
        assert_eq!(find_tabs(line, &mut tabs), (3, 6));
        assert_eq!(tabs, [1, 4, 5]);
        let mut tabs = [0usize; 8];
        assert_eq!(find_tabs(line, &mut tabs), (4, line.len()));
        assert_eq!(tabs[..4], [1, 4, 5, 16]);
    }

    #[test]
    fn a_read_error_keeps_the_lines_before_it() {
        struct Failing(Vec<u8>, bool);
        impl io::Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.1 {
                    return Err(io::Error::other("disk gone"));
                }
                self.1 = true;
                let n = self.0.len().min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                Ok(n)
            }
        }
        let text = format!("{}\n{}\n{}", row(0), row(1), &row(2)[..40]);
        let input = io::BufReader::new(Failing(text.into_bytes(), false));
        let mut blocks = RowReader::new(input, "f.CSV", GdeltKind::Events);
        let err = count_dyads_threads(&mut blocks, 2).unwrap_err();
        assert_eq!(err.to_string(), "f.CSV:3: read error: disk gone");
    }
}
