use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::MultiGzDecoder;

use forewarn_model::Diagnostic;

use crate::limits::{Counting, Expansion, ExpansionError};

/// Largest decompressed size we accept; a gzip bomb must not take the machine down.
const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

/// `raw` decompressed as it is read, stopped past 256 MiB or a bomb's ratio (see
/// [`crate::limits`]), so nothing is held beyond one buffer.
pub(crate) fn gunzip<'a>(raw: Box<dyn BufRead + 'a>) -> Box<dyn BufRead + 'a> {
    let (counted, compressed) = Counting::new(raw);
    Box::new(BufReader::with_capacity(
        64 * 1024,
        Expansion::new(MultiGzDecoder::new(counted), compressed, MAX_DECOMPRESSED),
    ))
}

/// What a read error means to the user: a decompression limit says so; anything else inside a
/// `.gz` is a broken gzip file.
pub(crate) fn describe_read_error(err: &io::Error, gz: bool) -> String {
    match err
        .get_ref()
        .and_then(|e| e.downcast_ref::<ExpansionError>())
    {
        Some(limit) => limit.to_string(),
        None if gz => format!("not a valid gzip file: {err}"),
        None => format!("cannot read file: {err}"),
    }
}

/// `None` when the input holds nothing but whitespace; otherwise the input as it was, except
/// that leading whitespace other than line breaks is dropped (it means nothing in JSONL or
/// CSV), so line numbers are kept without holding the whitespace.
pub(crate) fn skip_if_blank<'a>(
    mut reader: Box<dyn BufRead + 'a>,
) -> io::Result<Option<Box<dyn BufRead + 'a>>> {
    let mut newlines = 0u64;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(None);
        }
        let blank = chunk.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let more = blank == chunk.len();
        newlines += chunk[..blank].iter().filter(|&&b| b == b'\n').count() as u64;
        reader.consume(blank);
        if !more {
            break;
        }
    }
    let replay = BufReader::new(io::repeat(b'\n').take(newlines));
    Ok(Some(Box::new(replay.chain(reader))))
}

/// Strict UTF-8 with the BOM removed. The error names the line and column of the first bad byte,
/// because "invalid UTF-8" alone leaves the user hunting through the file.
pub(crate) fn utf8<'a>(label: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalise_newlines(text)),
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column =
                good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            let bad = bytes[err.valid_up_to()];
            Err(Diagnostic::error(
                format!("{label}:{line}:{column}"),
                format!(
                    "invalid UTF-8 (byte 0x{bad:02x}); the file was skipped. Convert it to UTF-8, e.g. `iconv -f WINDOWS-1251 -t UTF-8`"
                ),
            ))
        }
    }
}

/// HTML declares its own charset; honour it (many Belarusian and Russian sites still serve
/// windows-1251), falling back to UTF-8 and then to windows-1252, which never fails.
pub(crate) fn html(bytes: &[u8]) -> (String, Option<&'static str>) {
    let head = &bytes[..bytes.len().min(4096)];
    let declared =
        sniff_charset(head).and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    if let Some(encoding) = declared.filter(|e| *e != encoding_rs::UTF_8) {
        let (text, _, _) = encoding.decode(bytes);
        return (text.into_owned(), Some(encoding.name()));
    }
    match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(text) => (text.to_string(), None),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (
                text.into_owned(),
                Some("windows-1252 (guessed: not valid UTF-8 and no charset declared)"),
            )
        }
    }
}

fn sniff_charset(head: &[u8]) -> Option<String> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = lower[at..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        .collect();
    (!label.is_empty()).then_some(label)
}

fn normalise_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}
