//! What verification established, as the inner service finds it.

use core::fmt;

use bytes::Bytes;
use http::HeaderValue;
use webhook_core::{Scheme, Verified};

/// The details of a verified delivery, in the request's extensions.
///
/// [`VerifyWebhook`](crate::VerifyWebhook) inserts one into every request it
/// passes on; the body of that request is the verified bytes. A bare tower
/// service reads it with `req.extensions().get::<VerifiedWebhook>()`; with the
/// `axum` feature (on by default) an axum handler takes it as an argument:
///
/// ```
/// use webhook_tower::VerifiedWebhook;
///
/// async fn receive(delivery: VerifiedWebhook) -> String {
///     // Senders retry with the same id: drop deliveries already processed.
///     format!("{} sent {} bytes", delivery.id(), delivery.body().len())
/// }
/// # let _: axum::routing::MethodRouter = axum::routing::post(receive);
/// ```
///
/// The body is in here too ([`body`](VerifiedWebhook::body)), so a handler
/// needs no body extractor; axum's `Bytes` extractor would read the same bytes
/// from the request body, at the price of collecting them once more.
///
/// On a route without the layer, the extractor fails with [`NotVerified`]
/// (500): that is a wiring mistake on the server, not the sender's.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VerifiedWebhook {
    // The request's own `webhook-id` value rather than a copy: cloning it
    // shares the buffer the request was read into, so neither the layer nor
    // the extractor allocates for the id.
    id: HeaderValue,
    timestamp: u64,
    key_index: usize,
    scheme: Scheme,
    // The same bytes the inner service gets as the request body (a second
    // handle, not a copy), so a handler can read them without collecting the
    // body again.
    body: Bytes,
}

impl VerifiedWebhook {
    /// The details of `verified`, whose id was read from `id`.
    pub(crate) fn from_core(verified: &Verified<'_>, id: &HeaderValue, body: Bytes) -> Self {
        VerifiedWebhook {
            id: id.clone(),
            timestamp: verified.timestamp(),
            key_index: verified.key_index(),
            scheme: verified.scheme(),
            body,
        }
    }

    /// The `webhook-id`; senders retry with the same id, so use it to drop
    /// deliveries already processed.
    #[must_use]
    pub fn id(&self) -> &str {
        // The core accepted the id only as visible ASCII, which is always
        // valid header text, so this never falls back.
        self.id.to_str().unwrap_or_default()
    }

    /// The `webhook-timestamp`, in seconds since the Unix epoch.
    #[must_use]
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The position, in the key ring, of the key that matched (the first in
    /// ring order when several do). During a rotation this shows when the old
    /// key has stopped being used.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The verified body, exactly as it arrived: the same bytes the inner
    /// service receives as the request body, so a handler can take them from
    /// here instead of collecting the body a second time. Cloning the
    /// [`Bytes`] shares them rather than copying.
    #[must_use]
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The scheme of the matching signature: `v1` (HMAC) or `v1a` (ed25519).
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }
}

impl fmt::Debug for VerifiedWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedWebhook")
            .field("id", &self.id())
            .field("timestamp", &self.timestamp)
            .field("key_index", &self.key_index)
            .field("scheme", &self.scheme)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The extractor's rejection on a request that did not pass through
/// [`VerifyWebhookLayer`](crate::VerifyWebhookLayer): 500, with a body saying
/// so, since the server is wired wrongly and no sender can fix that.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotVerified;

impl fmt::Display for NotVerified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "VerifiedWebhook was extracted on a route without VerifyWebhookLayer in front of it",
        )
    }
}

impl core::error::Error for NotVerified {}

#[cfg(feature = "axum")]
mod axum {
    use alloc::string::ToString as _;

    use axum_core::extract::FromRequestParts;
    use axum_core::response::{IntoResponse, Response};
    use http::StatusCode;
    use http::request::Parts;

    use super::{NotVerified, VerifiedWebhook};

    impl<S: Sync> FromRequestParts<S> for VerifiedWebhook {
        type Rejection = NotVerified;

        async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, NotVerified> {
            let found = parts.extensions.get::<VerifiedWebhook>().cloned();
            #[cfg(feature = "tracing")]
            if found.is_none() {
                tracing::error!("{NotVerified}");
            }
            found.ok_or(NotVerified)
        }
    }

    impl IntoResponse for NotVerified {
        fn into_response(self) -> Response {
            (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()).into_response()
        }
    }
}
