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

    /// `Some(reason)` when the address is refused.
    pub fn refusal(&self, ip: IpAddr) -> Option<&'static str> {
        if self.disabled || self.allow.iter().any(|net| net.contains(&ip)) {
            return None;
        }
        internal_range(ip)
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
    if let Some(v4) = ip.to_ipv4_mapped() {
        return internal_v4(v4);
    }
    let seg = ip.segments();
    // NAT64 (64:ff9b::/96) embeds an IPv4 address.
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6] == [0, 0, 0, 0] {
        return internal_v4(Ipv4Addr::new((seg[6] >> 8) as u8, seg[6] as u8, (seg[7] >> 8) as u8, seg[7] as u8));
    }
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() || ip.is_multicast() {
        Some("unspecified or multicast")
    } else if seg[0] & 0xfe00 == 0xfc00 {
        Some("unique local (private)")
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        Some("documentation")
    } else {
        None
    }
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
    fn public_addresses_pass() {
        for ip in ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"] {
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
