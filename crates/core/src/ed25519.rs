//! `v1a` keys: ed25519 signing keys (`whsk_`) and public keys (`whpk_`), and the
//! signature entries they make and check (feature `ed25519`).
//!
//! Key text follows the same grammar as `whsec_` secrets: the prefix is optional,
//! padding is optional, and whitespace, the URL-safe alphabet or stray
//! characters are refused. A prefix, when present, must be the right one: a
//! `whpk_` public key is never read as a seed, nor a `whsec_` secret as a key.
//!
//! Signing and verifying feed `{id}.{timestamp}.{body}` to the hash in pieces
//! (through `ed25519-dalek`'s streaming API), so neither joins the message in
//! memory and verifying allocates nothing.

use core::fmt;

use base64::Engine as _;
use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign_byupdate};
use ed25519_dalek::pkcs8::DecodePublicKey as _;
use sha2::Sha512;
use sha2::digest::Update as _;
use subtle::ConstantTimeEq as _;
use zeroize::Zeroize as _;

use crate::error::{Error, ErrorKind};
use crate::headers;
use crate::keys::{PUBLIC_KEY_PREFIX, SIGNING_KEY_PREFIX};
use crate::secret::{BASE64, SECRET_PREFIX, check_key_text};

/// Length of a `v1a` signature entry: `v1a,` plus 88 characters of padded base64.
pub(crate) const V1A_LEN: usize = 4 + 88;

/// The longest key text we decode: the prefix plus padded base64 of 64 bytes.
const MAX_KEY_TEXT: usize = 5 + 88;

fn invalid(text: &'static str) -> Error {
    Error::new(ErrorKind::InvalidSecret, text)
}

/// Which kind of ed25519 key some text should hold.
#[derive(Clone, Copy)]
enum Kind {
    Signing,
    Public,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Signing => "ed25519 signing key",
            Kind::Public => "ed25519 public key",
        }
    }
}

/// Strips the optional prefix for `kind`, refuses a wrong prefix and the same
/// mangled spellings as `whsec_` secrets, and decodes standard base64 into `out`.
fn decode_key_text<'o>(text: &str, kind: Kind, out: &'o mut [u8; 66]) -> Result<&'o [u8], Error> {
    let (prefix, wrong) = match kind {
        Kind::Signing => (SIGNING_KEY_PREFIX, PUBLIC_KEY_PREFIX),
        Kind::Public => (PUBLIC_KEY_PREFIX, SIGNING_KEY_PREFIX),
    };
    if text.starts_with(wrong) {
        return Err(match kind {
            Kind::Signing => invalid("a whpk_ public key cannot sign; signing needs the whsk_ key"),
            Kind::Public => invalid("expected a whpk_ public key, got a whsk_ signing key"),
        });
    }
    if text.starts_with(SECRET_PREFIX) {
        return Err(invalid(
            "a whsec_ secret is an hmac (v1) key, not an ed25519 key",
        ));
    }
    let body = text.strip_prefix(prefix).unwrap_or(text);
    check_key_text(kind.name(), text, body, MAX_KEY_TEXT)?;
    let len = BASE64.decode_slice(body, out).map_err(|_| {
        Error::with_reason(
            ErrorKind::InvalidSecret,
            crate::error::Reason::KeyText {
                what: kind.name(),
                problem: "is not valid base64",
            },
        )
    })?;
    Ok(&out[..len])
}

/// An ed25519 signing key, for senders (`whsk_`).
///
/// `Debug` prints only the public half.
#[derive(Clone)]
pub struct SigningKey {
    inner: ed25519_dalek::SigningKey,
}

impl SigningKey {
    /// Parses `whsk_` followed by standard base64 of either the 32-byte seed or
    /// the 64-byte `seed ‖ public key` layout. The prefix is optional.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] for malformed text, a length other than 32
    /// or 64 bytes, or a 64-byte key whose public half does not belong to its
    /// seed (signing with such a pair can leak the key, so we never accept one).
    pub fn from_base64(text: &str) -> Result<SigningKey, Error> {
        let mut buf = [0u8; 66];
        let result =
            decode_key_text(text, Kind::Signing, &mut buf).and_then(|bytes| match bytes.len() {
                32 => Ok(SigningKey::from_seed(bytes.try_into().unwrap_or(&[0; 32]))),
                64 => SigningKey::from_keypair_bytes(bytes.try_into().unwrap_or(&[0; 64])),
                _ => Err(invalid("ed25519 signing key must be 32 or 64 bytes")),
            });
        buf.zeroize();
        result
    }

    /// A signing key from its 32-byte seed (RFC 8032's "private key").
    #[must_use]
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey {
            inner: ed25519_dalek::SigningKey::from_bytes(seed),
        }
    }

    /// A signing key from the 64-byte `seed ‖ public key` layout.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] when the public half does not match the seed.
    pub fn from_keypair_bytes(bytes: &[u8; 64]) -> Result<SigningKey, Error> {
        ed25519_dalek::SigningKey::from_keypair_bytes(bytes)
            .map(|inner| SigningKey { inner })
            .map_err(|_| invalid("ed25519 key pair's public half does not match its seed"))
    }

    /// Generates a signing key from the operating system's random source.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::RandomSource`] if the operating system cannot supply randomness.
    #[cfg(feature = "std")]
    pub fn generate() -> Result<SigningKey, Error> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|_| Error::new(ErrorKind::RandomSource, "the os random source failed"))?;
        let key = SigningKey::from_seed(&seed);
        seed.zeroize();
        Ok(key)
    }

    /// The matching public key, to hand to receivers.
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: self.inner.verifying_key(),
        }
    }

    /// The `whsk_` text of this key, in the 64-byte `seed ‖ public key` layout that
    /// deployed senders use. Handle the result as a secret.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_whsk(&self) -> alloc::string::String {
        let mut pair = self.inner.to_keypair_bytes();
        let mut text = alloc::string::String::from(SIGNING_KEY_PREFIX);
        BASE64.encode_string(pair, &mut text);
        pair.zeroize();
        text
    }

    /// Signs one message and returns the `v1a` entry.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidHeader`] for an id or timestamp receivers would refuse,
    /// as for [`Secret::sign`](crate::Secret::sign).
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> Result<V1aSignature, Error> {
        let id = headers::parse_id(id.as_bytes())?;
        let mut digits = [0u8; 20];
        let timestamp = headers::format_signed_timestamp(timestamp, &mut digits)?;

        let signature =
            self.sign_parts(&[id.as_bytes(), b".", timestamp.as_bytes(), b".", body])?;

        let mut text = [0u8; V1A_LEN];
        text[..4].copy_from_slice(b"v1a,");
        BASE64
            .encode_slice(signature, &mut text[4..])
            .map_err(|_| Error::new(ErrorKind::InvalidHeader, "signature buffer too small"))?;
        Ok(V1aSignature { text })
    }

    /// Signs the message made of `parts` joined, without joining them. Ed25519
    /// hashes the message twice, so the parts come in through a callback that
    /// can run more than once rather than through a buffer.
    pub(crate) fn sign_parts(&self, parts: &[&[u8]]) -> Result<[u8; 64], Error> {
        // The expanded key and the public key both come from `self.inner`, so
        // they always belong together, which `raw_sign_byupdate` relies on.
        let expanded = ExpandedSecretKey::from(self.inner.as_bytes());
        let feed = |digest: &mut Sha512| {
            for part in parts {
                digest.update(part);
            }
            Ok(())
        };
        raw_sign_byupdate::<Sha512, _>(&expanded, feed, &self.inner.verifying_key())
            .map(|signature| signature.to_bytes())
            .map_err(|_| Error::new(ErrorKind::InvalidSecret, "ed25519 signing failed"))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// An ed25519 public key, for receivers (`whpk_`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    inner: ed25519_dalek::VerifyingKey,
}

impl PublicKey {
    /// Parses `whpk_` followed by standard base64 of either the raw 32-byte key
    /// or its 44-byte SubjectPublicKeyInfo DER encoding (what OpenSSL and
    /// several libraries print). The prefix is optional.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] for malformed text, another length, a DER
    /// structure that is not an Ed25519 key, or a weak (small-order) point.
    pub fn from_base64(text: &str) -> Result<PublicKey, Error> {
        let mut buf = [0u8; 66];
        let bytes = decode_key_text(text, Kind::Public, &mut buf)?;
        match bytes.len() {
            32 => PublicKey::from_bytes(bytes.try_into().unwrap_or(&[0; 32])),
            44 => PublicKey::from_spki_der(bytes),
            _ => Err(invalid(
                "ed25519 public key must be 32 bytes raw or 44 bytes of spki der",
            )),
        }
    }

    /// A public key from its raw 32 bytes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] when the bytes are not a point on the curve,
    /// or are one of the small-order points, for which signatures prove nothing.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, Error> {
        let inner = ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map_err(|_| invalid("ed25519 public key is not a valid curve point"))?;
        if inner.is_weak() {
            return Err(invalid("ed25519 public key is a weak (small-order) point"));
        }
        Ok(PublicKey { inner })
    }

    /// A public key from SubjectPublicKeyInfo DER.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] when the DER is not an Ed25519 public key.
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, Error> {
        let inner = ed25519_dalek::VerifyingKey::from_public_key_der(der)
            .map_err(|_| invalid("der data is not an ed25519 subjectpublickeyinfo"))?;
        PublicKey::from_bytes(inner.as_bytes())
    }

    /// The raw 32 bytes.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.inner.to_bytes()
    }

    /// The `whpk_` text of this key: the raw 32 bytes in standard base64.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_whpk(&self) -> alloc::string::String {
        let mut text = alloc::string::String::from(PUBLIC_KEY_PREFIX);
        BASE64.encode_string(self.inner.as_bytes(), &mut text);
        text
    }

    /// Checks one `v1a` value (the part after `v1a,`) against the signed content,
    /// hashing the three parts in place. Allocates nothing.
    pub(crate) fn verify_entry(
        &self,
        value: &[u8],
        id: &[u8],
        timestamp: &[u8],
        body: &[u8],
    ) -> bool {
        decode_signature(value).is_some_and(|signature| {
            self.verify_parts(&signature, &[id, b".", timestamp, b".", body])
        })
    }

    /// Checks `signature` over the message made of `parts` joined, hashing the
    /// parts in place.
    pub(crate) fn verify_parts(&self, signature: &[u8; 64], parts: &[&[u8]]) -> bool {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        // An `s` half that is not reduced modulo the group order is refused here.
        let Ok(mut stream) = self.inner.verify_stream(&signature) else {
            return false;
        };
        for part in parts {
            stream.update(part);
        }
        stream.finalize_and_verify().is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; 44];
        let shown = BASE64
            .encode_slice(self.inner.as_bytes(), &mut text)
            .ok()
            .and_then(|len| core::str::from_utf8(&text[..len]).ok())
            .unwrap_or("?");
        write!(f, "PublicKey({PUBLIC_KEY_PREFIX}{shown})")
    }
}

/// Decodes a `v1a` value: exactly the padded base64 of 64 bytes.
fn decode_signature(value: &[u8]) -> Option<[u8; 64]> {
    if value.len() != 88 {
        return None;
    }
    let mut buf = [0u8; 66];
    match BASE64.decode_slice(value, &mut buf) {
        Ok(64) => buf[..64].try_into().ok(),
        _ => None,
    }
}

/// One `v1a` signature entry, `v1a,<base64>`, held on the stack.
#[derive(Clone, Copy)]
pub struct V1aSignature {
    text: [u8; V1A_LEN],
}

impl V1aSignature {
    /// The entry as it goes into `webhook-signature`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII (the version and base64) is ever written into `text`.
        core::str::from_utf8(&self.text).unwrap_or("")
    }
}

impl PartialEq for V1aSignature {
    fn eq(&self, other: &Self) -> bool {
        self.text.ct_eq(&other.text).into()
    }
}

impl Eq for V1aSignature {}

impl fmt::Display for V1aSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for V1aSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("V1aSignature").field(&self.as_str()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2024::*;

    fn hex<const N: usize>(text: &str) -> [u8; N] {
        hex_vec(text).try_into().unwrap()
    }

    fn hex_vec(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 8032, section 7.1: TEST 1, 2, 3 and SHA(abc), as (secret key, public
    /// key, message, signature), in hex, as the RFC prints them.
    const RFC8032: [(&str, &str, &str, &str); 4] = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac\
             18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        ),
        (
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589\
             09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
        ),
    ];

    #[test]
    fn rfc8032_vectors_sign_and_verify_whole_and_in_pieces() {
        for (secret, public, message, signature) in RFC8032 {
            let key = SigningKey::from_seed(&hex(secret));
            let public = hex::<32>(public);
            let message = hex_vec(message);
            let signature = hex::<64>(signature);
            assert_eq!(key.public_key().to_bytes(), public);
            assert_eq!(key.sign_parts(&[&message]).unwrap(), signature);

            let verifier = PublicKey::from_bytes(&public).unwrap();
            assert!(verifier.verify_parts(&signature, &[&message]));

            // Streaming must not depend on where the message is cut.
            for cut in 0..=message.len() {
                let (head, tail) = message.split_at(cut);
                let parts: [&[u8]; 3] = [head, b"", tail];
                assert_eq!(key.sign_parts(&parts).unwrap(), signature);
                assert!(verifier.verify_parts(&signature, &parts));
            }

            // Single-bit changes spread over both halves of the signature are
            // refused, and so is a
            // longer message.
            for bit in (0..512).step_by(7) {
                let mut bad = signature;
                bad[bit / 8] ^= 1 << (bit % 8);
                assert!(!verifier.verify_parts(&bad, &[&message]), "bit {bit}");
            }
            let mut longer = message.clone();
            longer.push(0);
            assert!(!verifier.verify_parts(&signature, &[&longer]));
        }
    }

    #[test]
    fn keypair_layout_must_match_its_seed() {
        let (seed, public, _, _) = RFC8032[0];
        let (_, other_public, _, _) = RFC8032[1];
        let mut pair = Vec::new();
        pair.extend(hex::<32>(seed));
        pair.extend(hex::<32>(public));
        let pair: [u8; 64] = pair.try_into().unwrap();
        assert!(SigningKey::from_keypair_bytes(&pair).is_ok());

        let mut mismatched = pair;
        mismatched[32..].copy_from_slice(&hex::<32>(other_public));
        let err = SigningKey::from_keypair_bytes(&mismatched).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSecret);
    }

    #[test]
    fn weak_and_invalid_public_keys_are_refused() {
        // The identity point, of small order, and a y coordinate off the curve.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut off_curve = [0u8; 32];
        off_curve[0] = 2;
        for bytes in [identity, off_curve] {
            let err = PublicKey::from_bytes(&bytes).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidSecret);
        }
    }

    #[test]
    fn debug_shows_only_the_public_half() {
        let (seed, _, _, _) = RFC8032[0];
        let key = SigningKey::from_seed(&hex(seed));
        let shown = std::format!("{key:?}");
        assert!(shown.contains("whpk_"), "{shown}");
        let mut buf = [0u8; 44];
        let len = BASE64.encode_slice(hex::<32>(seed), &mut buf).unwrap();
        let seed_text = core::str::from_utf8(&buf[..len]).unwrap();
        assert!(!shown.contains(&seed_text[..16]), "{shown}");
    }
}
