//! A [tower](https://docs.rs/tower) layer that verifies
//! [Standard Webhooks](https://www.standardwebhooks.com/) deliveries with
//! [`webhook_core`] before the inner service sees a byte: for axum, hyper and
//! any tower stack.
//!
//! Put [`VerifyWebhookLayer`] in front of a route; the handler gets the
//! verified body and, as [`VerifiedWebhook`], the delivery's id, timestamp and
//! matched key:
//!
//! ```
//! use axum::Router;
//! use axum::body::Bytes;
//! use axum::routing::post;
//! use webhook_core::{Verifier, VerifyKey};
//! use webhook_tower::{VerifiedWebhook, VerifyWebhookLayer};
//!
//! async fn receive(delivery: VerifiedWebhook, body: Bytes) -> String {
//!     format!("{} sent {} bytes", delivery.id(), body.len())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Once, at start-up: the key ring (one secret here) and, for this example
//! // only, a clock pinned to the time the sample delivery was signed.
//! let ring = vec![VerifyKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?];
//! let layer = VerifyWebhookLayer::new(Verifier::new(ring)?).clock(|| 1614265330);
//! let app = Router::new().route("/webhooks", post(receive).route_layer(layer));
//!
//! # use tower::ServiceExt as _;
//! let delivery = axum::http::Request::post("/webhooks")
//!     .header("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
//!     .header("webhook-timestamp", "1614265330")
//!     .header("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
//!     .body(axum::body::Body::from(r#"{"test": 2432232314}"#))?;
//! let answer = app.oneshot(delivery).await?;
//! assert_eq!(answer.status(), 200);
//! let body = axum::body::to_bytes(answer.into_body(), 1024).await?;
//! assert_eq!(body, "msg_p5jXN8AQM9LWM0D4loKWxJek sent 20 bytes");
//! # Ok(())
//! # }
//! ```
//!
//! Use `MethodRouter::route_layer` (as above) or `Router::route_layer` to guard
//! only the webhook handlers: `MethodRouter::layer` would also wrap the route's
//! 405 answer to other methods, and `Router::layer` every request, 404s
//! included.
//!
//! Where every request counts, wrap the handler's own service instead and
//! route to it: `post_service(layer.layer(receive.with_state(state)))`
//! (`Layer` is `tower::Layer`). It guards the same requests with less work
//! per request: `route_layer` puts a second boxed route around the handler's
//! own, and `Handler::layer` builds the guarded service from the layer anew
//! for every request, each about twice what the layer itself still adds
//! (`examples/axum-receiver` does this; docs/performance.md has the counts).
//!
//! The body limit bounds the memory one request can hold, not the time: a
//! client that sends a body slowly keeps up to the limit buffered for as long
//! as it likes. Give the server a body-read timeout (for axum,
//! `tower_http::timeout::RequestBodyTimeoutLayer` outside this layer) so that
//! many slow clients cannot add up.
//!
//! # Configuration
//!
//! [`VerifyWebhookLayer::new`] takes the verifier (key ring and tolerance, see
//! [`webhook_core::Verifier`]); [`limit`](VerifyWebhookLayer::limit) sets the
//! body limit ([`DEFAULT_BODY_LIMIT`], 1 MiB, by default),
//! [`clock`](VerifyWebhookLayer::clock) replaces the system clock, and
//! [`on_reject`](VerifyWebhookLayer::on_reject) the rejection. The layer is
//! cheap to clone; all services it makes share one key ring.
//!
//! # What a request goes through
//!
//! 1. A body whose length is known up front to be above the limit is refused
//!    with 413 at once, without reading it. The length is the body's own
//!    exact size hint when it has one (hyper's bodies carry the framed
//!    `Content-Length` there), and otherwise the `Content-Length` header.
//! 2. The body is read frame by frame; as soon as a frame would take the total
//!    past the limit the request is refused with 413, so a chunked or endless
//!    body is never buffered beyond the limit. `Content-Encoding` is not
//!    decoded: the signature covers the bytes as sent. Trailers are dropped.
//! 3. The `webhook-id`, `webhook-timestamp` and `webhook-signature` lines are
//!    checked by the core
//!    ([`HttpHeaders`](webhook_core::HttpHeaders) and
//!    [`Verifier::verify_http_headers`](webhook_core::Verifier::verify_http_headers),
//!    the two halves of [`Verifier::verify_http`](webhook_core::Verifier::verify_http))
//!    on the request's own header map, so repeated lines follow the core's
//!    rules: every signature line contributes entries, and differing repeats of
//!    the id or timestamp are refused.
//! 4. The inner service is called with `Request<Full<Bytes>>`
//!    ([`http_body_util::Full`]): the same head, the verified bytes as the
//!    body, and a [`VerifiedWebhook`] added to the extensions.
//!
//! The inner service must be `Clone` (axum's routes and handlers are), since
//! the future calls it only after the body is in.
//!
//! # Rejections
//!
//! | Status | Kinds ([`ErrorKind`]) |
//! | --- | --- |
//! | 400 | `missing_header`, `invalid_header`, `payload_unreadable` |
//! | 401 | `invalid_signature`, `no_supported_signature`, `timestamp_too_old`, `timestamp_too_new` |
//! | 413 | `payload_too_large` |
//!
//! The [`DefaultRejection`] answers with that status and an empty body (the
//! response body type's `Default`), so a sender learns only the class of its
//! problem. A closure passed to [`on_reject`](VerifyWebhookLayer::on_reject)
//! builds the response instead. Either way the [`Error`] is then inserted into
//! the response's extensions, for outer layers such as a metrics or logging
//! middleware. Refusals are responses, never service errors: the service's
//! error type is the inner service's.
//!
//! # Cargo features
//!
//! - `ed25519` (default): `v1a` public keys in the key ring.
//! - `axum` (default): [`VerifiedWebhook`] implements axum's
//!   `FromRequestParts`, failing with [`NotVerified`] (500) on a route the layer
//!   does not guard. Depends on `axum-core` only.
//! - `tracing`: a `debug` event for each accepted delivery (id, key index,
//!   scheme, body length) and each rejection (kind, the claimed id when it is
//!   printable, the reason), and an `error` event when the extractor finds no
//!   verified delivery. Keys, signatures and bodies are never logged. If you
//!   also log request headers (tower-http's `TraceLayer`), mark
//!   `webhook-signature` as sensitive.

#![forbid(unsafe_code)]
#![deny(unreachable_pub)]

extern crate alloc;

mod error;
mod future;
mod layer;
mod service;
mod verified;

pub use error::{Error, ErrorKind};
pub use future::ResponseFuture;
pub use layer::{DEFAULT_BODY_LIMIT, DefaultRejection, KeyRing, Reject, VerifyWebhookLayer};
pub use service::VerifyWebhook;
pub use verified::{NotVerified, VerifiedWebhook};

// The README's example runs as a doctest, so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
