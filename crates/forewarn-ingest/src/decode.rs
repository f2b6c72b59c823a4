use std::borrow::Cow;
use std::io::Read;

use forewarn_model::Diagnostic;

/// Largest decompressed size we accept; a gzip bomb must not take the machine down.
const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

pub(crate) fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut out)?;
    if out.len() as u64 > MAX_DECOMPRESSED {
        return Err(std::io::Error::other("decompressed size exceeds 256 MiB"));
    }
    Ok(out)
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
