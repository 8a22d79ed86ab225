//! The text rules for destination URLs, checked when a receiver registers its
//! endpoint and again before every delivery attempt.
//!
//! The WHATWG URL parser, which browsers and the `url` crate follow, repairs a
//! great deal: it strips tabs and newlines, turns `\` into `/`, adds missing
//! slashes, drops an empty userinfo and a default port, and reads `0x7f.1` as
//! an IPv4 address. Repairs are where SSRF filters get bypassed, since the
//! filter and the HTTP client can disagree about what the text meant. So we
//! refuse, before parsing, every input the parser would have to repair, and
//! decide everything about the host from what the parser made of it.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use percent_encoding::percent_decode_str;

use super::error::{Reason, Snippet, UrlError, UrlErrorKind};

/// The longest URL we accept, in bytes, both as given and once normalised.
///
/// Paths of a few thousand bytes are ordinary (signed query strings, long
/// tokens); 8 KiB is where common HTTP servers start refusing the request line,
/// so a longer URL could not be delivered anyway.
pub const MAX_URL_LEN: usize = 8192;

/// The ports a destination may name. No port at all means 443.
pub const DEFAULT_PORTS: [u16; 2] = [443, 8443];

/// The built-in blocked names. Each blocks itself and every name below it:
/// `localhost` also blocks `api.localhost`. Names with a single label (such as
/// `metadata`, `instance-data` or `ip6-localhost`) are blocked by a rule of
/// their own and need no entry here.
///
/// The list may grow in a minor release; see the crate README for why each
/// entry is here.
pub const BLOCKED_NAMES: [&str; 24] = [
    // Cloud metadata services. Most are also caught by `internal` below, but
    // they get their own entries so that messages name them.
    "metadata.google.internal",
    "metadata.goog",
    "instance-data.ec2.internal",
    "metadata.tencentyun.com",
    "metadata.packet.net",
    "metadata.platformequinix.com",
    // The API server of a Kubernetes cluster, by its namespace-relative name.
    "kubernetes.default",
    // Loopback and this host.
    "localhost",
    "localdomain",
    // Private and link-local name spaces; the first entry that matches names
    // the reason, so `cluster.local` comes before `local`.
    "cluster.local",
    "local",
    "internal",
    "arpa",
    "svc",
    "lan",
    "intranet",
    "corp",
    "home",
    "mail",
    // Special-use names that never resolve publicly.
    "test",
    "invalid",
    "example",
    "onion",
    "alt",
];

/// Why each entry of [`BLOCKED_NAMES`] is blocked, as the message says it.
const BLOCKED_WHY: [&str; 24] = [
    "is a cloud metadata service (google cloud)",
    "is a cloud metadata service (google cloud)",
    "is a cloud metadata service (aws)",
    "is a cloud metadata service (tencent cloud)",
    "is a cloud metadata service (equinix metal)",
    "is a cloud metadata service (equinix metal)",
    "is the kubernetes api server",
    "is loopback (.localhost, rfc 6761)",
    "is a local host name (.localdomain)",
    "is a kubernetes cluster name (.cluster.local)",
    "is a link-local multicast dns name (.local, rfc 6762)",
    "is a private name (.internal is reserved for private use)",
    "is an infrastructure name (.arpa, including .home.arpa, rfc 8375)",
    "is a kubernetes service name (.svc)",
    "is a private name (.lan)",
    "is a private name (.intranet)",
    "is a private name (.corp is never delegated)",
    "is a private name (.home is never delegated)",
    "is a private name (.mail is never delegated)",
    "is a special-use name (.test, rfc 6761)",
    "is a special-use name (.invalid, rfc 6761)",
    "is a special-use name (.example, rfc 6761)",
    "is a tor onion service (.onion, rfc 7686)",
    "is a non-dns name (.alt, rfc 9476)",
];

/// The longest domain name DNS can carry, without its trailing dot.
const MAX_HOST_LEN: usize = 253;

/// The longest label DNS can carry.
const MAX_LABEL_LEN: usize = 63;

/// A destination URL that passed every text rule, in the normalised form the
/// `url` crate serialises: lower-case scheme and host, IDNA names in punycode,
/// the default port dropped, non-ASCII in the path and query percent-encoded.
///
/// Deliver to [`as_str`](CheckedUrl::as_str), not to the text that was
/// checked, and store it in place of that text: the two can differ.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CheckedUrl {
    url: String,
    host: (usize, usize),
    port: u16,
}

impl CheckedUrl {
    /// The normalised URL.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host: a domain name in ASCII (IDNA names as punycode), lower-case,
    /// with a trailing dot if the URL had one. This is what to resolve.
    #[must_use]
    pub fn host(&self) -> &str {
        self.url.get(self.host.0..self.host.1).unwrap_or("")
    }

    /// The port to connect to: the URL's port, or 443 when it names none.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The normalised URL, as an owned string.
    #[must_use]
    pub fn into_string(self) -> String {
        self.url
    }
}

impl core::fmt::Display for CheckedUrl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.url)
    }
}

impl AsRef<str> for CheckedUrl {
    fn as_ref(&self) -> &str {
        &self.url
    }
}

/// The destination-URL rules, with anything the caller added to them.
///
/// [`UrlPolicy::new`] holds exactly the built-in rules, which
/// [`check_url`] applies. A policy can only tighten them by blocking more
/// names, or open them by allowing more ports; no built-in block can be lifted.
///
/// ```
/// use webhook_core::destination::{UrlErrorKind, UrlPolicy};
///
/// let mut policy = UrlPolicy::new();
/// policy.block_name("corp.example.net")?;
/// policy.allow_port(9443)?;
///
/// let url = policy.check("https://Hooks.Example.com:9443/in?src=a")?;
/// assert_eq!(url.as_str(), "https://hooks.example.com:9443/in?src=a");
/// assert_eq!((url.host(), url.port()), ("hooks.example.com", 9443));
///
/// let err = policy.check("https://build.corp.example.net/hook").unwrap_err();
/// assert_eq!(err.kind(), UrlErrorKind::BlockedHost);
/// assert_eq!(err.kind().as_str(), "blocked_host");
/// # Ok::<(), webhook_core::destination::UrlError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlPolicy {
    /// Added names, normalised: ASCII, lower-case, no trailing dot.
    blocked: Vec<String>,
    /// Added ports, beyond [`DEFAULT_PORTS`].
    ports: Vec<u16>,
}

impl UrlPolicy {
    /// The built-in rules and nothing more.
    #[must_use]
    pub const fn new() -> Self {
        UrlPolicy {
            blocked: Vec::new(),
            ports: Vec::new(),
        }
    }

    /// Blocks `name` and every name below it, in addition to the built-in
    /// list. The name is normalised as hosts are (IDNA mapping, lower case,
    /// one trailing dot dropped), so `Corp.Example.` and `corp.example` are the
    /// same entry, and `bücher.example` blocks `xn--bcher-kva.example`.
    ///
    /// # Errors
    ///
    /// [`UrlErrorKind::Malformed`] when `name` is not a domain name: empty,
    /// an IP address, or refused by IDNA.
    pub fn block_name(&mut self, name: &str) -> Result<(), UrlError> {
        let refuse = |problem| {
            Err(UrlError::new(
                UrlErrorKind::Malformed,
                Reason::PolicyName {
                    name: Snippet::new(name),
                    problem,
                },
            ))
        };
        if name.is_empty() || name.len() > MAX_HOST_LEN + 1 {
            return refuse("cannot be blocked: it is empty or too long for a domain name");
        }
        // The same characters as in a URL's host, raw or percent-encoded:
        // `url::Host::parse` decodes and maps the name as it does a host.
        if name.chars().any(|c| refused_char(c).is_some()) || encoded_char(name).is_some() {
            return refuse(
                "cannot be blocked: it contains whitespace, a control character or an \
                 invisible character",
            );
        }
        let ascii = match url::Host::parse(name) {
            Ok(url::Host::Domain(ascii)) => ascii,
            Ok(_) => return refuse("cannot be blocked: ip addresses are always refused"),
            Err(_) => return refuse("cannot be blocked: it is not a valid domain name"),
        };
        let ascii = ascii.strip_suffix('.').unwrap_or(&ascii);
        if domain_problem(ascii).is_some() {
            return refuse("cannot be blocked: it is not a valid domain name");
        }
        if !self.blocked.iter().any(|known| known == ascii) {
            self.blocked.push(ascii.to_string());
        }
        Ok(())
    }

    /// Allows destinations on `port`, in addition to [`DEFAULT_PORTS`].
    ///
    /// # Errors
    ///
    /// [`UrlErrorKind::PortNotAllowed`] for port 0, which nothing can connect
    /// to.
    pub fn allow_port(&mut self, port: u16) -> Result<(), UrlError> {
        if port == 0 {
            return Err(UrlError::text(
                UrlErrorKind::PortNotAllowed,
                "port 0 cannot be allowed, nothing can connect to it",
            ));
        }
        if !self.port_allowed(port) {
            self.ports.push(port);
        }
        Ok(())
    }

    /// The names added with [`block_name`](UrlPolicy::block_name), normalised,
    /// in the order added.
    #[must_use]
    pub fn blocked_names(&self) -> &[String] {
        &self.blocked
    }

    /// The ports added with [`allow_port`](UrlPolicy::allow_port), in the
    /// order added.
    #[must_use]
    pub fn allowed_ports(&self) -> &[u16] {
        &self.ports
    }

    fn port_allowed(&self, port: u16) -> bool {
        DEFAULT_PORTS.contains(&port) || self.ports.contains(&port)
    }

    /// Checks a destination URL against the rules, and returns its normalised
    /// form.
    ///
    /// The checks run in this order, and the first failure is reported:
    ///
    /// 1. length, before any other work: [`UrlErrorKind::Malformed`] when
    ///    empty, [`UrlErrorKind::TooLong`] over [`MAX_URL_LEN`];
    /// 2. one pass over the characters: a control character, whitespace, an
    ///    invisible character (every Unicode default-ignorable code point), a
    ///    backslash or a `#` anywhere is `malformed`;
    /// 3. the scheme: anything but `https` (any case) is
    ///    [`UrlErrorKind::HttpsRequired`]; text with no scheme is `malformed`;
    /// 4. exactly two slashes after `https:`, and a non-empty authority
    ///    before the first `/` or `?`, else `malformed`;
    /// 5. any `@` in the authority: [`UrlErrorKind::Userinfo`]; then the host
    ///    percent-decoded, as the parser decodes it before IDNA: a control
    ///    character, whitespace or an invisible character there is
    ///    `malformed`, as it is raw in step 2;
    /// 6. the port as written: absent, or plain decimal naming an allowed port,
    ///    else [`UrlErrorKind::PortNotAllowed`];
    /// 7. the `url` crate's parse: an invalid IPv4 or IPv6 literal is
    ///    [`UrlErrorKind::IpLiteral`], any other refusal `malformed`;
    /// 8. the parsed host: an IPv4 or IPv6 address is `ip_literal`; a domain
    ///    with an empty label, a label over 63 bytes, more than 253 bytes, or
    ///    a character other than `a-z`, `0-9`, `-` and `_` is `malformed`;
    /// 9. the name, after IDNA mapping, lower-casing and dropping one trailing
    ///    dot: an entry of [`BLOCKED_NAMES`] or a name added to this policy,
    ///    or a name below one, or a single label, is
    ///    [`UrlErrorKind::BlockedHost`];
    /// 10. the normalised form's length: `too_long` over [`MAX_URL_LEN`].
    ///
    /// # Errors
    ///
    /// A [`UrlError`] whose kind says which rule refused the URL.
    pub fn check(&self, url: &str) -> Result<CheckedUrl, UrlError> {
        check_text(url)?;
        let authority = authority(url)?;
        check_encoded_host(authority)?;
        self.check_port_text(authority)?;

        let parsed = match url::Url::parse(url) {
            Ok(parsed) => parsed,
            Err(err) => return Err(parse_error(err)),
        };
        let host = match parsed.host() {
            Some(url::Host::Domain(host)) => host,
            Some(url::Host::Ipv4(addr)) => return Err(ip_host(addr.into())),
            Some(url::Host::Ipv6(addr)) => return Err(ip_host(addr.into())),
            None => return Err(UrlError::text(UrlErrorKind::Malformed, "url has no host")),
        };

        // Steps 5 and 6 already refused these in the text; the parser's view
        // is checked again so that the two can never disagree silently.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(userinfo());
        }
        let port = parsed.port_or_known_default().unwrap_or(0);
        if !self.port_allowed(port) {
            return Err(UrlError::new(
                UrlErrorKind::PortNotAllowed,
                Reason::Port(port),
            ));
        }

        self.check_host(host)?;

        let normalised = parsed.as_str();
        if normalised.len() > MAX_URL_LEN {
            return Err(UrlError::new(
                UrlErrorKind::TooLong,
                Reason::TooLong {
                    what: "normalised url",
                    len: normalised.len(),
                    max: MAX_URL_LEN,
                },
            ));
        }
        // With no userinfo, the serialisation is `https://` and then the host.
        let start = "https://".len();
        let host = (start, start + host.len());
        Ok(CheckedUrl {
            url: parsed.into(),
            host,
            port,
        })
    }

    /// Step 6: the port exactly as written in the authority.
    fn check_port_text(&self, authority: &str) -> Result<(), UrlError> {
        // Only an IPv6 literal holds colons before the port; the parser will
        // refuse it as an IP literal anyway, but its port is checked first so
        // that the order of the rules does not depend on the host.
        let after_host = match authority.strip_prefix('[') {
            Some(rest) => rest.find(']').map_or("", |end| &rest[end + 1..]),
            None => authority.find(':').map_or("", |colon| &authority[colon..]),
        };
        let Some(text) = after_host.strip_prefix(':') else {
            return Ok(());
        };
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        let plain = digits && (text == "0" || !text.starts_with('0'));
        match text.parse::<u16>() {
            Ok(port) if plain && self.port_allowed(port) => Ok(()),
            Ok(port) if plain => Err(UrlError::new(
                UrlErrorKind::PortNotAllowed,
                Reason::Port(port),
            )),
            _ if text.is_empty() => Err(UrlError::text(
                UrlErrorKind::PortNotAllowed,
                "port is empty: the url has a colon after the host and no port",
            )),
            _ if plain => Err(UrlError::text(
                UrlErrorKind::PortNotAllowed,
                "port is larger than 65535",
            )),
            _ => Err(UrlError::new(
                UrlErrorKind::PortNotAllowed,
                Reason::PortSpelling(Snippet::new(text)),
            )),
        }
    }

    /// Steps 8 (domain syntax) and 9 (blocked names), on the parsed host.
    fn check_host(&self, host: &str) -> Result<(), UrlError> {
        let name = host.strip_suffix('.').unwrap_or(host);
        if let Some(problem) = domain_problem(name) {
            return Err(host_error(UrlErrorKind::Malformed, host, problem));
        }
        for (zone, why) in BLOCKED_NAMES.into_iter().zip(BLOCKED_WHY) {
            if below(name, zone) {
                return Err(host_error(UrlErrorKind::BlockedHost, host, why));
            }
        }
        if self.blocked.iter().any(|zone| below(name, zone)) {
            return Err(host_error(
                UrlErrorKind::BlockedHost,
                host,
                "is blocked by this policy",
            ));
        }
        if !name.contains('.') {
            return Err(host_error(
                UrlErrorKind::BlockedHost,
                host,
                "is a single-label name, which resolves through local search domains",
            ));
        }
        Ok(())
    }
}

/// Checks a destination URL against the built-in rules (a default
/// [`UrlPolicy`]) and returns its normalised form.
///
/// ```
/// use webhook_core::destination::{check_url, UrlErrorKind};
///
/// let url = check_url("https://bücher.example.com/hook")?;
/// assert_eq!(url.as_str(), "https://xn--bcher-kva.example.com/hook");
///
/// let err = check_url("https://0x7f.1/hook").unwrap_err();
/// assert_eq!(err.kind(), UrlErrorKind::IpLiteral);
/// assert_eq!(
///     err.to_string(),
///     "host is the ip address 127.0.0.1, the url must name the host by a domain name"
/// );
/// # Ok::<(), webhook_core::destination::UrlError>(())
/// ```
///
/// # Errors
///
/// As [`UrlPolicy::check`].
pub fn check_url(url: &str) -> Result<CheckedUrl, UrlError> {
    UrlPolicy::new().check(url)
}

/// Whether `name` is `zone` or a name below it.
fn below(name: &str, zone: &str) -> bool {
    match name.strip_suffix(zone) {
        Some("") => true,
        Some(rest) => rest.ends_with('.'),
        None => false,
    }
}

/// What `c` is, when it may not appear anywhere in a URL, in its host once
/// percent-decoded, or in a blocked name: a control character (C0, DEL, C1),
/// Unicode whitespace, or an invisible character. The parser strips some of
/// these, percent-encodes others, and IDNA drops several, so what it delivers
/// to is not what was shown.
fn refused_char(c: char) -> Option<&'static str> {
    if c.is_control() {
        Some("control character")
    } else if c.is_whitespace() {
        Some("whitespace")
    } else if invisible(c) {
        Some("invisible character")
    } else {
        None
    }
}

/// Code points that show nothing: every code point with the Unicode property
/// Default_Ignorable_Code_Point (DerivedCoreProperties.txt, unchanged from
/// Unicode 14 to 16), and the interlinear annotation characters U+FFF9 to
/// U+FFFB, format characters outside that property. IDNA maps many of them
/// to nothing, so `local\u{ad}host` and `local\u{e0100}host` would both be
/// delivered to `localhost` while a dashboard shows something else; bidi
/// controls can make a URL read backwards in a log.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' // soft hyphen
            | '\u{34f}' // combining grapheme joiner
            | '\u{61c}' // arabic letter mark
            | '\u{115f}'..='\u{1160}' // hangul choseong and jungseong fillers
            | '\u{17b4}'..='\u{17b5}' // khmer inherent vowels
            | '\u{180b}'..='\u{180f}' // mongolian variation selectors, vowel separator
            | '\u{200b}'..='\u{200f}' // zero-width characters, bidi marks
            | '\u{202a}'..='\u{202e}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206f}' // word joiner, invisible operators, bidi isolates
            | '\u{3164}' // hangul filler
            | '\u{fe00}'..='\u{fe0f}' // variation selectors 1 to 16
            | '\u{feff}' // byte-order mark
            | '\u{ffa0}' // halfwidth hangul filler
            | '\u{fff0}'..='\u{fff8}' // unassigned, reserved as ignorable
            | '\u{fff9}'..='\u{fffb}' // interlinear annotation (not default-ignorable)
            | '\u{1bca0}'..='\u{1bca3}' // shorthand format controls
            | '\u{1d173}'..='\u{1d17a}' // musical symbol beam and phrase controls
            | '\u{e0000}'..='\u{e0fff}' // tags, variation selectors 17 to 256, reserved
    )
}

/// Steps 1 and 2: length and the characters refused anywhere.
fn check_text(url: &str) -> Result<(), UrlError> {
    if url.is_empty() {
        return Err(UrlError::text(UrlErrorKind::Malformed, "url is empty"));
    }
    if url.len() > MAX_URL_LEN {
        return Err(UrlError::new(
            UrlErrorKind::TooLong,
            Reason::TooLong {
                what: "url",
                len: url.len(),
                max: MAX_URL_LEN,
            },
        ));
    }
    for (at, c) in url.char_indices() {
        let reason = match (c, refused_char(c)) {
            (_, Some(what)) => Reason::Char { what, c, at },
            ('\\', None) => Reason::At {
                what: "a backslash",
                at,
            },
            ('#', None) => Reason::At {
                what: "a fragment (#), which is never sent,",
                at,
            },
            _ => continue,
        };
        return Err(UrlError::new(UrlErrorKind::Malformed, reason));
    }
    Ok(())
}

/// Steps 3 to 5: the scheme, the slashes and the authority, from the text.
/// Returns the authority: what lies between `https://` and the first `/` or
/// `?`.
fn authority(url: &str) -> Result<&str, UrlError> {
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(no_scheme());
    };
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !well_formed {
        return Err(no_scheme());
    }
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(UrlError::new(
            UrlErrorKind::HttpsRequired,
            Reason::Scheme(Snippet::new(scheme)),
        ));
    }

    let Some(rest) = rest.strip_prefix("//") else {
        return Err(UrlError::text(
            UrlErrorKind::Malformed,
            "url must start with https:// (two slashes)",
        ));
    };
    if rest.starts_with('/') {
        return Err(UrlError::text(
            UrlErrorKind::Malformed,
            "url has more than two slashes after https:",
        ));
    }
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() {
        return Err(UrlError::text(UrlErrorKind::Malformed, "url has no host"));
    }
    if authority.contains('@') {
        return Err(userinfo());
    }
    Ok(authority)
}

/// Step 5, second half: the host as the parser will read it. The parser
/// percent-decodes a domain before IDNA, so `exam%C2%ADple.com` reaches IDNA
/// with a soft hyphen in it, which IDNA drops: the raw pass of step 2 cannot
/// see it. An IPv6 literal (`[...]`) is never decoded, and step 7 refuses any
/// `%` in one.
fn check_encoded_host(authority: &str) -> Result<(), UrlError> {
    if authority.starts_with('[') {
        return Ok(());
    }
    let host = authority.split(':').next().unwrap_or(authority);
    match encoded_char(host) {
        Some((what, c)) => Err(UrlError::new(
            UrlErrorKind::Malformed,
            Reason::EncodedChar { what, c },
        )),
        None => Ok(()),
    }
}

/// The first character refused by [`refused_char`] in `text` once
/// percent-decoded, with what it is. Bytes that decode to no UTF-8 become
/// U+FFFD, which IDNA refuses on its own.
fn encoded_char(text: &str) -> Option<(&'static str, char)> {
    if !text.contains('%') {
        return None;
    }
    let decoded = percent_decode_str(text).decode_utf8_lossy();
    decoded
        .chars()
        .find_map(|c| refused_char(c).map(|what| (what, c)))
}

fn no_scheme() -> UrlError {
    UrlError::text(
        UrlErrorKind::Malformed,
        "url has no scheme, it must start with https://",
    )
}

fn userinfo() -> UrlError {
    UrlError::text(
        UrlErrorKind::Userinfo,
        "url has user information (an @ before the host), which is never allowed",
    )
}

fn ip_host(addr: core::net::IpAddr) -> UrlError {
    UrlError::new(UrlErrorKind::IpLiteral, Reason::IpHost(addr))
}

fn host_error(kind: UrlErrorKind, host: &str, problem: &'static str) -> UrlError {
    UrlError::new(
        kind,
        Reason::Host {
            host: Snippet::new(host),
            problem,
        },
    )
}

/// Step 7's refusals, in our words. `ParseError` is `#[non_exhaustive]`, so
/// kinds the crate adds later read as a generic refusal.
fn parse_error(err: url::ParseError) -> UrlError {
    let (kind, text) = match err {
        url::ParseError::InvalidIpv4Address => (
            UrlErrorKind::IpLiteral,
            "host is written as an ipv4 address, and not a valid one",
        ),
        url::ParseError::InvalidIpv6Address => (
            UrlErrorKind::IpLiteral,
            "host is written as an ipv6 address, and not a valid one",
        ),
        url::ParseError::EmptyHost => (UrlErrorKind::Malformed, "url has no host"),
        url::ParseError::IdnaError => (
            UrlErrorKind::Malformed,
            "host is not a valid domain name (idna refused it)",
        ),
        url::ParseError::InvalidDomainCharacter => (
            UrlErrorKind::Malformed,
            "host contains a character that is not allowed in a domain name",
        ),
        url::ParseError::InvalidPort => (UrlErrorKind::PortNotAllowed, "port is not valid"),
        _ => (UrlErrorKind::Malformed, "url cannot be parsed"),
    };
    UrlError::text(kind, text)
}

/// What is wrong with an ASCII domain name (without its trailing dot), if
/// anything. The parser lets through characters DNS host names never hold,
/// such as `$` or `*`, and empty labels.
fn domain_problem(name: &str) -> Option<&'static str> {
    if name.len() > MAX_HOST_LEN {
        return Some("is longer than the 253 bytes a domain name can have");
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Some("has an empty label (two dots in a row, or a leading dot)");
        }
        if label.len() > MAX_LABEL_LEN {
            return Some("has a label longer than 63 bytes");
        }
        let allowed =
            |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
        if !label.bytes().all(allowed) {
            return Some("contains a character that is not allowed in a domain name");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_blocked_name_has_a_reason_and_is_normalised() {
        assert_eq!(BLOCKED_NAMES.len(), BLOCKED_WHY.len());
        for name in BLOCKED_NAMES {
            assert_eq!(domain_problem(name), None, "{name}");
            assert!(!name.ends_with('.'), "{name}");
        }
    }

    #[test]
    fn below_matches_whole_labels_only() {
        assert!(below("localhost", "localhost"));
        assert!(below("a.b.localhost", "localhost"));
        assert!(!below("notlocalhost", "localhost"));
        assert!(!below("localhost.com", "localhost"));
    }
}
