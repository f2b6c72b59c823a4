//! Main-text detection on a [`Dom`]: readability's candidate scoring with trafilatura-style
//! pruning of boilerplate inside the chosen content.
//!
//! Steps: drop page furniture by tag, class/id and hidden flags; score every text block
//! (`1 + commas + length/100`, discounted by its link density) into its ancestors; pick the best
//! container (scaled by its link density), climb to a parent that scores as well, add siblings
//! that score close to it; render its blocks while skipping link-heavy lists, negative-class
//! containers and link-only lines.

use std::sync::LazyLock;

use regex::Regex;

use crate::dom::{Dom, Kind};

/// Elements that are never article text, with all they contain.
const DROP_TAGS: &[&str] = &[
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "head",
    "input",
    "dialog",
    "menu",
    "figure",
    "figcaption",
    "label",
    "map",
    "fieldset",
    "legend",
];

/// Inline elements: their text belongs to the nearest block around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "br",
    "wbr", "del", "ins", "img", "strike", "tt", "big", "nobr", "picture", "source", "abbr",
];

fn is_inline(tag: &str) -> bool {
    INLINE.contains(&tag)
}

/// Readability's "unlikely candidate" words plus calls to action and ad slots we see in news
/// pages; matched against class and id.
static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"-ad-|\bad\b|\bads\b|adslot|ad-slot|advert|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|cookie|consent|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|subscribe|signup|sign-up|promo|share|sharing|outbrain|taboola|recirc|more-stories|trending|most-popular|mostread|most-read|toolbar|skip-link|author-bio|authorbio|paywall|print-only|visually-hidden|sr-only|screen-reader",
    )
    .expect("valid regex")
});

static OK_MAYBE: LazyLock<Regex> = LazyLock::new(|| {
    // "embed": embedded posts (tweets, videos' descriptions) sit in "social-embed" boxes and
    // belong to the story.
    Regex::new(r"and|article|body|column|content|main|mathjax|shadow|embed").expect("valid regex")
});

static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|caption|credit|byline|newsletter|subscribe|social|teaser|recommend",
    )
    .expect("valid regex")
});

static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
    )
    .expect("valid regex")
});

const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
    "banner",
    "contentinfo",
    "search",
];

#[derive(Clone, Copy, Default)]
struct Stats {
    /// Non-whitespace characters of kept text in the subtree.
    text: u32,
    /// Of those, characters inside links.
    link: u32,
    commas: u32,
    /// Characters in the node's own inline text (not inside a child block).
    own: u32,
    own_link: u32,
    own_commas: u32,
    paragraphs: u32,
    images: u32,
    items: u32,
    /// Has a block-level child element.
    has_block: bool,
}

fn class_weight(dom: &Dom, id: usize) -> f32 {
    let n = &dom.nodes[id];
    let mut w = 0.0;
    for s in [&*n.class, &*n.id] {
        if s.is_empty() {
            continue;
        }
        if NEGATIVE.is_match(s) {
            w -= 25.0;
        }
        if POSITIVE.is_match(s) {
            w += 25.0;
        }
    }
    if n.hints.contains("articlebody") || n.hints.contains("main") {
        w += 25.0;
    }
    w
}

/// Whether an element is page furniture. `share` is the element's share of the page's text:
/// an element holding most of the page is the article's wrapper whatever its class says
/// ("page-ad-margins", "elementor-widget").
fn drop_node(dom: &Dom, id: usize, share: f32) -> bool {
    let n = &dom.nodes[id];
    let Kind::Element(tag) = &n.kind else {
        return false;
    };
    let tag = &**tag;
    if n.hidden || DROP_TAGS.contains(&tag) {
        return true;
    }
    if matches!(tag, "body" | "html" | "#root" | "article" | "main" | "a") {
        return false;
    }
    if n.hints.contains("articlebody") || share > 0.5 {
        return false;
    }
    if n.hints
        .split_whitespace()
        .any(|r| UNLIKELY_ROLES.contains(&r))
    {
        return true;
    }
    let both = format!("{} {}", n.class, n.id);
    both.trim() != "" && UNLIKELY.is_match(&both) && !OK_MAYBE.is_match(&both)
}

fn chars(s: &str) -> u32 {
    s.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// The main text of the page as paragraphs, or `None` when no block of text was found.
pub(crate) fn extract(dom: &Dom) -> Option<Vec<String>> {
    let n = dom.nodes.len();
    // Text per subtree before anything is dropped, for the share guard in `drop_node`.
    let mut raw = vec![0u32; n];
    for i in (1..n).rev() {
        if let Some(t) = dom.nodes[i].text() {
            raw[i] = chars(t);
        }
        raw[dom.nodes[i].parent] += raw[i];
    }
    let total = raw[0].max(1) as f32;
    let mut dropped = vec![false; n];
    for (i, &text) in raw.iter().enumerate().skip(1) {
        dropped[i] = dropped[dom.nodes[i].parent] || drop_node(dom, i, text as f32 / total);
    }
    let mut stats = vec![Stats::default(); n];
    // Own inline text goes to the nearest block ancestor.
    for (node, _) in dom.nodes.iter().zip(&dropped).skip(1).filter(|(_, d)| !**d) {
        let Some(t) = node.text() else {
            continue;
        };
        let c = chars(t);
        let commas = t.matches([',', '،', '、', '，']).count() as u32;
        let mut in_link = false;
        let mut cur = node.parent;
        while cur != 0 && is_inline(dom.nodes[cur].tag()) {
            in_link |= dom.nodes[cur].tag() == "a";
            cur = dom.nodes[cur].parent;
        }
        let s = &mut stats[cur];
        s.own += c;
        s.own_commas += commas;
        if in_link {
            s.own_link += c;
        }
    }
    // Subtree totals, bottom-up.
    for i in (1..n).rev() {
        if dropped[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let mut s = stats[i];
        match &node.kind {
            Kind::Text(t) => {
                s.text += chars(t);
                s.commas += t.matches([',', '،', '、', '，']).count() as u32;
            }
            Kind::Element(tag) => {
                let tag = &**tag;
                if tag == "a" {
                    s.link = s.text;
                }
                match tag {
                    "p" => s.paragraphs += 1,
                    "img" => s.images += 1,
                    "li" => s.items += 1,
                    _ => {}
                }
            }
        }
        stats[i] = s;
        let p = node.parent;
        let parent_block = !is_inline(node.tag()) && node.text().is_none();
        let ps = &mut stats[p];
        ps.text += s.text;
        ps.link += s.link;
        ps.commas += s.commas;
        ps.paragraphs += s.paragraphs;
        ps.images += s.images;
        ps.items += s.items;
        ps.has_block |= parent_block;
    }

    // Score paragraphs into their ancestors.
    let mut score: Vec<Option<f32>> = vec![None; n];
    let init = |dom: &Dom, id: usize| -> f32 {
        let tag = dom.nodes[id].tag();
        let base = match tag {
            "div" | "article" | "main" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        base + class_weight(dom, id)
    };
    for i in 1..n {
        if dropped[i] || dom.nodes[i].text().is_some() {
            continue;
        }
        let s = stats[i];
        if s.own < 25 || is_inline(dom.nodes[i].tag()) {
            continue;
        }
        let ld = s.own_link as f32 / s.own.max(1) as f32;
        let add = (1.0 + s.own_commas as f32 + (s.own as f32 / 100.0).min(3.0)) * (1.0 - ld);
        // A block that mixes text with child blocks holds its text as if in a paragraph of
        // its own, so it is a candidate itself.
        let first = if s.has_block { i } else { dom.nodes[i].parent };
        let mut cur = first;
        for level in 0..5 {
            if cur == 0 {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            let v = score[cur].get_or_insert_with(|| init(dom, cur));
            *v += add / divider;
            cur = dom.nodes[cur].parent;
        }
    }
    let link_density = |id: usize| stats[id].link as f32 / stats[id].text.max(1) as f32;
    let final_score = |id: usize| score[id].map(|s| s * (1.0 - link_density(id)));

    let mut ranked: Vec<(usize, f32)> = (1..n)
        .filter_map(|i| final_score(i).map(|s| (i, s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let &(mut top, top_score) = ranked.first()?;

    // Several strong candidates under one ancestor: the ancestor is the article.
    let alternatives: Vec<usize> = ranked[1..ranked.len().min(5)]
        .iter()
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|&(i, _)| i)
        .collect();
    if alternatives.len() >= 3 {
        for anc in dom.ancestors(top) {
            if anc == 0 || dom.nodes[anc].tag() == "body" {
                break;
            }
            let containing = alternatives
                .iter()
                .filter(|&&a| dom.ancestors(a).any(|x| x == anc))
                .count();
            if containing >= 3 {
                top = anc;
                break;
            }
        }
    }
    // Climb while the parent scores about as well (the article split into sections).
    let mut last = final_score(top).unwrap_or(top_score);
    let threshold = last / 3.0;
    let mut parent = dom.nodes[top].parent;
    while parent != 0 && dom.nodes[parent].tag() != "body" {
        let Some(ps) = final_score(parent) else {
            parent = dom.nodes[parent].parent;
            continue;
        };
        if ps < threshold {
            break;
        }
        if ps > last {
            top = parent;
            break;
        }
        last = ps;
        parent = dom.nodes[parent].parent;
    }
    // An only child stands for its parent.
    loop {
        let p = dom.nodes[top].parent;
        if p == 0 || dom.nodes[p].tag() == "body" {
            break;
        }
        let kept = dom.nodes[p]
            .children
            .iter()
            .filter(|&&c| !dropped[c] && dom.nodes[c].text().is_none_or(|t| !t.trim().is_empty()))
            .count();
        if kept != 1 {
            break;
        }
        top = p;
    }

    // Siblings that look like more of the article.
    let top_final = final_score(top).unwrap_or(top_score);
    let sibling_threshold = (top_final * 0.2).max(10.0);
    let parent = dom.nodes[top].parent;
    let mut selected = Vec::new();
    for &s in &dom.nodes[parent].children {
        if s == top {
            selected.push(s);
            continue;
        }
        if dropped[s] || dom.nodes[s].text().is_some() {
            continue;
        }
        let same_class =
            !dom.nodes[top].class.is_empty() && dom.nodes[s].class == dom.nodes[top].class;
        let bonus = if same_class { top_final * 0.2 } else { 0.0 };
        if final_score(s).is_some_and(|sc| sc + bonus >= sibling_threshold) {
            selected.push(s);
            continue;
        }
        // A further section of the same kind (the article split into blocks, live-blog
        // entries) whose paragraphs sit too deep to have scored here.
        if same_class && stats[s].text >= 200 && link_density(s) < 0.3 {
            selected.push(s);
            continue;
        }
        if dom.nodes[s].tag() == "p" {
            let len = stats[s].text;
            let ld = link_density(s);
            let text = dom.element_text(s);
            if (len > 80 && ld < 0.25) || (len > 0 && len <= 80 && ld == 0.0 && text.ends_with('.'))
            {
                selected.push(s);
            }
        }
    }

    let mut out = String::new();
    for &s in &selected {
        render(dom, s, &dropped, &stats, stats[s].text, &mut out);
    }
    let paras: Vec<String> = out
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (!paras.is_empty()).then_some(paras)
}

/// Whether a container inside the content is furniture (readability's "clean conditionally").
fn junk_container(dom: &Dom, id: usize, s: &Stats) -> bool {
    let tag = dom.nodes[id].tag();
    let list = matches!(tag, "ul" | "ol" | "dl");
    // Quotes and embedded posts are link-heavy but are the story's own material.
    let class = &dom.nodes[id].class;
    if tag == "blockquote" || class.contains("embed") || class.contains("tweet") {
        return false;
    }
    let weight = class_weight(dom, id);
    if weight < 0.0 {
        return true;
    }
    let ld = s.link as f32 / s.text.max(1) as f32;
    if !list && !s.has_block {
        // A paragraph-like block: only link-only lines go.
        return s.text > 0 && ld > 0.6;
    }
    if s.commas >= 10 {
        return false;
    }
    let p = s.paragraphs as f32;
    (s.images > 1 && p / (s.images as f32) < 0.5 && tag != "figure")
        || (!list && s.items as f32 > p && s.text < 500 && ld > 0.1)
        || (s.text < 25 && (s.images == 0 || s.images > 2) && !list && tag != "table")
        || (weight < 25.0 && ld > 0.2 && (list || s.text < 1000))
        || (weight >= 25.0 && ld > 0.5)
}

/// Writes the text of `root`, blocks on lines of their own. A container holding more than
/// half of the root's text (`root_text`) is never dropped as furniture: it is the article.
fn render(
    dom: &Dom,
    root: usize,
    dropped: &[bool],
    stats: &[Stats],
    root_text: u32,
    out: &mut String,
) {
    let mut stack = vec![(root, false)];
    while let Some((id, closing)) = stack.pop() {
        let node = &dom.nodes[id];
        if closing {
            out.push('\n');
            continue;
        }
        if dropped[id] {
            continue;
        }
        match &node.kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element(tag) => {
                let tag = &**tag;
                if tag == "br" {
                    out.push('\n');
                    continue;
                }
                if tag == "h1" {
                    continue;
                }
                let block = !is_inline(tag);
                if block
                    && id != root
                    && stats[id].text * 2 <= root_text
                    && junk_container(dom, id, &stats[id])
                {
                    continue;
                }
                if block {
                    out.push('\n');
                    stack.push((id, true));
                }
                stack.extend(node.children.iter().rev().map(|&c| (c, false)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::parse;

    #[test]
    fn picks_the_article_and_leaves_furniture() {
        let page = r##"<html><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div class="sidebar"><p>Most read, today, again, and more stories here for you</p></div>
            <div class="article-body">
              <h1>Title</h1>
              <p>Troops moved towards the border on Tuesday, officials said, in a long column.</p>
              <div class="share-tools"><a href="#">Share</a></div>
              <p>The ministry, which did not comment, has denied any plans for an attack.</p>
              <ul class="links"><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul>
            </div>
            <footer><p>Copyright, all rights reserved, and so on, forever.</p></footer>
            </body></html>"##;
        let paras = extract(&parse(page)).expect("text");
        assert_eq!(
            paras,
            [
                "Troops moved towards the border on Tuesday, officials said, in a long column.",
                "The ministry, which did not comment, has denied any plans for an attack."
            ]
        );
    }

    #[test]
    fn nothing_to_find() {
        assert!(extract(&parse("")).is_none());
        assert!(extract(&parse("<div><a href=x>x</a></div>")).is_none());
    }
}
