//! Key-ring entries: what a [`Verifier`](crate::Verifier) checks signatures
//! with, and what a [`Signer`](crate::Signer) signs with.
//!
//! A ring may mix schemes. An HMAC secret only ever checks `v1` entries and an
//! ed25519 public key only `v1a` entries: the type of each entry decides, never
//! the text of the header, so a public key can never be used as an HMAC key.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::secret::Secret;

#[cfg(feature = "ed25519")]
use crate::ed25519::{PublicKey, SigningKey};

/// The prefix of an ed25519 signing key's text form.
pub const SIGNING_KEY_PREFIX: &str = "whsk_";
/// The prefix of an ed25519 public key's text form.
pub const PUBLIC_KEY_PREFIX: &str = "whpk_";

/// A signature scheme of the Standard Webhooks spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scheme {
    /// `v1`: HMAC-SHA256 with a shared secret.
    V1,
    /// `v1a`: ed25519 with a key pair; receivers hold only the public key.
    V1a,
}

impl Scheme {
    /// The version label that starts this scheme's entries in
    /// `webhook-signature`: `v1` or `v1a`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Scheme::V1 => "v1",
            Scheme::V1a => "v1a",
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The key material of a [`VerifyKey`].
#[derive(Clone, Debug)]
pub(crate) enum Material {
    Hmac(Secret),
    #[cfg(feature = "ed25519")]
    Ed25519(PublicKey),
}

/// One entry of a verifier's key ring: an HMAC secret or an ed25519 public key,
/// with an optional expiry.
///
/// Build it from a [`Secret`] or a [`PublicKey`] with `From`, or parse key text
/// with [`parse`](VerifyKey::parse).
///
/// An expiry lets a receiver keep an old key through a rotation window and have
/// it stop working by itself: see [`not_after`](VerifyKey::not_after).
///
/// [`PublicKey`]: crate::ed25519::PublicKey
#[derive(Clone, Debug)]
pub struct VerifyKey {
    pub(crate) material: Material,
    pub(crate) not_after: Option<u64>,
}

impl VerifyKey {
    /// Parses key text, choosing the kind of key by its prefix:
    ///
    /// - `whsec_…`, or bare base64 with no prefix: an HMAC secret (`v1`);
    /// - `whpk_…`: an ed25519 public key (`v1a`), raw or SubjectPublicKeyInfo;
    /// - `whsk_…`: an ed25519 signing key, of which the verifier keeps only the
    ///   public half (convenient when sender and receiver share a config).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] when the text is malformed for its kind, or
    /// names an ed25519 key in a build without the `ed25519` feature.
    pub fn parse(text: &str) -> Result<VerifyKey, Error> {
        if text.starts_with(PUBLIC_KEY_PREFIX) {
            parse_public(text)
        } else if text.starts_with(SIGNING_KEY_PREFIX) {
            parse_signing(text).map(|key| key.verify_key())
        } else {
            Secret::from_base64(text).map(VerifyKey::from)
        }
    }

    /// Stops this key from matching once the receiver's clock is past `unix_time`
    /// (seconds since the Unix epoch). At exactly `unix_time` it still matches.
    ///
    /// The clock is the `now` given to [`Verifier::verify`](crate::Verifier::verify),
    /// not the delivery's timestamp, which the sender chooses.
    #[must_use]
    pub fn not_after(mut self, unix_time: u64) -> VerifyKey {
        self.not_after = Some(unix_time);
        self
    }

    /// The expiry set with [`not_after`](VerifyKey::not_after), if any.
    #[must_use]
    pub fn expiry(&self) -> Option<u64> {
        self.not_after
    }

    /// The scheme whose entries this key checks.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        match self.material {
            Material::Hmac(_) => Scheme::V1,
            #[cfg(feature = "ed25519")]
            Material::Ed25519(_) => Scheme::V1a,
        }
    }

    /// Whether the key may still match at `now`.
    pub(crate) fn live_at(&self, now: u64) -> bool {
        self.not_after.is_none_or(|limit| now <= limit)
    }
}

impl From<Secret> for VerifyKey {
    fn from(secret: Secret) -> VerifyKey {
        VerifyKey {
            material: Material::Hmac(secret),
            not_after: None,
        }
    }
}

#[cfg(feature = "ed25519")]
impl From<PublicKey> for VerifyKey {
    fn from(key: PublicKey) -> VerifyKey {
        VerifyKey {
            material: Material::Ed25519(key),
            not_after: None,
        }
    }
}

impl core::str::FromStr for VerifyKey {
    type Err = Error;

    fn from_str(text: &str) -> Result<VerifyKey, Error> {
        VerifyKey::parse(text)
    }
}

/// One entry of a signer's key ring: an HMAC secret, which signs `v1`, or an
/// ed25519 signing key, which signs `v1a`.
///
/// `Debug` prints no secret material.
#[derive(Clone, Debug)]
pub enum SignKey {
    /// Signs `v1` entries.
    Hmac(Secret),
    /// Signs `v1a` entries.
    #[cfg(feature = "ed25519")]
    Ed25519(SigningKey),
}

impl SignKey {
    /// Parses key text by its prefix: `whsec_…` (or bare base64) is an HMAC
    /// secret, `whsk_…` an ed25519 signing key.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] for malformed text, and for a `whpk_` public
    /// key, which can verify but never sign.
    pub fn parse(text: &str) -> Result<SignKey, Error> {
        if text.starts_with(PUBLIC_KEY_PREFIX) {
            Err(Error::new(
                ErrorKind::InvalidSecret,
                "a whpk_ public key cannot sign; signing needs the whsk_ key",
            ))
        } else if text.starts_with(SIGNING_KEY_PREFIX) {
            parse_signing(text)
        } else {
            Secret::from_base64(text).map(SignKey::Hmac)
        }
    }

    /// The scheme this key signs.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        match self {
            SignKey::Hmac(_) => Scheme::V1,
            #[cfg(feature = "ed25519")]
            SignKey::Ed25519(_) => Scheme::V1a,
        }
    }

    /// The key receivers need to verify this key's signatures: the same secret
    /// for HMAC, the public key for ed25519.
    #[must_use]
    pub fn verify_key(&self) -> VerifyKey {
        match self {
            SignKey::Hmac(secret) => secret.clone().into(),
            #[cfg(feature = "ed25519")]
            SignKey::Ed25519(key) => key.public_key().into(),
        }
    }
}

impl From<Secret> for SignKey {
    fn from(secret: Secret) -> SignKey {
        SignKey::Hmac(secret)
    }
}

#[cfg(feature = "ed25519")]
impl From<SigningKey> for SignKey {
    fn from(key: SigningKey) -> SignKey {
        SignKey::Ed25519(key)
    }
}

impl core::str::FromStr for SignKey {
    type Err = Error;

    fn from_str(text: &str) -> Result<SignKey, Error> {
        SignKey::parse(text)
    }
}

#[cfg(feature = "ed25519")]
fn parse_public(text: &str) -> Result<VerifyKey, Error> {
    PublicKey::from_base64(text).map(VerifyKey::from)
}

#[cfg(feature = "ed25519")]
fn parse_signing(text: &str) -> Result<SignKey, Error> {
    SigningKey::from_base64(text).map(SignKey::Ed25519)
}

#[cfg(not(feature = "ed25519"))]
fn parse_public(_text: &str) -> Result<VerifyKey, Error> {
    Err(no_ed25519())
}

#[cfg(not(feature = "ed25519"))]
fn parse_signing(_text: &str) -> Result<SignKey, Error> {
    Err(no_ed25519())
}

#[cfg(not(feature = "ed25519"))]
fn no_ed25519() -> Error {
    Error::new(
        ErrorKind::InvalidSecret,
        "ed25519 keys need the ed25519 feature of webhook-core",
    )
}
