//! The wording rules for errors, checked on every rejection the shared vectors
//! provoke: messages are lowercase with no trailing period, name the header
//! they are about, and never repeat the key they refused.
//!
//! The vectors come from `testdata/standardwebhooks_v1.json` (Python's `hmac`)
//! and `testdata/standardwebhooks_v1a.json` (the `cryptography` package); the
//! runners in `vectors.rs` and `vectors_v1a.rs` check the outcomes, and this
//! file only reads the messages. We read the files as plain JSON values so
//! that their schemas stay defined in one place, the runners.

#![cfg(all(feature = "ed25519", feature = "std"))]
// The helpers below sit outside #[test] functions, where clippy.toml's test
// allowance for unwrap does not reach; a panic is the right failure here.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use webhook_core::{Error, ErrorKind, Headers, Secret, Verifier, VerifyKey};

const V1: &str = include_str!("../../../testdata/standardwebhooks_v1.json");
const V1A: &str = include_str!("../../../testdata/standardwebhooks_v1a.json");

/// One key of a vector's ring, as text, with its optional not-after time.
type RingKey = (String, Option<u64>);

/// A header value of a vector, `None` when the vector leaves it out.
fn header(vector: &Value, name: &str) -> Option<Vec<u8>> {
    vector[name].as_str().map(|text| text.as_bytes().to_vec())
}

/// Builds a verifier from `ring` with `parse` and verifies the vector's
/// delivery, as the runners do; returns the error, if any.
fn rejection(
    vector: &Value,
    ring: &[RingKey],
    parse: fn(&str) -> Result<VerifyKey, Error>,
) -> Option<Error> {
    let keys = ring
        .iter()
        .map(|(text, not_after)| {
            let key = parse(text)?;
            Ok(match not_after {
                Some(limit) => key.not_after(*limit),
                None => key,
            })
        })
        .collect::<Result<Vec<_>, Error>>();
    let verifier = match keys.and_then(Verifier::new) {
        Ok(verifier) => verifier.with_tolerance(vector["tolerance"].as_u64().unwrap()),
        Err(err) => return Some(err),
    };
    let (id, timestamp, signature) = (
        header(vector, "id"),
        header(vector, "timestamp"),
        header(vector, "signature"),
    );
    let headers = Headers {
        id: id.as_deref(),
        timestamp: timestamp.as_deref(),
        signature: signature.as_deref(),
    };
    let body = STANDARD
        .decode(vector["body_base64"].as_str().unwrap())
        .unwrap();
    verifier
        .verify(&headers, &body, vector["now"].as_u64().unwrap())
        .err()
}

/// The header a rejection of `kind` must name, judged from the kind and, for
/// the two header kinds, from the vector's name (`ts_…` vectors are about
/// `webhook-timestamp`, and so on). `None` when any of the three will do.
fn header_to_name(kind: ErrorKind, vector: &str) -> Option<&'static str> {
    match kind {
        ErrorKind::TimestampTooOld | ErrorKind::TimestampTooNew => Some("webhook-timestamp"),
        ErrorKind::NoSupportedSignature | ErrorKind::InvalidSignature => Some("webhook-signature"),
        ErrorKind::MissingHeader | ErrorKind::InvalidHeader => {
            let about = |words: &[&str]| {
                words
                    .iter()
                    .any(|word| vector.starts_with(word) || vector.ends_with(word))
            };
            if about(&["ts_", "_timestamp", "header_timestamp_"]) {
                Some("webhook-timestamp")
            } else if about(&["id_", "_id", "header_id_"]) {
                Some("webhook-id")
            } else if about(&["sig_", "cap_", "_signature"]) {
                Some("webhook-signature")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Checks one message against the wording rules; `keys` are the key texts the
/// ring was built from, none of which may show up in it.
fn check(vector: &str, err: &Error, keys: &[RingKey]) -> Vec<String> {
    let message = err.to_string();
    let mut problems = Vec::new();
    let mut complain = |what: &str| problems.push(format!("{vector}: {what}: {message:?}"));

    if !message.starts_with(|c: char| c.is_ascii_lowercase()) {
        complain("does not start with a lowercase letter");
    }
    if message.ends_with('.') {
        complain("ends with a period");
    }
    let names = ["webhook-id", "webhook-timestamp", "webhook-signature"];
    match header_to_name(err.kind(), vector) {
        Some(name) if !message.contains(name) => complain(&format!("does not name {name}")),
        None if matches!(
            err.kind(),
            ErrorKind::MissingHeader | ErrorKind::InvalidHeader
        ) && !names.iter().any(|name| message.contains(name)) =>
        {
            complain("names no header");
        }
        _ => {}
    }
    for (text, _) in keys {
        let body = ["whsec_", "whsk_", "whpk_"]
            .iter()
            .find_map(|prefix| text.strip_prefix(prefix))
            .unwrap_or(text);
        // Twelve characters of base64 are 72 bits: enough to show a key leaked,
        // and longer than any word a message uses.
        if body.len() >= 12 && message.contains(&body[..12]) {
            complain("repeats key material");
        }
    }
    problems
}

/// Runs `rejection` and `check` over every vector of `file` that expects an
/// error, and returns the problems and how many messages were checked.
fn check_file(
    file: &str,
    ring: fn(&Value) -> Vec<RingKey>,
    parse: fn(&str) -> Result<VerifyKey, Error>,
) -> (Vec<String>, usize) {
    let doc: Value = serde_json::from_str(file).unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for vector in doc["vectors"].as_array().unwrap() {
        let name = vector["name"].as_str().unwrap();
        let Some(want) = vector["expected"]["error"].as_str() else {
            continue;
        };
        let keys = ring(vector);
        let err = rejection(vector, &keys, parse)
            .unwrap_or_else(|| panic!("{name}: verified, but {want} was expected"));
        assert_eq!(err.kind().name(), want, "{name}");
        problems.extend(check(name, &err, &keys));
        checked += 1;
    }
    (problems, checked)
}

#[test]
fn every_v1_rejection_is_worded_by_the_rules() {
    let ring = |vector: &Value| {
        let secrets = vector["secrets"].as_array().unwrap();
        secrets
            .iter()
            .map(|text| (text.as_str().unwrap().to_owned(), None))
            .collect()
    };
    let parse = |text: &str| Secret::from_base64(text).map(VerifyKey::from);
    let (problems, checked) = check_file(V1, ring, parse);
    assert!(checked >= 60, "only {checked} rejections");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_v1a_rejection_is_worded_by_the_rules() {
    let ring = |vector: &Value| {
        let keys = vector["keys"].as_array().unwrap();
        keys.iter()
            .map(|entry| {
                let text = entry["key"].as_str().unwrap().to_owned();
                (text, entry["not_after"].as_u64())
            })
            .collect()
    };
    let (problems, checked) = check_file(V1A, ring, VerifyKey::parse);
    assert!(checked >= 40, "only {checked} rejections");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
