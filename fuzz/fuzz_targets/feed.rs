//! Feed bytes (RSS, Atom, JSON Feed) through feed-rs and our item reduction.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use url::Url;

static BASE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("https://news.example/feeds/rss.xml").expect("valid"));

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = forewarn_fetch::parse_feed(data, &BASE) {
        for item in &feed.items {
            assert!(matches!(item.link.scheme(), "http" | "https"));
            assert!(item.link.fragment().is_none());
        }
    }
});
