//! Sentence splitting that never crosses a paragraph boundary.

use forewarn_model::Sentence;

/// Splits text into sentences with byte spans into `text`.
///
/// Paragraphs are split first, so a heading without final punctuation is a sentence of its own
/// and never glues onto the next one. A line break ends a paragraph unless the next line starts
/// lower-case (a hard-wrapped line). Inside a paragraph the `sentencex` English rules decide
/// ("Dec. 7", "U.S.", "Lt. Col." do not end sentences). Sentence texts are trimmed; spans cover
/// the trimmed text, so `&text[span.0..span.1] == sentence.text`.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (start, end) in blocks(text) {
        let block = &text[start..end];
        for (s, e) in merge_ordinal_dates(block, segment_block(block)) {
            let piece = &block[s..e];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let from = start + s + lead;
            out.push(Sentence {
                index: out.len(),
                text: trimmed.to_string(),
                span: (from, from + trimmed.len()),
            });
        }
    }
    out
}

/// Byte ranges of paragraphs (non-empty, untrimmed lines joined when wrapped).
pub(crate) fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    let mut prev_blank = true;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        let end = start + content.len();
        let wrapped = !prev_blank
            && content
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(last) if wrapped => last.1 = end,
            _ => out.push((start, end)),
        }
        prev_blank = false;
    }
    out
}

/// Month names that follow an ordinal day written "7." ("am 7. Dezember").
const ORDINAL_MONTHS: &[&str] = &[
    "Januar",
    "Jänner",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "October",
    "December",
];

/// Rejoins a split after a day number written as an ordinal with a period ("7. Dezember"),
/// which the English rules take for a sentence end.
fn merge_ordinal_dates(block: &str, spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        if let Some(last) = out.last_mut() {
            let prev = block[last.0..last.1].trim_end();
            let digits = prev.strip_suffix('.').map_or("", |p| {
                let n = p.len() - p.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                &p[p.len() - n..]
            });
            let next_word = block[s..e].split_whitespace().next().unwrap_or("");
            let next_word = next_word.trim_end_matches(|c: char| !c.is_alphabetic());
            if (1..=2).contains(&digits.len()) && ORDINAL_MONTHS.contains(&next_word) && last.1 == s
            {
                last.1 = e;
                continue;
            }
        }
        out.push((s, e));
    }
    out
}

/// Sentence ranges inside one paragraph, relative to it.
fn segment_block(block: &str) -> Vec<(usize, usize)> {
    // sentencex is third-party code run on arbitrary input; a panic there must cost one
    // paragraph's segmentation, not the document.
    let result = std::panic::catch_unwind(|| {
        sentencex::get_sentence_boundaries("en", block)
            .into_iter()
            .map(|b| (b.start_byte, b.end_byte))
            .collect::<Vec<_>>()
    });
    match result {
        Ok(spans)
            if spans.iter().all(|&(s, e)| {
                s <= e && e <= block.len() && block.is_char_boundary(s) && block.is_char_boundary(e)
            }) =>
        {
            spans
        }
        _ => vec![(0, block.len())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_text() {
        let text =
            "A heading\nThe U.S. said on Dec. 7 that Lt. Col. Smith left. He did.\n\nNext one";
        let s = split_sentences(text);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "A heading",
                "The U.S. said on Dec. 7 that Lt. Col. Smith left.",
                "He did.",
                "Next one"
            ]
        );
        for (i, sent) in s.iter().enumerate() {
            assert_eq!(sent.index, i);
            assert_eq!(&text[sent.span.0..sent.span.1], sent.text);
        }
    }

    #[test]
    fn empty_and_junk() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\n \t ").is_empty());
        let _ = split_sentences("\u{0}.\u{ffff}?!“”\"\n\r\n...");
    }
}
