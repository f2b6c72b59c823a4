//! Fixture-driven tests: every fixture goes through the whole stage and the result is a
//! snapshot that a person can read.

use std::fmt::Write;

use chrono::NaiveDate;
use forewarn_extract::{
    Extracted, clean_text, extract_html, find_dates, find_quotes, split_sentences,
};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Sentences, dates and quotes of a cleaned text, one per line.
fn report(text: &str, reference: NaiveDate) -> String {
    let mut out = String::new();
    let sentences = split_sentences(text);
    writeln!(out, "## sentences").unwrap();
    for s in &sentences {
        assert_eq!(
            &text[s.span.0..s.span.1],
            s.text,
            "span of sentence {}",
            s.index
        );
        writeln!(out, "{:>2}: {}", s.index, s.text).unwrap();
    }
    writeln!(out, "## dates (reference {reference})").unwrap();
    for d in find_dates(text, reference) {
        assert_eq!(&text[d.span.0..d.span.1], d.text);
        writeln!(out, "{} <- {:?}", d.date, d.text).unwrap();
    }
    writeln!(out, "## quotes").unwrap();
    for q in find_quotes(text, &sentences) {
        writeln!(
            out,
            "[{}] {:?}: {:?}",
            q.sentence_index,
            q.speaker.as_deref().unwrap_or("-"),
            q.text
        )
        .unwrap();
    }
    out
}

fn html_report(e: &Extracted) -> String {
    let mut out = String::new();
    writeln!(out, "title: {:?}", e.title).unwrap();
    writeln!(out, "published: {:?}", e.published.map(|d| d.to_string())).unwrap();
    writeln!(out, "author: {:?}", e.author).unwrap();
    writeln!(out, "canonical_url: {:?}", e.canonical_url).unwrap();
    writeln!(out, "language: {:?}", e.language).unwrap();
    for d in &e.diagnostics {
        writeln!(out, "diagnostic: {d}").unwrap();
    }
    writeln!(out, "## text\n{}", e.text).unwrap();
    out
}

#[test]
fn slideshow_text() {
    let cleaned = clean_text(include_str!("fixtures/slideshow.txt"));
    insta::assert_snapshot!("slideshow_text_clean", cleaned);
    insta::assert_snapshot!(
        "slideshow_text_report",
        report(&cleaned, date("2023-01-04"))
    );
}

#[test]
fn slideshow_text_headings_appear_at_most_once() {
    let cleaned = clean_text(include_str!("fixtures/slideshow.txt"));
    for heading in [
        "A quiet build-up",
        "Is the army getting ready?",
        "Still on the sidelines",
    ] {
        assert!(cleaned.matches(heading).count() <= 1, "{heading} repeated");
    }
    assert!(!cleaned.contains("More for you"));
    assert!(!cleaned.contains("Photo by"));
    assert!(!cleaned.contains("Ten reasons"));
}

#[test]
fn slideshow_html() {
    let e = extract_html(
        include_str!("fixtures/slideshow.html"),
        Some("https://gallery.example.com/x?y=1"),
    );
    insta::assert_snapshot!("slideshow_html", html_report(&e));
    for heading in ["New roads in the forest", "Quiet barracks"] {
        assert!(e.text.matches(heading).count() <= 1);
    }
    assert!(e.text.contains("Engineers cut"), "first slide kept");
    assert!(
        e.text.contains("most officers appear reluctant"),
        "last slide kept"
    );
    insta::assert_snapshot!(
        "slideshow_html_report",
        report(&e.text, e.published.unwrap())
    );
}

#[test]
fn article_html() {
    let e = extract_html(include_str!("fixtures/article.html"), None);
    insta::assert_snapshot!("article_html", html_report(&e));
    insta::assert_snapshot!("article_html_report", report(&e.text, e.published.unwrap()));
}

#[test]
fn punctuation_text() {
    let cleaned = clean_text(include_str!("fixtures/punctuation.txt"));
    insta::assert_snapshot!("punctuation_clean", cleaned);
    insta::assert_snapshot!("punctuation_report", report(&cleaned, date("2022-12-09")));
}

#[test]
fn date_table() {
    // (text, reference, expected dates in order)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "It happened on December 29th.",
            "2023-01-04",
            &["2022-12-29"],
        ),
        (
            "Talks are set for January 15.",
            "2023-01-04",
            &["2023-01-15"],
        ),
        (
            "Troops moved on Dec. 7 and on 19 December 2022.",
            "2023-01-04",
            &["2022-12-07", "2022-12-19"],
        ),
        (
            "On 7 December and on the 8th of December.",
            "2022-12-20",
            &["2022-12-07", "2022-12-08"],
        ),
        (
            "Roads seen in late November, drills in mid-November.",
            "2023-01-04",
            &["2022-11-25", "2022-11-15"],
        ),
        (
            "Activity in December and early January.",
            "2023-01-04",
            &["2022-12-01", "2023-01-05"],
        ),
        ("It began in January.", "2023-01-04", &["2023-01-01"]),
        (
            "By the end of December 2021 it was over.",
            "2023-01-04",
            &["2021-12-25"],
        ),
        // 2023-01-03 is a Tuesday: "on Tuesday" means the week before.
        (
            "He spoke last Tuesday and again on Monday.",
            "2023-01-03",
            &["2022-12-27", "2023-01-02"],
        ),
        ("They meet next Friday.", "2023-01-03", &["2023-01-06"]),
        (
            "Yesterday it rained; today it snows; tomorrow who knows.",
            "2023-01-01",
            &["2022-12-31", "2023-01-01", "2023-01-02"],
        ),
        (
            "Three days ago, and a week ago, and last month.",
            "2023-03-10",
            &["2023-03-07", "2023-03-03", "2023-02-01"],
        ),
        ("This week the army moved.", "2023-01-04", &["2023-01-04"]),
        (
            "Tuesday, December 13 was cold.",
            "2023-06-01",
            &["2022-12-13"],
        ),
        ("On February 29 we will see.", "2023-01-04", &["2024-02-29"]),
        (
            "Dates 2022-12-19 and 19/12/2022.",
            "2023-01-04",
            &["2022-12-19", "2022-12-19"],
        ),
        (
            "They may march; May I? In May they did.",
            "2023-06-20",
            &["2023-05-01"],
        ),
        (
            "Some 20,000 to 30,000 troops, 300 tanks.",
            "2023-01-04",
            &[],
        ),
        ("", "2023-01-04", &[]),
    ];
    let mut table = String::new();
    for (text, reference, want) in cases {
        let found = find_dates(text, date(reference));
        let got: Vec<String> = found.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(got, *want, "{text:?} as of {reference}");
        for d in found {
            writeln!(
                table,
                "{reference} {:<28} -> {}",
                format!("{:?}", d.text),
                d.date
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!("date_table", table);
}

#[test]
fn messy_input_never_panics() {
    let long = "word “quote ".repeat(20_000) + &"Dec. 7 ".repeat(5_000);
    let junk: Vec<String> = vec![
        String::new(),
        " \n\t\r ".into(),
        "\u{0}\u{1}\u{7f}\u{feff}\u{fffd}".into(),
        String::from_utf8_lossy(&(0u8..=255).cycle().take(4096).collect::<Vec<u8>>()).into_owned(),
        "“”„“«»\"\"\"“".into(),
        "<html><body><div class=slide></div><div class=slide></div><div class=slide>".into(),
        "<<<>>><script>alert(1)</script><p>".into(),
        long,
    ];
    for input in &junk {
        let cleaned = clean_text(input);
        let sentences = split_sentences(input);
        for s in &sentences {
            assert_eq!(&input[s.span.0..s.span.1], s.text);
        }
        let _ = find_dates(input, date("2023-01-04"));
        let _ = find_quotes(input, &sentences);
        let _ = find_quotes(&cleaned, &[]);
        let e = extract_html(input, Some("not a url"));
        let _ = split_sentences(&e.text);
    }
}

/// A short article nested 20,000 deep: found by our own walk, without readability's second
/// opinion (which would walk the unflattened tree, in time that grows with the square of the
/// depth), and said so.
#[test]
fn deeply_nested_page_is_extracted_by_our_walk() {
    let depth = 20_000;
    let page = format!(
        "<html><head><title>Drills</title></head><body>{}<p>Russian troops arrived in Belarus for joint drills on Thursday.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let e = extract_html(&page, None);
    assert_eq!(
        e.text,
        "Russian troops arrived in Belarus for joint drills on Thursday."
    );
    assert!(
        e.diagnostics
            .iter()
            .any(|d| d.message.contains("nested too deep")),
        "{:?}",
        e.diagnostics
    );
}

#[test]
fn legacy_charset_page() {
    // windows-1252 bytes for "Café" and a curly apostrophe, declared in a meta tag.
    let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\
        <title>Caf\xe9</title></head><body><article><p>The caf\xe9 on the square, which opened in 1990, \
        was closed by the police on Monday, residents said.</p><p>It\x92s the third closure this year, \
        and the owners say they will appeal.</p></article></body></html>"
        .to_vec();
    let e = forewarn_extract::extract_html_bytes(&page, None);
    assert_eq!(e.title.as_deref(), Some("Café"));
    assert!(e.text.contains("The café on the square"), "{}", e.text);
    assert!(e.text.contains("It’s the third closure"), "{}", e.text);
    assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
    // Undeclared legacy bytes are guessed, with a warning.
    page.drain(..page.iter().position(|&b| b == b'<').unwrap_or(0));
    let undeclared = String::from_utf8_lossy(&page).replace("charset=windows-1252", "");
    let bytes: Vec<u8> = undeclared
        .chars()
        .map(|c| if c == '\u{fffd}' { 0xe9 } else { c as u8 })
        .collect();
    let e = forewarn_extract::extract_html_bytes(&bytes, None);
    assert!(e.diagnostics.iter().any(|d| d.location == "charset"));
}

#[test]
fn live_blog_entries_and_furniture() {
    let e = extract_html(include_str!("fixtures/liveblog.html"), None);
    for entry in ["Entry one:", "Entry two:", "Entry three:"] {
        assert!(e.text.contains(entry), "{entry} kept: {}", e.text);
    }
    for furniture in [
        "Updated 10:41 GMT",
        "(Image: Agency)",
        "Sign up for our newsletter",
        "Most read",
        "Tell us what you think",
    ] {
        assert!(
            !e.text.contains(furniture),
            "{furniture} dropped: {}",
            e.text
        );
    }
}
