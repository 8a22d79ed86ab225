//! The one rejection type, and the status each kind answers with.

use core::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, ResponseError};

/// Why a delivery was refused, as a value to match on.
///
/// Each kind's [`name`](ErrorKind::name) is also the whole body of the error
/// response. New kinds may be added in a minor release, hence `#[non_exhaustive]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No [`WebhookConfig`](crate::WebhookConfig) is registered as app data.
    /// A server bug, not the sender's: 500.
    NotConfigured,
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
    /// The body verified but is not the JSON the handler expects: 422.
    InvalidJson,
}

impl ErrorKind {
    /// The stable snake_case name, sent as the response body. The kinds shared
    /// with the core keep the core's names (`invalid_signature`, ...).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::NotConfigured => "not_configured",
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::PayloadUnreadable => "payload_unreadable",
            ErrorKind::MissingHeader => "missing_header",
            ErrorKind::InvalidHeader => "invalid_header",
            ErrorKind::TimestampTooOld => "timestamp_too_old",
            ErrorKind::TimestampTooNew => "timestamp_too_new",
            ErrorKind::NoSupportedSignature => "no_supported_signature",
            ErrorKind::InvalidSignature => "invalid_signature",
            ErrorKind::InvalidJson => "invalid_json",
        }
    }

    /// The HTTP status the rejection answers with.
    #[must_use]
    pub const fn status(self) -> StatusCode {
        match self {
            ErrorKind::NotConfigured => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadUnreadable | ErrorKind::MissingHeader | ErrorKind::InvalidHeader => {
                StatusCode::BAD_REQUEST
            }
            ErrorKind::TimestampTooOld
            | ErrorKind::TimestampTooNew
            | ErrorKind::NoSupportedSignature
            | ErrorKind::InvalidSignature => StatusCode::UNAUTHORIZED,
            ErrorKind::InvalidJson => StatusCode::UNPROCESSABLE_ENTITY,
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
#[derive(Debug)]
enum Detail {
    NotConfigured,
    TooLarge { limit: usize },
    Unreadable(String),
    Header(&'static str),
    Core(webhook_core::Error),
    Json(serde_json::Error),
}

/// A refused delivery: what [`VerifiedWebhook`](crate::VerifiedWebhook) and
/// [`VerifiedJson`](crate::VerifiedJson) fail with.
///
/// As a [`ResponseError`] it answers with [`ErrorKind::status`] and a
/// `text/plain` body holding only the kind's name, such as `invalid_signature`:
/// nothing about keys, expected signatures or the body. Match on
/// [`kind`](Error::kind); the `Display` text is for people and may change. It
/// never holds key material, signatures or body bytes either, so it is safe to
/// log. (For [`ErrorKind::InvalidJson`], the [`source`](core::error::Error::source)
/// is serde_json's error, whose text may quote the body.)
///
/// To answer differently, extract `Result<VerifiedWebhook, Error>` and build
/// the response yourself.
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

    pub(crate) fn not_configured() -> Error {
        Error {
            kind: ErrorKind::NotConfigured,
            detail: Detail::NotConfigured,
        }
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

    pub(crate) fn header(name: &'static str) -> Error {
        Error {
            kind: ErrorKind::InvalidHeader,
            detail: Detail::Header(name),
        }
    }

    pub(crate) fn core(err: webhook_core::Error) -> Error {
        Error {
            kind: ErrorKind::from_core(err.kind()),
            detail: Detail::Core(err),
        }
    }

    pub(crate) fn json(err: serde_json::Error) -> Error {
        Error {
            kind: ErrorKind::InvalidJson,
            detail: Detail::Json(err),
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
            Detail::NotConfigured => f.write_str(
                "no WebhookConfig is registered as app data, so no delivery can be verified",
            ),
            Detail::TooLarge { limit } => {
                write!(f, "request body is larger than the {limit}-byte limit")
            }
            Detail::Unreadable(reason) => write!(f, "request body could not be read: {reason}"),
            Detail::Header(name) => write!(f, "{name} holds bytes we cannot pass on"),
            Detail::Core(err) => fmt::Display::fmt(err, f),
            // serde_json's own message may quote values from the body, so we
            // give only the position here; `source` has the full error.
            Detail::Json(err) => write!(
                f,
                "verified body is not the expected json (line {}, column {})",
                err.line(),
                err.column()
            ),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.detail {
            Detail::Core(err) => Some(err),
            Detail::Json(err) => Some(err),
            _ => None,
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.kind.status())
            .insert_header(ContentType::plaintext())
            .body(self.kind.name())
    }
}
