//! Small byte-offset helpers for the look-ahead and look-behind around automaton hits. All of
//! them work on `&str` slices at char boundaries and never panic on odd input.

use crate::entries::{Place, PlaceKind};
use crate::nouns::{MAX_NOUN_WORDS, Noun, noun};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Spaces and tabs, including the no-break and narrow spaces news sites like.
fn is_inline_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2009}'
}

/// True when the gap between two words is only inline space (and not empty).
pub(crate) fn is_blank(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(is_inline_space)
}

/// Whether a hit is a whole word: not inside another word, and not the tail of a "pro-" /
/// "anti-" compound ("pro-Russian separatists" are not Russian).
pub(crate) fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    if after.chars().next().is_some_and(is_word_char) {
        return false;
    }
    match before.chars().next_back() {
        Some(c) if is_word_char(c) => false,
        Some('-') => {
            let word = before[..before.len() - 1]
                .rsplit(|c: char| !is_word_char(c))
                .next()
                .unwrap_or("");
            !matches!(
                word.to_ascii_lowercase().as_str(),
                "pro" | "anti" | "non" | "ex" | "post" | "pre"
            )
        }
        _ => true,
    }
}

/// The spellings a pattern is matched under: as written, with a capital first letter (for
/// sentence starts: "al-Qaeda" → "Al-Qaeda"), and with typographic apostrophes.
pub(crate) fn spelling_variants(pattern: &str) -> Vec<String> {
    let mut out = vec![pattern.to_string()];
    let mut chars = pattern.chars();
    if let Some(first) = chars.next()
        && first.is_lowercase()
    {
        out.push(first.to_uppercase().chain(chars).collect());
    }
    if pattern.contains('\'') {
        let curly: Vec<String> = out.iter().map(|p| p.replace('\'', "\u{2019}")).collect();
        out.extend(curly);
    }
    out
}

/// Name and aliases of a place, and for regions the usual suffix variants
/// ("Gomel Region" ↔ "Gomel Oblast" ↔ "Gomel region").
pub(crate) fn place_spellings(place: &Place) -> Vec<String> {
    let mut out = Vec::new();
    for name in std::iter::once(&place.name).chain(&place.aliases) {
        out.push(name.clone());
        if place.kind != PlaceKind::Region {
            continue;
        }
        for suffix in [
            " Oblast",
            " Region",
            " oblast",
            " region",
            " Province",
            " province",
        ] {
            if let Some(base) = name.strip_suffix(suffix) {
                for other in [
                    " Oblast",
                    " oblast",
                    " Region",
                    " region",
                    " Province",
                    " province",
                ] {
                    out.push(format!("{base}{other}"));
                }
                break;
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The plural people-noun of a demonym ("Belarusian" → "Belarusians"), when English forms one
/// by adding "s". "French", "Swiss" and "Chinese" have none.
pub(crate) fn plural(demonym: &str) -> Option<String> {
    let lower = demonym.to_lowercase();
    let none = ["s", "sh", "ch", "ese", "x", "z", "."];
    if none.iter().any(|end| lower.ends_with(end)) || !demonym.chars().any(|c| c.is_lowercase()) {
        return None;
    }
    Some(format!("{demonym}s"))
}

/// Byte spans of up to `n` words after `pos`, each separated only by inline space; the first
/// must also be preceded by inline space. Words may contain hyphens ("commander-in-chief").
fn words_after(text: &str, pos: usize, n: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut at = pos;
    while words.len() < n {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches(is_inline_space);
        if trimmed.len() == rest.len() {
            break;
        }
        let start = at + (rest.len() - trimmed.len());
        let len: usize = trimmed
            .chars()
            .take_while(|&c| is_word_char(c) || c == '-')
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            break;
        }
        words.push((start, start + len));
        at = start + len;
    }
    words
}

/// Up to `n` words ending right before `pos` (which must follow inline space), in text order.
fn words_before(text: &str, pos: usize, n: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut at = pos;
    while words.len() < n {
        let before = &text[..at];
        let trimmed = before.trim_end_matches(is_inline_space);
        if trimmed.len() == before.len() {
            break;
        }
        let len: usize = trimmed
            .chars()
            .rev()
            .take_while(|&c| is_word_char(c) || c == '-')
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            break;
        }
        let end = trimmed.len();
        words.push((end - len, end));
        at = end - len;
    }
    words.reverse();
    words
}

fn phrase(text: &str, words: &[(usize, usize)]) -> String {
    let mut out = String::new();
    for (k, &(s, e)) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(&text[s..e].to_lowercase());
    }
    out
}

/// The longest known noun phrase right after `pos`: "troops", "Defense Ministry", "chief of
/// the general staff". Returns its end and meaning.
pub(crate) fn noun_after(text: &str, pos: usize) -> Option<(usize, Noun)> {
    let words = words_after(text, pos, MAX_NOUN_WORDS);
    (1..=words.len())
        .rev()
        .find_map(|k| noun(&phrase(text, &words[..k])).map(|n| (words[k - 1].1, n)))
}

/// Whether the first word after `pos` starts with a capital letter.
pub(crate) fn next_word_capitalised(text: &str, pos: usize) -> bool {
    words_after(text, pos, 1)
        .first()
        .and_then(|&(s, _)| text[s..].chars().next())
        .is_some_and(char::is_uppercase)
}

/// "the army **of** Belarus": a noun phrase and "of" right before `pos`, starting at or after
/// `floor`. Returns where the noun phrase starts.
pub(crate) fn noun_before_of(text: &str, pos: usize, floor: usize) -> Option<(usize, Noun)> {
    let words = words_before(text, pos, MAX_NOUN_WORDS + 1);
    let (&(of_start, of_end), nouns) = words.split_last()?;
    if &text[of_start..of_end] != "of" {
        return None;
    }
    (1..=nouns.len()).rev().find_map(|k| {
        let candidate = &nouns[nouns.len() - k..];
        let start = candidate[0].0;
        if start < floor {
            return None;
        }
        noun(&phrase(text, candidate)).map(|n| (start, n))
    })
}

/// Where a capitalised title before a person's name starts ("President Vladimir Putin",
/// "Defence Minister Viktor Khrenin"); `start` itself when there is none.
pub(crate) fn title_start(text: &str, start: usize, floor: usize) -> usize {
    let words = words_before(text, start, MAX_NOUN_WORDS);
    (1..=words.len())
        .rev()
        .find_map(|k| {
            let candidate = &words[words.len() - k..];
            let title_start = candidate[0].0;
            let capitalised = text[title_start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let is_office = matches!(noun(&phrase(text, candidate)), Some(Noun::Office { .. }));
            (title_start >= floor && capitalised && is_office).then_some(title_start)
        })
        .unwrap_or(start)
}

/// Includes a directly preceding "the"/"The" in a span, unless that crosses `floor`.
pub(crate) fn with_article(text: &str, start: usize, floor: usize) -> usize {
    match words_before(text, start, 1).first() {
        Some(&(s, e)) if s >= floor && matches!(&text[s..e], "the" | "The") => {
            let boundary = text[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            if boundary { s } else { start }
        }
        _ => start,
    }
}

/// End of a possessive right after a name: "Russia's", "Russia’s", "Belarus'".
pub(crate) fn possessive_end(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    for apostrophe in ["'", "\u{2019}"] {
        if let Some(after) = rest.strip_prefix(apostrophe) {
            if after.starts_with('s') && !after[1..].chars().next().is_some_and(is_word_char) {
                return Some(end + apostrophe.len() + 1);
            }
            if text[..end].ends_with('s') && !after.chars().next().is_some_and(is_word_char) {
                return Some(end + apostrophe.len());
            }
        }
    }
    None
}

/// Whether the text between two demonyms joins them into one list: "and", ",", "or", "/",
/// hyphens ("Russian-Belarusian").
pub(crate) fn is_connector(gap: &str) -> bool {
    matches!(
        gap.trim_matches(is_inline_space),
        "and" | "," | ", and" | "or" | ", or" | "/" | "-" | "\u{2013}" | "&"
    ) && (gap.trim_matches(is_inline_space).len() < gap.len()
        || matches!(gap, "-" | "/" | "\u{2013}" | ","))
}
