//! Verifying straight from an [`http::HeaderMap`] (feature `http`).

use core::fmt;

use http::header::ValueIter;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::{Error, ErrorKind};
use crate::headers::{HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use crate::keys::VerifyKey;
use crate::verify::{Verified, Verifier};

// The three names, built once: looking a header up by `&str` parses and
// validates the name on every call, which showed up in the adapters' profiles.
static ID: HeaderName = HeaderName::from_static(HEADER_ID);
static TIMESTAMP: HeaderName = HeaderName::from_static(HEADER_TIMESTAMP);
static SIGNATURE: HeaderName = HeaderName::from_static(HEADER_SIGNATURE);

/// The three Standard Webhooks headers of one request, as found in an
/// [`http::HeaderMap`]: the first step of [`Verifier::verify_http`], on its own.
///
/// An adapter that keeps the `webhook-id` value after verifying (to hand it on
/// without copying it) finds the headers once with [`HttpHeaders::find`],
/// verifies with [`Verifier::verify_http_headers`] and takes the value from
/// [`HttpHeaders::id`], instead of looking the header up a second time.
pub struct HttpHeaders<'h> {
    map: &'h HeaderMap,
    id: &'h HeaderValue,
    timestamp: &'h HeaderValue,
    /// The first `webhook-signature` line.
    signature: &'h HeaderValue,
    /// Whether more lines follow it; they are then read from `map` again.
    more_signatures: bool,
}

impl<'h> HttpHeaders<'h> {
    /// Finds the three headers in `headers`. Only presence and repeats are
    /// checked here; what the values hold is checked when verifying.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingHeader`] when a header is absent and
    /// [`ErrorKind::InvalidHeader`] when `webhook-id` or `webhook-timestamp`
    /// appears more than once with different values (a proxy may duplicate a
    /// line but must not change it). The id is judged first, then the
    /// timestamp, then the signature.
    pub fn find(headers: &'h HeaderMap) -> Result<Self, Error> {
        // One walk over the request's headers instead of three lookups: each
        // lookup hashes the name byte by byte, which for these three long
        // names cost more than comparing them against the handful of headers
        // a delivery carries. Standard headers (`host`, `content-type`, ...)
        // are told apart from ours by their representation alone. The walk
        // grows with the number of headers and passes the three lookups at
        // about fifty; hyper accepts at most 100 by default, where it costs
        // some 0.3 us.
        let mut id = Single::Missing;
        let mut timestamp = Single::Missing;
        let mut signature = None;
        let mut more_signatures = false;
        for (name, value) in headers {
            if *name == ID {
                id.see(value);
            } else if *name == TIMESTAMP {
                timestamp.see(value);
            } else if *name == SIGNATURE {
                more_signatures |= signature.is_some();
                signature.get_or_insert(value);
            }
        }
        let id = id.value(
            "webhook-id header is missing",
            "webhook-id appears more than once with different values",
        )?;
        let timestamp = timestamp.value(
            "webhook-timestamp header is missing",
            "webhook-timestamp appears more than once with different values",
        )?;
        let Some(signature) = signature else {
            return Err(Error::new(
                ErrorKind::MissingHeader,
                "webhook-signature header is missing",
            ));
        };
        Ok(HttpHeaders {
            map: headers,
            id,
            timestamp,
            signature,
            more_signatures,
        })
    }

    /// The `webhook-id` value (the first line, when identical lines repeat).
    #[must_use]
    pub fn id(&self) -> &'h HeaderValue {
        self.id
    }

    /// Every `webhook-signature` line, in order.
    fn signature_lines(&self) -> Lines<'h> {
        if self.more_signatures {
            Lines::Many(self.map.get_all(&SIGNATURE).iter())
        } else {
            Lines::One(Some(self.signature))
        }
    }
}

// By hand: the derived form would print the whole header map, cookies and
// authorization included.
impl fmt::Debug for HttpHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpHeaders")
            .field("id", &self.id)
            .field("timestamp", &self.timestamp)
            .field("signature_lines", &self.signature_lines().count())
            .finish_non_exhaustive()
    }
}

/// What the walk saw of a header that must appear once.
#[derive(Clone, Copy)]
enum Single<'h> {
    Missing,
    Found(&'h HeaderValue),
    Conflict,
}

impl<'h> Single<'h> {
    fn see(&mut self, value: &'h HeaderValue) {
        *self = match *self {
            Single::Missing => Single::Found(value),
            Single::Found(first) if first == value => Single::Found(first),
            _ => Single::Conflict,
        };
    }

    fn value(
        self,
        missing: &'static str,
        conflict: &'static str,
    ) -> Result<&'h HeaderValue, Error> {
        match self {
            Single::Found(value) => Ok(value),
            Single::Missing => Err(Error::new(ErrorKind::MissingHeader, missing)),
            Single::Conflict => Err(Error::new(ErrorKind::InvalidHeader, conflict)),
        }
    }
}

/// The `webhook-signature` lines: the one the walk kept, or, when the header
/// repeats, all of them from the map.
enum Lines<'h> {
    One(Option<&'h HeaderValue>),
    Many(ValueIter<'h, HeaderValue>),
}

impl<'h> Iterator for Lines<'h> {
    type Item = &'h [u8];

    fn next(&mut self) -> Option<&'h [u8]> {
        let line = match self {
            Lines::One(line) => line.take(),
            Lines::Many(lines) => lines.next(),
        };
        line.map(HeaderValue::as_bytes)
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
    /// values. Finding the headers is judged header by header, as in
    /// [`HttpHeaders::find`]: a conflicting id is reported before a missing
    /// timestamp.
    pub fn verify_http<'h>(
        &self,
        headers: &'h HeaderMap,
        body: &[u8],
        now: u64,
    ) -> Result<Verified<'h>, Error> {
        self.verify_http_headers(&HttpHeaders::find(headers)?, body, now)
    }

    /// [`verify_http`](Verifier::verify_http) for headers already found with
    /// [`HttpHeaders::find`].
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify`], from the second step on: the headers are known
    /// to be present.
    pub fn verify_http_headers<'h>(
        &self,
        headers: &HttpHeaders<'h>,
        body: &[u8],
        now: u64,
    ) -> Result<Verified<'h>, Error> {
        let lines = || headers.signature_lines();
        self.verify_lines(
            headers.id.as_bytes(),
            headers.timestamp.as_bytes(),
            lines,
            body,
            now,
        )
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
