//! The resolve-time check: is an address a host name resolved to one we may
//! connect to?
//!
//! A URL that passes every text rule can still lead inside: a public name may
//! resolve to `127.0.0.1` or `169.254.169.254` (wildcard DNS services do this
//! on purpose), or change its answer between two deliveries. So a sender checks
//! every address the name resolved to, just before it connects, and connects
//! only to an address it checked.
//!
//! IPv4 is refused by a list of special-purpose ranges (IANA's registry, plus
//! the deprecated 6to4 relay anycast block). IPv6 is refused the other way
//! round: only global unicast space, `2000::/3`, is public, minus the special
//! ranges inside it; addresses that carry an IPv4 address (mapped, compatible,
//! NAT64, 6to4, Teredo) are judged by that IPv4 address. Everything outside
//! `2000::/3` that carries no IPv4 address is unallocated or local by
//! definition, so we never need to learn of a new local range to refuse it.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::error::{Reason, Snippet, UrlError, UrlErrorKind};

/// The IPv4 ranges that are not publicly routable, as (first address, prefix
/// length, description). The order only decides which description a message
/// gives when ranges nest; `240.0.0.0/4` holds the broadcast address, which
/// comes first so that it is named as such.
const V4_RANGES: [(u32, u8, &str); 16] = [
    (0x0000_0000, 8, "\"this network\" 0.0.0.0/8"),
    (0x0a00_0000, 8, "private network 10.0.0.0/8"),
    (0x6440_0000, 10, "shared (cgnat) 100.64.0.0/10"),
    (0x7f00_0000, 8, "loopback 127.0.0.0/8"),
    (0xa9fe_0000, 16, "link-local 169.254.0.0/16"),
    (0xac10_0000, 12, "private network 172.16.0.0/12"),
    (0xc000_0000, 24, "ietf protocol assignments 192.0.0.0/24"),
    (0xc000_0200, 24, "documentation 192.0.2.0/24"),
    (0xc058_6300, 24, "6to4 relay anycast 192.88.99.0/24"),
    (0xc0a8_0000, 16, "private network 192.168.0.0/16"),
    (0xc612_0000, 15, "benchmarking 198.18.0.0/15"),
    (0xc633_6400, 24, "documentation 198.51.100.0/24"),
    (0xcb00_7100, 24, "documentation 203.0.113.0/24"),
    (0xe000_0000, 4, "multicast 224.0.0.0/4"),
    (0xffff_ffff, 32, "limited broadcast 255.255.255.255"),
    (0xf000_0000, 4, "reserved 240.0.0.0/4"),
];

/// Where an IPv6 address stands.
enum V6 {
    /// Global unicast outside every special range.
    Public,
    /// Not publicly routable, for the reason given.
    Refused(&'static str),
    /// Judged by the IPv4 address it carries; the string names the form.
    Embeds(Ipv4Addr, &'static str),
}

/// Whether `addr` lies in `first/prefix`, for 128-bit values.
const fn in_v6(addr: u128, first: u128, prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - prefix)
    };
    addr & mask == first
}

/// The IPv4 address held in the low 32 bits.
#[allow(clippy::cast_possible_truncation)] // truncating to the low 32 bits is the point
const fn low_v4(bits: u128) -> Ipv4Addr {
    Ipv4Addr::from_bits(bits as u32)
}

/// The range of `addr` that refuses it, if any.
fn v4_range(addr: Ipv4Addr) -> Option<&'static str> {
    let bits = addr.to_bits();
    V4_RANGES.iter().find_map(|&(first, prefix, what)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
        (bits & mask == first).then_some(what)
    })
}

/// Classifies an IPv6 address; see the module docs for the approach.
fn v6_class(addr: Ipv6Addr) -> V6 {
    let bits = addr.to_bits();
    // The checks below run from the most specific range to the least: `::` and
    // `::1` lie inside `::/96`, Teredo inside `2001::/23`.
    if bits == 0 {
        return V6::Refused("unspecified address ::");
    }
    if bits == 1 {
        return V6::Refused("loopback ::1");
    }
    if in_v6(bits, 0xffff_0000_0000, 96) {
        return V6::Embeds(low_v4(bits), "ipv4-mapped ::ffff:0:0/96");
    }
    if in_v6(bits, 0, 96) {
        return V6::Embeds(low_v4(bits), "ipv4-compatible ::/96");
    }
    if in_v6(bits, 0x0064_ff9b << 96, 96) {
        return V6::Embeds(low_v4(bits), "nat64 64:ff9b::/96");
    }
    if in_v6(bits, 0x0064_ff9b_0001 << 80, 48) {
        return V6::Refused("local-use nat64 64:ff9b:1::/48");
    }
    if in_v6(bits, 0x0100 << 112, 64) {
        return V6::Refused("discard-only 100::/64");
    }
    if in_v6(bits, 0x5f00 << 112, 16) {
        return V6::Refused("srv6 segment identifiers 5f00::/16");
    }
    if in_v6(bits, 0xfc00 << 112, 7) {
        return V6::Refused("unique local fc00::/7");
    }
    if in_v6(bits, 0xfe80 << 112, 10) {
        return V6::Refused("link-local fe80::/10");
    }
    if in_v6(bits, 0xfec0 << 112, 10) {
        return V6::Refused("deprecated site-local fec0::/10");
    }
    if in_v6(bits, 0xff00 << 112, 8) {
        return V6::Refused("multicast ff00::/8");
    }
    if !in_v6(bits, 0x2000 << 112, 3) {
        return V6::Refused("reserved, outside global unicast 2000::/3");
    }
    if in_v6(bits, 0x2001_0000 << 96, 32) {
        // Teredo (RFC 4380): the client's IPv4 address, inverted, in the low
        // 32 bits. A relay delivers to that address.
        return V6::Embeds(low_v4(!bits), "teredo 2001::/32");
    }
    if in_v6(bits, 0x2001_0000 << 96, 23) {
        return V6::Refused("ietf protocol assignments 2001::/23");
    }
    if in_v6(bits, 0x2001_0db8 << 96, 32) {
        return V6::Refused("documentation 2001:db8::/32");
    }
    if in_v6(bits, 0x2002 << 112, 16) {
        // 6to4 (RFC 3056): the IPv4 address in bits 16 to 47.
        return V6::Embeds(low_v4(bits >> 80), "6to4 2002::/16");
    }
    if in_v6(bits, 0x3fff << 112, 20) {
        return V6::Refused("documentation 3fff::/20");
    }
    V6::Public
}

/// Reads an address as resolvers write it: an IPv4 address in dotted decimal
/// or an IPv6 address in any standard form (what [`IpAddr`]'s `FromStr`
/// reads), and for IPv6 a zone after a `%` (`fe80::1%eth0`, `fe80::1%2`), as
/// `getnameinfo` with `NI_NUMERICHOST`, Python's `socket.getaddrinfo` and
/// `ipaddress` write scoped addresses.
///
/// The zone picks the interface to leave by, not the destination, so it is
/// dropped and the address is judged without it: a link-local address is
/// refused by [`check_address`] whatever its zone. A zone is one or more
/// printable ASCII characters other than `%` and `/`. Nothing else is read:
/// no brackets, no surrounding space, no prefix length, no zone on IPv4, and
/// none of the octal, hex or short IPv4 forms of `inet_aton`.
///
/// ```
/// use core::net::IpAddr;
/// use webhook_core::destination::{UrlErrorKind, check_address, parse_address};
///
/// let scoped = parse_address("fe80::1%eth0")?;
/// assert_eq!(scoped, "fe80::1".parse::<IpAddr>().unwrap());
/// assert_eq!(check_address(scoped).unwrap_err().kind(), UrlErrorKind::PrivateAddress);
///
/// let err = parse_address("0x7f.1").unwrap_err();
/// assert_eq!(err.kind(), UrlErrorKind::Malformed);
/// assert_eq!(err.to_string(), "address \"0x7f.1\" is not an ipv4 or ipv6 address");
/// # Ok::<(), webhook_core::destination::UrlError>(())
/// ```
///
/// # Errors
///
/// [`UrlErrorKind::Malformed`] for text that is no address; the message
/// quotes it escaped and cut short.
pub fn parse_address(text: &str) -> Result<IpAddr, UrlError> {
    if let Ok(addr) = text.parse::<IpAddr>() {
        return Ok(addr);
    }
    let scoped = text
        .split_once('%')
        .filter(|&(_, zone)| is_zone(zone))
        .and_then(|(addr, _)| addr.parse::<Ipv6Addr>().ok());
    match scoped {
        Some(v6) => Ok(IpAddr::V6(v6)),
        None => Err(UrlError::new(
            UrlErrorKind::Malformed,
            Reason::AddressText(Snippet::new(text)),
        )),
    }
}

/// Whether `zone` can be an IPv6 zone: an interface name or index. Interface
/// names hold no `/` and no space, and a second `%` would make the text
/// ambiguous.
fn is_zone(zone: &str) -> bool {
    !zone.is_empty()
        && zone
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'%' && b != b'/')
}

/// Whether `addr` is publicly routable, by the rules of this module: an
/// address a webhook sender may connect to.
///
/// ```
/// use core::net::IpAddr;
/// use webhook_core::destination::is_public_address;
///
/// let public: IpAddr = "93.184.215.14".parse().unwrap();
/// let metadata: IpAddr = "169.254.169.254".parse().unwrap();
/// let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
/// assert!(is_public_address(public));
/// assert!(!is_public_address(metadata));
/// assert!(!is_public_address(mapped));
/// ```
#[must_use]
pub fn is_public_address(addr: IpAddr) -> bool {
    check_address(addr).is_ok()
}

/// Checks one address a destination's host resolved to.
///
/// # Errors
///
/// [`UrlErrorKind::PrivateAddress`] when the address is not publicly routable;
/// the message names the address and the range that holds it.
pub fn check_address(addr: IpAddr) -> Result<(), UrlError> {
    let refuse = |range, embedded| {
        Err(UrlError::new(
            UrlErrorKind::PrivateAddress,
            Reason::Address {
                addr,
                range,
                embedded,
            },
        ))
    };
    match addr {
        IpAddr::V4(v4) => match v4_range(v4) {
            Some(range) => refuse(range, None),
            None => Ok(()),
        },
        IpAddr::V6(v6) => match v6_class(v6) {
            V6::Public => Ok(()),
            V6::Refused(range) => refuse(range, None),
            V6::Embeds(v4, form) => match v4_range(v4) {
                Some(v4_range) => refuse(form, Some((v4, v4_range))),
                None => Ok(()),
            },
        },
    }
}

/// Checks every address a destination's host resolved to. All of them must
/// pass, because the connection may go to any of them; and an empty list is
/// refused, since nothing was checked.
///
/// # Errors
///
/// [`UrlErrorKind::PrivateAddress`] for the first address that is not publicly
/// routable, or when `addrs` is empty.
pub fn check_addresses(addrs: &[IpAddr]) -> Result<(), UrlError> {
    if addrs.is_empty() {
        return Err(UrlError::text(
            UrlErrorKind::PrivateAddress,
            "the host resolved to no address, so there is nothing that could be checked",
        ));
    }
    addrs.iter().try_for_each(|&addr| check_address(addr))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2024::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// The description of the range that refuses `text`, or `None`.
    fn range_of(text: &str) -> Option<String> {
        check_address(ip(text)).err().map(|err| err.to_string())
    }

    #[test]
    fn prefix_lengths_match_first_addresses() {
        for (first, prefix, what) in V4_RANGES {
            let host_bits = u32::MAX.checked_shr(u32::from(prefix)).unwrap_or(0);
            assert_eq!(first & host_bits, 0, "{what}");
        }
    }

    #[test]
    fn each_edge_is_refused_for_its_own_range() {
        // The first and last address of a range are refused naming that range,
        // so a range that is too narrow is caught even where its neighbour is
        // refused by another one.
        let cases = [
            ("100::", "discard-only 100::/64"),
            ("100::ffff:ffff:ffff:ffff", "discard-only 100::/64"),
            ("fc00::", "unique local"),
            ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique local"),
            ("fe80::", "link-local fe80::/10"),
            (
                "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "link-local fe80::/10",
            ),
            ("fec0::", "site-local"),
            ("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "site-local"),
            ("ff00::", "multicast ff00::/8"),
            ("5f00::", "srv6"),
            ("5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "srv6"),
            ("64:ff9b:1::", "local-use nat64"),
            ("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "local-use nat64"),
            ("2001:200::", ""),
            ("2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "ietf protocol"),
            ("2001:1::", "ietf protocol"),
            ("2001:10::", "ietf protocol"),
            ("2001:2f:ffff:ffff:ffff:ffff:ffff:ffff", "ietf protocol"),
        ];
        for (addr, range) in cases {
            let found = range_of(addr);
            if range.is_empty() {
                assert_eq!(found, None, "{addr}");
            } else {
                let found = found.unwrap_or_default();
                assert!(found.contains(range), "{addr}: {found}");
            }
        }
    }

    #[test]
    fn neighbours_outside_2000_3_are_refused_as_reserved() {
        // Just outside ranges that lie beyond global unicast: refused, but as
        // reserved space, not by the range next door.
        for addr in [
            "::1:0:0",
            "::fffe:ffff:ffff",
            "::1:0:0:0",
            "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff",
            "64:ff9b::1:0:0",
            "64:ff9b:2::",
            "100:0:0:1::",
            "ff::",
            "5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "5f01::",
            "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe00::",
            "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "4000::",
        ] {
            let found = range_of(addr).unwrap_or_default();
            assert!(found.contains("reserved, outside"), "{addr}: {found}");
        }
    }

    #[test]
    fn embedded_addresses_are_judged_by_their_ipv4() {
        assert!(is_public_address(ip("::ffff:8.8.8.8")));
        assert!(is_public_address(ip("::8.8.8.8")));
        assert!(is_public_address(ip("64:ff9b::8.8.8.8")));
        assert!(is_public_address(ip("2002:808:808::1")));
        // Teredo client 8.8.8.8 is stored inverted: f7f7:f7f7.
        assert!(is_public_address(ip("2001:0:5ef5:79fd::f7f7:f7f7")));
        assert!(!is_public_address(ip("2001:0:5ef5:79fd::80ff:fffe")));
        let err = check_address(ip("::ffff:169.254.169.254")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "address ::ffff:169.254.169.254 is not publicly routable \
             (ipv4-mapped ::ffff:0:0/96, embedding 169.254.169.254: link-local 169.254.0.0/16)"
        );
    }

    #[test]
    fn zones_are_dropped_from_ipv6_only() {
        for (text, plain) in [
            ("fe80::1%eth0", "fe80::1"),
            ("fe80::1%2", "fe80::1"),
            ("2606:4700::1%en0", "2606:4700::1"),
            ("::ffff:10.0.0.1%br-1a2b.100", "::ffff:10.0.0.1"),
            ("8.8.8.8", "8.8.8.8"),
            ("::1", "::1"),
        ] {
            assert_eq!(parse_address(text), Ok(ip(plain)), "{text}");
        }
        for text in [
            "",
            "fe80::1%",
            "fe80::1%a%b",
            "fe80::1%eth 0",
            "fe80::1%eth0/64",
            "fe80::1%\u{e9}th0",
            "fe80::1%eth0\n",
            "10.0.0.1%eth0",
            "%eth0",
            "[fe80::1%eth0]",
            "[::1]",
            " 8.8.8.8",
            "8.8.8.8 ",
            "0x7f.1",
            "127.1",
            "010.0.0.1",
            "::1/128",
            "8.8.8.8.",
            "\u{661}.1.1.1",
        ] {
            let err = parse_address(text).unwrap_err();
            assert_eq!(err.kind(), UrlErrorKind::Malformed, "{text:?}");
            let message = err.to_string();
            assert!(
                message.ends_with(" is not an ipv4 or ipv6 address"),
                "{message}"
            );
            assert!(
                message.chars().all(|c| (' '..='~').contains(&c)),
                "{message}"
            );
        }
        let long = parse_address(&"1".repeat(100_000)).unwrap_err();
        assert!(long.to_string().len() < 120, "{long}");
    }

    #[test]
    fn empty_lists_and_any_bad_address_are_refused() {
        let err = check_addresses(&[]).unwrap_err();
        assert_eq!(err.kind(), UrlErrorKind::PrivateAddress);
        assert!(check_addresses(&[ip("8.8.8.8"), ip("2606:4700::1")]).is_ok());
        let err = check_addresses(&[ip("8.8.8.8"), ip("10.1.2.3")]).unwrap_err();
        assert!(err.to_string().contains("10.1.2.3"));
    }
}
