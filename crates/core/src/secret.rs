//! `v1` secrets: parsing the `whsec_` text form, and the precomputed HMAC state.

use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit as _};
use sha2::Sha256;
use zeroize::Zeroize as _;

use crate::error::{Error, ErrorKind, Reason};

/// The prefix Standard Webhooks puts in front of the base64 text of a `v1` secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// The shortest key we accept, in bytes.
///
/// The spec asks senders for 24 to 64 random bytes. Receivers cannot pick their
/// sender's secret, so we accept anything from 16 bytes (128 bits, the usual floor
/// for an HMAC key) rather than refuse a working integration over 8 bytes.
pub const MIN_KEY_LEN: usize = 16;

/// The longest key we accept, in bytes.
///
/// HMAC-SHA256 hashes keys longer than its 64-byte block, so longer keys add no
/// strength; the cap keeps decoding on the stack and bounds the work done on a
/// mistaken input such as a whole file passed as a secret.
pub const MAX_KEY_LEN: usize = 256;

/// The longest secret text we try to decode: the prefix plus padded base64 of
/// [`MAX_KEY_LEN`] bytes.
const MAX_SECRET_TEXT: usize = SECRET_PREFIX.len() + MAX_KEY_LEN.div_ceil(3) * 4;

/// Standard alphabet; padding optional on input, always written on output.
pub(crate) const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A `v1` (HMAC-SHA256) signing secret.
///
/// Only the HMAC state derived from the key is kept: the inner and outer hash
/// states after absorbing the padded key. Signing and verifying clone that state,
/// so the key schedule runs once per secret, not once per message. The state is
/// wiped when the secret is dropped.
///
/// `Debug` prints no key material.
#[derive(Clone)]
pub struct Secret {
    mac: Hmac<Sha256>,
}

impl Secret {
    /// Parses a secret in the form senders hand out: `whsec_` followed by standard
    /// base64 of the key.
    ///
    /// The prefix is optional, so bare base64 is accepted too, and so is base64
    /// without its `=` padding. Everything else is refused, rather than guessed at:
    /// whitespace anywhere (a trailing newline from a file included), the URL-safe
    /// alphabet, partial padding, a `v1,` pasted in front, or any stray character.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`], with a message that says what was wrong and
    /// never repeats the secret.
    pub fn from_base64(text: &str) -> Result<Secret, Error> {
        let body = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        // An ed25519 key pasted where an HMAC secret belongs would otherwise be
        // refused only for its `_`, which would not tell the user what happened.
        if body.starts_with("whsk_") || body.starts_with("whpk_") {
            return Err(invalid(
                "secret is an ed25519 key; v1 secrets start with whsec_",
            ));
        }
        check_key_text("secret", text, body, MAX_SECRET_TEXT)?;

        // A little over the longest key, so that a key a few bytes too long is
        // reported by its length rather than as a decoding failure.
        let mut key = [0u8; MAX_KEY_LEN + 3];
        let decoded = BASE64.decode_slice(body, &mut key);
        let result = match decoded {
            Ok(len) => Secret::from_bytes(&key[..len]),
            Err(_) => Err(invalid("secret is not valid base64")),
        };
        key.zeroize();
        result
    }

    /// Builds a secret from raw key bytes, for keys that are not stored as text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] when the key is shorter than [`MIN_KEY_LEN`] or
    /// longer than [`MAX_KEY_LEN`] bytes.
    pub fn from_bytes(key: &[u8]) -> Result<Secret, Error> {
        if !(MIN_KEY_LEN..=MAX_KEY_LEN).contains(&key.len()) {
            return Err(Error::with_reason(
                ErrorKind::InvalidSecret,
                Reason::KeyLength {
                    len: key.len(),
                    min: MIN_KEY_LEN,
                    max: MAX_KEY_LEN,
                },
            ));
        }
        // HMAC takes keys of any length, so this cannot fail; we still map the error
        // rather than unwrap, to keep panics out of the library.
        let mac = Hmac::<Sha256>::new_from_slice(key)
            .map_err(|_| invalid("secret key was refused by hmac"))?;
        Ok(Secret { mac })
    }

    /// A fresh HMAC computation keyed with this secret.
    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        self.mac.clone()
    }
}

impl core::str::FromStr for Secret {
    type Err = Error;

    fn from_str(text: &str) -> Result<Secret, Error> {
        Secret::from_base64(text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Generates a new `v1` secret: 32 bytes from the operating system's random
/// source, returned as `whsec_` text ready to hand to a receiver.
///
/// # Errors
///
/// [`ErrorKind::RandomSource`] if the operating system cannot supply randomness.
#[cfg(feature = "std")]
pub fn generate_secret() -> Result<alloc::string::String, Error> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)
        .map_err(|_| Error::new(ErrorKind::RandomSource, "the os random source failed"))?;
    let mut text = alloc::string::String::from(SECRET_PREFIX);
    BASE64.encode_string(key, &mut text);
    key.zeroize();
    Ok(text)
}

fn invalid(text: &'static str) -> Error {
    Error::new(ErrorKind::InvalidSecret, text)
}

/// Rejects the common ways key text gets mangled, each with its own message,
/// before the base64 decoder sees it. `what` names the kind of key in messages,
/// `full` is the text as given, `body` the part after an optional prefix, and
/// `max` the longest `full` that could be valid.
///
/// Every kind of key (`whsec_`, `whsk_`, `whpk_`) goes through here, so they all
/// accept and refuse the same spellings.
pub(crate) fn check_key_text(
    what: &'static str,
    full: &str,
    body: &str,
    max: usize,
) -> Result<(), Error> {
    let refuse = |problem| {
        Err(Error::with_reason(
            ErrorKind::InvalidSecret,
            Reason::KeyText { what, problem },
        ))
    };
    if full.len() > max {
        return Err(Error::with_reason(
            ErrorKind::InvalidSecret,
            Reason::TooLong {
                what,
                len: full.len(),
                max,
            },
        ));
    }
    if body.is_empty() {
        return refuse("is empty");
    }
    if full.bytes().any(|b| b.is_ascii_whitespace()) {
        return refuse("contains whitespace (a trailing newline from a file?)");
    }
    if body.starts_with("v1,") || body.starts_with("v1a,") {
        return refuse("starts with a signature version; pass the key, not a signature");
    }
    if body.starts_with(['"', '\'']) || body.ends_with(['"', '\'']) {
        return refuse("is wrapped in quotes; pass the key without them");
    }
    // A whole `.env` line, or a key pasted after some label.
    if ["whsec_", "whsk_", "whpk_"]
        .iter()
        .any(|prefix| body.contains(prefix))
    {
        return refuse("has text before its prefix (a whole env-file line?)");
    }
    if ["whsec_", "whsk_", "whpk_"].iter().any(|prefix| {
        body.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    }) {
        return refuse("has an upper-case prefix; prefixes are lower-case");
    }

    let data = body.trim_end_matches('=');
    let standard = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    let url_safe = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if !data.bytes().all(standard) {
        // Only call it the URL-safe alphabet when that is all it is.
        if data.bytes().all(url_safe) {
            return refuse("uses the url-safe base64 alphabet; the standard alphabet is required");
        }
        return refuse("contains a character outside base64");
    }
    let padding = body.len() - data.len();
    if padding > 2 {
        return refuse("has too much base64 padding");
    }
    if padding > 0 && body.len() % 4 != 0 {
        return refuse("has partial base64 padding; use all of it or none");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::prelude::rust_2024::*;

    // 24 bytes 0x00..0x17, encoded with Python's base64.b64encode.
    const KEY24: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";

    fn kind(text: &str) -> Option<ErrorKind> {
        Secret::from_base64(text).err().map(|e| e.kind())
    }

    #[test]
    fn accepts_prefixed_bare_and_unpadded_forms() {
        assert_eq!(kind(&format!("whsec_{KEY24}")), None);
        assert_eq!(kind(KEY24), None);
        // 17 bytes: padded base64 ends in a single "=".
        assert_eq!(kind("AAECAwQFBgcICQoLDA0ODxA="), None);
        assert_eq!(kind("AAECAwQFBgcICQoLDA0ODxA"), None);
    }

    #[test]
    fn rejects_mangled_secrets_with_specific_messages() {
        let cases = [
            ("", "empty"),
            ("whsec_", "empty"),
            (&*format!("whsec_{KEY24}\n"), "whitespace"),
            (&*format!("whsec_ {KEY24}"), "whitespace"),
            (&*format!("v1,{KEY24}"), "signature version"),
            (&*format!("whsec_v1,{KEY24}"), "signature version"),
            ("whsec_AAECAwQFBgcICQoLDA0ODx-_", "url-safe"),
            ("whsec_AAECAwQFBgcICQoLDA0ODx!!", "outside base64"),
            ("whsec_AAECAwQFBgcICQoLDA0ODxAR=", "partial"),
            // Non-zero trailing bits: a non-canonical encoding no generator writes.
            ("whsec_AAECAwQFBgcICQoLDA0ODxB=", "not valid base64"),
            ("whsec_AAECAwQFBgcICQoL", "12 bytes"),
            (&*format!("\"whsec_{KEY24}\""), "quotes"),
            (&*format!("'{KEY24}'"), "quotes"),
            (
                &*format!("WEBHOOK_SECRET=whsec_{KEY24}"),
                "before its prefix",
            ),
            (&*format!("whsec_whsec_{KEY24}"), "before its prefix"),
            (&*format!("WHSEC_{KEY24}"), "upper-case prefix"),
            (&*format!("{KEY24}==="), "too much"),
            (&*format!("whsk_{KEY24}"), "ed25519 key"),
            // 258 bytes: reported by length, not as bad base64.
            (&*format!("whsec_{}", "A".repeat(344)), "258 bytes"),
        ];
        for (text, needle) in cases {
            let err = Secret::from_base64(text).expect_err(text);
            assert_eq!(err.kind(), ErrorKind::InvalidSecret, "{text:?}");
            let message = err.to_string();
            assert!(message.contains(needle), "{text:?}: {message}");
            assert!(!message.contains("AAECAwQF"), "message leaks the secret");
        }
    }

    #[test]
    fn enforces_key_length_bounds() {
        assert!(Secret::from_bytes(&[]).is_err());
        assert!(Secret::from_bytes(&[7; MIN_KEY_LEN - 1]).is_err());
        assert!(Secret::from_bytes(&[7; MIN_KEY_LEN]).is_ok());
        assert!(Secret::from_bytes(&[7; MAX_KEY_LEN]).is_ok());
        assert!(Secret::from_bytes(&[7; MAX_KEY_LEN + 1]).is_err());
    }

    #[test]
    fn debug_prints_no_key_material() {
        let secret = Secret::from_base64(KEY24).unwrap();
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    }

    #[cfg(feature = "std")]
    #[test]
    fn generated_secrets_parse_and_differ() {
        let a = generate_secret().unwrap();
        let b = generate_secret().unwrap();
        assert!(a.starts_with("whsec_"));
        assert_ne!(a, b);
        assert!(Secret::from_base64(&a).is_ok());
    }
}
