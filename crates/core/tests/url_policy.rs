//! The policy object (added names and ports), the accessors of a checked URL,
//! the wording of refusals, and a search for panics over generated input.
//! The shared cases live in `testdata/urls.json` and run in `url_corpus.rs`.

#![cfg(feature = "url-policy")]

use webhook_core::destination::{
    BLOCKED_NAMES, CheckedUrl, DEFAULT_PORTS, MAX_MESSAGE_LEN, MAX_URL_LEN, UrlError, UrlErrorKind,
    UrlPolicy, check_url,
};

fn kind(policy: &UrlPolicy, url: &str) -> Result<String, UrlErrorKind> {
    policy
        .check(url)
        .map(CheckedUrl::into_string)
        .map_err(|e| e.kind())
}

#[test]
fn added_names_are_normalised_once() {
    let mut policy = UrlPolicy::new();
    policy.block_name("Corp.Example.").unwrap();
    policy.block_name("corp.example").unwrap();
    policy.block_name("CORP.EXAMPLE.").unwrap();
    policy.block_name("Bücher.example.org").unwrap();
    policy.block_name("ｓｈｏｐ.example.net").unwrap();
    assert_eq!(
        policy.blocked_names(),
        [
            "corp.example",
            "xn--bcher-kva.example.org",
            "shop.example.net"
        ]
    );
}

#[test]
fn added_names_block_themselves_and_below_only() {
    let mut policy = UrlPolicy::new();
    policy.block_name("partner.example.com").unwrap();
    let blocked = Err(UrlErrorKind::BlockedHost);
    assert_eq!(kind(&policy, "https://partner.example.com/"), blocked);
    assert_eq!(kind(&policy, "https://a.b.partner.example.com/"), blocked);
    assert_eq!(kind(&policy, "https://PARTNER.example.com./"), blocked);
    assert!(kind(&policy, "https://example.com/").is_ok());
    assert!(kind(&policy, "https://xpartner.example.com/").is_ok());
    assert!(kind(&policy, "https://partner.example.com.evil.net/").is_ok());
    // The same URLs pass a default policy: the block came from the addition.
    assert!(check_url("https://a.b.partner.example.com/").is_ok());

    let err = policy.check("https://partner.example.com/").unwrap_err();
    assert_eq!(
        err.to_string(),
        "host \"partner.example.com\" is blocked by this policy"
    );
}

#[test]
fn names_that_cannot_be_blocked_are_refused() {
    let long = "a.".repeat(130);
    for name in [
        "",
        " corp.example",
        "corp.example\n",
        "corp\u{0}.example",
        "10.0.0.1",
        "0x7f.1",
        "[::1]",
        "a..b",
        ".corp.example",
        "*.corp.example",
        "xn--zz.com",
        "exa$mple.com",
        "corp\u{ad}.example",
        "corp\u{e0100}.example",
        "corp%C2%AD.example",
        "corp%E2%80%8B.example",
        long.as_str(),
    ] {
        let mut policy = UrlPolicy::new();
        let err = policy.block_name(name).unwrap_err();
        assert_eq!(err.kind(), UrlErrorKind::Malformed, "{name:?}");
        let message = err.to_string();
        assert!(message.starts_with("name \""), "{message}");
        assert!(message.len() <= MAX_MESSAGE_LEN, "{message}");
        assert!(
            message.chars().all(|c| (' '..='~').contains(&c)),
            "{message}"
        );
        assert!(policy.blocked_names().is_empty());
    }
    let mut policy = UrlPolicy::new();
    let err = policy.block_name("10.0.0.1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "name \"10.0.0.1\" cannot be blocked: ip addresses are always refused"
    );
}

#[test]
fn added_ports_open_only_those_ports() {
    let mut policy = UrlPolicy::new();
    policy.allow_port(9443).unwrap();
    policy.allow_port(9443).unwrap();
    policy.allow_port(443).unwrap();
    assert_eq!(policy.allowed_ports(), [9443]);
    assert_eq!(DEFAULT_PORTS, [443, 8443]);

    assert_eq!(
        kind(&policy, "https://example.com:9443/").as_deref(),
        Ok("https://example.com:9443/")
    );
    assert!(kind(&policy, "https://example.com:8443/").is_ok());
    assert!(kind(&policy, "https://example.com/").is_ok());
    let refused = Err(UrlErrorKind::PortNotAllowed);
    assert_eq!(kind(&policy, "https://example.com:9444/"), refused);
    assert_eq!(kind(&policy, "https://example.com:09443/"), refused);
    assert_eq!(
        kind(&UrlPolicy::new(), "https://example.com:9443/"),
        refused
    );
}

#[test]
fn port_zero_cannot_be_allowed() {
    let mut policy = UrlPolicy::new();
    let err = policy.allow_port(0).unwrap_err();
    assert_eq!(err.kind(), UrlErrorKind::PortNotAllowed);
    assert!(policy.allowed_ports().is_empty());
    assert_eq!(
        kind(&policy, "https://example.com:0/"),
        Err(UrlErrorKind::PortNotAllowed)
    );
}

#[test]
fn additions_never_lift_a_built_in_rule() {
    let mut policy = UrlPolicy::new();
    policy.allow_port(80).unwrap();
    policy.allow_port(8080).unwrap();
    policy.block_name("example.org").unwrap();
    assert_eq!(
        kind(&policy, "http://example.com/"),
        Err(UrlErrorKind::HttpsRequired)
    );
    assert_eq!(
        kind(&policy, "https://localhost:8080/"),
        Err(UrlErrorKind::BlockedHost)
    );
    assert_eq!(
        kind(&policy, "https://10.0.0.1:80/"),
        Err(UrlErrorKind::IpLiteral)
    );
    assert_eq!(
        kind(&policy, "https://metadata.google.internal:80/"),
        Err(UrlErrorKind::BlockedHost)
    );
    assert!(kind(&policy, "https://example.com:8080/").is_ok());
}

#[test]
fn checked_urls_expose_host_and_port() {
    let url = check_url("https://Hooks.Example.COM:8443/in?x=1").unwrap();
    assert_eq!(url.as_str(), "https://hooks.example.com:8443/in?x=1");
    assert_eq!(url.host(), "hooks.example.com");
    assert_eq!(url.port(), 8443);
    assert_eq!(url.to_string(), url.as_str());
    assert_eq!(AsRef::<str>::as_ref(&url), url.as_str());

    let url = check_url("https://bücher.example.com./hook").unwrap();
    assert_eq!(url.host(), "xn--bcher-kva.example.com.");
    assert_eq!(url.port(), 443);

    let url = check_url("https://example.com:443").unwrap();
    assert_eq!((url.host(), url.port()), ("example.com", 443));
    assert_eq!(url.into_string(), "https://example.com/");
}

/// Exact messages for one refusal of each kind; the corpus checks the rules
/// for all of them.
#[test]
fn messages_name_the_offending_part() {
    let cases = [
        (
            "ftp://example.com/",
            "scheme \"ftp\" is not allowed, the url must use https",
        ),
        (
            "https://[::ffff:169.254.169.254]/",
            "host is the ip address ::ffff:169.254.169.254, the url must name the host by a domain name",
        ),
        ("https://example.com:8080/", "port 8080 is not allowed"),
        (
            "https://example.com:+443/",
            "port \"+443\" is not a plain decimal port number such as 443",
        ),
        (
            "https://example.com:/",
            "port is empty: the url has a colon after the host and no port",
        ),
        ("https://example.com:70000/", "port is larger than 65535"),
        (
            "https://metadata.google.internal./",
            "host \"metadata.google.internal.\" is a cloud metadata service (google cloud)",
        ),
        (
            "https://wpad/",
            "host \"wpad\" is a single-label name, which resolves through local search domains",
        ),
        (
            "https://example.com/\u{202e}",
            "url contains invisible character U+202E at byte 20",
        ),
        (
            "https://exam%C2%ADple.com/",
            "host contains invisible character U+00AD, percent-encoded",
        ),
        (
            "https://exam%F3%A0%84%80ple.com/",
            "host contains invisible character U+E0100, percent-encoded",
        ),
        (
            "https://exam%09ple.com/",
            "host contains control character U+0009, percent-encoded",
        ),
        (
            "https://exa\tmple.com/",
            "url contains control character U+0009 at byte 11",
        ),
        (
            "https://example.com/#top",
            "url contains a fragment (#), which is never sent, at byte 20",
        ),
        (
            "https://:@example.com/",
            "url has user information (an @ before the host), which is never allowed",
        ),
        (
            "https:///example.com/",
            "url has more than two slashes after https:",
        ),
    ];
    for (url, message) in cases {
        let err = check_url(url).unwrap_err();
        assert_eq!(err.to_string(), message, "{url:?}");
    }
    let one_over = ["https://example.com/", &"a".repeat(MAX_URL_LEN - 19)].concat();
    let err = check_url(&one_over).unwrap_err();
    assert_eq!(err.to_string(), "url is 8193 bytes long, the limit is 8192");
    let err = check_url(&["https://example.com/", &"a".repeat(MAX_URL_LEN)].concat()).unwrap_err();
    assert_eq!(err.kind(), UrlErrorKind::TooLong);
    assert_eq!(err.to_string(), "url is 8212 bytes long, the limit is 8192");
}

/// Every code point with the property Default_Ignorable_Code_Point, copied
/// from Unicode 16.0's DerivedCoreProperties.txt (4174 code points), and the
/// interlinear annotation characters, which are format characters outside it.
const INVISIBLE: [(u32, u32); 17] = [
    (0x00ad, 0x00ad),
    (0x034f, 0x034f),
    (0x061c, 0x061c),
    (0x115f, 0x1160),
    (0x17b4, 0x17b5),
    (0x180b, 0x180f),
    (0x200b, 0x200f),
    (0x202a, 0x202e),
    (0x2060, 0x206f),
    (0x3164, 0x3164),
    (0xfe00, 0xfe0f),
    (0xfeff, 0xfeff),
    (0xffa0, 0xffa0),
    (0xfff0, 0xfffb),
    (0x1bca0, 0x1bca3),
    (0x1d173, 0x1d17a),
    (0xe0000, 0xe0fff),
];

fn invisible_chars() -> impl Iterator<Item = char> {
    INVISIBLE
        .iter()
        .flat_map(|&(first, last)| first..=last)
        .filter_map(char::from_u32)
}

/// `c` as the percent-encoded bytes of its UTF-8.
fn percent_encoded(c: char) -> String {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

#[test]
fn every_invisible_character_is_refused_raw_and_encoded_in_the_host() {
    let refused = |url: &str| {
        check_url(url)
            .map(|ok| ok.into_string())
            .map_err(|e| e.kind())
    };
    let malformed = Err(UrlErrorKind::Malformed);
    let mut count = 0;
    for c in invisible_chars() {
        count += 1;
        let encoded = percent_encoded(c);
        assert_eq!(
            refused(&format!("https://exam{c}ple.com/")),
            malformed,
            "{c:?}"
        );
        assert_eq!(
            refused(&format!("https://example.com/{c}")),
            malformed,
            "{c:?}"
        );
        assert_eq!(
            refused(&format!("https://exam{encoded}ple.com/")),
            malformed,
            "{c:?}"
        );
        assert_eq!(
            refused(&format!("https://example.com{encoded}/")),
            malformed,
            "{c:?}"
        );
        // In the path and query, percent-encoded text is data and passes.
        let path = format!("https://example.com/{encoded}?q={encoded}");
        assert_eq!(refused(&path), Ok(path.clone()), "{c:?}");
    }
    // 4174 default-ignorable code points and the three interlinear ones.
    assert_eq!(count, 4174 + 3);
}

#[test]
fn no_code_point_vanishes_from_a_host() {
    // Whatever a code point is, raw or percent-encoded inside a label, the
    // check refuses it or it shows in the host that comes back: nothing is
    // silently dropped on the way to the name that gets resolved. To keep the
    // test quick we sweep in full the basic plane and the tags block, where
    // formatting characters live, every 16th code point of plane 1 (its
    // format controls are in the list above) and every 64th of the rest.
    let full = (0..0x1_0000).chain(0xe_0000..0xe_1000);
    let plane_1 = (0x1_0000..0x2_0000).step_by(16);
    let rest = (0x2_0000..0xe_0000).chain(0xe_1000..0x11_0000).step_by(64);
    for c in full.chain(plane_1).chain(rest).filter_map(char::from_u32) {
        for url in [
            format!("https://exam{c}ple.com/"),
            format!("https://exam{}ple.com/", percent_encoded(c)),
        ] {
            if let Ok(checked) = check_url(&url) {
                assert_ne!(checked.host(), "example.com", "U+{:04X}", u32::from(c));
            }
        }
    }
}

#[test]
fn messages_quote_user_text_escaped_and_cut() {
    // A scheme full of characters the text scan lets through: printable, but
    // long. The quote is cut, and the message stays short.
    let scheme = "x".repeat(5000);
    let err = check_url(&format!("{scheme}://example.com/")).unwrap_err();
    assert_eq!(err.kind(), UrlErrorKind::HttpsRequired);
    let message = err.to_string();
    assert!(message.len() <= MAX_MESSAGE_LEN, "{}", message.len());
    assert!(message.contains("...\""), "{message}");

    // Non-ASCII in a port is escaped, never echoed.
    let err = check_url("https://example.com:44\u{0663}/").unwrap_err();
    assert_eq!(
        err.to_string(),
        "port \"44\\u{663}\" is not a plain decimal port number such as 443"
    );
}

#[test]
fn errors_are_plain_values() {
    fn assert_traits<T: Copy + Send + Sync + core::error::Error + 'static>() {}
    assert_traits::<UrlError>();
    let err = check_url("http://example.com/").unwrap_err();
    let debug = format!("{err:?}");
    assert!(debug.contains("HttpsRequired"), "{debug}");
    assert!(debug.contains("scheme \"http\""), "{debug}");
    assert_eq!(err.kind().to_string(), "https_required");
}

#[test]
fn the_readme_lists_every_blocked_name() {
    let readme = include_str!("../../../README.md");
    for name in BLOCKED_NAMES {
        assert!(
            readme.contains(&format!("`{name}`")) || readme.contains(&format!("`.{name}`")),
            "README.md does not list {name}"
        );
    }
    for kind in UrlErrorKind::ALL {
        assert!(
            readme.contains(&format!("`{}`", kind.as_str())),
            "README.md does not name the kind {kind}"
        );
    }
}

/// A small deterministic generator, so the search below needs no crate and
/// fails the same way every time.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let len = u64::try_from(items.len()).expect("a short list");
        let i = usize::try_from(self.next() % len).expect("below the length");
        items[i]
    }
}

#[test]
fn generated_urls_never_panic_and_accepted_ones_hold_the_rules() {
    let pieces = [
        "https://",
        "HTTPS://",
        "http://",
        "https:",
        "/",
        "//",
        "\\",
        "@",
        ":",
        "::",
        "[",
        "]",
        ".",
        "..",
        "%",
        "%2e",
        "%00",
        "%41",
        "#",
        "?",
        "&",
        "=",
        " ",
        "\t",
        "\n",
        "\u{0}",
        "\u{7f}",
        "\u{ad}",
        "\u{200b}",
        "\u{3002}",
        "\u{ff0e}",
        "\u{ff4c}",
        "ß",
        "ü",
        "xn--",
        "xn--bcher-kva",
        "localhost",
        "local",
        "example",
        "com",
        "internal",
        "0x7f",
        "127",
        "0",
        "1",
        "443",
        "8443",
        "0443",
        "65536",
        "255",
        "ffff",
        "a",
        "-",
        "_",
        "$",
        "*",
        "metadata",
        "google",
        "😀",
        "\u{202e}",
        "\u{fe0f}",
    ];
    let policy = {
        let mut policy = UrlPolicy::new();
        policy.block_name("blocked.example.com").unwrap();
        policy.allow_port(9443).unwrap();
        policy
    };
    let labels = [
        "example",
        "com",
        "a",
        "xn--bcher-kva",
        "bücher",
        "ß",
        "localhost",
        "internal",
        "0x7f",
        "127",
        "1",
        "blocked",
        "ｌｏｃａｌ",
        "a-b",
        "_x",
        "",
    ];
    let ports = ["", ":443", ":8443", ":9443", ":0443", ":", ":80", ":65536"];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for round in 0..20_000 {
        // Half the inputs are shaped like URLs, so that many are accepted and
        // the asserts on accepted URLs get exercised; the other half are any
        // sequence of pieces.
        let mut url = String::new();
        if round % 2 == 0 {
            url.push_str("https://");
            for i in 0..2 + rng.next() % 3 {
                if i > 0 {
                    url.push('.');
                }
                url.push_str(rng.pick(&labels));
            }
            url.push_str(rng.pick(&ports));
            url.push('/');
        }
        for _ in 0..rng.next() % 8 {
            url.push_str(rng.pick(&pieces));
        }
        match policy.check(&url) {
            Ok(checked) => {
                accepted += 1;
                let again = policy
                    .check(checked.as_str())
                    .expect("normalised forms re-check");
                assert_eq!(again, checked, "{url:?}");
                assert!(checked.as_str().starts_with("https://"), "{url:?}");
                assert!(checked.host().contains('.'), "{url:?}");
                assert!(!checked.host().starts_with('['), "{url:?}");
                assert!(
                    checked.host().parse::<core::net::IpAddr>().is_err(),
                    "{url:?}"
                );
                assert!([443, 8443, 9443].contains(&checked.port()), "{url:?}");
                assert!(!url.contains(['#', '\\', ' ', '\t', '\n']), "{url:?}");
            }
            Err(err) => {
                let message = err.to_string();
                assert!(message.len() <= MAX_MESSAGE_LEN, "{url:?}: {message}");
                assert!(message.chars().all(|c| (' '..='~').contains(&c)), "{url:?}");
                assert!(!message.ends_with('.'), "{url:?}: {message}");
            }
        }
    }
    // The generator must reach the accepting side too, or the asserts above
    // prove nothing.
    assert!(accepted > 100, "only {accepted} accepted");
}
