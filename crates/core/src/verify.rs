//! Receiving: checking the three headers and the body against a key ring.

use core::fmt;

use base64::Engine as _;
use hmac::Mac as _;
use subtle::ConstantTimeEq as _;

use crate::error::{Error, ErrorKind, Reason};
use crate::headers::{self, Entry};
use crate::keys::{Material, Scheme, VerifyKey};
use crate::secret::{BASE64, Secret};
use crate::sign::signed_content;

/// The most `v1a` entries one `webhook-signature` may carry when the ring holds
/// an ed25519 key. Each entry costs a signature check per ed25519 key (tens of
/// microseconds each), so without a cap a forged header could make one request
/// cost milliseconds. A sender signs with one key, two during a rotation; eight
/// leaves room for any honest use. More is an [`ErrorKind::InvalidHeader`].
///
/// A ring without ed25519 keys ignores `v1a` entries, like any version it does
/// not hold a key for, so the cap does not apply to it.
pub const MAX_V1A_ENTRIES: usize = 8;

/// Length of a `v1` value: padded base64 of a 32-byte tag.
const V1_TEXT_LEN: usize = 44;

/// The default clock tolerance: five minutes either way, as the spec recommends.
pub const DEFAULT_TOLERANCE_SECS: u64 = 300;

/// The three header values of one delivery, borrowed from wherever the caller's
/// HTTP stack keeps them.
///
/// A header that is absent is `None`, which verification reports as
/// [`ErrorKind::MissingHeader`]. Values are bytes because HTTP header values need
/// not be UTF-8; the grammar checks decide what is acceptable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Headers<'a> {
    /// The `webhook-id` value.
    pub id: Option<&'a [u8]>,
    /// The `webhook-timestamp` value.
    pub timestamp: Option<&'a [u8]>,
    /// The `webhook-signature` value.
    pub signature: Option<&'a [u8]>,
}

impl<'a> Headers<'a> {
    /// All three headers present, as text.
    #[must_use]
    pub fn new(id: &'a str, timestamp: &'a str, signature: &'a str) -> Self {
        Headers {
            id: Some(id.as_bytes()),
            timestamp: Some(timestamp.as_bytes()),
            signature: Some(signature.as_bytes()),
        }
    }
}

/// What a successful verification established.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Verified<'a> {
    /// Checked to be visible ASCII; kept as bytes so that verifying does not
    /// pay for a UTF-8 conversion nobody may ask for.
    id: &'a [u8],
    timestamp: u64,
    key_index: usize,
    scheme: Scheme,
}

impl fmt::Debug for Verified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("id", &self.id())
            .field("timestamp", &self.timestamp)
            .field("key_index", &self.key_index)
            .field("scheme", &self.scheme)
            .finish()
    }
}

impl<'a> Verified<'a> {
    /// The `webhook-id`: use it to drop deliveries you have already processed,
    /// since senders retry with the same id.
    #[must_use]
    pub fn id(&self) -> &'a str {
        // Only visible ASCII gets past the id check, so this never falls back.
        core::str::from_utf8(self.id).unwrap_or_default()
    }

    /// The `webhook-timestamp`, in seconds since the Unix epoch.
    #[must_use]
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The position, in the verifier's key ring, of the first key (in ring order)
    /// that one of the signatures matched. During a rotation this tells you when
    /// the old key has stopped being used.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The scheme of the signature that matched: `v1` for an HMAC secret, `v1a`
    /// for an ed25519 public key.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }
}

/// Checks deliveries against a key ring of HMAC secrets, ed25519 public keys,
/// or both.
///
/// Build it once, at start-up, and share it: each [`Secret`] already holds its
/// precomputed HMAC state, and [`verify`](Verifier::verify) allocates nothing.
/// `K` is whatever owns the ring of [`VerifyKey`]s: an array, a slice, a `Vec`
/// or an `Arc<[_]>`.
///
/// Verification goes in a fixed order and reports the first failure:
///
/// 1. each header is present ([`ErrorKind::MissingHeader`]);
/// 2. `webhook-id`, `webhook-timestamp` and the size of `webhook-signature` are well
///    formed, and, if the ring holds an ed25519 key, there are at most
///    [`MAX_V1A_ENTRIES`] `v1a` entries ([`ErrorKind::InvalidHeader`]);
/// 3. the timestamp is within the tolerance of `now` ([`ErrorKind::TimestampTooOld`],
///    [`ErrorKind::TimestampTooNew`]);
/// 4. the signature list holds an entry of a scheme the ring has a key for, `v1`
///    for secrets and `v1a` for public keys, expired keys included
///    ([`ErrorKind::NoSupportedSignature`]);
/// 5. one entry matches one live key of its scheme ([`ErrorKind::InvalidSignature`]).
///
/// Keys are tried in ring order and the first that matches is reported. A key
/// past its [`not_after`](VerifyKey::not_after) time never matches.
///
/// ```
/// use webhook_core::{Headers, Secret, Verifier};
///
/// let secret = Secret::from_base64("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// let verifier = Verifier::new([secret.into()])?;
/// let headers = Headers::new(
///     "msg_p5jXN8AQM9LWM0D4loKWxJek",
///     "1614265330",
///     "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
/// );
/// let body = br#"{"test": 2432232314}"#;
/// let verified = verifier.verify(&headers, body, 1614265330)?;
/// assert_eq!(verified.id(), "msg_p5jXN8AQM9LWM0D4loKWxJek");
/// # Ok::<(), webhook_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Verifier<K> {
    keys: K,
    tolerance: u64,
    /// Whether the ring holds an HMAC secret, which decides if `v1` entries count.
    holds_v1: bool,
    /// Whether the ring holds an ed25519 key, which decides if `v1a` entries count.
    holds_v1a: bool,
}

impl<K: AsRef<[VerifyKey]>> Verifier<K> {
    /// A verifier accepting a signature by any of `keys`, with the default
    /// tolerance of [`DEFAULT_TOLERANCE_SECS`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] if `keys` is empty: such a verifier could
    /// never accept anything, which is always a configuration mistake.
    pub fn new(keys: K) -> Result<Self, Error> {
        let ring = keys.as_ref();
        if ring.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidSecret,
                "a verifier needs at least one key",
            ));
        }
        let holds = |scheme| ring.iter().any(|key| key.scheme() == scheme);
        Ok(Verifier {
            holds_v1: holds(Scheme::V1),
            holds_v1a: holds(Scheme::V1a),
            keys,
            tolerance: DEFAULT_TOLERANCE_SECS,
        })
    }

    /// Sets how far, in seconds, `webhook-timestamp` may be from `now` either way.
    #[must_use]
    pub fn with_tolerance(mut self, seconds: u64) -> Self {
        self.tolerance = seconds;
        self
    }

    /// The tolerance in seconds.
    #[must_use]
    pub fn tolerance(&self) -> u64 {
        self.tolerance
    }

    /// The key ring.
    #[must_use]
    pub fn keys(&self) -> &[VerifyKey] {
        self.keys.as_ref()
    }

    /// Verifies a delivery received at `now` (seconds since the Unix epoch).
    ///
    /// `body` is the request body exactly as received: bytes, never re-encoded
    /// or parsed.
    ///
    /// # Errors
    ///
    /// See the type's docs for the order of checks and the kind each reports.
    pub fn verify<'h>(
        &self,
        headers: &Headers<'h>,
        body: &[u8],
        now: u64,
    ) -> Result<Verified<'h>, Error> {
        let missing = |name| Error::new(ErrorKind::MissingHeader, name);
        let id = headers
            .id
            .ok_or_else(|| missing("webhook-id header is missing"))?;
        let timestamp = headers
            .timestamp
            .ok_or_else(|| missing("webhook-timestamp header is missing"))?;
        let signature = headers
            .signature
            .ok_or_else(|| missing("webhook-signature header is missing"))?;
        self.verify_lines(id, timestamp, || core::iter::once(signature), body, now)
    }

    /// Verifies a delivery received now, by the system clock.
    ///
    /// # Errors
    ///
    /// As [`verify`](Verifier::verify).
    #[cfg(feature = "std")]
    pub fn verify_now<'h>(
        &self,
        headers: &Headers<'h>,
        body: &[u8],
    ) -> Result<Verified<'h>, Error> {
        self.verify(headers, body, unix_now())
    }

    /// The shared core of every entry point. `signatures` yields each
    /// `webhook-signature` header line (HTTP allows the header to repeat), afresh
    /// on every call, so we can walk the lines more than once without storing them.
    pub(crate) fn verify_lines<'h, 's, I>(
        &self,
        id: &'h [u8],
        timestamp: &[u8],
        signatures: impl Fn() -> I,
        body: &[u8],
        now: u64,
    ) -> Result<Verified<'h>, Error>
    where
        I: Iterator<Item = &'s [u8]>,
    {
        headers::check_id(id)?;
        let ts = headers::parse_timestamp(timestamp)?;
        headers::check_signature_lines(&signatures)?;
        let entries = || headers::entries(signatures());
        if self.holds_v1a {
            let v1a = entries().filter(|e| e.version == b"v1a").count();
            if v1a > MAX_V1A_ENTRIES {
                return Err(Error::new(
                    ErrorKind::InvalidHeader,
                    "webhook-signature has more than 8 v1a entries",
                ));
            }
        }
        self.check_window(ts, now)?;

        let keys = self.keys.as_ref();
        let supported = |entry: &Entry<'_>| {
            (self.holds_v1 && entry.version == b"v1") || (self.holds_v1a && entry.version == b"v1a")
        };
        let accept = |key_index, scheme| Verified {
            id,
            timestamp: ts,
            key_index,
            scheme,
        };
        // The header text is signed verbatim (ts is canonical, so `timestamp` and
        // the parsed value spell the same number).
        let content = Content {
            id,
            timestamp,
            body,
        };

        // Most rings hold one secret. When the first key is a live secret it
        // shares its pass with the search for a supported entry, and hashes only
        // once a `v1` entry turns up; every other key takes a pass of its own.
        let mut saw_supported = false;
        let mut first_done = false;
        if let Some(VerifyKey {
            material: Material::Hmac(secret),
            ..
        }) = keys.first().filter(|key| key.live_at(now))
        {
            first_done = true;
            let mut want = None;
            for entry in entries().filter(supported) {
                saw_supported = true;
                if entry.version == b"v1" {
                    let want = want.get_or_insert_with(|| content.v1_words(secret));
                    if matches(entry.value, want) {
                        return Ok(accept(0, Scheme::V1));
                    }
                }
            }
        } else {
            saw_supported = entries().any(|entry| supported(&entry));
        }
        if !saw_supported {
            return Err(self.no_supported_signature());
        }

        let rest = keys.iter().enumerate().skip(usize::from(first_done));
        for (key_index, key) in rest.filter(|(_, key)| key.live_at(now)) {
            if content.matches_any(key, entries()) {
                return Ok(accept(key_index, key.scheme()));
            }
        }
        Err(Error::new(
            ErrorKind::InvalidSignature,
            "no signature in webhook-signature matches a key",
        ))
    }

    /// The error for a header with no entry of a scheme the ring holds.
    fn no_supported_signature(&self) -> Error {
        let text = match (self.holds_v1, self.holds_v1a) {
            (true, true) => "webhook-signature has no v1 or v1a entry",
            (false, true) => "webhook-signature has no v1a entry",
            _ => "webhook-signature has no v1 entry",
        };
        Error::new(ErrorKind::NoSupportedSignature, text)
    }

    fn check_window(&self, timestamp: u64, now: u64) -> Result<(), Error> {
        if now.abs_diff(timestamp) <= self.tolerance {
            return Ok(());
        }
        let kind = if timestamp < now {
            ErrorKind::TimestampTooOld
        } else {
            ErrorKind::TimestampTooNew
        };
        Err(Error::with_reason(
            kind,
            Reason::Window {
                timestamp,
                now,
                tolerance: self.tolerance,
            },
        ))
    }
}

/// A `v1` value packed into machine words, for comparison.
///
/// We compare base64 text rather than decoded bytes: encoding our tag once per
/// key is cheaper than decoding every entry, and only the canonical padded
/// encoding, the one the spec prescribes, can then match. The 44 characters go
/// into six words (the last four bytes zero) because `subtle` pays an
/// optimisation barrier per element compared, and on small bodies 44 of them
/// were a visible share of the whole verification.
type Words = [u64; 6];

/// The signed content of one delivery, `{id}.{timestamp}.{body}`, in its parts.
struct Content<'a> {
    id: &'a [u8],
    timestamp: &'a [u8],
    body: &'a [u8],
}

impl Content<'_> {
    /// The `v1` value `secret` gives for this content: padded standard base64
    /// of the HMAC-SHA256 tag, packed as [`Words`].
    fn v1_words(&self, secret: &Secret) -> Words {
        let mut mac = secret.mac();
        signed_content(&mut mac, self.id, self.timestamp, self.body);
        let tag = mac.finalize().into_bytes();
        let mut text = [0u8; V1_TEXT_LEN];
        // 32 bytes always encode to exactly 44 characters, so this cannot fail; if
        // it somehow did, `text` would stay all zero bytes, which no header value
        // can equal (pieces are never empty and hold no NUL), so nothing matches.
        let _ = BASE64.encode_slice(tag, &mut text);
        pack(&text)
    }

    /// Whether any entry of `key`'s scheme matches `key`. A secret looks only at
    /// `v1` entries and a public key only at `v1a` entries.
    fn matches_any<'e>(&self, key: &VerifyKey, entries: impl Iterator<Item = Entry<'e>>) -> bool {
        let mut entries = entries;
        match &key.material {
            Material::Hmac(secret) => {
                let want = self.v1_words(secret);
                entries.any(|entry| entry.version == b"v1" && matches(entry.value, &want))
            }
            #[cfg(feature = "ed25519")]
            Material::Ed25519(public) => entries.any(|entry| {
                entry.version == b"v1a"
                    && public.verify_entry(entry.value, self.id, self.timestamp, self.body)
            }),
        }
    }
}

/// Packs a 44-byte value into [`Words`].
fn pack(text: &[u8; V1_TEXT_LEN]) -> Words {
    let mut padded = [0u8; 48];
    padded[..V1_TEXT_LEN].copy_from_slice(text);
    let mut words = [0u64; 6];
    for (word, bytes) in words.iter_mut().zip(padded.chunks_exact(8)) {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(bytes);
        *word = u64::from_ne_bytes(chunk);
    }
    words
}

/// Whether a `v1` value from the header equals the expected one, in constant
/// time. A value of another length cannot match and is turned away before any
/// comparison: its length is the sender's own input, so that leaks nothing.
fn matches(value: &[u8], want: &Words) -> bool {
    let Ok(value) = <&[u8; V1_TEXT_LEN]>::try_from(value) else {
        return false;
    };
    pack(value).ct_eq(want).into()
}

/// Seconds since the Unix epoch by the system clock; a clock set before 1970
/// reads as 0, which then fails the timestamp window rather than panicking.
#[cfg(feature = "std")]
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
