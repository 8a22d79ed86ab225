//! The shared signature vectors, `testdata/standardwebhooks_v1.json` (HMAC
//! tags by Python's `hmac`) and `testdata/standardwebhooks_v1a.json` (ed25519
//! signatures by the `cryptography` package), read into one shape for both
//! files, so every adapter runs the same cases the same way.
//!
//! Expected outcomes come from those files, never from our own signer. Each
//! adapter adds what is particular to it (building its configuration and its
//! requests) on top of [`Case`].

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use webhook_core::{Secret, VerifyKey};

const V1_VECTORS: &str = include_str!("../../../testdata/standardwebhooks_v1.json");
const V1A_VECTORS: &str = include_str!("../../../testdata/standardwebhooks_v1a.json");

#[derive(Deserialize)]
struct V1File {
    vectors: Vec<V1Vector>,
}

#[derive(Deserialize)]
struct V1Vector {
    name: String,
    secrets: Vec<String>,
    #[serde(flatten)]
    delivery: Delivery,
}

#[derive(Deserialize)]
struct V1aFile {
    vectors: Vec<V1aVector>,
}

#[derive(Deserialize)]
struct V1aVector {
    name: String,
    keys: Vec<V1aKey>,
    #[serde(flatten)]
    delivery: Delivery,
}

#[derive(Deserialize)]
struct V1aKey {
    key: String,
    not_after: Option<u64>,
}

/// What both files hold beside the keys.
#[derive(Deserialize)]
struct Delivery {
    id: Option<String>,
    timestamp: Option<String>,
    signature: Option<String>,
    body_base64: String,
    now: u64,
    tolerance: u64,
    expected: Expected,
}

/// What a vector expects.
#[derive(Clone, Debug, Deserialize)]
pub struct Expected {
    /// Whether the delivery verifies.
    pub valid: bool,
    /// The core's error kind name when it does not.
    pub error: Option<String>,
    /// The position of the matching key when it does.
    pub key_index: Option<usize>,
    /// The matching scheme (`v1` or `v1a`), where the file says.
    #[serde(default)]
    pub scheme: Option<String>,
}

/// One vector, in the shape both files share.
#[derive(Clone, Debug)]
pub struct Case {
    /// The vector's name in its file.
    pub name: String,
    /// The key text as given, for checks that no answer or log leaks it.
    pub key_texts: Vec<String>,
    /// The key ring; `None` when the ring itself is invalid (a key that does
    /// not parse, or none at all), or uses a scheme this build leaves out.
    pub ring: Option<Vec<VerifyKey>>,
    /// `webhook-id`, when the vector sends one.
    pub id: Option<String>,
    /// `webhook-timestamp`, when the vector sends one.
    pub timestamp: Option<String>,
    /// `webhook-signature`, when the vector sends one.
    pub signature: Option<String>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// The receiver's clock, in seconds since the Unix epoch.
    pub now: u64,
    /// The timestamp tolerance, in seconds.
    pub tolerance: u64,
    /// The verdict.
    pub expected: Expected,
}

impl Case {
    /// The webhook headers the vector sends, by name, in the order a sender
    /// writes them.
    #[must_use]
    pub fn headers(&self) -> Vec<(&'static str, &str)> {
        [
            ("webhook-id", &self.id),
            ("webhook-timestamp", &self.timestamp),
            ("webhook-signature", &self.signature),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.as_deref()?)))
        .collect()
    }
}

/// Every `v1` vector.
///
/// # Panics
///
/// When the committed file does not parse, which is a broken checkout.
#[must_use]
pub fn v1_cases() -> Vec<Case> {
    let file: V1File = serde_json::from_str(V1_VECTORS).expect("v1 vectors parse");
    file.vectors
        .into_iter()
        .map(|v| {
            let ring = v
                .secrets
                .iter()
                .map(|text| Secret::from_base64(text).map(VerifyKey::from))
                .collect();
            case(v.name, ring, v.secrets, v.delivery)
        })
        .collect()
}

/// Every `v1a` vector. Without the core's `ed25519` feature no ring parses,
/// so every case's ring is `None`; the adapters run these only with it.
///
/// # Panics
///
/// When the committed file does not parse, which is a broken checkout.
#[must_use]
pub fn v1a_cases() -> Vec<Case> {
    let file: V1aFile = serde_json::from_str(V1A_VECTORS).expect("v1a vectors parse");
    file.vectors
        .into_iter()
        .map(|v| {
            let ring = v
                .keys
                .iter()
                .map(|key| {
                    let parsed = VerifyKey::parse(&key.key)?;
                    Ok(match key.not_after {
                        Some(at) => parsed.not_after(at),
                        None => parsed,
                    })
                })
                .collect();
            let texts = v.keys.into_iter().map(|key| key.key).collect();
            case(v.name, ring, texts, v.delivery)
        })
        .collect()
}

/// One case from the parts of a vector; a ring that failed to parse, or is
/// empty, becomes `None`.
fn case(
    name: String,
    ring: Result<Vec<VerifyKey>, webhook_core::Error>,
    key_texts: Vec<String>,
    delivery: Delivery,
) -> Case {
    Case {
        name,
        ring: ring.ok().filter(|ring| !ring.is_empty()),
        key_texts,
        id: delivery.id,
        timestamp: delivery.timestamp,
        signature: delivery.signature,
        body: STANDARD
            .decode(delivery.body_base64)
            .expect("body is base64"),
        now: delivery.now,
        tolerance: delivery.tolerance,
        expected: delivery.expected,
    }
}

/// The `v1` vector called `name`.
///
/// # Panics
///
/// When there is none, which is a mistake in the test asking.
#[must_use]
pub fn v1(name: &str) -> Case {
    v1_cases()
        .into_iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("no vector {name}"))
}
