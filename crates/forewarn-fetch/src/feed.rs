//! RSS and Atom (and JSON Feed) parsing with feed-rs, reduced to what we fetch: each item's
//! article link, title, date and its own text (feeds send HTML in titles and descriptions;
//! both become plain text here).

use chrono::NaiveDate;
use url::Url;

/// One feed item that points at an article page.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The article page, absolute, without a fragment.
    pub link: Url,
    pub title: Option<String>,
    /// The item's publication date (or its update date when it has none).
    pub published: Option<NaiveDate>,
    /// The item's own text as plain text: its full content, else its description (summary).
    /// Ingested in place of the page when the page holds no text we can read.
    pub text: Option<String>,
}

/// A parsed feed: its items with links, and how many items had no usable link.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
    pub without_link: usize,
}

/// Parses feed bytes; relative links resolve against `base` (the feed's final URL).
pub fn parse_feed(bytes: &[u8], base: &Url) -> Result<ParsedFeed, String> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build();
    let feed = parser.parse(bytes).map_err(|err| err.to_string())?;
    let mut parsed = ParsedFeed {
        title: feed.title.map(|t| t.content.trim().to_string()),
        ..ParsedFeed::default()
    };
    for entry in feed.entries {
        // The article is the alternate link; an RSS <guid> that is a URL will do otherwise.
        let href = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| l.href.as_str())
            .or_else(|| entry.id.starts_with("http").then_some(entry.id.as_str()));
        let link = href
            .and_then(|h| base.join(h.trim()).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        let Some(mut link) = link else {
            parsed.without_link += 1;
            continue;
        };
        link.set_fragment(None);
        let plain = |s: &str| forewarn_extract::clean_fragment(s).trim().to_string();
        let text = entry
            .content
            .and_then(|c| c.body)
            .map(|b| plain(&b))
            .filter(|t| !t.is_empty())
            .or_else(|| entry.summary.map(|s| plain(&s.content)))
            .filter(|t| !t.is_empty());
        parsed.items.push(FeedItem {
            link,
            title: entry
                .title
                .map(|t| {
                    forewarn_extract::clean_inline(&t.content)
                        .trim()
                        .to_string()
                })
                .filter(|t| !t.is_empty()),
            published: entry.published.or(entry.updated).map(|d| d.date_naive()),
            text,
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("http://news.example/feeds/rss.xml").unwrap()
    }

    #[test]
    fn rss_items_with_relative_links_and_dates() {
        let xml = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
            <item><title> Drills </title><link>/a/1.html#top</link><pubDate>Tue, 13 Dec 2022 08:00:00 GMT</pubDate></item>
            <item><title>No link</title><description>x</description></item>
            <item><guid>http://news.example/a/2</guid></item>
            </channel></rss>"#;
        let feed = parse_feed(xml, &base()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Wire"));
        assert_eq!(feed.items.len(), 2);
        assert_eq!(feed.items[0].link.as_str(), "http://news.example/a/1.html");
        assert_eq!(feed.items[0].title.as_deref(), Some("Drills"));
        assert_eq!(
            feed.items[0].published,
            NaiveDate::from_ymd_opt(2022, 12, 13)
        );
        assert_eq!(feed.items[1].link.as_str(), "http://news.example/a/2");
        assert_eq!(feed.without_link, 1);
    }

    #[test]
    fn atom_alternate_link() {
        let xml = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id><updated>2024-01-02T00:00:00Z</updated>
            <entry><id>tag:1</id><title>T</title><updated>2024-01-02T00:00:00Z</updated>
            <link rel="self" href="http://news.example/self"/><link rel="alternate" href="http://news.example/story"/></entry></feed>"#;
        let feed = parse_feed(xml, &base()).unwrap();
        assert_eq!(feed.items[0].link.as_str(), "http://news.example/story");
        assert_eq!(feed.items[0].published, NaiveDate::from_ymd_opt(2024, 1, 2));
    }

    #[test]
    fn item_html_becomes_plain_text() {
        let xml = include_bytes!("../tests/fixtures/html-items.xml");
        let feed = parse_feed(xml, &base()).unwrap();
        let items: Vec<String> = feed
            .items
            .iter()
            .map(|i| {
                format!(
                    "{}\ntitle: {:?}\ntext: {:?}",
                    i.link,
                    i.title.as_deref().unwrap_or(""),
                    i.text.as_deref().unwrap_or("")
                )
            })
            .collect();
        insta::assert_snapshot!(items.join("\n\n"));
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(parse_feed(b"<rss><channel><item><title>x</title></chan", &base()).is_err());
        assert!(parse_feed(b"this is not a feed", &base()).is_err());
    }
}
