//! The refusal of a destination: its kind, the table of kind names that the C
//! and Python faces mirror, and messages that are safe to send back in a 400.

use core::fmt::{self, Write as _};
use core::net::{IpAddr, Ipv4Addr};

/// Why a destination was refused, as a value to match on.
///
/// Each kind's [`as_str`](UrlErrorKind::as_str) name is part of the contract:
/// `testdata/urls.json`, `testdata/addresses.json`, the `webhook check-url`
/// output and the bindings use it, so a kind keeps its name forever. New kinds
/// may be added in a minor release, hence `#[non_exhaustive]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlErrorKind {
    /// The scheme is not `https`.
    HttpsRequired,
    /// The host is an IP address, in any spelling the URL parser reads as one,
    /// or an invalid attempt at one (`999.1.1.1`, `[::1`).
    IpLiteral,
    /// The URL names a port other than the allowed ones, or spells a port in
    /// any form but plain decimal (`:0443`, `:+443`, an empty `:`).
    PortNotAllowed,
    /// The host is a blocked name: loopback, cloud metadata, an internal or
    /// special-use suffix, a single label, or a name the policy added.
    BlockedHost,
    /// The text is not a URL we deliver to: control characters, whitespace, a
    /// backslash, a fragment, wrong slashes, no host, a host that is no valid
    /// domain name, or text the parser refuses.
    Malformed,
    /// The URL carries user information (`user:pass@`), even an empty one.
    Userinfo,
    /// The URL, or its normalised form, is longer than [`MAX_URL_LEN`].
    ///
    /// [`MAX_URL_LEN`]: crate::destination::MAX_URL_LEN
    TooLong,
    /// An address the host resolved to is not publicly routable, or it
    /// resolved to no address at all.
    PrivateAddress,
}

impl UrlErrorKind {
    /// Every kind, in a stable order. Bindings build their own tables from this.
    pub const ALL: [UrlErrorKind; 8] = [
        UrlErrorKind::HttpsRequired,
        UrlErrorKind::IpLiteral,
        UrlErrorKind::PortNotAllowed,
        UrlErrorKind::BlockedHost,
        UrlErrorKind::Malformed,
        UrlErrorKind::Userinfo,
        UrlErrorKind::TooLong,
        UrlErrorKind::PrivateAddress,
    ];

    /// The stable snake_case name of the kind, for example `"ip_literal"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            UrlErrorKind::HttpsRequired => "https_required",
            UrlErrorKind::IpLiteral => "ip_literal",
            UrlErrorKind::PortNotAllowed => "port_not_allowed",
            UrlErrorKind::BlockedHost => "blocked_host",
            UrlErrorKind::Malformed => "malformed",
            UrlErrorKind::Userinfo => "userinfo",
            UrlErrorKind::TooLong => "too_long",
            UrlErrorKind::PrivateAddress => "private_address",
        }
    }

    /// The same as [`as_str`](UrlErrorKind::as_str), under the name
    /// [`ErrorKind::name`](crate::ErrorKind::name) uses, so code that handles
    /// both kinds of error can treat them alike.
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.as_str()
    }

    /// Looks a kind up by its [`as_str`](UrlErrorKind::as_str) name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<UrlErrorKind> {
        UrlErrorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for UrlErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many bytes of escaped user text a message may quote. Longer text is cut
/// and marked with `...`, so no message grows with its input.
const SNIPPET_LEN: usize = 64;

/// A short, escaped copy of part of the input, kept inline so that the error
/// stays `Copy` and needs no allocator.
///
/// Printable ASCII is kept except `"` and `\`, which get a backslash; every
/// other character becomes `\u{..}`. So a message can quote what the user wrote
/// without ever echoing a control character, a bidi override or a newline into
/// a log line or a response.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Snippet {
    bytes: [u8; SNIPPET_LEN],
    len: u8,
    truncated: bool,
}

impl Snippet {
    /// Escapes `text` into a snippet, cutting it at a character boundary when
    /// the escaped form does not fit.
    pub(crate) fn new(text: &str) -> Snippet {
        let mut snippet = Snippet {
            bytes: [0; SNIPPET_LEN],
            len: 0,
            truncated: false,
        };
        for c in text.chars() {
            let mut buf = Escaped::default();
            // Writing into an `Escaped` cannot fail: it holds the longest
            // escape, `\u{10ffff}`.
            let _ = match c {
                '"' | '\\' => write!(buf, "\\{c}"),
                ' '..='~' => write!(buf, "{c}"),
                _ => write!(buf, "\\u{{{:x}}}", u32::from(c)),
            };
            if !snippet.push(buf.as_bytes()) {
                snippet.truncated = true;
                break;
            }
        }
        snippet
    }

    /// Appends `piece` whole, or returns false when it does not fit.
    fn push(&mut self, piece: &[u8]) -> bool {
        let start = usize::from(self.len);
        let Some(slot) = self.bytes.get_mut(start..start + piece.len()) else {
            return false;
        };
        slot.copy_from_slice(piece);
        // `start + piece.len() <= SNIPPET_LEN`, which is below 256.
        self.len = u8::try_from(start + piece.len()).unwrap_or(u8::MAX);
        true
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever pushed, so this never fails.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        f.write_str(self.as_str())?;
        if self.truncated {
            f.write_str("...")?;
        }
        f.write_char('"')
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A small buffer for one escaped character.
#[derive(Default)]
struct Escaped {
    bytes: [u8; 12],
    len: usize,
}

impl Escaped {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Write for Escaped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let slot = self
            .bytes
            .get_mut(self.len..self.len + s.len())
            .ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len += s.len();
        Ok(())
    }
}

/// The reason for a refusal, kept as data so that `Display` can name the part
/// involved without allocating.
// Without the `url-policy` feature only `Text`, `Address` and `AddressText`
// are built.
#[cfg_attr(not(feature = "url-policy"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    /// A fixed sentence.
    Text(&'static str),
    /// The URL or its normalised form exceeds the cap.
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    /// A character that may not appear anywhere: what it is, the character and
    /// its byte offset.
    Char {
        what: &'static str,
        c: char,
        at: usize,
    },
    /// A character refused in the host once percent-decoded: what it is and
    /// the character.
    EncodedChar { what: &'static str, c: char },
    /// Address text that is no address.
    AddressText(Snippet),
    /// A character refused where it stands, without its code point: what it
    /// is and its byte offset.
    At { what: &'static str, at: usize },
    /// A scheme other than `https`.
    Scheme(Snippet),
    /// A port spelled in a form other than plain decimal.
    PortSpelling(Snippet),
    /// A port that is well written but not allowed.
    Port(u16),
    /// The host is an IP address.
    IpHost(IpAddr),
    /// Something about the host: the host (normalised) and the problem.
    Host {
        host: Snippet,
        problem: &'static str,
    },
    /// A name the caller tried to add to a policy, and the problem with it.
    PolicyName {
        name: Snippet,
        problem: &'static str,
    },
    /// An address that is not publicly routable, the range that holds it, and
    /// for addresses that embed an IPv4 address, that address and its range.
    Address {
        addr: IpAddr,
        range: &'static str,
        embedded: Option<(Ipv4Addr, &'static str)>,
    },
}

/// The refusal of a webhook destination: a URL, or an address its host
/// resolved to.
///
/// Match on [`kind`](UrlError::kind); the `Display` text is for people and may
/// change between releases. It is lowercase, has no trailing period, names the
/// offending part (the scheme, port, host or address), quotes user text only
/// escaped and cut to a few dozen characters, and stays under
/// [`MAX_MESSAGE_LEN`](crate::destination::MAX_MESSAGE_LEN) bytes, so it can
/// be returned as the body of a 400 response as it is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UrlError {
    kind: UrlErrorKind,
    reason: Reason,
}

impl UrlError {
    pub(crate) const fn new(kind: UrlErrorKind, reason: Reason) -> Self {
        UrlError { kind, reason }
    }

    // Without the `url-policy` feature every refusal has a reason of its own.
    #[cfg_attr(not(feature = "url-policy"), allow(dead_code))]
    pub(crate) const fn text(kind: UrlErrorKind, text: &'static str) -> Self {
        UrlError {
            kind,
            reason: Reason::Text(text),
        }
    }

    /// Why the destination was refused.
    #[must_use]
    pub const fn kind(&self) -> UrlErrorKind {
        self.kind
    }
}

impl fmt::Debug for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UrlError")
            .field("kind", &self.kind)
            .field("message", &format_args!("{self}"))
            .finish()
    }
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            Reason::Text(text) => f.write_str(text),
            Reason::TooLong { what, len, max } => {
                write!(f, "{what} is {len} bytes long, the limit is {max}")
            }
            Reason::Char { what, c, at } => {
                write!(f, "url contains {what} U+{:04X} at byte {at}", u32::from(c))
            }
            Reason::EncodedChar { what, c } => write!(
                f,
                "host contains {what} U+{:04X}, percent-encoded",
                u32::from(c)
            ),
            Reason::AddressText(text) => {
                write!(f, "address {text} is not an ipv4 or ipv6 address")
            }
            Reason::At { what, at } => write!(f, "url contains {what} at byte {at}"),
            Reason::Scheme(scheme) => {
                write!(f, "scheme {scheme} is not allowed, the url must use https")
            }
            Reason::PortSpelling(port) => write!(
                f,
                "port {port} is not a plain decimal port number such as 443"
            ),
            Reason::Port(port) => write!(f, "port {port} is not allowed"),
            Reason::IpHost(addr) => write!(
                f,
                "host is the ip address {addr}, the url must name the host by a domain name"
            ),
            Reason::Host { host, problem } => write!(f, "host {host} {problem}"),
            Reason::PolicyName { name, problem } => write!(f, "name {name} {problem}"),
            Reason::Address {
                addr,
                range,
                embedded,
            } => {
                write!(f, "address {addr} is not publicly routable ({range}")?;
                if let Some((v4, v4_range)) = embedded {
                    write!(f, ", embedding {v4}: {v4_range}")?;
                }
                f.write_char(')')
            }
        }
    }
}

impl core::error::Error for UrlError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2024::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for kind in UrlErrorKind::ALL {
            assert_eq!(UrlErrorKind::from_name(kind.as_str()), Some(kind));
            assert_eq!(kind.name(), kind.as_str());
            let same = UrlErrorKind::ALL
                .iter()
                .filter(|k| k.as_str() == kind.as_str());
            assert_eq!(same.count(), 1);
        }
        assert_eq!(UrlErrorKind::from_name("nope"), None);
    }

    #[test]
    fn snippets_escape_and_cut() {
        assert_eq!(Snippet::new("abc").to_string(), "\"abc\"");
        assert_eq!(Snippet::new("a\"b\\c").to_string(), "\"a\\\"b\\\\c\"");
        assert_eq!(
            Snippet::new("a\tb\u{202e}c\u{0}").to_string(),
            "\"a\\u{9}b\\u{202e}c\\u{0}\""
        );
        let long = Snippet::new(&"x".repeat(500)).to_string();
        assert_eq!(long.len(), SNIPPET_LEN + 5);
        assert!(long.ends_with("...\""));
        // An escape that would straddle the cut is left out whole.
        let text = ["y"; SNIPPET_LEN - 3].concat() + "\u{7f}";
        assert_eq!(
            Snippet::new(&text).to_string(),
            ["\"", &text[..SNIPPET_LEN - 3], "...\""].concat()
        );
    }
}
