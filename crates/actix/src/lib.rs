//! [actix-web](https://actix.rs) extractors that verify
//! [Standard Webhooks](https://www.standardwebhooks.com/) deliveries with
//! [`webhook_core`] before a handler sees a byte.
//!
//! Register a [`WebhookConfig`] as app data and take [`VerifiedWebhook`] (the
//! raw verified body) or [`VerifiedJson<T>`] (the body deserialized into `T`)
//! in a handler:
//!
//! ```
//! use actix_web::{App, HttpResponse, post, test, web};
//! use serde::Deserialize;
//! use webhook_actix::{VerifiedJson, WebhookConfig};
//! use webhook_core::{Verifier, VerifyKey};
//!
//! #[derive(Deserialize)]
//! struct Event {
//!     test: u64,
//! }
//!
//! #[post("/webhooks")]
//! async fn receive(event: VerifiedJson<Event>) -> HttpResponse {
//!     HttpResponse::Ok().body(format!("{} says {}", event.id(), event.test))
//! }
//!
//! # #[actix_web::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Once, at start-up: the key ring (one secret here) and, for this example
//! // only, a clock pinned to the time the sample delivery was signed.
//! let ring = vec![VerifyKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?];
//! let config = WebhookConfig::new(Verifier::new(ring)?).clock(|| 1614265330);
//! let app = test::init_service(App::new().app_data(config).service(receive)).await;
//!
//! let delivery = test::TestRequest::post()
//!     .uri("/webhooks")
//!     .insert_header(("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"))
//!     .insert_header(("webhook-timestamp", "1614265330"))
//!     .insert_header(("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
//!     .set_payload(r#"{"test": 2432232314}"#)
//!     .to_request();
//! let answer = test::call_and_read_body(&app, delivery).await;
//! assert_eq!(answer, "msg_p5jXN8AQM9LWM0D4loKWxJek says 2432232314");
//! # Ok(())
//! # }
//! ```
//!
//! # Configuration
//!
//! [`WebhookConfig`] holds the verifier (key ring and tolerance, see
//! [`webhook_core::Verifier`]), the body limit ([`DEFAULT_BODY_LIMIT`], 1 MiB,
//! unless set with [`WebhookConfig::limit`]) and the clock (the system clock
//! unless set with [`WebhookConfig::clock`]). Register it with
//! `App::new().app_data(config)` or `App::new().app_data(web::Data::new(config))`;
//! a plain value is looked for first, and, as with all app data, the innermost
//! scope or resource wins, so one route can use another key ring.
//!
//! **Without a registered configuration there is no default**: we have no key
//! to verify with, so every request is refused with 500 and the body
//! `not_configured` (with the `tracing` feature, an error event says why). The
//! body is never read in that case.
//!
//! # What a request goes through
//!
//! 1. A `Content-Length` above the limit is refused with 413 at once, without
//!    reading the body. (A client that sent `Expect: 100-continue` may already
//!    have been told to go ahead by actix-web, which answers that before any
//!    extractor runs; the 413 still comes before the body is read.)
//! 2. The body is read chunk by chunk; as soon as the total would pass the limit
//!    the request is refused with 413, so a chunked or endless body is never
//!    buffered beyond the limit. `Content-Encoding` is not decoded: the
//!    signature covers the bytes as sent.
//! 3. The `webhook-id`, `webhook-timestamp` and `webhook-signature` lines are
//!    checked by [`Verifier::verify_http`](webhook_core::Verifier::verify_http),
//!    so repeated lines follow the core's rules: every signature line
//!    contributes entries, and differing repeats of the id or timestamp are
//!    refused.
//! 4. For [`VerifiedJson<T>`], the verified body is deserialized with
//!    `serde_json`.
//!
//! The body limit bounds the memory one request can hold, not the time: a
//! client that sends its body slowly keeps up to the limit buffered for as
//! long as it likes. Bound that time where the server is set up (a proxy's
//! body timeout, or a timeout around the handler), so that many slow clients
//! cannot add up.
//!
//! # Errors
//!
//! Every refusal is an [`Error`], a [`ResponseError`](actix_web::ResponseError)
//! whose response body is only the kind's name:
//!
//! | Status | Kinds |
//! | --- | --- |
//! | 400 | `missing_header`, `invalid_header`, `payload_unreadable` |
//! | 401 | `invalid_signature`, `no_supported_signature`, `timestamp_too_old`, `timestamp_too_new` |
//! | 413 | `payload_too_large` |
//! | 422 | `invalid_json` |
//! | 500 | `not_configured` |
//!
//! A `webhook-signature` header that holds no entry we can use (empty, junk,
//! only unknown versions) is `no_supported_signature`, 401, not a 400: the
//! spec tells receivers to skip entries they cannot read, so such a header is
//! well formed and simply carries no signature for us.
//!
//! Nothing in a response or in an error's `Display` reveals a key, an expected
//! signature or the body. To answer in another shape, extract
//! `Result<VerifiedWebhook, webhook_actix::Error>` and match on
//! [`Error::kind`].
//!
//! # Cargo features
//!
//! - `ed25519` (default): `v1a` public keys in the key ring.
//! - `tracing`: a `debug` event for each accepted delivery (id, key index,
//!   scheme, body length) and each rejection (kind, the claimed id when it is
//!   printable, the reason), and an `error` event when no configuration is
//!   registered. Keys, signatures and bodies are never logged. If you also log
//!   request headers, mark `webhook-signature` as sensitive.

#![forbid(unsafe_code)]
#![deny(unreachable_pub)]

extern crate alloc;

mod config;
mod error;
mod extract;

pub use config::{DEFAULT_BODY_LIMIT, KeyRing, WebhookConfig};
pub use error::{Error, ErrorKind};
pub use extract::{VerifiedJson, VerifiedWebhook};

// The README's example runs as a doctest, so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
