//! Tokens and word comparisons. Everything works on byte offsets into the sentence so spans
//! stay exact; comparisons fold ASCII case and treat the curly apostrophe as a straight one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// False for a single punctuation character.
    pub word: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '_')
}

pub(crate) fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(s.len() / 5 + 4);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            // Keep a trailing apostrophe or hyphen out of the word ("Belarus'" → "Belarus").
            let mut w = &s[i..end];
            while let Some(last) = w.chars().last() {
                if matches!(last, '\'' | '’' | '-') && w.len() > last.len_utf8() {
                    w = &w[..w.len() - last.len_utf8()];
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: i,
                end: i + w.len(),
                word: true,
            });
        } else {
            out.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                word: false,
            });
        }
    }
    out
}

/// Case-insensitive word equality where `’` equals `'`. `pat` must be lower-case ASCII.
pub(crate) fn eqw(word: &str, pat: &str) -> bool {
    let mut a = word.chars();
    let mut b = pat.bytes();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(c), Some(p)) => {
                let c = if c == '’' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                };
                if c != p as char {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

pub(crate) fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|p| eqw(word, p))
}

/// "didn't", "won’t", "can't".
pub(crate) fn ends_nt(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let lower = w.len() >= 3 && {
        let tail: String = w
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        eqw(&tail, "n't")
    };
    lower || eqw(word, "cannot")
}

/// True when the word starts with an upper-case letter or a digit (a name, not a verb).
pub(crate) fn capitalized(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_apostrophes() {
        let s = "Belarus won’t join, Lukashenko's aides said.";
        let t: Vec<&str> = tokenize(s).iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(
            t,
            [
                "Belarus",
                "won’t",
                "join",
                ",",
                "Lukashenko's",
                "aides",
                "said",
                "."
            ]
        );
        assert!(ends_nt("won’t"));
        assert!(eqw("Won’t", "won't"));
        assert!(!ends_nt("want"));
    }
}
