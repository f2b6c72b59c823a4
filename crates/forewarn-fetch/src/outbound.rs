//! Where outbound requests may go. Feeds, pages, robots.txt and webhooks are URLs that other
//! people choose, so by default only public addresses are connected to: loopback, private,
//! link-local (which holds the cloud metadata address), CGNAT, multicast, broadcast, reserved
//! and documentation ranges are refused, in IPv4, IPv6 and IPv4-mapped form.
//!
//! The check sits in the agent's resolver ([`GuardedResolver`]), so it sees the very addresses
//! the connection is then made to: a name that resolves to a private address, a DNS answer that
//! changes between two requests, and every redirect hop (each is a new connection through the
//! same resolver) are all caught. `--allow-private-hosts` ([`AddressPolicy::allow_private`])
//! turns it off for local setups.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// Which addresses outbound connections may reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    allow_private: bool,
    /// Addresses allowed although not public: lets a test stand in a loopback address for
    /// "a public host" while another loopback address keeps playing "a private one".
    exceptions: Vec<IpAddr>,
}

impl AddressPolicy {
    /// Public addresses only: the default.
    pub fn public_only() -> AddressPolicy {
        AddressPolicy::default()
    }

    /// Any address, for local setups (`--allow-private-hosts`).
    pub fn allow_private() -> AddressPolicy {
        AddressPolicy {
            allow_private: true,
            exceptions: Vec::new(),
        }
    }

    /// `public_only()` or `allow_private()` from a flag.
    pub fn from_flag(allow_private: bool) -> AddressPolicy {
        if allow_private {
            AddressPolicy::allow_private()
        } else {
            AddressPolicy::public_only()
        }
    }

    /// This policy, also allowing `ip` whatever its range.
    pub fn also_allowing(mut self, ip: IpAddr) -> AddressPolicy {
        self.exceptions.push(ip);
        self
    }

    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    /// `Err(range)` naming why `ip` is refused, e.g. "loopback".
    pub fn check(&self, ip: IpAddr) -> Result<(), &'static str> {
        if self.allow_private || self.exceptions.contains(&ip) {
            return Ok(());
        }
        match non_public_range(ip) {
            Some(range) => Err(range),
            None => Ok(()),
        }
    }

    /// A ureq agent whose every connection goes through this policy. Proxies are not used
    /// under a restrictive policy: a proxy resolves the target itself, out of our sight.
    pub fn agent(
        &self,
        config: ureq::config::ConfigBuilder<ureq::typestate::AgentScope>,
    ) -> ureq::Agent {
        let config = if self.allow_private {
            config
        } else {
            config.proxy(None)
        };
        ureq::Agent::with_parts(
            config.build(),
            DefaultConnector::default(),
            GuardedResolver {
                policy: self.clone(),
            },
        )
    }
}

/// The range a non-public address belongs to, or `None` for a public one.
pub fn non_public_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_range(v4),
        IpAddr::V6(v6) => v6_range(v6),
    }
}

fn v4_range(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() || a == 0 => "unspecified (0.0.0.0/8)",
        (127, _, _) => "loopback (127.0.0.0/8)",
        (10, _, _) => "private (10.0.0.0/8)",
        (172, 16..=31, _) => "private (172.16.0.0/12)",
        (192, 168, _) => "private (192.168.0.0/16)",
        (169, 254, _) => "link-local (169.254.0.0/16, cloud metadata)",
        (100, 64..=127, _) => "shared CGNAT (100.64.0.0/10)",
        (192, 0, 0) => "IETF protocol assignments (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast (224.0.0.0/4)",
        _ if ip.is_broadcast() => "broadcast",
        (240..=255, _, _) => "reserved (240.0.0.0/4)",
        _ => return None,
    })
}

fn v6_range(ip: Ipv6Addr) -> Option<&'static str> {
    // An IPv4 address wrapped in IPv6 reaches the IPv4 host, so it is judged as one.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_range(v4).map(|_| "IPv4-mapped non-public address");
    }
    let s = ip.segments();
    // NAT64's well-known prefix 64:ff9b::/96 translates to the IPv4 address in the low bits.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return v4_range(v4).map(|_| "NAT64 of a non-public IPv4 address");
    }
    Some(match s[0] {
        _ if ip.is_unspecified() => "unspecified (::)",
        _ if ip.is_loopback() => "loopback (::1)",
        // ::/96, the deprecated IPv4-compatible form, and other low addresses.
        0 if s[1..6] == [0; 5] => "IPv4-compatible or reserved (::/96)",
        0xfc00..=0xfdff => "unique local (fc00::/7)",
        0xfe80..=0xfebf => "link-local (fe80::/10)",
        0xfec0..=0xfeff => "site-local (fec0::/10)",
        0xff00..=0xffff => "multicast (ff00::/8)",
        0x2001 if s[1] == 0x0db8 => "documentation (2001:db8::/32)",
        0x0100 if s[1..4] == [0; 3] => "discard (100::/64)",
        // 6to4 embeds an IPv4 address in bits 16..48.
        0x2002 => {
            let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
            return v4_range(v4).map(|_| "6to4 of a non-public IPv4 address");
        }
        _ => return None,
    })
}

/// Why a host was not connected to: every address it resolved to is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused to connect to {host}: {addresses} (use --allow-private-hosts for local setups)")]
pub struct Refused {
    pub host: String,
    /// Each refused address with its range, e.g. "127.0.0.1 is loopback (127.0.0.0/8)".
    pub addresses: String,
}

impl Refused {
    /// The refusal inside a ureq error, if that is what it is.
    pub fn from_ureq(err: &ureq::Error) -> Option<&Refused> {
        match err {
            ureq::Error::Other(inner) => inner.downcast_ref::<Refused>(),
            _ => None,
        }
    }
}

/// A resolver that drops the addresses its policy refuses, and fails with [`Refused`] when none
/// is left.
#[derive(Debug)]
pub struct GuardedResolver {
    policy: AddressPolicy,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let resolved = DefaultResolver::default().resolve(uri, config, timeout)?;
        let mut kept = self.empty();
        let mut refused: Vec<String> = Vec::new();
        for addr in resolved.iter() {
            match self.policy.check(addr.ip()) {
                Ok(()) => kept.push(*addr),
                Err(range) => refused.push(describe(addr, range)),
            }
        }
        if kept.is_empty() {
            return Err(ureq::Error::Other(Box::new(Refused {
                host: uri.host().unwrap_or_default().to_string(),
                addresses: refused.join(", "),
            })));
        }
        if !refused.is_empty() {
            tracing::debug!(
                host = uri.host().unwrap_or_default(),
                refused = refused.join(", "),
                "skipped non-public addresses"
            );
        }
        Ok(kept)
    }
}

fn describe(addr: &SocketAddr, range: &str) -> String {
    format!("{} is {range}", addr.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn refuses_every_non_public_range_and_passes_public_ones() {
        let policy = AddressPolicy::public_only();
        for refused in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
        ] {
            assert!(policy.check(ip(refused)).is_err(), "{refused} was allowed");
        }
        for allowed in [
            "1.1.1.1",
            "8.8.8.8",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::",
        ] {
            assert_eq!(policy.check(ip(allowed)), Ok(()), "{allowed} was refused");
        }
    }

    #[test]
    fn the_option_and_exceptions_open_addresses() {
        assert_eq!(
            AddressPolicy::allow_private().check(ip("127.0.0.1")),
            Ok(())
        );
        let one = AddressPolicy::public_only().also_allowing(ip("127.0.0.1"));
        assert_eq!(one.check(ip("127.0.0.1")), Ok(()));
        assert_eq!(one.check(ip("127.0.0.2")), Err("loopback (127.0.0.0/8)"));
    }

    #[test]
    fn a_refused_host_is_a_typed_error_naming_host_and_address() {
        let agent = AddressPolicy::public_only().agent(ureq::Agent::config_builder());
        let err = agent.get("http://127.0.0.1:9/feed.xml").call().unwrap_err();
        let refused = Refused::from_ureq(&err).expect("a refusal");
        assert_eq!(refused.host, "127.0.0.1");
        assert_eq!(refused.addresses, "127.0.0.1 is loopback (127.0.0.0/8)");
    }
}
