//! The one error type of the crate, and the table of error kinds that the C and
//! Python faces mirror.

use core::fmt;

/// What went wrong, as a value to match on.
///
/// Each kind's [`name`](ErrorKind::name) is part of the contract: the vectors in
/// `testdata/` and the CLI's `--json` output use it, and bindings to other
/// languages are to map kinds by it, so a kind keeps its name forever. New kinds may be added in a
/// minor release, hence `#[non_exhaustive]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A secret or key could not be parsed, or is too short or too long.
    InvalidSecret,
    /// One of `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent.
    MissingHeader,
    /// A header is present but malformed, too large, or (with several header lines)
    /// contradicts itself.
    InvalidHeader,
    /// `webhook-timestamp` lies further in the past than the tolerance allows.
    TimestampTooOld,
    /// `webhook-timestamp` lies further in the future than the tolerance allows.
    TimestampTooNew,
    /// The signature header holds no entry of a scheme we hold a key for: the sender
    /// signs with another scheme, or the header lists only unknown versions.
    NoSupportedSignature,
    /// Entries of a scheme we hold a key for are present, and none of them matches.
    /// Usually a wrong secret, a changed body, or a changed header.
    InvalidSignature,
    /// The operating system's random source failed while generating a secret.
    RandomSource,
}

impl ErrorKind {
    /// Every kind, in a stable order. Bindings build their own tables from this.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::InvalidSecret,
        ErrorKind::MissingHeader,
        ErrorKind::InvalidHeader,
        ErrorKind::TimestampTooOld,
        ErrorKind::TimestampTooNew,
        ErrorKind::NoSupportedSignature,
        ErrorKind::InvalidSignature,
        ErrorKind::RandomSource,
    ];

    /// The stable snake_case name of the kind, as used in the test vectors, the CLI's
    /// JSON output and the bindings (for example `"timestamp_too_old"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidSecret => "invalid_secret",
            ErrorKind::MissingHeader => "missing_header",
            ErrorKind::InvalidHeader => "invalid_header",
            ErrorKind::TimestampTooOld => "timestamp_too_old",
            ErrorKind::TimestampTooNew => "timestamp_too_new",
            ErrorKind::NoSupportedSignature => "no_supported_signature",
            ErrorKind::InvalidSignature => "invalid_signature",
            ErrorKind::RandomSource => "random_source",
        }
    }

    /// Looks a kind up by its [`name`](ErrorKind::name).
    #[must_use]
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The reason for an error, kept as data so that `Display` can name the values
/// involved without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    /// A fixed sentence.
    Text(&'static str),
    /// A timestamp outside the window: the header value, `now` and the tolerance.
    Window {
        timestamp: u64,
        now: u64,
        tolerance: u64,
    },
    /// A header or secret exceeds a documented cap.
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    /// A key has the wrong length.
    KeyLength { len: usize, min: usize, max: usize },
    /// Key text is malformed: which kind of key (`what`) and the problem.
    KeyText {
        what: &'static str,
        problem: &'static str,
    },
    /// An entry of a JWK set is refused: its position and the problem.
    #[cfg(feature = "jwk")]
    Jwk { index: usize, problem: &'static str },
}

/// The error returned by every fallible operation in this crate.
///
/// Match on [`kind`](Error::kind); the `Display` text is for people and may change
/// between releases. No message ever contains key material or an expected signature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    reason: Reason,
}

impl Error {
    pub(crate) const fn new(kind: ErrorKind, text: &'static str) -> Self {
        Error {
            kind,
            reason: Reason::Text(text),
        }
    }

    pub(crate) const fn with_reason(kind: ErrorKind, reason: Reason) -> Self {
        Error { kind, reason }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &format_args!("{self}"))
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            Reason::Text(text) => f.write_str(text),
            Reason::Window {
                timestamp,
                now,
                tolerance,
            } => {
                let (age, direction) = if now >= timestamp {
                    (now - timestamp, "old")
                } else {
                    (timestamp - now, "in the future")
                };
                write!(
                    f,
                    "webhook-timestamp {timestamp} is {age} s {direction}, \
                     outside the {tolerance} s tolerance"
                )
            }
            Reason::TooLong { what, len, max } => {
                write!(f, "{what} is {len} bytes long, the limit is {max}")
            }
            Reason::KeyLength { len, min, max } => write!(
                f,
                "secret key is {len} bytes long, it must be {min} to {max} bytes"
            ),
            Reason::KeyText { what, problem } => write!(f, "{what} {problem}"),
            #[cfg(feature = "jwk")]
            Reason::Jwk { index, problem } => write!(f, "jwk {index}: {problem}"),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2024::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(kind.name()), Some(kind));
            let same = ErrorKind::ALL.iter().filter(|k| k.name() == kind.name());
            assert_eq!(same.count(), 1);
        }
        assert_eq!(ErrorKind::from_name("nope"), None);
    }
}
