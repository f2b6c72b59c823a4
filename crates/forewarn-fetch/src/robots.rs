//! A small robots.txt reader (RFC 9309) for one crawler token: groups by `User-agent`,
//! `Allow`/`Disallow` with `*` and `$` patterns where the longest match wins and `Allow` wins a
//! tie, and the non-standard but widely used `Crawl-delay`.

use std::time::Duration;

/// The rules of one robots.txt that apply to our crawler.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
    /// Set when the file could not be read because the server failed: RFC 9309 says to assume
    /// a complete disallow then, since a broken server may be an overloaded one.
    disallow_all: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl Robots {
    /// No rules: everything allowed (robots.txt missing or 4xx).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing allowed (robots.txt unreachable).
    pub fn disallow_all() -> Robots {
        Robots {
            disallow_all: true,
            ..Robots::default()
        }
    }

    /// Reads a robots.txt for the crawler whose product token is `token` (e.g. `forewarn`).
    /// Groups naming the token apply; otherwise the `*` groups; otherwise nothing is disallowed.
    /// Lines that do not parse are ignored, as the RFC asks.
    pub fn parse(text: &str, token: &str) -> Robots {
        #[derive(Default)]
        struct Group {
            agents: Vec<String>,
            rules: Vec<Rule>,
            crawl_delay: Option<Duration>,
        }
        let mut groups: Vec<Group> = Vec::new();
        // True while reading the user-agent lines that open a group.
        let mut in_header = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((field, value)) = line.split_once(':') else {
                continue;
            };
            let field = field.trim().to_ascii_lowercase();
            let value = value.trim();
            match field.as_str() {
                "user-agent" => {
                    if !in_header {
                        groups.push(Group::default());
                        in_header = true;
                    }
                    // "forewarn/1.0" names the token "forewarn".
                    let agent = value
                        .split(['/', ' '])
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if let Some(group) = groups.last_mut() {
                        group.agents.push(agent);
                    }
                }
                "allow" | "disallow" | "crawl-delay" => {
                    in_header = false;
                    // Rules before any user-agent line belong to no group.
                    let Some(group) = groups.last_mut() else {
                        continue;
                    };
                    if field == "crawl-delay" {
                        if let Ok(seconds) = value.parse::<f64>()
                            && seconds.is_finite()
                            && seconds >= 0.0
                        {
                            group.crawl_delay =
                                Some(Duration::from_secs_f64(seconds.min(86_400.0)));
                        }
                    } else if !value.is_empty() {
                        // An empty Disallow allows everything; it adds no rule.
                        group.rules.push(Rule {
                            allow: field == "allow",
                            pattern: value.to_string(),
                        });
                    }
                }
                // Sitemap and unknown fields neither open nor close a group.
                _ => {}
            }
        }
        let token = token.to_ascii_lowercase();
        let ours: Vec<&Group> = groups
            .iter()
            .filter(|g| g.agents.contains(&token))
            .collect();
        let chosen = if ours.is_empty() {
            groups
                .iter()
                .filter(|g| g.agents.iter().any(|a| a == "*"))
                .collect()
        } else {
            ours
        };
        Robots {
            rules: chosen
                .iter()
                .flat_map(|g| g.rules.iter().cloned())
                .collect(),
            crawl_delay: chosen.iter().filter_map(|g| g.crawl_delay).max(),
            disallow_all: false,
        }
    }

    /// Whether `path` (the URL's path plus `?query`) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        if self.disallow_all {
            return false;
        }
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if matches(rule.pattern.as_bytes(), path.as_bytes()) {
                let candidate = (rule.pattern.len(), rule.allow);
                // Longest pattern wins; on a tie Allow wins (true > false).
                if best.is_none_or(|b| candidate > b) {
                    best = Some(candidate);
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    /// The `Crawl-delay` of the group that applies, if it set one.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }
}

/// Whether a robots pattern matches the start of `path`: `*` is any run of bytes and a final
/// `$` anchors the end.
fn matches(pattern: &[u8], path: &[u8]) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix(b"$") {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    // Iterative wildcard matching with one backtrack point, linear in practice.
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pattern.len() {
            if !anchored || s == path.len() {
                return true;
            }
        } else if pattern[p] == b'*' {
            star = Some((p, s));
            p += 1;
            continue;
        } else if s < path.len() && pattern[p] == path[s] {
            p += 1;
            s += 1;
            continue;
        }
        // Mismatch (or an anchored pattern that ended early): let the last `*` eat one more byte.
        match star {
            Some((sp, ss)) if ss < path.len() => {
                star = Some((sp, ss + 1));
                p = sp + 1;
                s = ss + 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_beats_the_star_group() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /\n\nUser-agent: Forewarn/0.1\nDisallow: /private\nCrawl-delay: 3\n",
            "forewarn",
        );
        assert!(robots.allows("/news/1"));
        assert!(!robots.allows("/private/x"));
        assert_eq!(robots.crawl_delay(), Some(Duration::from_secs(3)));
    }

    #[test]
    fn star_group_applies_when_we_are_not_named() {
        let robots = Robots::parse(
            "User-agent: googlebot\nDisallow:\n\nUser-agent: *\nDisallow: /x\n",
            "forewarn",
        );
        assert!(!robots.allows("/x/1"));
        assert!(robots.allows("/y"));
    }

    #[test]
    fn consecutive_user_agents_share_a_group() {
        let robots = Robots::parse(
            "User-agent: a\nUser-agent: forewarn\nDisallow: /a\nUser-agent: b\nDisallow: /b\n",
            "forewarn",
        );
        assert!(!robots.allows("/a"));
        assert!(robots.allows("/b"));
    }

    #[test]
    fn longest_match_wins_and_allow_wins_ties() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /news/\nAllow: /news/public\nDisallow: /page\nAllow: /page\n",
            "forewarn",
        );
        assert!(!robots.allows("/news/secret"));
        assert!(robots.allows("/news/public/1"));
        assert!(robots.allows("/page"));
    }

    #[test]
    fn wildcards_and_anchors() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\n",
            "forewarn",
        );
        assert!(!robots.allows("/files/a.pdf"));
        assert!(robots.allows("/files/a.pdf.html"));
        assert!(!robots.allows("/story?print=1"));
        assert!(robots.allows("/story?page=1"));
    }

    #[test]
    fn comments_junk_and_empty_files() {
        assert!(Robots::parse("", "forewarn").allows("/anything"));
        let robots = Robots::parse(
            "# hi\nnonsense line\nUser-agent: * # all\nDisallow: /a # no\n",
            "forewarn",
        );
        assert!(!robots.allows("/a"));
        assert!(Robots::disallow_all().allows("/robots.txt"));
        assert!(!Robots::disallow_all().allows("/"));
    }

    #[test]
    fn matcher_edge_cases() {
        assert!(matches(b"/", b"/"));
        assert!(matches(b"*", b""));
        assert!(matches(b"/a*b$", b"/axxb"));
        assert!(!matches(b"/a*b$", b"/axxbc"));
        assert!(matches(b"/a*b", b"/axxbc"));
        assert!(matches(b"$", b""));
        assert!(!matches(b"/$", b"/a"));
    }
}
