//! An axum receiver for Lumenfall-style `video.*` webhook events, verified by
//! `webhook-tower`.
//!
//! [`app`] is the whole receiver: `POST /webhooks/lumenfall` behind a
//! [`VerifyWebhookLayer`], which refuses anything unsigned, stale or oversized
//! before [`receive`] runs. The binary (`src/main.rs`) serves it; the
//! `bench-server` binary serves it beside [`unverified_app`], the same handler
//! without the layer, for `cargo xtask bench-tower`.

extern crate alloc;

use alloc::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::handler::Handler as _;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, post_service};
use serde::{Deserialize, Serialize};
use tower_layer::Layer as _;
use webhook_core::{Verifier, VerifyKey};
use webhook_tower::{DEFAULT_BODY_LIMIT, KeyRing, VerifiedWebhook, VerifyWebhookLayer};

/// The path deliveries are posted to.
pub const PATH: &str = "/webhooks/lumenfall";

/// The events this receiver knows, told apart by `type`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    /// A generation finished and its video can be fetched.
    #[serde(rename = "video.completed")]
    Completed {
        /// The finished generation.
        data: Completed,
    },
    /// A generation failed; `data.error` says why.
    #[serde(rename = "video.failed")]
    Failed {
        /// The failed generation.
        data: Failed,
    },
    /// A generation was cancelled before it finished.
    #[serde(rename = "video.cancelled")]
    Cancelled {
        /// The cancelled generation.
        data: Generation,
    },
    /// Senders add event types over time. We accept and ignore the ones we do
    /// not know; refusing them would make the sender retry them forever.
    #[serde(other)]
    Unknown,
}

/// What every `video.*` event's `data` carries.
#[derive(Debug, Deserialize)]
pub struct Generation {
    /// The generation's id, `req_...`.
    pub id: String,
    /// The model that ran it.
    pub model: String,
}

/// `data` of `video.completed`.
#[derive(Debug, Deserialize)]
pub struct Completed {
    /// Id and model.
    #[serde(flatten)]
    pub generation: Generation,
    /// Where the video is.
    pub output: Output,
}

/// Where a finished video is.
#[derive(Debug, Deserialize)]
pub struct Output {
    /// A URL to fetch it from.
    pub url: String,
}

/// `data` of `video.failed`.
#[derive(Debug, Deserialize)]
pub struct Failed {
    /// Id and model.
    #[serde(flatten)]
    pub generation: Generation,
    /// Why it failed.
    pub error: Failure,
}

/// Why a generation failed.
#[derive(Debug, Deserialize)]
pub struct Failure {
    /// A machine-readable code.
    pub code: String,
    /// A message for people.
    pub message: String,
}

/// The reply: a short summary of what we did with the event.
#[derive(Debug, Default, Serialize)]
struct Summary {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    ignored: bool,
}

/// Acts on one verified event. A real receiver would store the URL, alert on
/// failures, and use `delivery.id()` to drop retried deliveries it has seen.
///
/// The verified body comes with the details, so the handler takes no body
/// extractor of its own.
pub async fn receive(delivery: VerifiedWebhook) -> Response {
    handle(delivery.id(), delivery.body())
}

/// [`receive`] without the layer's details, for the benchmark's baseline only:
/// nothing here is verified.
pub async fn receive_unverified(body: Bytes) -> Response {
    handle("unverified", &body)
}

/// Parses the body and answers with a [`Summary`] as JSON. The body is
/// verified, so a body that is not an event is the sender's bug: 422.
fn handle(delivery: &str, body: &[u8]) -> Response {
    let event: Event = match serde_json::from_slice(body) {
        Ok(event) => event,
        Err(_) => return (StatusCode::UNPROCESSABLE_ENTITY, "invalid_json").into_response(),
    };
    let summary = match event {
        Event::Completed { data: done } => {
            log(format_args!(
                "{delivery}: {} finished on {}",
                done.generation.id.escape_debug(),
                done.generation.model.escape_debug()
            ));
            Summary {
                kind: Some("video.completed"),
                id: Some(done.generation.id),
                url: Some(done.output.url),
                ..Summary::default()
            }
        }
        Event::Failed { data: failed } => {
            log(format_args!(
                "{delivery}: {} failed: {}",
                failed.generation.id.escape_debug(),
                failed.error.message.escape_debug()
            ));
            Summary {
                kind: Some("video.failed"),
                id: Some(failed.generation.id),
                error: Some(failed.error.code),
                ..Summary::default()
            }
        }
        Event::Cancelled { data: generation } => {
            log(format_args!(
                "{delivery}: {} on {} was cancelled",
                generation.id.escape_debug(),
                generation.model.escape_debug()
            ));
            Summary {
                kind: Some("video.cancelled"),
                id: Some(generation.id),
                ..Summary::default()
            }
        }
        Event::Unknown => Summary {
            ignored: true,
            ..Summary::default()
        },
    };
    match serde_json::to_vec(&summary) {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// One line per event on stdout, unless `QUIET` is set (the benchmark sets it,
/// so that it measures the handler rather than the terminal). The fields from
/// the body are passed in escaped (`escape_debug`): even a verified sender
/// should not be able to write a control code or a second line into our log.
fn log(line: core::fmt::Arguments<'_>) {
    static QUIET: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*QUIET.get_or_init(|| std::env::var_os("QUIET").is_some()) {
        println!("{line}");
    }
}

/// The receiver: [`receive`] at [`PATH`], behind `layer`. Only this route is
/// guarded; any other route added to the router is left alone.
///
/// The layer wraps the handler's own service (`Handler::with_state` turns the
/// handler into one; a receiver with state passes it there), and the route
/// takes that service for POST only, so a GET still gets axum's 405 instead of
/// being read and verified as a delivery. This is also the cheapest place for
/// it: `post(receive).route_layer(layer)` and `post(receive.layer(layer))`
/// guard the same requests, but the first puts a second boxed route around
/// the handler's own and the second builds the guarded service from the layer
/// anew for every request, each about twice what the layer itself still adds
/// (docs/performance.md has the counts).
pub fn app(layer: VerifyWebhookLayer) -> Router {
    Router::new().route(PATH, post_service(layer.layer(receive.with_state(()))))
}

/// The same handler at [`PATH`] with no layer: the benchmark's baseline.
pub fn unverified_app() -> Router {
    Router::new().route(PATH, post(receive_unverified))
}

/// The handler verifying each delivery itself, with no layer: the benchmark's
/// floor, what verification costs when nothing but the core's own check is
/// added to [`unverified_app`]. A receiver should use the layer instead, which
/// also enforces the body limit before reading and keeps unverified requests
/// away from the handler by construction.
pub fn inline_app(verifier: Arc<KeyRing>) -> Router {
    Router::new()
        .route(PATH, post(receive_inline))
        .with_state(verifier)
}

/// [`receive`] with the check written into the handler; see [`inline_app`].
async fn receive_inline(
    State(verifier): State<Arc<KeyRing>>,
    req: axum::extract::Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, DEFAULT_BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    match verifier.verify_http_now(&parts.headers, &body) {
        Ok(verified) => handle(verified.id(), &body),
        Err(_) => StatusCode::UNAUTHORIZED.into_response(),
    }
}

/// The layer, with the key ring from `WEBHOOK_SECRET`; see [`ring_from_env`].
///
/// # Errors
///
/// As [`ring_from_env`].
pub fn layer_from_env() -> Result<VerifyWebhookLayer, String> {
    ring_from_env().map(VerifyWebhookLayer::new)
}

/// The key ring from `WEBHOOK_SECRET`. Key text never holds spaces, so during
/// a rotation the keys are separated by spaces.
///
/// # Errors
///
/// When `WEBHOOK_SECRET` is unset or holds a malformed key, with a message
/// for the operator.
pub fn ring_from_env() -> Result<KeyRing, String> {
    let text = std::env::var("WEBHOOK_SECRET")
        .map_err(|_| "set WEBHOOK_SECRET to the key the sender gave you".to_owned())?;
    let ring = text
        .split(' ')
        .filter(|key| !key.is_empty())
        .map(VerifyKey::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("WEBHOOK_SECRET: {err}"))?;
    Verifier::new(ring).map_err(|err| format!("WEBHOOK_SECRET: {err}"))
}

/// `PORT`, or `default` when it is unset.
///
/// # Errors
///
/// When `PORT` is set but not a port number.
pub fn port_from_env(default: u16) -> Result<u16, String> {
    match std::env::var("PORT") {
        Err(_) => Ok(default),
        Ok(text) => text
            .parse()
            .map_err(|_| "PORT must be a port number".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;

    use super::*;

    // The delivery in examples/payloads/captured, signed outside this project
    // (see that folder's README), replayed at the time it was sent.
    const SECRET: &str = "whsec_FCJMkukBU/eGIkEjqAHu/ialNjgBTnyuLXHs6YbHWJ8=";
    const BODY: &str = include_str!("../../payloads/captured/body.json");
    const SENT_AT: u64 = 1767226813;

    fn captured(body: impl Into<Body>) -> Request<Body> {
        Request::post(PATH)
            .header("webhook-id", "msg_req_01jxzta4cgxxp1crmsefxrxp9f")
            .header("webhook-timestamp", "1767226813")
            .header(
                "webhook-signature",
                "v1,paqJzi0zkXxIX5H4ZhvQmrPYpBaSyxhnNHJmjc9oR5k=",
            )
            .header(
                "webhook-signature",
                "v1,VfVgAlgWQ76qSGFi1LkS7cgTDT3nRyxxOu9RMKrgv+A=",
            )
            .body(body.into())
            .expect("valid request")
    }

    fn layer() -> VerifyWebhookLayer {
        let ring = vec![VerifyKey::parse(SECRET).expect("valid secret")];
        VerifyWebhookLayer::new(Verifier::new(ring).expect("one key")).clock(|| SENT_AT)
    }

    async fn answer(app: Router, req: Request<Body>) -> (StatusCode, Bytes) {
        let res = app.oneshot(req).await.expect("infallible");
        let status = res.status();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        (status, body)
    }

    const SUMMARY: &str = r#"{"type":"video.completed","id":"req_01jxzta4cgxxp1crmsefxrxp9f","url":"https://media.example.com/videos/req_01jxzta4cgxxp1crmsefxrxp9f.mp4"}"#;

    #[tokio::test]
    async fn summarises_the_captured_delivery() {
        let (status, body) = answer(app(layer()), captured(BODY)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, SUMMARY);
    }

    #[tokio::test]
    async fn refuses_the_captured_delivery_when_altered() {
        let altered = BODY.replace("veo-3", "veo-4");
        let (status, body) = answer(app(layer()), captured(altered)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.is_empty());
    }

    #[tokio::test]
    async fn other_methods_get_405_without_being_verified() {
        let get = Request::get(PATH)
            .body(Body::empty())
            .expect("valid request");
        let (status, _) = answer(app(layer()), get).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn the_baseline_gives_the_same_answer_unverified() {
        let (status, body) = answer(unverified_app(), captured(BODY)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, SUMMARY);
    }

    #[test]
    fn reads_every_sample_event() {
        let samples = [
            include_str!("../../payloads/video.completed.json"),
            include_str!("../../payloads/video.failed.json"),
            include_str!("../../payloads/video.cancelled.json"),
        ];
        for sample in samples {
            let event: Event = serde_json::from_str(sample).expect("sample parses");
            assert!(!matches!(event, Event::Unknown), "{sample}");
        }
        let unknown = r#"{"type":"image.completed","data":{"id":"req_1"}}"#;
        let event: Event = serde_json::from_str(unknown).expect("unknown types parse");
        assert!(matches!(event, Event::Unknown));
    }
}
