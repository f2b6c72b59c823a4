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
        for (s, e) in segment_block(block) {
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
