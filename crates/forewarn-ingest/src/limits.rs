//! Size limits for hostile input, enforced while streaming so memory stays small whatever the
//! file: decompressed size and ratio ([`Expansion`]), line length ([`read_line_capped`]) and
//! CSV record size ([`CsvRecords`]). `forewarn-events` uses the same pieces for its readers.

use std::io::{self, BufRead, Read};

/// A JSONL line, a CSV record (all its fields) or a GDELT row longer than this is skipped (read
/// through, never held whole) and reported with its file and line; the rest of the file is read.
/// Real rows are a few KiB, the longest GKG rows a few hundred.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// A `.txt`, `.md` or `.html` file (after decompression) larger than this is refused: a
/// document, unlike a list of rows, must be held whole to be extracted.
pub const MAX_DOCUMENT: u64 = 32 * 1024 * 1024;

/// Decompressed bytes beyond which the ratio check applies; below it any ratio is fine (a
/// small file of repeated text compresses very well and is harmless).
pub const RATIO_FLOOR: u64 = 8 * 1024 * 1024;

/// Largest accepted expanded:compressed ratio past [`RATIO_FLOOR`]. Text and CSV compress 3 to
/// 15 times with gzip or deflate; a decompression bomb compresses about a thousand times.
pub const MAX_RATIO: u64 = 100;

/// Counts the bytes a decoder takes from the compressed stream.
pub struct Counting<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R> Counting<R> {
    pub fn new(inner: R) -> (Counting<R>, CompressedBytes) {
        let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        (
            Counting {
                inner,
                count: count.clone(),
            },
            CompressedBytes(count),
        )
    }
}

/// The handle through which an [`Expansion`] reads how much of the compressed input its
/// decoder has consumed.
#[derive(Clone)]
pub struct CompressedBytes(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl CompressedBytes {
    fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.count
            .fetch_add(amt as u64, std::sync::atomic::Ordering::Relaxed);
        self.inner.consume(amt);
    }
}

/// The error an [`Expansion`] stops with; `io::Error::other` carries it, so callers that
/// only see `io::Error` still print the reason, and callers that care can downcast.
#[derive(Debug, thiserror::Error)]
pub enum ExpansionError {
    #[error("decompressed size exceeds {} MiB (the limit); the file was skipped", limit / (1024 * 1024))]
    TooLarge { limit: u64 },
    #[error(
        "decompresses more than {MAX_RATIO} times its compressed size ({expanded} bytes from {compressed}): refused as a decompression bomb"
    )]
    Ratio { expanded: u64, compressed: u64 },
}

/// Wraps a decoder and stops it, with an [`ExpansionError`], once its output passes `limit`
/// bytes or [`MAX_RATIO`] times the compressed bytes it has read (past [`RATIO_FLOOR`]). The
/// check runs on every read, so nothing past the limit is ever buffered.
pub struct Expansion<R> {
    inner: R,
    compressed: CompressedBytes,
    expanded: u64,
    limit: u64,
}

impl<R: Read> Expansion<R> {
    /// `compressed` is the handle of the [`Counting`] reader under `inner`'s decoder.
    pub fn new(inner: R, compressed: CompressedBytes, limit: u64) -> Expansion<R> {
        Expansion {
            inner,
            compressed,
            expanded: 0,
            limit,
        }
    }
}

impl<R: Read> Read for Expansion<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // Never hand out more than the limit allows, so the check is exact.
        let room = self.limit.saturating_add(1).saturating_sub(self.expanded);
        let want = buf
            .len()
            .min(usize::try_from(room).unwrap_or(usize::MAX))
            .max(1);
        let n = self.inner.read(&mut buf[..want])?;
        self.expanded += n as u64;
        if self.expanded > self.limit {
            return Err(io::Error::other(ExpansionError::TooLarge {
                limit: self.limit,
            }));
        }
        let compressed = self.compressed.get().max(1);
        if self.expanded > RATIO_FLOOR && self.expanded > compressed.saturating_mul(MAX_RATIO) {
            return Err(io::Error::other(ExpansionError::Ratio {
                expanded: self.expanded,
                compressed,
            }));
        }
        Ok(n)
    }
}

/// What [`read_line_capped`] read.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The end of the input: nothing was read.
    Eof,
    /// A line (in the buffer, with its `\n` when it had one).
    Read,
    /// A line of this many bytes (without its `\n`), longer than the cap: it was consumed
    /// but not kept, and the buffer is empty.
    TooLong(u64),
}

/// `read_until(b'\n')` that holds at most `cap` bytes: a longer line is read through to its
/// end and dropped, so a 200 MB line costs no more memory than a short one.
pub fn read_line_capped<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut skipped: Option<u64> = None;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(match skipped {
                Some(n) => Line::TooLong(n),
                None if buf.is_empty() => Line::Eof,
                None => Line::Read,
            });
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        match skipped.as_mut() {
            Some(n) => *n += (take - usize::from(done)) as u64,
            None if buf.len() + take - usize::from(done) > cap => {
                skipped = Some((buf.len() + take - usize::from(done)) as u64);
                buf.clear();
                buf.shrink_to(64 * 1024);
            }
            None => buf.extend_from_slice(&chunk[..take]),
        }
        reader.consume(take);
        if done {
            return Ok(match skipped {
                Some(n) => Line::TooLong(n),
                None => Line::Read,
            });
        }
    }
}

/// What [`CsvRecords::next_record`] read.
#[derive(Debug, PartialEq, Eq)]
pub enum CsvRecord {
    /// The end of the input.
    End,
    /// A record (in the `ByteRecord`) that starts on this line.
    Read { line: u64 },
    /// A record starting on `line` whose fields came to more than the cap: read through to
    /// its end and dropped; the record is empty.
    TooLong { line: u64, bytes: u64 },
}

/// CSV records (RFC 4180: `,`, `"`, quoted line breaks, ragged rows) with each record's
/// fields held to `cap` bytes in all: a longer record, a single huge line or a quote left open
/// over a million short lines alike, is read through to its end without being held, and the
/// next record is read as usual. The `csv` crate would grow its record without bound.
pub struct CsvRecords<R> {
    inner: R,
    core: csv_core::Reader,
    cap: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Line breaks consumed outside the core (blank lines between records).
    blank_lines: u64,
}

impl<R: BufRead> CsvRecords<R> {
    pub fn new(inner: R, cap: usize) -> CsvRecords<R> {
        CsvRecords {
            inner,
            core: csv_core::Reader::new(),
            cap,
            out: vec![0; 4096],
            ends: vec![0; 64],
            blank_lines: 0,
        }
    }

    /// The line the reader is on (1-based).
    pub fn line(&self) -> u64 {
        self.core.line() + self.blank_lines
    }

    /// The next record into `record` (cleared first).
    pub fn next_record(&mut self, record: &mut csv::ByteRecord) -> io::Result<CsvRecord> {
        record.clear();
        // Blank lines are not records (as in the `csv` crate); skipping them here gives the
        // record's own first line.
        loop {
            let chunk = self.inner.fill_buf()?;
            let blank = chunk
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            if blank == 0 {
                break;
            }
            self.blank_lines += memchr::memchr_iter(b'\n', &chunk[..blank]).count() as u64;
            self.inner.consume(blank);
        }
        let line = self.line();
        let (mut nout_total, mut nends_total) = (0usize, 0usize);
        let mut dropped: Option<u64> = None;
        loop {
            if self.out.len() - nout_total < 1024 {
                if dropped.is_some() || nout_total >= self.cap {
                    *dropped.get_or_insert(0) += nout_total as u64;
                    nout_total = 0;
                    nends_total = 0;
                } else {
                    let grown = (self.out.len() * 2).min(self.cap + 4096);
                    self.out.resize(grown, 0);
                }
            }
            if self.ends.len() == nends_total {
                // Millions of empty fields are as hostile as one huge one.
                if dropped.is_some() || nends_total * 8 >= self.cap {
                    dropped.get_or_insert(0);
                    nends_total = 0;
                } else {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
            }
            let input = self.inner.fill_buf()?;
            let (result, nin, nout, nend) = self.core.read_record(
                input,
                &mut self.out[nout_total..],
                &mut self.ends[nends_total..],
            );
            self.inner.consume(nin);
            nout_total += nout;
            nends_total += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty
                | csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull => {}
                csv_core::ReadRecordResult::Record => {
                    if dropped.is_some() || nout_total > self.cap {
                        let bytes = dropped.unwrap_or(0);
                        return Ok(CsvRecord::TooLong {
                            line,
                            bytes: bytes + nout_total as u64,
                        });
                    }
                    let mut start = 0;
                    for &end in &self.ends[..nends_total] {
                        record.push_field(&self.out[start..end]);
                        start = end;
                    }
                    return Ok(CsvRecord::Read { line });
                }
                csv_core::ReadRecordResult::End => return Ok(CsvRecord::End),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn capped_lines_skip_the_long_one_and_keep_the_rest() {
        let mut input = b"short\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 5000));
        input.extend(b"\nafter\nlast");
        let mut reader = io::BufReader::with_capacity(64, &input[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_line_capped(&mut reader, &mut buf, 100).unwrap() {
                Line::Eof => break,
                Line::Read => got.push(String::from_utf8(buf.clone()).unwrap()),
                Line::TooLong(n) => got.push(format!("<{n}>")),
            }
        }
        assert_eq!(got, ["short\n", "<5000>", "after\n", "last"]);
    }

    fn records(input: &[u8], cap: usize) -> Vec<String> {
        let mut rdr = CsvRecords::new(io::BufReader::with_capacity(16, input), cap);
        let mut record = csv::ByteRecord::new();
        let mut got = Vec::new();
        loop {
            match rdr.next_record(&mut record).unwrap() {
                CsvRecord::End => return got,
                CsvRecord::Read { line } => got.push(format!(
                    "{line}:{}",
                    record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect::<Vec<_>>()
                        .join("|")
                )),
                CsvRecord::TooLong { line, bytes } => got.push(format!("{line}:<{bytes}>")),
            }
        }
    }

    #[test]
    fn csv_records_drop_a_long_record_and_read_on() {
        let mut input = b"a,b\n\n\"multi\nline\",x\n".to_vec();
        input.extend(b"long,");
        input.extend(std::iter::repeat_n(b'q', 5000));
        input.extend(b"\n\"open quote\n");
        input.extend(b"a\n".repeat(3000));
        input.extend(b"\",end\n1,,\n,\n");
        input.extend(b",".repeat(400));
        input.extend(b"\nlast,row");
        assert_eq!(
            records(&input, 1000),
            [
                "1:a|b",
                "3:multi\nline|x",
                "5:<5004>",
                "6:<6014>",
                "3008:1||",
                "3009:|",
                "3010:<0>",
                "3011:last|row",
            ]
        );
    }

    #[test]
    fn expansion_stops_a_bomb_by_ratio_and_lets_real_text_through() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 9 * 1024 * 1024]).unwrap();
        let bomb = gz.finish().unwrap();
        let (counted, handle) = Counting::new(&bomb[..]);
        let mut reader = Expansion::new(flate2::read::GzDecoder::new(counted), handle, u64::MAX);
        let err = io::copy(&mut reader, &mut io::sink()).unwrap_err();
        assert!(err.to_string().contains("decompression bomb"), "{err}");

        // Varied text compresses a few times: never stopped by ratio.
        // 9 MiB of pseudo-random digits and separators: past the floor, compresses ~2:1.
        let mut x = 7u32;
        let text: Vec<u8> = (0..9 * 1024 * 1024)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b"0123456789 ,\n"[(x >> 16) as usize % 13]
            })
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&text).unwrap();
        let packed = gz.finish().unwrap();
        let (counted, handle) = Counting::new(&packed[..]);
        let mut reader = Expansion::new(flate2::read::GzDecoder::new(counted), handle, u64::MAX);
        assert_eq!(
            io::copy(&mut reader, &mut io::sink()).unwrap(),
            text.len() as u64
        );

        let (counted, handle) = Counting::new(&packed[..]);
        let mut reader = Expansion::new(flate2::read::GzDecoder::new(counted), handle, 1000);
        let err = io::copy(&mut reader, &mut io::sink()).unwrap_err();
        assert!(err.to_string().contains("exceeds"), "{err}");
    }
}
