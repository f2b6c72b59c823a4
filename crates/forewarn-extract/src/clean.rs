//! Plain-text clean-up: whitespace, paragraphs, slideshow layout and page furniture.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Lines that are page furniture rather than article text, matched against a whole line.
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:photo|image|picture|video|graphic|illustration|cover\ photo|top\ image)s?\s*(?:by|:|credit|courtesy|via)\b.*
          | (?:credit|credits|source|image\ source|photo\ credit)\s*:.*
          | .{0,80}\b(?:getty\ images|shutterstock|afp\ via\ getty|ap\ photo|reuters/|epa-efe|wikimedia\ commons)\b.{0,120}
          | advertisement | sponsored(?:\ content)? | ad
          | read\ more\b.{0,80} | read\ next\b.{0,80} | continue\ reading\b.{0,40}
          | sign\ up\b.{0,160} | subscribe\b.{0,160} | newsletter\b.{0,100}
          | share(?:\ this)?(?:\ (?:article|story|on\ \w+))? | follow\ us\b.{0,80} | click\ here\b.{0,80}
          | (?:https?://|www\.)\S+
          | \d+\s*/\s*\d+ | slide\ \d+\ of\ \d+ | next(?:\ slide)? | previous(?:\ slide)?
        )$",
    )
    .expect("valid regex")
});

/// Paragraph openings that mark datelines, copyright and calls to action in news templates.
const FURNITURE_START: &[&str] = &[
    "updated",
    "published",
    "posted",
    "last updated",
    "first published",
    "filed under",
    "©",
    "copyright",
    "enlarge image",
    "this slideshow requires javascript",
    "sharing is caring",
    "like this article",
    "learn more",
    "don't miss",
    "don’t miss",
    "see also",
    "have a tip?",
    "tell us what you think",
    "citation:",
    "this document is subject to copyright",
];

/// Phrases that make a short paragraph a call to action.
const FURNITURE_PHRASE: &[&str] = &[
    "all rights reserved",
    "click here",
    "subscribe to",
    "subscribe now",
    "subscribe here",
    "subscribe today",
    "newsletter",
    "sign up for",
    "sign up to",
    "sign up here",
    "sign up now",
    "contain affiliate",
    "contains affiliate",
];

/// Caption credits at the end of a paragraph: "… (Image: GETTY)".
const CAPTION_CREDIT: &[&str] = &[
    "(image:",
    "(images:",
    "(photo:",
    "(photos:",
    "(picture:",
    "(pic:",
    "(video:",
    "(credit:",
    "(image credit:",
    "(photo credit:",
];

/// A clock time such as "1:07" (for datelines).
fn has_clock_time(p: &str) -> bool {
    let b = p.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

/// Page furniture that the credit and byline patterns miss: datelines ("Updated 1:39 am EST",
/// "November 20, 2019 / 1:07 AM / CBS News", "By Tess Bonn - 11/19/19"), captions ending in an
/// image credit, copyright, short calls to action, shortcodes and lines without letters.
/// Plain string tests rather than one big regex: this runs on every paragraph of every page.
fn is_furniture(p: &str) -> bool {
    if !p.chars().any(char::is_alphabetic) {
        return true;
    }
    if p.len() > 400 {
        return false;
    }
    let words = p.split_whitespace().count();
    if words <= 14 && !ends_like_sentence(p) && has_clock_time(p) {
        return true;
    }
    let l = p.to_lowercase();
    let starts_word = |w: &str| {
        l.starts_with(w)
            && l[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    if FURNITURE_START.iter().any(|w| starts_word(w)) || l == "more:" {
        return true;
    }
    if l.len() <= 250 && FURNITURE_PHRASE.iter().any(|w| l.contains(w)) {
        return true;
    }
    if l.ends_with(')')
        && let Some(open) = l.rfind('(')
        && CAPTION_CREDIT.iter().any(|c| l[open..].starts_with(c))
    {
        return true;
    }
    if (l.starts_with("follow ") || l.starts_with("like "))
        && [
            " on twitter",
            " on facebook",
            " on instagram",
            " on linkedin",
        ]
        .iter()
        .any(|s| l.contains(s))
    {
        return true;
    }
    if l.starts_with('[') && l.contains("[/") {
        return true;
    }
    // "By Tess Bonn - 11/19/19 06:56 AM EST": a byline carrying a date.
    p.starts_with("By ") && words <= 25 && p.chars().any(|c| c.is_ascii_digit())
}

/// A byline ("By Ivan Petrenko and Sara Lind"): capitalised words only, so "By the end of …"
/// stays.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|Written by|Words by)\s+\p{Lu}[\p{L}.'’-]*(?:(?:\s+|,\s*)(?:and\s+|&\s+)?\p{Lu}[\p{L}.'’-]*){0,8}$")
        .expect("valid regex")
});

/// Lines after which everything is teasers for other pages.
static TRAILER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:more\ for\ you|more\ from\ [\w ]{1,30}|you\ (?:may|might)\ also\ like|related\ (?:articles|stories|content|coverage)|recommended(?:\ for\ you)?|most\ (?:read|popular)|trending(?:\ now)?|more\ stories|you\ may\ also\ like(?:\.\.\.|…)?|something\ to\ consider)[.:]?$",
    )
    .expect("valid regex")
});

/// Text after which a line ends a sentence (so it is not a heading).
fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ' ']);
    trimmed.ends_with(['.', '!', '?', ':', ';', '…', '。'])
}

/// A short line without final punctuation, or a short question: a title, a slide heading or
/// a list item.
pub(crate) fn is_heading_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let question = words <= 12 && line.trim_end().ends_with('?');
    (1..=16).contains(&words) && line.len() <= 140 && (!ends_like_sentence(line) || question)
}

/// Normalises one line: drops control and zero-width characters, turns exotic spaces into
/// plain ones and collapses runs of spaces.
fn normalise_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_space = true;
    for c in line.chars() {
        let c = match c {
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
                ' '
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Splits text into paragraphs. Every non-empty line is a paragraph, except a line that is
/// evidently a hard-wrapped continuation (it starts lower-case and the previous line does not
/// end a sentence), which is joined back.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}', '\u{0085}'], "\n");
    let mut out: Vec<String> = Vec::new();
    let mut prev_blank = true;
    for raw in text.split('\n') {
        let line = normalise_line(raw);
        if line.is_empty() {
            prev_blank = true;
            continue;
        }
        let continues = !prev_blank
            && line.chars().next().is_some_and(char::is_lowercase)
            && out.last().is_some_and(|p| !ends_like_sentence(p));
        match out.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => out.push(line),
        }
        prev_blank = false;
    }
    out
}

/// Normalises whitespace and paragraphs and removes page furniture.
///
/// * Every paragraph ends up on its own, separated from the next by one blank line; spaces are
///   collapsed and invisible characters removed. Hard-wrapped lines are joined back.
/// * Credits and calls to action ("Photo by …", "Getty Images", "Advertisement",
///   "Read more …", "Sign up …"), bylines ("By Ivan Petrenko") and lone datelines are
///   dropped, and so is everything from a trailer line such as
///   "More for you" or "Related articles" on.
/// * Slideshow layout: when the text opens with a list of short headings that recur further
///   down as headings of their own paragraphs, the list is dropped, and so are the headings
///   where they recur (each merely precedes its paragraph). The title line is kept.
pub fn clean_text(text: &str) -> String {
    clean_paragraphs(paragraphs(text), false, true).join("\n\n")
}

/// The work of [`clean_text`] on paragraphs; `slideshow` forces dropping slide headings even
/// without a table of contents (the HTML slide walker knows it walked slides), `keep_title`
/// says the first paragraph is the title rather than a slide heading.
pub(crate) fn clean_paragraphs(
    paras: Vec<String>,
    slideshow: bool,
    keep_title: bool,
) -> Vec<String> {
    let mut paras: Vec<String> = paras
        .into_iter()
        .take_while(|p| !TRAILER_LINE.is_match(p))
        .filter(|p| {
            !CREDIT_LINE.is_match(p) && !BYLINE.is_match(p) && !is_bare_date(p) && !is_furniture(p)
        })
        .collect();
    let toc = find_toc(&paras);
    let slideshow = slideshow || toc.is_some();
    if let Some((start, end)) = toc {
        paras.drain(start..end);
    }
    if slideshow {
        drop_slide_headings(&mut paras, keep_title);
    }
    paras
}

/// Finds a table of contents near the top: a run of at least three heading-like lines of which
/// most recur later as standalone paragraphs. Returns the run as a range of paragraph indexes.
fn find_toc(paras: &[String]) -> Option<(usize, usize)> {
    for start in 0..paras.len().min(4) {
        let mut seen = HashSet::new();
        let mut end = start;
        while end < paras.len() && is_heading_like(&paras[end]) && seen.insert(key(&paras[end])) {
            end += 1;
        }
        let run = end - start;
        if run < 3 {
            continue;
        }
        let later: HashSet<String> = paras[end..].iter().map(|p| key(p)).collect();
        let recurs = |p: &String| later.contains(&key(p));
        let recurring = paras[start..end].iter().filter(|p| recurs(p)).count();
        if recurring >= 3 && recurring * 5 >= run * 3 {
            // The title may sit right above the list; the list starts at its first heading
            // that recurs.
            let first = (start..end).find(|&i| recurs(&paras[i])).unwrap_or(start);
            return Some((first, end));
        }
    }
    None
}

/// Drops heading-like paragraphs that introduce a longer paragraph; with `keep_title` the first
/// paragraph is the title and stays.
fn drop_slide_headings(paras: &mut Vec<String>, keep_title: bool) {
    let keep: Vec<bool> = (0..paras.len())
        .map(|i| {
            (i == 0 && keep_title)
                || !is_heading_like(&paras[i])
                || paras.get(i + 1).is_none_or(|next| is_heading_like(next))
        })
        .collect();
    let mut it = keep.into_iter();
    paras.retain(|_| it.next().unwrap_or(true));
}

/// A dateline on its own ("21 December 2022", "Updated: 2022-12-21 10:00").
fn is_bare_date(p: &str) -> bool {
    p.split_whitespace().count() <= 6 && !ends_like_sentence(p) && crate::parse_date(p).is_some()
}

/// Comparison key for headings: case and quote style do not matter.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wrapped_lines_and_keeps_headings_apart() {
        let text = "Heading here\nThe first line of a paragraph that\nwraps onto a second line.\n\n\n  Next\tparagraph.  ";
        assert_eq!(
            clean_text(text),
            "Heading here\n\nThe first line of a paragraph that wraps onto a second line.\n\nNext paragraph."
        );
    }

    #[test]
    fn drops_credits_and_trailers() {
        let text = "Body text here.\nPhoto by Someone at https://example.org/x.jpg\nGetty Images\nAdvertisement\nMore body.\nMore for you\nOther story";
        assert_eq!(clean_text(text), "Body text here.\n\nMore body.");
    }

    #[test]
    fn empty_and_junk() {
        assert_eq!(clean_text(""), "");
        assert_eq!(clean_text(" \n\u{a0}\n\t"), "");
        let _ = clean_text("\u{0}\u{1}\u{feff}\r\r\n\u{2028}");
    }
}
