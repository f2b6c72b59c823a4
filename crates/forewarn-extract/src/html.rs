//! Main text and metadata from an HTML page.

use std::sync::LazyLock;

use chrono::NaiveDate;
use dom_smoothie::{Config, Readability, TextMode};
use forewarn_model::Diagnostic;
use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use serde_json::Value;

use crate::clean::{clean_paragraphs, paragraphs};
use crate::dates::parse_date;

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

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector(r#"link[rel~="canonical"]"#));
static HTML_TAG: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static WITH_CLASS: LazyLock<Selector> = LazyLock::new(|| selector("[class]"));
static SLIDE_BLOCKS: LazyLock<Selector> =
    LazyLock::new(|| selector("h1, h2, h3, h4, h5, h6, p, li, blockquote"));
static PARAGRAPHS: LazyLock<Selector> = LazyLock::new(|| selector("h1, h2, h3, h4, h5, h6, p, li"));

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
    let doc = Html::parse_document(html);
    let meta = read_meta(&doc);
    let ld = read_json_ld(&doc, &mut diagnostics);

    let (paras, slideshow, article) = match slide_walk(&doc) {
        Some(paras) => (paras, true, None),
        None => match readability(html, url, &mut diagnostics) {
            Some(article) => (paragraphs(&article.text_content), false, Some(article)),
            None => (fallback_paragraphs(&doc), false, None),
        },
    };

    let title = first([
        ld.headline.clone(),
        meta.title.clone(),
        article.as_ref().map(|a| a.title.to_string()),
        doc.select(&H1).next().map(element_text),
        doc.select(&TITLE).next().map(element_text),
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

fn first<const N: usize>(candidates: [Option<String>; N]) -> Option<String> {
    candidates
        .into_iter()
        .flatten()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|s| !s.is_empty())
}

fn element_text(el: ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

fn read_meta(doc: &Html) -> Meta {
    let mut m = Meta::default();
    for el in doc.select(&META) {
        let v = el.value();
        let key = v
            .attr("property")
            .or(v.attr("name"))
            .or(v.attr("itemprop"))
            .or(v.attr("http-equiv"));
        let (Some(key), Some(content)) = (key, v.attr("content")) else {
            continue;
        };
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        let slot = match key.to_ascii_lowercase().as_str() {
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
    m.canonical = doc
        .select(&CANONICAL)
        .find_map(|e| e.value().attr("href"))
        .map(|h| h.trim().to_string());
    if let Some(lang) = doc.select(&HTML_TAG).find_map(|e| e.value().attr("lang")) {
        m.lang = Some(lang.to_string());
    }
    let times: Vec<ElementRef> = doc.select(&TIME).collect();
    let preferred = times.iter().find(|t| {
        let v = t.value();
        v.attr("pubdate").is_some()
            || v.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
    });
    m.time = preferred
        .or(times.first())
        .and_then(|t| t.value().attr("datetime"))
        .map(str::to_string);
    m
}

#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    author: Option<String>,
    language: Option<String>,
}

fn read_json_ld(doc: &Html, diagnostics: &mut Vec<Diagnostic>) -> LinkedData {
    let mut objects = Vec::new();
    for script in doc.select(&JSON_LD) {
        let raw: String = script.text().collect();
        match serde_json::from_str::<Value>(raw.trim()) {
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

/// Every heading, paragraph and list item of the page, when readability gives nothing.
fn fallback_paragraphs(doc: &Html) -> Vec<String> {
    doc.select(&PARAGRAPHS)
        .filter(|e| !inside_furniture(*e, None))
        .map(element_text)
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_slide_class(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    t == "slide"
        || t.ends_with("-slide")
        || t.ends_with("_slide")
        || t == "slide-item"
        || t == "gallery-item"
}

fn has_slide_class(el: &ElementRef) -> bool {
    el.value().classes().any(is_slide_class)
}

/// The slides' headings and paragraphs in order, when the page is a slideshow.
fn slide_walk(doc: &Html) -> Option<Vec<String>> {
    let slides: Vec<ElementRef> = doc
        .select(&WITH_CLASS)
        .filter(has_slide_class)
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| has_slide_class(&a))
        })
        .collect();
    if slides.len() < 3 {
        return None;
    }
    let mut out = Vec::new();
    for slide in slides {
        let mut found = false;
        for block in slide.select(&SLIDE_BLOCKS) {
            // A paragraph inside a list item or quote is read with its container.
            let nested = block
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != slide.id())
                .any(|a| matches!(a.value().name(), "li" | "blockquote" | "p"));
            if nested || inside_furniture(block, Some(slide)) {
                continue;
            }
            let t = element_text(block);
            if !t.is_empty() {
                out.push(t);
                found = true;
            }
        }
        if !found {
            let t = element_text(slide);
            if !t.is_empty() {
                out.push(t);
            }
        }
    }
    Some(out)
}

/// Captions, credits, navigation and scripts are not article text.
fn inside_furniture(el: ElementRef, stop: Option<ElementRef>) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .take_while(|a| stop.is_none_or(|s| s.id() != a.id()))
        .any(|a| {
            let v = a.value();
            matches!(
                v.name(),
                "figcaption"
                    | "nav"
                    | "script"
                    | "style"
                    | "button"
                    | "aside"
                    | "footer"
                    | "noscript"
            ) || v.classes().any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("credit")
                    || c.contains("caption")
                    || c.contains("share")
                    || c.contains("advert")
            })
        })
}
