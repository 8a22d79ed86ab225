//! Ed25519 public keys from a JSON Web Key or a JWK set (feature `jwk`).
//!
//! Some senders publish their `v1a` verification keys as a JWKS document rather
//! than as `whpk_` text. [`parse_jwks`] reads either a single JWK or a set and
//! returns every key with its `kid`, ready to go into a verifier's ring.
//!
//! The rules follow RFC 8037 (OKP keys) and RFC 7517 (JWK), and are strict on
//! purpose, since a key set decides which signatures are trusted:
//!
//! - `kty` must be `"OKP"` and `crv` `"Ed25519"`; any other key type is refused,
//!   not skipped, so a set that is not what the receiver thinks fails loudly;
//! - `x` is the 32-byte public key in unpadded base64url;
//! - a `d` member (the private key) is refused: a key set must never carry one,
//!   and accepting it would hide a leak;
//! - `use`, when present, must be `"sig"`; `alg`, when present, `"EdDSA"` or
//!   `"Ed25519"`; `key_ops`, when present, must include `"verify"`;
//! - `kid`, when present, must be a string; other members are ignored;
//! - a set with no keys is refused, and one bad key refuses the whole set.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use crate::ed25519::PublicKey;
use crate::error::{Error, ErrorKind, Reason};
use crate::keys::VerifyKey;

/// One public key read from a JWK, with its key id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JwkKey {
    kid: Option<String>,
    key: PublicKey,
}

impl JwkKey {
    /// The JWK's `kid` member, if it had one.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The public key.
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        self.key
    }

    /// The key as a verifier ring entry.
    #[must_use]
    pub fn verify_key(&self) -> VerifyKey {
        self.key.into()
    }
}

/// Reads a JWK (`{"kty": "OKP", …}`) or a JWK set (`{"keys": [ … ]}`) and
/// returns its Ed25519 public keys in document order.
///
/// # Errors
///
/// [`ErrorKind::InvalidSecret`] when the text is not JSON, is neither a JWK nor
/// a set, holds no keys, or any key breaks the rules in the
/// [module docs](self). The message names the key's position in the set.
pub fn parse_jwks(json: &str) -> Result<Vec<JwkKey>, Error> {
    let document: Value = serde_json::from_str(json)
        .map_err(|_| Error::new(ErrorKind::InvalidSecret, "jwk document is not valid json"))?;
    let Value::Object(object) = document else {
        return Err(Error::new(
            ErrorKind::InvalidSecret,
            "jwk document is not a json object",
        ));
    };

    if object.contains_key("kty") {
        return Ok(alloc::vec![parse_key(0, &object)?]);
    }
    let Some(keys) = object.get("keys") else {
        return Err(Error::new(
            ErrorKind::InvalidSecret,
            "jwk document is neither a jwk (no kty) nor a jwk set (no keys)",
        ));
    };
    let Value::Array(keys) = keys else {
        return Err(Error::new(
            ErrorKind::InvalidSecret,
            "jwk set's keys member is not an array",
        ));
    };
    if keys.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidSecret,
            "jwk set holds no keys",
        ));
    }
    keys.iter()
        .enumerate()
        .map(|(index, key)| match key {
            Value::Object(key) => parse_key(index, key),
            _ => Err(refuse(index, "is not a json object")),
        })
        .collect()
}

fn refuse(index: usize, problem: &'static str) -> Error {
    Error::with_reason(ErrorKind::InvalidSecret, Reason::Jwk { index, problem })
}

/// Checks one JWK against the rules and decodes its key.
fn parse_key(index: usize, jwk: &Map<String, Value>) -> Result<JwkKey, Error> {
    let text = |name| match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.as_str())),
        Some(_) => Err(refuse(
            index,
            "has a member that should be a string but is not",
        )),
    };

    match text("kty")? {
        Some("OKP") => {}
        None => return Err(refuse(index, "has no kty")),
        Some(_) => {
            return Err(refuse(
                index,
                "has a kty other than OKP; only Ed25519 keys are supported",
            ));
        }
    }
    if text("crv")? != Some("Ed25519") {
        return Err(refuse(
            index,
            "has a crv other than Ed25519; only Ed25519 keys are supported",
        ));
    }
    if jwk.contains_key("d") {
        return Err(refuse(
            index,
            "holds a private key (d); a key set must carry public keys only",
        ));
    }
    if text("use")?.is_some_and(|usage| usage != "sig") {
        return Err(refuse(index, "has a use other than sig"));
    }
    if text("alg")?.is_some_and(|alg| alg != "EdDSA" && alg != "Ed25519") {
        return Err(refuse(index, "has an alg other than EdDSA or Ed25519"));
    }
    if let Some(ops) = jwk.get("key_ops") {
        let verifies = match ops {
            Value::Array(ops) => ops.iter().any(|op| op.as_str() == Some("verify")),
            _ => false,
        };
        if !verifies {
            return Err(refuse(index, "has key_ops without verify"));
        }
    }
    let kid = text("kid")?.map(String::from);

    let x = text("x")?.ok_or_else(|| refuse(index, "has no x"))?;
    // Room for twice the expected size, so a wrong length is reported as such
    // rather than as a decoding failure.
    if x.len() > 88 {
        return Err(refuse(index, "has an x that is not 32 bytes"));
    }
    let mut bytes = [0u8; 66];
    let len = URL_SAFE_NO_PAD
        .decode_slice(x, &mut bytes)
        .map_err(|_| refuse(index, "has an x that is not unpadded base64url"))?;
    let bytes: &[u8; 32] = bytes[..len]
        .try_into()
        .map_err(|_| refuse(index, "has an x that is not 32 bytes"))?;
    let key = PublicKey::from_bytes(bytes)
        .map_err(|_| refuse(index, "has an x that is not a usable ed25519 public key"))?;
    Ok(JwkKey { kid, key })
}
