//! Receiving: checking the three headers and the body against a key ring.

use base64::Engine as _;
use hmac::Mac as _;
use subtle::ConstantTimeEq as _;

use crate::error::{Error, ErrorKind, Reason};
use crate::headers::{self, Entry};
use crate::secret::{BASE64, Secret};
use crate::sign::signed_content;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified<'a> {
    id: &'a str,
    timestamp: u64,
    key_index: usize,
}

impl<'a> Verified<'a> {
    /// The `webhook-id`: use it to drop deliveries you have already processed,
    /// since senders retry with the same id.
    #[must_use]
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The `webhook-timestamp`, in seconds since the Unix epoch.
    #[must_use]
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The position, in the verifier's key ring, of the key whose signature matched.
    /// During a rotation this tells you when the old key has stopped being used.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }
}

/// Checks deliveries against one or more secrets.
///
/// Build it once, at start-up, and share it: each [`Secret`] already holds its
/// precomputed HMAC state, and [`verify`](Verifier::verify) allocates nothing.
/// `K` is whatever owns the key ring: an array, a slice, a `Vec` or an `Arc<[_]>`.
///
/// Verification goes in a fixed order and reports the first failure:
///
/// 1. each header is present ([`ErrorKind::MissingHeader`]);
/// 2. `webhook-id`, `webhook-timestamp` and the size of `webhook-signature` are well
///    formed ([`ErrorKind::InvalidHeader`]);
/// 3. the timestamp is within the tolerance of `now` ([`ErrorKind::TimestampTooOld`],
///    [`ErrorKind::TimestampTooNew`]);
/// 4. the signature list holds at least one `v1` entry
///    ([`ErrorKind::NoSupportedSignature`]);
/// 5. one `v1` entry matches one key ([`ErrorKind::InvalidSignature`]).
///
/// ```
/// use webhook_core::{Headers, Secret, Verifier};
///
/// let secret = Secret::from_base64("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// let verifier = Verifier::new([secret])?;
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
}

impl<K: AsRef<[Secret]>> Verifier<K> {
    /// A verifier accepting a signature by any of `keys`, with the default
    /// tolerance of [`DEFAULT_TOLERANCE_SECS`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSecret`] if `keys` is empty: such a verifier could
    /// never accept anything, which is always a configuration mistake.
    pub fn new(keys: K) -> Result<Self, Error> {
        if keys.as_ref().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidSecret,
                "a verifier needs at least one secret",
            ));
        }
        Ok(Verifier {
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
    pub fn keys(&self) -> &[Secret] {
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
        let id = headers.id.ok_or(missing("webhook-id header is missing"))?;
        let timestamp = headers
            .timestamp
            .ok_or(missing("webhook-timestamp header is missing"))?;
        let signature = headers
            .signature
            .ok_or(missing("webhook-signature header is missing"))?;
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
        let id = headers::parse_id(id)?;
        let ts = headers::parse_timestamp(timestamp)?;
        headers::check_signature_lines(&signatures)?;
        self.check_window(ts, now)?;

        let is_v1 = |entry: &Entry<'_>| entry.version == b"v1";
        let v1_entries = || headers::entries(signatures()).filter(is_v1);
        if v1_entries().next().is_none() {
            return Err(Error::new(
                ErrorKind::NoSupportedSignature,
                "webhook-signature has no v1 entry",
            ));
        }

        for (key_index, key) in self.keys.as_ref().iter().enumerate() {
            // The header text is signed verbatim (ts is canonical, so `timestamp`
            // and the parsed value spell the same number).
            let mut mac = key.mac();
            signed_content(&mut mac, id, timestamp, body);
            let expected = mac.finalize().into_bytes();

            for entry in v1_entries() {
                if decode_tag(entry.value).is_some_and(|tag| bool::from(tag.ct_eq(&expected[..]))) {
                    return Ok(Verified {
                        id,
                        timestamp: ts,
                        key_index,
                    });
                }
            }
        }
        Err(Error::new(
            ErrorKind::InvalidSignature,
            "no v1 signature in webhook-signature matches any key",
        ))
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

/// Decodes a `v1` signature value into its 32-byte tag, on the stack. Anything that
/// is not exactly the padded base64 of 32 bytes cannot match, so it yields `None`.
fn decode_tag(value: &[u8]) -> Option<[u8; 32]> {
    // Padded base64 of 32 bytes is 44 characters; the decoder wants a little slack.
    if value.len() != 44 {
        return None;
    }
    let mut buf = [0u8; 33];
    match BASE64.decode_slice(value, &mut buf) {
        Ok(32) => {
            let mut tag = [0u8; 32];
            tag.copy_from_slice(&buf[..32]);
            Some(tag)
        }
        _ => None,
    }
}

/// Seconds since the Unix epoch by the system clock; a clock set before 1970
/// reads as 0, which then fails the timestamp window rather than panicking.
#[cfg(feature = "std")]
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
