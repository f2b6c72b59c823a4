//! Plain text from a short piece of markup: a feed item's description, a CSV or JSONL field.
//!
//! Whole pages go through readability ([`crate::extract_html`]); a fragment is all text, so it
//! is read whole: tags dropped (with scripts, styles and hidden elements), entities decoded,
//! block boundaries and line breaks kept as paragraph breaks so that sentences never run into
//! each other, whitespace collapsed. Most fields are plain text, and they pay only for one
//! byte scan: [`looks_like_markup`] decides, and plain text comes back borrowed and unchanged,
//! literal `<` and `&` included.

use std::borrow::Cow;

use crate::clean::paragraphs;
use crate::dom::{self, Dom, Kind};

/// Elements whose content is never text even inside a fragment (the tree builder skips
/// scripts, styles and the like itself).
const NOT_TEXT: &[&str] = &["head", "button", "form", "input", "label"];

/// Inline elements: their text joins the text around them. Everything else is a block and ends
/// a paragraph.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "del", "ins", "img", "strike", "tt", "big", "nobr", "picture", "source", "#root",
];

/// Whether `text` holds anything markup would change: a tag-like `<` followed by a letter,
/// `/` or `!`, or an entity-like `&` followed by `#` or a letter. `a < b`, `<3` and `R & D`
/// are plain.
pub fn looks_like_markup(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'<', b'&', b).any(|i| {
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        match b[i] {
            b'<' => next.is_ascii_alphabetic() || next == b'/' || next == b'!',
            _ => next.is_ascii_alphabetic() || next == b'#',
        }
    })
}

/// Plain text from a fragment that may carry HTML: paragraphs (blocks, `<br>`) separated by
/// a blank line, entities decoded, tags, comments, scripts, styles and hidden elements dropped,
/// CDATA sections unwrapped, whitespace collapsed. Text without markup is returned as it is.
/// Never fails and never panics.
pub fn clean_fragment(text: &str) -> Cow<'_, str> {
    if !looks_like_markup(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(paragraphs(&render(text)).join("\n\n"))
}

/// [`clean_fragment`] on one line, for titles, names and other single-line fields: every
/// paragraph break and whitespace run becomes one space.
pub fn clean_inline(text: &str) -> Cow<'_, str> {
    if !looks_like_markup(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        render(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The fragment's text with a newline at every block boundary and `<br>`.
fn render(text: &str) -> String {
    // CDATA wrappers survive when a feed's markup was escaped once too often; their content
    // is the text (possibly markup itself).
    let unwrapped: Cow<'_, str> = if text.contains("<![CDATA[") {
        Cow::Owned(text.replace("<![CDATA[", "").replace("]]>", ""))
    } else {
        Cow::Borrowed(text)
    };
    let dom = dom::parse(&unwrapped);
    let mut out = String::with_capacity(unwrapped.len());
    walk(&dom, &mut out);
    out
}

fn walk(dom: &Dom, out: &mut String) {
    let mut stack = vec![(0usize, false)];
    while let Some((id, closing)) = stack.pop() {
        if closing {
            out.push('\n');
            continue;
        }
        let node = &dom.nodes[id];
        if node.hidden {
            continue;
        }
        match &node.kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element(tag) => {
                let tag = &**tag;
                if tag == "br" {
                    out.push('\n');
                    continue;
                }
                if NOT_TEXT.contains(&tag) {
                    continue;
                }
                if !INLINE.contains(&tag) {
                    out.push('\n');
                    stack.push((id, true));
                }
                stack.extend(node.children.iter().rev().map(|&c| (c, false)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        for plain in [
            "a < b and b > c",
            "I <3 this",
            "R & D spending rose",
            "x <= 5 & y",
            "",
        ] {
            assert!(!looks_like_markup(plain), "{plain}");
            assert!(matches!(clean_fragment(plain), Cow::Borrowed(p) if p == plain));
            assert!(matches!(clean_inline(plain), Cow::Borrowed(p) if p == plain));
        }
        // Entity-like but not entities: read as markup, and come back the same.
        assert_eq!(clean_inline("AT&T and R&D < 3"), "AT&T and R&D < 3");
    }

    #[test]
    fn markup_becomes_text() {
        let html = "<p>Troops&nbsp;moved north.</p><p>Officials said it was a drill</p><br>Minsk&#039;s view<img src=x.jpg>";
        assert_eq!(
            clean_fragment(html),
            "Troops moved north.\n\nOfficials said it was a drill\n\nMinsk's view"
        );
        assert_eq!(clean_inline("Talks &amp; <b>truce</b>"), "Talks & truce");
        assert_eq!(clean_fragment("<![CDATA[<p>In a box</p>]]>"), "In a box");
        assert_eq!(
            clean_fragment(
                "a < b &amp; <script>x()</script><span style=\"display: none\">hid</span>c"
            ),
            "a < b & c"
        );
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in [
            "<",
            "&",
            "<<<>>>",
            "&#;",
            "&#xffffffff;",
            "<p",
            "</",
            "<!--",
            "<![CDATA[",
            "]]>",
            "<a href=\"",
            "<p>\u{0}é\u{202e}</p>",
            "&#0;<br/><br/>",
        ] {
            let _ = clean_fragment(junk);
            let _ = clean_inline(junk);
        }
    }
}
