//! Runs the shared `v1a` (ed25519) conformance vectors through the core.
//!
//! The vectors come from `testdata/standardwebhooks_v1a.json`, written by
//! `testdata/gen_vectors_v1a.py`, which computes every signature with the Python
//! `cryptography` package and every HMAC with Python's `hmac`, never with this
//! crate. See `testdata/README.md` for the schema. Three lists are checked:
//! verification against mixed key rings, key parsing, and JWK import.

#![cfg(all(feature = "ed25519", feature = "jwk"))]

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use webhook_core::ed25519::{PublicKey, SigningKey};
use webhook_core::jwk::parse_jwks;
use webhook_core::{ErrorKind, Headers, Scheme, SignKey, Signer, Verifier, VerifyKey};

const VECTORS: &str = include_str!("../../../testdata/standardwebhooks_v1a.json");

#[derive(Deserialize)]
struct File {
    vectors: Vec<Vector>,
    keys: Vec<KeyCase>,
    jwks: Vec<JwkCase>,
}

// Unknown fields are refused so that a misspelt field fails loudly instead of
// quietly weakening the check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    comment: String,
    keys: Vec<RingKey>,
    id: Option<String>,
    timestamp: Option<String>,
    signature: Option<String>,
    body_base64: String,
    now: u64,
    tolerance: u64,
    expected: Expected,
    #[serde(default)]
    sign: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RingKey {
    key: String,
    not_after: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    valid: bool,
    error: Option<String>,
    key_index: Option<usize>,
    scheme: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyCase {
    name: String,
    comment: String,
    text: String,
    #[serde(rename = "as")]
    role: String,
    expected: KeyExpected,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyExpected {
    valid: bool,
    error: Option<String>,
    public_key_base64: Option<String>,
    whsk: Option<String>,
    whpk: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JwkCase {
    name: String,
    comment: String,
    document: serde_json::Value,
    expected: JwkExpected,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JwkExpected {
    valid: bool,
    error: Option<String>,
    keys: Option<Vec<JwkKeyExpected>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JwkKeyExpected {
    kid: Option<String>,
    whpk: String,
}

fn load() -> File {
    serde_json::from_str(VECTORS).expect("the v1a vector file is not valid json")
}

fn decode(text: &str) -> Vec<u8> {
    STANDARD.decode(text).expect("vector base64")
}

fn kind_of(name: &str) -> ErrorKind {
    ErrorKind::from_name(name).unwrap_or_else(|| panic!("unknown error kind {name:?}"))
}

fn scheme_of(name: &str) -> Scheme {
    match name {
        "v1" => Scheme::V1,
        "v1a" => Scheme::V1a,
        other => panic!("unknown scheme {other:?}"),
    }
}

/// What the vector says should happen: (key index, scheme), or the error kind.
fn expected(vector: &Vector) -> Result<(usize, Scheme), ErrorKind> {
    let Expected {
        valid,
        error,
        key_index,
        scheme,
    } = &vector.expected;
    match (valid, error, key_index, scheme) {
        (true, None, Some(index), Some(scheme)) => Ok((*index, scheme_of(scheme))),
        (false, Some(name), None, None) => Err(kind_of(name)),
        _ => panic!("{}: malformed expectation", vector.name),
    }
}

/// What the core does with the vector, called the way an application would.
fn actual(vector: &Vector) -> Result<(usize, Scheme), ErrorKind> {
    let ring = vector
        .keys
        .iter()
        .map(|entry| {
            let key = VerifyKey::parse(&entry.key)?;
            Ok(match entry.not_after {
                Some(limit) => key.not_after(limit),
                None => key,
            })
        })
        .collect::<Result<Vec<_>, webhook_core::Error>>()
        .map_err(|e| e.kind())?;
    let verifier = Verifier::new(ring)
        .map_err(|e| e.kind())?
        .with_tolerance(vector.tolerance);
    let headers = Headers {
        id: vector.id.as_deref().map(str::as_bytes),
        timestamp: vector.timestamp.as_deref().map(str::as_bytes),
        signature: vector.signature.as_deref().map(str::as_bytes),
    };
    let body = decode(&vector.body_base64);
    let verified = verifier
        .verify(&headers, &body, vector.now)
        .map_err(|e| e.kind())?;
    assert_eq!(Some(verified.id()), vector.id.as_deref(), "{}", vector.name);
    Ok((verified.key_index(), verified.scheme()))
}

#[test]
fn every_verification_vector_gives_the_expected_outcome() {
    let file = load();
    let mut names = HashSet::new();
    let mut mismatches = Vec::new();
    for vector in &file.vectors {
        assert!(names.insert(&vector.name), "duplicate name {}", vector.name);
        assert!(!vector.comment.is_empty(), "{} has no comment", vector.name);
        let (want, got) = (expected(vector), actual(vector));
        if want != got {
            mismatches.push(format!(
                "{}: expected {want:?}, got {got:?} ({})",
                vector.name, vector.comment
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} vectors disagree:\n{}",
        mismatches.len(),
        file.vectors.len(),
        mismatches.join("\n")
    );
}

#[test]
fn signing_reproduces_the_independent_signatures() {
    let file = load();
    let mut checked = 0;
    for vector in file.vectors.iter().filter(|v| v.sign) {
        checked += 1;
        let (Some(id), Some(timestamp), Some(want)) =
            (&vector.id, &vector.timestamp, &vector.signature)
        else {
            panic!("{}: sign is set but a header is null", vector.name);
        };
        let ring = vector
            .keys
            .iter()
            .map(|entry| SignKey::parse(&entry.key))
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("{}: {e}", vector.name));
        let timestamp: u64 = timestamp.parse().expect("a decimal timestamp");
        let signed = Signer::new(ring)
            .and_then(|signer| signer.sign(id, timestamp, &decode(&vector.body_base64)))
            .unwrap_or_else(|e| panic!("{}: {e}", vector.name));
        assert_eq!(signed.signature, *want, "{}", vector.name);
    }
    assert!(checked >= 3, "only {checked} signing vectors");
}

#[test]
fn every_key_text_parses_as_expected() {
    let file = load();
    for case in &file.keys {
        assert!(!case.comment.is_empty(), "{} has no comment", case.name);
        let want = &case.expected;
        let (public, whsk) = match case.role.as_str() {
            "signing" => match SigningKey::from_base64(&case.text) {
                Ok(key) => (Ok(key.public_key()), Some(key.to_whsk())),
                Err(e) => (Err(e), None),
            },
            "public" => (PublicKey::from_base64(&case.text), None),
            other => panic!("{}: unknown role {other:?}", case.name),
        };
        match public {
            Ok(public) => {
                assert!(want.valid, "{}: parsed but should fail", case.name);
                let raw = want.public_key_base64.as_deref().expect("public key");
                assert_eq!(public.to_bytes().as_slice(), decode(raw), "{}", case.name);
                assert_eq!(Some(public.to_whpk()), want.whpk, "{}", case.name);
                assert_eq!(whsk, want.whsk, "{}", case.name);
            }
            Err(e) => {
                assert!(!want.valid, "{}: refused: {e}", case.name);
                let name = want.error.as_deref().expect("an error kind");
                assert_eq!(e.kind(), kind_of(name), "{}", case.name);
            }
        }
    }
}

#[test]
fn every_jwk_document_imports_as_expected() {
    let file = load();
    for case in &file.jwks {
        assert!(!case.comment.is_empty(), "{} has no comment", case.name);
        let text = case.document.to_string();
        match (parse_jwks(&text), &case.expected) {
            (
                Ok(keys),
                JwkExpected {
                    valid: true,
                    keys: Some(want),
                    ..
                },
            ) => {
                let got: Vec<(Option<&str>, String)> = keys
                    .iter()
                    .map(|key| (key.kid(), key.public_key().to_whpk()))
                    .collect();
                let want: Vec<(Option<&str>, String)> = want
                    .iter()
                    .map(|key| (key.kid.as_deref(), key.whpk.clone()))
                    .collect();
                assert_eq!(got, want, "{}", case.name);
            }
            (
                Err(e),
                JwkExpected {
                    valid: false,
                    error: Some(name),
                    ..
                },
            ) => {
                assert_eq!(e.kind(), kind_of(name), "{}", case.name);
            }
            (got, _) => panic!("{}: got {got:?} ({})", case.name, case.comment),
        }
    }
}

#[test]
fn the_file_covers_what_it_promises() {
    let file = load();
    let outcomes: Vec<_> = file.vectors.iter().map(expected).collect();
    for kind in [
        ErrorKind::InvalidSecret,
        ErrorKind::MissingHeader,
        ErrorKind::InvalidHeader,
        ErrorKind::TimestampTooOld,
        ErrorKind::TimestampTooNew,
        ErrorKind::NoSupportedSignature,
        ErrorKind::InvalidSignature,
    ] {
        assert!(outcomes.contains(&Err(kind)), "no vector expects {kind}");
    }
    assert!(outcomes.iter().any(|o| matches!(o, Ok((_, Scheme::V1)))));
    assert!(outcomes.iter().any(|o| matches!(o, Ok((_, Scheme::V1a)))));
    assert!(file.vectors.len() >= 40);
    assert!(file.keys.len() >= 15);
    assert!(file.jwks.len() >= 12);
}
