//! Direct quotations and their speakers.

use std::sync::LazyLock;

use forewarn_model::{Quote, Sentence};
use regex::Regex;

use crate::sentences::blocks;

const VERBS: &str = "said|says|told|tells|added|adds|noted|notes|continued|continues|stated|states|warned|warns|explained|explains|wrote|writes|asked|asks|insisted|insists|argued|argues|claimed|claims|declared|declares|announced|announces|remarked|remarks|replied|replies|responded|observed|recalled|stressed|emphasized|emphasised|acknowledged|admitted|commented|concluded|cautioned|predicted|suggested|confirmed|posted|tweeted|went on";

/// Adverbs that may sit between a speaker and the verb ("Putin later said").
const ADVERBS: &str = r"(?:(?:later|also|then|further|again|previously|earlier|recently|reportedly|once|had|has|have|would|simply|flatly|quickly)\s+)*";

/// Characters a speaker phrase never contains.
const NP: &str = r"[^,;:.!?“”„«»—–()\[\]\n]";

/// `“…,” said X` — the verb comes first; X runs to the first comma, dash or clause word.
static AFTER_VERB_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^["\s]*[,:]?\s*(?:[—–-]\s*)?(?:{VERBS})\s+(?P<np>{NP}{{1,120}})"#
    ))
    .expect("valid regex")
});
/// `“…,” X said` — the speaker comes first.
static AFTER_SUBJECT_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^["\s]*[,:]?\s*(?:[—–-]\s*)?(?P<np>{NP}{{1,120}}?)\s+{ADVERBS}(?:{VERBS})\b"#
    ))
    .expect("valid regex")
});
/// `X said: “…”` / `X told reporters, “…”` — the sentence opens with speaker and verb.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^\s*(?P<np>{NP}{{1,120}}?)\s+{ADVERBS}(?:{VERBS})\b[^“”"]{{0,60}}?[:,]\s*$"#
    ))
    .expect("valid regex")
});
/// `According to X, “…”`.
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)according\s+to\s+(?P<np>{NP}{{1,80}}?),?\s*$"
    ))
    .expect("valid regex")
});
/// A named subject somewhere before a partial quote: `Lukashenko called Russia “…”`,
/// `Putin went on to say that … “…”`.
static SUBJECT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<np>{NAME})\s+(?:[a-z]+\s+){{0,3}}?(?:{VERBS}|say|tell|called|calls|described|describes|dubbed|termed|labell?ed|promised|vowed|pledged)\b"
    ))
    .expect("valid regex")
});
/// A capitalised run; it never crosses a line break (a heading is not part of a name).
const NAME: &str = r"\b\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,3}";
static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(NAME).expect("valid regex"));
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:named|called)\s+(?P<name>{NAME})")).expect("valid regex")
});
/// Words that end a speaker phrase after the verb ("said Hanna Liubakova during an interview").
static NP_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+(?:during|in|on|at|after|before|when|while|who|which|as|last|this|yesterday|today|according|to|that|and)\b.*$")
        .expect("valid regex")
});

/// Leading words of a capitalised run that are titles or sentence openers, not the name.
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "general",
    "gen",
    "col",
    "lt",
    "colonel",
    "lieutenant",
    "major",
    "captain",
    "chancellor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commander",
    "king",
    "queen",
    "pope",
    "senator",
    "sen",
    "rep",
    "governor",
    "mayor",
    "chief",
    "deputy",
    "vice",
    "ambassador",
    "former",
    "but",
    "and",
    "the",
    "after",
    "when",
    "on",
    "in",
    "so",
    "then",
    "yet",
    "still",
    "meanwhile",
    "however",
    "also",
    "opposition",
    "leader",
    "journalist",
    "analyst",
    "professor",
];
/// Last words of a run that make it an organisation rather than a person.
const ORG_WORDS: &[&str] = &[
    "ministry",
    "office",
    "council",
    "service",
    "services",
    "agency",
    "command",
    "army",
    "forces",
    "government",
    "kremlin",
    "committee",
    "department",
    "staff",
    "embassy",
    "police",
    "guard",
    "parliament",
    "assembly",
    "union",
    "nato",
    "commission",
    "administration",
    "court",
    "party",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "him", "her", "we", "i"];

struct Segment {
    open: usize,
    content: (usize, usize),
    close_end: usize,
    closed: bool,
    block: (usize, usize),
}

/// Finds direct quotations and attributes them to speakers.
///
/// Handles curly (“…”), straight ("…"), low-high („…“) and guillemet («…») quotes, the
/// attribution patterns `“…,” X said`, `“…,” said X`, `X said: “…”`, `According to X, “…”`,
/// `“…,” X noted, “…”` (the second part goes to the same speaker) and newspaper-style quotes
/// that run over paragraphs (a paragraph ends inside a quote and the next one opens with a
/// quote mark: same speaker unless the new paragraph names its own).
///
/// Speakers are resolved in the text: "a … lieutenant colonel named Artyom" → "Artyom"; a
/// surname → the last full name ending in it seen before ("Liubakova" → "Hanna Liubakova";
/// titles such as "Russian President" are dropped); "the lieutenant colonel" → the last
/// speaker introduced with those words, else the phrase; "he"/"she" → the previous speaker;
/// organisations stay as written ("officials from the Belarusian Defense Ministry").
/// Quotes of fewer than three words are not returned (scare quotes). `sentence_index` is the
/// sentence of `sentences` containing the opening mark.
pub fn find_quotes(text: &str, sentences: &[Sentence]) -> Vec<Quote> {
    let segments = scan(text);
    let names = full_names(text);
    let mut out = Vec::new();
    let mut history: Vec<(String, String)> = Vec::new();
    let mut prev: Option<(usize, Option<String>, bool)> = None; // (block start, speaker, closed)
    for (i, seg) in segments.iter().enumerate() {
        let raw = &text[seg.content.0..seg.content.1];
        let content = raw.trim().trim_end_matches([',', ' ']).trim();
        let next_open = segments.get(i + 1).map(|s| s.open);
        let mut speaker = attribute(text, seg, next_open, &names, &history);
        if speaker.is_none()
            && let Some((block, ref last, closed)) = prev
        {
            let continuation = !closed && text[seg.block.0..seg.open].trim().is_empty();
            if block == seg.block.0 || continuation {
                speaker = last.clone();
            }
        }
        if let Some(s) = &speaker {
            let np = describe(text, seg);
            history.push((s.clone(), np));
        }
        prev = Some((seg.block.0, speaker.clone(), seg.closed));
        if content.split_whitespace().count() < 3 {
            continue;
        }
        out.push(Quote {
            speaker,
            text: content.to_string(),
            sentence_index: sentence_at(sentences, seg.open),
        });
    }
    out
}

/// Quote segments, paragraph by paragraph; a quote still open at the end of its paragraph ends
/// there (`closed == false`).
fn scan(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for (bs, be) in blocks(text) {
        let mut open: Option<(usize, char)> = None;
        for (i, c) in text[bs..be].char_indices() {
            let pos = bs + i;
            match (open, c) {
                (None, '“' | '„' | '«' | '"') => open = Some((pos, c)),
                (Some((o, oc)), '”' | '»' | '"' | '“') => {
                    let closes = match oc {
                        '„' => matches!(c, '“' | '”' | '"'),
                        '«' => c == '»',
                        _ => matches!(c, '”' | '"'),
                    };
                    if closes {
                        out.push(Segment {
                            open: o,
                            content: (o + oc.len_utf8(), pos),
                            close_end: pos + c.len_utf8(),
                            closed: true,
                            block: (bs, be),
                        });
                        open = None;
                    } else if c == '“' {
                        // A new opening mark inside an open quote: the first one was never closed.
                        out.push(Segment {
                            open: o,
                            content: (o + oc.len_utf8(), pos),
                            close_end: pos,
                            closed: false,
                            block: (bs, be),
                        });
                        open = Some((pos, c));
                    }
                }
                _ => {}
            }
        }
        if let Some((o, oc)) = open {
            out.push(Segment {
                open: o,
                content: (o + oc.len_utf8(), be),
                close_end: be,
                closed: false,
                block: (bs, be),
            });
        }
    }
    out
}

/// The speaker phrase for a segment, resolved to a name where possible.
fn attribute(
    text: &str,
    seg: &Segment,
    next_open: Option<usize>,
    names: &[(usize, String)],
    history: &[(String, String)],
) -> Option<String> {
    let np = raw_speaker(text, seg, next_open)?;
    let lookup = Lookup {
        text,
        pos: seg.open,
        names,
    };
    resolve(&np, &lookup, history)
}

/// Where a speaker is resolved: the text before the quote and the full names seen in it.
struct Lookup<'a> {
    text: &'a str,
    pos: usize,
    names: &'a [(usize, String)],
}

impl Lookup<'_> {
    /// The last `max` bytes before the quote; a descriptor is looked up nearby only, which also
    /// keeps long texts linear.
    fn before(&self, max: usize) -> &str {
        let mut start = self.pos.saturating_sub(max);
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        &self.text[start..self.pos]
    }
}

/// Multi-word capitalised runs with titles removed, with their positions: the names a
/// surname can expand to.
fn full_names(text: &str) -> Vec<(usize, String)> {
    NAME_RUN
        .find_iter(text)
        .map(|m| (m.start(), strip_titles(m.as_str())))
        .filter(|(_, n)| n.split_whitespace().count() >= 2)
        .collect()
}

/// The speaker phrase as written next to the quote.
fn raw_speaker(text: &str, seg: &Segment, next_open: Option<usize>) -> Option<String> {
    // After the quote, up to the next quote in the paragraph.
    let after_end = next_open
        .filter(|&o| o >= seg.close_end && o < seg.block.1)
        .unwrap_or(seg.block.1);
    let after = &text[seg.close_end..after_end];
    if seg.closed {
        if let Some(c) = AFTER_VERB_FIRST.captures(after) {
            let np = NP_TAIL.replace(c["np"].trim(), "");
            if valid_np(&np) {
                return Some(np.trim().to_string());
            }
        }
        if let Some(c) = AFTER_SUBJECT_FIRST.captures(after)
            && valid_np(&c["np"])
        {
            return Some(c["np"].trim().to_string());
        }
    }
    // Before the quote, from the start of its sentence.
    // A speaker sits close to the quote; a bounded window keeps long paragraphs linear.
    let mut window_start = seg.block.0.max(seg.open.saturating_sub(600));
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let before = &text[window_start..seg.open];
    let clause_start = before
        .rmatch_indices(['.', '!', '?', '”', '"', '»'])
        .map(|(i, m)| i + m.len())
        .find(|&i| before[i..].starts_with(char::is_whitespace))
        .unwrap_or(0);
    let clause = &before[clause_start..];
    if let Some(c) = BEFORE.captures(clause)
        && valid_np(&c["np"])
    {
        return Some(c["np"].trim().to_string());
    }
    if let Some(c) = ACCORDING.captures(clause) {
        return Some(c["np"].trim().to_string());
    }
    SUBJECT_BEFORE
        .captures_iter(clause)
        .last()
        .map(|c| c["np"].to_string())
}

/// How the speaker was described, for later "the lieutenant colonel continued".
fn describe(text: &str, seg: &Segment) -> String {
    let end = seg.block.1.min(seg.close_end + 300);
    let end = (end..=seg.block.1)
        .find(|&e| text.is_char_boundary(e))
        .unwrap_or(seg.block.1);
    let after = &text[seg.close_end..end];
    AFTER_SUBJECT_FIRST
        .captures(after)
        .map(|c| c["np"].to_lowercase())
        .unwrap_or_default()
}

fn valid_np(np: &str) -> bool {
    let np = np.trim();
    let words: Vec<&str> = np.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    let first = words[0].to_lowercase();
    if matches!(
        first.as_str(),
        "and" | "but" | "or" | "which" | "that" | "it" | "this" | "there" | "so" | "if"
    ) {
        return false;
    }
    !words.iter().any(|w| {
        matches!(
            *w,
            "that" | "is" | "was" | "are" | "were" | "will" | "would" | "not"
        )
    })
}

fn resolve(np: &str, lookup: &Lookup, history: &[(String, String)]) -> Option<String> {
    let np = np.trim().trim_matches(['"', '“', '”', '\'']).trim();
    if np.is_empty() {
        return None;
    }
    let lower = np.to_lowercase();
    if PRONOUNS.contains(&lower.as_str()) {
        return history.last().map(|(name, _)| name.clone());
    }
    if let Some(c) = NAMED.captures(np) {
        return Some(person_name(&c["name"], lookup));
    }
    let starts_upper = np.chars().next().is_some_and(char::is_uppercase);
    let trailing_run = NAME_RUN
        .find_iter(np)
        .last()
        .filter(|m| m.end() == np.len());
    if let Some(run) = trailing_run {
        let last = run
            .as_str()
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        if !ORG_WORDS.contains(&last.as_str()) {
            if starts_upper || run.as_str().split_whitespace().count() >= 2 {
                return Some(person_name(run.as_str(), lookup));
            }
        } else if starts_upper {
            return Some(np.to_string());
        }
    }
    if let Some(descriptor) = lower.strip_prefix("the ") {
        // "the retired major" matches "a retired Belarusian major named Dzmitry".
        let wanted: Vec<&str> = descriptor.split_whitespace().collect();
        let described = |d: &str| {
            let words: Vec<&str> = d.split_whitespace().collect();
            wanted.iter().all(|w| words.contains(w))
        };
        if let Some((name, _)) = history.iter().rev().find(|(_, d)| described(d)) {
            return Some(name.clone());
        }
        let pattern = format!(
            r"(?i:{})\s+(?:named\s+)?(?P<name>{NAME})",
            regex::escape(descriptor)
        );
        if let Ok(re) = Regex::new(&pattern)
            && let Some(c) = re.captures_iter(lookup.before(5_000)).last()
        {
            return Some(person_name(&c["name"], lookup));
        }
    }
    Some(np.to_string())
}

/// A capitalised run as a person's name: titles dropped, a lone surname expanded to the last
/// full name ending in it that appears before the quote.
fn person_name(run: &str, lookup: &Lookup) -> String {
    let name = strip_titles(run);
    if name.split_whitespace().count() != 1 {
        return name;
    }
    let seen = lookup.names.partition_point(|(pos, _)| *pos < lookup.pos);
    lookup.names[..seen]
        .iter()
        .rev()
        .find(|(_, full)| full.split_whitespace().last() == Some(name.as_str()))
        .map_or(name, |(_, full)| full.clone())
}

fn strip_titles(run: &str) -> String {
    let mut words: Vec<&str> = run.split_whitespace().collect();
    while words.len() > 1 {
        let w = words[0].trim_end_matches('.').to_lowercase();
        let demonym =
            words.len() > 2 && (w.ends_with("ian") || w.ends_with("ese") || w.ends_with("ish"));
        if TITLES.contains(&w.as_str()) || demonym {
            words.remove(0);
        } else {
            break;
        }
    }
    if words.len() > 3 {
        words.drain(..words.len() - 3);
    }
    words.join(" ")
}

fn sentence_at(sentences: &[Sentence], pos: usize) -> usize {
    sentences
        .iter()
        .rev()
        .find(|s| s.span.0 <= pos)
        .map_or(0, |s| s.index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split_sentences;

    fn quotes(text: &str) -> Vec<(Option<String>, String)> {
        find_quotes(text, &split_sentences(text))
            .into_iter()
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    #[test]
    fn patterns() {
        let text = "Prime Minister Olga Marin spoke first.\n\n“We will hold the line here,” Marin said.\n\nOfficials said: “The border stays closed for now.”\n\n“Nobody wants this war at all,” said Petro Danko, a local farmer.";
        assert_eq!(
            quotes(text),
            [
                (
                    Some("Olga Marin".into()),
                    "We will hold the line here".into()
                ),
                (
                    Some("Officials".into()),
                    "The border stays closed for now.".into()
                ),
                (
                    Some("Petro Danko".into()),
                    "Nobody wants this war at all".into()
                ),
            ]
        );
    }

    #[test]
    fn junk_never_panics() {
        for t in [
            "",
            "“",
            "”",
            "\"",
            "“a”b“c",
            "„x“ «y» \"z",
            "\u{0}“\n\n”",
            "said: “",
        ] {
            let _ = quotes(t);
        }
    }
}
