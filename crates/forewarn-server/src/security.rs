//! What keeps a hostile stored page harmless in the browser: every response carries a strict
//! Content-Security-Policy (scripts and styles from our own assets only, no inline code, no
//! plugins, no framing), `nosniff` and a referrer policy; and a stored URL becomes a link only
//! when it is plain `http:` or `https:` (see [`safe_href`]).

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// The dashboard's policy. Inline `<script>`, `on*=` handlers, `style=` attributes and
/// `javascript:` URLs are all blocked by it, so an escaping slip elsewhere still runs nothing.
/// JSON islands (`<script type="application/json">`) are data and are not executed.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The briefing page's policy: no script at all, only its own inline stylesheet (by hash), and
/// framable by our own question page only.
pub fn briefing_csp(html: &str) -> String {
    let mut styles = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<style>") {
        let after = &rest[start + "<style>".len()..];
        let Some(end) = after.find("</style>") else {
            break;
        };
        let digest = Sha256::digest(&after.as_bytes()[..end]);
        styles.push_str(&format!(" 'sha256-{}'", base64(&digest)));
        rest = &after[end..];
    }
    format!(
        "default-src 'none'; script-src 'none'; style-src{}; img-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
        if styles.is_empty() {
            " 'none'"
        } else {
            &styles
        }
    )
}

/// Adds the security headers to every response that has not set its own policy.
pub async fn headers(mut response: Response) -> Response {
    set_headers(response.headers_mut());
    response
}

fn set_headers(headers: &mut HeaderMap) {
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers
        .entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
}

/// `url` if a browser would read it as an absolute `http:` or `https:` URL and nothing else.
/// Whitespace and control characters are refused outright: browsers strip them before reading
/// the scheme, which is how `java\tscript:` slips past a naive prefix check.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (scheme_ok && clean).then_some(url)
}

/// Standard base64 with padding, for CSP hash sources.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_and_https_urls_are_links() {
        for ok in [
            "http://example.org/a?b=c#d",
            "https://example.org",
            "HTTPS://EXAMPLE.ORG/",
        ] {
            assert_eq!(safe_href(ok), Some(ok));
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/x",
            "/relative",
            "http://exa mple.org",
            "https://example.org/\u{0}",
            "\u{1}https://example.org",
            "",
            "http:",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd, 0x00]), "//79AA==");
    }

    #[test]
    fn the_briefing_policy_hashes_each_inline_stylesheet_and_allows_no_script() {
        let csp = briefing_csp("<head><style>\nb{x:y}</style></head><body>");
        let digest = base64(&Sha256::digest(b"\nb{x:y}"));
        assert!(
            csp.contains(&format!("style-src 'sha256-{digest}';")),
            "{csp}"
        );
        assert!(csp.contains("script-src 'none'"), "{csp}");
        assert!(briefing_csp("<p>no style</p>").contains("style-src 'none'"));
    }
}
