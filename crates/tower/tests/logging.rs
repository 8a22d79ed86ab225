//! What the optional `tracing` events say, and what they must never say.
//!
//! The layer logs one event per request: `webhook verified` (debug) or
//! `webhook rejected` (debug, with the error kind). We capture every event at
//! the most verbose level with `tracing-subscriber` and check that the
//! delivery's id and the error kinds appear, and that the secret, the
//! signatures and the body never do, whatever the outcome.
//!
//! The delivery is `examples/payloads/captured`: a `video.completed` event
//! signed outside this project (see that folder's README).

use axum::Router;
use axum::body::Body;
use axum::routing::post;
use http::{Request, StatusCode};
use tower::ServiceExt as _;
use webhook_core::{Verifier, VerifyKey};
use webhook_test_support::captured::{BODY, ID, MARKER, SECRET, SENT_AT, SIGNATURES};
use webhook_test_support::{Captured, assert_logs_the_four_rejections, assert_nothing_secret};
use webhook_tower::{VerifiedWebhook, VerifyWebhookLayer};

fn app() -> Router {
    let ring = vec![VerifyKey::parse(SECRET.trim()).expect("the captured secret parses")];
    let sent_at: u64 = SENT_AT.parse().expect("a number");
    let layer = VerifyWebhookLayer::new(Verifier::new(ring).expect("one key"))
        .limit(4096)
        .clock(move || sent_at);
    let receive = |delivery: VerifiedWebhook| async move { delivery.id().to_owned() };
    Router::new().route("/hook", post(receive).route_layer(layer))
}

/// A request carrying the captured headers, with `change` applied.
fn delivery(
    body: &str,
    change: impl FnOnce(http::request::Builder) -> http::request::Builder,
) -> Request<Body> {
    let builder = Request::post("/hook")
        .header("webhook-id", ID)
        .header("webhook-timestamp", SENT_AT)
        .header("webhook-signature", SIGNATURES[0])
        .header("webhook-signature", SIGNATURES[1]);
    change(builder)
        .body(Body::from(body.to_owned()))
        .expect("a request")
}

/// Sends each request through the layer with every event captured, and
/// returns the statuses and the log.
fn run(requests: Vec<Request<Body>>) -> (Vec<StatusCode>, String) {
    let captured = Captured::default();
    let subscriber = captured.subscriber();
    let statuses = tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let mut statuses = Vec::new();
            for request in requests {
                let response = app().oneshot(request).await.expect("infallible");
                statuses.push(response.status());
            }
            statuses
        })
    });
    (statuses, captured.text())
}

#[test]
fn a_verified_delivery_logs_its_id_and_nothing_secret() {
    let (statuses, log) = run(vec![delivery(BODY, |b| b)]);
    assert_eq!(statuses, [StatusCode::OK]);
    assert!(log.contains("webhook verified"), "{log}");
    assert!(log.contains(ID), "{log}");
    assert!(log.contains("key_index=0"), "{log}");
    assert_nothing_secret(&log);
}

#[test]
fn rejections_log_their_kind_and_nothing_secret() {
    let tampered = format!("{}{MARKER}", BODY.trim());
    let oversized = format!("{MARKER} {}", "x".repeat(5000));
    let requests = vec![
        delivery(&tampered, |b| b),
        delivery(BODY, |b| b.header("webhook-timestamp", "1")),
        Request::post("/hook")
            .header("webhook-timestamp", SENT_AT)
            .header("webhook-signature", SIGNATURES[0])
            .body(Body::from(BODY))
            .expect("a request"),
        delivery(&oversized, |b| b),
    ];
    let (statuses, log) = run(requests);
    assert_eq!(
        statuses,
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::BAD_REQUEST,
            StatusCode::BAD_REQUEST,
            StatusCode::PAYLOAD_TOO_LARGE
        ]
    );
    assert_logs_the_four_rejections(&log);
}

#[test]
fn an_id_that_is_not_valid_is_not_logged() {
    // `webhook-id` values come from the sender; one that is not a valid id
    // (here, too long) is left out of the event rather than echoed.
    let long_id = "m".repeat(300);
    let (statuses, log) = run(vec![delivery(BODY, |b| {
        b.header("webhook-id", long_id.as_str())
    })]);
    assert_eq!(statuses, [StatusCode::BAD_REQUEST]);
    assert!(log.contains("webhook rejected"), "{log}");
    assert!(!log.contains(&long_id), "{log}");
    assert_nothing_secret(&log);
}
