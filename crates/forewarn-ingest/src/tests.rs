//! One test per format and per kind of bad input. Every input here is written by us.

use std::io::Write;

use chrono::NaiveDate;
use forewarn_model::Severity;

use crate::{CsvMapping, IngestOptions, read_bytes, read_path};

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn errors(outcome: &crate::FileOutcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

const NOTE: &str = "---\ntitle: Readiness check ordered\npublished: Tuesday, 13 December 2022\nsource: defence ministry statement\nurl: https://example.org/a\n---\nThe defence ministry in Minsk ordered a snap check of combat readiness on Tuesday.\n\nUnits were told to move to designated areas.\n";

#[test]
fn text_with_front_matter() {
    let out = read_bytes(
        "notes/check.txt",
        NOTE.as_bytes(),
        &IngestOptions::default(),
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let doc = &out.documents[0];
    assert_eq!(doc.title.as_deref(), Some("Readiness check ordered"));
    assert_eq!(doc.published, date("2022-12-13"));
    assert_eq!(doc.source.as_deref(), Some("defence ministry statement"));
    assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
    assert!(doc.text.starts_with("The defence ministry in Minsk"));
    assert_eq!(doc.origin.as_deref(), Some("notes/check.txt"));
    assert_eq!(doc.hash.len(), 64);
}

#[test]
fn markdown_heading_becomes_title() {
    let md = "---\npublished: 2022-12-19\n---\n# Putin arrives in Minsk\n\nThe Russian president held **talks** with [Lukashenko](https://example.org) on Monday.\n";
    let out = read_bytes("visit.md", md.as_bytes(), &IngestOptions::default());
    assert!(errors(&out).is_empty());
    let doc = &out.documents[0];
    assert_eq!(doc.title.as_deref(), Some("Putin arrives in Minsk"));
    assert!(
        doc.text.contains("held talks with Lukashenko on Monday."),
        "{}",
        doc.text
    );
}

#[test]
fn html_page() {
    let html = r#"<html><head><title>Drills begin | Example</title>
<meta property="article:published_time" content="2023-01-16T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Joint air drills begin</h1>
<p>Russian and Belarusian air force units began joint tactical drills on Monday, the defence ministry in Minsk said.</p>
<p>The drills are planned to last until the first of February and involve aircraft from both countries.</p>
<p>Officials said the exercise was defensive in nature and aimed at improving coordination between the two air forces.</p>
</article><footer>More for you</footer></body></html>"#;
    let out = read_bytes("drills.html", html.as_bytes(), &IngestOptions::default());
    assert!(errors(&out).is_empty(), "{:?}", out.diagnostics);
    let doc = &out.documents[0];
    assert_eq!(doc.published, date("2023-01-16"));
    assert!(doc.text.contains("joint tactical drills"), "{}", doc.text);
    assert!(!doc.text.contains("Home | World"));
}

#[test]
fn gzipped_html_reads_like_html() {
    let html = "<html><head><title>T</title></head><body><article><p>Belarus summoned the Ukrainian military attache after a missile came down in the Brest region on Thursday, officials said.</p><p>Kyiv said it would cooperate with any investigation into the incident.</p></article></body></html>";
    let plain = read_bytes("a.html", html.as_bytes(), &IngestOptions::default());
    let zipped = read_bytes(
        "a.html.gz",
        &gzip(html.as_bytes()),
        &IngestOptions::default(),
    );
    assert_eq!(plain.documents[0].text, zipped.documents[0].text);
    assert_eq!(plain.documents[0].hash, zipped.documents[0].hash);
}

#[test]
fn html_in_windows_1251_is_decoded() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<html><head><meta charset=\"windows-1251\"><title>Минск</title></head><body><article><p>Министерство обороны объявило внезапную проверку боеготовности войск в понедельник.</p></article></body></html>");
    let out = read_bytes("ru.html", &bytes, &IngestOptions::default());
    assert!(
        out.documents[0].text.contains("Министерство обороны"),
        "{}",
        out.documents[0].text
    );
}

#[test]
fn jsonl_lines_and_bad_lines() {
    let jsonl = concat!(
        r#"{"title":"One","text":"Belarus moved troops on Monday.","url":"u1","published":"Mon, 19 Dec 2022 14:00:00 +0000","source":"wire report"}"#,
        "\n",
        r#"{"title":"Two","text":"Lukashenko said he would not send troops.","published":"2022-12-20T10:00:00Z"}"#,
        "\n",
        "{not json}\n",
        r#"{"title":"No text"}"#,
        "\n\n",
        r#"{"title":"Three","text":"Polls show most Belarusians oppose joining.","published":"Thursday, 24 February 2022"}"#,
        "\n"
    );
    let out = read_bytes("feed.jsonl", jsonl.as_bytes(), &IngestOptions::default());
    assert_eq!(out.documents.len(), 3);
    assert_eq!(out.documents[0].published, date("2022-12-19"));
    assert_eq!(out.documents[1].published, date("2022-12-20"));
    assert_eq!(out.documents[2].published, date("2022-02-24"));
    assert_eq!(out.documents[1].origin.as_deref(), Some("feed.jsonl:2"));
    let errs = errors(&out);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].contains("feed.jsonl:3"), "{}", errs[0]);
    assert!(
        errs[1].contains("feed.jsonl:4") && errs[1].contains("missing field `text`"),
        "{}",
        errs[1]
    );
}

const CSV: &str = "Heading,Text,Date,Url\nTroops move,\"Belarus moved troops toward the border, officials said.\",2022-12-07,https://example.org/1\nInspection,A snap inspection began.,13/12/2022,https://example.org/2\n";

#[test]
fn csv_with_mapping() {
    let options = IngestOptions {
        csv_mapping: Some(
            CsvMapping::parse_pairs("text=Text,title=Heading,published=Date,url=Url").unwrap(),
        ),
        ..IngestOptions::default()
    };
    let out = read_bytes("bulletins.csv", CSV.as_bytes(), &options);
    assert!(errors(&out).is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.documents.len(), 2);
    assert_eq!(out.documents[0].title.as_deref(), Some("Troops move"));
    assert_eq!(out.documents[0].published, date("2022-12-07"));
    assert_eq!(out.documents[1].origin.as_deref(), Some("bulletins.csv:3"));
}

#[test]
fn csv_sidecar_mapping_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bulletins.csv"), CSV).unwrap();
    std::fs::write(
        dir.path().join("bulletins.map.toml"),
        "text = \"Text\"\ntitle = \"Heading\"\npublished = \"Date\"\n",
    )
    .unwrap();
    let out = read_path(&dir.path().join("bulletins.csv"), &IngestOptions::default());
    assert_eq!(out.documents.len(), 2, "{:?}", out.diagnostics);
}

#[test]
fn bad_utf8_names_file_line_and_column() {
    let out = read_bytes(
        "bad.txt",
        b"first line\nsecond \xff line\n",
        &IngestOptions::default(),
    );
    assert!(out.documents.is_empty());
    let errs = errors(&out);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].contains("bad.txt:2:8") && errs[0].contains("invalid UTF-8"),
        "{}",
        errs[0]
    );
}

#[test]
fn bad_utf8_in_one_jsonl_line_keeps_the_others() {
    let mut bytes = br#"{"text":"Good line one.","published":"2022-12-01"}"#.to_vec();
    bytes.extend_from_slice(b"\n{\"text\":\"bad \xff\"}\n");
    bytes.extend_from_slice(br#"{"text":"Good line three.","published":"2022-12-02"}"#);
    let out = read_bytes("mixed.jsonl", &bytes, &IngestOptions::default());
    assert_eq!(out.documents.len(), 2);
    assert!(errors(&out)[0].contains("mixed.jsonl:2"));
}

#[test]
fn empty_file_is_an_error() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.html", b"  \n\n "),
        ("none.jsonl", b""),
    ] {
        let out = read_bytes(name, bytes, &IngestOptions::default());
        let errs = errors(&out);
        assert!(
            errs.len() == 1 && errs[0].contains(name) && errs[0].contains("empty file"),
            "{errs:?}"
        );
    }
}

#[test]
fn csv_missing_mapped_column_names_it() {
    let options = IngestOptions {
        csv_mapping: Some(CsvMapping::parse_pairs("text=Body,title=Heading").unwrap()),
        ..IngestOptions::default()
    };
    let out = read_bytes("news.csv", CSV.as_bytes(), &options);
    assert!(out.documents.is_empty());
    let errs = errors(&out);
    assert!(
        errs[0].contains("news.csv:1")
            && errs[0].contains("`Body`")
            && errs[0].contains("Heading, Text, Date, Url"),
        "{}",
        errs[0]
    );
}

#[test]
fn csv_without_mapping_says_how_to_give_one() {
    let out = read_bytes("news.csv", CSV.as_bytes(), &IngestOptions::default());
    assert!(errors(&out)[0].contains("--map"));
}

#[test]
fn malformed_mapping_toml_names_line() {
    let err =
        CsvMapping::parse_toml("text = \"Text\"\ntitle = Heading\n", "m.map.toml").unwrap_err();
    assert!(err.to_string().starts_with("m.map.toml:2:"), "{err}");
    let err =
        CsvMapping::parse_toml("text = \"Text\"\nheadline = \"H\"\n", "m.map.toml").unwrap_err();
    assert!(err.to_string().contains("headline"), "{err}");
    assert!(CsvMapping::parse_pairs("title=Heading").is_err());
    assert!(CsvMapping::parse_pairs("text=Body,colour=Red").is_err());
}

#[test]
fn missing_date_is_a_warning_and_default_fills_it() {
    let out = read_bytes(
        "plain.txt",
        b"Belarus moved troops.\n",
        &IngestOptions::default(),
    );
    assert_eq!(out.documents.len(), 1);
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("no publication date"))
    );
    let options = IngestOptions {
        default_published: date("2023-01-04"),
        ..IngestOptions::default()
    };
    let out = read_bytes("plain.txt", b"Belarus moved troops.\n", &options);
    assert_eq!(out.documents[0].published, date("2023-01-04"));
    assert!(out.diagnostics.is_empty());
}

#[test]
fn unsupported_extension_is_reported() {
    let out = read_bytes("report.pdf", b"%PDF", &IngestOptions::default());
    assert!(errors(&out)[0].contains("unsupported file type"));
}

#[test]
fn hash_ignores_rewrapping() {
    assert_eq!(crate::content_hash("a  b\nc"), crate::content_hash("a b c"));
    assert_ne!(crate::content_hash("a b c"), crate::content_hash("a b d"));
}

#[test]
fn discover_walks_folders_in_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for name in [
        "b.txt",
        "a.html",
        "sub/c.jsonl",
        "skip.pdf",
        "x.map.toml",
        ".hidden.txt",
    ] {
        std::fs::write(dir.path().join(name), "x").unwrap();
    }
    let (files, diagnostics) =
        crate::discover(&[dir.path().to_path_buf(), dir.path().join("missing.txt")]);
    let names: Vec<_> = files
        .iter()
        .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["a.html", "b.txt", "sub/c.jsonl"]);
    assert!(diagnostics[0].message.contains("no such file"));
}
