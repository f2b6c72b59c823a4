//! A small, fast and forgiving HTML tree builder for main-text extraction.
//!
//! Why not html5ever: a spec-complete parser spends most of its time on things extraction
//! never looks at (scripts, styles, SVG, exact tree repair), and it was most of the cost of
//! readability on our benchmark. This one scans bytes with `memchr`, skips raw-text and
//! foreign elements wholesale, keeps only the attributes extraction reads, applies the common
//! implied end tags (`p`, `li`, `td`, `tr`, `dt`/`dd`, `option`, headings) and otherwise
//! closes tags by searching the open-element stack. Page metadata (meta tags, JSON-LD,
//! canonical link, `<html lang>`, `<title>`, `<time datetime>`) is collected in the same
//! pass. It never fails: anything unparseable becomes text or is skipped.

use std::borrow::Cow;

/// A page is read up to this many nodes (elements and text runs): a news page has a few
/// thousand, and each costs about 200 bytes, so a 32 MiB page of empty tags stays near 50 MB.
pub(crate) const MAX_NODES: usize = 250_000;

/// Deeper nesting is flattened: an element opened at this depth becomes a sibling of the deepest
/// open one, so the tree's depth, and so every walk up or down it, stays bounded.
const MAX_DEPTH: usize = 256;

#[derive(Debug)]
pub(crate) enum Kind {
    Element(Box<str>),
    /// Decoded text with runs of whitespace collapsed to one space.
    Text(Box<str>),
}

#[derive(Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub parent: usize,
    pub children: Vec<usize>,
    /// Lower-cased `class` attribute.
    pub class: Box<str>,
    /// Lower-cased `id` attribute.
    pub id: Box<str>,
    /// Lower-cased `itemprop`, `role` and `data-component`-like hints, space-separated.
    pub hints: Box<str>,
    /// `hidden`, `aria-hidden="true"` or an inline `display:none` / `visibility:hidden`.
    pub hidden: bool,
}

impl Node {
    pub fn tag(&self) -> &str {
        match &self.kind {
            Kind::Element(t) => t,
            Kind::Text(_) => "#text",
        }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Text(t) => Some(t),
            Kind::Element(_) => None,
        }
    }
}

/// The parsed page: node 0 is the document root; a child's index is always greater than its
/// parent's (nodes are created in document order), so reverse index order is a bottom-up walk.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    /// `(key, content)` of every `<meta>` with a name, property, itemprop or http-equiv; the
    /// key is lower-cased.
    pub meta: Vec<(String, String)>,
    pub json_ld: Vec<String>,
    pub title: Option<String>,
    pub canonical: Option<String>,
    pub lang: Option<String>,
    /// `datetime` of `<time>` elements and whether the element marks itself as the
    /// publication date (`pubdate`, `itemprop=datePublished`).
    pub times: Vec<(String, bool)>,
    /// Whether some element was nested past [`MAX_DEPTH`] and flattened.
    pub flattened: bool,
    /// Whether the page had more than [`MAX_NODES`] nodes and the rest was not read.
    pub truncated: bool,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose content is skipped to the matching end tag: raw text, foreign content and
/// things that are never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "template",
    "svg",
    "math",
    "select",
    "object",
    "canvas",
    "video",
    "audio",
    "plaintext",
];

/// Start tags that close an open `p` (HTML's "closes a p element" list).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];

/// Elements that bound the search for an open `p`, `li` and the like.
const SCOPE: &[&str] = &[
    "html", "table", "td", "th", "caption", "button", "template", "object", "marquee", "applet",
];

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Collapses whitespace runs to one space; keeps a leading/trailing space if there was one,
/// because it separates words across inline elements.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn decode(text: &str) -> Cow<'_, str> {
    if text.contains('&') {
        html_escape::decode_html_entities(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// Position of `</name` (any case) at or after `from`, and the position after its `>`.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> (usize, usize) {
    let mut at = from;
    while let Some(p) = memchr::memmem::find(&b[at..], b"</") {
        let start = at + p;
        let after = start + 2;
        let end = after + name.len();
        if end <= b.len()
            && b[after..end].eq_ignore_ascii_case(name.as_bytes())
            && b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            let close = memchr::memchr(b'>', &b[end..]).map_or(b.len(), |g| end + g + 1);
            return (start, close);
        }
        at = after;
    }
    (b.len(), b.len())
}

struct Attr<'a> {
    name: String,
    value: Cow<'a, str>,
}

/// Parses attributes from just after the tag name; returns them, whether the tag was
/// self-closed and the position after `>`.
fn parse_attrs<'a>(html: &'a str, mut i: usize) -> (Vec<Attr<'a>>, bool, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (attrs, self_closing, b.len());
        }
        if b[i] == b'>' {
            return (attrs, self_closing, i + 1);
        }
        self_closing = false;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == start {
            // A stray '=' or similar: skip it.
            i += 1;
            continue;
        }
        let name = html[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value: &str = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                value = &html[i + 1..end];
                i = (end + 1).min(b.len());
            } else {
                let s = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = &html[s..i];
            }
        }
        attrs.push(Attr {
            name,
            value: decode(value),
        });
    }
}

fn attr<'b>(attrs: &'b [Attr], name: &str) -> Option<&'b str> {
    attrs
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.value.as_ref())
}

impl Dom {
    fn push(&mut self, parent: usize, kind: Kind) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent,
            children: Vec::new(),
            class: "".into(),
            id: "".into(),
            hints: "".into(),
            hidden: false,
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn push_text(&mut self, parent: usize, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let text = collapse(&decode(raw));
        if text.is_empty() {
            return;
        }
        // Adjacent text (split by a skipped comment or element) joins up.
        if let Some(&last) = self.nodes[parent].children.last()
            && let Kind::Text(prev) = &mut self.nodes[last].kind
        {
            let mut joined = String::with_capacity(prev.len() + text.len());
            joined.push_str(prev);
            if joined.ends_with(' ') && text.starts_with(' ') {
                joined.push_str(&text[1..]);
            } else {
                joined.push_str(&text);
            }
            *prev = joined.into();
            return;
        }
        self.push(parent, Kind::Text(text.into()));
    }

    pub fn element_text(&self, id: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match &self.nodes[n].kind {
                Kind::Text(t) => out.push_str(t),
                Kind::Element(tag) => {
                    if &**tag == "br" {
                        out.push(' ');
                    }
                    stack.extend(self.nodes[n].children.iter().rev());
                }
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn ancestors(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = id;
        std::iter::from_fn(move || {
            if cur == 0 {
                return None;
            }
            cur = self.nodes[cur].parent;
            Some(cur)
        })
    }
}

/// Parses a page. Never fails; malformed markup degrades into text or is skipped.
pub(crate) fn parse(html: &str) -> Dom {
    let b = html.as_bytes();
    let mut dom = Dom::default();
    dom.nodes.push(Node {
        kind: Kind::Element("#root".into()),
        parent: 0,
        children: Vec::new(),
        class: "".into(),
        id: "".into(),
        hints: "".into(),
        hidden: false,
    });
    let mut stack: Vec<usize> = vec![0];
    let mut i = 0;
    while i < b.len() {
        if dom.nodes.len() >= MAX_NODES {
            dom.truncated = true;
            break;
        }
        let Some(p) = memchr::memchr(b'<', &b[i..]) else {
            let top = *stack.last().unwrap_or(&0);
            dom.push_text(top, &html[i..]);
            break;
        };
        let lt = i + p;
        let top = *stack.last().unwrap_or(&0);
        if lt > i {
            dom.push_text(top, &html[i..lt]);
        }
        let rest = &b[lt + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                i = memchr::memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3);
            }
            Some(b'!' | b'?') => {
                i = memchr::memchr(b'>', rest).map_or(b.len(), |e| lt + 1 + e + 1);
            }
            Some(b'/') => {
                let s = lt + 2;
                let mut e = s;
                // Custom elements have dashes (`</ps-header>`): the name runs to a space or `>`.
                while e < b.len() && !b[e].is_ascii_whitespace() && !matches!(b[e], b'>' | b'/') {
                    e += 1;
                }
                i = memchr::memchr(b'>', &b[e..]).map_or(b.len(), |g| e + g + 1);
                if e > s {
                    let name = html[s..e].to_ascii_lowercase();
                    close(&dom, &mut stack, &name);
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let s = lt + 1;
                let mut e = s;
                while e < b.len() && !b[e].is_ascii_whitespace() && !matches!(b[e], b'>' | b'/') {
                    e += 1;
                }
                let name = html[s..e].to_ascii_lowercase();
                let (attrs, _self_closing, after) = parse_attrs(html, e);
                i = after;
                start_tag(&mut dom, &mut stack, html, name, &attrs, &mut i);
            }
            _ => {
                dom.push_text(top, "<");
                i = lt + 1;
            }
        }
    }
    dom
}

fn close(dom: &Dom, stack: &mut Vec<usize>, name: &str) {
    // `</br>` is a line break in browsers; the rest close the nearest open element of that
    // name, if any (a stray end tag is ignored).
    if let Some(pos) = stack
        .iter()
        .rposition(|&n| n != 0 && dom.nodes[n].tag() == name)
    {
        stack.truncate(pos);
    }
}

/// Pops through the nearest open element in `names`, unless a boundary in `stop` (or the
/// general scope boundaries) comes first.
fn close_implied(dom: &Dom, stack: &mut Vec<usize>, names: &[&str], stop: &[&str]) {
    for pos in (1..stack.len()).rev() {
        let tag = dom.nodes[stack[pos]].tag();
        if names.contains(&tag) {
            stack.truncate(pos);
            return;
        }
        if stop.contains(&tag) || SCOPE.contains(&tag) {
            return;
        }
    }
}

fn start_tag(
    dom: &mut Dom,
    stack: &mut Vec<usize>,
    html: &str,
    name: String,
    attrs: &[Attr],
    i: &mut usize,
) {
    let b = html.as_bytes();
    match name.as_str() {
        "html" => {
            if dom.lang.is_none() {
                dom.lang = attr(attrs, "lang").map(str::to_string);
            }
            return;
        }
        "meta" => {
            let key = attr(attrs, "property")
                .or(attr(attrs, "name"))
                .or(attr(attrs, "itemprop"))
                .or(attr(attrs, "http-equiv"));
            if let (Some(k), Some(c)) = (key, attr(attrs, "content")) {
                dom.meta
                    .push((k.to_ascii_lowercase(), c.trim().to_string()));
            }
            return;
        }
        "link" => {
            if dom.canonical.is_none()
                && attr(attrs, "rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                })
            {
                dom.canonical = attr(attrs, "href").map(|h| h.trim().to_string());
            }
            return;
        }
        _ => {}
    }
    if name == "time"
        && let Some(dt) = attr(attrs, "datetime")
    {
        let preferred = attr(attrs, "pubdate").is_some()
            || attr(attrs, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"));
        dom.times.push((dt.to_string(), preferred));
    }
    if SKIPPED.contains(&name.as_str()) {
        let (content_end, after) = find_end_tag(b, *i, &name);
        let content = &html[(*i).min(content_end)..content_end];
        match name.as_str() {
            "title" if dom.title.is_none() => {
                dom.title = Some(collapse(&decode(content)).trim().to_string());
            }
            "script"
                if attr(attrs, "type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
            {
                dom.json_ld.push(content.to_string());
            }
            _ => {}
        }
        *i = after;
        return;
    }
    let tag = name.as_str();
    if CLOSES_P.contains(&tag) {
        close_implied(dom, stack, &["p"], &[]);
    }
    match tag {
        "li" => close_implied(dom, stack, &["li"], &["ul", "ol", "menu"]),
        "dt" | "dd" => close_implied(dom, stack, &["dt", "dd"], &["dl"]),
        "tr" => close_implied(dom, stack, &["tr"], &["tbody", "thead", "tfoot"]),
        "td" | "th" => {
            close_implied(dom, stack, &["td", "th"], &["tr"]);
        }
        "option" => close_implied(dom, stack, &["option"], &[]),
        t if is_heading(t) => {
            if let Some(&top) = stack.last()
                && is_heading(dom.nodes[top].tag())
            {
                stack.pop();
            }
        }
        _ => {}
    }
    let opens = !VOID.contains(&tag);
    // As Blink does past its depth limit: the new element becomes a sibling of the deepest
    // open one instead of its child, so its own content stays inside it.
    if opens && stack.len() >= MAX_DEPTH {
        stack.pop();
        dom.flattened = true;
    }
    let parent = *stack.last().unwrap_or(&0);
    let id = dom.push(parent, Kind::Element(name.clone().into_boxed_str()));
    let node = &mut dom.nodes[id];
    if let Some(c) = attr(attrs, "class") {
        node.class = c.to_ascii_lowercase().into();
    }
    if let Some(v) = attr(attrs, "id") {
        node.id = v.to_ascii_lowercase().into();
    }
    let hints: Vec<String> = ["itemprop", "role", "data-component", "itemtype"]
        .iter()
        .filter_map(|k| attr(attrs, k))
        .map(str::to_ascii_lowercase)
        .collect();
    if !hints.is_empty() {
        node.hints = hints.join(" ").into();
    }
    node.hidden = attr(attrs, "hidden").is_some()
        || attr(attrs, "aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || attr(attrs, "style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        });
    if opens {
        stack.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(dom: &Dom, id: usize) -> Vec<String> {
        dom.nodes[id]
            .children
            .iter()
            .map(|&c| match &dom.nodes[c].kind {
                Kind::Element(t) => t.to_string(),
                Kind::Text(t) => format!("'{t}'"),
            })
            .collect()
    }

    #[test]
    fn implied_ends_and_metadata() {
        let dom = parse(
            "<!doctype html><html lang=en-GB><head><title>A &amp; B</title>\
             <meta property='og:title' content='Og'><link rel=\"canonical\" href=\"/x\">\
             <script type=\"application/ld+json\">{\"a\":1}</script><script>if (a<b) {}</script>\
             </head><body><p>One<p>Two<ul><li>a<li>b</ul><!-- c --><time datetime=2022-01-02>x</time>\
             <my-box>in</my-box ></body>",
        );
        assert_eq!(dom.title.as_deref(), Some("A & B"));
        assert_eq!(dom.lang.as_deref(), Some("en-GB"));
        assert_eq!(dom.canonical.as_deref(), Some("/x"));
        assert_eq!(dom.json_ld, vec!["{\"a\":1}".to_string()]);
        assert_eq!(dom.meta[0], ("og:title".into(), "Og".into()));
        assert_eq!(dom.times[0].0, "2022-01-02");
        let body = dom
            .nodes
            .iter()
            .position(|n| n.tag() == "body")
            .expect("body");
        assert_eq!(tags(&dom, body), ["p", "p", "ul", "time", "my-box"]);
        let ul = dom.nodes.iter().position(|n| n.tag() == "ul").expect("ul");
        assert_eq!(tags(&dom, ul), ["li", "li"]);
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in [
            "",
            "<",
            "</",
            "<a",
            "<a href='",
            "<!--",
            "<script>",
            "<p>&#xFFFFFFFF; &bogus; é</p>",
            "</div></div><div",
            "<<>>",
            "<a =x b= c='d>",
        ] {
            let _ = parse(junk);
        }
        let deep = "<div>".repeat(5000) + "x";
        let dom = parse(&deep);
        assert!(dom.nodes.len() > 100);
        assert!(dom.flattened);
        assert!(!parse(&"<div>".repeat(MAX_DEPTH - 1)).flattened);
        let many = parse(&"<i>x</i>".repeat(MAX_NODES));
        assert!(many.truncated && many.nodes.len() <= MAX_NODES + 1);
        assert!(!parse(&"<i>x</i>".repeat(1000)).truncated);
    }
}
