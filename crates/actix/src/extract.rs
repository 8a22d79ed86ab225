//! The extractors: read the body within the limit, verify, and only then hand over.

use core::fmt;
use core::future::{Future, poll_fn};
use core::ops::{Deref, DerefMut};
use core::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest};
use futures_core::Stream;
use serde::de::DeserializeOwned;
use webhook_core::{HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, MAX_ID_LEN, Scheme};

use crate::config::WebhookConfig;
use crate::error::Error;

type LocalFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>>>>;

/// What verification established about a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Delivery {
    id: String,
    timestamp: u64,
    key_index: usize,
    scheme: Scheme,
}

/// A delivery whose signature has been checked, with its body as raw bytes.
///
/// Extracting it reads the whole body (up to the configured limit) and verifies
/// it against the three webhook headers before the handler runs; a handler
/// taking it never sees an unverified byte. Failures answer with [`Error`]'s
/// status and kind name.
///
/// ```
/// use actix_web::{HttpResponse, post};
/// use webhook_actix::VerifiedWebhook;
///
/// #[post("/webhooks")]
/// async fn receive(delivery: VerifiedWebhook) -> HttpResponse {
///     // Senders retry with the same id: drop deliveries already processed.
///     println!("{} sent {} bytes", delivery.id(), delivery.body().len());
///     HttpResponse::NoContent().finish()
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedWebhook {
    delivery: Delivery,
    body: Bytes,
}

impl VerifiedWebhook {
    /// The `webhook-id`; senders retry with the same id, so use it to drop
    /// deliveries already processed.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.delivery.id
    }

    /// The `webhook-timestamp`, in seconds since the Unix epoch.
    #[must_use]
    pub fn timestamp(&self) -> u64 {
        self.delivery.timestamp
    }

    /// The position, in the key ring, of the key that matched (the first in
    /// ring order when several do). During a rotation this shows when the old
    /// key has stopped being used.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.delivery.key_index
    }

    /// The scheme of the matching signature: `v1` (HMAC) or `v1a` (ed25519).
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.delivery.scheme
    }

    /// The verified body, exactly as received.
    #[must_use]
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The verified body, exactly as received.
    #[must_use]
    pub fn into_body(self) -> Bytes {
        self.body
    }
}

/// Prints the delivery details and the body's length, not the body.
impl fmt::Debug for VerifiedWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedWebhook")
            .field("id", &self.delivery.id)
            .field("timestamp", &self.delivery.timestamp)
            .field("key_index", &self.delivery.key_index)
            .field("scheme", &self.delivery.scheme)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl FromRequest for VerifiedWebhook {
    type Error = Error;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let result = receive(&req, payload).await;
            match &result {
                Ok(verified) => log_verified(verified),
                Err(err) => log_rejection(err, claimed_id(req.headers())),
            }
            result
        })
    }
}

/// A verified delivery whose body has been deserialized from JSON into `T`.
///
/// The body is read and verified exactly as for [`VerifiedWebhook`]; only then
/// is it parsed. A verified body that is not the expected JSON is refused with
/// [`ErrorKind::InvalidJson`](crate::ErrorKind::InvalidJson) (422): the sender
/// really sent it, so it is not an authentication failure. The
/// `Content-Type` header is not checked, since the signature already vouches
/// for the body.
///
/// ```
/// use actix_web::{HttpResponse, post};
/// use serde::Deserialize;
/// use webhook_actix::VerifiedJson;
///
/// #[derive(Deserialize)]
/// struct Event {
///     r#type: String,
/// }
///
/// #[post("/webhooks")]
/// async fn receive(event: VerifiedJson<Event>) -> HttpResponse {
///     println!("{}: {}", event.id(), event.r#type);
///     HttpResponse::NoContent().finish()
/// }
/// ```
pub struct VerifiedJson<T> {
    delivery: Delivery,
    value: T,
}

impl<T> VerifiedJson<T> {
    /// The `webhook-id`; see [`VerifiedWebhook::id`].
    #[must_use]
    pub fn id(&self) -> &str {
        &self.delivery.id
    }

    /// The `webhook-timestamp`, in seconds since the Unix epoch.
    #[must_use]
    pub fn timestamp(&self) -> u64 {
        self.delivery.timestamp
    }

    /// The position, in the key ring, of the key that matched.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.delivery.key_index
    }

    /// The scheme of the matching signature.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.delivery.scheme
    }

    /// The deserialized body.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for VerifiedJson<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for VerifiedJson<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for VerifiedJson<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedJson")
            .field("id", &self.delivery.id)
            .field("timestamp", &self.delivery.timestamp)
            .field("key_index", &self.delivery.key_index)
            .field("scheme", &self.delivery.scheme)
            .field("value", &self.value)
            .finish()
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for VerifiedJson<T> {
    type Error = Error;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let verified = VerifiedWebhook::from_request(req, payload);
        Box::pin(async move {
            let VerifiedWebhook { delivery, body } = verified.await?;
            match serde_json::from_slice(&body) {
                Ok(value) => Ok(VerifiedJson { delivery, value }),
                Err(err) => {
                    let err = Error::json(err);
                    log_rejection(&err, Some(&delivery.id));
                    Err(err)
                }
            }
        })
    }
}

/// Reads, then verifies. The configuration is looked up first so that a
/// server without one never reads a body it cannot check.
async fn receive(req: &HttpRequest, mut payload: Payload) -> Result<VerifiedWebhook, Error> {
    let config = WebhookConfig::of(req).ok_or_else(Error::not_configured)?;
    let body = read_body(req.headers(), &mut payload, config.body_limit()).await?;

    let headers = webhook_headers(req.headers())?;
    let verified = config
        .verifier()
        .verify_http(&headers, &body, config.now())
        .map_err(Error::core)?;
    let delivery = Delivery {
        id: verified.id().to_owned(),
        timestamp: verified.timestamp(),
        key_index: verified.key_index(),
        scheme: verified.scheme(),
    };
    Ok(VerifiedWebhook { delivery, body })
}

/// Collects the body, refusing it as soon as it is known to pass `limit`: up
/// front from `Content-Length`, else when a chunk would take it over. We never
/// hold more than `limit` bytes, whatever the sender streams.
async fn read_body(
    headers: &HeaderMap,
    payload: &mut Payload,
    limit: usize,
) -> Result<Bytes, Error> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    let declared = match declared.map(usize::try_from) {
        Some(Ok(len)) if len <= limit => Some(len),
        Some(_) => return Err(Error::too_large(limit)),
        None => None,
    };

    // Trust the declared length only as a capacity hint, and a small one: the
    // chunks decide, and a client that declares a megabyte and then stalls
    // should not get a megabyte reserved for it up front.
    let mut body = BytesMut::with_capacity(declared.unwrap_or(0).min(64 * 1024));
    while let Some(chunk) = poll_fn(|cx| Pin::new(&mut *payload).poll_next(cx)).await {
        let chunk = chunk.map_err(Error::unreadable)?;
        if chunk.len() > limit - body.len() {
            return Err(Error::too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Copies every `webhook-id`, `webhook-timestamp` and `webhook-signature` line
/// into an `http` 1.x map, which is what the core reads. actix-web 4 has its
/// own header types; going through the core's `verify_http` keeps its rules
/// for repeated lines (every signature line counts, differing repeats of the id
/// or timestamp are refused) in one place.
fn webhook_headers(from: &HeaderMap) -> Result<http::HeaderMap, Error> {
    let mut to = http::HeaderMap::new();
    for name in [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE] {
        for value in from.get_all(name) {
            // Both crates accept the same bytes in a header value, so this does
            // not fail in practice; if it did, skipping the line could hide a
            // conflicting repeat, so we refuse instead.
            let value =
                http::HeaderValue::from_bytes(value.as_bytes()).map_err(|_| Error::header(name))?;
            to.append(http::HeaderName::from_static(name), value);
        }
    }
    Ok(to)
}

/// The id a rejected request claims, for logs only: printable ASCII of a sane
/// length, or nothing.
fn claimed_id(headers: &HeaderMap) -> Option<&str> {
    let id = headers.get(HEADER_ID)?.to_str().ok()?;
    (id.len() <= MAX_ID_LEN).then_some(id)
}

#[cfg(feature = "tracing")]
fn log_verified(verified: &VerifiedWebhook) {
    tracing::debug!(
        id = verified.id(),
        key_index = verified.key_index(),
        scheme = verified.scheme().name(),
        body_len = verified.body().len(),
        "webhook verified"
    );
}

#[cfg(not(feature = "tracing"))]
fn log_verified(_: &VerifiedWebhook) {}

fn log_rejection(err: &Error, id: Option<&str>) {
    #[cfg(feature = "tracing")]
    if err.kind() == crate::ErrorKind::NotConfigured {
        tracing::error!(
            kind = err.kind().name(),
            "webhook config missing from app data"
        );
    } else {
        tracing::debug!(kind = err.kind().name(), id, reason = %err, "webhook rejected");
    }

    #[cfg(not(feature = "tracing"))]
    let _ = (err, id);
}
