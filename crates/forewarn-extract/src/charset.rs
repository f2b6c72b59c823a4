//! Bytes to text for HTML pages: byte-order mark, declared charset, or a guess.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes an HTML page. Returns the text and, when it was not plain UTF-8, the name of the
/// encoding used (for a diagnostic).
///
/// Order: a byte-order mark wins; then bytes that are valid UTF-8 *and* contain non-ASCII
/// text are read as UTF-8 even if the page declares otherwise, because servers and templates
/// often keep a stale `charset=iso-8859-1` on UTF-8 pages, while real Latin-1 text almost never
/// happens to be valid UTF-8; then the charset in `<meta charset>` or `<meta http-equiv>` in
/// the first 4 KiB; then UTF-8 if valid; then windows-1252, the web's usual legacy encoding.
pub(crate) fn decode_html(bytes: &[u8]) -> (Cow<'_, str>, Option<&'static str>) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let name = (encoding != UTF_8).then_some(encoding.name());
        return (text, name);
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    if let Some(text) = utf8
        && !text.is_ascii()
    {
        return (Cow::Borrowed(text), None);
    }
    let declared = sniff_charset(&bytes[..bytes.len().min(4096)])
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        // A page cannot really be UTF-16 once it got this far without a BOM; browsers read
        // that label (and "replacement") as UTF-8, which is what `output_encoding` gives.
        .map(Encoding::output_encoding);
    match (declared, utf8) {
        (Some(e), _) if e != UTF_8 => {
            let (text, _) = e.decode_without_bom_handling(bytes);
            (text, Some(e.name()))
        }
        (_, Some(text)) => (Cow::Borrowed(text), None),
        (Some(_), None) => (
            String::from_utf8_lossy(bytes),
            Some("UTF-8 (with invalid bytes)"),
        ),
        (None, None) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, Some("windows-1252 (guessed)"))
        }
    }
}

/// The label after `charset=` in the page head, as in `<meta charset="x">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
fn sniff_charset(head: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find_ci(&head[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while i < head.len() && head[i].is_ascii_whitespace() {
            i += 1;
        }
        if head.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < head.len() && matches!(head[i], b'"' | b'\'' | b' ') {
            i += 1;
        }
        let label: String = head[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .map(|&b| char::from(b.to_ascii_lowercase()))
            .collect();
        if !label.is_empty() {
            return Some(label);
        }
    }
    None
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_latin1() {
        let page = b"<html><head><meta charset=\"ISO-8859-1\"></head><body>Caf\xe9</body></html>";
        let (text, enc) = decode_html(page);
        assert!(text.contains("Café"));
        assert_eq!(enc, Some("windows-1252"));
    }

    #[test]
    fn http_equiv_koi8() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><p>\xf7\xcf\xca\xce\xc1</p>";
        let (text, enc) = decode_html(page);
        assert!(text.contains("Война"), "{text}");
        assert_eq!(enc, Some("KOI8-R"));
    }

    #[test]
    fn utf8_wins_over_a_stale_declaration() {
        let page = "<meta charset=iso-8859-1><p>Café</p>".as_bytes();
        let (text, enc) = decode_html(page);
        assert!(text.contains("Café"));
        assert_eq!(enc, None);
    }

    #[test]
    fn undeclared_legacy_bytes_and_boms() {
        let (text, enc) = decode_html(b"<p>na\xefve</p>");
        assert!(text.contains("naïve"));
        assert!(enc.is_some());
        let (text, _) = decode_html(b"\xEF\xBB\xBF<p>x</p>");
        assert_eq!(text, "<p>x</p>");
        let (text, enc) = decode_html(b"\xFF\xFE<\x00p\x00>\x00");
        assert_eq!(text, "<p>");
        assert_eq!(enc, Some("UTF-16LE"));
        let _ = decode_html(b"");
        let _ = decode_html(b"charset=");
        let _ = decode_html(b"charset = \"");
    }
}
