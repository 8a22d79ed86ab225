//! Verifying straight from an [`http::HeaderMap`] (feature `http`).

use http::{HeaderMap, HeaderName};

use crate::error::{Error, ErrorKind};
use crate::headers::{HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use crate::keys::VerifyKey;
use crate::verify::{Verified, Verifier};

// The three names, built once: looking a header up by `&str` parses and
// validates the name on every call, which showed up in the adapters' profiles.
static ID: HeaderName = HeaderName::from_static(HEADER_ID);
static TIMESTAMP: HeaderName = HeaderName::from_static(HEADER_TIMESTAMP);
static SIGNATURE: HeaderName = HeaderName::from_static(HEADER_SIGNATURE);

/// The value of a header that must appear once; repeats are tolerated only when
/// they are identical, since a proxy may duplicate a line but must not change it.
fn single<'h>(headers: &'h HeaderMap, key: &HeaderName) -> Result<&'h [u8], Error> {
    let name = key.as_str();
    let mut values = headers.get_all(key).iter();
    let Some(first) = values.next() else {
        return Err(Error::new(ErrorKind::MissingHeader, missing_text(name)));
    };
    if values.any(|other| other != first) {
        return Err(Error::new(ErrorKind::InvalidHeader, conflict_text(name)));
    }
    Ok(first.as_bytes())
}

fn missing_text(name: &str) -> &'static str {
    if name == HEADER_ID {
        "webhook-id header is missing"
    } else {
        "webhook-timestamp header is missing"
    }
}

fn conflict_text(name: &str) -> &'static str {
    if name == HEADER_ID {
        "webhook-id appears more than once with different values"
    } else {
        "webhook-timestamp appears more than once with different values"
    }
}

impl<K: AsRef<[VerifyKey]>> Verifier<K> {
    /// Verifies a delivery whose headers sit in an [`http::HeaderMap`], received
    /// at `now` (seconds since the Unix epoch).
    ///
    /// Header names are matched case-insensitively (the map stores them
    /// lowercased). Every `webhook-signature` line contributes entries, because
    /// intermediaries may split a long list over several lines.
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify`], plus [`ErrorKind::InvalidHeader`] when
    /// `webhook-id` or `webhook-timestamp` appears more than once with different
    /// values.
    pub fn verify_http<'h>(
        &self,
        headers: &'h HeaderMap,
        body: &[u8],
        now: u64,
    ) -> Result<Verified<'h>, Error> {
        let id = single(headers, &ID)?;
        let timestamp = single(headers, &TIMESTAMP)?;
        let signatures = headers.get_all(&SIGNATURE);
        if signatures.iter().next().is_none() {
            return Err(Error::new(
                ErrorKind::MissingHeader,
                "webhook-signature header is missing",
            ));
        }
        let lines = || signatures.iter().map(http::HeaderValue::as_bytes);
        self.verify_lines(id, timestamp, lines, body, now)
    }

    /// [`verify_http`](Verifier::verify_http) at the current system time.
    ///
    /// # Errors
    ///
    /// As [`verify_http`](Verifier::verify_http).
    #[cfg(feature = "std")]
    pub fn verify_http_now<'h>(
        &self,
        headers: &'h HeaderMap,
        body: &[u8],
    ) -> Result<Verified<'h>, Error> {
        self.verify_http(headers, body, crate::verify::unix_now())
    }
}
