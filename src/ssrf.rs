//! The SSRF guard: refuses recipient addresses that point inside the network (private,
//! loopback, link-local, cloud metadata ...), checked after DNS resolution both when a
//! subscription is saved and on every connection, so DNS rebinding cannot get around it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;
use url::Url;

use crate::error::{Error, ErrorKind, Result};

/// Which addresses recipients may resolve to.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    /// Off only for development: every address is allowed.
    pub disabled: bool,
    /// Networks allowed even though they are internal (for example 127.0.0.1/32 in tests).
    pub allow: Vec<IpNet>,
}

impl AddressPolicy {
    pub fn new(enabled: bool, allow: Vec<IpNet>) -> Arc<Self> {
        Arc::new(Self { disabled: !enabled, allow })
    }

    /// `Some(reason)` when the address is refused. An IPv6 address that carries an IPv4
    /// address (mapped, compatible, NAT64, 6to4, Teredo, ISATAP) is judged by that address too.
    pub fn refusal(&self, ip: IpAddr) -> Option<&'static str> {
        if self.disabled || self.allowed(ip) {
            return None;
        }
        if let IpAddr::V6(v6) = ip {
            if let Some(reason) = embedded_v4(v6).into_iter().find_map(|v4| {
                let v4 = IpAddr::V4(v4);
                if self.allowed(v4) { None } else { internal_range(v4) }
            }) {
                return Some(reason);
            }
        }
        internal_range(ip)
    }

    fn allowed(&self, ip: IpAddr) -> bool {
        self.allow.iter().any(|net| net.contains(&ip))
    }

    /// Resolves `host:port` and keeps the allowed addresses; refuses when none is allowed.
    pub async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>> {
        let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| Error::with_source(ErrorKind::Validation, format!("cannot resolve host '{host}'"), e))?
            .collect();
        let mut refused = None;
        let allowed: Vec<SocketAddr> = found
            .into_iter()
            .filter(|addr| match self.refusal(addr.ip()) {
                Some(reason) => {
                    refused = Some((addr.ip(), reason));
                    false
                }
                None => true,
            })
            .collect();
        match (allowed.is_empty(), refused) {
            (true, Some((ip, reason))) => Err(ssrf_error(host, ip, reason)),
            (true, None) => Err(Error::validation(format!("host '{host}' has no address"))),
            (false, _) => Ok(allowed),
        }
    }

    /// Checks a recipient URL: http(s), a host, and an address the policy allows.
    pub async fn check_url(&self, url: &Url) -> Result<()> {
        let host = url.host_str().ok_or_else(|| Error::validation(format!("the URL '{url}' has no host")))?;
        let port = url.port_or_known_default().unwrap_or(80);
        if let Some(ip) = literal_ip(url) {
            return match self.refusal(ip) {
                Some(reason) => Err(ssrf_error(host, ip, reason)),
                None => Ok(()),
            };
        }
        self.resolve(host, port).await.map(|_| ())
    }
}

fn ssrf_error(host: &str, ip: IpAddr, reason: &str) -> Error {
    Error::new(
        ErrorKind::Ssrf,
        format!("the recipient '{host}' resolves to {ip}, a {reason} address; add it to the SSRF allow-list to permit it"),
    )
}

/// The IP of a URL whose host is an IP literal (these bypass DNS resolvers).
pub fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        url::Host::Domain(_) => None,
    }
}

/// Why an address is internal, or `None` for a public address.
fn internal_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => internal_v6(v6),
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if a == 169 && b == 254 {
        Some("link-local or cloud metadata")
    } else if a == 100 && (64..128).contains(&b) {
        Some("carrier-grade NAT")
    } else if a == 0 || ip.is_broadcast() || a >= 224 {
        Some("unspecified, multicast or reserved")
    } else if (a == 192 && b == 0 && c == 0) || (a == 198 && (18..20).contains(&b)) {
        Some("special-purpose")
    } else if ip.is_documentation() {
        Some("documentation")
    } else {
        None
    }
}

fn internal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() || ip.is_multicast() {
        Some("unspecified or multicast")
    } else if seg[0] & 0xfe00 == 0xfc00 {
        Some("unique local (private)")
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if seg[0] & 0xffc0 == 0xfec0 {
        Some("site-local (private)")
    } else if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        Some("documentation")
    } else if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2] == 1 {
        Some("local-use NAT64")
    } else if seg[0] == 0x100 && seg[1..4] == [0, 0, 0] {
        Some("discard-only")
    } else {
        None
    }
}

/// The IPv4 addresses an IPv6 address stands for, by the forms that embed one: IPv4-mapped
/// (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`),
/// NAT64 (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::`), Teredo (`2001:0::`, server and
/// client) and ISATAP (`…:5efe:a.b.c.d`).
fn embedded_v4(ip: Ipv6Addr) -> Vec<Ipv4Addr> {
    let seg = ip.segments();
    let v4 = |high: u16, low: u16| Ipv4Addr::new((high >> 8) as u8, high as u8, (low >> 8) as u8, low as u8);
    let last = v4(seg[6], seg[7]);
    let mut found = Vec::new();
    if seg[0..5] == [0, 0, 0, 0, 0] && (seg[5] == 0xffff || (seg[5] == 0 && (seg[6] != 0 || seg[7] > 1))) {
        found.push(last);
    }
    if seg[0..4] == [0, 0, 0, 0] && seg[4] == 0xffff && seg[5] == 0 {
        found.push(last);
    }
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6] == [0, 0, 0, 0] {
        found.push(last);
    }
    if seg[0] == 0x2002 {
        found.push(v4(seg[1], seg[2]));
    }
    if seg[0] == 0x2001 && seg[1] == 0 {
        found.push(v4(seg[2], seg[3]));
        found.push(v4(!seg[6], !seg[7]));
    }
    if seg[4] & 0xfdff == 0 && seg[5] == 0x5efe {
        found.push(last);
    }
    found
}

/// A DNS resolver for the HTTP client that drops refused addresses, so the guard also holds
/// when a name resolves differently at delivery time than when it was saved.
pub struct GuardedResolver(pub Arc<AddressPolicy>);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = Arc::clone(&self.0);
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs = policy.resolve(&host, 0).await.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(ip: &str) -> bool {
        AddressPolicy::default().refusal(ip.parse().unwrap()).is_some()
    }

    #[test]
    fn internal_addresses_are_refused() {
        for ip in [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fd00:ec2::254", "fe80::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
    }

    #[test]
    fn ipv6_forms_that_embed_an_internal_ipv4_address_are_refused() {
        for ip in [
            "::127.0.0.1", "::10.0.0.1", "::ffff:0:127.0.0.1", "::ffff:0:a9fe:a9fe", "2002:7f00:1::",
            "2002:a9fe:a9fe::1", "2002:c0a8:101:1::1", "2001:0:7f00:1::", "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2001:db9::5efe:10.0.0.1", "2600::200:5efe:192.168.1.1", "fec0::1", "fed0::1", "64:ff9b:1::a",
            "100::1",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "::8.8.8.8", "2002:808:808::1",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "64:ff9b::808:808",
        ] {
            assert!(!refused(ip), "{ip} should pass");
        }
    }

    #[test]
    fn the_allow_list_opens_a_network() {
        let policy = AddressPolicy { disabled: false, allow: vec!["127.0.0.1/32".parse().unwrap()] };
        assert!(policy.refusal("127.0.0.1".parse().unwrap()).is_none());
        assert!(policy.refusal("127.0.0.2".parse().unwrap()).is_some());
    }

    #[tokio::test]
    async fn names_are_checked_after_resolution() {
        let policy = AddressPolicy::default();
        let err = policy.check_url(&Url::parse("http://localhost:8080/hook").unwrap()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Ssrf);
        assert!(err.to_string().contains("loopback"), "{err}");
        let err = policy.check_url(&Url::parse("http://169.254.169.254/latest").unwrap()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Ssrf);
    }
}
