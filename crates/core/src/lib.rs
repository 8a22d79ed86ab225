//! Sign and verify [Standard Webhooks](https://www.standardwebhooks.com/) deliveries.
//!
//! This crate holds all of libwebhook's logic. Every other face of the project
//! (the `webhook` command, the C library, the Python wheel and the web-framework
//! adapters) is a thin layer over it, so every rule below holds the same way in
//! each of them.
//!
//! # Verifying a delivery
//!
//! ```
//! use webhook_core::{ErrorKind, Headers, Secret, Verifier};
//!
//! // Once, at start-up: parsing the secret also precomputes its HMAC key state.
//! let secret = Secret::from_base64("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let verifier = Verifier::new([secret.into()])?;
//!
//! // Per request: borrowed header values and the raw body bytes.
//! let headers = Headers::new(
//!     "msg_p5jXN8AQM9LWM0D4loKWxJek",
//!     "1614265330",
//!     "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
//! );
//! let body = br#"{"test": 2432232314}"#;
//! assert!(verifier.verify(&headers, body, 1614265330).is_ok());
//!
//! // Six minutes later the same delivery is refused as a possible replay.
//! let err = verifier.verify(&headers, body, 1614265330 + 360).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::TimestampTooOld);
//! # Ok::<(), webhook_core::Error>(())
//! ```
//!
//! # The rules
//!
//! **Signed content.** The exact bytes `{webhook-id}.{webhook-timestamp}.{body}`,
//! with both header values used verbatim and the body exactly as received. A `v1`
//! signature is `v1,` followed by the padded standard base64 of
//! HMAC-SHA256(key, content). A `v1a` signature is `v1a,` followed by the padded
//! standard base64 of the 64-byte ed25519 signature (RFC 8032) of the content.
//!
//! **Secrets** (`v1`). `whsec_` followed by standard base64 of the key. The
//! prefix and the `=` padding are optional. Whitespace anywhere, the URL-safe
//! alphabet, partial padding, non-canonical base64 (unused low bits set), a
//! pasted `v1,`, quotes, a label in front and any other stray character are
//! refused with [`ErrorKind::InvalidSecret`] and a message that says which. Keys
//! must be [`MIN_KEY_LEN`] to [`MAX_KEY_LEN`] bytes; [`Secret::from_bytes`] takes
//! raw keys.
//!
//! **Ed25519 keys** (`v1a`, feature `ed25519`). `whsk_` is the signing key: base64
//! of the 32-byte seed, or of the 64-byte seed followed by the public key, whose
//! public half must belong to the seed. `whpk_` is the public key: base64 of the
//! raw 32 bytes, or of the 44-byte SubjectPublicKeyInfo DER. Small-order public
//! keys are refused. The text grammar is the secrets' one, and a prefix, when
//! present, must be the right one. We write `whsk_` in the 64-byte form and
//! `whpk_` raw. See [`ed25519`] and, for JWK sets, `jwk`.
//!
//! **Key rings.** A [`Verifier`] holds [`VerifyKey`]s, which may mix HMAC secrets
//! and ed25519 public keys. A secret only ever checks `v1` entries and a public
//! key only `v1a` entries. Each key may carry a not-after time
//! ([`VerifyKey::not_after`]); past it the key never matches. A [`Signer`] holds
//! [`SignKey`]s and writes one entry per key.
//!
//! **`webhook-timestamp`.** Canonical unsigned decimal only: `0` or `[1-9][0-9]*`,
//! at most `i64::MAX`. Anything else is [`ErrorKind::InvalidHeader`]. A delivery is
//! accepted when `|now - timestamp| <= tolerance` (default
//! [`DEFAULT_TOLERANCE_SECS`]); outside, it is [`ErrorKind::TimestampTooOld`] or
//! [`ErrorKind::TimestampTooNew`]. All arithmetic is overflow-free.
//!
//! **`webhook-id`.** Non-empty visible ASCII (0x21 to 0x7E) without `.`, at most
//! [`MAX_ID_LEN`] bytes. The signer refuses other ids as well.
//!
//! **`webhook-signature`.** Split on spaces; empty pieces and pieces without a
//! comma are skipped; each entry is split at its first comma into version and
//! value. Versions the ring holds no key for are ignored. `v1` values must be the
//! canonical padded base64 of 32 bytes and are compared in constant time; `v1a`
//! values must be the canonical padded base64 of 64 bytes. One match is enough,
//! and when several keys match, the first in ring order is reported, with its
//! scheme. The header may be at most [`MAX_SIGNATURE_HEADER_LEN`] bytes and
//! [`MAX_SIGNATURE_ENTRIES`] space-separated pieces (pieces without a comma count
//! too); with an ed25519 key in the ring, at most [`MAX_V1A_ENTRIES`] `v1a`
//! entries. No entry of a scheme the ring holds is
//! [`ErrorKind::NoSupportedSignature`] ("the sender uses another scheme"), while
//! entries that all fail are [`ErrorKind::InvalidSignature`] ("wrong key,
//! expired key or tampered message").
//!
//! **Bodies** are bytes. Empty bodies, non-JSON, CRLF, a byte-order mark and
//! non-UTF-8 bytes verify exactly as sent; nothing here parses JSON.
//!
//! **Headers over HTTP** (feature `http`): names are case-insensitive; several
//! `webhook-signature` lines all contribute entries; repeated `webhook-id` or
//! `webhook-timestamp` lines must be identical.
//!
//! # Cargo features
//!
//! - `std` (default): the system clock ([`Verifier::verify_now`],
//!   [`Signer::sign_now`]), [`generate_secret`] and ed25519 key generation.
//!   Implies `alloc`.
//! - `ed25519` (default): `v1a` signing and verifying. Works without std.
//! - `alloc`: [`Signer`], which returns owned header strings.
//! - `http`: [`Verifier::verify_http`] over an `http::HeaderMap`, and
//!   [`HttpHeaders`] for adapters that keep the header values.
//! - `jwk`: ed25519 public keys from a JWK or JWK set.
//! - `url-policy`: the destination-URL rules for senders,
//!   `destination::check_url` and `destination::UrlPolicy`, over the `url`
//!   crate. Implies `alloc`; works without std.
//!
//! With default features off the crate is `no_std` without an allocator: parsing
//! keys, [`Secret::sign`] and [`Verifier::verify`] still work, and so do the
//! sender's resolve-time address check ([`destination::check_addresses`]) and
//! the [`retry`] policy, which read `Retry-After` as seconds only until `std`
//! adds HTTP-dates.
//!
//! # Sending
//!
//! A sender signs with [`Signer`] (again for every attempt, see [`retry`]),
//! checks where it delivers with [`destination`], and decides when to try
//! again with [`retry::RetryPolicy`].
//!
//! # Security notes
//!
//! Signature comparison is constant-time (`subtle`). `Debug` on secrets prints
//! no key material, and no error message contains a key or an expected signature.
//! The verify path performs no heap allocation, for `v1` and `v1a` alike.

#![no_std]
#![forbid(unsafe_code)]
#![deny(unreachable_pub)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod destination;
#[cfg(feature = "ed25519")]
pub mod ed25519;
mod error;
mod headers;
#[cfg(feature = "http")]
mod http;
#[cfg(feature = "jwk")]
pub mod jwk;
mod keys;
pub mod retry;
mod secret;
mod sign;
mod verify;

pub use error::{Error, ErrorKind};
pub use headers::{
    HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, MAX_ID_LEN, MAX_SIGNATURE_ENTRIES,
    MAX_SIGNATURE_HEADER_LEN,
};
#[cfg(feature = "http")]
pub use http::HttpHeaders;
pub use keys::{PUBLIC_KEY_PREFIX, SIGNING_KEY_PREFIX, Scheme, SignKey, VerifyKey};
#[cfg(feature = "std")]
pub use secret::generate_secret;
pub use secret::{MAX_KEY_LEN, MIN_KEY_LEN, SECRET_PREFIX, Secret};
pub use sign::Signature;
#[cfg(feature = "alloc")]
pub use sign::{SignedHeaders, Signer};
pub use verify::{DEFAULT_TOLERANCE_SECS, Headers, MAX_V1A_ENTRIES, Verified, Verifier};

// The README's Rust examples run as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
