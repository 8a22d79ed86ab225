//! Runs the shared conformance vectors through the core.
//!
//! The vectors come from `testdata/standardwebhooks_v1.json`, written by
//! `testdata/gen_vectors.py`: the Standard Webhooks reference libraries' known answer,
//! the specification's example headers, and our own cases for each documented rule,
//! with every expected signature computed by Python's `hmac`, never by this crate.
//! See `testdata/README.md` for the schema.

// `Signer` needs `alloc`; with default features this always holds.
#![cfg(feature = "alloc")]

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use webhook_core::{ErrorKind, Headers, Secret, SignKey, Signer, Verifier, VerifyKey};

const VECTORS: &str = include_str!("../../../testdata/standardwebhooks_v1.json");

#[derive(Deserialize)]
struct File {
    vectors: Vec<Vector>,
}

// Unknown fields are refused so that a misspelt field (say `key_idx`) fails loudly
// instead of quietly weakening the check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    comment: String,
    secrets: Vec<String>,
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
struct Expected {
    valid: bool,
    error: Option<String>,
    key_index: Option<usize>,
}

fn load() -> Vec<Vector> {
    let file: File = serde_json::from_str(VECTORS).expect("the vector file is not valid json");
    file.vectors
}

fn body(vector: &Vector) -> Vec<u8> {
    STANDARD
        .decode(&vector.body_base64)
        .unwrap_or_else(|e| panic!("{}: body_base64 is not base64: {e}", vector.name))
}

/// What the vector says should happen: the matching key's index, or the error kind.
fn expected(vector: &Vector) -> Result<Result<usize, ErrorKind>, String> {
    let Expected {
        valid,
        error,
        key_index,
    } = &vector.expected;
    match (valid, error, key_index) {
        (true, None, Some(index)) => Ok(Ok(*index)),
        (false, Some(name), None) => ErrorKind::from_name(name)
            .map(Err)
            .ok_or_else(|| format!("unknown error kind {name:?}")),
        _ => Err("expected must be valid with a key_index, or invalid with an error".into()),
    }
}

/// What the core does with the vector, called the way an application would: the
/// matching key's index, or the error kind. The outer `Err` reports a valid
/// delivery whose id or timestamp did not come back as sent.
fn actual(vector: &Vector) -> Result<Result<usize, ErrorKind>, String> {
    let keys = vector
        .secrets
        .iter()
        .map(|text| Secret::from_base64(text).map(VerifyKey::from))
        .collect::<Result<Vec<_>, _>>();
    let verifier = match keys.and_then(Verifier::new) {
        Ok(verifier) => verifier.with_tolerance(vector.tolerance),
        Err(e) => return Ok(Err(e.kind())),
    };
    let headers = Headers {
        id: vector.id.as_deref().map(str::as_bytes),
        timestamp: vector.timestamp.as_deref().map(str::as_bytes),
        signature: vector.signature.as_deref().map(str::as_bytes),
    };
    let verified = match verifier.verify(&headers, &body(vector), vector.now) {
        Ok(verified) => verified,
        Err(e) => return Ok(Err(e.kind())),
    };

    let echoed = (verified.id(), verified.timestamp().to_string());
    let sent = (vector.id.as_deref(), vector.timestamp.as_deref());
    if (Some(echoed.0), Some(echoed.1.as_str())) != sent {
        return Err(format!("verified as {echoed:?}, but {sent:?} was sent"));
    }
    Ok(Ok(verified.key_index()))
}

fn show(outcome: &Result<usize, ErrorKind>) -> String {
    match outcome {
        Ok(index) => format!("valid (key_index {index})"),
        Err(kind) => kind.name().to_string(),
    }
}

#[test]
fn every_vector_verifies_as_expected() {
    let vectors = load();
    let mismatches: Vec<String> = vectors
        .iter()
        .filter_map(|vector| {
            let got = match actual(vector) {
                Ok(got) => got,
                Err(problem) => return Some(format!("{}: {problem}", vector.name)),
            };
            match expected(vector) {
                Ok(want) if want == got => None,
                Ok(want) => Some(format!(
                    "{}: expected {}, got {} ({})",
                    vector.name,
                    show(&want),
                    show(&got),
                    vector.comment
                )),
                Err(problem) => Some(format!("{}: {problem}", vector.name)),
            }
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} vectors disagree with the core:\n  {}",
        mismatches.len(),
        vectors.len(),
        mismatches.join("\n  ")
    );
}

#[test]
fn signer_reproduces_python_signatures() {
    let vectors = load();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for vector in vectors.iter().filter(|v| v.sign) {
        checked += 1;
        let (Some(id), Some(timestamp), Some(want)) =
            (&vector.id, &vector.timestamp, &vector.signature)
        else {
            mismatches.push(format!("{}: sign is set but a header is null", vector.name));
            continue;
        };
        let result = vector
            .secrets
            .iter()
            .map(|text| Secret::from_base64(text).map(SignKey::from))
            .collect::<Result<Vec<_>, _>>()
            .and_then(Signer::new)
            .and_then(|signer| {
                let timestamp = timestamp.parse().unwrap_or(u64::MAX);
                signer.sign(id, timestamp, &body(vector))
            });
        match result {
            Ok(headers) if headers.signature == *want && headers.timestamp == *timestamp => {}
            Ok(headers) => mismatches.push(format!(
                "{}: signed {:?} at {:?}, python says {want:?} at {timestamp:?}",
                vector.name, headers.signature, headers.timestamp
            )),
            Err(e) => mismatches.push(format!("{}: signing failed: {e}", vector.name)),
        }
    }
    assert!(checked > 0, "no vector has sign set");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} signing vectors disagree with python:\n  {}",
        mismatches.len(),
        mismatches.join("\n  ")
    );
}

#[test]
fn vector_file_is_large_and_covers_every_error_kind() {
    let vectors = load();
    assert!(
        vectors.len() >= 60,
        "only {} vectors, at least 60 are required",
        vectors.len()
    );

    let mut names = HashSet::new();
    for vector in &vectors {
        assert!(
            names.insert(vector.name.as_str()),
            "vector name {:?} is used twice",
            vector.name
        );
        let snake = vector
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        assert!(snake, "vector name {:?} is not snake_case", vector.name);
        assert!(
            !vector.sign || vector.expected.valid,
            "{}: sign is set on an invalid vector",
            vector.name
        );
    }

    let seen: HashSet<&str> = vectors
        .iter()
        .filter_map(|v| v.expected.error.as_deref())
        .collect();
    // The random source only fails while generating a secret, which no vector does.
    let wanted = ErrorKind::ALL
        .into_iter()
        .filter(|kind| *kind != ErrorKind::RandomSource);
    let missing: Vec<&str> = wanted
        .map(ErrorKind::name)
        .filter(|n| !seen.contains(n))
        .collect();
    assert!(missing.is_empty(), "no vector expects {missing:?}");
    assert!(vectors.iter().any(|v| v.expected.valid), "no valid vector");
}
