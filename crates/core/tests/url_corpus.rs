//! Runs every case of the shared destination corpus through the core:
//! `testdata/urls.json` (the URL rules, expectations written by hand from the
//! README and normalised forms from the WHATWG URL standard) and
//! `testdata/addresses.json` (the resolve-time address check, whose
//! expectations `testdata/check_addresses.py` re-derives independently).
//!
//! Every failing case is reported, not only the first.

#![cfg(feature = "url-policy")]

use core::net::IpAddr;

use serde::Deserialize;
use webhook_core::destination::{
    MAX_MESSAGE_LEN, UrlError, UrlErrorKind, UrlPolicy, check_address, check_addresses, check_url,
    is_public_address, parse_address,
};

const URLS: &str = include_str!("../../../testdata/urls.json");
const ADDRESSES: &str = include_str!("../../../testdata/addresses.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UrlFile {
    description: String,
    #[allow(dead_code)] // documentation for people; the runner needs only the cases
    schema: serde_json::Value,
    cases: Vec<UrlCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UrlCase {
    url: String,
    expect: String,
    normalised: Option<String>,
    why: String,
    #[serde(default)]
    policy: Option<PolicyAdditions>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyAdditions {
    #[serde(default)]
    block: Vec<String>,
    #[serde(default)]
    ports: Vec<u16>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddressFile {
    description: String,
    #[allow(dead_code)] // documentation for people; the runner needs only the cases
    schema: serde_json::Value,
    cases: Vec<AddressCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddressCase {
    address: String,
    expect: String,
    why: String,
}

fn url_file() -> UrlFile {
    serde_json::from_str(URLS).expect("testdata/urls.json parses")
}

fn address_file() -> AddressFile {
    serde_json::from_str(ADDRESSES).expect("testdata/addresses.json parses")
}

fn policy_for(case: &UrlCase) -> UrlPolicy {
    let mut policy = UrlPolicy::new();
    if let Some(additions) = &case.policy {
        for name in &additions.block {
            policy
                .block_name(name)
                .expect("the corpus adds valid names");
        }
        for &port in &additions.ports {
            policy
                .allow_port(port)
                .expect("the corpus adds valid ports");
        }
    }
    policy
}

/// The wording rules for refusals: lowercase, no trailing period, bounded,
/// and no control or invisible character, whatever the input held.
fn message_problem(err: &UrlError) -> Option<String> {
    let message = err.to_string();
    let first = message.chars().next();
    if first.is_none_or(|c| c.is_uppercase()) {
        return Some(format!("message {message:?} is empty or capitalised"));
    }
    if message.ends_with('.') {
        return Some(format!("message {message:?} ends with a period"));
    }
    if message.len() > MAX_MESSAGE_LEN {
        return Some(format!("message is {} bytes long", message.len()));
    }
    if !message.chars().all(|c| (' '..='~').contains(&c)) {
        return Some(format!("message {message:?} is not printable ascii"));
    }
    None
}

#[test]
fn url_corpus() {
    let file = url_file();
    assert!(!file.description.is_empty());
    assert!(file.cases.len() >= 150, "{} cases", file.cases.len());

    let mut failures = Vec::new();
    for case in &file.cases {
        assert!(!case.why.is_empty(), "{:?} has no why", case.url);
        let got = policy_for(case).check(&case.url);
        let shown = case.url.chars().take(80).collect::<String>();
        match (&got, case.expect.as_str()) {
            (Ok(url), "ok") => {
                let want = case
                    .normalised
                    .as_deref()
                    .expect("ok cases give a normalised form");
                if url.as_str() != want {
                    failures.push(format!(
                        "{shown:?}: normalised to {:?}, want {want:?}",
                        url.as_str()
                    ));
                }
                // The normalised form is a fixed point: checking it again gives itself.
                match policy_for(case).check(url.as_str()) {
                    Ok(again) if again == *url => {}
                    other => {
                        failures.push(format!("{shown:?}: normalised form re-checks as {other:?}"))
                    }
                }
            }
            (Err(err), kind) if kind == err.kind().as_str() => {
                assert!(
                    case.normalised.is_none(),
                    "{shown:?}: a refusal has no normalised form"
                );
                if let Some(problem) = message_problem(err) {
                    failures.push(format!("{shown:?}: {problem}"));
                }
            }
            (got, want) => failures.push(format!(
                "{shown:?} ({}): got {}, want {want}",
                case.why,
                match got {
                    Ok(url) => format!("ok {:?}", url.as_str()),
                    Err(err) => format!("{}: {err}", err.kind()),
                }
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn url_corpus_covers_every_kind_but_private_address() {
    let file = url_file();
    for kind in UrlErrorKind::ALL {
        let count = file
            .cases
            .iter()
            .filter(|c| c.expect == kind.as_str())
            .count();
        if kind == UrlErrorKind::PrivateAddress {
            assert_eq!(count, 0, "addresses have a file of their own");
        } else {
            assert!(count >= 3, "{kind}: only {count} cases");
        }
    }
    for case in &file.cases {
        let known = case.expect == "ok" || UrlErrorKind::from_name(&case.expect).is_some();
        assert!(known, "{:?}: unknown kind {:?}", case.url, case.expect);
    }
    let ok = file.cases.iter().filter(|c| c.expect == "ok").count();
    assert!(ok >= 50, "only {ok} accepted urls");
    assert!(
        file.cases
            .iter()
            .any(|c| c.expect == "ok" && c.url.len() > 2000)
    );
}

#[test]
fn address_corpus() {
    let file = address_file();
    assert!(!file.description.is_empty());
    assert!(file.cases.len() >= 150, "{} cases", file.cases.len());

    let mut failures = Vec::new();
    for case in &file.cases {
        assert!(!case.why.is_empty(), "{} has no why", case.address);
        // The text as a resolver writes it, an IPv6 zone included.
        let addr = parse_address(&case.address).expect("the corpus holds addresses");
        let got = match check_address(addr) {
            Ok(()) => "ok".to_string(),
            Err(err) => {
                if let Some(problem) = message_problem(&err) {
                    failures.push(format!("{}: {problem}", case.address));
                }
                err.kind().as_str().to_string()
            }
        };
        if got != case.expect {
            failures.push(format!(
                "{} ({}): got {got}, want {}",
                case.address, case.why, case.expect
            ));
        }
        if is_public_address(addr) != (case.expect == "ok") {
            failures.push(format!("{}: is_public_address disagrees", case.address));
        }
        // One address alone, and beside a public one in either order.
        let public: IpAddr = "8.8.8.8".parse().expect("an address");
        for list in [vec![addr], vec![public, addr], vec![addr, public]] {
            if check_addresses(&list).is_ok() != (case.expect == "ok") {
                failures.push(format!(
                    "{}: check_addresses({list:?}) disagrees",
                    case.address
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn an_empty_address_list_is_refused() {
    let err = check_addresses(&[]).unwrap_err();
    assert_eq!(err.kind(), UrlErrorKind::PrivateAddress);
    assert_eq!(err.kind().as_str(), "private_address");
}

#[test]
fn default_policy_and_check_url_agree() {
    for case in url_file().cases.iter().filter(|c| c.policy.is_none()) {
        let a = check_url(&case.url)
            .map(|u| u.into_string())
            .map_err(|e| e.kind());
        let b = UrlPolicy::default()
            .check(&case.url)
            .map(|u| u.into_string())
            .map_err(|e| e.kind());
        assert_eq!(a, b, "{:?}", case.url);
    }
}
