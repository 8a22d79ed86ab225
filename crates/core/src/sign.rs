//! Sending: producing `webhook-signature` values.

use core::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

use crate::error::{Error, ErrorKind};
use crate::headers;
#[cfg(feature = "alloc")]
use crate::keys::{Scheme, SignKey};
use crate::secret::{BASE64, Secret};

/// Length of a `v1` signature entry: `v1,` plus 44 characters of padded base64.
const V1_LEN: usize = 3 + 44;

/// Feeds the signed content, `{id}.{timestamp}.{body}`, into `mac` without
/// building it in memory.
pub(crate) fn signed_content(mac: &mut Hmac<Sha256>, id: &[u8], timestamp: &[u8], body: &[u8]) {
    mac.update(id);
    mac.update(b".");
    mac.update(timestamp);
    mac.update(b".");
    mac.update(body);
}

/// One `v1` signature entry, `v1,<base64>`, held on the stack.
///
/// Equality is constant-time. The text is reachable through
/// [`as_str`](Signature::as_str) and `Display`, for putting into a header.
#[derive(Clone, Copy)]
pub struct Signature {
    text: [u8; V1_LEN],
}

impl Signature {
    /// The entry as it goes into `webhook-signature`, for example
    /// `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII (the version and base64) is ever written into `text`.
        core::str::from_utf8(&self.text).unwrap_or("")
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.text.ct_eq(&other.text).into()
    }
}

impl Eq for Signature {}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.as_str()).finish()
    }
}

impl Secret {
    /// Signs one message with this secret and returns the `v1` entry.
    ///
    /// `timestamp` is seconds since the Unix epoch and is written in canonical
    /// decimal, the only form receivers accept.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidHeader`] if `id` is not a valid `webhook-id` (empty,
    /// longer than [`MAX_ID_LEN`](crate::MAX_ID_LEN), not visible ASCII, or
    /// containing `.`), or if `timestamp` exceeds `i64::MAX`.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> Result<Signature, Error> {
        let id = headers::parse_id(id.as_bytes())?;
        let mut digits = [0u8; 20];
        let timestamp = headers::format_signed_timestamp(timestamp, &mut digits)?;

        let mut mac = self.mac();
        signed_content(&mut mac, id.as_bytes(), timestamp.as_bytes(), body);
        let tag = mac.finalize().into_bytes();

        let mut text = [0u8; V1_LEN];
        text[..3].copy_from_slice(b"v1,");
        BASE64
            .encode_slice(tag, &mut text[3..])
            .map_err(|_| Error::new(ErrorKind::InvalidHeader, "signature buffer too small"))?;
        Ok(Signature { text })
    }
}

/// The three header values of a signed delivery, ready to send.
#[cfg(feature = "alloc")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders {
    /// The `webhook-id` value.
    pub id: alloc::string::String,
    /// The `webhook-timestamp` value.
    pub timestamp: alloc::string::String,
    /// The `webhook-signature` value: one entry per key, space-separated.
    pub signature: alloc::string::String,
}

#[cfg(feature = "alloc")]
impl SignedHeaders {
    /// The headers as `(name, value)` pairs, in the order senders write them.
    #[must_use]
    pub fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            (headers::HEADER_ID, &self.id),
            (headers::HEADER_TIMESTAMP, &self.timestamp),
            (headers::HEADER_SIGNATURE, &self.signature),
        ]
    }
}

/// Signs deliveries with one or more keys: HMAC secrets (`v1`), ed25519 signing
/// keys (`v1a`), or both.
///
/// Each delivery carries one signature per key, in ring order. With two secrets
/// (a sender rotating its secret) receivers holding either accept it; with a
/// secret and an ed25519 key, receivers of either scheme do.
///
/// ```
/// use webhook_core::{Secret, Signer};
///
/// let secret = Secret::from_base64("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// let signer = Signer::new([secret.into()])?;
/// let body = br#"{"test": 2432232314}"#;
/// let headers = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)?;
/// assert_eq!(headers.signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
/// # Ok::<(), webhook_core::Error>(())
/// ```
#[cfg(feature = "alloc")]
#[derive(Clone, Debug)]
pub struct Signer<K> {
    keys: K,
}

#[cfg(feature = "alloc")]
impl<K: AsRef<[SignKey]>> Signer<K> {
    /// A signer that signs with every key in `keys`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] if `keys` is empty, or holds more keys than
    /// receivers accept signatures from: more than
    /// [`MAX_SIGNATURE_ENTRIES`](crate::MAX_SIGNATURE_ENTRIES) in all, or more than
    /// [`MAX_V1A_ENTRIES`](crate::MAX_V1A_ENTRIES) ed25519 keys.
    pub fn new(keys: K) -> Result<Self, Error> {
        let ring = keys.as_ref();
        if ring.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidSecret,
                "a signer needs at least one key",
            ));
        }
        // Refuse a ring whose headers receivers would refuse, rather than sign
        // deliveries nobody can accept.
        if ring.len() > headers::MAX_SIGNATURE_ENTRIES {
            return Err(Error::new(
                ErrorKind::InvalidSecret,
                "a signer holds at most 32 keys, the entry cap receivers apply",
            ));
        }
        let ed25519 = ring
            .iter()
            .filter(|key| key.scheme() == Scheme::V1a)
            .count();
        if ed25519 > crate::verify::MAX_V1A_ENTRIES {
            return Err(Error::new(
                ErrorKind::InvalidSecret,
                "a signer holds at most 8 ed25519 keys, the v1a cap receivers apply",
            ));
        }
        Ok(Signer { keys })
    }

    /// Signs `body` as message `id` sent at `timestamp` (seconds since the Unix
    /// epoch).
    ///
    /// # Errors
    ///
    /// As [`Secret::sign`]: the id and timestamp must be ones receivers accept.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> Result<SignedHeaders, Error> {
        let mut signature = alloc::string::String::new();
        for key in self.keys.as_ref() {
            if !signature.is_empty() {
                signature.push(' ');
            }
            match key {
                SignKey::Hmac(secret) => {
                    signature.push_str(secret.sign(id, timestamp, body)?.as_str());
                }
                #[cfg(feature = "ed25519")]
                SignKey::Ed25519(key) => {
                    signature.push_str(key.sign(id, timestamp, body)?.as_str());
                }
            }
        }
        Ok(SignedHeaders {
            id: id.into(),
            timestamp: alloc::format!("{timestamp}"),
            signature,
        })
    }

    /// Signs `body` with the current time from the system clock.
    ///
    /// # Errors
    ///
    /// As [`Secret::sign`].
    #[cfg(feature = "std")]
    pub fn sign_now(&self, id: &str, body: &[u8]) -> Result<SignedHeaders, Error> {
        self.sign(id, crate::verify::unix_now(), body)
    }
}
