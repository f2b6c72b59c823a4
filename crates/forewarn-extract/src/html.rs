//! Main text and metadata from an HTML page.

use chrono::NaiveDate;
use dom_smoothie::{Config, Readability, TextMode};
use forewarn_model::Diagnostic;
use serde::Serialize;
use serde_json::Value;

use crate::clean::{clean_paragraphs, paragraphs};
use crate::dates::parse_date;
use crate::dom::{self, Dom};
use crate::readable;

/// Below this many bytes of main text, readability gets a second look at the page.
const SHORT_TEXT: usize = 500;

/// What [`extract_html`] found in a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extracted {
    pub title: Option<String>,
    /// The cleaned main text: paragraphs separated by a blank line (see [`crate::clean_text`]).
    pub text: String,
    pub published: Option<NaiveDate>,
    pub author: Option<String>,
    pub canonical_url: Option<String>,
    /// Primary language subtag, lower-case ("en"), from `<html lang>` or the metadata.
    pub language: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the main text and metadata from an HTML page.
///
/// Metadata comes from JSON-LD (`headline`, `datePublished`, `author`), then meta tags
/// (`og:title`, `article:published_time`, `author`, …), `<link rel=canonical>`,
/// `<html lang>` and the first `<time datetime>`. The main text comes from dom_smoothie
/// (readability), except on slideshow pages (three or more elements classed as slides),
/// where readability tends to keep one slide and drop the rest, so a walker collects every
/// slide's heading and paragraphs instead. The text then goes through [`crate::clean_text`].
/// Problems (unparseable JSON-LD or dates, no main text found) are reported in
/// `diagnostics`; extraction itself never fails.
pub fn extract_html(html: &str, url: Option<&str>) -> Extracted {
    let mut diagnostics = Vec::new();
    let dom = dom::parse(html);
    if dom.truncated {
        diagnostics.push(Diagnostic::warning(
            "text",
            format!(
                "page has more than {} elements and text runs; only those before were read",
                dom::MAX_NODES
            ),
        ));
    }
    let meta = read_meta(&dom);
    let ld = read_json_ld(&dom, &mut diagnostics);

    let mut article = None;
    let ours = readable::extract(&dom).unwrap_or_default();
    let ours_len: usize = ours.iter().map(String::len).sum();
    // Carousels and menus use slide classes too; a slideshow is slides that carry the text.
    let slides = slide_walk(&dom).filter(|slides| {
        let total: usize = slides.iter().map(String::len).sum();
        total * 5 >= ours_len * 4
    });
    let (paras, slideshow) = match slides {
        Some(paras) => (paras, true),
        // Too little text usually means the page's layout defeated our scoring (a
        // single-paragraph teaser, text in unusual containers); readability's full parse is
        // the second opinion, taken when it finds clearly more. Not on a page nested past
        // our depth bound: readability walks the full tree, in time that grows with the
        // square of its depth (minutes at 30,000 levels).
        None if ours_len < SHORT_TEXT => {
            article = if dom.flattened {
                diagnostics.push(Diagnostic::warning(
                    "text",
                    "page nested too deep for a second opinion from readability; using our extraction",
                ));
                None
            } else {
                readability(html, url, &mut diagnostics)
            };
            let theirs = article
                .as_ref()
                .map(|a| paragraphs(&a.text_content))
                .unwrap_or_default();
            let theirs_len: usize = theirs.iter().map(String::len).sum();
            if theirs_len > ours_len * 2 {
                (theirs, false)
            } else if ours_len > 0 {
                (ours, false)
            } else {
                (fallback_paragraphs(&dom), false)
            }
        }
        None => (ours, false),
    };

    let title = first([
        ld.headline.clone(),
        meta.title.clone(),
        article.as_ref().map(|a| a.title.to_string()),
        first_h1(&dom),
        dom.title.clone(),
    ]);

    let mut paras = clean_paragraphs(paras, slideshow, false);
    // Readability often keeps the headline as the first line; it is the title, not text.
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if let (Some(t), Some(first)) = (&title, paras.first())
        && key(t) == key(first)
    {
        paras.remove(0);
    }
    let text = paras.join("\n\n");
    if text.is_empty() {
        diagnostics.push(Diagnostic::warning(
            "text",
            "no main text found in the page",
        ));
    }

    let date_candidates = [
        ("json-ld datePublished", ld.published.clone()),
        ("meta published time", meta.published.clone()),
        ("time datetime", meta.time.clone()),
        (
            "readability published time",
            article.as_ref().and_then(|a| a.published_time.clone()),
        ),
    ];
    let mut published = None;
    for (source, value) in date_candidates {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        match parse_date(&value) {
            Some(d) => {
                published = Some(d);
                break;
            }
            None => diagnostics.push(Diagnostic::warning(
                "published",
                format!("{source}: cannot read date `{value}`"),
            )),
        }
    }

    let author = first([
        ld.author.clone(),
        meta.author.clone(),
        article.as_ref().and_then(|a| a.byline.clone()),
    ])
    .map(|a| clean_author(&a))
    .filter(|a| !a.is_empty());

    let canonical_url = first([meta.canonical.clone(), meta.og_url.clone()])
        .map(|c| absolutise(&c, url))
        .or_else(|| url.map(str::to_string));

    let language = first([
        meta.lang.clone(),
        ld.language.clone(),
        article.as_ref().and_then(|a| a.lang.clone()),
    ])
    .and_then(|l| primary_language(&l));

    Extracted {
        title,
        text,
        published,
        author,
        canonical_url,
        language,
        diagnostics,
    }
}

/// [`extract_html`] for raw bytes: the charset comes from a byte-order mark, the page's
/// `<meta charset>` / `http-equiv` declaration, or a guess (UTF-8 if valid, else
/// windows-1252). When the encoding had to be guessed, or UTF-8 bytes were invalid, a warning
/// says so.
pub fn extract_html_bytes(bytes: &[u8], url: Option<&str>) -> Extracted {
    let (text, encoding) = crate::charset::decode_html(bytes);
    let mut extracted = extract_html(&text, url);
    if let Some(name) = encoding.filter(|n| n.contains('(')) {
        extracted
            .diagnostics
            .push(Diagnostic::warning("charset", format!("decoded as {name}")));
    }
    extracted
}

fn first<const N: usize>(candidates: [Option<String>; N]) -> Option<String> {
    candidates
        .into_iter()
        .flatten()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|s| !s.is_empty())
}

fn first_h1(dom: &Dom) -> Option<String> {
    let id = dom.nodes.iter().position(|n| n.tag() == "h1")?;
    Some(dom.element_text(id))
}

#[derive(Default)]
struct Meta {
    title: Option<String>,
    published: Option<String>,
    time: Option<String>,
    author: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    lang: Option<String>,
}

fn read_meta(dom: &Dom) -> Meta {
    let mut m = Meta::default();
    for (key, content) in &dom.meta {
        if content.is_empty() {
            continue;
        }
        let slot = match key.as_str() {
            "og:title" | "twitter:title" | "dc.title" => &mut m.title,
            "article:published_time"
            | "og:article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "dcterms.issued"
            | "sailthru.date"
            | "parsely-pub-date"
            | "article.published"
            | "originalpublicationdate" => &mut m.published,
            "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author"
            | "byl" => {
                if content.starts_with("http") {
                    continue;
                }
                &mut m.author
            }
            "og:url" => &mut m.og_url,
            "content-language" | "og:locale" | "dc.language" | "language" => &mut m.lang,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(content.to_string());
        }
    }
    m.canonical.clone_from(&dom.canonical);
    if let Some(lang) = &dom.lang {
        m.lang = Some(lang.clone());
    }
    m.time = dom
        .times
        .iter()
        .find(|(_, preferred)| *preferred)
        .or(dom.times.first())
        .map(|(t, _)| t.clone());
    m
}

#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    author: Option<String>,
    language: Option<String>,
}

fn read_json_ld(dom: &Dom, diagnostics: &mut Vec<Diagnostic>) -> LinkedData {
    let mut objects = Vec::new();
    for raw in &dom.json_ld {
        // Some CMSs wrap the JSON in a CDATA section or an HTML comment.
        let raw = raw
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        match serde_json::from_str::<Value>(raw) {
            Ok(v) => flatten(v, &mut objects),
            Err(e) => diagnostics.push(Diagnostic::warning(
                "json-ld",
                format!("unparseable JSON-LD: {e}"),
            )),
        }
    }
    let is_article = |o: &Value| {
        let types: Vec<&str> = match o.get("@type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        types.iter().any(|t| {
            t.ends_with("Article") || matches!(*t, "BlogPosting" | "Report" | "LiveBlogPosting")
        })
    };
    let Some(obj) = objects
        .iter()
        .find(|o| is_article(o))
        .or_else(|| objects.iter().find(|o| o.get("headline").is_some()))
    else {
        return LinkedData::default();
    };
    let string = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_string);
    LinkedData {
        headline: string("headline").or_else(|| string("name")),
        published: string("datePublished").or_else(|| string("dateCreated")),
        author: obj.get("author").and_then(author_names),
        language: string("inLanguage"),
    }
}

fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

fn author_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(author_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.trim().is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn clean_author(a: &str) -> String {
    let a = a.trim();
    let a = a
        .strip_prefix("By ")
        .or_else(|| a.strip_prefix("by "))
        .unwrap_or(a);
    a.trim().to_string()
}

fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() >= 2 && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some(primary)
}

/// Makes a root-relative or protocol-relative link absolute against the page URL.
fn absolutise(link: &str, base: Option<&str>) -> String {
    let Some(base) = base else {
        return link.to_string();
    };
    let Some(scheme_end) = base.find("://") else {
        return link.to_string();
    };
    if let Some(rest) = link.strip_prefix("//") {
        return format!("{}://{rest}", &base[..scheme_end]);
    }
    if link.starts_with('/') {
        let host_end = base[scheme_end + 3..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + 3 + i);
        return format!("{}{link}", &base[..host_end]);
    }
    link.to_string()
}

fn readability(
    html: &str,
    url: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<dom_smoothie::Article> {
    let config = || Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let reader = Readability::new(html, url, Some(config()))
        .or_else(|_| Readability::new(html, None, Some(config())));
    let result = reader.and_then(|mut r| r.parse());
    match result {
        Ok(article) if !article.text_content.trim().is_empty() => Some(article),
        Ok(_) => {
            diagnostics.push(Diagnostic::warning(
                "text",
                "readability found no main text; using all paragraphs",
            ));
            None
        }
        Err(e) => {
            diagnostics.push(Diagnostic::warning(
                "text",
                format!("readability failed ({e}); using all paragraphs"),
            ));
            None
        }
    }
}

/// Every heading, paragraph and list item of the page, when no extractor finds anything.
fn fallback_paragraphs(dom: &Dom) -> Vec<String> {
    (1..dom.nodes.len())
        .filter(|&i| PARAGRAPHS.contains(&dom.nodes[i].tag()))
        .filter(|&i| !inside_furniture(dom, i, None))
        // A paragraph inside a list item is read with its container.
        .filter(|&i| {
            !dom.ancestors(i)
                .any(|a| PARAGRAPHS.contains(&dom.nodes[a].tag()))
        })
        .map(|i| dom.element_text(i))
        .filter(|t| !t.is_empty())
        .collect()
}

const PARAGRAPHS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "p", "li"];
const SLIDE_BLOCKS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"];

fn is_slide_class(t: &str) -> bool {
    t == "slide"
        || t.ends_with("-slide")
        || t.ends_with("_slide")
        || t == "slide-item"
        || t == "gallery-item"
}

fn has_slide_class(dom: &Dom, id: usize) -> bool {
    dom.nodes[id]
        .class
        .split_ascii_whitespace()
        .any(is_slide_class)
}

/// The slides' headings and paragraphs in order, when the page is a slideshow.
fn slide_walk(dom: &Dom) -> Option<Vec<String>> {
    let slides: Vec<usize> = (1..dom.nodes.len())
        .filter(|&i| has_slide_class(dom, i))
        .filter(|&i| !dom.ancestors(i).any(|a| has_slide_class(dom, a)))
        .collect();
    let mut out = Vec::new();
    let mut with_text = 0;
    for slide in slides {
        let before = out.len();
        let mut found = false;
        let mut stack: Vec<usize> = dom.nodes[slide].children.iter().rev().copied().collect();
        while let Some(block) = stack.pop() {
            if inside_furniture(dom, block, Some(slide)) {
                continue;
            }
            if SLIDE_BLOCKS.contains(&dom.nodes[block].tag()) {
                // Read as a whole: a paragraph inside a list item or quote goes with it.
                let t = dom.element_text(block);
                if !t.is_empty() {
                    out.push(t);
                    found = true;
                }
                continue;
            }
            stack.extend(dom.nodes[block].children.iter().rev());
        }
        if !found {
            let t = dom.element_text(slide);
            if !t.is_empty() {
                out.push(t);
            }
        }
        // A slide with a line of text, not a menu entry or a bare image.
        let len: usize = out[before..].iter().map(String::len).sum();
        with_text += usize::from(len >= 40);
    }
    (with_text >= 3).then_some(out)
}

/// Captions, credits, navigation and sharing tools are not article text.
fn inside_furniture(dom: &Dom, id: usize, stop: Option<usize>) -> bool {
    std::iter::once(id)
        .chain(dom.ancestors(id))
        .take_while(|&a| stop != Some(a))
        .any(|a| {
            let n = &dom.nodes[a];
            matches!(
                n.tag(),
                "figcaption" | "nav" | "button" | "aside" | "footer"
            ) || n.class.split_ascii_whitespace().any(|c| {
                c.contains("credit")
                    || c.contains("caption")
                    || c.contains("share")
                    || c.contains("advert")
            })
        })
}
