//! Daily dyad counts over a GDELT events file: the fast path behind `scripts/bench-events`.
//!
//! The file is counted in blocks of whole lines on every core, each worker into its own
//! table, so memory is one block per worker plus the tables, whatever the file size. A file on
//! disk ([`count_dyads_file`]) is cut into 256 KiB blocks that the workers read by position,
//! in parallel; a stream ([`count_dyads`]: `.gz`, `.zip`, a URL) is cut into 1 MiB blocks
//! after their last newline, each taken in turn under a lock (the partial line is carried into
//! the next block). Only the tabs and newlines are located: no per-row allocation, no UTF-8
//! validation. With AVX2 or AVX-512 a block first becomes tab and newline bit masks and tab
//! ranks (`tabmask`); a line's field count is then a difference of ranks and its key fields
//! are found by selecting tabs by rank (`pdep`). Elsewhere lines are split with `memchr` and
//! scanned eight bytes at a time. Every line still has its tabs counted, so a truncated row is
//! reported with its file and line, exactly as [`RowReader::next_row`] reports it; block
//! reports are merged in file order to turn block-relative line numbers into file lines.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::io::{self, BufRead};
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxBuildHasher;

use crate::gdelt::{GdeltError, GdeltKind, RowReader};
use crate::tabmask::{FastPdep, Kernel, Masks, RANK_WINDOW, SimdWork, select_bit};

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
        d => pack_date(
            u64::from(d / 10_000),
            u64::from(d / 100 % 100),
            u64::from(d % 100),
        )?,
    };
    let [a, b, c] = key.actor1;
    let [d, e, f] = key.actor2;
    pack_codes(date, [a, b, c, d, e, f], key.root)
}

/// [`pack`] of the key of these field bytes, without building the key: an eight-digit date is
/// checked and parsed eight bytes at a time. `None` where [`pack`] would give `None`, and for
/// dates that are not eight digits (then the caller builds the key, whose date is 0).
#[inline(always)]
fn pack_fields(date: &[u8], actor1: &[u8], actor2: &[u8], root: &[u8]) -> Option<u64> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    let digits = u64::from_le_bytes(date.try_into().ok()?);
    let high = digits & (0xf0 * LOW);
    if high != 0x30 * LOW || (digits + 0x06 * LOW) & (0xf0 * LOW) != 0x30 * LOW {
        return None;
    }
    // Byte i is digit i; then byte 2i holds the two-digit number of digits 2i and 2i + 1.
    let values = digits - 0x30 * LOW;
    let pairs = (values * 10 + (values >> 8)) & 0x00ff_00ff_00ff_00ff;
    let year = (pairs & 0xff) * 100 + (pairs >> 16 & 0xff);
    let date = pack_date(year, pairs >> 32 & 0xff, pairs >> 48 & 0xff)?;
    let byte = |field: &[u8], i: usize| field.get(i).copied().unwrap_or(0);
    let actors = [
        byte(actor1, 0),
        byte(actor1, 1),
        byte(actor1, 2),
        byte(actor2, 0),
        byte(actor2, 1),
        byte(actor2, 2),
    ];
    pack_codes(date, actors, [byte(root, 0), byte(root, 1)])
}

/// A date's 17 bits: years 1900–2154, months and days as they are (up to 15 and 31).
#[inline(always)]
fn pack_date(year: u64, month: u64, day: u64) -> Option<u64> {
    if !(1900..2155).contains(&year) || month > 15 || day > 31 {
        return None;
    }
    Some((year - 1899) << 9 | month << 5 | day)
}

/// The packed date followed by the six actor bytes (six bits each) and the two root bytes
/// (four bits each), or `None` when a byte is outside their alphabets.
#[inline(always)]
fn pack_codes(date: u64, actors: [u8; 6], root: [u8; 2]) -> Option<u64> {
    let actors = actors.map(|x| ACTOR_CODE[usize::from(x)]);
    let root = root.map(|x| ROOT_CODE[usize::from(x)]);
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
            Some(p) => self.push_packed(p),
            None => self.table.add(key, 1),
        }
    }

    /// Counts the row whose key fields are these, packing straight from the bytes (the
    /// common case); any other key goes through [`DyadKey`].
    #[inline(always)]
    fn push_fields(&mut self, date: &[u8], actor1: &[u8], actor2: &[u8], root: &[u8]) {
        match pack_fields(date, actor1, actor2, root) {
            Some(p) => self.push_packed(p),
            None => self.push(key(date, actor1, actor2, root)),
        }
    }

    #[inline(always)]
    fn push_packed(&mut self, p: u64) {
        self.pending[part_of(p)].push(p);
        self.pending_len += 1;
        if self.pending_len >= PENDING {
            self.flush();
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
    let merge = Mutex::new(Merge::new(&reader.origin, reader.kind, reader.line));
    let tables = count_blocks(&feed, &merge, threads);
    let feed = feed.into_inner().unwrap_or_else(|e| e.into_inner());
    let merge = merge.into_inner().unwrap_or_else(|e| e.into_inner());
    reader.layout = feed.layout;
    reader.line = merge.first_line + merge.lines;
    if let Some(source) = feed.error {
        return Err(GdeltError::Io {
            origin: reader.origin.clone(),
            line: reader.line + 1,
            source,
        });
    }
    Ok(merge.finish(tables))
}

/// [`count_dyads_threads`] over an uncompressed events file on disk, `origin` naming it in
/// errors. The workers read their blocks by position (`pread`), in parallel and with no lock
/// around the copy, instead of taking turns at one stream: on two cores the copy out of the
/// page cache is a third of the work.
pub fn count_dyads_file(
    file: &File,
    origin: &str,
    threads: usize,
) -> Result<DyadCounts, GdeltError> {
    let io_error = |line, source| GdeltError::Io {
        origin: origin.to_string(),
        line,
        source,
    };
    let metadata = file.metadata().map_err(|e| io_error(1, e))?;
    if !metadata.is_file() {
        // A pipe or a device has no length to cut into blocks: stream it.
        let input = io::BufReader::with_capacity(MIN_READ, file);
        let mut rows = RowReader::new(input, origin, GdeltKind::Events);
        return count_dyads_threads(&mut rows, threads);
    }
    let len = metadata.len();
    let layout = first_line_layout(file, len, GdeltKind::Events).map_err(|e| io_error(1, e))?;
    let blocks = FileBlocks {
        file,
        len,
        layout,
        next: AtomicU64::new(0),
        failed: Mutex::new(None),
    };
    let merge = Mutex::new(Merge::new(origin, GdeltKind::Events, 0));
    let tables = count_blocks(&blocks, &merge, threads);
    let merge = merge.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some((_, source)) = blocks
        .failed
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
    {
        // Every block before the failed one was handed out first and counted, so the merged
        // lines end just before it.
        return Err(io_error(merge.first_line + merge.lines + 1, source));
    }
    Ok(merge.finish(tables))
}

/// Hands out blocks of whole lines, numbered in file order.
trait BlockSource: Sync {
    /// Reads the next block into `buf`: its number, where its lines are in `buf` (they end
    /// with `\n`) and the layout rows must have; `None` at the end or after a read error.
    fn next_block(&self, buf: &mut Vec<u8>) -> Option<(u64, Range<usize>, &'static [usize])>;
}

/// Counts every block of `source` on `threads` threads, each into its own table.
fn count_blocks(source: &impl BlockSource, merge: &Mutex<Merge>, threads: usize) -> Vec<DyadTable> {
    let kernel = Kernel::detect();
    let pdep = FastPdep::detect();
    let work = || {
        let mut buf = vec![0u8; BLOCK];
        #[cfg(target_arch = "x86_64")]
        let mut masks = Masks::default();
        let mut counter = Counter::new();
        while let Some((block, lines, layout)) = source.next_block(&mut buf) {
            let bytes = &buf[lines];
            let report = match kernel {
                // Without AVX2 the byte scan is the measured path; the portable masks exist
                // as the tests' reference.
                Kernel::Portable => count_block(bytes, layout, &mut counter),
                #[cfg(target_arch = "x86_64")]
                Kernel::Avx512 | Kernel::Avx2 => crate::tabmask::with_avx2(MaskedBlock {
                    block: bytes,
                    layout,
                    masks: &mut masks,
                    kernel,
                    pdep,
                    counter: &mut counter,
                }),
            };
            merge
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .add(block, report);
        }
        counter.finish()
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads.max(1)).map(|_| s.spawn(work)).collect();
        let mut tables = vec![work()];
        tables.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("dyad counter panicked")),
        );
        tables
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

impl<R: BufRead + Send> BlockSource for Mutex<Feed<'_, R>> {
    fn next_block(&self, buf: &mut Vec<u8>) -> Option<(u64, Range<usize>, &'static [usize])> {
        let mut feed = self.lock().unwrap_or_else(|e| e.into_inner());
        feed.fill(buf)
            .map(|(block, len, layout)| (block, 0..len, layout))
    }
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
            None => match layout_of_first_line(&buf[..len], self.kind) {
                Some(l) => {
                    self.layout = Some(l);
                    l
                }
                // Only empty lines so far: nothing in this block is checked.
                None => self.kind.layouts()[0],
            },
        };
        let block = self.next_block;
        self.next_block += 1;
        Some((block, len, layout))
    }
}

/// The layout of the first non-empty line among `lines`, `None` if every line is empty.
fn layout_of_first_line(lines: &[u8], kind: GdeltKind) -> Option<&'static [usize]> {
    let first = lines
        .split(|&b| b == b'\n')
        .map(trim_line_end)
        .find(|l| !l.is_empty())?;
    Some(kind.layout_for(memchr::memchr_iter(b'\t', first).count() + 1))
}

/// The layout of a file's first non-empty line, read from its start a block at a time;
/// `kind`'s first layout if there is no such line (then no row is checked against it). Only
/// the line being read is kept, so leading empty lines cost neither memory nor rescans.
fn first_line_layout(file: &File, len: u64, kind: GdeltKind) -> io::Result<&'static [usize]> {
    let mut line = Vec::new();
    let mut chunk = vec![0u8; BLOCK];
    let mut at = 0u64;
    while at < len {
        let n = (len - at).min(BLOCK as u64) as usize;
        read_exact_at(file, &mut chunk[..n], at)?;
        at += n as u64;
        for piece in chunk[..n].split_inclusive(|&b| b == b'\n') {
            line.extend_from_slice(piece);
            if line.last() != Some(&b'\n') {
                break; // the line goes on in the next chunk
            }
            if let Some(layout) = layout_of_first_line(&line, kind) {
                return Ok(layout);
            }
            line.clear();
        }
    }
    Ok(layout_of_first_line(&line, kind).unwrap_or(kind.layouts()[0]))
}

/// Fills `buf` from the file's byte `offset` on, without moving a shared file position.
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            match std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                offset + done as u64,
            ) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// The blocks of a file on disk, read by position: block `k` holds the lines that start in
/// bytes `[k * FILE_BLOCK, (k + 1) * FILE_BLOCK)`, read from the byte before (is it a newline?) to the
/// newline that ends its last line.
struct FileBlocks<'a> {
    file: &'a File,
    len: u64,
    layout: &'static [usize],
    next: AtomicU64,
    /// The first block whose read failed, and why.
    failed: Mutex<Option<(u64, io::Error)>>,
}

/// Block size of [`count_dyads_file`]: a quarter of [`BLOCK`], so that the copy out of the
/// page cache lands in, and is counted from, the core's L2 cache (256 KiB blocks were ~9%
/// faster than 1 MiB ones on the bench file with two threads).
const FILE_BLOCK: u64 = 256 * 1024;
/// Bytes read past a block's end for its last line, more only for a longer line.
const TAIL: u64 = 16 * 1024;

impl BlockSource for FileBlocks<'_> {
    fn next_block(&self, buf: &mut Vec<u8>) -> Option<(u64, Range<usize>, &'static [usize])> {
        if self
            .failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            return None;
        }
        let block = self.next.fetch_add(1, Ordering::Relaxed);
        let begin = block.checked_mul(FILE_BLOCK).filter(|&b| b < self.len)?;
        match self.read(begin, buf) {
            Ok(lines) => Some((block, lines, self.layout)),
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                if failed.as_ref().is_none_or(|(b, _)| block < *b) {
                    *failed = Some((block, e));
                }
                None
            }
        }
    }
}

impl FileBlocks<'_> {
    /// Reads the block starting at byte `begin` into `buf`; returns where its lines are.
    fn read(&self, begin: u64, buf: &mut Vec<u8>) -> io::Result<Range<usize>> {
        let from = begin.saturating_sub(1);
        let limit = (begin + FILE_BLOCK).min(self.len);
        let mut want = (limit + TAIL).min(self.len) - from;
        loop {
            buf.resize(want as usize, 0);
            read_exact_at(self.file, buf, from)?;
            // Where byte `limit - 1` is in `buf`: the line holding it is this block's last.
            let last = (limit - 1 - from) as usize;
            let start = if begin == 0 {
                0
            } else {
                // A newline at `limit - 1` starts a line in the next block, not this one.
                match memchr::memchr(b'\n', &buf[..last]) {
                    Some(p) => p + 1,
                    None => return Ok(0..0),
                }
            };
            if limit == self.len {
                if buf.last() != Some(&b'\n') {
                    buf.push(b'\n');
                }
                return Ok(start..buf.len());
            }
            match memchr::memchr(b'\n', &buf[last..]) {
                Some(q) => return Ok(start..last + q + 1),
                None if from + want == self.len => {
                    buf.push(b'\n');
                    return Ok(start..buf.len());
                }
                None => want = (want * 2).min(self.len - from),
            }
        }
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
/// The tabs around the key fields, by their index in the line: field `i` lies between tab
/// `i - 1` and tab `i`.
const KEY_TABS: [u32; 8] = [0, 1, 6, 7, 16, 17, 27, 28];

/// [`count_block`] on tab and newline bit masks and tab ranks: a line's tab count is the
/// difference of the ranks at its ends (two `popcount`s), and the eight tabs around the key
/// fields are selected by rank, so no byte and no tab is looked at one at a time. Same rows,
/// keys and report as [`count_block`]. Only the SIMD kernels call it outside tests, hence the
/// `allow` on other targets.
#[inline(always)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn count_block_masked(
    block: &[u8],
    layout: &'static [usize],
    masks: &mut Masks,
    kernel: Kernel,
    pdep: Option<FastPdep>,
    counter: &mut Counter,
) -> BlockReport {
    masks.fill(block, kernel);
    let mut report = BlockReport::new(layout);
    let (tabs, ranks) = (&masks.tabs[..], &masks.ranks[..]);
    let mut start = 0usize;
    let mut start_rank = 0i32;
    for (word_index, (&newline_word, &tab_word)) in masks.newlines.iter().zip(tabs).enumerate() {
        let mut newline_bits = newline_word;
        while newline_bits != 0 {
            let bit = newline_bits.trailing_zeros();
            newline_bits &= newline_bits - 1;
            let end = word_index * 64 + bit as usize;
            let end_rank = ranks[word_index] + (tab_word & ((1u64 << bit) - 1)).count_ones() as i32;
            report.lines += 1;
            let (line_start, first_rank) = (start, start_rank);
            (start, start_rank) = (end + 1, end_rank);
            let seen = (end_rank - first_rank) as usize;
            if seen == 0 && trim_line_end(&block[line_start..end]).is_empty() {
                continue;
            }
            let fields = seen + 1;
            if !layout.contains(&fields) || seen < KEY_TAB_COUNT {
                report.reject(fields);
                continue;
            }
            let at = key_tabs_by_rank(tabs, ranks, line_start / 64, first_rank, pdep)
                .unwrap_or_else(|| key_tabs_by_scan(tabs, line_start, end));
            let field = |i: usize| &block[at[i] + 1..at[i + 1]];
            counter.push_fields(field(0), field(2), field(4), field(6));
            report.rows += 1;
        }
    }
    report
}

/// [`count_block_masked`]'s arguments, to run it compiled for the SIMD kernels' features.
struct MaskedBlock<'a> {
    block: &'a [u8],
    layout: &'static [usize],
    masks: &'a mut Masks,
    kernel: Kernel,
    pdep: Option<FastPdep>,
    counter: &'a mut Counter,
}

impl SimdWork for MaskedBlock<'_> {
    type Output = BlockReport;

    #[inline(always)]
    fn run(self) -> BlockReport {
        count_block_masked(
            self.block,
            self.layout,
            self.masks,
            self.kernel,
            self.pdep,
            self.counter,
        )
    }
}

/// Where the [`KEY_TABS`] of a line are, found by rank: tab `k` of a line whose first tab has
/// rank `first_rank` is the block's tab of rank `first_rank + k`; its word is the last one
/// whose rank is at most that (a branch-free count over the next [`RANK_WINDOW`] words), and
/// its bit is selected within the word. `None` when the last key tab lies beyond that window.
#[inline(always)]
fn key_tabs_by_rank(
    tabs: &[u64],
    ranks: &[i32],
    first_word: usize,
    first_rank: i32,
    pdep: Option<FastPdep>,
) -> Option<[usize; 8]> {
    let window: &[i32; RANK_WINDOW] = ranks[first_word + 1..][..RANK_WINDOW].try_into().ok()?;
    let word_of = |rank: i32| {
        first_word
            + window
                .iter()
                .map(|&r| usize::from(r <= rank))
                .sum::<usize>()
    };
    let last = first_rank + KEY_TABS[7] as i32;
    if word_of(last) == first_word + RANK_WINDOW {
        return None;
    }
    let mut at = [0usize; 8];
    for (slot, k) in at.iter_mut().zip(KEY_TABS) {
        let rank = first_rank + k as i32;
        let w = word_of(rank);
        *slot = w * 64 + select_bit(tabs[w], (rank - ranks[w]) as u32, pdep) as usize;
    }
    Some(at)
}

/// [`key_tabs_by_rank`] for any line: the line's tabs are walked a bit at a time until the
/// last key tab.
fn key_tabs_by_scan(tabs: &[u64], line_start: usize, end: usize) -> [usize; 8] {
    let mut at = [0usize; 8];
    let mut k = 0u32;
    let mut next = 0;
    for (w, &word) in tabs
        .iter()
        .enumerate()
        .take(end / 64 + 1)
        .skip(line_start / 64)
    {
        let mut bits = word;
        if w == line_start / 64 {
            bits &= u64::MAX << (line_start % 64);
        }
        while bits != 0 {
            if k == KEY_TABS[next] {
                at[next] = w * 64 + bits.trailing_zeros() as usize;
                next += 1;
                if next == KEY_TABS.len() {
                    return at;
                }
            }
            k += 1;
            bits &= bits - 1;
        }
    }
    at
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

impl<'a> Merge<'a> {
    fn new(origin: &'a str, kind: GdeltKind, first_line: u64) -> Merge<'a> {
        Merge {
            origin,
            kind,
            first_line,
            next_block: 0,
            pending: BTreeMap::new(),
            lines: 0,
            rows: 0,
            errors: Vec::new(),
            error_count: 0,
        }
    }

    /// The counts of every worker's table, with the merged rows and errors.
    fn finish(self, mut tables: Vec<DyadTable>) -> DyadCounts {
        tables.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let mut counts = tables.swap_remove(0);
        for table in tables {
            counts.merge(table);
        }
        DyadCounts {
            counts,
            rows: self.rows,
            errors: self.errors,
            error_count: self.error_count,
        }
    }

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
    fn positional_blocks_match_the_row_reader() {
        let text = text();
        let mut rows = RowReader::new(text.as_bytes(), "big.CSV", GdeltKind::Events);
        let expected = count_dyads_rows(&mut rows).unwrap();
        let dir = tempfile::tempdir().unwrap();
        // As it is; ending with a newline; starting with empty lines; a line break exactly at
        // a block boundary; one row only; nothing; GDELT 1.0 rows (57 fields, so the layout
        // comes from the first row) after more than a read's worth of empty lines.
        let mut at_boundary = "\n".repeat(FILE_BLOCK as usize - row(0).len() - 1);
        at_boundary.push_str(&format!("{}\n{}\n", row(0), row(1)));
        let r57 = |i| row(i).split('\t').take(57).collect::<Vec<_>>().join("\t");
        let late_1_0 = format!("{}{}\n{}\n{}", "\r\n".repeat(BLOCK), r57(0), row(1), r57(2));
        let cases = [
            (text.clone(), expected.rows, expected.error_count),
            (format!("{text}\n"), expected.rows, expected.error_count),
            (format!("\n\r\n{text}"), expected.rows, expected.error_count),
            (at_boundary, 2, 0),
            (row(3), 1, 0),
            (String::new(), 0, 0),
            (late_1_0, 2, 1),
        ];
        for (i, (content, rows_want, errors_want)) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.CSV"));
            std::fs::write(&path, &content).unwrap();
            let mut reader = RowReader::new(content.as_bytes(), "f.CSV", GdeltKind::Events);
            let want = count_dyads_rows(&mut reader).unwrap();
            assert_eq!(
                (want.rows, want.error_count),
                (rows_want, errors_want),
                "case {i}"
            );
            for threads in [1, 2, 3] {
                let file = File::open(&path).unwrap();
                let got = count_dyads_file(&file, "f.CSV", threads).unwrap();
                assert_eq!(got.rows, want.rows, "case {i}, {threads} threads");
                assert_eq!(got.errors, want.errors, "case {i}, {threads} threads");
                assert_eq!(got.error_count, want.error_count, "case {i}");
                assert_eq!(sorted(&got.counts), sorted(&want.counts), "case {i}");
            }
        }
    }

    /// A pipe has no length: it is streamed, not cut into blocks by position.
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_streamed() {
        let text = format!("{}\n{}\n{}", row(0), row(1), &row(2)[..40]);
        let (reader, mut writer) = io::pipe().unwrap();
        let feeder = std::thread::spawn({
            let text = text.clone();
            move || io::Write::write_all(&mut writer, text.as_bytes())
        });
        let file = File::from(std::os::fd::OwnedFd::from(reader));
        let got = count_dyads_file(&file, "pipe", 2).unwrap();
        feeder.join().unwrap().unwrap();
        assert_eq!((got.rows, got.error_count), (2, 1));
        assert!(got.errors[0].starts_with("pipe:3: "), "{:?}", got.errors);
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
        // Long names before the key fields: the last key tab lies past the rank window.
        for n in 0..12 {
            let mut fields: Vec<String> = row(n).split('\t').map(String::from).collect();
            fields[6 + n % 3 * 10] = "N".repeat(60 * n);
            block.push_str(&fields.join("\t"));
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
        let pdep = [None, FastPdep::detect()];
        for kernel in Kernel::all_here() {
            for pdep in pdep {
                let mut counter = Counter::new();
                let got = count_block_masked(
                    block,
                    layout,
                    &mut Masks::default(),
                    kernel,
                    pdep,
                    &mut counter,
                );
                assert_eq!(
                    (got.lines, got.rows, got.bad_count),
                    (want.lines, want.rows, want.bad_count),
                    "{kernel:?}"
                );
                assert_eq!(got.bad, want.bad, "{kernel:?}");
                assert_eq!(sorted(&counter.finish()), sorted(&want_table), "{kernel:?}");
            }
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
    fn packing_from_the_bytes_agrees_with_packing_the_key() {
        let dates: [&[u8]; 9] = [
            b"20220224",
            b"19000101",
            b"21541231",
            b"18991231",
            b"20221632",
            b"2022022",
            b"20220:24",
            b"2022-224",
            b"",
        ];
        let actors: [&[u8]; 5] = [b"RUS", b"", b"A9", b"rus", b"UKRAINE"];
        let roots: [&[u8]; 4] = [b"19", b"0", b"1a", b"190"];
        for date in dates {
            for a1 in actors {
                for a2 in actors {
                    for root in roots {
                        let want = pack(&key(date, a1, a2, root));
                        let got = pack_fields(date, a1, a2, root);
                        // `pack_fields` leaves dates that are not eight digits to the key path.
                        if date.len() == 8 && date.iter().all(u8::is_ascii_digit) {
                            assert_eq!(got, want, "{date:?} {a1:?} {a2:?} {root:?}");
                        } else {
                            assert_eq!(got, None, "{date:?}");
                        }
                    }
                }
            }
        }
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
