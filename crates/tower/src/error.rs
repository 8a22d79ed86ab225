//! The one rejection type, and the status each kind answers with.

use alloc::string::{String, ToString};
use core::fmt;

use http::StatusCode;

/// Why a delivery was refused, as a value to match on.
///
/// New kinds may be added in a minor release, hence `#[non_exhaustive]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The body is larger than the configured limit: 413.
    PayloadTooLarge,
    /// The body could not be read, for example because the connection closed
    /// before it was complete: 400.
    PayloadUnreadable,
    /// `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent: 400.
    MissingHeader,
    /// A webhook header is present but malformed, too large, or repeated with
    /// different values: 400.
    InvalidHeader,
    /// `webhook-timestamp` lies further in the past than the tolerance allows: 401.
    TimestampTooOld,
    /// `webhook-timestamp` lies further in the future than the tolerance allows: 401.
    TimestampTooNew,
    /// The signature header holds no entry of a scheme the key ring has a key
    /// for: 401.
    NoSupportedSignature,
    /// No signature matches any key: wrong key, expired key or changed message: 401.
    InvalidSignature,
}

impl ErrorKind {
    /// The stable snake_case name. The kinds shared with the core keep the
    /// core's names (`invalid_signature`, ...), and with `webhook-actix` the
    /// adapter's own (`payload_too_large`, `payload_unreadable`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::PayloadUnreadable => "payload_unreadable",
            ErrorKind::MissingHeader => "missing_header",
            ErrorKind::InvalidHeader => "invalid_header",
            ErrorKind::TimestampTooOld => "timestamp_too_old",
            ErrorKind::TimestampTooNew => "timestamp_too_new",
            ErrorKind::NoSupportedSignature => "no_supported_signature",
            ErrorKind::InvalidSignature => "invalid_signature",
        }
    }

    /// The HTTP status the default rejection answers with.
    #[must_use]
    pub const fn status(self) -> StatusCode {
        match self {
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadUnreadable | ErrorKind::MissingHeader | ErrorKind::InvalidHeader => {
                StatusCode::BAD_REQUEST
            }
            ErrorKind::TimestampTooOld
            | ErrorKind::TimestampTooNew
            | ErrorKind::NoSupportedSignature
            | ErrorKind::InvalidSignature => StatusCode::UNAUTHORIZED,
        }
    }

    fn from_core(kind: webhook_core::ErrorKind) -> ErrorKind {
        use webhook_core::ErrorKind as Core;
        match kind {
            Core::MissingHeader => ErrorKind::MissingHeader,
            Core::InvalidHeader => ErrorKind::InvalidHeader,
            Core::TimestampTooOld => ErrorKind::TimestampTooOld,
            Core::TimestampTooNew => ErrorKind::TimestampTooNew,
            Core::NoSupportedSignature => ErrorKind::NoSupportedSignature,
            // Verifying reports only the kinds above. Any kind the core adds
            // later is still a refusal of the delivery, and refusing it as
            // unauthenticated is the safe answer.
            _ => ErrorKind::InvalidSignature,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the error carries beyond its kind, for `Display` and `source`.
#[derive(Clone, Debug)]
enum Detail {
    TooLarge { limit: usize },
    Unreadable(String),
    Core(webhook_core::Error),
}

/// A refused delivery.
///
/// [`VerifyWebhook`](crate::VerifyWebhook) hands it to the rejection (the
/// default answers with [`ErrorKind::status`] and an empty body) and inserts a
/// copy into the response's extensions, so outer layers can tell a refusal
/// from the inner service's own 401:
///
/// ```
/// # fn check(response: &http::Response<()>) {
/// if let Some(error) = response.extensions().get::<webhook_tower::Error>() {
///     eprintln!("webhook refused: {}", error.kind());
/// }
/// # }
/// ```
///
/// Match on [`kind`](Error::kind); the `Display` text is for people and may
/// change. It never holds key material, signatures or body bytes, so it is safe
/// to log.
#[derive(Clone)]
pub struct Error {
    kind: ErrorKind,
    detail: Detail,
}

impl Error {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub(crate) fn too_large(limit: usize) -> Error {
        Error {
            kind: ErrorKind::PayloadTooLarge,
            detail: Detail::TooLarge { limit },
        }
    }

    pub(crate) fn unreadable(reason: impl fmt::Display) -> Error {
        Error {
            kind: ErrorKind::PayloadUnreadable,
            detail: Detail::Unreadable(reason.to_string()),
        }
    }

    pub(crate) fn core(err: webhook_core::Error) -> Error {
        Error {
            kind: ErrorKind::from_core(err.kind()),
            detail: Detail::Core(err),
        }
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
        match &self.detail {
            Detail::TooLarge { limit } => {
                write!(f, "request body is larger than the {limit}-byte limit")
            }
            Detail::Unreadable(reason) => write!(f, "request body could not be read: {reason}"),
            Detail::Core(err) => fmt::Display::fmt(err, f),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.detail {
            Detail::Core(err) => Some(err),
            _ => None,
        }
    }
}
